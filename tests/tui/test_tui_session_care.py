"""Safety where the user is (issue 14): the severe-pain offer before the first exercise,
"this hurts", the safety page mid-session, stop rules under the cues, a routine's notes
before it starts; each piece of advice whole at 80×24."""

from __future__ import annotations

import re

import pytest
from customize_support import live_app
from fakes import FakeJournal
from tui_support import SIZE, advance, from_palette, question_on_screen, screen_text, text_of

from coach.clock import FakeClock
from coach.safety import (
    BREATHING_STOP_LINE,
    GENERAL_STOP,
    HURT_LABELS,
    RED_FLAGS,
    Hurt,
    answer_hurt,
    severe_pain_offer,
)
from coach.session.plan import PhaseKind
from coach.tui.screens.choice import ChoiceScreen
from coach.tui.screens.safety import SafetyScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.summary import SummaryScreen

STRETCH = """\
version: 1
name: Knees stretch
kind: stretch
defaults: {get_ready: 0s, rest: 0s}
steps:
  - exercise: double-knee-to-chest
    hold: 20s
    sets: 1
  - exercise: standing-extension
    reps: 5
  - breathe: slow
"""


def words(text: str) -> str:
    """The screen as one line of words: borders, bullets, the figure's Braille cells and
    line breaks gone (a cue wrapped beside the figure reads as one line again)."""
    return " ".join(re.sub(r"[│╭╮╰╯─▔▁▊▎█▀▄▌▐•\u2800-\u28ff]", " ", text).split())


def session(app) -> SessionScreen:
    for screen in reversed(app.screen_stack):
        if isinstance(screen, SessionScreen):
            return screen
    raise AssertionError("no session screen")


def choice(app) -> ChoiceScreen:
    screen = app.screen
    assert isinstance(screen, ChoiceScreen), f"expected a choice, got {screen!r}"
    return screen


def answers(app) -> list[str]:
    return [a.label for a in choice(app).offer.answers]


async def start_core(pilot, pain: int) -> None:
    """Past core-strength's notes, answering the check-in before with `pain`."""
    assert choice(pilot.app).offer.title == "Before you start: Core strength"
    await pilot.press("1")
    await pilot.press(*str(pain), "enter")
    await pilot.pause()


@pytest.fixture
def stretch_file() -> None:
    from customize_support import user_dir

    (user_dir() / "knees.yaml").write_text(STRETCH, encoding="utf-8")


# --------------------------------------------------------------------------- 7+ before


async def test_a_check_in_of_8_before_core_strength_offers_three_choices(clock: FakeClock):
    app = live_app(clock, journal=FakeJournal(), start_routine="core-strength")
    async with app.run_test(size=SIZE) as pilot:
        await start_core(pilot, 8)
        offer = severe_pain_offer(8, routine_id="core-strength", kind="core")
        assert offer is not None
        assert answers(app) == [c.label for c in offer.choices]
        assert [a.id for a in choice(app).offer.answers] == ["gentle", "safety", "go-on"]
        shown = words(screen_text(app))
        assert f"{offer.note.title} {offer.note.message}" in shown  # the whole advice, wrapped
        for c in offer.choices:
            assert c.detail in shown
        assert session(app).session.paused  # before the first exercise, time stands still
        assert session(app).session.phase.kind is PhaseKind.GET_READY


async def test_go_on_continues_with_the_easier_variant_offer(clock: FakeClock):
    app = live_app(clock, journal=FakeJournal(), start_routine="core-strength")
    async with app.run_test(size=SIZE) as pilot:
        await start_core(pilot, 8)
        await pilot.press("3")  # go on anyway
        await pilot.pause()
        assert question_on_screen(app) == "Use easier variants?"
        await pilot.press("n")
        assert not session(app).session.paused


async def test_the_safety_page_comes_back_to_the_offer(clock: FakeClock):
    app = live_app(clock, journal=FakeJournal(), start_routine="core-strength")
    async with app.run_test(size=SIZE) as pilot:
        await start_core(pilot, 9)
        await pilot.press("2")
        assert isinstance(app.screen, SafetyScreen)
        assert session(app).session.paused
        await pilot.press("escape")
        assert choice(app).offer.title == "Go gently today"


async def test_gentle_ends_this_session_and_runs_gentle_relief(clock: FakeClock):
    journal = FakeJournal()
    app = live_app(clock, journal=journal, start_routine="core-strength")
    async with app.run_test(size=SIZE) as pilot:
        await start_core(pilot, 8)
        await pilot.press("1")
        await pilot.pause()
        # core-strength is kept in the history (the check-in), ended for today.
        assert journal.sessions[1]["routine_id"] == "core-strength"
        assert journal.sessions[1]["status"] == "quit"
        # gentle-relief has notes of its own, then starts with the pain already given.
        assert choice(app).offer.title == "Before you start: Gentle relief"
        await pilot.press("1")
        await pilot.pause()
        gentle = session(app)
        assert gentle.routine.id == "gentle-relief"
        assert [c.level for c in gentle.session.check_ins] == [8]
        assert gentle.session.phase.kind is not PhaseKind.CHECK_IN
        assert journal.pain[-1] == (8, "before", 2)
        # no second offer: gentle-relief is what the offer points to
        assert isinstance(app.screen, SessionScreen)


async def test_below_7_there_is_no_gentle_offer(clock: FakeClock):
    app = live_app(clock, journal=FakeJournal(), start_routine="core-strength")
    async with app.run_test(size=SIZE) as pilot:
        await start_core(pilot, 6)
        assert question_on_screen(app) == "Use easier variants?"


async def test_the_next_session_after_a_rise_offers_the_easier_variant_first(clock: FakeClock):
    # The rise of 2 is told on the summary (coach.safety.pain_rose); the next session of
    # the routine starts with the easier variants offered.
    journal = FakeJournal()

    class Rose:
        routine_id = "core-strength"
        pain_before, pain_after = 2, 5

    journal.recent_sessions = lambda limit=20, since=None: [Rose()]  # type: ignore[method-assign]
    app = live_app(clock, journal=journal, start_routine="core-strength")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")  # the notes
        assert question_on_screen(app) == "Use easier variants?"
        assert "hurt more after your last session" in screen_text(app)


# --------------------------------------------------------------------------- this hurts


async def test_this_hurts_asks_records_and_offers_the_easier_variant(
    clock: FakeClock, stretch_file: None
):
    journal = FakeJournal()
    app = live_app(clock, journal=journal, start_routine="knees")
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 6)
        assert text_of(app, "#phase-title") == "Double knee to chest"
        await pilot.press("h")
        assert session(app).session.paused
        assert answers(app)[:-1] == list(HURT_LABELS.values())
        await pilot.press("1")  # sharp or shooting pain
        assert journal.hurts == [
            {"hurt": "sharp", "session_id": 1, "step": 0, "exercise": "double-knee-to-chest"}
        ]
        expected = answer_hurt(Hurt.SHARP, exercise_id="double-knee-to-chest", has_easier=True)
        assert choice(app).offer.title == expected.title
        assert f"{expected.title} {expected.message}" in words(screen_text(app))
        assert answers(app)[0] == "Switch to the easier variant"
        await pilot.press("1")
        screen = session(app)
        assert not screen.session.paused
        # The single knee to chest, from the start of the step, on each side (new phases).
        assert text_of(app, "#phase-title") == (
            "Knee to chest (easier, instead of Double knee to chest)"
        )
        assert text_of(app, "#phase-detail").startswith("Left side")
        assert screen.session.remaining() == 20
        await advance(pilot, clock, 20)
        assert text_of(app, "#phase-title") == "Switch sides"


async def test_this_hurts_can_skip_the_exercise_or_stop_for_today(
    clock: FakeClock, stretch_file: None
):
    journal = FakeJournal()
    app = live_app(clock, journal=journal, start_routine="knees")
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 6)
        await pilot.press("h", "2")  # pain going down my leg
        assert answers(app) == ["Go on without this exercise", "Stop for today"]
        await pilot.press("1")
        assert text_of(app, "#phase-title") == "Standing back extension"
        assert journal.steps[0]["status"] == "skipped"

        await pilot.press("h", "1", "2")  # sharp again: stop for today
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert journal.sessions[1]["status"] == "quit"


async def test_numbness_says_stop_with_the_warning_signs_whole_at_80_by_24(
    clock: FakeClock, stretch_file: None
):
    app = live_app(clock, journal=FakeJournal(), start_routine="knees")
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 6)
        await pilot.press("h", "3")  # numbness or tingling
        answer = answer_hurt(Hurt.NUMB, exercise_id="double-knee-to-chest")
        shown = words(screen_text(app))
        assert f"{answer.title} {answer.message}" in shown  # the advice, whole
        assert answers(app) == ["Stop for today"]
        assert RED_FLAGS[0].title in shown
        body = app.screen.query_one("#choice-body")
        seen = shown
        for _ in range(40):  # the warning signs scroll; every one of them is there
            body.scroll_down(animate=False)
            await pilot.pause()
            seen += " " + words(screen_text(app))
        for section in RED_FLAGS:
            for item in section.items:
                assert words(item)[:40] in seen
        await pilot.press("escape")  # nothing but "stop" is offered: Escape does not pick it
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_never_mind_carries_on_at_the_same_second(clock: FakeClock, stretch_file: None):
    app = live_app(clock, journal=FakeJournal(), start_routine="knees")
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 6)
        before = session(app).session.remaining()
        await pilot.press("h")
        await advance(pilot, clock, 30)
        await pilot.press("escape")
        assert session(app).session.remaining() == before
        assert not session(app).session.paused


# --------------------------------------------------------------------------- ? and F1


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_the_safety_page_pauses_and_returns_to_the_same_second(
    make_app, clock: FakeClock, key: str
):
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")  # past "Get ready"
        await advance(pilot, clock, 7.5)
        before = session(app).session.remaining()
        await pilot.press(key)
        assert isinstance(app.screen, SafetyScreen)
        assert session(app).session.paused
        await advance(pilot, clock, 90)
        await pilot.press("escape")
        assert isinstance(app.screen, SessionScreen)
        assert not session(app).session.paused
        assert session(app).session.remaining() == before == 22.5


async def test_the_palettes_safety_also_pauses_the_session(make_app, clock: FakeClock):
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        await from_palette(pilot, "Safety")
        assert isinstance(app.screen, SafetyScreen)
        assert session(app).session.paused
        await pilot.press("escape")
        assert not session(app).session.paused


async def test_the_palettes_quit_asks_during_a_session(make_app, journal: FakeJournal):
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        await from_palette(pilot, "Quit")
        assert question_on_screen(app) == "Quit coach?"
        assert "kept" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert journal.sessions[1]["status"] == "quit"


# --------------------------------------------------------------------------- stop rules


async def test_each_step_shows_its_stop_rules_under_the_cues(clock: FakeClock, stretch_file: None):
    app = live_app(clock, journal=FakeJournal(), start_routine="knees")
    async with app.run_test(size=SIZE) as pilot:
        shown = words(screen_text(app))
        assert words(GENERAL_STOP.line) in shown
        await pilot.press("N")  # on to the back extension: its own rule too
        stops = text_of(app, "#stop-rules")
        assert GENERAL_STOP.line in stops and "below the knee" in stops
        assert "Stop if pain spreads below the knee." in words(screen_text(app))
        await pilot.press("N")  # breathing
        assert text_of(app, "#stop-rules") == BREATHING_STOP_LINE


# --------------------------------------------------------------------------- notes


async def test_a_routines_notes_come_first_and_can_be_skipped_next_time(clock: FakeClock):
    journal = FakeJournal()
    app = live_app(clock, journal=journal, start_routine="desk-break")
    async with app.run_test(size=SIZE) as pilot:
        offer = choice(app).offer
        assert offer.title == "Before you start: Desk break"
        shown = screen_text(app)
        assert "run through the desk checklist" in words(shown)
        assert "change position often, even between breaks" in words(shown)  # the whole notes
        await pilot.press("2")  # start, and skip this next time
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert journal.notes_skipped("desk-break")

    again = live_app(clock, journal=journal, start_routine="desk-break")
    async with again.run_test(size=SIZE):
        assert isinstance(again.screen, SessionScreen)  # straight in


async def test_not_now_leaves_a_coach_run_without_starting(clock: FakeClock):
    journal = FakeJournal()
    app = live_app(clock, journal=journal, start_routine="desk-break")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert not app.is_running
    assert journal.sessions == {}


def test_notes_are_reflowed_but_keep_their_list() -> None:
    from coach.routines.library import load_library
    from coach.tui.care import notes_offer

    routines = load_library().routines
    gentle = notes_offer(routines["gentle-relief"]).message
    assert "a chair or sofa within reach of your feet" in str(gentle)  # its line break joined
    desk = str(notes_offer(routines["desk-break"]).message).splitlines()
    assert desk[0] == "Before you sit down again, run through the desk checklist:"
    assert [line[:2] for line in desk[1:]] == ["- "] * 5


async def test_question_mark_opens_the_safety_page_on_every_screen(make_app, clock: FakeClock):
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q", "y")  # to the summary
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)


async def test_a_neck_exercise_shows_all_its_advice_whole_beside_its_figure(clock: FakeClock):
    from coach.safety import stop_lines

    journal = FakeJournal()
    journal.skip_notes("desk-break")
    app = live_app(clock, journal=journal, start_routine="desk-break")
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 5.5)
        assert text_of(app, "#phase-title") == "Chin tuck"
        assert app.screen.has_class("-figure")
        shown = words(screen_text(app))
        for line in stop_lines("chin-tuck"):
            assert words(line) in shown
        assert words(text_of(app, "#skip-if")) in shown
        for cue in session(app).session.phase.step.exercise.cues:
            assert words(cue) in shown


def toasts(app) -> str:
    """The toasts shown over the current screen, as text."""
    from textual.widgets._toast import Toast

    return "\n".join(str(toast.render()) for toast in app.screen.query(Toast))


async def test_home_toasts_do_not_cover_the_sessions_stop_rules(make_app):
    """The weekly check-in's toast (20 s) is about home: starting a routine from home
    clears it, so the session's cues and stop rules show whole."""
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.notify("press c to answer", title="Weekly check-in", timeout=20)
        await pilot.pause(0.2)
        assert "press c to answer" in toasts(app)
        await pilot.press("enter")  # the highlighted routine
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert "press c to answer" not in toasts(app)


async def test_a_routine_started_from_another_screen_keeps_its_toasts(make_app):
    """Only home's toasts are about home (a break started from the reminder banner, or
    the gentle routine after a session, keeps what those screens said)."""
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("question_mark")  # the safety page: not home
        await pilot.pause()
        app.notify("said over another screen", timeout=20)
        await pilot.pause(0.2)
        app.start_session(app.library.get("holds"))
        await pilot.pause(0.2)
        assert isinstance(app.screen, SessionScreen)
        assert "said over another screen" in toasts(app)


async def test_coach_run_keeps_what_start_up_had_to_say(make_app):
    """`coach run X` opens no home: a notice from start-up (a config error) stays."""
    app = make_app(start_routine="holds", notices=["config.yaml:1:1: an error"])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, SessionScreen)
        assert "config.yaml:1:1: an error" in toasts(app)
