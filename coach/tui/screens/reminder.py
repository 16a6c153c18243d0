"""A reminder, shown as a banner over whatever screen is up: start the break, snooze, skip.

The banner is a modal screen so its keys work on every screen (home, history, the
builder…) without each of them knowing about reminders. It only shows a
`ReminderPrompt` and says which action the user chose; answering the reminder
(journal, next due time, opening the break routine) is `coach.tui.reminders`' job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from coach.reminders.vocabulary import USER_ANSWERS, ReminderAnswer, ReminderKind
from coach.tui.literal import literal
from coach.tui.widgets.controls import ControlButton

if TYPE_CHECKING:
    from coach.reminders.track import Reminder


@dataclass(frozen=True)
class ReminderPrompt:
    """What the banner shows. `reminder` is None for a break an earlier run left pending."""

    kind: ReminderKind
    title: str
    body: str
    can_snooze: bool = False
    snooze_label: str = "Snooze"
    routine_id: str | None = None
    reminder: Reminder | None = None

    @property
    def insists(self) -> bool:
        """A sitting reminder past its snooze limit: it says so plainly and offers no snooze."""
        return (
            self.kind is ReminderKind.SITTING
            and self.reminder is not None
            and not self.can_snooze
            and self.reminder.snoozes_in_a_row > 0
        )


@dataclass(frozen=True)
class ReminderChoice:
    """The banner's result: the prompt it showed last and the user's answer."""

    prompt: ReminderPrompt
    answer: ReminderAnswer  # one of USER_ANSWERS


class ReminderScreen(ModalScreen[ReminderChoice]):
    """The banner. Dismissed with the user's `ReminderChoice`."""

    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        # b answers a sitting reminder, w a water one (like `w` on home); check_action
        # shows the one that applies.
        Binding("b", "start_break", "Start the break", id="start_break"),
        Binding("w", "drank", "Drank a glass", id="drank_water"),
        Binding("enter", "choose('started')", show=False, id="reminder_accept"),
        Binding("s", "choose('snoozed')", "Snooze", id="snooze_reminder"),
        Binding("x,escape", "choose('skipped')", "Skip", id="skip_reminder"),
    ]

    def __init__(self, prompt: ReminderPrompt) -> None:
        super().__init__()
        self.prompt = prompt
        self._ready = False  # composed: the widgets to show a prompt in exist

    def compose(self) -> ComposeResult:
        with Vertical(id="banner"):
            yield Label("", id="reminder-title")
            yield Static("", id="reminder-body")
            with Horizontal(id="reminder-actions"):
                yield ControlButton("", "screen.choose('started')", id="reminder-start")
                yield ControlButton("", "screen.choose('snoozed')", id="reminder-snooze")
                yield ControlButton("Skip (x)", "screen.choose('skipped')", id="reminder-skip")
        yield Footer()

    def on_mount(self) -> None:
        self._ready = True
        self.show_prompt(self.prompt)

    def show_prompt(self, prompt: ReminderPrompt) -> None:
        """Show this prompt (a newer reminder of the same kind replaces the one shown)."""
        self.prompt = prompt
        if not self._ready:
            return  # on_mount shows it
        sitting = prompt.kind is ReminderKind.SITTING
        self.set_class(prompt.insists, "-insist")
        self.set_class(not sitting, "-water")
        self.query_one("#reminder-title", Label).update(Content.styled(prompt.title, "bold"))
        self.query_one("#reminder-body", Static).update(literal(prompt.body))
        start = self.query_one("#reminder-start", ControlButton)
        start.label = "Start the break (b)" if sitting else "Drank a glass (w)"
        snooze = self.query_one("#reminder-snooze", ControlButton)
        snooze.label = f"{prompt.snooze_label} (s)"
        snooze.display = prompt.can_snooze
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        sitting = self.prompt.kind is ReminderKind.SITTING
        if action == "start_break":
            return sitting
        if action == "drank":
            return not sitting
        if action == "choose" and parameters and parameters[0] == ReminderAnswer.SNOOZED:
            return self.prompt.can_snooze
        return True

    def action_start_break(self) -> None:
        self.action_choose(ReminderAnswer.STARTED)

    def action_drank(self) -> None:
        self.action_choose(ReminderAnswer.STARTED)

    def action_choose(self, answer: str) -> None:
        """`answer`: a USER_ANSWERS value (the bindings and buttons pass it as text)."""
        chosen = ReminderAnswer(answer)
        if chosen not in USER_ANSWERS:
            return
        if chosen is ReminderAnswer.SNOOZED and not self.prompt.can_snooze:
            return
        self.dismiss(ReminderChoice(self.prompt, chosen))
