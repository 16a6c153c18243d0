"""A bare Textual app that opens one coach screen, for tests of screens that need no session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from textual.app import App
from textual.screen import Screen

ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 12, 18, 0, tzinfo=ZONE)  # a Thursday; the week is Mon 9 – Sun 15 March
TUI = Path(__file__).parents[2] / "coach" / "tui"
# The coach app reads these styles before such a screen shows (CoachApp.LATER_CSS_PATH);
# this host reads them at start-up.
STYLES: list[str | PurePath] = [
    TUI / "coach.tcss",
    TUI / "screens" / "history.tcss",
    TUI / "screens" / "safety.tcss",
    TUI / "screens" / "yes_no.tcss",
]


class ScreenHost(App[None]):
    """Opens one screen, as the coach app will, and keeps what it returns."""

    CSS_PATH: ClassVar[list[str | PurePath]] = STYLES

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), callback=self.results.append)
