"""`u` on the History screen: the last entry of each kind, one removed after a yes.

Two steps in one dialog: pick the entry (1–4), then confirm it (y) or keep it
(n / Escape). Dismissed with the entry to remove, or None; the History screen
does the removing. Correcting an amount is `coach undo KIND --fix VALUE`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from coach.history.undo import UNDO_KINDS, Entry, UndoKind

TITLES: dict[UndoKind, str] = {
    "session": "Session",
    "activity": "Activity",
    "water": "Water",
    "pain": "Pain",
}


class UndoScreen(ModalScreen[Entry | None]):
    """Pick one of the last entries, then say yes to remove it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"pick({n})", show=False, id=f"undo_pick_{n}")
            for n in range(1, len(UNDO_KINDS) + 1)
        ),
        Binding("y", "remove", "Remove", id="undo_remove"),
        Binding("n,escape", "keep", "Keep", id="undo_keep"),
    ]

    def __init__(self, entries: Mapping[UndoKind, Entry]) -> None:
        super().__init__()
        self.entries = [entries[kind] for kind in UNDO_KINDS if kind in entries]
        self.chosen: Entry | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="undo-dialog"):
            yield Label("", id="undo-question")
            yield Static(self._list_text(), id="undo-list")
            yield Label("", id="undo-hint")

    def on_mount(self) -> None:
        self.query_one("#undo-dialog").border_title = "Undo"
        self._show_list()

    def _list_text(self) -> str:
        return "\n".join(
            f"{n}  {TITLES[entry.kind]:<9}{entry.describe()}"
            for n, entry in enumerate(self.entries, 1)
        )

    def _show_list(self) -> None:
        self.chosen = None
        self.query_one("#undo-question", Label).update("The last entry of each kind:")
        self.query_one("#undo-list", Static).update(self._list_text())
        count = len(self.entries)
        keys = "1" if count == 1 else f"1–{count}"
        self.query_one("#undo-hint", Label).update(
            f"{keys}: remove one (asks first) · Esc: leave them all\n"
            "To correct an amount instead: coach undo KIND --fix VALUE"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return self.chosen is not None
        if action == "pick":
            return self.chosen is None
        return True

    def action_pick(self, number: int) -> None:
        if not 1 <= number <= len(self.entries):
            return
        self.chosen = self.entries[number - 1]
        self.query_one("#undo-question", Label).update(f"Remove this {self.chosen.kind} entry?")
        what = self.chosen.describe()
        self.query_one("#undo-list", Static).update(what)
        goes = (
            "Its steps and pain check-ins go with it; it" if self.chosen.kind == "session" else "It"
        )
        self.query_one("#undo-hint", Label).update(
            f"{goes} cannot be brought back. y: remove it · n or Esc: keep it"
        )
        self.refresh_bindings()

    def action_remove(self) -> None:
        if self.chosen is not None:
            self.dismiss(self.chosen)

    def action_keep(self) -> None:
        if self.chosen is None:
            self.dismiss(None)
        else:
            self._show_list()
            self.refresh_bindings()
