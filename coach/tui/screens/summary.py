"""The end of a session: time spent, steps done and skipped, pain before → after, water.

The figures are a pure function of the summary (`summary_figures`); the word on
pain is `coach.safety.pain_after_session`'s, shown whole (it wraps). What the session
did ("partly done", "no work") is the History screen's word for it
(`coach.history.activity.outcome`, through the session's recorder), so the two never
disagree; without a history the summary's own figures say it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from coach.durations import duration_text as seconds_words
from coach.durations import format_volume
from coach.history.activity import Outcome
from coach.safety import Card, SafetyNote, pain_after_session
from coach.session.events import EndReason, SessionSummary
from coach.tui.literal import literal
from coach.tui.widgets.controls import ControlButton
from coach.tui.widgets.prose import bulleted


def pain_note_text(note: SafetyNote) -> Content:
    """The summary's pain advice: its title in bold, then the whole message."""
    return Content.assemble((note.title, "bold"), ". ", note.message)


def outcome_text(summary: SessionSummary, outcome: Outcome | None = None) -> str:
    """One line on how it went; `outcome` (the History screen's word) when it is known."""
    if outcome == "no work":
        return "Stopped before any work: it does not count as a session."
    if outcome == "partly done":
        return "Partly done: most of the planned work was skipped."
    if summary.completed:
        if summary.steps_skipped:
            return "Finished, with some steps skipped."
        return "All done. Well done."
    if summary.ended_by is EndReason.FINISHED_EARLY:
        return "Finished early."
    return "Stopped early."


class SummaryScreen(Screen[None]):
    """Shown when a session ends. Any of the close keys dismisses it."""

    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,escape,q", "close", "Close", id="close_summary"),
    ]

    def __init__(
        self,
        summary: SessionSummary,
        *,
        saved: bool,
        closing_exits: bool,
        outcome: Outcome | None = None,
        history_line: str | None = None,
        card: Card | None = None,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.saved = saved
        self.closing_exits = closing_exits
        self.outcome = outcome  # the History screen's word for it (the recorder's)
        # The recorder's word on what reached the history (SessionRecorder.history_line).
        self.history_line = history_line
        self.card = card  # after a break: one back-care card (the rest: `b` on home)

    def compose(self) -> ComposeResult:
        summary = self.summary
        with Vertical(id="summary"):
            yield Label(literal(summary.routine_name or summary.routine_id), id="summary-title")
            yield Label(outcome_text(summary, self.outcome), id="outcome")
            with Grid(id="figures"):
                for name, value, ident in summary_figures(summary):
                    yield Label(name, classes="figure-name")
                    yield Label(value, classes="figure-value", id=ident)
            note = pain_after_session(summary.pain_before, summary.pain_after)
            if note is not None:
                yield Static(pain_note_text(note), id="pain-note", classes=f"-{note.level}")
            if self.card is not None:
                tip = Static(bulleted(self.card.lines), id="card")
                tip.border_title = f"Tip · {self.card.title}"
                tip.border_subtitle = "more: b on home"
                yield tip
            kept = "Saved to your history." if self.saved else "Not saved: no history store."
            if not summary.completed and self.saved:
                kept = "What you did is saved to your history."
            yield Label(Content(self.history_line or kept), id="saved")
            label = "Exit" if self.closing_exits else "Back to routines"
            yield ControlButton(f"{label} (Enter)", "screen.close", id="close-button")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)


def summary_figures(summary: SessionSummary) -> list[tuple[str, str, str]]:
    """The figures as (name, value, widget id): time, steps, pain if asked, water if drunk."""
    spent = seconds_words(round(summary.active_seconds))
    if summary.paused_seconds >= 1:
        spent += f" (paused {seconds_words(round(summary.paused_seconds))})"
    whole = summary.steps_done - summary.steps_partial
    steps = f"{whole} done"
    if summary.steps_partial:
        steps += f" · {summary.steps_partial} partly done"
    steps += f" · {summary.steps_skipped} skipped · {summary.steps_total} in all"
    rows = [("Time", spent, "time-spent"), ("Steps", steps, "steps")]
    if summary.pain_before is not None or summary.pain_after is not None:
        before = "–" if summary.pain_before is None else str(summary.pain_before)
        after = "–" if summary.pain_after is None else str(summary.pain_after)
        rows.append(("Pain", f"{before} → {after}  (0–10)", "pain"))
    if summary.water_ml:
        rows.append(("Water", format_volume(summary.water_ml), "water"))
    return rows
