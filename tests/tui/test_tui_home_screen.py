"""The home screen: routines by kind, starting one, finding one, problems, today, notices."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fakes import FakeJournal, FakeLibrary
from history_helpers import add_session
from textual.widgets import OptionList
from tui_support import SIZE, advance, screen_text, text_of

from coach.clock import FakeClock
from coach.errors import CoachError, InvalidFile, LocatedError, Location
from coach.history.journal import Journal, JournalError
from coach.tui.app import build_app, expand_keymap
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.summary import SummaryScreen


async def test_routines_are_grouped_by_kind_with_lengths_and_user_routines_marked(make_app):
    app = make_app()
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, HomeScreen)
        options = app.screen.query_one("#routine-list", OptionList).options
        headings = [str(o.prompt) for o in options if o.disabled]
        assert headings == ["Stretching", "Posture breaks", "Breathing", "Ice and heat", "Mixed"]
        rows = {o.id: " ".join(str(o.prompt).split()) for o in options if not o.disabled}
        assert rows["holds"] == "Holds 3 min"
        assert rows["my-break"] == "My break ~30 s yours"
        assert rows["short"] == "Short test ~1 min"
        shown = screen_text(app)
        assert shown.index("Stretching") < shown.index("Holds") < shown.index("Posture breaks")


async def test_details_follow_the_highlighted_routine(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert "Two stretches." in text_of(app, "#details")
        await pilot.press("down")
        details = text_of(app, "#details")
        assert "My break" in details
        assert "1. Chin tuck · 10 reps" in details


async def test_enter_starts_the_highlighted_routine(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == "holds"


async def test_slash_finds_a_routine_by_name(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.press(*"box")
        await pilot.pause(0.3)  # the palette searches in a worker
        assert "Start Box breathing" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == "box"


async def test_the_command_palette_lists_routines(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"cold")
        await pilot.pause(0.3)
        assert "Start Cold pack" in screen_text(app)


async def test_broken_routine_files_are_shown(library: FakeLibrary, clock: FakeClock):
    problem = InvalidFile(
        "/home/me/.config/coach/routines/mine.yaml",
        [
            LocatedError(
                Location("/home/me/.config/coach/routines/mine.yaml", 4, 11),
                "expected a duration like 30s",
                "steps[0].hold",
            )
        ],
    )
    library.problems.append(problem)
    app = build_app(library=library, clock=clock)
    async with app.run_test(size=(100, 30)):
        shown = screen_text(app)
        assert "1 routine file could not be loaded" in shown
        assert "mine.yaml:4:11: steps[0].hold:" in shown
        assert "expected a duration like 30s" in shown
        assert "fix, then `coach validate`" in shown
        assert "/home/me" not in shown  # the folder would only wrap the line


async def test_no_today_panel_before_any_history(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#today").display


async def test_today_panel_shows_sessions_moderate_activity_and_water(library, clock, tmp_path):
    journal = Journal(tmp_path / "coach.db")
    journal.acknowledge_safety(clock.now())
    early = clock.now() - timedelta(hours=2)
    add_session(journal, early, minutes=5, kind="stretch")
    add_session(journal, early, minutes=0, status="quit", steps=0)  # quit at once: none
    add_session(journal, early, minutes=2, planned_minutes=10, kind="core", status="quit")
    add_session(journal, early, minutes=2, kind="posture", exercise="walk")  # a walk inside
    journal.log_activity("walk", 20 * 60, early)
    for _ in range(3):
        journal.log_water(250, early)
    app = build_app(library=library, clock=clock, journal=journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the history is read just after the first frame
        assert app.screen.query_one("#today").display
        today = text_of(app, "#today")
        assert "3 sessions" in today
        assert "22 min moderate activity" in today
        assert "750 ml of 2.0 L water" in today
    journal.close()


async def test_a_history_that_cannot_be_read_only_hides_the_panel(library, clock):
    class BrokenJournal(FakeJournal):
        def water_by_day(self, first: date, last: date) -> dict[date, int]:
            raise JournalError("the history database stayed busy for 5 s")

    app = build_app(library=library, clock=clock, journal=BrokenJournal())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query_one("#today").display


async def test_the_summary_returns_home(make_app, clock: FakeClock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "enter")  # Box breathing
        assert app.screen.routine.id == "box"
        for _ in range(8):
            await advance(pilot, clock, 4)
        assert isinstance(app.screen, SummaryScreen)
        assert "Back to routines" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        assert app.is_running


async def test_notices_are_shown_once_as_notifications(make_app):
    app = make_app(notices=["config.yaml:3:8: water.goal: expected an amount like 2l"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert messages == ["config.yaml:3:8: water.goal: expected an amount like 2l"]


def test_an_unknown_routine_fails_before_any_screen(make_app):
    with pytest.raises(CoachError, match='unknown routine "hold" \\(did you mean "holds"\\?\\)'):
        make_app(start_routine="hold")


def test_resume_follows_pause_in_a_keymap_unless_given():
    assert expand_keymap({"pause": "p"}) == {"pause": "p", "resume": "p"}
    assert expand_keymap({"pause": "p", "resume": "o"}) == {"pause": "p", "resume": "o"}
    assert expand_keymap({"skip": "s"}) == {"skip": "s"}


async def test_the_footer_lists_the_home_keys_o_included(make_app):
    from textual.widgets._footer import FooterKey

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = {key.key: key.description for key in app.screen.query(FooterKey)}
        assert {"slash", "n", "o", "e", "h", "question_mark", "w", "q"} <= set(shown)
        assert shown["o"] == "Open"


async def test_a_long_about_scrolls_with_the_keys_and_the_next_routine_starts_at_its_top(clock):
    from customize_support import highlight_routine, live_app

    from coach.tui.widgets.prose import ProseView

    app = live_app(clock)
    async with app.run_test(size=(80, 14)) as pilot:
        highlight_routine(app, "evening-wind-down")
        await pilot.pause()
        about = app.screen.query_one("#details", ProseView)
        assert about.virtual_size.height > about.scrollable_content_region.height
        assert about.show_vertical_scrollbar
        about.focus()
        await pilot.press("down", "down")
        assert about.scroll_offset.y == 2
        assert not shown_in(app, about).startswith("Evening wind-down")
        highlight_routine(app, "box-breathing")
        await pilot.pause()
        assert about.scroll_offset.y == 0
        assert shown_in(app, about).startswith("Box breathing")


def shown_in(app, widget) -> str:
    """The text in `widget`'s box as the terminal shows it."""
    region = widget.content_region
    rows = screen_text(app).splitlines()[region.y : region.bottom]
    return "\n".join(row[region.x : region.right].strip() for row in rows)
