"""Messages the screens (and the command palette) send up to the app.

Screens never import the app, each other or the app's controllers: they say what
the user asked for with one of these, and `CoachApp` decides what happens (its
`on_…` handlers, which hand the work to a controller such as
`coach.tui.customize.Customizer`). Every message bubbles from the screen to the app.
"""

from __future__ import annotations

from pathlib import Path

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


class BuildRoutine(Message):
    """Open the builder: on a new routine (`routine` None, `n`) or on this one (`o`)."""

    def __init__(self, routine: Routine | None) -> None:
        super().__init__()
        self.routine = routine


class EditRoutine(Message):
    """Open this routine's file in the user's own editor (`e`)."""

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine


class RoutineSaved(Message):
    """The builder wrote a routine file: show it on home now, not at the next poll."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class JournalChanged(Message):
    """Another process wrote to the journal (`coach.tui.journal_watch`): read it again."""
