"""The session screen on a fake clock: what it shows, every key, the mouse, quitting."""

from __future__ import annotations

import pytest
from fakes import FakeJournal, FakeSound
from tui_support import SIZE, advance, question_on_screen, screen_text, text_of

from coach.clock import FakeClock
from coach.config import Config
from coach.session.plan import PhaseKind
from coach.tui.screens.session import FIGURE_FRAME, PACER_FRAME, SessionScreen
from coach.tui.screens.summary import SummaryScreen
from coach.tui.widgets.checkin import CheckInPad
from coach.tui.widgets.pacer import BreathPacer


def session_screen(app) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen), f"expected the session screen, got {screen!r}"
    return screen


def phase_kind(app) -> PhaseKind:
    phase = session_screen(app).session.phase
    assert phase is not None
    return phase.kind


async def test_hold_shows_name_countdown_cues_warning_and_next(make_app, clock: FakeClock):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter")  # the check-in before
        assert text_of(app, "#phase-title") == "Cat cow"
        assert text_of(app, "#phase-detail") == ""  # the countdown says it; a walk is no hold
        assert text_of(app, "#countdown") == "0:10"
        assert "• Round the back slowly" in text_of(app, "#cues")
        assert text_of(app, "#skip-if") == "Skip if wrist pain"
        assert text_of(app, "#next") == "Next: Bird dog"
        assert text_of(app, "#step-count") == "Step 2 of 6"

        await advance(pilot, clock, 3.2)
        assert text_of(app, "#countdown") == "0:07"
        shown = screen_text(app)
        assert "Cat cow" in shown and "Skip if wrist pain" in shown


async def test_timer_is_armed_for_the_next_second_and_for_pacer_frames(make_app, clock: FakeClock):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        screen = session_screen(app)
        assert screen.armed_for is None  # a check-in waits for the user: no timer at all
        await pilot.press("3", "enter")
        await advance(pilot, clock, 0.25)
        assert screen.armed_for == pytest.approx(FIGURE_FRAME)  # the figure eases into the hold
        await advance(pilot, clock, 1.0)
        assert screen.armed_for == pytest.approx(0.75)  # held: the countdown's next second
        await pilot.press("right", "space")  # skip the hold; confirm the reps
        assert phase_kind(app) is PhaseKind.INHALE
        assert screen.armed_for is not None and screen.armed_for <= PACER_FRAME


async def test_countdown_reaches_the_next_phase_on_its_deadline(make_app, clock: FakeClock):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter")
        await advance(pilot, clock, 9.999)
        assert text_of(app, "#phase-title") == "Cat cow"
        assert text_of(app, "#countdown") == "0:01"
        await advance(pilot, clock, 0.001)
        assert text_of(app, "#phase-title") == "Bird dog"


async def test_space_pauses_and_resumes_with_the_exact_remainder(make_app, clock: FakeClock):
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")  # past "Get ready"
        assert text_of(app, "#phase-title") == "Hamstring stretch"
        await advance(pilot, clock, 10)
        await pilot.press("space")
        screen = session_screen(app)
        assert screen.session.paused
        assert screen.query_one("#pause-note").display
        assert "Paused" in screen_text(app)
        assert str(screen.query_one("#pause-button").label) == "Resume"

        await advance(pilot, clock, 60)  # time passes while paused: nothing moves
        assert text_of(app, "#countdown") == "0:20"
        assert text_of(app, "#phase-title") == "Hamstring stretch"

        await pilot.press("space")
        assert not screen.session.paused
        assert not screen.query_one("#pause-note").display
        await advance(pilot, clock, 19.5)
        assert text_of(app, "#countdown") == "0:01"


async def test_skip_back_restart_and_skip_step_keys(make_app, clock: FakeClock):
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        assert text_of(app, "#phase-title") == "Get ready"
        await pilot.press("right")
        assert text_of(app, "#phase-detail") == "Left side · set 1 of 2"
        await pilot.press("n")
        assert text_of(app, "#phase-title") == "Rest"  # between sets

        await pilot.press("N")  # skip the rest of the step
        assert text_of(app, "#step-count") == "Step 2 of 3"
        await pilot.press("shift+right")
        assert text_of(app, "#phase-title") == "Figure four"

        await advance(pilot, clock, 12)
        assert text_of(app, "#countdown") == "0:18"
        await pilot.press("r")  # restart the step
        assert text_of(app, "#countdown") == "0:30"

        await pilot.press("left")  # back: to the start of the previous step
        assert text_of(app, "#step-count") == "Step 2 of 3"
        await pilot.press("b")
        assert text_of(app, "#phase-title") == "Get ready"  # step 1 with its lead-in


async def test_untimed_reps_count_with_c_and_finish_with_space(make_app, clock: FakeClock):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter", "right")
        assert text_of(app, "#phase-title") == "Bird dog"
        assert text_of(app, "#untimed-count") == "0"
        assert "press space when done" in text_of(app, "#phase-detail").lower()
        await pilot.press("c", "c")
        assert text_of(app, "#untimed-count") == "2"
        assert text_of(app, "#untimed-hint").startswith("2 of 3 counted")
        await pilot.press("space")  # done, even with a rep uncounted
        assert phase_kind(app) is PhaseKind.INHALE


async def test_reaching_the_rep_target_finishes_the_phase(make_app):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter", "right", "c", "c", "c")
        assert phase_kind(app) is PhaseKind.INHALE


async def test_space_confirms_a_drink(make_app, journal: FakeJournal):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter", "right", "space", "right", "right")
        assert phase_kind(app) is PhaseKind.DRINK
        assert "Drink 250 ml" in text_of(app, "#untimed-hint")
        await pilot.press("space")
        assert phase_kind(app) is PhaseKind.CHECK_IN
        assert [ml for ml, _, _ in journal.water] == [250]


async def test_breathing_pacer_grows_on_inhale_and_shrinks_on_exhale(make_app, clock: FakeClock):
    app = make_app(start_routine="box")
    async with app.run_test(size=SIZE) as pilot:
        pacer = app.screen.query_one(BreathPacer)
        assert text_of(app, "#phase-title") == "Breathe in"
        assert text_of(app, "#pacer-label") == "Breathe in · 4"
        assert pacer.fullness == pytest.approx(0.0)
        await advance(pilot, clock, 2)
        assert pacer.fullness == pytest.approx(0.5)
        assert text_of(app, "#pacer-label") == "Breathe in · 2"
        await advance(pilot, clock, 3)
        assert text_of(app, "#phase-title") == "Hold"
        assert pacer.fullness == pytest.approx(1.0)
        await advance(pilot, clock, 3)
        assert text_of(app, "#phase-title") == "Breathe out"
        await advance(pilot, clock, 1)
        assert 0.5 < pacer.fullness < 1.0
        await advance(pilot, clock, 2)
        assert pacer.fullness < 0.5
        assert text_of(app, "#phase-detail") == "Round 1 of 2 · box"


async def test_therapy_waits_for_the_pack_then_shows_the_bout_and_the_skin_cue(
    make_app, clock: FakeClock, sound: FakeSound
):
    app = make_app(start_routine="ice")
    async with app.run_test(size=SIZE) as pilot:
        # Issue 14: the bout's clock starts when the pack is on, not after a 10 s countdown.
        assert text_of(app, "#phase-title") == "Put the cold pack on"
        assert "never on bare skin" in text_of(app, "#skip-if")
        assert "press Enter" in text_of(app, "#untimed-hint")
        await advance(pilot, clock, 60)
        assert text_of(app, "#phase-title") == "Put the cold pack on"  # it waits
        await pilot.press("enter")
        assert text_of(app, "#phase-title") == "Cold pack"
        assert text_of(app, "#phase-detail") == "Bout 1 of 2 · cold"
        assert "never on bare skin" in text_of(app, "#skip-if")
        assert text_of(app, "#countdown") == "10:00"
        assert text_of(app, "#next") == "Next: that's the last one"

        await advance(pilot, clock, 600)  # the bout ends: take the pack off, said and shown
        assert text_of(app, "#phase-title") == "Take the pack off."
        assert sound.played[-1] == "rest"
        cues = text_of(app, "#cues")
        assert "let the skin warm up" in cues and "on the sore area" not in cues
        assert not app.screen.query_one("#skip-if").display


async def test_check_in_takes_number_keys(make_app, journal: FakeJournal):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        pad = app.screen.query_one(CheckInPad)
        assert phase_kind(app) is PhaseKind.CHECK_IN
        await pilot.press("space")  # nothing chosen yet: space does not answer
        assert phase_kind(app) is PhaseKind.CHECK_IN
        await pilot.press("1", "0")
        assert pad.chosen == 10
        assert "Your answer: 10" in text_of(app, "#checkin-choice")
        await pilot.press("4")
        assert pad.chosen == 4
        await pilot.press("enter")
        assert phase_kind(app) is PhaseKind.WORK
        assert journal.pain == [(4, "before", 1)]


async def test_number_keys_do_nothing_outside_a_check_in(make_app):
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "enter")
        assert text_of(app, "#phase-title") == "Get ready"
        assert session_screen(app).session.check_ins == ()


async def test_everything_works_with_the_mouse(make_app, journal: FakeJournal):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        assert await pilot.click("#pain-6")
        await pilot.pause()
        assert phase_kind(app) is PhaseKind.WORK
        assert journal.pain == [(6, "before", 1)]

        await pilot.click("#pause-button")
        await pilot.pause()
        assert session_screen(app).session.paused
        await pilot.pause(0.3)  # a button ignores a second click while it shows the first
        await pilot.click("#pause-button")
        await pilot.pause()
        assert not session_screen(app).session.paused

        await pilot.click("#skip-button")
        await pilot.pause()
        assert text_of(app, "#phase-title") == "Bird dog"
        await pilot.click("#rep-button")
        await pilot.pause()
        assert session_screen(app).session.rep_count == 1
        await pilot.click("#done-button")
        await pilot.pause()
        assert phase_kind(app) is PhaseKind.INHALE

        await pilot.click("#back-button")
        await pilot.pause()
        assert text_of(app, "#phase-title") == "Bird dog"
        await pilot.click("#skip-step-button")
        await pilot.pause()
        await pilot.click("#restart-button")
        await pilot.pause()
        assert text_of(app, "#phase-title") == "Breathe in"

        await pilot.click("#quit-button")
        await pilot.pause()
        assert question_on_screen(app) == "Quit this session?"
        await pilot.click("#answer-yes")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_quit_asks_first_and_keeps_what_was_done(make_app, journal: FakeJournal):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter", "right")  # check-in answered, hold skipped
        await pilot.press("q")
        assert question_on_screen(app) == "Quit this session?"
        assert "kept" in screen_text(app)
        await pilot.press("n")  # keep going
        screen = session_screen(app)
        assert not screen.session.paused  # the question paused it; keeping going resumes
        assert journal.sessions[1]["status"] == "running"

        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        assert [(s["index"], s["status"]) for s in journal.steps] == [(0, "done"), (1, "skipped")]
        assert journal.sessions[1]["status"] == "quit"
        assert journal.sessions[1]["pain_before"] == 3
        # Nothing but the check-in was done: the History screen's word for it (issue 18).
        assert "Stopped before any work" in screen_text(app)
        assert "saved to your history" in screen_text(app)


async def test_a_paused_session_stays_paused_after_keep_going(make_app):
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "q", "escape")
        assert session_screen(app).session.paused


async def test_closing_the_app_mid_session_asks_and_keeps_the_steps(make_app, journal: FakeJournal):
    # Quitting is one rule (issue 18): ctrl+q asks during a session, like q.
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter")
        await pilot.press("ctrl+q")
        assert question_on_screen(app) == "Quit coach?"
        await pilot.press("n")
        assert isinstance(app.screen, SessionScreen) and app.is_running
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running
    assert journal.sessions[1]["status"] == "quit"
    assert [s["index"] for s in journal.steps] == [0]


async def test_m_mutes_and_unmutes_the_sound(make_app, sound: FakeSound, clock: FakeClock):
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 5)  # get ready ends, the hold starts
        assert "start" in sound.played
        await pilot.press("m")
        assert sound.muted
        assert text_of(app, "#sound-state") == "muted"
        assert str(app.screen.query_one("#mute-button").label) == "Unmute"
        played = len(sound.played)
        await advance(pilot, clock, 30)
        assert len(sound.played) == played
        await pilot.press("m")
        assert not sound.muted
        assert text_of(app, "#sound-state") == ""


async def test_countdown_ticks_reach_the_sound_player(make_app, sound: FakeSound, clock):
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        await advance(pilot, clock, 27.5)
        assert sound.played.count("tick") == 1  # 3 s before the end
        await advance(pilot, clock, 1)
        await advance(pilot, clock, 1)
        assert sound.played.count("tick") == 3
        await advance(pilot, clock, 0.5)
        assert sound.played[-1] == "rest"


async def test_a_keymap_moves_pause_and_resume_together(make_app):
    app = make_app(start_routine="holds", config=Config(keymap={"pause": "p"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert session_screen(app).session.paused
        await pilot.press("p")
        assert not session_screen(app).session.paused
        await pilot.press("space")
        assert not session_screen(app).session.paused


async def test_footer_shows_the_keys_that_apply_now(make_app):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Pause" not in footer  # a check-in has nothing to pause
        for words in ("Skip", "Back", "Restart", "Mute", "Quit"):
            assert words in footer
        await pilot.press("3", "enter")
        footer = screen_text(app).splitlines()[-1]
        assert "space Pause" in footer
        await pilot.press("space")
        assert "space Resume" in screen_text(app).splitlines()[-1]


async def test_a_finished_run_shows_the_summary_and_exits_on_a_key(
    make_app, clock: FakeClock, journal: FakeJournal
):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter")
        await advance(pilot, clock, 10)
        await pilot.press("space")
        await advance(pilot, clock, 10)
        await pilot.press("space", "2", "enter")
        assert isinstance(app.screen, SummaryScreen)
        shown = screen_text(app)
        assert "All done" in shown
        assert "3 → 2" in shown
        assert "250 ml" in shown
        assert "6 done · 0 skipped · 6 in all" in shown
        assert journal.sessions[1]["status"] == "completed"
        await pilot.press("enter")
        await pilot.pause()
        assert not app.is_running


async def test_an_alarm_during_teardown_draws_nothing_and_stops(make_app):
    # On exit Textual removes the screen's widgets before the screen itself; a pacer
    # frame due in between must not fail the app.
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter", "right", "c", "c", "c")
        assert phase_kind(app) is PhaseKind.INHALE
        screen = session_screen(app)
        await screen.query_one("#pacer").remove()
        screen._on_alarm()
        assert screen._alarm is None
