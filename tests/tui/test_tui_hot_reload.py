"""Hot reload: files written, changed, broken and deleted outside coach show on home.

The app polls its RoutineWatcher once a second; these tests call that same poll
directly instead of sleeping.
"""

from __future__ import annotations

import os
from pathlib import Path

from customize_support import (
    BROKEN_YAML,
    highlight_routine,
    home,
    live_app,
    routine_rows,
    user_dir,
    write_routine,
)
from textual.widgets import OptionList
from tui_support import SIZE, screen_text, text_of

from coach.clock import FakeClock
from coach.tui.hot_reload import POLL_SECONDS


def touch_later(path: Path, seconds: int = 10) -> None:
    """Move the file's mtime on, so a poll sees a change even on a coarse-clock filesystem."""
    stamp = path.stat().st_mtime + seconds
    os.utime(path, (stamp, stamp))


async def poll(pilot) -> None:
    pilot.app.hot_reload.poll()
    await pilot.pause()


async def test_the_folder_is_polled_about_once_a_second(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE):
        assert app.hot_reload is not None
        assert app.hot_reload.timer is not None
        assert app.hot_reload.timer._interval == POLL_SECONDS <= 1.0


async def test_routines_appear_update_and_disappear(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        assert "lunch" not in routine_rows(app)

        path = write_routine("Lunch", reps=8)
        await poll(pilot)
        assert routine_rows(app)["lunch"] == "Lunch 37 s yours"  # 8 reps at cat–cow's 4 s tempo
        assert app.library.routines["lunch"].name == "Lunch"

        highlight_routine(app, "lunch")
        await pilot.pause()
        assert "1. Cat–cow · 8 reps" in text_of(app, "#details")
        write_routine("Lunch break", reps=12)
        touch_later(path)
        await poll(pilot)
        assert routine_rows(app)["lunch"].startswith("Lunch break")
        # The highlight stays on the routine, and its details follow the new file.
        option_list = home(app).query_one("#routine-list", OptionList)
        assert option_list.highlighted == option_list.get_option_index("lunch")
        assert "1. Cat–cow · 12 reps" in text_of(app, "#details")

        path.unlink()
        await poll(pilot)
        assert "lunch" not in routine_rows(app)
        assert "lunch" not in app.library.routines


async def test_a_broken_file_keeps_its_routine_and_shows_the_error(clock: FakeClock):
    path = write_routine("Lunch", reps=8)
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        path.write_text(BROKEN_YAML, encoding="utf-8")
        touch_later(path)
        await poll(pilot)
        assert routine_rows(app)["lunch"] == "Lunch 37 s yours ⚠"
        highlight_routine(app, "lunch")
        await pilot.pause()
        assert "Its file has errors (see below): this is its last good version." in text_of(
            app, "#details"
        )
        assert app.library.routines["lunch"].steps[0].dose.reps == 8  # the last good version
        problems = text_of(app, "#problems")
        assert "lunch.yaml:6:11: steps[0].reps:" in problems
        assert "1 routine file could not be loaded" in screen_text(app)
        messages = [n.message for n in app._notifications]
        assert (
            "lunch.yaml has 1 problem. The last good version stays in use until it is fixed."
            in messages
        )

        write_routine("Lunch", reps=10)
        touch_later(path, 20)
        await poll(pilot)
        assert routine_rows(app)["lunch"] == "Lunch 45 s yours"  # 10 reps now
        assert not home(app).query("#problems")
        assert "lunch.yaml loads again." in [n.message for n in app._notifications]


async def test_a_new_broken_file_is_listed_with_its_error(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        (user_dir() / "oops.yaml").write_text("name: [unclosed\n", encoding="utf-8")
        await poll(pilot)
        assert "oops" not in routine_rows(app)
        assert "oops.yaml:" in text_of(app, "#problems")


async def test_a_user_file_replaces_a_built_in_and_deleting_it_brings_it_back(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        builtin_name = app.library.routines["desk-break"].name
        path = write_routine("My desk break", "desk-break")
        await poll(pilot)
        assert routine_rows(app)["desk-break"].startswith("My desk break")
        path.unlink()
        await poll(pilot)
        assert routine_rows(app)["desk-break"].startswith(builtin_name)
        assert not routine_rows(app)["desk-break"].endswith("yours")


async def test_nothing_changed_redraws_nothing(clock: FakeClock):
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        library = app.library
        report = app.hot_reload.poll()
        await pilot.pause()
        assert not report.changed
        assert app.library is library
