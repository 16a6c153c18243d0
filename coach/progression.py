"""Progression: a step's dose grows with time while pain stays low.

A rule like "hold +5 s every 7 days while pain stays below 4, up to 60 s"
is applied from the history: each full period since the user first did the
routine adds one step to the dose, unless pain reached the threshold in that
period (then that period adds nothing). Pure functions, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from coach.durations import format_duration
from coach.routines.model import Dose, ExerciseStep, Routine


@dataclass(frozen=True)
class ProgressHistory:
    """What progression needs to know: when the routine was first done, and pain by day."""

    first_done: date | None
    pain_by_day: dict[date, int]  # the highest pain logged that day


@dataclass(frozen=True)
class ProgressedDose:
    dose: Dose
    base: Dose
    note: str  # e.g. "45s, up from 40s"; empty when unchanged


def periods_earned(
    first_done: date | None,
    today: date,
    every_days: int,
    pain_by_day: dict[date, int],
    pain_below: int | None,
) -> int:
    """Full periods since `first_done` in which pain stayed below the threshold."""
    if first_done is None or every_days <= 0 or today <= first_done:
        return 0
    full_periods = (today - first_done).days // every_days
    earned = 0
    for period in range(full_periods):
        start = first_done.toordinal() + period * every_days
        days = (date.fromordinal(start + offset) for offset in range(every_days))
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
        history.first_done, today, rule.every_days, history.pain_by_day, rule.pain_below
    )
    if rule.field == "hold":
        if base.hold is None:
            return ProgressedDose(base, base, "")
        hold = min(base.hold + earned * rule.step, max(rule.maximum, base.hold))
        if hold == base.hold:
            return ProgressedDose(base, base, "")
        note = f"{format_duration(hold)}, up from {format_duration(base.hold)}"
        return ProgressedDose(replace(base, hold=hold), base, note)
    grown = _grow_reps(base, earned * rule.step, rule.maximum)
    if grown == base:
        return ProgressedDose(base, base, "")
    before, after = _reps_label(base), _reps_label(grown)
    return ProgressedDose(grown, base, f"{after} reps, up from {before}")


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


def history_from_rows(
    session_days: Iterable[date], pain: Iterable[tuple[date, int]]
) -> ProgressHistory:
    """Build a ProgressHistory from the days a routine was done and (day, level) pain rows."""
    days = sorted(session_days)
    pain_by_day: dict[date, int] = {}
    for day, level in pain:
        pain_by_day[day] = max(level, pain_by_day.get(day, 0))
    return ProgressHistory(days[0] if days else None, pain_by_day)
