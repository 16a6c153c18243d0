"""Routines built straight from the model dataclasses, and an event recorder."""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.clock import FakeClock
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
    Step,
    TherapyStep,
)
from coach.session.engine import Session
from coach.session.events import Event, EventKind
from coach.session.plan import build_plan

NO_EXTRAS = Defaults(get_ready=0, rest=0, set_rest=0, switch_sides=0)


def exercise(name: str = "Bird-dog", **dose: object) -> ExerciseStep:
    ident = name.lower().replace(" ", "-")
    return ExerciseStep(Exercise(ident, name, "core", ("Keep your back flat",)), Dose(**dose))  # type: ignore[arg-type]


def breathing(
    inhale: float = 4, hold_in: float = 0, exhale: float = 6, hold_out: float = 0, rounds: int = 2
) -> BreathingStep:
    return BreathingStep(BreathPattern(inhale, hold_in, exhale, hold_out), rounds)


def therapy(on: float = 60, off: float = 30, bouts: int = 2, mode: str = "cold") -> TherapyStep:
    return TherapyStep(mode, on, off, bouts, "Wrap the pack in a cloth")  # type: ignore[arg-type]


def routine(*steps: Step, defaults: Defaults = NO_EXTRAS, ident: str = "test") -> Routine:
    return Routine(ident, "Test routine", Kind.MIXED, tuple(steps), defaults=defaults)


@dataclass
class Recorder:
    """Keeps every event with the fake clock's time when it arrived."""

    clock: FakeClock
    events: list[Event] = field(default_factory=list)
    times: list[float] = field(default_factory=list)

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        self.times.append(self.clock.monotonic())

    def kinds(self, *only: EventKind) -> list[EventKind]:
        return [e.kind for e in self.events if not only or e.kind in only]

    def of(self, kind: EventKind) -> list[Event]:
        return [e for e in self.events if e.kind is kind]

    def clear(self) -> None:
        self.events.clear()
        self.times.clear()


def start(steps: Routine, clock: FakeClock) -> tuple[Session, Recorder]:
    session = Session(build_plan(steps), clock)
    recorder = Recorder(clock)
    session.subscribe(recorder)
    session.start()
    return session, recorder


def tick(session: Session, clock: FakeClock, seconds: float, step: float = 0.25) -> None:
    """Let `seconds` pass, calling update() every `step` like a UI timer would."""
    left = seconds
    while left > 1e-12:
        move = min(step, left)
        clock.advance(move)
        left -= move
        session.update()


__all__ = [
    "NO_EXTRAS",
    "CheckInStep",
    "Defaults",
    "HydrationStep",
    "Recorder",
    "RestStep",
    "breathing",
    "exercise",
    "routine",
    "start",
    "therapy",
    "tick",
]
