"""What a followed programme says for a day, and which programme the user follows.

`today_for(programme, start, history, today)` is pure: from the day the user started and
their history (the days each routine was done, the worst pain of each day) it says which
week and stage today is in, what to do today and what is done already, and why a stage was
held back. The journal keeps the start (its settings: `enrolment`, `enrol`, `leave`), and
everything else is derived from what the journal already holds, so the current week follows
the history, on any clock. `programme_today(journal, programmes, today)` is the one call
`coach today`, the home screen and `coach programme` make.

What a programme is (`Programme`, `Stage`) is `coach.routines.programmes`'. No Textual, no
I/O beyond the journal object handed in (typed by `ProgrammeJournal`, which
coach.history's Journal satisfies; this package does not import coach.history).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, runtime_checkable

from coach.routines.programmes import WEEKDAY_NAMES, Programme, Stage

ENROLMENT_ID_KEY = "programme.id"
ENROLMENT_START_KEY = "programme.start"


# --------------------------------------------------------------------------- today


@dataclass(frozen=True)
class ProgrammeHistory:
    """What the rules look at: the days each routine was done, and each day's worst pain."""

    done: Mapping[str, frozenset[date]]
    pain_by_day: Mapping[date, int]

    def done_on(self, day: date, routine_ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(r for r in routine_ids if day in self.done.get(r, frozenset()))


@dataclass(frozen=True)
class ProgrammeDay:
    """What a programme says for one day."""

    programme: Programme
    day: date
    started: bool  # False before the start day: nothing to do yet
    finished: bool  # every stage done: the programme is complete
    week: int  # 1-based, counting the weeks a stage was held back
    stage_index: int
    week_in_stage: int  # 1-based
    routines: tuple[str, ...]  # to do today, in order
    done: tuple[str, ...]  # of those, done today already
    held_back: tuple[str, ...] = ()  # why the current stage lasts longer, one line each
    weeks: int = 0  # the programme's weeks as things stand (its plan, plus weeks held back)

    @property
    def stage(self) -> Stage:
        return self.programme.stages[self.stage_index]

    @property
    def to_do(self) -> tuple[str, ...]:
        return tuple(r for r in self.routines if r not in self.done)

    @property
    def title(self) -> str:
        """`Week 3 of 6 · McGill core at low doses`, `Starts Mon 12 Jan`, `Done: 6 weeks`."""
        if not self.started:
            return f"Starts {WEEKDAY_NAMES[self.day.weekday()]} {self.day:%d %b}".replace(" 0", " ")
        if self.finished:
            return f"Done: {self.programme.name}, in {self.weeks} weeks"
        return f"Week {self.week} of {self.weeks} · {self.stage.name}"


def today_for(
    programme: Programme, start: date, history: ProgrammeHistory, today: date
) -> ProgrammeDay:
    """What `programme`, started on `start`, says for `today` given the history (pure)."""
    planned = programme.weeks
    if today < start or not programme.stages:
        return ProgrammeDay(programme, start, False, False, 1, 0, 1, (), (), weeks=planned)
    stage_start = start
    week = 1  # the first week of the stage being looked at
    held = 0  # weeks stages were held back so far
    for index, stage in enumerate(programme.stages):
        end = stage_start + timedelta(weeks=stage.weeks)
        reasons: tuple[str, ...] = ()
        while today >= end:
            reasons = held_back_by(stage, stage_start, end, history)
            if not reasons:
                break
            end += timedelta(weeks=1)  # one more week of this stage, then look again
        if today < end:
            week_in_stage = (today - stage_start).days // 7 + 1
            routines = stage.routines_on(today)
            extra = held + max(0, week_in_stage - stage.weeks)
            return ProgrammeDay(
                programme,
                today,
                True,
                False,
                week + week_in_stage - 1,
                index,
                week_in_stage,
                routines,
                history.done_on(today, routines),
                reasons if week_in_stage > stage.weeks else (),
                weeks=planned + extra,
            )
        lasted = (end - stage_start).days // 7
        week += lasted
        held += lasted - stage.weeks
        stage_start = end
    last = len(programme.stages) - 1
    return ProgrammeDay(programme, today, True, True, week, last, 1, (), (), weeks=planned + held)


def held_back_by(
    stage: Stage, started: date, end: date, history: ProgrammeHistory
) -> tuple[str, ...]:
    """Why `stage`, begun on `started`, may not move on at `end` (the day after its last
    week so far), one line each: too few days done in it, or pain risen from its first
    week to its last by a change that means something (`coach.safety.MEANINGFUL_CHANGE`)."""
    from coach.safety import MEANINGFUL_CHANGE

    rules = stage.move_on
    reasons: list[str] = []
    window_start = started
    if rules.days_done:
        days = {
            day
            for routine_id in stage.routine_ids
            for day in history.done.get(routine_id, frozenset())
            if window_start <= day < end
        }
        if len(days) < rules.days_done:
            reasons.append(
                f"{len(days)} of {rules.days_done} days done: this stage lasts a week more"
            )
    if rules.pain_not_rising:
        last = _average_pain(history, end - timedelta(weeks=1), end)
        weeks = (end - started).days // 7
        first_start = window_start if weeks > 1 else window_start - timedelta(weeks=1)
        first = _average_pain(history, first_start, first_start + timedelta(weeks=1))
        if first is not None and last is not None and last - first >= MEANINGFUL_CHANGE:
            reasons.append(
                f"pain rose from {first:.0f} to {last:.0f} over these weeks: this stage "
                "lasts a week more"
            )
    return tuple(reasons)


def _average_pain(history: ProgrammeHistory, first: date, end: date) -> float | None:
    levels = [level for day, level in history.pain_by_day.items() if first <= day < end]
    return sum(levels) / len(levels) if levels else None


# --------------------------------------------------------------------------- the journal


@runtime_checkable
class ProgrammeJournal(Protocol):
    """What programmes read from and write to the journal (coach.history's Journal)."""

    def get_setting(self, key: str) -> str | None: ...
    def set_setting(self, key: str, value: str) -> None: ...
    def routine_days(self, routine_id: str, last: date) -> list[date]: ...
    def max_pain_by_day(self, first: date, last: date) -> dict[date, int]: ...


@dataclass(frozen=True)
class Enrolment:
    programme_id: str
    start: date


def enrolment(journal: ProgrammeJournal) -> Enrolment | None:
    """The programme the user follows, and since when (None: none)."""
    programme_id = journal.get_setting(ENROLMENT_ID_KEY)
    start = journal.get_setting(ENROLMENT_START_KEY)
    if not programme_id or not start:
        return None
    try:
        return Enrolment(programme_id, date.fromisoformat(start))
    except ValueError:
        return None


def enrol(journal: ProgrammeJournal, programme_id: str, start: date) -> None:
    """Follow `programme_id` from `start` (replaces the one followed before)."""
    journal.set_setting(ENROLMENT_START_KEY, start.isoformat())
    journal.set_setting(ENROLMENT_ID_KEY, programme_id)


def leave(journal: ProgrammeJournal) -> None:
    """Follow no programme any more (the history stays)."""
    journal.set_setting(ENROLMENT_ID_KEY, "")


def history_for(
    journal: ProgrammeJournal, programme: Programme, start: date, today: date
) -> ProgrammeHistory:
    """The programme's routines' days since a week before `start`, and the pain of those days."""
    since = start - timedelta(weeks=1)
    done = {
        routine_id: frozenset(d for d in journal.routine_days(routine_id, today) if d >= since)
        for routine_id in programme.routine_ids
    }
    return ProgrammeHistory(done, journal.max_pain_by_day(since, today))


def programme_today(
    journal: ProgrammeJournal, programmes: Mapping[str, Programme], today: date
) -> ProgrammeDay | None:
    """What the programme the user follows says for `today`; None when they follow none
    (or it is no longer in the library). `today` is the journal's calendar day
    (`coach.history.calendar.local_day`)."""
    enrolled = enrolment(journal)
    if enrolled is None:
        return None
    programme = programmes.get(enrolled.programme_id)
    if programme is None:
        return None
    history = history_for(journal, programme, enrolled.start, today)
    return today_for(programme, enrolled.start, history, today)
