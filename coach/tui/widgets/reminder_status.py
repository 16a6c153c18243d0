"""The home screen's reminder panel: time to the next sitting break, water so far vs the goal.

It reads `ReminderFigures` from a `ReminderSource`: the window's reminders
(`coach.tui.reminders`), which an app that `ShowsReminders` offers. The source
calls `refresh_figures()` when something changes (a reminder, an answer, a glass,
a config reload). In between it wakes only when the text would change: "in 23m"
becomes "in 22m" at most once a minute, a time a day ahead not until much later.
Without a source (no reminders in this window) it stays hidden.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Protocol, runtime_checkable

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from coach.durations import format_duration, format_volume

# Past this, "next break Tue 09:50" instead of a count of hours.
COUNTDOWN_HORIZON = 12 * 3600.0
# Re-read at least this often anyway: the day changes at midnight, the water with it.
MAX_REFRESH_SECONDS = 600.0


@dataclass(frozen=True)
class ReminderFigures:
    """What the panel shows, gathered by the reminders controller."""

    reminding: bool  # False: another coach window reminds (it holds the lock)
    sitting_enabled: bool
    next_break: datetime | None
    break_waiting: bool  # a sitting reminder is showing or held for after the routine
    water_ml: int | None  # None: no history to read it from
    water_goal_ml: int
    zone: tzinfo | None = None  # the config's zone, for clock times
    starting: bool = False  # the service starts just after the first frame


def break_text(figures: ReminderFigures, now: datetime) -> str:
    """`Next break in 23m (10:50)`, `Break due now`, `Next break Tue 09:50`…"""
    if not figures.reminding:
        return "Reminders come from your other coach window"
    if not figures.sitting_enabled:
        return "Sitting breaks are off"
    if figures.starting:
        return "Reminders are starting…"
    if figures.break_waiting:
        return "Break due now"
    due = figures.next_break
    if due is None:
        return "No break planned"
    seconds = (due - now).total_seconds()
    local = due.astimezone(figures.zone) if figures.zone is not None else due.astimezone()
    if seconds <= 0:
        return "Break due now"
    if seconds < 60:
        return "Next break in <1m"
    if seconds < COUNTDOWN_HORIZON:
        rounded = _nearest_minute(seconds) * 60
        return f"Next break in {format_duration(rounded)} ({local:%H:%M})"
    return f"Next break {local:%a %H:%M}"


def water_text(figures: ReminderFigures) -> str:
    goal = format_volume(figures.water_goal_ml)
    if figures.water_ml is None:
        return f"Water goal {goal} (history off)"
    done = " ✓" if figures.water_ml >= figures.water_goal_ml else ""
    return f"Water {format_volume(figures.water_ml)} of {goal}{done}"


def seconds_until_change(figures: ReminderFigures, now: datetime) -> float:
    """How long `break_text` stays the same (so the panel sleeps that long)."""
    due = figures.next_break
    if not figures.reminding or due is None or figures.break_waiting:
        return MAX_REFRESH_SECONDS
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return MAX_REFRESH_SECONDS
    if seconds < 60:
        wait = seconds
    elif seconds < COUNTDOWN_HORIZON:
        # The shown minute (rounded to nearest) changes when `seconds` crosses m - 0.5 min.
        wait = seconds - (_nearest_minute(seconds) - 0.5) * 60
    else:
        wait = seconds - COUNTDOWN_HORIZON
    return min(MAX_REFRESH_SECONDS, max(1.0, wait + 0.05))


def _nearest_minute(seconds: float) -> int:
    return math.floor(seconds / 60 + 0.5)


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
