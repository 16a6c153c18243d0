"""What coach says at each session event: the mapping, and a real session on a fake clock."""

from __future__ import annotations

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
from coach.session.cues import MAX_LATENESS
from coach.session.engine import Session
from coach.session.plan import build_plan
from coach.session.spoken import phrase_for_event, say_phrase_for_event, voice_listener


class FakeVoice:
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


BIRD_DOG = Exercise("bird-dog", "Bird-dog", "core", ("Reach one arm forward.", "Hips level."))


def _routine() -> Routine:
    bird_dog = ExerciseStep(BIRD_DOG, Dose(reps=2, hold=6, rep_rest=1, per_side=True))
    plank = ExerciseStep(
        Exercise("plank", "Front plank", "core", ("Forearms down.",)),
        Dose(hold=20, sets=2, set_rest=5),
    )
    breathe = BreathingStep(BreathPattern(4, 0, 6, 0, "slow"), rounds=2, name="Slow breathing")
    defaults = Defaults(get_ready=5, rest=8, set_rest=5, switch_sides=5)
    steps = (bird_dog, plank, RestStep(6, name="Walk to the window"), breathe)
    return Routine("t", "Test", Kind.MIXED, steps, defaults=defaults)


def _run(session: Session, clock: FakeClock, seconds: float) -> None:
    for _ in range(int(seconds / 0.25) + 4):
        clock.advance(0.25)
        session.update()


def test_a_whole_session_is_spoken_in_order() -> None:
    clock = FakeClock()
    session = Session(build_plan(_routine()), clock)
    voice = FakeVoice()
    session.subscribe(voice_listener(voice))
    session.start()
    _run(session, clock, 200)
    assert session.finished
    count = ["3", "2", "1"]
    assert voice.said == [
        "Get ready. Next: Bird-dog.",
        *count,
        "Bird-dog. Reach one arm forward.",  # the name and the first cue
        *count,
        # the 1 s rest between reps is quiet: the next rep's number follows at once
        "Rep 2 of 2.",
        *count,
        "Switch sides.",
        *count,
        "Other side.",
        *count,
        "Rep 2 of 2.",
        *count,
        "Rest. Next: Front plank.",
        *count,
        "Front plank. Forearms down.",
        "Halfway.",
        *count,
        "Rest.",  # between sets, 5 s
        *count,
        "Set 2 of 2.",
        "Halfway.",
        *count,
        "Walk to the window.",  # a rest step says its name (no step rest next to a rest)
        *count,
        "Slow breathing. Breathe in.",  # breathing: no countdowns
        "Breathe out.",
        "Breathe in.",
        "Breathe out.",
        "Well done.",
    ]


def test_quitting_is_not_praised_and_late_phrases_are_dropped() -> None:
    clock = FakeClock()
    session = Session(build_plan(_routine()), clock)
    voice = FakeVoice()
    session.subscribe(voice_listener(voice))
    session.start()
    assert voice.said == ["Get ready. Next: Bird-dog."]
    clock.advance(5 + 3)  # the UI froze through get-ready and half the first hold
    session.update()
    # The get-ready count and "Bird-dog. ..." are 3 to 6 s late: dropped; "3" is on time.
    assert voice.said == ["Get ready. Next: Bird-dog.", "3"]
    session.quit()
    assert voice.said == ["Get ready. Next: Bird-dog.", "3"]


def test_finishing_early_is_praised_and_a_late_done_still_speaks() -> None:
    clock = FakeClock()
    session = Session(build_plan(_routine()), clock)
    events = []
    session.subscribe(events.append)
    session.start()
    session.finish_early()
    (done,) = [e for e in events if e.kind == "session_done"]
    assert phrase_for_event(done) == "Well done."
    voice = FakeVoice()
    late = type(done)(done.kind, done.phase, summary=done.summary, late=MAX_LATENESS + 60)
    say_phrase_for_event(voice, late)
    assert voice.said == ["Well done."]


def test_a_failing_voice_never_reaches_the_session() -> None:
    class Broken:
        def say(self, text: str) -> None:
            raise RuntimeError("boom")

    clock = FakeClock()
    session = Session(build_plan(_routine()), clock)
    session.subscribe(voice_listener(Broken()))
    session.start()
    _run(session, clock, 20)
    say_phrase_for_event(FakeVoice(), object())  # type: ignore[arg-type]
