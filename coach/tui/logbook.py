"""What the user logs from home besides a glass of water: the weekly PEG (offered at most
once a week, `p` any time) and activity done away from coach (`a`).

A small controller the app hands the work to: it opens `PegScreen` / `ActivityScreen`,
writes what they are dismissed with to the journal, and says what was kept (the PEG's
change in `coach.history.outcomes`' words, a 30% fall named; the week's moderate
activity). A history that cannot be read or written is said in one line, never raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.errors import CoachError

if TYPE_CHECKING:
    from textual.app import App

    from coach.clock import Clock
    from coach.tui.ports import Journal


class Logbook:
    """The PEG and activity flows for one app (its journal and clock)."""

    def __init__(self, app: App[Any], journal: Journal | None, clock: Clock) -> None:
        self.app = app
        self.journal = journal
        self.clock = clock

    # ------------------------------------------------------------------ the weekly PEG

    def offer_peg(self) -> None:
        """Say the PEG is due, at most once a week (answered or not); nothing when the
        history cannot keep the answers."""
        journal = self.journal
        if journal is None or getattr(journal, "read_only", None):
            return
        from coach.history.calendar import local_day
        from coach.history.outcomes import peg_offer_due

        now = self.clock.now()
        try:
            if not peg_offer_due(journal, now):
                return
            journal.offer_peg(local_day(now, journal.zone))
        except CoachError:  # a history that cannot be read or written now: ask another day
            return
        self.app.notify(
            "Your week in three questions (the PEG): press p to answer, or later with "
            "coach peg. Coach asks once a week.",
            title="Weekly check-in",
            timeout=20,
        )

    def ask_peg(self) -> None:
        from coach.tui.screens.peg import PegScreen

        self.app.push_screen(PegScreen(), callback=self._peg_answered)

    def _peg_answered(self, answers: tuple[int, int, int] | None) -> None:
        if answers is None:
            return
        if self.journal is None:
            self.app.notify("History is off for this run: the answers were not saved.")
            return
        from coach.history.outcomes import peg_trend
        from coach.safety.peg import peg_score

        now = self.clock.now()
        try:
            self.journal.log_peg(answers, now, source="window")
            trend = peg_trend(self.journal, now)
        except (CoachError, ValueError) as error:
            self.app.notify(f"Your answers were not saved: {error}", severity="error")
            return
        said = f"Your PEG score this week: {peg_score(answers):.1f}."
        if trend.change is not None:
            said = trend.message
        else:
            said += " Answer again in a week to see how it changes."
        self.app.notify(said, title="Weekly check-in", timeout=12)

    # ------------------------------------------------------------------ activity

    def log_activity(self) -> None:
        from coach.tui.screens.activity import ActivityScreen

        self.app.push_screen(ActivityScreen(), callback=self._activity_chosen)

    def _activity_chosen(self, chosen: tuple[str, float] | None) -> None:
        if chosen is None:
            return
        if self.journal is None:
            self.app.notify("History is off for this run: the activity was not saved.")
            return
        from coach.history.activity import STRENGTH_LOGGED_KINDS, logged_text
        from coach.history.progress import week_progress
        from coach.tui.messages import TodayChanged

        kind, seconds = chosen
        now = self.clock.now()
        try:
            self.journal.log_activity(kind, seconds, now, source="window")
            week = week_progress(self.journal, now, _goals(self.app))
        except (CoachError, ValueError) as error:
            self.app.notify(f"The activity was not saved: {error}", severity="error")
            return
        self.app.post_message(TodayChanged())
        if kind in STRENGTH_LOGGED_KINDS:
            so_far = f"a strength day ({week.strength_days} of {week.strength_goal} this week)"
        else:
            so_far = (
                f"moderate activity this week: {week.moderate_minutes:.0f} of "
                f"{week.moderate_goal} min"
            )
        self.app.notify(f"Logged {logged_text(kind, seconds)}: {so_far}.", timeout=6)


def _goals(app: App[Any]) -> Any:
    from coach.history.progress import Goals

    config = getattr(app, "config", None)
    return Goals.from_config(config) if config is not None else Goals()
