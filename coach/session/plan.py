"""A routine flattened into a plan: the phases a session walks, each timed or waiting.

No Textual, no I/O, no clock: `build_plan(routine)` is a pure function of the routine.

`build_plan(routine)` flattens the steps into `Phase`s:

- a GET_READY phase (`defaults.get_ready` s, 0 = none) before the first step with physical
  work (exercise, breathing or therapy); it belongs to that step;
- exercise: per side (left half, SWITCH_SIDES, right half) → per set (REST `set_rest` between
  sets) → a WORK phase per rep when reps are held (REST `rep_rest` between reps when > 0), one
  WORK phase per set for a plain hold, one *paced* WORK phase per set for reps without a hold
  that follow the exercise's tempo (`Dose.paced`: `reps` × `tempo` seconds, `tempo` set, the
  engine counts the reps), or one *untimed* WORK phase per set for reps counted by the user
  (`seconds` None, `reps` the target: the user presses space when done);
- rest step → REST; breathing → INHALE, HOLD_IN, EXHALE, HOLD_OUT per round (zero-length
  phases left out); hydration → DRINK (untimed); therapy → per bout a PACK_ON phase that
  waits for "the pack is on" (untimed), then THERAPY_ON, then THERAPY_OFF ("Take the pack
  off.": the off-period between bouts, or `BOUT_END_SECONDS` after the last one);
  check-in → CHECK_IN (untimed, answered 0–10);
- before a therapy step the get-ready is at least `THERAPY_GET_READY` s: time to fetch and
  wrap a pack, not a 10-second countdown before a 15-minute bout;
- `defaults.rest` > 0 puts a REST before a step that follows another step, unless either of
  the two is a rest or a check-in (and never after the last step). Like GET_READY it is a
  lead-in of the step that follows it, so "back" and "restart" land on it.

Phases the plan adds around a step's own work (get-ready, rests between reps, sets and steps,
switch sides, putting a pack on, therapy off-periods) have `inserted=True`: skipping them
never makes a step partial.

Untimed phases carry an estimate (`Phase.estimated_seconds`, from `coach.routines.timing`,
which sums the same total from the model for `coach list`), for progress bars and
"time left".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from coach.durations import duration_text, format_volume
from coach.routines.describe import step_title
from coach.routines.model import (
    ESTIMATED_SECONDS_PER_REP,
    BreathingStep,
    CheckInStep,
    Dose,
    ExerciseStep,
    HydrationStep,
    RestStep,
    Routine,
    Side,
    Step,
    TherapyStep,
)
from coach.routines.timing import (
    BOUT_END_SECONDS,
    ESTIMATED_CHECK_IN_SECONDS,
    ESTIMATED_DRINK_SECONDS,
    ESTIMATED_PACK_ON_SECONDS,
    ESTIMATED_UNTIMED_WORK_SECONDS,
    get_ready_seconds,
)
from coach.safety import BOUT_END


class PhaseKind(StrEnum):
    GET_READY = "get_ready"
    WORK = "work"
    REST = "rest"
    SWITCH_SIDES = "switch_sides"
    INHALE = "inhale"
    HOLD_IN = "hold_in"
    EXHALE = "exhale"
    HOLD_OUT = "hold_out"
    DRINK = "drink"
    PACK_ON = "pack_on"
    THERAPY_ON = "therapy_on"
    THERAPY_OFF = "therapy_off"
    CHECK_IN = "check_in"


@dataclass(frozen=True)
class Phase:
    """One stretch of the plan: timed (`seconds`) or waiting for the user (`seconds` None)."""

    index: int
    kind: PhaseKind
    step_index: int
    step: Step
    title: str
    seconds: float | None  # None = waits for the user (untimed reps, drink, check-in)
    side: Side | None = None
    set_number: int | None = None
    sets: int | None = None
    rep_number: int | None = None
    reps: int | None = None  # for untimed reps: the target count
    round_number: int | None = None  # breathing rounds / therapy bouts
    rounds: int | None = None
    detail: str = ""  # e.g. "Set 2 of 3 · rep 4 of 6 · hold 10 s"
    inserted: bool = False  # added by the plan around the step's own work (see module doc)
    tempo: float | None = None  # paced reps: seconds a rep (`seconds` = reps × tempo)

    @property
    def timed(self) -> bool:
        return self.seconds is not None

    @property
    def estimated_seconds(self) -> float:
        """Its length, or an estimate for phases that wait for the user."""
        if self.seconds is not None:
            return self.seconds
        if self.kind is PhaseKind.WORK:
            if self.reps:
                return self.reps * ESTIMATED_SECONDS_PER_REP
            return ESTIMATED_UNTIMED_WORK_SECONDS
        if self.kind is PhaseKind.DRINK:
            return ESTIMATED_DRINK_SECONDS
        if self.kind is PhaseKind.PACK_ON:
            return ESTIMATED_PACK_ON_SECONDS
        return ESTIMATED_CHECK_IN_SECONDS


@dataclass(frozen=True)
class Plan:
    routine: Routine
    phases: tuple[Phase, ...]
    planned_seconds: float  # sum of timed phases
    estimated_seconds: float  # plus estimates for untimed phases


# --------------------------------------------------------------------------- building plans


def _join(parts: list[str]) -> str:
    text = " · ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def _side_text(side: Side | None) -> str:
    return f"{side.value} side" if side is not None else ""


def _tempo_text(tempo: float) -> str:
    """`3 s each`: how long each paced rep takes."""
    return f"{duration_text(tempo)} each"


def _needs_get_ready(step: Step) -> bool:
    return isinstance(step, ExerciseStep | BreathingStep | TherapyStep)


def _rest_fits_between(before: Step, after: Step) -> bool:
    def is_pause(step: Step) -> bool:
        return isinstance(step, RestStep | CheckInStep)

    return not is_pause(before) and not is_pause(after)


class _PlanBuilder:
    def __init__(self, routine: Routine) -> None:
        self.routine = routine
        self.phases: list[Phase] = []

    def add(
        self,
        kind: PhaseKind,
        step_index: int,
        title: str,
        seconds: float | None,
        **fields: object,
    ) -> None:
        step = self.routine.steps[step_index]
        phase = Phase(len(self.phases), kind, step_index, step, title, seconds, **fields)  # type: ignore[arg-type]
        self.phases.append(phase)

    def build(self) -> Plan:
        defaults = self.routine.defaults
        got_ready = False
        steps = self.routine.steps
        for index, step in enumerate(steps):
            if not got_ready and _needs_get_ready(step):
                got_ready = True
                get_ready = get_ready_seconds(step, defaults)
                if get_ready > 0:
                    self.add(
                        PhaseKind.GET_READY,
                        index,
                        "Get ready",
                        get_ready,
                        detail=f"Next: {step_title(step)}",
                        inserted=True,
                    )
                elif self._rest_before(index):
                    self._add_step_rest(index)
            elif self._rest_before(index):
                self._add_step_rest(index)
            count = len(self.phases)
            self._add_step(index, step)
            if not any(not p.inserted for p in self.phases[count:]):
                raise ValueError(
                    f"step {index + 1} ({step_title(step)}) of routine {self.routine.id!r} "
                    "has nothing to do"
                )
        timed = [p.seconds for p in self.phases if p.seconds is not None]
        return Plan(
            routine=self.routine,
            phases=tuple(self.phases),
            planned_seconds=math.fsum(timed),
            estimated_seconds=math.fsum(p.estimated_seconds for p in self.phases),
        )

    def _rest_before(self, index: int) -> bool:
        steps = self.routine.steps
        return (
            index > 0
            and self.routine.defaults.rest > 0
            and _rest_fits_between(steps[index - 1], steps[index])
        )

    def _add_step_rest(self, index: int) -> None:
        self.add(
            PhaseKind.REST,
            index,
            "Rest",
            self.routine.defaults.rest,
            detail=f"Next: {step_title(self.routine.steps[index])}",
            inserted=True,
        )

    def _add_step(self, index: int, step: Step) -> None:
        if isinstance(step, ExerciseStep):
            self._add_exercise(index, step)
        elif isinstance(step, RestStep):
            self.add(PhaseKind.REST, index, step.name, step.seconds, detail=step.note)
        elif isinstance(step, BreathingStep):
            self._add_breathing(index, step)
        elif isinstance(step, HydrationStep):
            self.add(
                PhaseKind.DRINK,
                index,
                step.name,
                None,
                detail=f"{format_volume(step.ml)} · press space when done",
            )
        elif isinstance(step, TherapyStep):
            self._add_therapy(index, step)
        elif isinstance(step, CheckInStep):
            self.add(PhaseKind.CHECK_IN, index, step.name, None, detail=step.prompt)
        else:  # pragma: no cover - the Step union is closed
            raise TypeError(f"unknown step type {type(step).__name__}")

    def _add_exercise(self, index: int, step: ExerciseStep) -> None:
        dose: Dose = step.dose
        defaults = self.routine.defaults
        name = step.exercise.name
        set_rest = dose.set_rest if dose.set_rest is not None else defaults.set_rest
        reps_per_set = dose.reps_per_set
        sets = len(reps_per_set)

        def set_text(number: int) -> str:
            return f"set {number} of {sets}" if sets > 1 else ""

        for side_number, side in enumerate(dose.sides):
            if side_number > 0 and defaults.switch_sides > 0:
                self.add(
                    PhaseKind.SWITCH_SIDES,
                    index,
                    "Switch sides",
                    defaults.switch_sides,
                    side=side,
                    detail=_join([f"now the {_side_text(side)}"]),
                    inserted=True,
                )
            where = _side_text(side)
            for set_number, reps in enumerate(reps_per_set, 1):
                counters: dict[str, object] = {"side": side}
                if sets > 1:
                    counters |= {"set_number": set_number, "sets": sets}
                if set_number > 1 and set_rest > 0:
                    coming = f"{reps} reps" if reps is not None else ""
                    self.add(
                        PhaseKind.REST,
                        index,
                        "Rest",
                        set_rest,
                        detail=_join([where, f"next: set {set_number} of {sets}", coming]),
                        inserted=True,
                        **counters,
                    )
                if reps is None:
                    # A timed dose (a hold, a walk…) or, if the dose gives neither, "do it,
                    # then press space". The countdown shows the time, so the detail does
                    # not: no "hold 45 s", which is wrong for a walk.
                    detail = "" if dose.hold is not None else "press space when done"
                    self.add(
                        PhaseKind.WORK,
                        index,
                        name,
                        dose.hold,
                        detail=_join([where, set_text(set_number), detail]),
                        **counters,
                    )
                elif dose.hold is not None:
                    for rep in range(1, reps + 1):
                        if rep > 1 and dose.rep_rest > 0:
                            self.add(
                                PhaseKind.REST,
                                index,
                                "Rest",
                                dose.rep_rest,
                                detail=_join([where, f"next: rep {rep} of {reps}"]),
                                rep_number=rep,
                                reps=reps,
                                inserted=True,
                                **counters,
                            )
                        self.add(
                            PhaseKind.WORK,
                            index,
                            name,
                            dose.hold,
                            detail=_join(
                                [
                                    where,
                                    set_text(set_number),
                                    f"rep {rep} of {reps}",
                                    f"hold {duration_text(dose.hold)}",
                                ]
                            ),
                            rep_number=rep,
                            reps=reps,
                            **counters,
                        )
                elif dose.paced:
                    assert dose.tempo is not None
                    self.add(
                        PhaseKind.WORK,
                        index,
                        name,
                        reps * dose.tempo,
                        detail=_join(
                            [where, set_text(set_number), f"{reps} reps, {_tempo_text(dose.tempo)}"]
                        ),
                        reps=reps,
                        tempo=dose.tempo,
                        **counters,
                    )
                else:
                    self.add(
                        PhaseKind.WORK,
                        index,
                        name,
                        None,
                        detail=_join(
                            [where, set_text(set_number), f"{reps} reps", "press space when done"]
                        ),
                        reps=reps,
                        **counters,
                    )

    def _add_breathing(self, index: int, step: BreathingStep) -> None:
        pattern = step.pattern
        parts = (
            (PhaseKind.INHALE, pattern.inhale, "Breathe in"),
            (PhaseKind.HOLD_IN, pattern.hold_in, "Hold"),
            (PhaseKind.EXHALE, pattern.exhale, "Breathe out"),
            (PhaseKind.HOLD_OUT, pattern.hold_out, "Hold"),
        )
        for round_number in range(1, step.rounds + 1):
            detail = _join([f"round {round_number} of {step.rounds}", pattern.label])
            for kind, seconds, title in parts:
                if seconds > 0:
                    self.add(
                        kind,
                        index,
                        title,
                        seconds,
                        round_number=round_number,
                        rounds=step.rounds,
                        detail=detail,
                    )

    def _add_therapy(self, index: int, step: TherapyStep) -> None:
        bouts = step.bouts
        for bout in range(1, bouts + 1):
            which = f"Bout {bout} of {bouts} · " if bouts > 1 else ""
            self.add(
                PhaseKind.PACK_ON,
                index,
                f"Put the {step.mode} pack on",
                None,
                round_number=bout,
                rounds=bouts,
                detail=f"{which}press Enter when it is on",
                inserted=True,
            )
            self.add(
                PhaseKind.THERAPY_ON,
                index,
                step_title(step),
                step.on,
                round_number=bout,
                rounds=bouts,
                detail=f"Bout {bout} of {bouts} · {step.mode}",
            )
            last = bout == bouts
            off = BOUT_END_SECONDS if last else step.off
            if off > 0:
                after = "check your skin" if last else f"bout {bout + 1} of {bouts} next"
                self.add(
                    PhaseKind.THERAPY_OFF,
                    index,
                    BOUT_END,
                    off,
                    round_number=bout,
                    rounds=bouts,
                    detail=f"Let the skin recover · {after}",
                    inserted=True,
                )


def build_plan(routine: Routine) -> Plan:
    """Flatten a routine into phases (see the module docstring for the rules).

    Raises ValueError for a step that yields no work (e.g. zero rounds); the loader rejects
    such routines first.
    """
    return _PlanBuilder(routine).build()
