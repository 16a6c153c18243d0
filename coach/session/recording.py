"""The seam between a running session and the journal: write as it goes, lose nothing.

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

A write that fails never stops the session, and is not lost: one that may work
later (busy, a full or read-only disk: the journal's `JournalError.retry`) stays
in memory, in order, and is tried again when the next step ends and at the end;
one the journal refuses (a bad value, a history open read-only) is dropped
without holding up the writes after it. `unsaved` names what is still not
written, and `history_line()` says it on the summary in one line, never "Saved"
when it was not. `on_error` is told of the first failure. No Textual here.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from coach.durations import format_volume
from coach.errors import excerpt
from coach.history.activity import Outcome, is_work_phase, outcome, step_work
from coach.history.ports import JournalWriter
from coach.routines.describe import step_detail
from coach.routines.model import CheckInStep, ExerciseStep, HydrationStep
from coach.session.engine import Session
from coach.session.events import CheckIn, Event, EventKind, StepRecord

logger = logging.getLogger(__name__)

WriteKind = Literal["start", "step", "water", "pain", "hurt", "end"]


@dataclass(frozen=True)
class PendingWrite:
    """One journal write not done yet: what it is (for the summary) and how to do it."""

    kind: WriteKind
    write: Callable[[], None]
    ml: int = 0  # water


class NoSessionRow(Exception):
    """A write that needs the session's row, which the journal refused."""


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
        self.failed: Exception | None = None  # the latest failure still standing (None: all in)
        self._told = False
        self._finished = False
        self._started = False
        self._pending: list[PendingWrite] = []  # in order; the first is tried first
        self._lost: list[tuple[PendingWrite, Exception]] = []  # refused by the journal
        self._water_logged: set[int] = set()  # hydration steps already counted
        self._pain_logged = 0  # check-ins already queued
        self._planned_work = planned_work(session)
        self._work: dict[int, float] = {}  # step index -> its work, as written
        self._status: str = "running"

    def attach(self) -> SessionRecorder:
        self.session.subscribe(self)
        return self

    @property
    def finished(self) -> bool:
        """The session's end is written."""
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

    @property
    def unsaved(self) -> tuple[PendingWrite, ...]:
        """What is not in the journal: refused, or still waiting to be tried again."""
        return tuple(write for write, _ in self._lost) + tuple(self._pending)

    def history_line(self, *, completed: bool) -> str:
        """The summary's one line about the history: saved, or what is not and why."""
        return history_line(self.unsaved, self.failed, completed=completed)

    # ------------------------------------------------------------------ events

    def __call__(self, event: Event) -> None:
        queued = len(self._pending)
        if not self._started:
            self._started = True
            self._queue("start", self._write_start)
        if event.kind in (EventKind.STEP_DONE, EventKind.STEP_SKIPPED) and event.record:
            self._record_step(event.record)
        elif event.kind is EventKind.PLAN_CHANGED:
            self._planned_work = planned_work(self.session)  # an easier variant's phases
        elif event.kind is EventKind.HURT and event.hurt is not None:
            report = event.hurt

            def write_hurt() -> None:
                self.journal.log_hurt(
                    report.hurt,
                    report.at,
                    session_id=self.session_id,
                    step_index=report.step_index,
                    exercise=report.exercise,
                )

            self._queue("hurt", write_hurt)
        elif event.kind is EventKind.SESSION_DONE and event.summary is not None:
            summary = event.summary
            self._status = summary.journal_status

            def write_end() -> None:
                self.journal.finish_session(
                    self._session_row(),
                    ended_at=summary.ended_at,
                    status=summary.journal_status,
                    active_seconds=summary.active_seconds,
                    pain_before=summary.pain_before,
                    pain_after=summary.pain_after,
                )
                self._finished = True

            self._queue("end", write_end)
        if len(self._pending) > queued or event.kind is EventKind.SESSION_DONE:
            # Only when something new is to be written (a step ended, the end): a busy
            # journal makes each try wait its timeout, so ticks and cues never retry.
            self._flush()

    def _queue(self, kind: WriteKind, write: Callable[[], None], ml: int = 0) -> None:
        self._pending.append(PendingWrite(kind, write, ml))

    def _flush(self) -> None:
        """Write what waits, in order; stop at the first write that may work later."""
        while self._pending:
            pending = self._pending[0]
            try:
                pending.write()
            except Exception as error:  # the journal's trouble must never stop the session
                if _may_work_later(error):
                    logger.warning("the history is not written now (kept to retry): %s", error)
                    self._failed(error)
                    return
                logger.warning("the history refused a %s: %s", pending.kind, error)
                self._lost.append((self._pending.pop(0), error))
                self._failed(error)
                continue
            self._pending.pop(0)
            if not self._pending and not self._lost:
                self.failed = None

    def _failed(self, error: Exception) -> None:
        if not (isinstance(error, NoSessionRow) and self.failed is not None):
            self.failed = error  # the cause, not "the row was not written" that follows it
        if not self._told and self.on_error is not None:
            self._told = True
            self.on_error(error)

    def _session_row(self) -> int:
        if self.session_id is None:
            raise NoSessionRow("the session's row was not written")
        return self.session_id

    # ------------------------------------------------------------------ writes

    def _write_start(self) -> None:
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
        step = record.step
        planned = self._planned_work.get(record.step_index, 0.0)
        work = step_work(record.journal_status, record.active_seconds, planned)
        # A step done again after going back: its later record includes the earlier.
        self._work[record.step_index] = max(work, self._work.get(record.step_index, 0.0))
        detail = step_detail(step, self.session.plan.routine.defaults)
        exercise = step.exercise.id if isinstance(step, ExerciseStep) else ""

        def write_step() -> None:
            self.journal.record_step(
                self._session_row(),
                record.step_index,
                record.name,
                record.journal_status,
                record.active_seconds,
                record.ended_at,
                detail,
                exercise=exercise,
                planned_seconds=planned,
                work_seconds=work,
            )

        self._queue("step", write_step)
        if (
            isinstance(step, HydrationStep)
            and record.journal_status == "done"
            and record.step_index not in self._water_logged
        ):
            # Going back and confirming the same glass again is still one glass.
            self._water_logged.add(record.step_index)
            ml, at = step.ml, record.ended_at
            self._queue("water", lambda: self.journal.log_water(ml, at, source="session"), ml)
        if isinstance(step, CheckInStep):
            check_ins = self.session.check_ins
            for check_in in check_ins[self._pain_logged :]:
                # With the session id the journal also sets the session's before/after
                # figure, and finish_session does not log the same check-in twice.
                def write_pain(check_in: CheckIn = check_in) -> None:
                    self.journal.log_pain(
                        check_in.level, check_in.at, check_in.moment, session_id=self.session_id
                    )

                self._queue("pain", write_pain)
            self._pain_logged = len(check_ins)


def _may_work_later(error: Exception) -> bool:
    """Busy, a full or read-only disk: try again. A bad value, a history open read-only or
    a session row that was never written: it never will (`JournalError.retry`)."""
    if isinstance(error, (ValueError, TypeError, NoSessionRow)):
        return False
    return bool(getattr(error, "retry", True))


def history_line(
    unsaved: Sequence[PendingWrite], error: Exception | None, *, completed: bool
) -> str:
    """One line for the summary: "Saved to your history." only when it all was."""
    if not unsaved:
        return "Saved to your history." if completed else "What you did is saved to your history."
    why = f": {excerpt(error, 120)}" if error is not None else ""
    kinds = [write.kind for write in unsaved]
    if "start" in kinds:
        water = sum(write.ml for write in unsaved if write.kind == "water")
        if not water:
            return f"Not saved to your history{why}."
        return f"Not saved to your history (nor the {format_volume(water)} of water){why}."
    parts = []
    steps = kinds.count("step")
    if steps:
        parts.append(f"{steps} step{'s' if steps != 1 else ''}")
    water = sum(write.ml for write in unsaved if write.kind == "water")
    if water:
        parts.append(f"{format_volume(water)} of water")
    pain = kinds.count("pain")
    if pain:
        parts.append("a pain check-in" if pain == 1 else f"{pain} pain check-ins")
    hurts = kinds.count("hurt")
    if hurts:
        parts.append("what hurt" if hurts == 1 else f"{hurts} notes of what hurt")
    if "end" in kinds:
        parts.append("the end")
    missing = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"Saved to your history, except {missing}{why}."


def planned_work(session: Session) -> dict[int, float]:
    """Seconds of work each step's plan holds (`coach.history.activity.is_work_phase`);
    a phase that waits for the user counts its estimate. Steps without work are left out."""
    planned: dict[int, float] = {}
    for phase in session.plan.phases:
        if is_work_phase(phase.kind, inserted=phase.inserted):
            planned[phase.step_index] = planned.get(phase.step_index, 0.0) + phase.estimated_seconds
    return planned
