"""The home screen's "today" figures and their words, read from the journal. No Textual here.

The figures are `coach.history.progress.today_progress`'s, so the panel, the History
screen and `coach stats` show the same sessions and moderate activity for the same
day (`coach.history.activity` decides what counts).

Tolerant on purpose: the home screen must open even when the history cannot be
read (locked, damaged), so every failure means "no panel", never an error on screen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from coach.durations import format_volume
from coach.errors import CoachError
from coach.history.ports import JournalReader

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TodayFigures:
    day: date
    sessions: int  # sessions that did some work
    moderate_minutes: float  # walking in routines and activity logged with `coach log`
    water_ml: int
    water_goal_ml: int


def today_figures(
    journal: JournalReader | None, now: datetime, water_goal_ml: int
) -> TodayFigures | None:
    """Today's figures, or None before there is any history (or when it cannot be read)."""
    if journal is None:
        return None
    from coach.history.progress import Goals, today_progress

    try:
        today = today_progress(journal, now, Goals(water_goal_ml=water_goal_ml))
        figures = (today.sessions, today.moderate_minutes, today.water_ml)
        if not any(figures) and not journal.recent_sessions(limit=1):
            return None  # nothing yet, ever: no panel
    except (CoachError, OSError):
        logger.debug("no today panel: the history could not be read", exc_info=True)
        return None
    return TodayFigures(
        today.day, today.sessions, today.moderate_minutes, today.water_ml, water_goal_ml
    )


def today_text(today: TodayFigures, *, with_water: bool) -> str:
    """The panel's lines: `2 sessions`, `12 min moderate activity`, and the water."""
    lines = [
        f"{today.sessions} session{'' if today.sessions == 1 else 's'}",
        f"{round(today.moderate_minutes)} min moderate activity",
    ]
    if with_water:
        water = f"{format_volume(today.water_ml)} of {format_volume(today.water_goal_ml)} water"
        lines.append(water)
    return "\n".join(lines)
