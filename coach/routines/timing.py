"""How long a routine takes, for lists and previews.

The session's plan (`coach.session.plan.build_plan`) is the authority: its plan's
`estimated_seconds` is what a session's progress bar counts down. Listing
routines must not pay for importing the engine (`coach list` has a start-up
budget), so the same total is summed here straight from the model, by the
engine's rules; tests/routines/test_timing.py checks that both agree on every
built-in routine and on generated ones.
"""

from __future__ import annotations

from coach.routines.model import (
    ESTIMATED_SECONDS_PER_REP,
    BreathingStep,
    CheckInStep,
    Defaults,
    ExerciseStep,
    HydrationStep,
    RestStep,
    Routine,
    Step,
    TherapyStep,
)

# Estimates for phases that wait for the user (the session's plan uses these too).
ESTIMATED_UNTIMED_WORK_SECONDS = 30.0
ESTIMATED_DRINK_SECONDS = 20.0
ESTIMATED_CHECK_IN_SECONDS = 10.0
ESTIMATED_PACK_ON_SECONDS = 15.0  # "Put the pack on", then Enter

# Cold and heat: time to fetch and wrap a pack before the first bout, and to take it off
# after the last.
THERAPY_GET_READY = 30.0
BOUT_END_SECONDS = 10.0


def get_ready_seconds(step: Step, defaults: Defaults) -> float:
    """The get-ready before the first physical step: the routine's, or at least
    `THERAPY_GET_READY` before cold or heat (none stays none)."""
    if isinstance(step, TherapyStep) and defaults.get_ready > 0:
        return max(defaults.get_ready, THERAPY_GET_READY)
    return defaults.get_ready


def estimated_seconds(routine: Routine) -> float:
    """Seconds the routine takes, untimed parts (reps, drinking, check-ins) estimated."""
    return estimate_from_model(routine)


def estimate_from_model(routine: Routine) -> float:
    """The same total as the engine's plan, summed straight from the steps."""
    defaults = routine.defaults
    steps = routine.steps
    total = 0.0
    got_ready = False
    for index, step in enumerate(steps):
        # A rest between steps is left out next to a rest or a check-in, as in the engine.
        rest_before = (
            index > 0
            and defaults.rest > 0
            and not _is_pause(steps[index - 1])
            and not _is_pause(step)
        )
        if not got_ready and isinstance(step, ExerciseStep | BreathingStep | TherapyStep):
            got_ready = True
            if defaults.get_ready > 0:
                total += get_ready_seconds(step, defaults)
            elif rest_before:
                total += defaults.rest
        elif rest_before:
            total += defaults.rest
        total += step_seconds(step, routine)
    return total


def _is_pause(step: Step) -> bool:
    return isinstance(step, RestStep | CheckInStep)


def step_seconds(step: Step, routine: Routine) -> float:
    """One step's own length (without the rest or get-ready before it)."""
    defaults = routine.defaults
    if isinstance(step, ExerciseStep):
        dose = step.dose
        set_rest = dose.set_rest if dose.set_rest is not None else defaults.set_rest
        per_side = 0.0
        reps_per_set = dose.reps_per_set
        for number, reps in enumerate(reps_per_set):
            if number > 0:
                per_side += set_rest
            if reps is None:
                per_side += dose.hold if dose.hold is not None else ESTIMATED_UNTIMED_WORK_SECONDS
            elif dose.hold is not None:
                per_side += reps * dose.hold + (reps - 1) * dose.rep_rest
            elif dose.paced and dose.tempo is not None:
                per_side += reps * dose.tempo
            else:
                per_side += reps * ESTIMATED_SECONDS_PER_REP
        sides = len(dose.sides)
        return per_side * sides + (sides - 1) * defaults.switch_sides
    if isinstance(step, RestStep):
        return step.seconds
    if isinstance(step, BreathingStep):
        return step.rounds * step.pattern.cycle_seconds
    if isinstance(step, HydrationStep):
        return ESTIMATED_DRINK_SECONDS
    if isinstance(step, TherapyStep):
        pack_on = step.bouts * ESTIMATED_PACK_ON_SECONDS
        return pack_on + step.bouts * step.on + (step.bouts - 1) * step.off + BOUT_END_SECONDS
    if isinstance(step, CheckInStep):
        return ESTIMATED_CHECK_IN_SECONDS
    raise TypeError(f"unknown step type {type(step).__name__}")  # pragma: no cover
