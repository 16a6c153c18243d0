"""One question with a few answers, over any screen: the severe-pain offer before a session,
"what happened?" and coach's answer when something hurts, a routine's "before you start"
notes.

Everything it says is data (`Offer`): a title, the advice (wrapped, shown whole), an
optional body that scrolls (the warning signs), and the answers in order, each with a line
of detail. `ChoiceScreen` lists the answers in an `OptionList`: ↑/↓ and Enter, a click, or
the answer's number picks one; the first is highlighted, so Enter takes it. Escape picks
the offer's `escape` answer when it has one. Dismissed with the answer's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.text import visible
from coach.tui.display import wrap
from coach.tui.literal import literal

Tone = Literal["primary", "warning", "error"]


@dataclass(frozen=True)
class Answer:
    id: str
    label: str
    detail: str = ""


@dataclass(frozen=True)
class Offer:
    """What a choice dialog says, and its answers (the first is the default)."""

    title: str
    message: str | Content = ""
    answers: tuple[Answer, ...] = ()
    body: Content | None = None  # a list that may scroll (the warning signs)
    escape: str | None = None  # the answer Escape gives (None: Escape does nothing)
    tone: Tone = "warning"


INDENT = "   "  # an answer's detail lines up under its label


def answer_prompt(number: int, answer: Answer, width: int = 66) -> Content:
    """`1  Gentle relief instead`, its detail under the label, wrapped to `width`; both
    shown as written (a routine's name may be in them)."""
    label = visible(answer.label, one_line=True)
    head = Content.assemble((f"{number}  ", "bold $text-accent"), (label, "bold"))
    if not answer.detail:
        return head
    detail_text = visible(answer.detail, one_line=True)
    lines = wrap(detail_text, max(20, width - len(INDENT)))  # coach's rule: "20 s" stays whole
    detail = "\n".join(INDENT + line for line in lines)
    return Content.assemble(head, "\n", (detail, "$text-muted"))


class ChoiceScreen(ModalScreen[str]):
    """An `Offer`, dismissed with the id of the answer picked."""

    def __init__(self, offer: Offer) -> None:
        super().__init__(classes=f"-{offer.tone}")
        self.offer = offer

    def compose(self) -> ComposeResult:
        offer = self.offer
        with Vertical(id="choice-dialog"):
            yield Label(literal(offer.title, one_line=True), id="choice-title")
            if offer.message:
                message = offer.message
                yield Static(
                    literal(message) if isinstance(message, str) else message, id="choice-message"
                )
            if offer.body is not None:
                with VerticalScroll(id="choice-body"):
                    yield Static(offer.body, id="choice-body-text")
            # The dialog is 76 wide at most: less its border, padding and the number.
            width = min(76, self.app.size.width) - 2 - 4 - 3
            yield OptionList(
                *(
                    Option(answer_prompt(number, answer, width), id=answer.id)
                    for number, answer in enumerate(offer.answers, 1)
                ),
                id="choice-answers",
            )
            keys = f"1–{len(offer.answers)}" if len(offer.answers) > 1 else "1"
            escape = ""
            if offer.escape is not None:
                label = next((a.label for a in offer.answers if a.id == offer.escape), "")
                escape = f" · Esc: {label[:1].lower()}{label[1:]}" if label else ""
            yield Label(f"↑↓ and Enter, or {keys}{escape}", id="choice-keys")

    def on_mount(self) -> None:
        answers = self.query_one("#choice-answers", OptionList)
        answers.highlighted = 0
        answers.focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            if self.offer.escape is not None:
                self.dismiss(self.offer.escape)
            return
        if event.character and event.character.isdigit():
            number = int(event.character)
            if 1 <= number <= len(self.offer.answers):
                event.stop()
                self.dismiss(self.offer.answers[number - 1].id)

    @on(OptionList.OptionSelected, "#choice-answers")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(event.option.id)
