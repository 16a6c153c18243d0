"""The figure moves with the session (issue 16 item 2), reps run hands-free at the exercise's
tempo (item 3), and the spoken cues are wired (item 5): all on a fake clock."""

from __future__ import annotations

from typing import Any

import pytest
from customize_support import live_app, user_dir
from fakes import FakeJournal, FakeLibrary
from tui_support import SIZE, advance, screen_text, text_of

from coach.clock import FakeClock
from coach.config import Config
from coach.figures.draw import frame_at
from coach.figures.library import figure_for
from coach.routines.model import Defaults, Dose, Exercise, ExerciseStep, Kind, Routine
from coach.session.plan import PhaseKind
from coach.tui.app import build_app
from coach.tui.screens.session import FIGURE_FRAME, SessionScreen
from coach.tui.screens.summary import SummaryScreen
from coach.tui.widgets.figure import FigureView, figure_rows

CAT_COW = Exercise("cat-cow", "Cat–cow", "spine", ("On hands and knees.", "Round, then dip."))
BIRD_DOG = Exercise("bird-dog", "Bird-dog", "core", ("Reach one arm forward.", "Hips level."))
DEFAULTS = Defaults(get_ready=0, rest=0, set_rest=0, switch_sides=5)


def moving_routine() -> Routine:
    return Routine(
        "moves",
        "Moves",
        Kind.CORE,
        (
            ExerciseStep(CAT_COW, Dose(reps=4, tempo=4)),
            ExerciseStep(BIRD_DOG, Dose(hold=10, per_side=True)),
        ),
        defaults=DEFAULTS,
    )


def app_with(routine: Routine, clock: FakeClock, **overrides: Any):
    arguments: dict[str, Any] = {
        "library": FakeLibrary({routine.id: routine}),
        "clock": clock,
        "journal": FakeJournal(),
        "start_routine": routine.id,
    }
    arguments.update(overrides)
    return build_app(**arguments)


def shown_figure(app) -> tuple[str, ...] | None:
    view = app.screen.query_one(FigureView)
    return view.lines if view.display else None


def expected(exercise_id: str, t: float, side: str | None) -> tuple[str, ...]:
    figure = figure_for(exercise_id)
    assert figure is not None
    lines = frame_at(figure, t, side).lines
    return lines[len(lines) - figure_rows(figure) :]


async def test_the_figure_follows_the_rep_the_hold_and_the_side(clock: FakeClock):
    app = app_with(moving_routine(), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_figure(app) == expected("cat-cow", 0.0, None)
        await advance(pilot, clock, 6.0)  # the second rep, half-way through
        assert shown_figure(app) == expected("cat-cow", 0.5, None)
        assert text_of(app, "#untimed-count") == "2"
        assert app.screen.armed_for is not None and app.screen.armed_for <= FIGURE_FRAME

        await advance(pilot, clock, 10.0)  # 16 s: the bird-dog's hold starts
        figure = figure_for("bird-dog")
        assert figure is not None
        await advance(pilot, clock, 0.5)  # easing into the held pose
        assert shown_figure(app) == expected("bird-dog", figure.hold_t * 0.5, "left")
        await advance(pilot, clock, 4.5)  # held
        held = expected("bird-dog", figure.hold_t, "left")
        assert shown_figure(app) == held
        assert app.screen.armed_for is not None and app.screen.armed_for > FIGURE_FRAME

        await advance(pilot, clock, 5.0)  # switch sides: the start pose, mirrored
        assert text_of(app, "#phase-title") == "Switch sides"
        mirrored = expected("bird-dog", 0.0, "right")
        assert shown_figure(app) == mirrored != expected("bird-dog", 0.0, "left")
        await advance(pilot, clock, 10.0)
        assert shown_figure(app) == expected("bird-dog", figure.hold_t, "right")


async def test_a_rest_shows_the_next_exercises_start_pose(clock: FakeClock):
    routine = Routine(
        "rest-first",
        "Rest first",
        Kind.CORE,
        (ExerciseStep(CAT_COW, Dose(reps=2, tempo=3)), ExerciseStep(BIRD_DOG, Dose(hold=8))),
        defaults=Defaults(get_ready=5, rest=10, set_rest=0, switch_sides=0),
    )
    app = app_with(routine, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text_of(app, "#phase-title") == "Get ready"
        assert shown_figure(app) == expected("cat-cow", 0.0, None)
        await advance(pilot, clock, 5 + 6 + 1)
        assert text_of(app, "#phase-title") == "Rest"
        assert shown_figure(app) == expected("bird-dog", 0.0, None)


async def test_paused_the_figure_stands_still(clock: FakeClock):
    app = app_with(moving_routine(), clock)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 1.0)
        await pilot.press("space")
        frozen = shown_figure(app)
        await advance(pilot, clock, 1.7)
        assert shown_figure(app) == frozen
        assert app.screen.armed_for is None


async def test_without_a_figure_the_screen_looks_as_before(make_app):
    app = make_app(start_routine="holds")  # "Hamstring stretch": no figure of its own
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        assert shown_figure(app) is None
        assert not app.screen.has_class("-figure")


def test_a_session_with_a_figure_at_80_by_24(snap_compare, clock: FakeClock):
    async def mid_rep(pilot) -> None:
        await advance(pilot, clock, 6.0)

    assert snap_compare(app_with(moving_routine(), clock), terminal_size=SIZE, run_before=mid_rep)


# --------------------------------------------------------------------------- hands-free


async def test_the_desk_break_runs_start_to_end_without_a_key(clock: FakeClock):
    journal = FakeJournal()
    journal.skip_notes("desk-break")
    app = live_app(clock, journal=journal, start_routine="desk-break")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(400):
            if isinstance(app.screen, SummaryScreen):
                break
            await advance(pilot, clock, 1.0)
        assert isinstance(app.screen, SummaryScreen)
        assert "All done" in screen_text(app)
    assert [s["status"] for s in journal.steps] == ["done"] * 7
    assert journal.sessions[1]["status"] == "completed"


async def test_counting_yourself_stays_available(clock: FakeClock):
    app = app_with(moving_routine(), clock)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 5.0)  # rep 2 under way
        await pilot.press("c")  # I count from here: rep 2 done
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.session.waiting_for_user and screen.session.rep_count == 2
        await advance(pilot, clock, 60)
        assert text_of(app, "#phase-title") == "Cat–cow"  # it waits now
        assert "space when done" in text_of(app, "#untimed-hint")
        await pilot.press("space")
        assert screen.session.phase is not None and screen.session.phase.kind is PhaseKind.WORK
        assert text_of(app, "#phase-title") == "Bird-dog"


ASK_ME = """\
version: 1
name: Count them
kind: posture
defaults: {get_ready: 0s}
steps:
  - exercise: shoulder-rolls
    reps: 5
    reps_by: self
"""


async def test_a_routine_may_ask_the_user_to_count(clock: FakeClock):
    (user_dir() / "count-them.yaml").write_text(ASK_ME, encoding="utf-8")
    app = live_app(clock, journal=FakeJournal(), start_routine="count-them")
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 60)
        assert text_of(app, "#phase-title") == "Shoulder rolls"
        assert text_of(app, "#untimed-count") == "0"
        await pilot.press("c", "c", "c", "c", "c")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


# --------------------------------------------------------------------------- the voice


class FakeVoice:
    def __init__(self) -> None:
        self.said: list[str] = []
        self.muted = False
        self.stopped = 0
        self.closed = False

    def say(self, text: str) -> None:
        if not self.muted:
            self.said.append(text)

    def stop(self) -> None:
        self.stopped += 1

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def voice() -> FakeVoice:
    return FakeVoice()


async def test_the_voice_counts_paced_reps_when_on(clock: FakeClock, voice: FakeVoice):
    app = app_with(
        moving_routine(), clock, voice=lambda config: voice, config=Config(voice_enabled=True)
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(17):  # as the screen's alarm would, every half second
            await advance(pilot, clock, 0.5)
        assert voice.said == ["Cat–cow. One.", "Two.", "Three."]
        assert text_of(app, "#sound-state") == "voice on"
        await pilot.press("space")  # a pause stops it mid-phrase
        assert voice.stopped >= 1
        await pilot.press("space", "m")  # mute: the voice too
        await advance(pilot, clock, 4)
        assert voice.said[-1] == "Three."
    assert voice.closed


async def test_v_turns_spoken_cues_on_and_off(clock: FakeClock, voice: FakeVoice):
    app = app_with(moving_routine(), clock, voice=lambda config: voice)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 4.5)
        assert voice.said == []  # off by default
        await pilot.press("v")
        await advance(pilot, clock, 4)
        assert voice.said == ["Three."]
        await pilot.press("v")
        await advance(pilot, clock, 4)
        assert voice.said == ["Three."]
        assert "Spoken cues off." in "\n".join(n.message for n in app._notifications)


async def test_without_a_synthesiser_v_says_what_to_install(clock: FakeClock):
    app = app_with(moving_routine(), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert "speech-dispatcher espeak-ng" in "\n".join(n.message for n in app._notifications)


OWN_FIGURE = """\
version: 1
name: My reach
kind: core
defaults: {get_ready: 0s}
exercises:
  - id: my-reach
    name: My reach
    target: core
    cues: [On hands and knees., Reach one arm forward.]
    figure: {like: bird-dog}
steps:
  - exercise: my-reach
    hold: 10s
"""


async def test_a_users_exercise_moves_with_its_own_figure(clock: FakeClock):
    (user_dir() / "my-reach.yaml").write_text(OWN_FIGURE, encoding="utf-8")
    app = live_app(clock, journal=FakeJournal(), start_routine="my-reach")
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 2.0)
        figure = figure_for("bird-dog")
        assert figure is not None
        assert shown_figure(app) == expected("bird-dog", figure.hold_t, None)
