"""Messages the screens send up to the app."""

from __future__ import annotations

from textual.message import Message

from coach.routines.model import Routine


class RoutineChosen(Message):
    """The user picked a routine to start (home list, `/` or the command palette)."""

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine
