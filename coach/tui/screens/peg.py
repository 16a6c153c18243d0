"""The weekly PEG in the window (`p` on home, offered at most once a week): three questions
about the past week, 0 to 10 each, one at a time.

The questions and their anchors are `coach.safety.peg`'s. Digits choose (1 then 0 is
10) and Enter confirms, or a click answers at once, as at a session's check-in
(`CheckInPad`). Dismissed with the three answers, or None (Esc: not now); the app keeps
them (`coach.tui.logbook`).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from coach.safety.peg import PEG_INTRO, PEG_QUESTIONS
from coach.tui.widgets.checkin import CheckInPad, next_choice

PegAnswers = tuple[int, int, int]


class PegScreen(ModalScreen[PegAnswers | None]):
    """One question at a time; Enter confirms the number typed, Esc leaves it for now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(digit), f"digit({digit})", show=False) for digit in range(10)),
        Binding("enter", "confirm", "Answer", show=False),
        Binding("escape", "close", "Not now", id="close_peg"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="peg-dialog"):
            yield Label(PEG_INTRO, id="peg-intro")
            yield Label("", id="peg-step")
            yield CheckInPad(id="peg-pad")
            yield Label("Esc: not now (p on the home screen answers it any time)", id="peg-hint")

    def on_mount(self) -> None:
        self.query_one("#peg-dialog").border_title = "Your week (PEG)"
        self._ask()

    def _ask(self) -> None:
        number = len(self.answers)
        question = PEG_QUESTIONS[number]
        self.query_one("#peg-step", Label).update(f"{number + 1} of {len(PEG_QUESTIONS)}")
        anchors = f"0 = {question.low} · 10 = {question.high}"
        self.query_one(CheckInPad).ask(f"{question.text}\n{anchors}")

    def action_digit(self, digit: int) -> None:
        pad = self.query_one(CheckInPad)
        pad.chosen = next_choice(pad.chosen, digit)

    def action_confirm(self) -> None:
        chosen = self.query_one(CheckInPad).chosen
        if chosen is not None:
            self.action_check_in(chosen)

    def action_check_in(self, level: int) -> None:
        """An answer (a click on a number runs this too): the next question, or done."""
        self.answers.append(level)
        if len(self.answers) < len(PEG_QUESTIONS):
            self._ask()
            return
        pain, enjoyment, activity = self.answers
        self.dismiss((pain, enjoyment, activity))

    def action_close(self) -> None:
        self.dismiss(None)
