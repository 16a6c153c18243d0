"""Progression and easier variants in sessions.

- A step with a progression rule runs at today's dose (from the history), the exercise
  screen says "45s — up from 40s", and the journal keeps the dose actually used.
- A pain check-in of 4+ before the work, or pain that rose by 2+ last session, offers
  the easier variants (plank → plank on knees); accepting carries on with them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from customize_support import highlight_routine, live_app, user_dir
from fakes import FakeJournal
from history_helpers import steps_of
from tui_support import SIZE, advance, question_on_screen, screen_text, text_of

from coach.clock import FakeClock
from coach.history.journal import Journal
from coach.routines.model import ExerciseStep
from coach.tui.screens.session import SessionScreen

PLANK_WORK = """\
version: 1
name: Plank work
kind: core
defaults: {get_ready: 0s}
steps:
  - check_in: before
  - exercise: plank
    hold: 40s
    sets: 1
    progression: {hold: +5s, every: 7d, max: 60s, while_pain_below: 4}
  - exercise: cat-cow
    reps: 4
  - check_in: after
"""


@pytest.fixture(autouse=True)
def plank_work() -> None:
    (user_dir() / "plank-work.yaml").write_text(PLANK_WORK, encoding="utf-8")


@pytest.fixture
def history(tmp_path, clock: FakeClock):
    """A real journal (safety already acknowledged), closed after the test."""
    journal = Journal(tmp_path / "coach.db")
    journal.acknowledge_safety(clock.now())
    yield journal
    journal.close()


def past_session(
    journal: Journal, clock: FakeClock, days_ago: int, pain: tuple[int, int] | None = None
) -> None:
    started = clock.now() - timedelta(days=days_ago)
    session_id = journal.start_session("plank-work", "Plank work", "core", 60, started)
    journal.record_step(session_id, 1, "Front plank", "done", 60, started + timedelta(minutes=1))
    journal.finish_session(
        session_id,
        ended_at=started + timedelta(minutes=2),
        status="completed",
        active_seconds=100,
        pain_before=pain[0] if pain else None,
        pain_after=pain[1] if pain else None,
    )


def session(app) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen), f"expected the session, got {screen!r}"
    return screen


def current_step(app) -> ExerciseStep:
    phase = session(app).session.phase
    assert phase is not None and isinstance(phase.step, ExerciseStep)
    return phase.step


# --------------------------------------------------------------------------- progression


async def test_the_progressed_dose_is_used_shown_and_recorded(clock: FakeClock, history: Journal):
    past_session(history, clock, days_ago=8, pain=(1, 1))  # a full week at low pain: +5 s
    app = live_app(clock, journal=history, start_routine="plank-work")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "enter")  # pain before: 1, no offer
        assert text_of(app, "#phase-title") == "Front plank"
        assert text_of(app, "#phase-detail") == "45s — up from 40s"
        assert text_of(app, "#countdown") == "0:45"
        assert "45s — up from 40s" in screen_text(app)

        await advance(pilot, clock, 45.1)
        assert text_of(app, "#phase-title") == "Cat–cow"
        assert text_of(app, "#phase-detail") != ""  # no note on steps that did not grow
        assert "up from" not in text_of(app, "#phase-detail")
        recorder = session(app).recorder
        assert recorder is not None and recorder.session_id is not None
        steps = steps_of(history, recorder.session_id)
        assert [(s.name, s.dose) for s in steps][-1] == ("Front plank", "hold 45 s")


async def test_without_history_the_written_dose_is_used(clock: FakeClock, history: Journal):
    app = live_app(clock, journal=history, start_routine="plank-work")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "enter")
        assert text_of(app, "#phase-detail") == ""  # the countdown says 0:40


async def test_a_journal_without_progress_queries_runs_the_written_dose(clock: FakeClock):
    app = live_app(clock, journal=FakeJournal(), start_routine="plank-work")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "enter")
        assert text_of(app, "#countdown") == "0:40"


# --------------------------------------------------------------------------- easier variants


async def test_a_high_check_in_offers_easier_variants_and_yes_swaps_them(clock: FakeClock):
    journal = FakeJournal()
    app = live_app(clock, journal=journal, start_routine="plank-work")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "enter")
        await pilot.pause()
        assert question_on_screen(app) == "Use easier variants?"
        shown = screen_text(app)
        assert "Use easier variants?" in shown
        assert "You said your back is at 5 today." in shown
        assert "Front plank → Plank on knees" in shown
        screen = app.screen_stack[-2]
        assert isinstance(screen, SessionScreen) and screen.session.paused  # time stands still

        await pilot.press("y")
        assert not session(app).session.paused
        # Named as a swap (issue 18).
        assert text_of(app, "#phase-title") == "Plank on knees (easier, instead of Front plank)"
        assert "Forearms under your shoulders, knees on the floor" in text_of(app, "#cues")
        step = current_step(app)
        assert step.exercise.id == "plank-knees"
        assert step.dose.hold == 40  # the dose stays as planned
        await advance(pilot, clock, 40.1)
        assert [s["name"] for s in journal.steps] == ["Pain check-in", "Plank on knees"]


async def test_no_keeps_the_routine_as_planned(clock: FakeClock):
    app = live_app(clock, journal=FakeJournal(), start_routine="plank-work")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6", "enter")  # 7 or more offers the gentle routine first
        await pilot.pause()
        await pilot.press("n")
        assert text_of(app, "#phase-title") == "Front plank"
        assert not session(app).session.paused


async def test_a_low_check_in_offers_nothing(clock: FakeClock):
    app = live_app(clock, journal=FakeJournal(), start_routine="plank-work")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert text_of(app, "#phase-title") == "Front plank"


async def test_pain_that_rose_last_time_offers_them_before_the_session(
    clock: FakeClock, history: Journal
):
    past_session(history, clock, days_ago=1, pain=(2, 5))
    app = live_app(clock, journal=history)
    async with app.run_test(size=SIZE) as pilot:
        highlight_routine(app, "plank-work")
        await pilot.press("enter")
        assert question_on_screen(app) == "Use easier variants?"
        assert "Your back hurt more after your last session than before it." in screen_text(app)
        await pilot.press("y")
        assert isinstance(session(app).session.plan.routine.steps[1], ExerciseStep)
        eased = session(app).session.plan.routine.steps[1]
        assert isinstance(eased, ExerciseStep) and eased.exercise.id == "plank-knees"
        # Already eased: a high check-in does not ask again.
        await pilot.press("6", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert text_of(app, "#phase-title") == "Plank on knees (easier, instead of Front plank)"


async def test_no_rise_last_time_starts_at_once(clock: FakeClock, history: Journal):
    past_session(history, clock, days_ago=1, pain=(3, 3))
    app = live_app(clock, journal=history)
    async with app.run_test(size=SIZE) as pilot:
        highlight_routine(app, "plank-work")
        await pilot.press("enter")
        assert isinstance(app.screen, SessionScreen)
