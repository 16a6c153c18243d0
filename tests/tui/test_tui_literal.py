"""User text is text in the TUI (issue 19 items 6, 7): a routine whose name and description
hold markup and terminal escapes is shown literally on home, in the palette, in a session
and in History; clicking it there does nothing unexpected; a file name with brackets never
crashes a notification.

The loader refuses control characters, so a routine like this can only come from code or
from a journal written before; the screens must show it literally all the same.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fakes import FakeLibrary, exercise
from screen_host import NOW, ZONE
from textual.content import Content
from textual.widgets import DataTable
from tui_support import screen_text

from coach.clock import FakeClock
from coach.history.journal import Journal
from coach.routines.model import Defaults, Kind, Routine
from coach.tui.app import build_app
from coach.tui.literal import highlighted, literal, literal_cell, palette_text
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen

NAME = "[@click=app.quit]Q[/] \x1b]0;pwned\x07"
SHOWN_NAME = "[@click=app.quit]Q[/] ␛]0;pwned␇"
DESCRIPTION = "Stretch [gently] for 30 s. [link=file:///etc/passwd]x[/link] x [/] y \x1b[2J \x9b31m"
SIZE = (110, 30)


def hostile_routine() -> Routine:
    return Routine(
        "hostile",
        NAME,
        Kind.STRETCH,
        (exercise("Cat [b]cow[/b]", hold=10, cues=("Round [red]the[/] back\x1b[5m",)),),
        description=DESCRIPTION,
        defaults=Defaults(get_ready=0, rest=0),
    )


def no_escape_reaches_the_screen(shown: str) -> None:
    assert "\x1b" not in shown.replace("\x1b[", "")  # the export's own styles are CSI only
    assert "pwned\x07" not in shown and "\x9b" not in shown


async def test_home_palette_and_session_show_the_text_as_written(clock: FakeClock) -> None:
    app = build_app(library=FakeLibrary({"hostile": hostile_routine()}), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        home = screen_text(app)
        assert SHOWN_NAME in home
        assert "Stretch [gently] for 30 s." in home
        assert "[link=file:///etc/passwd]x[/link" in home  # wrapped in the About panel
        assert "[/] y ␛[2J �31m" in home  # shown as written, wrapped at a space
        no_escape_reaches_the_screen(home)

        await pilot.press("slash")
        await pilot.press(*"click")
        await pilot.pause(0.3)  # the palette searches in a worker
        palette = screen_text(app)
        assert f"Start {SHOWN_NAME}" in palette
        assert "Stretch [gently] for 30 s." in palette  # the help line: no word dropped
        await pilot.press("enter")
        await pilot.pause()

        assert isinstance(app.screen, SessionScreen)
        session = screen_text(app)
        assert SHOWN_NAME in session
        assert "Cat [b]cow[/b]" in session
        assert "Round [red]the[/] back␛[5m" in session
        no_escape_reaches_the_screen(session)
        assert app.is_running


async def test_history_shows_the_name_literally_and_a_click_does_nothing_odd(
    tmp_path: Path,
) -> None:
    journal = Journal(tmp_path / "coach.db", zone=ZONE, now=NOW)
    journal.acknowledge_safety(NOW - timedelta(days=1))
    start = NOW - timedelta(hours=2)
    session = journal.start_session("hostile", NAME, "stretch", 60, start)
    journal.record_step(session, 0, "Step", "done", 60, start + timedelta(minutes=1))
    journal.finish_session(
        session,
        ended_at=start + timedelta(minutes=1),
        status="completed",
        active_seconds=60,
        pain_before=None,
        pain_after=None,
    )
    app = build_app(
        library=FakeLibrary({"hostile": hostile_routine()}),
        clock=FakeClock(NOW),
        journal=journal,
    )
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("h")
            await pilot.pause()
            await pilot.press("4")
            await pilot.pause()
            shown = screen_text(app)
            assert "[@click=app.quit]Q[/]" in shown
            table = app.screen.query_one("#sessions-table", DataTable)
            region = table.region
            # The name cell: second column of the first row, clicked where "Q" is drawn.
            await pilot.click(table, offset=(region.width // 3, 1))
            await pilot.pause()
            assert app.is_running and app.return_code is None
            assert not isinstance(app.screen, HomeScreen)
    finally:
        journal.close()


async def test_a_file_name_with_brackets_is_a_plain_notification(clock: FakeClock) -> None:
    from textual.widgets._toast import Toast

    app = build_app(library=FakeLibrary({"hostile": hostile_routine()}), clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("draft[a=b:c].yaml has 1 problem.", title="Routine [file]")
        app.screen.notify("x [/] y \x1b[2J")  # a screen's notify passes markup=True
        await pilot.pause(0.2)
        toasts = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert toasts == ["Routine [file]\ndraft[a=b:c].yaml has 1 problem.", "x [/] y ␛[2J"]


def test_the_helpers_never_parse_markup() -> None:
    from textual.fuzzy import Matcher

    for text in ("x [/] y", "[link=file:///etc/passwd]x[/link]", "a\\", "Stretch [gently]"):
        assert literal(text).plain == text
        assert literal_cell(text).plain == text
        assert Content.from_markup(palette_text(text)).plain == text  # as the palette reads it
        assert highlighted(Matcher("x"), text).plain == text
    assert literal("a\nb\x1b", one_line=True).plain == "a b␛"
