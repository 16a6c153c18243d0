"""The home screen's reminder panel: time to the next sitting break, water so far vs the goal.

The words are `coach.reminders.outlook`'s, the same as `coach status` says.

It reads `ReminderFigures` from a `ReminderSource`: the window's reminders
(`coach.tui.reminders`), which an app that `ShowsReminders` offers. The source
calls `refresh_figures()` when something changes (a reminder, an answer, a glass,
a config reload). In between it wakes only when the text would change: "in 23m"
becomes "in 22m" at most once a minute, a time a day ahead not until much later.
Without a source (no reminders in this window) it stays hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Protocol, runtime_checkable

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from coach.durations import format_volume
from coach.reminders.outlook import BreakOutlook, break_phrase, phrase_changes_in

# Re-read at least this often anyway: the day changes at midnight, the water with it.
MAX_REFRESH_SECONDS = 600.0


@dataclass(frozen=True)
class ReminderFigures:
    """What the panel shows, gathered by the reminders controller."""

    reminding: bool  # False: another coach window reminds (it holds the lock)
    sitting_enabled: bool
    next_break: datetime | None
    break_waiting: bool  # a sitting reminder is showing or held for after the routine
    water_ml: int | None  # None: no history to read it from (or not open yet)
    water_goal_ml: int
    zone: tzinfo | None = None  # the config's zone, for clock times
    starting: bool = False  # the service starts just after the first frame
    paused_until: datetime | None = None  # `coach pause` (or `p` here)
    after_hours: bool = False  # the next break waits for the next working period
    history_opening: bool = False  # the history opens just after the first frame

    @property
    def outlook(self) -> BreakOutlook:
        return BreakOutlook(
            reminding=True,
            enabled=self.sitting_enabled,
            next_break=self.next_break,
            paused_until=self.paused_until,
            after_hours=self.after_hours,
        )


def break_text(figures: ReminderFigures, now: datetime) -> str:
    """`Next break in 23m (10:50)`, `Break due now`, `Paused until 14:00`, `Next break
    Mon 10:00 — outside working hours`… (the words are `coach.reminders.outlook`'s)."""
    if not figures.reminding:
        return "Reminders come from your other coach window"
    if figures.starting:
        return "Reminders are starting…"
    if figures.break_waiting:
        return "Break due now"
    outlook = figures.outlook
    if not figures.sitting_enabled and outlook.paused_until is None:
        return "Sitting breaks are off"
    phrase = break_phrase(outlook, now, zone=figures.zone, clock_time=True)
    return phrase[:1].upper() + phrase[1:]


def water_text(figures: ReminderFigures) -> str:
    goal = format_volume(figures.water_goal_ml)
    if figures.water_ml is None:
        opening = figures.history_opening  # the first frame: it opens just after, not "off"
        return f"Water goal {goal}" if opening else f"Water goal {goal} (history off)"
    done = " ✓" if figures.water_ml >= figures.water_goal_ml else ""
    return f"Water {format_volume(figures.water_ml)} of {goal}{done}"


def seconds_until_change(figures: ReminderFigures, now: datetime) -> float:
    """How long `break_text` stays the same (so the panel sleeps that long)."""
    if not figures.reminding or figures.break_waiting or figures.starting:
        return MAX_REFRESH_SECONDS
    wait = phrase_changes_in(figures.outlook, now)
    if wait is None:
        return MAX_REFRESH_SECONDS
    return min(MAX_REFRESH_SECONDS, max(1.0, wait))


class ReminderSource(Protocol):
    """Where the panel's figures come from (`coach.tui.reminders.WindowReminders`)."""

    def figures(self) -> ReminderFigures: ...

    def now(self) -> datetime: ...


@runtime_checkable
class ShowsReminders(Protocol):
    """An app that may run reminders in its window (coach's CoachApp)."""

    @property
    def reminders(self) -> ReminderSource | None: ...


class ReminderStatus(Static):
    """Two lines under "Reminders"; hidden when this window runs no reminders at all."""

    DEFAULT_CSS = """
    ReminderStatus {
        height: auto;
        padding: 0 1;
        border: round $accent 50%;
        border-title-color: $text-accent;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._timer: Timer | None = None
        self.figures: ReminderFigures | None = None
        self.source: ReminderSource | None = None

    def on_mount(self) -> None:
        self.border_title = "Reminders"
        app = self.app
        self.source = app.reminders if isinstance(app, ShowsReminders) else None
        self.refresh_figures()

    def follow(self, source: ReminderSource) -> None:
        """Show the figures of `source` from now on."""
        self.source = source
        self.refresh_figures()

    def refresh_figures(self) -> None:
        """Read the figures again and show them; sleep until the text would change."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        figures = self.source.figures() if self.source is not None else None
        self.figures = figures
        self.display = figures is not None
        if figures is None or self.source is None:
            self.update("")
            return
        now = self.source.now()
        self.update(Content(f"{break_text(figures, now)}\n{water_text(figures)}"))
        self._timer = self.set_timer(seconds_until_change(figures, now), self.refresh_figures)
