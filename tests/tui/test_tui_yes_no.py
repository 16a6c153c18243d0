"""The one yes/no dialog: keys, the focused (safe) answer, mnemonics, the layout at 80×24."""

from __future__ import annotations

import pytest
from screen_host import ScreenHost
from tui_support import SIZE, screen_text

from coach.tui.screens.yes_no import Question, YesNoScreen

QUIT = Question("Quit this session?", "Kept.", yes="Quit", no="Keep going", yes_keys=("y", "q"))
EDIT = Question(
    "lunch.yaml has 1 problem",
    yes="Edit again",
    no="Later",
    yes_keys=("e", "y"),
    no_keys=("escape", "q", "n"),
    default=True,
)


@pytest.mark.parametrize(
    ("question", "keys", "answer"),
    [
        (QUIT, ["y"], True),
        (QUIT, ["q"], True),  # q twice quits a session
        (QUIT, ["n"], False),
        (QUIT, ["escape"], False),
        (QUIT, ["enter"], False),  # the focused answer is the safe one
        (EDIT, ["e"], True),
        (EDIT, ["enter"], True),  # this question says yes by default
        (EDIT, ["q"], False),
        (EDIT, ["escape"], False),
    ],
)
async def test_keys_answer(question: Question, keys: list[str], answer: bool) -> None:
    app = ScreenHost(lambda: YesNoScreen(question))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        assert app.results == [answer]


async def test_other_keys_do_not_answer() -> None:
    app = ScreenHost(lambda: YesNoScreen(QUIT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "x", "space")
        assert app.results == []
        assert isinstance(app.screen, YesNoScreen)


async def test_the_buttons_name_their_keys_and_a_click_answers() -> None:
    app = ScreenHost(lambda: YesNoScreen(EDIT))
    async with app.run_test(size=SIZE) as pilot:
        shown = screen_text(app)
        assert "lunch.yaml has 1 problem" in shown
        assert "Edit again (e)" in shown
        assert "Later (esc)" in shown
        await pilot.click("#answer-no")
        assert app.results == [False]


async def test_a_long_detail_wraps_instead_of_being_cut() -> None:
    detail = "word " * 40 + "END"
    app = ScreenHost(lambda: YesNoScreen(Question("Sure?", detail=detail)))
    async with app.run_test(size=SIZE):
        assert "END" in screen_text(app)
