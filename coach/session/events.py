"""What a session says as it runs: its events, the record of each step, the summary.

No Textual, no I/O. `coach.session.engine.Session` emits `Event`s to its listeners (the
screen, the sound cues, the journal's recorder): STEP_DONE / STEP_SKIPPED carry a
`StepRecord` (step index, status, active seconds, wall-clock end) so a journal can
write each step at once; SESSION_DONE carries the `SessionSummary`. A step the user
goes back to is reported again when it ends again (`StepRecord.attempt` counts up):
the latest report of a step index wins, and its active seconds include the earlier
attempts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

from coach.routines.model import Step
from coach.session.plan import Phase


class EventKind(StrEnum):
    PHASE_STARTED = "phase_started"
    COUNTDOWN = "countdown"
    HALFWAY = "halfway"
    REP = "rep"  # paced reps: rep `value` (2, 3, …) starts now
    SWITCH_SIDES = "switch_sides"
    REST = "rest"
    STEP_DONE = "step_done"
    STEP_SKIPPED = "step_skipped"
    PAUSED = "paused"
    RESUMED = "resumed"
    PLAN_CHANGED = "plan_changed"  # replace_plan: the phases ahead changed
    HURT = "hurt"  # report_hurt: the user said something hurts (Event.hurt)
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
class HurtReport:
    """ "This hurts": what the user said happened (`coach.safety.Hurt`'s value), and where."""

    step_index: int
    exercise: str  # the exercise's id, "" outside an exercise step
    hurt: str
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
    value: int | None = None  # COUNTDOWN: 3, 2, 1; REP: the rep that starts
    record: StepRecord | None = None  # STEP_DONE / STEP_SKIPPED
    summary: SessionSummary | None = None  # SESSION_DONE
    late: float = 0.0  # seconds between when it was due and when it was emitted
    hurt: HurtReport | None = None  # HURT


Listener = Callable[[Event], None]
