"""The session screen's wording (issue 18): the first frame, "Next:", a walk is no hold, a
note that repeats a cue, the set rest's reps, a swap named as one, the footer's keys."""

from __future__ import annotations

import pytest
from customize_support import live_app
from fakes import FakeJournal, exercise
from tui_support import SIZE, advance, screen_text, text_of

from coach.clock import FakeClock
from coach.routines.model import Defaults, Kind, RestStep, Routine
from coach.session.plan import PhaseKind, build_plan
from coach.tui import session_view as words
from coach.tui.screens.session import SessionScreen


@pytest.mark.parametrize(
    ("note", "cues", "shown"),
    [
        # desk-break's walk: "refill your water" is already a cue
        (
            "Stand, stretch your legs, refill your water.",
            ("Stand up and walk to the window.", "Refill your water on the way."),
            "Stretch your legs.",
        ),
        ("Refill your water.", ("Refill your water on the way.",), ""),
        (
            "Only as far as is comfortable; the other foot stays down.",
            ("The other foot stays on the floor.",),
            "Only as far as is comfortable; the other foot stays down.",
        ),
        ("Holds stay at 20 seconds.", ("Forearms down.",), "Holds stay at 20 seconds."),
        ("", ("A cue.",), ""),
    ],
)
def test_a_note_never_repeats_a_cue(note: str, cues: tuple[str, ...], shown: str) -> None:
    assert words.without_repeats(note, cues) == shown


def test_next_names_the_next_step_not_the_rest_between_reps() -> None:
    defaults = Defaults(get_ready=5, rest=10, set_rest=30, switch_sides=5)
    routine = Routine(
        "r",
        "R",
        Kind.CORE,
        (
            exercise("Bird dog", reps=3, hold=8, rep_rest=1),
            exercise("Plank", hold=20),
            RestStep(60),
        ),
        defaults=defaults,
    )
    plan = build_plan(routine)
    by_kind = [(p.kind, words.next_step_text(plan, p, {})) for p in plan.phases]
    assert by_kind[0] == (PhaseKind.GET_READY, "")  # its detail says "Next: Bird dog"
    assert (PhaseKind.WORK, "Next: Plank") in by_kind  # every rep of the bird dog
    assert all(text != "Next: Rest" for _, text in by_kind[:6])
    assert (PhaseKind.WORK, "Next: Rest · 1 min") in by_kind
    assert by_kind[-1] == (PhaseKind.REST, "Next: that's the last one")


def test_a_swap_is_named_as_one() -> None:
    assert words.swapped_title("Plank on knees", 2, {2: "Front plank"}) == (
        "Plank on knees (easier, instead of Front plank)"
    )
    assert words.swapped_title("Plank", 1, {2: "Front plank"}) == "Plank"


async def test_the_first_frame_shows_the_first_phase_not_paused(make_app, monkeypatch):
    # Before the session starts (the first refresh), the screen already shows the get-ready:
    # no "Paused · press space…" note, no Done or +1 rep buttons (issue 18).
    monkeypatch.setattr(SessionScreen, "_begin", lambda self: None)
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "Paused" not in shown
        assert "Get ready" in shown and "Step 1 of 3" in shown
        assert text_of(app, "#countdown") == "0:05"
        assert not app.screen.query_one("#done-button").display
        assert not app.screen.query_one("#rep-button").display


async def test_a_walk_is_not_a_hold_and_the_set_rest_says_the_reps(clock: FakeClock):
    app = live_app(clock, journal=FakeJournal(), start_routine="hydration-break")
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 3)
        assert text_of(app, "#phase-title") == "Walk to the water"
        assert "hold" not in screen_text(app).lower()
        assert text_of(app, "#countdown") == "0:40"


async def test_the_footer_lists_every_key_that_works_at_80_columns(make_app):
    app = make_app(start_routine="holds")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        footer = screen_text(app).splitlines()[-1]
        for key in ("space Pause", "Skip", "Back", "r Restart", "h It hurts", "? Safety"):
            assert key in footer
        for key in ("m Mute", "v Voice", "q Quit"):
            assert key in footer
