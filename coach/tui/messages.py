"""Messages the screens and controllers send up to the app."""

from __future__ import annotations

from textual.message import Message

from coach.config import Config
from coach.routines.model import Routine


class RoutineChosen(Message):
    """The user picked a routine to start (home list, `/`, the palette, a reminder's break)."""

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine


class TodayChanged(Message):
    """Something went into today's history (a glass of water): today's figures are stale."""


class ConfigReloaded(Message):
    """config.yaml was saved and read again (the reminders watch it): the app follows."""

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config
