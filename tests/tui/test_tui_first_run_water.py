"""The first run asks about a fluid limit (issue 14 item 9): a limit is the user's to set,
written into their config, and coach stops reminding them to drink."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeLibrary, exercise
from tui_support import SIZE, screen_text

from coach import paths
from coach.clock import FakeClock
from coach.config import load_config
from coach.history.journal import Journal
from coach.routines.model import Kind, Routine
from coach.safety import FLUID_LIMIT_QUESTION
from coach.tui.app import CoachApp, build_app
from coach.tui.screens.choice import ChoiceScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.water_goal import WaterGoalScreen


@pytest.fixture
def first_run(tmp_path: Path, clock: FakeClock) -> CoachApp:
    journal = Journal(tmp_path / "coach.db")  # nothing acknowledged yet: a first run
    library = FakeLibrary({"r": Routine("r", "R", Kind.STRETCH, (exercise("Reach", hold=5),))})
    return build_app(library=library, clock=clock, journal=journal)


async def answer_the_safety_page_then(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter")  # I understand
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChoiceScreen)
    assert FLUID_LIMIT_QUESTION.split(" (")[0] in screen_text(pilot.app)
    await pilot.press(*keys)
    await pilot.pause()


async def test_a_limit_becomes_the_goal_and_the_reminders_stop(first_run: CoachApp) -> None:
    async with first_run.run_test(size=SIZE) as pilot:
        await answer_the_safety_page_then(pilot, "2")
        assert isinstance(first_run.screen, WaterGoalScreen)
        await pilot.press(*"1.2l", "enter")
        await pilot.pause()
        assert isinstance(first_run.screen, HomeScreen)
        said = [note.message for note in first_run._notifications]
        assert any(m.startswith("Your daily goal is 1.2 L; coach will not remind") for m in said)
        assert (first_run.config.water_goal_ml, first_run.config.water_enabled) == (1200, False)
    written = load_config(paths.config_file())
    assert (written.water_goal_ml, written.water_enabled) == (1200, False)


async def test_an_amount_coach_cannot_read_is_said_and_nothing_changes(
    first_run: CoachApp,
) -> None:
    async with first_run.run_test(size=SIZE) as pilot:
        await answer_the_safety_page_then(pilot, "2")
        await pilot.press(*"lots", "enter")
        await pilot.pause()
        assert isinstance(first_run.screen, WaterGoalScreen)  # still asking
        assert "lots" in screen_text(first_run)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(first_run.screen, HomeScreen)
    assert not paths.config_file().exists()  # nothing written


async def test_an_empty_amount_only_stops_the_reminders(first_run: CoachApp) -> None:
    async with first_run.run_test(size=SIZE) as pilot:
        await answer_the_safety_page_then(pilot, "2")
        await pilot.press("enter")
        await pilot.pause()
    written = load_config(paths.config_file())
    assert (written.water_goal_ml, written.water_enabled) == (2000, False)


@pytest.mark.parametrize("keys", [("1",), ("escape",)], ids=["no", "escape"])
async def test_no_limit_changes_nothing(first_run: CoachApp, keys: tuple[str, ...]) -> None:
    async with first_run.run_test(size=SIZE) as pilot:
        await answer_the_safety_page_then(pilot, *keys)
        assert isinstance(first_run.screen, HomeScreen)
        assert first_run.config.water_enabled
    assert not paths.config_file().exists()


async def test_an_amount_out_of_range_is_said_in_the_configs_words(first_run: CoachApp) -> None:
    async with first_run.run_test(size=SIZE) as pilot:
        await answer_the_safety_page_then(pilot, "2")
        await pilot.press(*"50ml", "enter")
        await pilot.pause()
        assert isinstance(first_run.screen, WaterGoalScreen)  # still asking
        said = screen_text(first_run)
        assert "water.goal: " in said and "50ml" in said and "yourself" not in said
    assert load_config(paths.config_file()).water_enabled  # nothing changed
