"""Pain check-in: 0 to 10, by number keys or by clicking a number."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label

from coach.tui.widgets.controls import ControlButton

LEVELS = range(11)


def next_choice(current: int | None, digit: int) -> int:
    """Typing builds the number: 1 then 0 is 10; any other digit starts again."""
    if current == 1 and digit == 0:
        return 10
    return digit


class CheckInPad(Vertical):
    """The question, the eleven numbers and the choice so far.

    A click answers at once (the button runs `screen.check_in(level)`); typed
    digits only choose (`chosen`), and the screen confirms on Enter or space,
    because a 1 might be the start of 10.
    """

    chosen: reactive[int | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield Label("", id="checkin-prompt")
        with Center(), Horizontal(id="checkin-levels"):
            for level in LEVELS:
                yield ControlButton(f"{level}", f"screen.check_in({level})", id=f"pain-{level}")
        yield Label("", id="checkin-choice")

    def ask(self, prompt: str) -> None:
        self.query_one("#checkin-prompt", Label).update(prompt)
        self.chosen = None

    def watch_chosen(self, chosen: int | None) -> None:
        for level in LEVELS:
            self.query_one(f"#pain-{level}", ControlButton).set_class(level == chosen, "-chosen")
        choice = self.query_one("#checkin-choice", Label)
        if chosen is None:
            choice.update("Type 0–10 and press Enter, or click a number.")
        else:
            choice.update(
                Content.assemble("Your answer: ", (str(chosen), "bold"), " — Enter to confirm")
            )
