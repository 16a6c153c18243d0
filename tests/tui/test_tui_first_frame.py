"""The home screen's first frame waits for nothing it does not show.

Start-up reads only the app's and home's styles; the other screens' styles come with the
first screen shown after home, and apply to it. (How fast is `bench/tui_bench.py`'s
business: no test here is timed.)
"""

from __future__ import annotations

from pathlib import Path

from textual.color import Color
from tui_support import SIZE, screen_text

from coach.tui.app import CoachApp
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen


def read_styles(app: CoachApp) -> set[str]:
    """The .tcss files of coach's whose rules the app has (by file name)."""
    return {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}


async def test_home_opens_with_the_apps_and_homes_styles_only(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert read_styles(app) == {"coach.tcss", "home.tcss"}


async def test_the_session_screen_has_its_styles_when_first_shown(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, SessionScreen)
        assert read_styles(app) == {path.name for path in CoachApp.LATER_CSS_PATH} | {
            "coach.tcss",
            "home.tcss",
        }
        topbar = app.screen.query_one("#topbar")
        assert topbar.styles.height is not None and topbar.styles.height.value == 1  # session.tcss
        panel = Color.parse(app.theme_variables["panel"])
        assert topbar.styles.background == panel


async def test_a_dialog_over_home_has_its_styles_when_first_shown(make_app):
    from coach.tui.screens.yes_no import Question, YesNoScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(YesNoScreen(Question("Quit?")))
        await pilot.pause()
        dialog = app.screen.query_one("#dialog")
        assert dialog.styles.width is not None and dialog.styles.width.value == 64  # yes_no.tcss
        assert dialog.outer_size.width == 64
        assert isinstance(app.screen_stack[0], HomeScreen)


async def test_the_safety_page_over_home_has_its_styles(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        title = app.screen.query_one("#safety-title")
        assert title.styles.background == Color.parse(app.theme_variables["panel"])  # safety.tcss


def test_the_home_screens_modules_leave_the_rest_for_later():
    import subprocess
    import sys

    code = (
        "import sys, coach.cli, coach.commands.tui, coach.tui.launch, coach.tui.app,"
        " coach.tui.reminders;"
        "coach.tui.reminders.ReminderOptions.real();"
        "later = ('coach.session.', 'coach.safety', 'coach.sound', 'coach.tui.logbook',"
        " 'apscheduler', 'coach.history.progress', 'coach.tui.today', 'coach.reminders.day',"
        " 'coach.routines.loader', 'yaml', 'argparse', 'json', 'coach.history', 'sqlite3',"
        " 'coach.routines.programme_days');"
        "print(sorted(m for m in sys.modules if m.startswith(later)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


async def test_after_the_first_frame_home_shows_all_it_showed_before(make_app, tmp_path, clock):
    from datetime import timedelta

    from coach.history.journal import Journal

    journal = Journal(tmp_path / "coach.db")
    journal.acknowledge_safety(clock.now())
    for days_ago in range(3):  # severe pain three days running: the clinician note
        at = clock.now() - timedelta(days=days_ago, hours=1)
        journal.log_pain(8, at, "manual")
        journal.log_water(500, at)
    app = make_app(journal=journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        for part in ("Routines", "Holds", "About", "Two stretches.", "Today", "500 ml"):
            assert part in shown, part
        assert "Please see a clinician" in shown
    journal.close()
