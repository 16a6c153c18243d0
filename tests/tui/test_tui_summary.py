"""The summary screen: its figures, and the pain advice from coach.safety shown whole at 80×24."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import PurePath
from typing import Any, ClassVar

import pytest
from screen_host import STYLES, TUI
from textual.app import App
from tui_support import SIZE, advance, screen_text

from coach.clock import FakeClock
from coach.safety import pain_after_session
from coach.session.events import SessionSummary
from coach.tui.screens.summary import SummaryScreen, summary_figures

START = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)


def summary(**fields: Any) -> SessionSummary:
    values: dict[str, Any] = {
        "routine_id": "core-strength",
        "routine_name": "Core strength",
        "started_at": START,
        "ended_at": START + timedelta(minutes=15),
        "completed": True,
        "active_seconds": 900,
        "steps_done": 6,
        "steps_skipped": 0,
        "steps_total": 8,
        "pain_before": None,
        "pain_after": None,
        "water_ml": 0,
    }
    values.update(fields)
    return SessionSummary(**values)


# ----------------------------------------------------------------------------- the figures


@pytest.mark.parametrize(
    ("partial", "steps"),
    [
        (0, "6 done · 0 skipped · 8 in all"),
        # Issue 18: "6 done (1 in part)" read as if 6 were done whole.
        (1, "5 done · 1 partly done · 0 skipped · 8 in all"),
        (3, "3 done · 3 partly done · 0 skipped · 8 in all"),
    ],
)
def test_steps_done_in_part_are_named_only_when_there_are_some(partial: int, steps: str) -> None:
    figures = {ident: value for _, value, ident in summary_figures(summary(steps_partial=partial))}
    assert figures["steps"] == steps


def test_the_figures_show_pain_and_water_only_when_there_are_some() -> None:
    plain = [ident for _, _, ident in summary_figures(summary())]
    assert plain == ["time-spent", "steps"]
    full = summary(pain_before=3, pain_after=None, water_ml=250, paused_seconds=65)
    figures = {ident: value for _, value, ident in summary_figures(full)}
    assert figures["pain"] == "3 → –  (0–10)"
    assert figures["water"] == "250 ml"
    assert figures["time-spent"] == "15 min (paused 1 min 5 s)"


# ----------------------------------------------------------------------------- the advice


class SummaryHost(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = [*STYLES, TUI / "screens" / "summary.tcss"]

    def __init__(self, shown: SessionSummary) -> None:
        super().__init__()
        self.shown = shown

    def on_mount(self) -> None:
        self.push_screen(SummaryScreen(self.shown, saved=True, closing_exits=False))


def words(text: str) -> str:
    """The screen's text as one line of words: borders, bullets and line breaks gone."""
    return " ".join(re.sub(r"[│╭╮╰╯─▔▁▊▎]", " ", text).split())


@pytest.mark.parametrize(
    ("before", "after"),
    [(2, 9), (None, 8), (3, 5), (6, 3)],
)
async def test_the_pain_advice_is_shown_whole_at_80_by_24(before: int | None, after: int) -> None:
    note = pain_after_session(before, after)
    assert note is not None
    app = SummaryHost(summary(pain_before=before, pain_after=after))
    async with app.run_test(size=SIZE):
        shown = words(screen_text(app))
        assert f"{note.title}. {note.message}" in shown
        assert "Back to routines (Enter)" in shown  # nothing below it pushed off the screen


async def test_severe_pain_after_shows_the_red_flag_half_too() -> None:
    app = SummaryHost(summary(pain_before=3, pain_after=8))
    async with app.run_test(size=SIZE):
        shown = words(screen_text(app))
        assert "Stop for today" in shown
        assert "weakness in both legs" in shown and "rest does not ease it" in shown


async def test_no_advice_when_pain_held_steady() -> None:
    app = SummaryHost(summary(pain_before=3, pain_after=4))
    async with app.run_test(size=SIZE):
        assert not app.screen.query("#pain-note")


async def test_a_session_that_ends_in_severe_pain_gets_the_advice(make_app, clock: FakeClock):
    app = make_app(start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "enter")  # before
        await advance(pilot, clock, 10)
        await pilot.press("c", "space")
        await advance(pilot, clock, 10)
        await pilot.press("space", "9", "enter")  # after
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        shown = words(screen_text(app))
        assert "It rose from 2 to 9 during this session." in shown
        assert "Pain of 9/10 is severe" in shown
