"""The routine builder: build from scratch, save, reopen; save-over asks; a built-in is copied
when first saved; keys where the footer says; a paste into the name; a pyramid's sets."""

from __future__ import annotations

from dataclasses import replace

import pytest
from customize_support import (
    highlight_routine,
    home,
    live_app,
    routine_rows,
    type_into,
    user_dir,
    write_routine,
)
from textual import events
from textual.widgets import Input, OptionList
from textual.widgets._footer import FooterKey
from tui_support import SIZE, from_palette, question_on_screen, screen_text, text_of

from coach.clock import FakeClock
from coach.routines.draft import DoseFields, Draft, DraftError, read_dose, slug
from coach.routines.library import builtin_dir, load_library
from coach.routines.loader import load_routine_file
from coach.routines.model import BreathingStep, CheckInStep, Dose, ExerciseStep, Kind, RestStep
from coach.tui.screens.builder import BuilderScreen


def footer_keys(app) -> set[str]:
    """The keys the footer shows as working now."""
    return {
        key.key
        for key in app.screen.query(FooterKey)
        if not key.has_class("-disabled") and key.key != "ctrl+p"
    }


def builder(app) -> BuilderScreen:
    screen = app.screen
    assert isinstance(screen, BuilderScreen), f"expected the builder, got {screen!r}"
    return screen


def step_lines(app) -> list[str]:
    options = builder(app).query_one("#step-list", OptionList).options
    return [str(option.prompt) for option in options]


async def add_exercise(pilot, query: str) -> None:
    """Search the exercise list, then Enter twice: to the list, and add the first match."""
    await type_into(pilot, "#exercise-search", query)
    await pilot.press("enter", "enter")


async def build_three_steps(pilot) -> None:
    """Name it, then: Cat–cow × 12 reps, box breathing for 6 rounds, knee to chest 30 s a side."""
    await type_into(pilot, "#builder-name", "Lunch stretch")
    await add_exercise(pilot, "cat")
    await type_into(pilot, "#dose-reps", "12")
    builder(pilot.app).query_one("#step-list").focus()
    await pilot.press("b")  # box breathing, 4 rounds
    await type_into(pilot, "#breath-rounds", "6")
    await add_exercise(pilot, "knee to")
    await type_into(pilot, "#dose-hold", "30s")
    # Knee to chest starts one side at a time: a click makes it both at once, another undoes it.
    await pilot.click("#dose-per-side")
    await pilot.pause()
    last = pilot.app.screen.draft.steps[-1]
    assert isinstance(last, ExerciseStep) and not last.dose.per_side
    await pilot.click("#dose-per-side")
    await pilot.pause()


async def test_build_a_three_step_routine_save_it_and_reopen_it(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert builder(app).draft.steps == []
        await build_three_steps(pilot)

        assert builder(app).query_one("#builder-id", Input).value == "lunch-stretch"
        assert step_lines(app) == [
            "1. Cat–cow · 12 reps",
            "2. Box breathing · box 4-4-4-4, 6 rounds",
            "3. Knee to chest · hold 30 s, each side",
        ]
        # Total: 12 reps at cat–cow's 4 s tempo + 6 × 16 s + get ready 5 s + 2 × 30 s + 5 s
        # to switch sides: 3 min 34 s, all of it timed (no "~").
        subtitle = str(builder(app).query_one("#step-list").border_subtitle)
        assert subtitle == "3 steps · 4 min"
        assert "not saved" in builder(app).sub_title

        await pilot.press("ctrl+s")
        path = user_dir() / "lunch-stretch.yaml"
        assert path.is_file()
        assert "not saved" not in builder(app).sub_title
        saved = load_routine_file(path, load_library(user_dir()).exercises)
        assert saved.name == "Lunch stretch"
        assert [type(s) for s in saved.steps] == [ExerciseStep, BreathingStep, ExerciseStep]
        first, breathing, third = saved.steps
        assert isinstance(first, ExerciseStep) and first.dose == Dose(reps=12, tempo=4)
        assert isinstance(breathing, BreathingStep) and breathing.rounds == 6
        assert isinstance(third, ExerciseStep)
        assert third.dose == Dose(hold=30, per_side=True)
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# coach routine: Lunch stretch")
        assert "breathe: {pattern: box, rounds: 6}" in text

        # Home has it at once (the builder polls the watcher after saving).
        await pilot.press("escape")
        assert "Lunch stretch" in routine_rows(app)["lunch-stretch"]
        assert routine_rows(app)["lunch-stretch"].endswith("yours")

        highlight_routine(app, "lunch-stretch")
        await pilot.press("o")
        reopened = builder(app).draft
        assert reopened.routine() == replace(saved, source=None)
        assert builder(app).query_one("#builder-name", Input).value == "Lunch stretch"
        assert step_lines(app)[2] == "3. Knee to chest · hold 30 s, each side"


async def test_a_new_routine_opens_where_the_footer_keys_work(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert app.focused is builder(app).query_one("#exercise-list")
        footer = footer_keys(app)
        assert {"a", "r", "b", "d", "c", "ctrl+s", "escape"} <= footer
        # What the footer says works at once: Enter or a adds the highlighted exercise.
        await pilot.press("a", "enter")
        assert [s.name for s in builder(app).draft.steps] == ["20-20-20 eye break"] * 2
        assert {"x", "shift+up", "shift+down"} <= footer_keys(app)  # a step to move now


async def test_in_a_field_the_footer_shows_only_the_keys_that_still_work(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()  # the builder has mounted and focused its exercises
        builder(app).query_one("#builder-name").focus()
        await pilot.pause()
        await pilot.pause()  # the footer recomposes after the focus has moved
        assert footer_keys(app) == {"ctrl+s", "escape"}  # letters type
        await pilot.press(*"Neck", "tab")
        assert app.focused is builder(app).query_one("#builder-id")
        assert builder(app).query_one("#builder-id", Input).value == "neck"


async def test_saving_without_a_name_goes_to_the_name(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "a", "ctrl+s")
        assert "name: give the routine a name" in screen_text(app)
        assert app.focused is builder(app).query_one("#builder-name")


async def test_a_paste_into_the_name_keeps_every_key_and_the_id_follows(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        name = builder(app).query_one("#builder-name", Input)
        name.focus()
        await pilot.pause()
        # Keys that arrive together are all queued before the screen hears of the first.
        text = "Lunch stretch for the back"
        for character in text:
            app.post_message(events.Key("space" if character == " " else character, character))
        await pilot.pause(0.2)
        assert name.value == text
        assert builder(app).query_one("#builder-id", Input).value == "lunch-stretch-for-the-back"
        assert builder(app).draft.routine_id == "lunch-stretch-for-the-back"
        assert builder(app).draft.id_follows_name
        await pilot.press(*"!")
        assert builder(app).draft.routine_id == "lunch-stretch-for-the-back"


async def test_with_a_pyramid_the_sets_are_its_own(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await add_exercise(pilot, "curl")
        sets = builder(app).query_one("#dose-sets", Input)
        assert sets.value == "1" and not sets.disabled
        await type_into(pilot, "#dose-reps", "6-4-2")
        assert sets.value == "3" and sets.disabled
        step = builder(app).draft.steps[0]
        assert isinstance(step, ExerciseStep) and step.dose.pyramid == (6, 4, 2)
        # No longer a pyramid: the sets it showed are the dose's, and can be typed again.
        await type_into(pilot, "#dose-reps", "8")
        assert sets.value == "3" and not sets.disabled
        step = builder(app).draft.steps[0]
        assert isinstance(step, ExerciseStep) and (step.dose.reps, step.dose.sets) == (8, 3)
        # Shown again (another step, then back), a pyramid still says its sets.
        await type_into(pilot, "#dose-reps", "5-3")
        builder(app).query_one("#step-list").focus()
        await pilot.press("r", "up")
        assert sets.value == "2" and sets.disabled


async def test_the_dose_form_follows_the_highlighted_step(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await build_three_steps(pilot)
        step_list = builder(app).query_one("#step-list", OptionList)
        step_list.focus()
        await pilot.press("up", "up")
        await pilot.pause()
        assert builder(app).query_one("#dose-reps", Input).value == "12"
        assert builder(app).query_one("#dose-hold", Input).value == ""
        await pilot.press("down")
        assert builder(app).query_one("#breath-rounds", Input).value == "6"


async def test_remove_and_reorder_with_keys_and_buttons(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        builder(app).query_one("#step-list").focus()
        await pilot.press("c", "r", "d")  # check-in (before), rest, drink
        titles = [line.split(" · ")[0] for line in step_lines(app)]
        assert titles == ["1. Pain check-in", "2. Rest", "3. Drink water"]
        assert builder(app).query_one("#step-list", OptionList).highlighted == 2

        await pilot.press("shift+up")
        assert [line.split(" · ")[0][3:] for line in step_lines(app)] == [
            "Pain check-in",
            "Drink water",
            "Rest",
        ]
        await pilot.click("#up-button")  # the mouse: the drink goes to the top
        await pilot.pause()
        assert step_lines(app)[0].startswith("1. Drink water")
        assert builder(app).query_one("#step-list", OptionList).highlighted == 0

        await pilot.press("x")
        assert [line.split(" · ")[0][3:] for line in step_lines(app)] == ["Pain check-in", "Rest"]
        await pilot.click("#remove-button")
        await pilot.pause(0.3)  # a button ignores clicks during its 0.2 s press effect
        await pilot.click("#remove-button")
        assert step_lines(app) == []
        assert str(builder(app).query_one("#step-list").border_subtitle) == "no steps yet"
        assert builder(app).draft.steps == []


async def test_first_check_in_asks_before_and_later_ones_after(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        builder(app).query_one("#step-list").focus()
        await pilot.press("c", "r", "c")
        moments = [s.moment for s in builder(app).draft.steps if isinstance(s, CheckInStep)]
        assert moments == ["before", "after"]


async def test_a_dose_that_does_not_read_is_shown_and_changes_nothing(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await add_exercise(pilot, "plank")
        before = builder(app).draft.steps[0]
        await type_into(pilot, "#dose-hold", "abc")
        assert "hold: expected a duration" in text_of(app, "#builder-message")
        assert builder(app).draft.steps[0] == before
        await type_into(pilot, "#dose-hold", "45s")
        assert text_of(app, "#builder-message") == ""
        step = builder(app).draft.steps[0]
        assert isinstance(step, ExerciseStep) and step.dose.hold == 45


async def test_saving_shows_what_is_missing_and_writes_nothing(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.press("ctrl+s")
        message = text_of(app, "#builder-message")
        assert message.startswith("Not saved:")
        assert "name: give the routine a name" in message
        assert "steps: add at least one step" in message
        assert list(user_dir().glob("*.yaml")) == []


async def test_saving_over_an_existing_file_asks_first(clock: FakeClock):
    existing = write_routine("Lunch stretch", "lunch-stretch", reps=5)
    original = existing.read_text(encoding="utf-8")
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await build_three_steps(pilot)
        await pilot.press("ctrl+s")
        assert question_on_screen(app) == "Replace lunch-stretch.yaml?"
        await pilot.press("n")
        assert existing.read_text(encoding="utf-8") == original
        assert text_of(app, "#builder-message") == "Not saved."

        await pilot.press("ctrl+s")
        await pilot.press("y")
        assert existing.read_text(encoding="utf-8") != original
        assert "Box breathing" in existing.read_text(encoding="utf-8")
        # Saved once, the file is this builder's own: saving again does not ask.
        builder(app).query_one("#step-list").focus()
        await pilot.press("up")
        await type_into(pilot, "#breath-rounds", "5")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BuilderScreen)
        assert "rounds: 5" in existing.read_text(encoding="utf-8")


async def test_a_new_routine_with_a_built_in_id_asks_before_hiding_it(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_into(pilot, "#builder-name", "Desk break")
        await add_exercise(pilot, "chin")
        await pilot.press("ctrl+s")
        assert question_on_screen(app) == "Replace the built-in routine for you?"
        assert "Replace the built-in routine for you?" in screen_text(app)
        await pilot.press("escape")
        assert not (user_dir() / "desk-break.yaml").exists()


async def test_looking_at_a_built_in_in_the_builder_writes_nothing(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        highlight_routine(app, "desk-break")
        await pilot.press("o")
        assert "your first save writes your copy" in text_of(app, "#builder-message")
        await pilot.press("down", "escape")  # a look, and back: no question, no file
        home(app)
        assert not (user_dir() / "desk-break.yaml").exists()
        assert not routine_rows(app)["desk-break"].endswith("yours")


async def test_a_built_in_is_copied_when_first_saved_and_the_original_stays(clock: FakeClock):
    shipped = builtin_dir() / "desk-break.yaml"
    shipped_text = shipped.read_text(encoding="utf-8")
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        assert not routine_rows(app)["desk-break"].endswith("yours")
        highlight_routine(app, "desk-break")
        await pilot.press("o")
        copy = user_dir() / "desk-break.yaml"
        draft = builder(app).draft
        assert draft.source is None
        assert draft.name == "Desk break"
        builtin = load_library(user_dir() / "nowhere").routines["desk-break"]
        assert draft.routine().steps == builtin.steps

        # The first save writes the copy without asking (that is what `o` is for) …
        builder(app).query_one("#step-list").focus()
        await pilot.press("d", "ctrl+s")
        assert isinstance(app.screen, BuilderScreen)
        assert "drink: 250ml" in copy.read_text(encoding="utf-8")
        assert draft.source == copy
        assert shipped.read_text(encoding="utf-8") == shipped_text
        assert routine_rows(app)["desk-break"].endswith("yours")
        # … and the copy opens from now on.
        await pilot.press("escape")
        highlight_routine(app, "desk-break")
        await pilot.press("o")
        assert builder(app).draft.source == copy


async def test_leaving_with_unsaved_changes_asks(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        builder(app).query_one("#step-list").focus()
        await pilot.press("r", "escape")
        assert question_on_screen(app) == "Leave without saving?"
        assert footer_keys(app) == {"y", "n"}  # the builder's keys do nothing meanwhile
        await pilot.press("n")
        assert isinstance(app.screen, BuilderScreen)
        await pilot.press("escape", "y")
        home(app)


async def test_the_exercise_list_searches_and_describes(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_into(pilot, "#exercise-search", "front plank")
        exercise_list = builder(app).query_one("#exercise-list", OptionList)
        assert [o.id for o in exercise_list.options] == ["plank"]
        about = text_of(app, "#exercise-about")
        assert "whole core" in about
        assert "• Forearms on the floor" in about
        assert "Easier: Plank on knees" in about
        await type_into(pilot, "#exercise-search", "cat")
        assert "Skip if wrist pain" in text_of(app, "#exercise-about")
        await type_into(pilot, "#exercise-search", "zzz")
        assert "No exercise matches." in screen_text(app)


async def test_a_single_click_reads_about_an_exercise_and_a_double_click_adds_it(
    clock: FakeClock,
):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_into(pilot, "#exercise-search", "bird")
        await pilot.click("#exercise-list", offset=(3, 1))
        assert builder(app).draft.steps == []
        await pilot.double_click("#exercise-list", offset=(3, 1))
        assert [s.name for s in builder(app).draft.steps] == ["Bird-dog"]


async def test_the_command_palette_opens_a_new_routine(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await from_palette(pilot, "new routine")
        assert builder(app).draft.steps == []


async def test_the_command_palette_opens_a_routine_in_the_builder(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await from_palette(pilot, "open desk break in the builder")
        assert builder(app).draft.name == "Desk break"
        assert builder(app).draft.copies_builtin == "desk-break"  # copied when first saved
        assert not (user_dir() / "desk-break.yaml").exists()


def test_the_builder_at_80_by_24(snap_compare, clock: FakeClock):
    async def build(pilot) -> None:
        await pilot.press("n")
        await type_into(pilot, "#builder-name", "Lunch stretch")
        await add_exercise(pilot, "cat")
        builder(pilot.app).query_one("#step-list").focus()
        await pilot.press("b", "c")
        await add_exercise(pilot, "knee to")
        await type_into(pilot, "#exercise-search", "")
        builder(pilot.app).query_one("#step-list").focus()
        await pilot.pause()

    assert snap_compare(live_app(clock), terminal_size=SIZE, run_before=build)


# --------------------------------------------------------------------------- the draft


def test_slug_makes_an_id_from_a_name():
    assert slug("My desk break!") == "my-desk-break"
    assert slug("  Ünïcode & co  ") == "n-code-co"
    assert len(slug("x" * 100)) == 64


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (DoseFields(hold="30s"), Dose(hold=30)),
        (DoseFields(reps="10", sets="3"), Dose(reps=10, sets=3)),
        (DoseFields(reps="6-4-2", hold="10"), Dose(pyramid=(6, 4, 2), hold=10)),
        (
            DoseFields(hold="1m", per_side=True, set_rest="15s"),
            Dose(hold=60, per_side=True, set_rest=15),
        ),
    ],
)
def test_a_typed_dose_reads_back(fields: DoseFields, expected: Dose):
    assert read_dose(fields, Dose()) == expected


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (DoseFields(), "hold: give a hold"),
        (DoseFields(hold="0"), "hold: must be more than 0 s"),
        (DoseFields(reps="ten"), 'reps: expected a whole number, got "ten"'),
        (DoseFields(reps="10", sets="99"), "sets: between 1 and 20"),
        (DoseFields(hold="9h"), "hold: at most 4h"),
    ],
)
def test_a_dose_that_does_not_read_says_which_field(fields: DoseFields, message: str):
    with pytest.raises(ValueError, match=message):
        read_dose(fields, Dose())


def test_the_draft_checks_through_the_loader():
    exercises = load_library(user_dir()).exercises
    draft = Draft()
    draft.set_name("Tiny")
    draft.add(RestStep(10))
    routine, text = draft.check(exercises)
    assert routine.id == "tiny" and routine.kind is Kind.MIXED
    assert "rest: 10s" in text

    draft.replace(0, RestStep(9 * 3600))
    with pytest.raises(DraftError) as raised:
        draft.check(exercises)
    assert raised.value.problems[0].startswith("step 1, rest:")
