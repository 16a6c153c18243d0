"""The session engine: a routine becomes a flat plan of phases, and a `Session` walks it.

No Textual, no I/O, no sleeping. Time comes from an injected `coach.clock.Clock`.

Plan
----
`build_plan(routine)` flattens the steps into `Phase`s:

- a GET_READY phase (`defaults.get_ready` s, 0 = none) before the first step with physical
  work (exercise, breathing or therapy); it belongs to that step;
- exercise: per side (left half, SWITCH_SIDES, right half) → per set (REST `set_rest` between
  sets) → a WORK phase per rep when reps are held (REST `rep_rest` between reps when > 0), one
  WORK phase per set for a plain hold, or one *untimed* WORK phase per set for reps without a
  hold (`seconds` None, `reps` the target: the user presses space when done);
- rest step → REST; breathing → INHALE, HOLD_IN, EXHALE, HOLD_OUT per round (zero-length
  phases left out); hydration → DRINK (untimed); therapy → THERAPY_ON per bout with
  THERAPY_OFF between bouts; check-in → CHECK_IN (untimed, answered 0–10);
- `defaults.rest` > 0 puts a REST before a step that follows another step, unless either of
  the two is a rest or a check-in (and never after the last step). Like GET_READY it is a
  lead-in of the step that follows it, so "back" and "restart" land on it.

Phases the plan adds around a step's own work (get-ready, rests between reps, sets and steps,
switch sides, therapy off-periods) have `inserted=True`: skipping them never makes a step
partial.

Session
-------
Every timed phase gets a deadline on the monotonic clock when it starts; `remaining()` is
deadline − now. When a deadline passes, the next phase's deadline is that deadline plus its
seconds, so late `update()` calls never add up: the session ends at start + planned seconds
+ paused seconds, whatever the load. Pausing stores the remainder; resuming sets
deadline = now + remainder. A UI calls `update()` when `next_wakeup()` says (one timer, no
polling); a late call catches up through every phase whose deadline passed and emits their
events in order (each `Event.late` says by how much it is late, so a sound player can drop
stale ticks).

Events are queued while a command changes state and delivered when it is done, so listeners
always see a consistent session and may call commands themselves. A listener that raises is
logged and the others still run.

Recording: every step that ends sends STEP_DONE (status done or partial) or STEP_SKIPPED with
a `StepRecord` (step index, status, active seconds, wall-clock end) in `Event.record`, so a
journal can write each step at once; SESSION_DONE carries the `SessionSummary`. A step the
user goes back to is reported again when it ends again (`StepRecord.attempt` counts up): the
latest report of a step index wins, and its active seconds include the earlier attempts.

Command rules
-------------
- Every command first catches up with the clock, so it acts on the phase that is current now.
- Only `toggle_pause` changes `paused`: moving while paused (skip, back, restart, confirm,
  check-in) starts the next phase paused, with its full length.
- `back` goes to the start of the previous step (its lead-in included); at the first step it
  restarts it. `restart_step` (its own key) restarts the current step, so ← never has two
  meanings depending on how long the step has run.
- `skip_step` marks the step skipped even when part of it was done.
- `count_rep` counts reps in an untimed WORK phase; reaching the target confirms the phase.
- `finish_early` ("done for today") and `quit` both end with `completed` False and keep what
  was done: the current step is reported as partial if any of its work was done. They differ
  only in `SessionSummary.ended_by`.
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

from coach.clock import Clock
from coach.durations import duration_text, format_volume
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

logger = logging.getLogger(__name__)

# Estimates for phases that wait for the user, for progress bars and "time left".
ESTIMATED_UNTIMED_WORK_SECONDS = 30.0  # "do it, press space" with no rep count
ESTIMATED_DRINK_SECONDS = 20.0
ESTIMATED_CHECK_IN_SECONDS = 10.0

COUNTDOWN_MIN_SECONDS = 5.0  # timed phases at least this long count down 3-2-1
HALFWAY_MIN_SECONDS = 20.0  # WORK holds at least this long announce the halfway point

# A deadline counts as passed this close to it: a timer that fires exactly on time must not
# find the deadline one float rounding step in the future and schedule a zero-length timer.
_EPSILON = 1e-6


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
        return ESTIMATED_CHECK_IN_SECONDS


@dataclass(frozen=True)
class Plan:
    routine: Routine
    phases: tuple[Phase, ...]
    planned_seconds: float  # sum of timed phases
    estimated_seconds: float  # plus estimates for untimed phases

    def phases_of(self, step_index: int) -> tuple[Phase, ...]:
        return tuple(p for p in self.phases if p.step_index == step_index)


# --------------------------------------------------------------------------- building plans


def step_name(step: Step) -> str:
    """The name to show for a step."""
    if isinstance(step, TherapyStep) and not step.name:
        return "Cold pack" if step.mode == "cold" else "Heat pack"
    return step.name


def _join(parts: list[str]) -> str:
    text = " · ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def _side_text(side: Side | None) -> str:
    return f"{side.value} side" if side is not None else ""


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
                if defaults.get_ready > 0:
                    self.add(
                        PhaseKind.GET_READY,
                        index,
                        "Get ready",
                        defaults.get_ready,
                        detail=f"Next: {step_name(step)}",
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
                    f"step {index + 1} ({step_name(step)}) of routine {self.routine.id!r} "
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
            detail=f"Next: {step_name(self.routine.steps[index])}",
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
                    self.add(
                        PhaseKind.REST,
                        index,
                        "Rest",
                        set_rest,
                        detail=_join([where, f"next: set {set_number} of {sets}"]),
                        inserted=True,
                        **counters,
                    )
                if reps is None:
                    # A plain hold (or, if the dose gives neither, "do it, then press space").
                    detail = (
                        f"hold {duration_text(dose.hold)}"
                        if dose.hold is not None
                        else "press space when done"
                    )
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
        for bout in range(1, step.bouts + 1):
            self.add(
                PhaseKind.THERAPY_ON,
                index,
                step_name(step),
                step.on,
                round_number=bout,
                rounds=step.bouts,
                detail=f"Bout {bout} of {step.bouts} · {step.mode}",
            )
            if bout < step.bouts and step.off > 0:
                self.add(
                    PhaseKind.THERAPY_OFF,
                    index,
                    "Pack off",
                    step.off,
                    round_number=bout,
                    rounds=step.bouts,
                    detail=f"Let the skin recover · bout {bout + 1} of {step.bouts} next",
                    inserted=True,
                )


def build_plan(routine: Routine) -> Plan:
    """Flatten a routine into phases (see the module docstring for the rules).

    Raises ValueError for a step that yields no work (e.g. zero rounds); the loader rejects
    such routines first.
    """
    return _PlanBuilder(routine).build()


# --------------------------------------------------------------------------- events


class EventKind(StrEnum):
    PHASE_STARTED = "phase_started"
    COUNTDOWN = "countdown"
    HALFWAY = "halfway"
    SWITCH_SIDES = "switch_sides"
    REST = "rest"
    STEP_DONE = "step_done"
    STEP_SKIPPED = "step_skipped"
    PAUSED = "paused"
    RESUMED = "resumed"
    SESSION_DONE = "session_done"


class StepStatus(StrEnum):
    PENDING = "pending"  # not ended yet (or never reached)
    DONE = "done"  # ran to its end, none of its work skipped
    PARTIAL = "partial"  # ran to its end with some work skipped, or the session ended inside it
    SKIPPED = "skipped"  # skip_step, or every bit of its work skipped


class EndReason(StrEnum):
    COMPLETED = "completed"  # ran to the end of the plan
    FINISHED_EARLY = "finished_early"  # "done for today"
    QUIT = "quit"


@dataclass(frozen=True)
class StepRecord:
    """A step that ended, as a journal records it."""

    step_index: int
    step: Step
    name: str
    status: StepStatus
    active_seconds: float  # unpaused time in the step's phases, earlier attempts included
    ended_at: datetime
    attempt: int = 1  # > 1 when the user went back and did the step again

    @property
    def journal_status(self) -> Literal["done", "skipped"]:
        return "skipped" if self.status is StepStatus.SKIPPED else "done"


@dataclass(frozen=True)
class CheckIn:
    step_index: int
    moment: Literal["before", "after"]
    level: int
    at: datetime


@dataclass(frozen=True)
class SessionSummary:
    routine_id: str
    started_at: datetime
    ended_at: datetime
    completed: bool
    active_seconds: float
    steps_done: int  # partial steps included
    steps_skipped: int
    steps_total: int
    pain_before: int | None
    pain_after: int | None
    water_ml: int
    routine_name: str = ""
    ended_by: EndReason = EndReason.COMPLETED
    steps_partial: int = 0
    paused_seconds: float = 0.0
    planned_seconds: float = 0.0
    check_ins: tuple[CheckIn, ...] = ()

    @property
    def journal_status(self) -> Literal["completed", "quit"]:
        return "completed" if self.completed else "quit"


@dataclass(frozen=True)
class Event:
    kind: EventKind
    phase: Phase | None
    value: int | None = None  # COUNTDOWN: 3, 2, 1
    record: StepRecord | None = None  # STEP_DONE / STEP_SKIPPED
    summary: SessionSummary | None = None  # SESSION_DONE
    late: float = 0.0  # seconds between when it was due and when it was emitted


Listener = Callable[[Event], None]


@dataclass(frozen=True)
class _Mark:
    """Something to announce `before_end` seconds before a timed phase ends."""

    before_end: float
    kind: EventKind
    value: int | None = None


def _marks_for(phase: Phase) -> list[_Mark]:
    seconds = phase.seconds
    if seconds is None:
        return []
    marks: list[_Mark] = []
    if phase.kind is PhaseKind.WORK and seconds >= HALFWAY_MIN_SECONDS:
        marks.append(_Mark(seconds / 2, EventKind.HALFWAY))
    if seconds >= COUNTDOWN_MIN_SECONDS:
        marks.extend(_Mark(float(n), EventKind.COUNTDOWN, n) for n in (3, 2, 1))
    marks.sort(key=lambda m: -m.before_end)
    return marks


# --------------------------------------------------------------------------- the session


class Session:
    """Walks a plan on a clock. See the module docstring for the rules."""

    def __init__(self, plan: Plan, clock: Clock) -> None:
        self.plan = plan
        self._clock = clock
        self._listeners: list[Listener] = []
        self._outbox: deque[Event] = deque()
        self._dispatching = False

        steps_total = len(plan.routine.steps)
        self._step_first: dict[int, int] = {}
        self._step_last: dict[int, int] = {}
        for phase in plan.phases:
            self._step_first.setdefault(phase.step_index, phase.index)
            self._step_last[phase.step_index] = phase.index
        # Estimated seconds of all phases before each index, for progress.
        self._estimated_before: list[float] = []
        total = 0.0
        for phase in plan.phases:
            self._estimated_before.append(total)
            total += phase.estimated_seconds

        self._started = False
        self._end_reason: EndReason | None = None
        self._index: int | None = None
        self._paused = False
        self._deadline: float | None = None  # timed phase, running
        self._remainder: float | None = None  # timed phase, paused
        self._segment_start = 0.0  # when the current unpaused stretch of this phase began
        self._phase_active = 0.0  # unpaused seconds spent in this phase before that stretch
        self._marks: deque[_Mark] = deque()
        self._rep_count = 0

        self._started_mono = 0.0
        self._started_at: datetime | None = None
        self._ended_mono: float | None = None
        self._ended_at: datetime | None = None
        self._paused_at = 0.0
        self._paused_seconds = 0.0
        self._final_progress = 0.0

        self._step_active = [0.0] * steps_total
        self._work_finished = [0] * steps_total
        self._work_skipped = [0] * steps_total
        self._attempts = [0] * steps_total
        self._records: dict[int, StepRecord] = {}
        self._water: dict[int, int] = {}
        self._check_ins: list[CheckIn] = []

    # ------------------------------------------------------------------ subscribing

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every event; returns a function that unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    # ------------------------------------------------------------------ state

    @property
    def phase(self) -> Phase | None:
        """The current phase; None before start and after the end."""
        return None if self._index is None else self.plan.phases[self._index]

    @property
    def started(self) -> bool:
        return self._started

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def finished(self) -> bool:
        return self._end_reason is not None

    @property
    def completed(self) -> bool:
        """Finished by running to the end of the plan (not finish_early or quit)."""
        return self._end_reason is EndReason.COMPLETED

    @property
    def ended_by(self) -> EndReason | None:
        return self._end_reason

    @property
    def waiting_for_user(self) -> bool:
        """The current phase is untimed: it ends on confirm, count_rep or check_in."""
        phase = self.phase
        return phase is not None and phase.seconds is None

    @property
    def rep_count(self) -> int:
        """Reps counted with count_rep in the current phase."""
        return self._rep_count

    @property
    def ended_monotonic(self) -> float | None:
        """When the session ended on the monotonic clock (the last deadline, if it ran out)."""
        return self._ended_mono

    @property
    def started_monotonic(self) -> float | None:
        return self._started_mono if self._started else None

    @property
    def paused_seconds(self) -> float:
        extra = self._clock.monotonic() - self._paused_at if self._paused else 0.0
        return self._paused_seconds + extra

    @property
    def check_ins(self) -> tuple[CheckIn, ...]:
        return tuple(self._check_ins)

    @property
    def records(self) -> tuple[StepRecord, ...]:
        """The latest record of every step that has ended, in step order."""
        return tuple(self._records[i] for i in sorted(self._records))

    def step_status(self, step_index: int) -> StepStatus:
        record = self._records.get(step_index)
        return record.status if record is not None else StepStatus.PENDING

    def active_seconds(self) -> float:
        """Unpaused seconds spent in phases so far."""
        total = math.fsum(self._step_active)
        if self._running and not self._paused:
            total += self._clock.monotonic() - self._segment_start
        return total

    def remaining(self) -> float | None:
        """Seconds left in the current timed phase, from its deadline; None if untimed."""
        if not self._running:
            return None
        if self._paused:
            return self._remainder
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - self._clock.monotonic())

    def phase_elapsed(self) -> float:
        """Unpaused seconds spent in the current phase (for pacers and untimed phases)."""
        if not self._running:
            return 0.0
        running = 0.0 if self._paused else self._clock.monotonic() - self._segment_start
        return self._phase_active + running

    def next_wakeup(self, *, display: bool = False) -> float | None:
        """Seconds until something happens (a countdown tick, halfway, the deadline).

        None while paused, waiting for the user, or not running. With `display`, also wakes
        when the whole seconds of `remaining()` change, for a countdown face.
        """
        if not self._running or self._paused or self._deadline is None:
            return None
        now = self._clock.monotonic()
        due = self._deadline - self._marks[0].before_end if self._marks else self._deadline
        wait = due - now
        if display:
            left = self._deadline - now
            wait = min(wait, left - (math.ceil(left - 1e-9) - 1))
        return max(0.0, wait)

    def progress(self) -> float:
        """0..1 over the estimated plan."""
        if not self._started:
            return 0.0
        if self.finished:
            return self._final_progress
        total = self.plan.estimated_seconds
        return min(1.0, self._estimated_done() / total) if total > 0 else 0.0

    def time_left(self) -> float:
        """Estimated seconds left in the routine."""
        if self.finished:
            return 0.0
        if not self._started:
            return self.plan.estimated_seconds
        return max(0.0, self.plan.estimated_seconds - self._estimated_done())

    def upcoming(self) -> Phase | None:
        """The next phase of another step or kind, for "next: …"."""
        phase = self.phase
        if phase is None:
            return None
        for later in self.plan.phases[phase.index + 1 :]:
            if (later.step_index, later.kind) != (phase.step_index, phase.kind):
                return later
        return None

    # ------------------------------------------------------------------ driving

    def start(self) -> None:
        if self._started:
            raise RuntimeError("this session has already started")
        self._started = True
        now = self._clock.monotonic()
        self._started_mono = now
        self._started_at = self._clock.now()
        if self.plan.phases:
            self._enter(0, now)
        else:
            self._end(now, EndReason.COMPLETED)
        self._catch_up()
        self._flush()

    def update(self) -> None:
        """Read the clock; end every phase whose deadline has passed, emitting its events."""
        self._catch_up()
        self._flush()

    # ------------------------------------------------------------------ commands

    def toggle_pause(self) -> bool:
        self._catch_up()
        if not self._running:
            return self._done(False)
        now = self._clock.monotonic()
        if not self._paused:
            self._account(now)
            if self._deadline is not None:
                self._remainder = max(0.0, self._deadline - now)
                self._deadline = None
            self._paused = True
            self._paused_at = now
            self._emit(EventKind.PAUSED, self.phase)
        else:
            self._paused_seconds += now - self._paused_at
            self._paused = False
            self._segment_start = now
            if self._remainder is not None:
                self._deadline = now + self._remainder
                self._remainder = None
            self._emit(EventKind.RESUMED, self.phase)
        return self._done(True)

    def skip_phase(self) -> bool:
        self._catch_up()
        if not self._running:
            return self._done(False)
        self._complete_phase(self._clock.monotonic(), skipped=True)
        return self._done(True)

    def skip_step(self) -> bool:
        self._catch_up()
        phase = self.phase
        if phase is None or not self._running:
            return self._done(False)
        now = self._clock.monotonic()
        self._account(now)
        self._close_step(phase.step_index, now, StepStatus.SKIPPED)
        after = self._step_last[phase.step_index] + 1
        if after < len(self.plan.phases):
            self._enter(after, now)
        else:
            self._end(now, EndReason.COMPLETED)
        return self._done(True)

    def back(self) -> bool:
        """To the start of the previous step; at the first step, restart it."""
        self._catch_up()
        phase = self.phase
        if phase is None or not self._running:
            return self._done(False)
        target = max(0, phase.step_index - 1)
        # Steps without phases do not exist (build_plan refuses them), but be safe.
        while target > 0 and target not in self._step_first:
            target -= 1
        now = self._clock.monotonic()
        self._account(now)
        self._enter(self._step_first[target], now)
        return self._done(True)

    def restart_step(self) -> bool:
        self._catch_up()
        phase = self.phase
        if phase is None or not self._running:
            return self._done(False)
        now = self._clock.monotonic()
        self._account(now)
        self._enter(self._step_first[phase.step_index], now)
        return self._done(True)

    def confirm(self) -> bool:
        """Finish an untimed WORK or DRINK phase ("done", "drank it")."""
        self._catch_up()
        phase = self.phase
        if (
            phase is None
            or phase.seconds is not None
            or phase.kind not in (PhaseKind.WORK, PhaseKind.DRINK)
        ):
            return self._done(False)
        if isinstance(phase.step, HydrationStep):
            self._water[phase.step_index] = phase.step.ml
        self._complete_phase(self._clock.monotonic(), skipped=False)
        return self._done(True)

    def count_rep(self) -> bool:
        """Count one rep of an untimed WORK phase; the target count confirms the phase."""
        self._catch_up()
        phase = self.phase
        if phase is None or phase.seconds is not None or phase.kind is not PhaseKind.WORK:
            return self._done(False)
        self._rep_count += 1
        if phase.reps is not None and self._rep_count >= phase.reps:
            self._complete_phase(self._clock.monotonic(), skipped=False)
        return self._done(True)

    def check_in(self, level: int) -> bool:
        """Answer a CHECK_IN phase with pain 0–10. Raises ValueError for another level."""
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 10:
            raise ValueError(f"pain is a whole number from 0 to 10, got {level!r}")
        self._catch_up()
        phase = self.phase
        if phase is None or phase.kind is not PhaseKind.CHECK_IN:
            return self._done(False)
        assert isinstance(phase.step, CheckInStep)
        self._check_ins.append(
            CheckIn(phase.step_index, phase.step.moment, level, self._clock.now())
        )
        self._complete_phase(self._clock.monotonic(), skipped=False)
        return self._done(True)

    def finish_early(self) -> bool:
        """ "Done for today": end now, keep what was done (completed stays False)."""
        return self._stop(EndReason.FINISHED_EARLY)

    def quit(self) -> bool:
        """End now, keep what was done (completed False, ended_by QUIT)."""
        return self._stop(EndReason.QUIT)

    def summary(self) -> SessionSummary:
        """Final once the session has finished; before that, figures as if it stopped now
        (`ended_at` now, `completed` False)."""
        now_wall = self._clock.now()
        statuses = [r.status for r in self._records.values()]
        before = [c.level for c in self._check_ins if c.moment == "before"]
        after = [c.level for c in self._check_ins if c.moment == "after"]
        return SessionSummary(
            routine_id=self.plan.routine.id,
            started_at=self._started_at or now_wall,
            ended_at=self._ended_at or now_wall,
            completed=self.completed,
            active_seconds=self.active_seconds(),
            steps_done=sum(s in (StepStatus.DONE, StepStatus.PARTIAL) for s in statuses),
            steps_skipped=sum(s is StepStatus.SKIPPED for s in statuses),
            steps_total=len(self.plan.routine.steps),
            pain_before=before[0] if before else None,
            pain_after=after[-1] if after else None,
            water_ml=sum(self._water.values()),
            routine_name=self.plan.routine.name,
            ended_by=self._end_reason or EndReason.QUIT,
            steps_partial=sum(s is StepStatus.PARTIAL for s in statuses),
            paused_seconds=self.paused_seconds,
            planned_seconds=self.plan.planned_seconds,
            check_ins=tuple(self._check_ins),
        )

    # ------------------------------------------------------------------ internals

    @property
    def _running(self) -> bool:
        return self._started and self._end_reason is None and self._index is not None

    def _done(self, result: bool) -> bool:
        # A command may leave a zero-length phase whose deadline is already due.
        self._catch_up()
        self._flush()
        return result

    def _catch_up(self) -> None:
        if not self._running or self._paused:
            return
        now = self._clock.monotonic()
        while self._running and not self._paused and self._deadline is not None:
            deadline = self._deadline
            phase = self.phase
            while self._marks and deadline - self._marks[0].before_end <= now + _EPSILON:
                mark = self._marks.popleft()
                self._emit(mark.kind, phase, mark.value, due=deadline - mark.before_end)
            if deadline > now + _EPSILON:
                break
            # The next phase starts at this deadline, not now: lateness never accumulates.
            self._complete_phase(deadline, skipped=False)

    def _enter(self, index: int, at: float) -> None:
        phase = self.plan.phases[index]
        if index == self._step_first[phase.step_index]:
            self._work_finished[phase.step_index] = 0
            self._work_skipped[phase.step_index] = 0
        self._index = index
        self._rep_count = 0
        self._marks = deque(_marks_for(phase))
        self._segment_start = at
        self._phase_active = 0.0
        self._deadline = None
        self._remainder = None
        if phase.seconds is not None:
            if self._paused:
                self._remainder = phase.seconds
            else:
                self._deadline = at + phase.seconds
        self._emit(EventKind.PHASE_STARTED, phase, due=at)
        if phase.kind is PhaseKind.SWITCH_SIDES:
            self._emit(EventKind.SWITCH_SIDES, phase, due=at)
        elif phase.kind is PhaseKind.REST:
            self._emit(EventKind.REST, phase, due=at)

    def _account(self, at: float) -> None:
        """Add the unpaused time of the current phase up to `at` to its step."""
        phase = self.phase
        if phase is None or self._paused:
            return
        spent = at - self._segment_start
        self._step_active[phase.step_index] += spent
        self._phase_active += spent
        self._segment_start = at

    def _complete_phase(self, at: float, *, skipped: bool) -> None:
        phase = self.phase
        assert phase is not None
        self._account(at)
        if not phase.inserted:
            if skipped:
                self._work_skipped[phase.step_index] += 1
            else:
                self._work_finished[phase.step_index] += 1
        following = phase.index + 1
        last = following >= len(self.plan.phases)
        if last or self.plan.phases[following].step_index != phase.step_index:
            self._close_step(phase.step_index, at)
        if last:
            self._end(at, EndReason.COMPLETED)
        else:
            self._enter(following, at)

    def _close_step(self, step_index: int, at: float, status: StepStatus | None = None) -> None:
        if status is None:
            finished, skipped = self._work_finished[step_index], self._work_skipped[step_index]
            if finished == 0:
                status = StepStatus.SKIPPED
            elif skipped:
                status = StepStatus.PARTIAL
            else:
                status = StepStatus.DONE
        self._attempts[step_index] += 1
        step = self.plan.routine.steps[step_index]
        record = StepRecord(
            step_index=step_index,
            step=step,
            name=step_name(step),
            status=status,
            active_seconds=self._step_active[step_index],
            ended_at=self._wall_at(at),
            attempt=self._attempts[step_index],
        )
        self._records[step_index] = record
        kind = EventKind.STEP_SKIPPED if status is StepStatus.SKIPPED else EventKind.STEP_DONE
        self._emit(kind, self.phase, record=record, due=at)

    def _stop(self, reason: EndReason) -> bool:
        self._catch_up()
        phase = self.phase
        if phase is None or not self._running:
            return self._done(False)
        now = self._clock.monotonic()
        self._account(now)
        step_index = phase.step_index
        did_work = self._work_finished[step_index] > 0 or (
            not phase.inserted and self._phase_active > 0
        )
        if did_work:
            self._close_step(step_index, now, StepStatus.PARTIAL)
        self._end(now, reason)
        return self._done(True)

    def _end(self, at: float, reason: EndReason) -> None:
        if reason is EndReason.COMPLETED:
            self._final_progress = 1.0
        elif self._index is not None and self.plan.estimated_seconds > 0:
            self._final_progress = min(1.0, self._estimated_done() / self.plan.estimated_seconds)
        if self._paused:
            self._paused_seconds += at - self._paused_at
            self._paused = False
        self._end_reason = reason
        self._ended_mono = at
        self._ended_at = self._wall_at(at)
        self._index = None
        self._deadline = None
        self._remainder = None
        self._marks.clear()
        self._emit(EventKind.SESSION_DONE, None, summary=self.summary(), due=at)

    def _estimated_done(self) -> float:
        phase = self.phase
        if phase is None:
            return 0.0
        if phase.seconds is not None:
            remaining = self.remaining()
            within = phase.seconds - (remaining if remaining is not None else phase.seconds)
        else:
            within = min(self.phase_elapsed(), phase.estimated_seconds)
        return self._estimated_before[phase.index] + within

    def _wall_at(self, mono: float) -> datetime:
        """The wall-clock time of a monotonic instant (deadlines pass before we look)."""
        return self._clock.now() - timedelta(seconds=self._clock.monotonic() - mono)

    def _emit(
        self,
        kind: EventKind,
        phase: Phase | None,
        value: int | None = None,
        *,
        record: StepRecord | None = None,
        summary: SessionSummary | None = None,
        due: float | None = None,
    ) -> None:
        late = max(0.0, self._clock.monotonic() - due) if due is not None else 0.0
        self._outbox.append(Event(kind, phase, value, record, summary, late))

    def _flush(self) -> None:
        # Listeners may call commands; their events join the queue and are delivered here,
        # in order, rather than from inside another delivery.
        if self._dispatching:
            return
        self._dispatching = True
        try:
            while self._outbox:
                event = self._outbox.popleft()
                for listener in list(self._listeners):
                    try:
                        listener(event)
                    except Exception:
                        logger.exception("a session listener failed on %s", event.kind)
        finally:
            self._dispatching = False
