"""How long a routine takes, and how many phases its plan holds, for lists, previews and limits.

The session's plan (`coach.session.plan.build_plan`) is the authority: its plan's
`estimated_seconds` is what a session's progress bar counts down. Listing
routines must not pay for importing the engine (`coach list` has a start-up
budget), so the same total is summed here straight from the model, by the
engine's rules; tests/routines/test_timing.py checks that both agree on every
built-in routine and on generated ones. `phase_count` counts the plan's phases the
same way (the loader's whole-routine limits, `coach.routines.limits`, need it
without building a plan that may be huge).
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


def length_text(routine: Routine) -> str:
    """`3 min`, or `~3 min` when some steps wait for the user and the time is an estimate:
    a routine's length for people (home, the palette, the builder, reminders)."""
    from coach.durations import rounded_duration_text

    waits = any(
        isinstance(step, HydrationStep | CheckInStep | TherapyStep)  # a pack goes on at a key
        or (isinstance(step, ExerciseStep) and step.dose.hold is None and not step.dose.paced)
        for step in routine.steps
    )
    return ("~" if waits else "") + rounded_duration_text(estimated_seconds(routine))


def estimated_seconds(routine: Routine) -> float:
    """Seconds the routine takes, untimed parts (reps, drinking, check-ins) estimated."""
    return estimate_from_model(routine)


def estimate_from_model(routine: Routine) -> float:
    """The same total as the engine's plan, summed straight from the steps."""
    total = 0.0
    for step, lead_in in zip(routine.steps, lead_ins(routine), strict=True):
        if lead_in is not None:
            total += lead_in
        total += step_seconds(step, routine)
    return total


def lead_ins(routine: Routine) -> list[float | None]:
    """Per step, the phase the plan puts before it (get-ready, or a rest between steps):
    its seconds, or None when there is none."""
    defaults = routine.defaults
    steps = routine.steps
    found: list[float | None] = []
    got_ready = False
    for index, step in enumerate(steps):
        # A rest between steps is left out next to a rest or a check-in, as in the engine.
        rest_before = (
            index > 0
            and defaults.rest > 0
            and not _is_pause(steps[index - 1])
            and not _is_pause(step)
        )
        lead_in = defaults.rest if rest_before else None
        if not got_ready and isinstance(step, ExerciseStep | BreathingStep | TherapyStep):
            got_ready = True
            if defaults.get_ready > 0:
                lead_in = get_ready_seconds(step, defaults)
        found.append(lead_in)
    return found


def phase_count(routine: Routine) -> int:
    """How many phases `build_plan(routine)` holds, counted without building them."""
    return sum(step_phases(step, routine) for step in routine.steps) + sum(
        1 for lead_in in lead_ins(routine) if lead_in is not None
    )


def step_phases(step: Step, routine: Routine) -> int:
    """The phases of one step's own work and the pauses inside it (as the engine plans)."""
    defaults = routine.defaults
    if isinstance(step, ExerciseStep):
        dose = step.dose
        set_rest = dose.set_rest if dose.set_rest is not None else defaults.set_rest
        per_side = 0
        for number, reps in enumerate(dose.reps_per_set):
            if number > 0 and set_rest > 0:
                per_side += 1
            if reps is not None and dose.hold is not None:
                per_side += reps + (reps - 1 if dose.rep_rest > 0 else 0)
            else:
                per_side += 1  # a plain hold, paced reps, or untimed reps confirmed once
        sides = len(dose.sides)
        return per_side * sides + (sides - 1 if defaults.switch_sides > 0 else 0)
    if isinstance(step, BreathingStep):
        pattern = step.pattern
        parts = (pattern.inhale, pattern.hold_in, pattern.exhale, pattern.hold_out)
        return step.rounds * sum(1 for seconds in parts if seconds > 0)
    if isinstance(step, TherapyStep):
        # Per bout "put the pack on" and the bout; "take the pack off" between bouts (with
        # an off-period) and after the last.
        between = step.bouts - 1 if step.off > 0 else 0
        return 2 * step.bouts + between + (1 if BOUT_END_SECONDS > 0 else 0)
    return 1  # a rest, a drink, a check-in


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
