"""Fakes shared by the tests: a library, a journal and a sound player, plus small routines.

Routines are built straight from the model dataclasses, so these tests never depend on
the built-in YAML files changing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from coach.errors import CoachError, InvalidFile, did_you_mean
from coach.routines.model import (
    BreathingStep,
    BreathPattern,
    CheckInStep,
    Defaults,
    Dose,
    Exercise,
    ExerciseStep,
    HydrationStep,
    Kind,
    RestStep,
    Routine,
    TherapyStep,
)

SIZE = (80, 24)


@dataclass
class FakeLibrary:
    routines: dict[str, Routine]
    problems: list[InvalidFile] = field(default_factory=list)
    exercises: dict[str, Exercise] = field(default_factory=dict)

    def get(self, routine_id: str) -> Routine:
        try:
            return self.routines[routine_id]
        except KeyError:
            raise CoachError(
                f'unknown routine "{routine_id}"{did_you_mean(routine_id, set(self.routines))}'
            ) from None

    def by_kind(self) -> dict[Kind, list[Routine]]:
        grouped: dict[Kind, list[Routine]] = {}
        for kind in Kind:
            found = [r for r in self.routines.values() if r.kind is kind]
            if found:
                grouped[kind] = found
        return grouped


class FakeJournal:
    """A `coach.history.ports.ReadWriteJournal` in memory.

    Keeps what a session writes, in order, like the real journal's write methods; its
    reads answer like an empty history (plus the water it was given), and the safety
    screen counts as acknowledged unless `acknowledged_at` is set to None.
    """

    zone: tzinfo | None = None
    acknowledged_at: datetime | None = datetime(2026, 1, 1, tzinfo=UTC)

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.sessions: dict[int, dict[str, Any]] = {}
        self.steps: list[dict[str, Any]] = []
        self.water: list[tuple[int, datetime, str]] = []
        self.pain: list[tuple[int, str, int | None]] = []
        self.reminders: list[dict[str, Any]] = []
        self.activity: list[tuple[str, float, datetime, str]] = []
        self.away: list[tuple[datetime, datetime]] = []
        self.peg: list[Any] = []  # PegRows, oldest first
        # The window offers the weekly PEG only when this is None or a week old: tests that
        # want the offer set it to None (it would otherwise pop up over every home screen).
        self.peg_offered: date | None = date.max

    # ------------------------------------------------------------------ writes

    def start_session(
        self,
        routine_id: str,
        routine_name: str,
        kind: str,
        planned_seconds: float,
        started_at: datetime,
        *,
        tags: Iterable[str] = (),
        planned_work_seconds: float | None = None,
    ) -> int:
        session_id = len(self.sessions) + 1
        self.sessions[session_id] = {
            "routine_id": routine_id,
            "name": routine_name,
            "kind": kind,
            "planned": planned_seconds,
            "planned_work": planned_work_seconds,
            "tags": tuple(tags),
            "started_at": started_at,
            "status": "running",
        }
        self.calls.append(("start_session", routine_id))
        return session_id

    def record_step(
        self,
        session_id: int,
        step_index: int,
        name: str,
        status: str,
        active_seconds: float,
        ended_at: datetime,
        dose: str = "",
        *,
        exercise: str = "",
        planned_seconds: float | None = None,
        work_seconds: float | None = None,
    ) -> None:
        self.steps.append(
            {
                "session_id": session_id,
                "index": step_index,
                "name": name,
                "status": status,
                "seconds": active_seconds,
                "dose": dose,
                "exercise": exercise,
                "planned": planned_seconds,
                "work": work_seconds,
            }
        )
        self.calls.append(("record_step", (step_index, status)))

    def finish_session(self, session_id: int, **fields: Any) -> None:
        self.sessions[session_id].update(fields)
        self.calls.append(("finish_session", fields["status"]))

    def record_reminder(self, kind: str, due_at: datetime, fired_at: datetime, answer: str) -> int:
        self.reminders.append(
            {"kind": kind, "due_at": due_at, "fired_at": fired_at, "answer": answer}
        )
        return len(self.reminders)

    def answer_reminder(self, reminder_id: int, answer: str, at: datetime) -> None:
        self.reminders[reminder_id - 1]["answer"] = answer

    def log_water(self, ml: int, at: datetime, source: str = "manual") -> None:
        self.water.append((ml, at, source))

    def log_pain(
        self, level: int, at: datetime, context: str, *, session_id: int | None = None
    ) -> None:
        self.pain.append((level, context, session_id))

    def log_activity(self, kind: str, seconds: float, at: datetime, source: str = "cli") -> int:
        self.activity.append((kind, seconds, at, source))
        return len(self.activity)

    def log_away(self, start: datetime, end: datetime) -> None:
        self.away.append((start, end))

    def log_peg(self, answers: Any, at: datetime, source: str = "cli") -> int:
        from coach.history.rows import PegRow

        self.peg.append(PegRow(at, at.date(), tuple(answers)))  # type: ignore[arg-type]
        return len(self.peg)

    def offer_peg(self, day: date) -> None:
        self.peg_offered = day

    def remove_entry(self, entry: Any) -> None:
        self.calls.append(("remove_entry", entry))

    def correct_entry(self, entry: Any, value: float) -> Any:
        self.calls.append(("correct_entry", (entry, value)))
        return entry

    def acknowledge_safety(self, at: datetime) -> None:
        self.acknowledged_at = at

    # ------------------------------------------------------------------ reads

    def data_version(self) -> int:
        return 1  # nobody else writes to a fake

    def recent_sessions(self, limit: int = 20, *, since: date | None = None) -> list[Any]:
        return []

    def last_session_end(self) -> datetime | None:
        return None

    def routine_days(self, routine_id: str, last: date) -> list[date]:
        return []

    def sessions_by_day(self, first: date, last: date) -> dict[date, int]:
        return {}

    def moderate_seconds_by_day(self, first: date, last: date) -> dict[date, float]:
        return {}

    def strength_days(self, first: date, last: date) -> set[date]:
        return set()

    def practice_days(self, first: date | None = None, last: date | None = None) -> list[date]:
        return []

    def water_since(self, since: datetime) -> int:
        return sum(ml for ml, at, _ in self.water if at >= since)

    def water_on(self, day: date) -> int:
        return sum(ml for ml, _, _ in self.water)

    def water_by_day(self, first: date, last: date) -> dict[date, int]:
        return {}

    def reminders_by_day(self, first: date, last: date, kind: str) -> dict[date, Any]:
        return {}

    def max_pain_by_day(self, first: date, last: date) -> dict[date, int]:
        return {}

    def pain_entries(self, first: date, last: date) -> list[Any]:
        return []

    def session_pain(self, first: date, last: date) -> list[Any]:
        return []

    def peg_entries(self, first: date | None = None, last: date | None = None) -> list[Any]:
        return [
            row
            for row in self.peg
            if (first is None or row.day >= first) and (last is None or row.day <= last)
        ]

    def peg_offered_on(self) -> date | None:
        return self.peg_offered

    def last_entries(self) -> dict[str, Any]:
        return {}

    def safety_acknowledged_at(self) -> datetime | None:
        return self.acknowledged_at


class FakeSound:
    def __init__(self, muted: bool = False) -> None:
        self.muted = muted
        self.played: list[str] = []

    def play(self, cue: str) -> None:
        if not self.muted:
            self.played.append(cue)


NO_EXTRAS = Defaults(get_ready=0, rest=0, set_rest=0, switch_sides=0)


def exercise(
    name: str,
    *,
    cues: Iterable[str] = ("Keep your back flat",),
    skip_if: Iterable[str] = (),
    **dose: Any,
) -> ExerciseStep:
    ident = name.lower().replace(" ", "-")
    return ExerciseStep(
        Exercise(ident, name, "back", tuple(cues), skip_if=tuple(skip_if)), Dose(**dose)
    )


def short_routine(ident: str = "short") -> Routine:
    """Check-in, a 10 s hold, 3 untimed reps, a breath, a drink, check-in: every kind of face."""
    return Routine(
        ident,
        "Short test",
        Kind.MIXED,
        (
            CheckInStep("before"),
            exercise(
                "Cat cow",
                hold=10,
                cues=("Round the back slowly", "Let it sag gently"),
                skip_if=("wrist pain",),
            ),
            exercise("Bird dog", reps=3),
            BreathingStep(BreathPattern(4, 0, 6, 0), rounds=1),
            HydrationStep(250),
            CheckInStep("after"),
        ),
        description="A routine made for the tests.",
        defaults=NO_EXTRAS,
    )


def hold_routine() -> Routine:
    """A held stretch with sets, a rest and a second exercise: for skip, back, restart."""
    return Routine(
        "holds",
        "Holds",
        Kind.STRETCH,
        (
            exercise(
                "Hamstring stretch",
                hold=30,
                sets=2,
                per_side=True,
                cues=("Loop a towel round one foot", "Raise the straight leg"),
                skip_if=("sciatica that worsens",),
            ),
            RestStep(20),
            exercise("Figure four", hold=30, cues=("Ankle over the opposite knee",)),
        ),
        description="Two stretches.",
        defaults=Defaults(get_ready=5, rest=0, set_rest=10, switch_sides=5),
    )


def breathing_routine() -> Routine:
    return Routine(
        "box",
        "Box breathing",
        Kind.BREATHING,
        (BreathingStep(BreathPattern(4, 4, 4, 4, "box"), rounds=2),),
        defaults=NO_EXTRAS,
    )


def therapy_routine() -> Routine:
    return Routine(
        "ice",
        "Cold pack",
        Kind.THERAPY,
        (TherapyStep("cold", 600, 300, 2, "Wrap the pack in a thin towel; never on bare skin"),),
        defaults=NO_EXTRAS,
    )


def user_routine() -> Routine:
    return Routine(
        "my-break",
        "My break",
        Kind.POSTURE,
        (exercise("Chin tuck", reps=10),),
        builtin=False,
        defaults=NO_EXTRAS,
    )
