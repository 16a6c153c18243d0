"""`a` on home: log activity done away from coach, as `coach log` does: what (walk, cycle,
swim, run, strength, other) and how long.

The kinds and the duration rule are `coach.history.activity`'s (a bare number is
minutes here, the form asks for minutes). Dismissed with (kind, seconds), or None;
the app writes it (`coach.tui.logbook`).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from coach.history.activity import LOGGED_KINDS, read_logged_duration

WHAT: dict[str, str] = {
    "walk": "a walk",
    "cycle": "a bike ride",
    "swim": "a swim",
    "run": "a run (counts double)",
    "strength": "strength work (a strength day)",
    "other": "other moderate activity",
}


def read_minutes(text: str) -> float:
    """Seconds from the form's field: `30` is minutes; `1h15m` as `coach log` reads it.
    ValueError saying what is wrong."""
    text = text.strip()
    return read_logged_duration(f"{text}m" if text.isdigit() else text)


class ActivityScreen(ModalScreen[tuple[str, float] | None]):
    """The kind (arrows, Enter) then the minutes (Enter logs it); Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cancel", id="close_activity"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="activity-dialog"):
            yield Label("What did you do?", classes="activity-question")
            yield OptionList(
                *(Option(WHAT[kind], id=kind) for kind in LOGGED_KINDS), id="activity-kinds"
            )
            yield Label("How long?", classes="activity-question")
            yield Input(placeholder="minutes, e.g. 30, or 1h15m", id="activity-minutes")
            yield Label("", id="activity-error")
            yield Label("Enter: log it · Esc: cancel", id="activity-hint")

    def on_mount(self) -> None:
        self.query_one("#activity-dialog").border_title = "Activity away from coach"
        kinds = self.query_one(OptionList)
        kinds.highlighted = 0
        kinds.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        kinds = self.query_one(OptionList)
        kind = LOGGED_KINDS[kinds.highlighted or 0]
        try:
            seconds = read_minutes(event.value)
        except ValueError as error:
            self.query_one("#activity-error", Label).update(str(error))
            return
        self.dismiss((kind, seconds))

    def action_close(self) -> None:
        self.dismiss(None)
