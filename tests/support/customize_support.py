"""Helpers for the customizing tests (builder, editor, hot reload, variants).

These tests run the app on the real routine library (the built-ins plus the user
folder under the temporary XDG_CONFIG_HOME that tests/conftest.py sets), watched
by a real RoutineWatcher, because what they check is files on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, OptionList

from coach import paths
from coach.clock import FakeClock
from coach.routines.watch import RoutineWatcher
from coach.tui.app import CoachApp, build_app
from coach.tui.screens.home import HomeScreen


def user_dir() -> Path:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def live_app(clock: FakeClock, **overrides: Any) -> CoachApp:
    """The app on the real library, with hot reload of the (temporary) user folder."""
    watcher = RoutineWatcher.load(user_dir())
    arguments: dict[str, Any] = {"library": watcher.library, "clock": clock, "watcher": watcher}
    arguments.update(overrides)
    return build_app(**arguments)


def home(app: CoachApp) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen), f"expected the home screen, got {screen!r}"
    return screen


def routine_rows(app: CoachApp) -> dict[str, str]:
    """Routine id → its row on the home list, spaces squeezed."""
    for screen in app.screen_stack:
        if isinstance(screen, HomeScreen):
            options = screen.query_one("#routine-list", OptionList).options
            return {
                o.id: " ".join(str(o.prompt).split()) for o in options if not o.disabled and o.id
            }
    raise AssertionError("no home screen")


def highlight_routine(app: CoachApp, routine_id: str) -> None:
    option_list = home(app).query_one("#routine-list", OptionList)
    option_list.highlighted = option_list.get_option_index(routine_id)


async def type_into(pilot: Any, selector: str, text: str) -> None:
    """Click into a field, clear it and type, as a user would."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    if text:
        await pilot.press(*text)
    await pilot.pause()


ROUTINE_YAML = """\
version: 1
name: {name}
kind: stretch
steps:
  - exercise: cat-cow
    reps: {reps}
"""


def write_routine(name: str, routine_id: str = "lunch", *, reps: int = 8) -> Path:
    path = user_dir() / f"{routine_id}.yaml"
    path.write_text(ROUTINE_YAML.format(name=name, reps=reps), encoding="utf-8")
    return path


BROKEN_YAML = """\
version: 1
name: Lunch
kind: stretch
steps:
  - exercise: cat-cow
    reps: lots
"""
