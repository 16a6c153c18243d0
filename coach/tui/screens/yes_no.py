"""One yes/no question over any screen: quit a session, replace a file, leave unsaved,
use easier variants, edit a broken file again.

Everything a question says is data (`Question`); `YesNoScreen` lays it out the same
way every time and is dismissed with True (yes) or False (no). `y` answers yes and
`n` or Escape no on every question (binding ids `answer_yes` and `answer_no`, for
`keymap:` in config.yaml); a question may add its own mnemonic keys (`q` again to
quit, `e` to edit again), and the button that has the focus is the safe answer
unless the question says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static
from textual.widgets.button import ButtonVariant

from coach.tui.literal import literal

Tone = Literal["primary", "warning", "error"]


@dataclass(frozen=True)
class Question:
    """What a yes/no dialog says and how it answers."""

    title: str  # "Quit this session?"
    detail: str = ""  # a line under it, muted
    body: Content | None = None  # a list that may scroll (swaps, a file's problems)
    note: str = ""  # a line under the body, muted
    yes: str = "Yes"  # the buttons' words
    no: str = "No"
    # Keys beyond y / n / Escape; the first of each names the key on its button.
    yes_keys: tuple[str, ...] = ("y",)
    no_keys: tuple[str, ...] = ("n", "escape")
    default: bool = False  # True: the yes button has the focus (Enter says yes)
    tone: Tone = "warning"  # the border; "error" also colours the body
    yes_variant: ButtonVariant | None = None  # None: primary when default, else warning


class YesNoScreen(ModalScreen[bool]):
    """A `Question`, dismissed with True for yes and False for no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="answer_yes"),
        Binding("n,escape", "answer(False)", "No", id="answer_no"),
    ]

    def __init__(self, question: Question) -> None:
        super().__init__(classes=f"-{question.tone}")
        self.question = question

    def compose(self) -> ComposeResult:
        question = self.question
        with Vertical(id="dialog", classes="-with-body" if question.body is not None else ""):
            # Questions name files and routines (`draft[a=b:c].yaml`): literal, never markup.
            yield Label(literal(question.title), id="title")
            if question.detail:
                yield Static(literal(question.detail), id="detail")
            if question.body is not None:
                with VerticalScroll(id="body"):
                    yield Static(question.body, id="body-text")
            if question.note:
                yield Static(literal(question.note), id="note")
            with Horizontal(id="answers"):
                if question.default:
                    yield self._button(True)
                    yield self._button(False)
                else:
                    yield self._button(False)
                    yield self._button(True)
        # Its own footer: the keys of the screen underneath do nothing while it asks.
        yield Footer(show_command_palette=False)

    def _button(self, yes: bool) -> Button:
        question = self.question
        label, keys = (question.yes, question.yes_keys) if yes else (question.no, question.no_keys)
        hint = keys[0] if keys else ("y" if yes else "n")
        if yes == question.default:
            variant: ButtonVariant = "primary"
        elif yes:
            variant = question.yes_variant or "warning"
        else:
            variant = "default"
        return Button(
            f"{label} ({'esc' if hint == 'escape' else hint})",
            id="answer-yes" if yes else "answer-no",
            variant=variant,
        )

    def on_mount(self) -> None:
        self.query_one("#answer-yes" if self.question.default else "#answer-no", Button).focus()

    def on_key(self, event: events.Key) -> None:
        # The question's own mnemonics; y, n and Escape are bindings (the keymap moves them).
        for answer, keys in ((True, self.question.yes_keys), (False, self.question.no_keys)):
            if event.key in keys and event.key not in ("y", "n", "escape"):
                event.stop()
                self.dismiss(answer)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "answer-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
