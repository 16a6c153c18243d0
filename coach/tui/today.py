"""The home screen's "today" figures, read from the journal. No Textual here.

Tolerant on purpose: the home screen must open even when the history cannot be
read (locked, damaged, an older journal without some query), so every failure
means "no panel", never an error on screen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TodayFigures:
    day: date
    sessions: int  # completed, or with at least one step done
    minutes: float  # active minutes of today's sessions, all kinds
    water_ml: int
    water_goal_ml: int


def today_figures(journal: Any, now: datetime, water_goal_ml: int) -> TodayFigures | None:
    """Today's figures, or None before there is any history (or when it cannot be read)."""
    if journal is None:
        return None
    try:
        from coach.history.calendar import local_day

        day = local_day(now, getattr(journal, "zone", None))
        water = int(journal.water_on(day))
        if not journal.recent_sessions(limit=1) and water == 0:
            return None
        todays = journal.recent_sessions(limit=1000, since=day)
        sessions = sum(1 for s in todays if s.status == "completed" or s.steps_done > 0)
        minutes = sum(float(s.active_seconds) for s in todays) / 60
    except Exception:
        logger.debug("no today panel: the history could not be read", exc_info=True)
        return None
    return TodayFigures(day, sessions, minutes, water, water_goal_ml)
