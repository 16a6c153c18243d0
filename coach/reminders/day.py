"""A plan for the day: what is due today, for `coach today` and the home screen's Today panel.

The breaks taken and still to come (the reminders' plan: the next due time, then the
cadence until the working day ends), the break each offers next, the day's routine
from the user's programme, water against the goal, and the week's moderate activity
and strength days against the goals. The figures are `coach.history.progress`'s (what
counts is `coach.history.activity`'s); the times are `coach.reminders.schedule`'s.

`next_item` is what a key on home starts: the first thing due that is not done.
No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from coach.config import Config
    from coach.history.ports import JournalReader
    from coach.routines.programmes import Programme

    Programmes = Callable[[], Mapping[str, Programme]]  # the library's, asked when needed

MAX_BREAKS_LISTED = 24  # a day of breaks every 20 minutes from nine to five


class NextBreak(NamedTuple):
    """What the reminding process knows of the next break (the service, or the state file)."""

    due: datetime | None = None
    last_offered: str | None = None  # the break offered last (the next one in turn)
    paused_until: datetime | None = None


def programme_routine(
    journal: JournalReader | None, programmes: Programmes | None, day: date
) -> str | None:
    """The routine the user's programme plans for `day` (the first not done yet, else the
    first of the day), or None: no programme followed, none planned that day, or no
    journal. `programmes` gives the library's (`Library.programmes`), asked only when the
    user follows one. The programme's rules are `coach.routines.programme_days.programme_today`.
    """
    from coach.routines.programme_days import ProgrammeJournal, enrolment, programme_today

    if programmes is None or not isinstance(journal, ProgrammeJournal):
        return None  # no library, or a journal that keeps no enrolment (none, a fake)
    if enrolment(journal) is None:
        return None
    planned = programme_today(journal, programmes(), day)
    if planned is None or not planned.started or planned.finished:
        return None
    todo = planned.to_do or planned.routines
    return todo[0] if todo else None


@dataclass(frozen=True)
class DueItem:
    """One line of the day: a break, the day's routine, or water."""

    kind: str  # "break" | "routine" | "water"
    routine_id: str | None = None  # what starting it opens
    at: datetime | None = None  # when it is due (None: any time today)


@dataclass(frozen=True)
class DayPlan:
    day: date
    breaks_taken: int
    breaks_offered: int
    breaks_to_come: tuple[datetime, ...]  # today's remaining sitting reminders
    next_break_routine: str | None  # the routine the next break offers
    routine: str | None  # the day's routine from the programme (None: none planned)
    routine_done: bool
    water_ml: int
    water_goal_ml: int
    moderate_minutes: float  # this week (Monday to Sunday)
    moderate_goal: int
    strength_days: int  # this week
    strength_goal: int
    paused_until: datetime | None = None
    sessions: int = 0  # today's sessions that counted
    later_break: datetime | None = None  # the first break on a later day

    def next_item(self, now: datetime) -> DueItem | None:
        """The first thing due and not done: a break due now, the day's routine, the next
        break, then water; None when the day is done."""
        upcoming = [due for due in self.breaks_to_come if self.paused_until is None]
        if upcoming and upcoming[0] <= now:
            return DueItem("break", self.next_break_routine, upcoming[0])
        if self.routine is not None and not self.routine_done:
            return DueItem("routine", self.routine)
        if upcoming:
            return DueItem("break", self.next_break_routine, upcoming[0])
        if self.water_ml < self.water_goal_ml:
            return DueItem("water")
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "sessions": self.sessions,
            "breaks": {
                "taken": self.breaks_taken,
                "offered": self.breaks_offered,
                "to_come": [due.isoformat() for due in self.breaks_to_come],
                "next_after_today": self.later_break.isoformat() if self.later_break else None,
                "next_routine": self.next_break_routine,
            },
            "paused_until": self.paused_until.isoformat() if self.paused_until else None,
            "routine": {"id": self.routine, "done": self.routine_done} if self.routine else None,
            "water": {"ml": self.water_ml, "goal_ml": self.water_goal_ml},
            "week": {
                "moderate_minutes": round(self.moderate_minutes, 1),
                "moderate_goal": self.moderate_goal,
                "strength_days": self.strength_days,
                "strength_goal": self.strength_goal,
            },
        }


def breaks_to_come(
    config: Config, now: datetime, first: datetime | None, day: date
) -> tuple[tuple[datetime, ...], datetime | None]:
    """Today's sitting reminders from `first` on (None: planned afresh from now), each a
    cadence after the one before, while still on `day` in the configured zone; and the
    first one on a later day."""
    from coach.reminders.schedule import Plan
    from coach.reminders.vocabulary import ReminderKind

    plan = Plan.from_config(config)
    if not plan.enabled(ReminderKind.SITTING):
        return (), None
    zone = config.zone()
    due = first if first is not None else plan.next_due(ReminderKind.SITTING, now)
    found: list[datetime] = []
    while due is not None and due.astimezone(zone).date() == day:
        found.append(due)
        if len(found) >= MAX_BREAKS_LISTED:
            return tuple(found), None
        due = plan.next_due(ReminderKind.SITTING, due)
    return tuple(found), due


def plan_day(
    journal: JournalReader | None,
    config: Config,
    now: datetime,
    upcoming: NextBreak,
    programmes: Programmes | None = None,
) -> DayPlan:
    """What is due today. Raises the journal's errors (CoachError, OSError) when its history
    cannot be read; without a journal, the figures are zeros. `programmes`: the library's
    programmes, for the day's routine of the one the user follows."""
    from coach.history.progress import Goals, local_day, week_progress
    from coach.reminders.breaks import LEAST_RECENT, next_break_routine

    goals = Goals.from_config(config)
    zone = journal.zone if journal is not None else None
    today = local_day(now, zone)
    taken = offered = water = sessions = 0
    moderate, strength = 0.0, 0
    last_done: dict[str, date | None] = {}
    if journal is not None:
        week = week_progress(journal, now, goals)
        figures = next(row for row in week.days if row.day == today)
        taken, offered, water, sessions = (
            figures.breaks_taken,
            figures.breaks_offered,
            figures.water_ml,
            figures.sessions,
        )
        moderate, strength = week.moderate_minutes, week.strength_days
        if config.break_rotate == LEAST_RECENT:
            for routine_id in config.break_routines:
                days = journal.routine_days(routine_id, today)
                last_done[routine_id] = days[-1] if days else None
    routine = programme_routine(journal, programmes, today)
    routine_done = bool(
        routine and journal is not None and today in journal.routine_days(routine, today)
    )
    paused = (
        upcoming.paused_until if upcoming.paused_until and upcoming.paused_until > now else None
    )
    first = upcoming.due
    if paused is not None and (first is None or first < paused):
        first = None  # planned afresh from the pause's end
    start = max(now, paused) if paused is not None else now
    to_come, later = breaks_to_come(config, start, first, _config_day(config, now))
    return DayPlan(
        day=today,
        breaks_taken=taken,
        breaks_offered=offered,
        breaks_to_come=to_come,
        later_break=later,
        next_break_routine=next_break_routine(
            config.break_routines, config.break_rotate, upcoming.last_offered, last_done
        )
        if config.sitting_enabled
        else None,
        routine=routine,
        routine_done=routine_done,
        water_ml=water,
        water_goal_ml=config.water_goal_ml,
        moderate_minutes=moderate,
        moderate_goal=goals.weekly_moderate_minutes,
        strength_days=strength,
        strength_goal=goals.weekly_strength_days,
        paused_until=paused,
        sessions=sessions,
    )


def _config_day(config: Config, now: datetime) -> date:
    return now.astimezone(config.zone()).date()


def day_text(plan: DayPlan, now: datetime, zone: Any = None) -> list[str]:
    """The plan in lines for people (`coach today`; the panel writes a shorter form)."""
    from coach.durations import format_volume

    lines = [f"Breaks     {plan.breaks_taken} taken of {plan.breaks_offered} offered"]
    if plan.paused_until is not None:
        lines[0] += f" · paused until {plan.paused_until.astimezone(zone):%H:%M}"
    if plan.breaks_to_come:
        times = [f"{due.astimezone(zone):%H:%M}" for due in plan.breaks_to_come]
        shown = ", ".join(times[:6]) + (f" and {len(times) - 6} more" if len(times) > 6 else "")
        lines.append(f"           to come: {shown}")
        if plan.next_break_routine:
            lines.append(f"           next offers: {plan.next_break_routine}")
    elif plan.later_break is not None:
        lines.append(
            f"           none more today · next {plan.later_break.astimezone(zone):%a %H:%M}"
        )
    else:
        lines.append("           none more today")
    if plan.routine is not None:
        lines.append(f"Routine    {plan.routine}" + (" ✓" if plan.routine_done else ""))
    else:
        lines.append("Routine    none planned (no programme)")
    goal = format_volume(plan.water_goal_ml)
    done = " ✓" if plan.water_ml >= plan.water_goal_ml else ""
    lines.append(f"Water      {format_volume(plan.water_ml)} of {goal}{done}")
    lines.append(
        f"This week  {round(plan.moderate_minutes)} of {plan.moderate_goal} min moderate activity"
        f" · {plan.strength_days} of {plan.strength_goal} strength days"
    )
    return lines
