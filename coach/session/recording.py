"""The seam between a running session and the journal: write as it goes.

A `SessionRecorder` listens to a `coach.session.engine.Session` and writes to a
`coach.history.ports.JournalWriter` (the real Journal, or a fake in tests):

- the session row when the session starts (its first event), with the work its
  plan holds;
- each step when it ends (STEP_DONE / STEP_SKIPPED), committed at once, so a
  crash or a closed terminal keeps every step already done, with its planned and
  done work as `coach.history.activity` measures it (only work phases count, a
  phase that waits for a key at most its estimate, a skipped step nothing);
- a confirmed drink as water, an answered check-in as pain, "this hurts" with its step;
- the end (completed or quit) with the pain before and after.

`outcome`, `work_seconds` and `planned_work_seconds` say what the session did as the
History screen will (for the summary: "partly done" after skipping through).

A journal that fails (a locked or full disk) never stops the session: the
recorder logs it, stops writing and tells `on_error` once, so the UI can say so.
No Textual here.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from coach.history.activity import Outcome, is_work_phase, outcome, step_work
from coach.history.ports import JournalWriter
from coach.routines.describe import step_detail
from coach.routines.model import CheckInStep, ExerciseStep, HydrationStep
from coach.session.engine import Session
from coach.session.events import Event, EventKind, StepRecord

logger = logging.getLogger(__name__)


class SessionRecorder:
    """Writes one session to a journal as its events arrive. Attach before `start()`."""

    def __init__(
        self,
        session: Session,
        journal: JournalWriter,
        *,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.session = session
        self.journal = journal
        self.on_error = on_error
        self.session_id: int | None = None
        self.failed: Exception | None = None
        self._finished = False
        self._water_logged: set[int] = set()  # hydration steps already counted
        self._pain_logged = 0  # check-ins already written
        self._planned_work = planned_work(session)
        self._work: dict[int, float] = {}  # step index -> its work, as written
        self._status: str = "running"

    def attach(self) -> SessionRecorder:
        self.session.subscribe(self)
        return self

    @property
    def finished(self) -> bool:
        return self._finished

    @property
    def work_seconds(self) -> float:
        """The work done so far, as the journal counts it (`coach.history.activity`)."""
        return math.fsum(self._work.values())

    @property
    def planned_work_seconds(self) -> float:
        return math.fsum(self._planned_work.values())

    @property
    def outcome(self) -> Outcome:
        """What the session did, in the History screen's words: for the summary."""
        return outcome(self._status, self.work_seconds, self.planned_work_seconds)

    def __call__(self, event: Event) -> None:
        if self.failed is not None:
            return
        try:
            self._handle(event)
        except Exception as error:  # the journal's trouble must not stop the session
            logger.exception("could not write the session to the journal")
            self.failed = error
            if self.on_error is not None:
                self.on_error(error)

    def _handle(self, event: Event) -> None:
        if self.session_id is None:
            self._start()
        if event.kind in (EventKind.STEP_DONE, EventKind.STEP_SKIPPED) and event.record:
            self._record_step(event.record)
        elif event.kind is EventKind.PLAN_CHANGED:
            self._planned_work = planned_work(self.session)  # an easier variant's phases
        elif event.kind is EventKind.HURT and event.hurt is not None:
            report = event.hurt
            self.journal.log_hurt(
                report.hurt,
                report.at,
                session_id=self.session_id,
                step_index=report.step_index,
                exercise=report.exercise,
            )
        elif event.kind is EventKind.SESSION_DONE and event.summary is not None:
            summary = event.summary
            assert self.session_id is not None
            self._status = summary.journal_status
            self.journal.finish_session(
                self.session_id,
                ended_at=summary.ended_at,
                status=summary.journal_status,
                active_seconds=summary.active_seconds,
                pain_before=summary.pain_before,
                pain_after=summary.pain_after,
            )
            self._finished = True

    def _start(self) -> None:
        routine = self.session.plan.routine
        self.session_id = self.journal.start_session(
            routine.id,
            routine.name,
            routine.kind.value,
            self.session.plan.planned_seconds,
            self.session.summary().started_at,
            tags=routine.tags,
            planned_work_seconds=self.planned_work_seconds,
        )

    def _record_step(self, record: StepRecord) -> None:
        assert self.session_id is not None
        step = record.step
        planned = self._planned_work.get(record.step_index, 0.0)
        work = step_work(record.journal_status, record.active_seconds, planned)
        # A step done again after going back: its later record includes the earlier.
        self._work[record.step_index] = max(work, self._work.get(record.step_index, 0.0))
        self.journal.record_step(
            self.session_id,
            record.step_index,
            record.name,
            record.journal_status,
            record.active_seconds,
            record.ended_at,
            step_detail(step, self.session.plan.routine.defaults),
            exercise=step.exercise.id if isinstance(step, ExerciseStep) else "",
            planned_seconds=planned,
            work_seconds=work,
        )
        if (
            isinstance(step, HydrationStep)
            and record.journal_status == "done"
            and record.step_index not in self._water_logged
        ):
            # Going back and confirming the same glass again is still one glass.
            self._water_logged.add(record.step_index)
            self.journal.log_water(step.ml, record.ended_at, source="session")
        if isinstance(step, CheckInStep):
            check_ins = self.session.check_ins
            for check_in in check_ins[self._pain_logged :]:
                # With the session id the journal also sets the session's before/after
                # figure, and finish_session does not log the same check-in twice.
                self.journal.log_pain(
                    check_in.level, check_in.at, check_in.moment, session_id=self.session_id
                )
            self._pain_logged = len(check_ins)


def planned_work(session: Session) -> dict[int, float]:
    """Seconds of work each step's plan holds (`coach.history.activity.is_work_phase`);
    a phase that waits for the user counts its estimate. Steps without work are left out."""
    planned: dict[int, float] = {}
    for phase in session.plan.phases:
        if is_work_phase(phase.kind, inserted=phase.inserted):
            planned[phase.step_index] = planned.get(phase.step_index, 0.0) + phase.estimated_seconds
    return planned
