"""The home screen's Today panel: what is due today and how the day and week stand. No Textual.

The plan is `coach.reminders.day.plan_day`'s (the same as `coach today`): sessions and
moderate activity today, the breaks taken and the next one due, the day's routine from
the user's programme, water against the goal, and the week's moderate activity and
strength days against the goals (`coach.history.progress`; what counts is
`coach.history.activity`'s). `t` on home starts its `next_item`.

Tolerant on purpose: the home screen must open even when the history cannot be
read (locked, damaged), so every failure means "no panel", never an error on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from coach.config import Config
from coach.durations import format_volume
from coach.errors import CoachError
from coach.history.ports import JournalReader
from coach.reminders.day import DayPlan, NextBreak

if TYPE_CHECKING:
    from coach.reminders.day import Programmes

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TodayFigures:
    day: date
    sessions: int  # sessions that did some work
    moderate_minutes: float  # walking in routines and activity logged with `coach log`
    water_ml: int
    water_goal_ml: int
    plan: DayPlan | None = None  # what is due today, and the week
    zone: tzinfo | None = None  # the config's, for clock times
    next_hint: str = ""  # what `t` starts now, in words ("" when the day is done)
    routine_name: str | None = None  # the day's routine by its name (plan.routine is its id)


def today_figures(
    journal: JournalReader | None,
    now: datetime,
    config: Config,
    upcoming: NextBreak | None = None,
    programmes: Programmes | None = None,
    names: Mapping[str, str] | None = None,
) -> TodayFigures | None:
    """Today's figures and plan, or None before there is any history (or when it cannot
    be read). `names`: routine id → name, so the panel names routines as home lists them."""
    if journal is None:
        return None
    from coach.history.progress import Goals, today_progress
    from coach.reminders.day import plan_day

    try:
        today = today_progress(journal, now, Goals.from_config(config))
        figures = (today.sessions, today.moderate_minutes, today.water_ml)
        if not any(figures) and not journal.recent_sessions(limit=1):
            return None  # nothing yet, ever: no panel
        plan = plan_day(journal, config, now, upcoming or NextBreak(), programmes)
    except (CoachError, OSError):
        logger.debug("no today panel: the history could not be read", exc_info=True)
        return None
    zone = _zone(config)
    item = plan.next_item(now)
    named = names or {}
    hint = ""
    if item is not None:
        hint = _item_words(item.kind, named.get(item.routine_id or "", item.routine_id))
    return TodayFigures(
        today.day,
        today.sessions,
        today.moderate_minutes,
        today.water_ml,
        config.water_goal_ml,
        plan,
        zone,
        hint,
        named.get(plan.routine, plan.routine) if plan.routine is not None else None,
    )


def _zone(config: Config) -> tzinfo | None:
    try:
        return config.zone()
    except (KeyError, ValueError):  # an unknown zone name: this computer's
        return None


def today_text(today: TodayFigures, *, with_water: bool) -> str:
    """The panel's lines: `2 sessions · 12 min moderate activity`, the breaks, the day's
    routine, the water, the week, and what `t` starts."""
    lines = [
        f"{today.sessions} session{'' if today.sessions == 1 else 's'}"
        f" · {round(today.moderate_minutes)} min moderate activity",
    ]
    plan = today.plan
    if plan is not None:
        lines.append(_breaks_line(plan, today.zone))
        if plan.routine is not None:
            routine = today.routine_name or plan.routine
            lines.append(f"Routine: {routine}" + (" ✓" if plan.routine_done else ""))
    if with_water:
        water = f"{format_volume(today.water_ml)} of {format_volume(today.water_goal_ml)} water"
        lines.append(water)
    if plan is not None:
        lines.append(
            f"Week: {round(plan.moderate_minutes)}/{plan.moderate_goal} min"
            f" · strength {plan.strength_days}/{plan.strength_goal} days"
        )
        if today.next_hint:
            lines.append(f"t: {today.next_hint}")
    return "\n".join(lines)


def _breaks_line(plan: DayPlan, zone: tzinfo | None) -> str:
    text = f"Breaks {plan.breaks_taken} of {plan.breaks_offered}"
    if plan.paused_until is not None:
        return f"{text} · paused until {plan.paused_until.astimezone(zone):%H:%M}"
    if plan.breaks_to_come:
        return f"{text} · next {plan.breaks_to_come[0].astimezone(zone):%H:%M}"
    return f"{text} · none more today"


def _item_words(kind: str, routine: str | None) -> str:
    """What `t` starts, with the routine's name (its id when the library has no such one)."""
    if kind == "water":
        return "log a glass of water"
    if kind == "routine":
        return f"start today's routine ({routine})"
    return f"take the next break now ({routine})"
