"""Engine events to cues: the mapping, and a real session on a fake clock."""

from __future__ import annotations

import logging
from functools import partial
from types import SimpleNamespace

import pytest

from coach.clock import FakeClock
from coach.routines.model import (
    BreathingStep,
    BreathPattern,
    Defaults,
    Dose,
    Exercise,
    ExerciseStep,
    Kind,
    RestStep,
    Routine,
)
from coach.session.cues import MAX_LATENESS, cue_for_event, play_cue_for_event
from coach.session.engine import Session
from coach.session.events import EventKind
from coach.session.plan import PhaseKind, build_plan


class CueRecorder:
    def __init__(self) -> None:
        self.cues: list[str] = []

    def play(self, cue: str) -> None:
        self.cues.append(cue)


def fake_event(kind: str, phase_kind: str | None = None, late: float = 0.0) -> SimpleNamespace:
    phase = SimpleNamespace(kind=phase_kind) if phase_kind is not None else None
    return SimpleNamespace(kind=kind, phase=phase, value=None, late=late)


@pytest.mark.parametrize(
    ("kind", "phase_kind", "cue"),
    [
        (EventKind.PHASE_STARTED, PhaseKind.WORK, "start"),
        (EventKind.PHASE_STARTED, PhaseKind.THERAPY_ON, "start"),
        (EventKind.PHASE_STARTED, PhaseKind.THERAPY_OFF, "rest"),
        (EventKind.PHASE_STARTED, PhaseKind.GET_READY, None),
        (EventKind.PHASE_STARTED, PhaseKind.REST, None),  # the REST event sounds instead
        (EventKind.PHASE_STARTED, PhaseKind.SWITCH_SIDES, None),  # SWITCH_SIDES does
        (EventKind.PHASE_STARTED, PhaseKind.INHALE, None),
        (EventKind.PHASE_STARTED, PhaseKind.DRINK, None),
        (EventKind.COUNTDOWN, PhaseKind.WORK, "tick"),
        (EventKind.COUNTDOWN, PhaseKind.GET_READY, "tick"),
        (EventKind.COUNTDOWN, PhaseKind.EXHALE, None),
        (EventKind.COUNTDOWN, PhaseKind.HOLD_IN, None),
        (EventKind.HALFWAY, PhaseKind.WORK, "halfway"),
        (EventKind.SWITCH_SIDES, PhaseKind.SWITCH_SIDES, "switch"),
        (EventKind.REST, PhaseKind.REST, "rest"),
        (EventKind.SESSION_DONE, None, "done"),
        (EventKind.STEP_DONE, PhaseKind.WORK, None),
        (EventKind.PAUSED, PhaseKind.WORK, None),
        (EventKind.RESUMED, PhaseKind.WORK, None),
    ],
)
def test_each_event_kind_has_its_cue(
    kind: EventKind, phase_kind: PhaseKind | None, cue: str | None
) -> None:
    # Works with the engine's enums and with plain strings alike.
    assert cue_for_event(fake_event(kind, phase_kind)) == cue  # type: ignore[arg-type]
    assert cue_for_event(fake_event(str(kind), phase_kind and str(phase_kind))) == cue  # type: ignore[arg-type]


def test_late_events_are_dropped_except_done() -> None:
    player = CueRecorder()
    late = MAX_LATENESS + 0.5
    play_cue_for_event(player, fake_event("countdown", "work", late=late))  # type: ignore[arg-type]
    play_cue_for_event(player, fake_event("phase_started", "work", late=late))  # type: ignore[arg-type]
    play_cue_for_event(player, fake_event("countdown", "work", late=MAX_LATENESS))  # type: ignore[arg-type]
    play_cue_for_event(player, fake_event("session_done", late=60))  # type: ignore[arg-type]
    assert player.cues == ["tick", "done"]


def test_a_failing_player_never_stops_the_session(caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        def play(self, cue: str) -> None:
            raise RuntimeError("boom")

    clock = FakeClock()
    session = Session(build_plan(_routine()), clock)
    session.subscribe(partial(play_cue_for_event, Broken()))
    with caplog.at_level(logging.ERROR, logger="coach.session.engine"):
        session.start()
        _run(session, clock, 120)
    assert session.finished and session.completed
    assert "a session listener failed" in caplog.text


def _routine() -> Routine:
    side_plank = ExerciseStep(
        Exercise("side-plank", "Side plank", "core", ("Hips up",)), Dose(hold=20, per_side=True)
    )
    breathe = BreathingStep(BreathPattern(4, 7, 8, 0), rounds=1)
    defaults = Defaults(get_ready=5, rest=0, set_rest=0, switch_sides=5)
    return Routine("t", "Test", Kind.MIXED, (side_plank, RestStep(10), breathe), defaults=defaults)


def _run(session: Session, clock: FakeClock, seconds: float) -> None:
    for _ in range(int(seconds / 0.25) + 4):
        clock.advance(0.25)
        session.update()


def test_a_whole_session_sounds_in_order() -> None:
    clock = FakeClock()
    session = Session(build_plan(_routine()), clock)
    player = CueRecorder()
    session.subscribe(partial(play_cue_for_event, player))  # as the session screen does
    session.start()
    _run(session, clock, 5 + 20 + 5 + 20 + 10 + 4 + 7 + 8)
    assert session.finished
    ticks = ["tick"] * 3
    assert player.cues == [
        *ticks,  # get ready 5 s
        "start",  # left side, 20 s
        "halfway",
        *ticks,
        "switch",  # switch sides, 5 s
        *ticks,
        "start",  # right side
        "halfway",
        *ticks,
        "rest",  # rest step, 10 s
        *ticks,
        # breathing 4-7-8: silent, however long the phases
        "done",
    ]


def test_catching_up_after_a_stall_skips_the_stale_cues() -> None:
    clock = FakeClock()
    session = Session(build_plan(_routine()), clock)
    player = CueRecorder()
    session.subscribe(lambda event: play_cue_for_event(player, event))
    session.start()
    clock.advance(5 + 10.5)  # the UI froze: get-ready and half the hold pass unseen
    session.update()
    # The halfway mark is 0.5 s late: still worth hearing. The get-ready ticks and the start
    # are 8 to 10.5 s late: dropped.
    assert player.cues == ["halfway"]
    _run(session, clock, 10)
    assert player.cues == ["halfway", "tick", "tick", "tick", "switch"]
