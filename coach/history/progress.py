"""Progress from the journal: today, the week's goals, streaks and a 12-week grid.

What counts is `coach.history.activity`'s (one definition for every surface):
moderate activity (walking in routines, activity logged with `coach log`) toward
the weekly 150 minutes, strength days, sessions and practice days (the streak),
sitting breaks taken, the weekly PEG (`coach.history.outcomes`). Pain trends compare
days (each day's worst), never single readings. Weeks start on Monday, days are the
user's calendar days (`coach.history.calendar`), and a session counts on the day it
started.

Every function takes `now` (aware) and an optional `zone` (None: the journal's
zone, else this computer's), so tests pin time and place. No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Literal

from coach.config.model import Config
from coach.history.calendar import local_day as local_day  # the calendar day, re-exported
from coach.history.rows import ReminderCounts, SessionRow

if TYPE_CHECKING:
    from coach.history.outcomes import PegTrend
    from coach.history.ports import JournalReader
    from coach.safety.water import WaterCaution

HEATMAP_WEEKS = 12
PAIN_TREND_DAYS = 7

PainTrend = Literal["none", "rising", "easing", "steady"]


@dataclass(frozen=True)
class Goals:
    # The config's defaults, its one owner (`coach.config`): a history read without a config.
    weekly_moderate_minutes: int = Config.weekly_active_minutes  # moderate activity a week
    weekly_strength_days: int = Config.weekly_strength_days
    water_goal_ml: int = Config.water_goal_ml

    @classmethod
    def from_config(cls, config: object) -> Goals:
        """Goals from a coach.config.Config (or anything with those attributes)."""
        default = cls()
        moderate = getattr(config, "weekly_active_minutes", default.weekly_moderate_minutes)
        return cls(
            weekly_moderate_minutes=int(getattr(config, "weekly_moderate_minutes", moderate)),
            weekly_strength_days=int(
                getattr(config, "weekly_strength_days", default.weekly_strength_days)
            ),
            water_goal_ml=int(getattr(config, "water_goal_ml", default.water_goal_ml)),
        )


@dataclass(frozen=True)
class DayFigures:
    day: date
    sessions: int  # sessions that counted
    moderate_minutes: float
    water_ml: int
    breaks_taken: int
    breaks_offered: int
    strength: bool
    pain_max: int | None

    @property
    def practised(self) -> bool:
        return self.sessions > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "sessions": self.sessions,
            "moderate_minutes": round(self.moderate_minutes, 1),
            "water_ml": self.water_ml,
            "breaks_taken": self.breaks_taken,
            "breaks_offered": self.breaks_offered,
            "strength": self.strength,
            "practised": self.practised,
            "pain_max": self.pain_max,
        }


@dataclass(frozen=True)
class Today:
    day: date
    sessions: int  # sessions that counted today
    moderate_minutes: float
    water_ml: int
    water_goal_ml: int
    breaks_taken: int
    breaks_offered: int
    pain_levels: tuple[int, ...]  # today's check-ins, oldest first
    pain_trend: PainTrend  # each day's worst over the last 7 days, first day against last

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "sessions": self.sessions,
            "moderate_minutes": round(self.moderate_minutes, 1),
            "water_ml": self.water_ml,
            "water_goal_ml": self.water_goal_ml,
            "breaks_taken": self.breaks_taken,
            "breaks_offered": self.breaks_offered,
            "pain_levels": list(self.pain_levels),
            "pain_trend": self.pain_trend,
        }


@dataclass(frozen=True)
class Week:
    start: date  # Monday
    days: tuple[DayFigures, ...]  # Monday..Sunday, future days included (zeros)
    moderate_minutes: float
    moderate_goal: int
    strength_days: int
    strength_goal: int
    water_goal_ml: int
    water_days_met: int  # days so far that reached the water goal
    days_so_far: int  # days of this week up to today

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def moderate_met(self) -> bool:
        return self.moderate_minutes >= self.moderate_goal

    @property
    def strength_met(self) -> bool:
        return self.strength_days >= self.strength_goal

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "moderate_minutes": round(self.moderate_minutes, 1),
            "moderate_goal": self.moderate_goal,
            "moderate_met": self.moderate_met,
            "strength_days": self.strength_days,
            "strength_goal": self.strength_goal,
            "strength_met": self.strength_met,
            "water_goal_ml": self.water_goal_ml,
            "water_days_met": self.water_days_met,
            "days_so_far": self.days_so_far,
            "days": [figures.to_dict() for figures in self.days],
        }


@dataclass(frozen=True)
class Streaks:
    current: int  # days in a row up to today (or yesterday, if today is not done yet)
    best: int
    practised_today: bool
    last_day: date | None  # the latest practice day

    def to_dict(self) -> dict[str, Any]:
        return {
            "current": self.current,
            "best": self.best,
            "practised_today": self.practised_today,
            "last_day": self.last_day.isoformat() if self.last_day else None,
        }


@dataclass(frozen=True)
class HeatCell:
    day: date
    minutes: float | None  # of moderate activity; None: a day still to come


@dataclass(frozen=True)
class Stats:
    today: Today
    week: Week
    streaks: Streaks
    peg: PegTrend | None = None  # the weekly PEG (coach.history.outcomes)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "today": self.today.to_dict(),
            "week": self.week.to_dict(),
            "streaks": self.streaks.to_dict(),
        }
        if self.peg is not None:
            data["peg"] = self.peg.to_dict()
        return data


# ----------------------------------------------------------------------------- pure helpers


def week_start(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def compute_streaks(practice_days: Iterable[date], today: date) -> Streaks:
    """Current and best runs of consecutive practice days.

    Today not done yet does not break the streak: it then runs up to yesterday.
    Days after `today` (a clock set wrong once) are ignored.
    """
    days = sorted({day for day in practice_days if day <= today})
    best = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    last = days[-1] if days else None
    practised_today = last == today
    current = run if last is not None and (today - last).days <= 1 else 0
    return Streaks(current=current, best=best, practised_today=practised_today, last_day=last)


def pain_trend(worst_by_day: Mapping[date, int]) -> PainTrend:
    """Days, not readings: rising or easing when the last day's worst pain differs from
    the first day's by a meaningful change (`coach.safety.MEANINGFUL_CHANGE`); "none"
    with fewer than two days of check-ins (seven readings in ten minutes are one day)."""
    from coach.safety import MEANINGFUL_CHANGE

    if len(worst_by_day) < 2:
        return "none"
    days = sorted(worst_by_day)
    change = worst_by_day[days[-1]] - worst_by_day[days[0]]
    if change >= MEANINGFUL_CHANGE:
        return "rising"
    if change <= -MEANINGFUL_CHANGE:
        return "easing"
    return "steady"


# ----------------------------------------------------------------------------- from the journal


def _zone(journal: JournalReader, zone: tzinfo | None) -> tzinfo | None:
    return zone if zone is not None else getattr(journal, "zone", None)


def daily_figures(journal: JournalReader, first: date, last: date) -> list[DayFigures]:
    """One row per day from `first` to `last`: the History charts' data."""
    sessions = journal.sessions_by_day(first, last)
    moderate = journal.moderate_seconds_by_day(first, last)
    water = journal.water_by_day(first, last)
    breaks = journal.reminders_by_day(first, last, "sitting")
    strength = journal.strength_days(first, last)
    pain = journal.max_pain_by_day(first, last)
    rows = []
    for day in days_between(first, last):
        counts = breaks.get(day, ReminderCounts())
        rows.append(
            DayFigures(
                day=day,
                sessions=sessions.get(day, 0),
                moderate_minutes=moderate.get(day, 0.0) / 60,
                water_ml=water.get(day, 0),
                breaks_taken=counts.taken,
                breaks_offered=counts.offered,
                strength=day in strength,
                pain_max=pain.get(day),
            )
        )
    return rows


def today_progress(
    journal: JournalReader,
    now: datetime,
    goals: Goals | None = None,
    *,
    zone: tzinfo | None = None,
) -> Today:
    goals = goals or Goals()
    today = local_day(now, _zone(journal, zone))
    (figures,) = daily_figures(journal, today, today)
    levels = tuple(entry.level for entry in journal.pain_entries(today, today))
    worst = journal.max_pain_by_day(today - timedelta(days=PAIN_TREND_DAYS - 1), today)
    return Today(
        day=today,
        sessions=figures.sessions,
        moderate_minutes=figures.moderate_minutes,
        water_ml=figures.water_ml,
        water_goal_ml=goals.water_goal_ml,
        breaks_taken=figures.breaks_taken,
        breaks_offered=figures.breaks_offered,
        pain_levels=levels,
        pain_trend=pain_trend(worst),
    )


def week_progress(
    journal: JournalReader,
    now: datetime,
    goals: Goals | None = None,
    *,
    zone: tzinfo | None = None,
) -> Week:
    """The Monday-to-Sunday week that holds today."""
    goals = goals or Goals()
    today = local_day(now, _zone(journal, zone))
    start = week_start(today)
    days = daily_figures(journal, start, start + timedelta(days=6))
    so_far = [figures for figures in days if figures.day <= today]
    return Week(
        start=start,
        days=tuple(days),
        moderate_minutes=sum(figures.moderate_minutes for figures in days),
        moderate_goal=goals.weekly_moderate_minutes,
        strength_days=sum(1 for figures in days if figures.strength),
        strength_goal=goals.weekly_strength_days,
        water_goal_ml=goals.water_goal_ml,
        water_days_met=sum(1 for figures in so_far if figures.water_ml >= goals.water_goal_ml),
        days_so_far=len(so_far),
    )


def streaks(journal: JournalReader, now: datetime, *, zone: tzinfo | None = None) -> Streaks:
    today = local_day(now, _zone(journal, zone))
    return compute_streaks(journal.practice_days(None, today), today)


def current_streak(journal: JournalReader, today: date) -> int:
    """Days in a row with a routine, up to `today` (what `coach status` shows)."""
    return compute_streaks(journal.practice_days(None, today), today).current


def heatmap(
    journal: JournalReader,
    now: datetime,
    *,
    weeks: int = HEATMAP_WEEKS,
    zone: tzinfo | None = None,
) -> list[list[HeatCell]]:
    """Moderate activity per day: `weeks` rows (oldest first) of Monday..Sunday cells,
    the last row being this week; days after today have `minutes` None."""
    today = local_day(now, _zone(journal, zone))
    first = week_start(today) - timedelta(weeks=weeks - 1)
    last = week_start(today) + timedelta(days=6)
    seconds = journal.moderate_seconds_by_day(first, today)
    cells = [
        HeatCell(day, seconds.get(day, 0.0) / 60 if day <= today else None)
        for day in days_between(first, last)
    ]
    return [cells[n : n + 7] for n in range(0, len(cells), 7)]


def recent_days(
    journal: JournalReader,
    now: datetime,
    days: int = 30,
    *,
    zone: tzinfo | None = None,
) -> list[DayFigures]:
    """The last `days` days up to today, oldest first (minutes and water per day charts)."""
    today = local_day(now, _zone(journal, zone))
    return daily_figures(journal, today - timedelta(days=days - 1), today)


def pain_over_time(
    journal: JournalReader,
    now: datetime,
    days: int = 30,
    *,
    zone: tzinfo | None = None,
) -> list[SessionRow]:
    """Sessions of the last `days` days with pain before and/or after, oldest first."""
    today = local_day(now, _zone(journal, zone))
    return journal.session_pain(today - timedelta(days=days - 1), today)


def stats(
    journal: JournalReader,
    now: datetime,
    goals: Goals | None = None,
    *,
    zone: tzinfo | None = None,
) -> Stats:
    from coach.history.outcomes import peg_trend

    return Stats(
        today=today_progress(journal, now, goals, zone=zone),
        week=week_progress(journal, now, goals, zone=zone),
        streaks=streaks(journal, now, zone=zone),
        peg=peg_trend(journal, now, zone=zone),
    )


def water_caution_now(
    journal: JournalReader, now: datetime, goal_ml: int, *, zone: tzinfo | None = None
) -> WaterCaution | None:
    """`coach.safety`'s caution after a drink was logged at `now` (None: none): what was
    logged within the last hour and today, that drink included, against the user's goal.
    One rule for `coach drink` and the window's `w`."""
    from coach.safety.water import HOUR_SECONDS, water_caution

    last_hour = journal.water_since(now - timedelta(seconds=HOUR_SECONDS))
    today = journal.water_on(local_day(now, _zone(journal, zone)))
    return water_caution(last_hour, today, goal_ml)
