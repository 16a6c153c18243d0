"""Progression: a step's dose grows with time while pain stays low.

A rule like "hold +5 s every 7 days while pain stays below 4, up to 60 s"
is applied from the history: each full period since the user first did the
routine adds one step to the dose, unless pain reached the threshold in that
period, or (when the history knows the days it was done) the routine was not
done at all in it: after weeks off, the dose picks up where it was, it does
not jump. The arithmetic is pure; `history_for_routine` and `progress_for_show`
read the journal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coach.durations import format_duration
from coach.routines.model import Dose, ExerciseStep, Routine

if TYPE_CHECKING:
    from coach.clock import Clock
    from coach.history.ports import JournalReader


@dataclass(frozen=True)
class ProgressHistory:
    """What progression needs to know: when the routine was first done, and pain by day."""

    first_done: date | None
    pain_by_day: dict[date, int]  # the highest pain logged that day
    # Days the routine was done; None: unknown, every period counts as practised.
    done_days: frozenset[date] | None = None


@dataclass(frozen=True)
class ProgressedDose:
    dose: Dose
    base: Dose
    note: str  # e.g. "45s — up from 40s"; empty when unchanged


def periods_earned(
    first_done: date | None,
    today: date,
    every_days: int,
    pain_by_day: dict[date, int],
    pain_below: int | None,
    done_days: frozenset[date] | None = None,
) -> int:
    """Full periods since `first_done` in which pain stayed below the threshold
    (and, when `done_days` is given, in which the routine was done at least once)."""
    if first_done is None or every_days <= 0 or today <= first_done:
        return 0
    full_periods = (today - first_done).days // every_days
    earned = 0
    for period in range(full_periods):
        start = first_done.toordinal() + period * every_days
        days = [date.fromordinal(start + offset) for offset in range(every_days)]
        if done_days is not None and not any(day in done_days for day in days):
            continue
        if pain_below is None or all(pain_by_day.get(day, 0) < pain_below for day in days):
            earned += 1
    return earned


def progressed_dose(step: ExerciseStep, history: ProgressHistory, today: date) -> ProgressedDose:
    """The dose to use today for `step`, with a short note when it grew."""
    rule = step.progression
    base = step.dose
    if rule is None:
        return ProgressedDose(base, base, "")
    earned = periods_earned(
        history.first_done,
        today,
        rule.every_days,
        history.pain_by_day,
        rule.pain_below,
        history.done_days,
    )
    if rule.field == "hold":
        if base.hold is None:
            return ProgressedDose(base, base, "")
        hold = min(base.hold + earned * rule.step, max(rule.maximum, base.hold))
        if hold == base.hold:
            return ProgressedDose(base, base, "")
        note = f"{format_duration(hold)} — up from {format_duration(base.hold)}"
        return ProgressedDose(replace(base, hold=hold), base, note)
    grown = _grow_reps(base, earned * rule.step, rule.maximum)
    if grown == base:
        return ProgressedDose(base, base, "")
    before, after = _reps_label(base), _reps_label(grown)
    return ProgressedDose(grown, base, f"{after} reps — up from {before}")


def _grow_reps(dose: Dose, extra: float, maximum: float) -> Dose:
    add = math.floor(extra)
    if add <= 0:
        return dose
    if dose.pyramid:
        pyramid = tuple(min(reps + add, max(int(maximum), reps)) for reps in dose.pyramid)
        return replace(dose, pyramid=pyramid)
    if dose.reps is None:
        return dose
    return replace(dose, reps=min(dose.reps + add, max(int(maximum), dose.reps)))


def _reps_label(dose: Dose) -> str:
    if dose.pyramid:
        return "-".join(str(reps) for reps in dose.pyramid)
    return str(dose.reps)


def apply_progression(
    routine: Routine, history: ProgressHistory, today: date
) -> tuple[Routine, dict[int, str]]:
    """The routine with today's doses, and a note per step index whose dose grew."""
    steps = []
    notes: dict[int, str] = {}
    for index, step in enumerate(routine.steps):
        if isinstance(step, ExerciseStep) and step.progression is not None:
            progressed = progressed_dose(step, history, today)
            if progressed.note:
                notes[index] = progressed.note
                step = replace(step, dose=progressed.dose)
        steps.append(step)
    return replace(routine, steps=tuple(steps)), notes


# --------------------------------------------------------------------------- from the journal


def history_for_routine(journal: JournalReader, routine_id: str, today: date) -> ProgressHistory:
    """The routine's ProgressHistory: its practice days and every day's worst pain since."""
    days = journal.routine_days(routine_id, today)
    if not days:
        return ProgressHistory(None, {}, frozenset())
    pain = journal.max_pain_by_day(days[0], today)
    return ProgressHistory(days[0], dict(pain), frozenset(days))


def progress_for_show(
    routine: Routine, clock: Clock, *, database: Path | None = None
) -> tuple[Routine, dict[int, str]]:
    """For `coach show` and the exercise screen: the routine with today's doses, and a
    note per step index whose dose grew (`45s — up from 40s`).

    Touches no file when no step has a progression rule, and creates no history
    when there is none yet; a history that cannot be read leaves the written doses.
    """
    if not any(isinstance(s, ExerciseStep) and s.progression for s in routine.steps):
        return routine, {}
    from coach import paths
    from coach.errors import CoachError
    from coach.history.calendar import local_day, open_journal

    path = database if database is not None else paths.database_file()
    if not path.is_file():
        return routine, {}
    try:
        with open_journal(None, path, create=False) as journal:
            today = local_day(clock.now(), journal.zone)
            history = history_for_routine(journal, routine.id, today)
    except CoachError:
        return routine, {}
    return apply_progression(routine, history, today)
