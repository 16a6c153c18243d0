"""Asks before quitting a session: a stray `q` must not end a stretch."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmQuit(ModalScreen[bool]):
    """Dismissed with True to quit, False to keep going."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,q", "answer(True)", "Quit", id="confirm_quit"),
        Binding("n,escape", "answer(False)", "Keep going", id="keep_going"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Quit this session?", id="question")
            yield Label("What you have done so far is kept in your history.", id="reassurance")
            with Horizontal(id="answers"):
                yield Button("Keep going (n)", id="keep-going", variant="primary")
                yield Button("Quit (y)", id="quit", variant="error")

    def on_mount(self) -> None:
        self.query_one("#keep-going", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "quit")

    def action_answer(self, quit_now: bool) -> None:
        self.dismiss(quit_now)
