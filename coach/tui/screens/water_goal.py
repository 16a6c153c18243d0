"""The first run's water question, second step: the daily amount a clinician gave.

`WaterGoalScreen(apply)`: one field; Enter hands its text to `apply` (the app's, which
writes the config through `coach.config.edit`) and closes when it answers None, or shows
the error it answers (an amount coach cannot read, a file it cannot change) and stays.
An empty field only stops the reminders. Escape closes without changing anything.
The words are `coach.safety.water`'s. Dismissed with True when something was set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from coach.safety import FLUID_LIMIT_ASK, FLUID_LIMIT_EMPTY, FLUID_LIMIT_TITLE
from coach.tui.literal import literal


class WaterGoalScreen(ModalScreen[bool]):
    """The amount (Enter sets it); Esc leaves the config as it is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cancel", id="close_water_goal"),
    ]

    def __init__(self, apply: Callable[[str], str | None]) -> None:
        super().__init__()
        self.apply = apply

    def compose(self) -> ComposeResult:
        with Vertical(id="water-goal-dialog"):
            yield Static(FLUID_LIMIT_ASK, id="water-goal-ask")
            yield Input(placeholder="e.g. 1.5l or 1200ml", id="water-goal-amount")
            yield Static("", id="water-goal-error")
            yield Static(f"{FLUID_LIMIT_EMPTY} Enter: set it · Esc: cancel", id="water-goal-hint")

    def on_mount(self) -> None:
        self.query_one("#water-goal-dialog").border_title = FLUID_LIMIT_TITLE
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        error = self.apply(event.value.strip())
        if error is not None:
            self.query_one("#water-goal-error", Static).update(literal(error))
            return
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
