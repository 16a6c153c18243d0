"""Every screen right at 80×24 (and 60×20): no text clipped at a panel's edge.

Each screen is opened as a person would reach it, on the built-in routines and a
history with some days in it, and every `Static` (a `Label` is one), `ProseView` and
button on it is measured against the room it has: a line that cannot wrap must fit its width,
a text that wraps must fit its longest word (else a word is cut), a text taller than
its box must be able to scroll, and no parent may cut a widget off unless it scrolls.
Snapshots of the home screen at both sizes show the same thing to a person.
"""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from customize_support import highlight_routine, live_app
from history_helpers import add_session
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Static
from tui_support import SIZE, advance, screen_text, text_of

from coach.clock import FakeClock
from coach.history.journal import Journal
from coach.tui.widgets.prose import ProseView

SMALL = (60, 20)


def clipped(screen: Screen[Any]) -> list[str]:
    """Every Static, Label, ProseView or button on `screen` whose text does not fit, and why."""
    found: list[str] = []
    geometry = screen._compositor.full_map
    for widget in screen.query("*"):
        if not isinstance(widget, Static | Button | ProseView) or widget not in geometry:
            continue
        visual = widget.prose if isinstance(widget, ProseView) else widget._render()
        text = visual.plain if isinstance(visual, Content) else str(visual)
        if not text.strip() or not widget.display or not widget.visible:
            continue
        width, height = widget.content_size
        if isinstance(widget, ProseView):  # it wraps at its text width, and scrolls down
            width = widget.text_width
        styles = widget.styles
        problems: list[str] = []
        if styles.text_wrap == "nowrap":
            needed = visual.get_optimal_width(styles, width)  # a line that cannot wrap
        else:
            needed = visual.get_minimal_width(styles)  # its longest word
        if needed > width:
            problems.append(f"{width} columns for {needed}")
        lines = visual.get_height(styles, width) if width else 0
        if lines > height and styles.overflow_y not in ("auto", "scroll"):
            problems.append(f"{height} lines for {lines}")
        place = geometry[widget]
        shown = place.clip.intersection(place.region)
        cut_across = (shown.x, shown.width) != (place.region.x, place.region.width)
        cut_down = (shown.y, shown.height) != (place.region.y, place.region.height)
        if (cut_across and not _scrolls(widget, "x")) or (cut_down and not _scrolls(widget, "y")):
            problems.append(f"cut off by its parent at {place.clip}")
        if problems:
            found.append(f"{widget!r} ({'; '.join(problems)}): {text[:50]!r}")
    return found


def _scrolls(widget: Widget, axis: str) -> bool:
    """A parent scrolls it into view that way (a page, a list): partly hidden is fine."""
    return any(
        isinstance(parent, Widget)
        and (parent.allow_horizontal_scroll if axis == "x" else parent.allow_vertical_scroll)
        for parent in widget.ancestors
    )


@pytest.fixture
def lived_in(tmp_path: Path, clock: FakeClock) -> Journal:
    """Four days of sessions with severe pain (the clinician note shows), water, a walk."""
    journal = Journal(tmp_path / "coach.db")
    journal.acknowledge_safety(clock.now())
    for days_ago in range(4):
        at = clock.now() - timedelta(days=days_ago, hours=1)
        add_session(journal, at, pain_before=8, pain_after=7)
        journal.log_pain(8, at, "manual")
        journal.log_water(500, at)
    journal.log_activity("walk", 30 * 60, clock.now() - timedelta(hours=3))
    return journal


async def each_screen(app: Any, pilot: Any) -> list[tuple[str, list[str]]]:
    """Home, the About of a long routine, safety, history's tabs, the builder (new and on
    a built-in, with its leave question), each measured."""
    seen: list[tuple[str, list[str]]] = []

    async def measure(name: str) -> None:
        await pilot.pause()
        seen.append((name, clipped(app.screen)))

    await pilot.pause()
    await measure("home")
    highlight_routine(app, "spasm-relief")  # the longest description
    await measure("home, a long About")
    await pilot.press("question_mark")
    await measure("safety")
    await pilot.press("end")
    await measure("safety, its end")
    await pilot.press("escape", "b")
    await measure("back care")
    await pilot.press("end")
    await measure("back care, its end")
    await pilot.press("escape", "h")
    await pilot.pause(0.3)
    for tab in "1234":
        await pilot.press(tab)
        await measure(f"history, tab {tab}")
    await pilot.press("escape", "n")
    await measure("builder, new")
    await pilot.press("a", "c")
    await measure("builder, a check-in")
    await pilot.press("up")
    await measure("builder, an exercise")
    await pilot.press("escape")
    await measure("builder, leave question")
    await pilot.press("y")
    highlight_routine(app, "core-strength")
    await pilot.press("o")
    await measure("builder, a built-in")
    return seen


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["80x24", "60x20"])
async def test_no_screen_clips_its_text(size, lived_in, clock: FakeClock):
    app = live_app(clock, journal=lived_in)
    async with app.run_test(size=size) as pilot:
        seen = await each_screen(app, pilot)
    assert [name for name, _ in seen][-1] == "builder, a built-in"
    report = [f"{name}: {problem}" for name, problems in seen for problem in problems]
    assert not report, "\n".join(report)


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["80x24", "60x20"])
async def test_the_first_run_page_does_not_clip_its_text(size, tmp_path, clock: FakeClock):
    app = live_app(clock, journal=Journal(tmp_path / "coach.db"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert clipped(app.screen) == []
        await pilot.press("end")
        await pilot.pause()
        assert clipped(app.screen) == []


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["80x24", "60x20"])
async def test_the_summary_does_not_clip_its_text(size, make_app, clock: FakeClock):
    app = make_app(start_routine="short")
    async with app.run_test(size=size) as pilot:
        await pilot.press("2", "enter")
        await advance(pilot, clock, 10)
        await pilot.press("c", "space")
        await advance(pilot, clock, 10)
        await pilot.press("space", "8", "enter")  # pain rose: the summary says a word on it
        await pilot.pause()
        assert type(app.screen).__name__ == "SummaryScreen"
        assert clipped(app.screen) == []


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["80x24", "60x20"])
async def test_a_summary_of_no_work_is_whole_at_60_and_80_columns(size, make_app, clock: FakeClock):
    app = make_app(start_routine="holds")
    async with app.run_test(size=size) as pilot:
        await pilot.press("q", "y")  # at once: no work
        await pilot.pause()
        assert type(app.screen).__name__ == "SummaryScreen"
        assert text_of(app, "#saved") == "What you did is saved to your history."
        assert "Stopped before any work: it does not count as a session." in " ".join(
            text_of(app, "#outcome").split()
        )
        assert clipped(app.screen) == []


@pytest.mark.parametrize("routine", ["holds", "short", "box"])
async def test_the_session_does_not_clip_its_text_at_80_by_24(routine, make_app, clock):
    """(At 60×20 its row of buttons is still cut: that screen is being reworked.)"""
    app = make_app(start_routine=routine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen = [("get ready", clipped(app.screen))]
        await pilot.press("right")
        await advance(pilot, clock, 3)
        seen.append(("the first step", clipped(app.screen)))
    report = [f"{name}: {problem}" for name, problems in seen for problem in problems]
    assert not report, "\n".join(report)


def test_clipped_finds_a_label_cut_by_its_parent_and_a_word_too_long():
    """The measure itself: it must see what a person would (a test that cannot fail is none)."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal

    class Cramped(App[None]):
        CSS = "#box { width: 20; height: 3; } #word { width: 8; } #line { width: 8; }"

        def compose(self) -> ComposeResult:
            with Horizontal(id="box"):
                yield Static("a words-too-long-for-it", id="word")
                yield Static("Hold it", id="line")
                yield Static("cut off at the right edge", id="cut")

    async def run() -> list[str]:
        app = Cramped()
        async with app.run_test(size=(40, 10)):
            return clipped(app.screen)

    import asyncio

    found = asyncio.run(run())
    assert len(found) == 2, found
    assert "id='word'" in found[0] and "8 columns for 21" in found[0]
    assert "id='cut'" in found[1] and "cut off by its parent" in found[1]


async def without_notifications(pilot: Any) -> None:
    """The layout alone: no toast (the weekly PEG offer) over it."""
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_home_at_80_by_24(snap_compare, lived_in, clock: FakeClock):
    app = live_app(clock, journal=lived_in)
    assert snap_compare(app, terminal_size=SIZE, run_before=without_notifications)


def test_home_at_60_by_20(snap_compare, lived_in, clock: FakeClock):
    async def a_long_about(pilot: Any) -> None:
        await without_notifications(pilot)
        highlight_routine(pilot.app, "spasm-relief")
        await pilot.pause()

    assert snap_compare(
        live_app(clock, journal=lived_in), terminal_size=SMALL, run_before=a_long_about
    )


def shown_lines(app: Any, selector: str) -> list[str]:
    """The lines of a widget as the terminal shows them."""
    region = app.screen.query_one(selector).content_region
    rows = screen_text(app).splitlines()[region.y : region.bottom]
    return [row[region.x : region.right].rstrip() for row in rows]


@pytest.mark.parametrize("width", [80, 60])
async def test_the_about_panel_keeps_numbers_with_units_and_rewraps_descriptions(
    width, clock: FakeClock
):
    app = live_app(clock)
    async with app.run_test(size=(width, 80)) as pilot:  # tall: every line in view
        for routine_id in ("evening-wind-down", "ice-heat", "morning-mobility"):
            highlight_routine(app, routine_id)
            await pilot.pause()
            lines = [line for line in shown_lines(app, "#details") if line.strip()]
            # "hold 20 / s": no line ends on a number whose unit went to the next line
            assert not [line for line in lines if re.search(r"(^|\s)[\d.-]+$", line)], lines
        # The description's own line breaks ("No heat after a / fall …") are gone: each line
        # of it is as full as the next line's first word allows.
        highlight_routine(app, "ice-heat")
        await pilot.pause()
        width = app.screen.query_one("#details", ProseView).text_width
        lines = shown_lines(app, "#details")
        first = next(n for n, line in enumerate(lines) if line.startswith("Two 15-minute"))
        paragraph = lines[first : lines.index("", first)]
        assert "No heat after a fall or on fresh swelling" in " ".join(paragraph)
        for line, after in itertools.pairwise(paragraph):
            assert len(line) + 1 + len(after.split()[0]) > width, (line, after)
