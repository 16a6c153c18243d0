"""Progression: a step's dose grows with time while pain stays low.

A rule like "hold +5 s every 14 days while pain stays below 4, up to 30 s"
is applied from the history: each full period since the user first did the
routine adds one step to the dose, unless pain reached the threshold in that
period, or (when the history knows the days it was done) the routine was not
done at all in it: after weeks off, the dose picks up where it was, it does
not jump. A rule's `then` stage starts counting its own periods the day the
first stage reached its ceiling ("holds up to 30 s, then add reps"). Reps grow
in every set of a pyramid alike, so 6-4-2 keeps its shape (8-6-4), and stop
when the largest set reaches the ceiling. The arithmetic is pure;
`history_for_routine` and `progress_for_show` read the journal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coach.durations import format_duration
from coach.routines.model import Dose, ExerciseStep, Progression, Routine

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
    return len(
        _earned_period_ends(first_done, today, every_days, pain_by_day, pain_below, done_days)
    )


def _earned_period_ends(
    first_done: date | None,
    today: date,
    every_days: int,
    pain_by_day: dict[date, int],
    pain_below: int | None,
    done_days: frozenset[date] | None,
) -> list[date]:
    """The day after each full period that earned a step (in order)."""
    if first_done is None or every_days <= 0 or today <= first_done:
        return []
    full_periods = (today - first_done).days // every_days
    ends: list[date] = []
    for period in range(full_periods):
        start = first_done.toordinal() + period * every_days
        days = [date.fromordinal(start + offset) for offset in range(every_days)]
        if done_days is not None and not any(day in done_days for day in days):
            continue
        if pain_below is None or all(pain_by_day.get(day, 0) < pain_below for day in days):
            ends.append(date.fromordinal(start + every_days))
    return ends


def progressed_dose(step: ExerciseStep, history: ProgressHistory, today: date) -> ProgressedDose:
    """The dose to use today for `step`, with a short note when it grew."""
    rule = step.progression
    base = step.dose
    if rule is None:
        return ProgressedDose(base, base, "")
    dose = base
    stage: Progression | None = rule
    start = history.first_done
    while stage is not None and start is not None:
        ends = _earned_period_ends(
            start,
            today,
            stage.every_days,
            history.pain_by_day,
            stage.pain_below,
            history.done_days,
        )
        needed = _periods_to_ceiling(dose, stage)
        dose = _grow(dose, stage, len(ends))
        # The next stage counts from the day this one reached its ceiling, if it has.
        if needed == 0:
            pass  # at its ceiling from the start: the next stage starts with the routine
        elif len(ends) >= needed:
            start = ends[needed - 1]
        else:
            break
        stage = stage.then
    if dose == base:
        return ProgressedDose(base, base, "")
    return ProgressedDose(dose, base, _note(dose, base))


def _periods_to_ceiling(dose: Dose, rule: Progression) -> int:
    """How many earned periods take `dose` to the rule's ceiling."""
    if rule.field == "hold":
        if dose.hold is None:
            return 0
        gap = rule.maximum - dose.hold
    else:
        gap = rule.maximum - max((r or 0) for r in dose.reps_per_set)
    return max(0, math.ceil(gap / rule.step)) if rule.step > 0 else 0


def _grow(dose: Dose, rule: Progression, earned: int) -> Dose:
    if rule.field == "hold":
        if dose.hold is None:
            return dose
        return replace(dose, hold=min(dose.hold + earned * rule.step, max(rule.maximum, dose.hold)))
    return _grow_reps(dose, earned * rule.step, rule.maximum)


def _note(dose: Dose, base: Dose) -> str:
    """`35s — up from 30s`, `8-6-4 reps — up from 6-4-2`, or both, joined."""
    after: list[str] = []
    before: list[str] = []
    if dose.hold != base.hold and dose.hold is not None and base.hold is not None:
        after.append(format_duration(dose.hold))
        before.append(format_duration(base.hold))
    if _reps_label(dose) != _reps_label(base):
        after.append(f"{_reps_label(dose)} reps")
        before.append(_reps_label(base) if not before else f"{_reps_label(base)} reps")
    return f"{', '.join(after)} — up from {', '.join(before)}"


def _grow_reps(dose: Dose, extra: float, maximum: float) -> Dose:
    add = math.floor(extra)
    if add <= 0:
        return dose
    if dose.pyramid:
        # Every set alike, so the pyramid keeps its shape; the largest set stops at the max.
        add = min(add, max(0, int(maximum) - max(dose.pyramid)))
        return replace(dose, pyramid=tuple(reps + add for reps in dose.pyramid))
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
