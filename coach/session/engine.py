"""The session engine: a `Session` walks a plan (`coach.session.plan`) on a clock.

No Textual, no I/O, no sleeping. Time comes from an injected `coach.clock.Clock`; what
the session says as it runs (events, step records, the summary) is `coach.session.events`.

Time
----
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
its `StepRecord`; SESSION_DONE carries the `SessionSummary`.

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
  In a paced phase (reps at the exercise's tempo) the first `count_rep` hands the counting
  to the user: the phase stops its clock, keeps the reps the tempo counted, adds this one,
  and from then on waits like an untimed phase.
- `finish_early` ("done for today") and `quit` both end with `completed` False and keep what
  was done: the current step is reported as partial if any of its work was done. They differ
  only in `SessionSummary.ended_by`.
- `replace_plan` carries on with another plan of the same routine (easier variants, which
  may add phases: a one-sided variant runs on each side). The phases already behind, and
  the current one, must be the same; the current phase keeps its deadline, so nothing
  drifts. With `restart_step` the current step starts again in its new form instead.
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.clock import Clock
from coach.routines.describe import step_title
from coach.routines.model import CheckInStep, ExerciseStep, HydrationStep
from coach.session.events import (
    CheckIn,
    EndReason,
    Event,
    EventKind,
    HurtReport,
    Listener,
    SessionSummary,
    StepRecord,
    StepStatus,
)
from coach.session.plan import Phase, PhaseKind, Plan

logger = logging.getLogger(__name__)

COUNTDOWN_MIN_SECONDS = 5.0  # timed phases at least this long count down 3-2-1
HALFWAY_MIN_SECONDS = 20.0  # WORK holds at least this long announce the halfway point

# A deadline counts as passed this close to it: a timer that fires exactly on time must not
# find the deadline one float rounding step in the future and schedule a zero-length timer.
_EPSILON = 1e-6


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
    if phase.tempo and phase.reps:
        # Paced reps: each new rep is announced (REP 2, 3, …) instead of 3-2-1 and halfway.
        return [
            _Mark(seconds - done * phase.tempo, EventKind.REP, done + 1)
            for done in range(1, phase.reps)
        ]
    marks: list[_Mark] = []
    if phase.kind is PhaseKind.WORK and seconds >= HALFWAY_MIN_SECONDS:
        marks.append(_Mark(seconds / 2, EventKind.HALFWAY))
    if seconds >= COUNTDOWN_MIN_SECONDS:
        marks.extend(_Mark(float(n), EventKind.COUNTDOWN, n) for n in (3, 2, 1))
    marks.sort(key=lambda m: -m.before_end)
    return marks


def _shape(phase: Phase) -> tuple[object, ...]:
    """What must match for a running session to carry on in another plan."""
    return (
        phase.kind,
        phase.step_index,
        phase.seconds,
        phase.side,
        phase.set_number,
        phase.rep_number,
        phase.reps,
    )


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
        # Estimated seconds of all phases before each index, for progress.
        self._estimated_before: list[float] = []
        self._index_plan()

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
        self._counting_self = False  # a paced phase whose reps the user took over

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
        self._hurts: list[HurtReport] = []

    def _index_plan(self) -> None:
        """Where each step's phases start and end, and the estimate before each phase."""
        self._step_first.clear()
        self._step_last.clear()
        self._estimated_before.clear()
        total = 0.0
        for phase in self.plan.phases:
            self._step_first.setdefault(phase.step_index, phase.index)
            self._step_last[phase.step_index] = phase.index
            self._estimated_before.append(total)
            total += phase.estimated_seconds

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
        """The current phase is untimed (or a paced one the user now counts): it ends on
        confirm, count_rep or check_in."""
        phase = self.phase
        return phase is not None and (phase.seconds is None or self._counting_self)

    @property
    def rep_count(self) -> int:
        """Reps counted with count_rep in the current phase."""
        return self._rep_count

    @property
    def paced(self) -> bool:
        """The current phase is reps at a tempo, counted by the clock (not by the user)."""
        phase = self.phase
        return phase is not None and phase.tempo is not None and not self._counting_self

    def current_rep(self) -> int | None:
        """The rep under way: by the tempo in a paced phase, else the next one to count.

        None outside a WORK phase with a rep target.
        """
        phase = self.phase
        if phase is None or phase.kind is not PhaseKind.WORK or not phase.reps:
            return None
        if self.paced:
            return min(phase.reps, int(self.rep_phase() // 1) + 1)
        if phase.rep_number is not None:
            return phase.rep_number
        return min(phase.reps, self._rep_count + 1)

    def rep_phase(self) -> float:
        """How far into the paced reps the set is, in reps (2.5: half-way through the third).

        From the deadline, like the REP marks, so a figure drawn from it moves on the same
        clock that counts the reps. 0 outside a paced phase.
        """
        phase = self.phase
        if phase is None or not self.paced or phase.seconds is None or not phase.tempo:
            return 0.0
        remaining = self.remaining()
        done = phase.seconds - (phase.seconds if remaining is None else remaining)
        return max(0.0, done / phase.tempo + _EPSILON)

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
        """Finish an untimed WORK, DRINK or PACK_ON phase ("done", "drank it", "it is on")."""
        self._catch_up()
        phase = self.phase
        if (
            phase is None
            or not self.waiting_for_user
            or phase.kind not in (PhaseKind.WORK, PhaseKind.DRINK, PhaseKind.PACK_ON)
        ):
            return self._done(False)
        if isinstance(phase.step, HydrationStep):
            self._water[phase.step_index] = phase.step.ml
        self._complete_phase(self._clock.monotonic(), skipped=False)
        return self._done(True)

    def count_rep(self) -> bool:
        """Count one rep of an untimed WORK phase; the target count confirms the phase.

        In a paced phase it hands the counting to the user first (see the module docstring).
        """
        self._catch_up()
        phase = self.phase
        if phase is None or phase.kind is not PhaseKind.WORK:
            return self._done(False)
        if self.paced:
            self._count_self()
        elif not self.waiting_for_user:
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

    def replace_plan(self, plan: Plan, *, restart_step: bool = False) -> bool:
        """Carry on with `plan` (the same routine, some steps changed) from here on.

        The phases behind must be the same in both plans, and so must the current one
        unless `restart_step`, which starts the current step again as `plan` has it (an
        exercise swapped for its easier variant mid-way). The current phase keeps its
        deadline: the session does not drift. Returns False, changing nothing, when the
        plans differ behind, have other steps, or the session has ended.
        """
        self._catch_up()
        if self.finished or len(plan.routine.steps) != len(self.plan.routine.steps):
            return self._done(False)
        phase = self.phase
        keep = 0
        if phase is not None:
            keep = self._step_first[phase.step_index] if restart_step else phase.index + 1
        if len(plan.phases) < keep or any(
            _shape(new) != _shape(old)
            for new, old in zip(plan.phases[:keep], self.plan.phases[:keep], strict=False)
        ):
            return self._done(False)
        if (
            restart_step
            and phase is not None
            and phase.step_index not in {p.step_index for p in plan.phases[keep:]}
        ):
            return self._done(False)
        now = self._clock.monotonic()
        if restart_step and phase is not None:
            self._account(now)
        self.plan = plan
        self._index_plan()
        if restart_step and phase is not None:
            self._enter(keep, now)
        self._emit(EventKind.PLAN_CHANGED, self.phase, due=now)
        return self._done(True)

    def report_hurt(self, hurt: str) -> HurtReport | None:
        """Keep that something hurts, with the current step (HURT event); None when the
        session is not running. What to answer is `coach.safety.answer_hurt`'s."""
        self._catch_up()
        phase = self.phase
        if phase is None or not self._running:
            self._done(False)
            return None
        step = phase.step
        exercise = step.exercise.id if isinstance(step, ExerciseStep) else ""
        report = HurtReport(phase.step_index, exercise, str(hurt), self._clock.now())
        self._hurts.append(report)
        self._outbox.append(Event(EventKind.HURT, phase, hurt=report))
        self._done(True)
        return report

    @property
    def hurts(self) -> tuple[HurtReport, ...]:
        return tuple(self._hurts)

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

    def _count_self(self) -> None:
        """A paced phase from now on waits for the user, with the reps the tempo counted."""
        counted = int(self.rep_phase() // 1)
        self._account(self._clock.monotonic())
        self._counting_self = True
        self._rep_count = counted
        self._deadline = None
        self._remainder = None
        self._marks.clear()

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
        self._counting_self = False
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
            name=step_title(step),
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
        if phase.seconds is not None and not self._counting_self:
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
                    except Exception:  # a failing listener (screen, cues, journal) stops no other
                        logger.exception("a session listener failed on %s", event.kind)
        finally:
            self._dispatching = False
