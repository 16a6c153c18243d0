"""Whole-routine limits: how long a routine may last, how many steps and phases it may hold.

Every value of a routine has its own range (`coach.routines.format`), but ranges alone
let a 4 KB file ask for 2 million phases (500 reps × 20 sets × both sides, fifty
times) or 570 hours. So the loader also checks the routine as a whole, by the engine's
own rules but without building its plan (`coach.routines.timing`): a routine that
passes starts in well under 100 ms and 100 MB (bench/startup.py measures the largest
one allowed). The limits are stated in docs/routines.md; a test keeps them equal.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.durations import rounded_duration_text
from coach.routines.format import (
    MAX_PHASES,
    MAX_ROUTINE_SECONDS,
    MAX_STEPS,
    MAX_THERAPY_ROUTINE_SECONDS,
)
from coach.routines.model import Routine, TherapyStep
from coach.routines.timing import lead_ins, step_phases, step_seconds


@dataclass(frozen=True)
class LimitProblem:
    """What is over a limit, and the step where the routine passes it (0-based)."""

    step_index: int
    message: str


def longest_allowed(routine: Routine) -> float:
    """Seconds a routine may last: cold and heat bouts with their breaks take longer."""
    if any(isinstance(step, TherapyStep) for step in routine.steps):
        return MAX_THERAPY_ROUTINE_SECONDS
    return MAX_ROUTINE_SECONDS


def limit_problems(routine: Routine) -> list[LimitProblem]:
    """Every whole-routine limit the routine is over (none for a routine coach runs)."""
    problems: list[LimitProblem] = []
    steps = routine.steps
    if len(steps) > MAX_STEPS:
        problems.append(
            LimitProblem(
                MAX_STEPS,
                f"a routine holds at most {MAX_STEPS} steps, this one {len(steps)}: "
                "split it into several routines",
            )
        )
    allowed = longest_allowed(routine)
    seconds, phases = 0.0, 0
    over_time: int | None = None
    over_phases: int | None = None
    for index, (step, lead_in) in enumerate(zip(steps, lead_ins(routine), strict=True)):
        seconds += (lead_in or 0.0) + step_seconds(step, routine)
        phases += (lead_in is not None) + step_phases(step, routine)
        if over_time is None and seconds > allowed:
            over_time = index
        if over_phases is None and phases > MAX_PHASES:
            over_phases = index
    if over_time is not None:
        therapy = " (with cold or heat)" if allowed != MAX_ROUTINE_SECONDS else ""
        problems.append(
            LimitProblem(
                over_time,
                f"here the routine passes {rounded_duration_text(allowed)}, the most a "
                f"routine{therapy} may last (in all it would last about "
                f"{rounded_duration_text(seconds)}): make it shorter or split it",
            )
        )
    if over_phases is not None:
        problems.append(
            LimitProblem(
                over_phases,
                f"here the routine passes {MAX_PHASES:,} parts (one per rep, set, side "
                f"and rest), the most coach runs (in all it would have {phases:,}): use "
                "fewer reps or sets, or no rep_rest",
            )
        )
    return problems
