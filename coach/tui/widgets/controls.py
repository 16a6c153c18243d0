"""Buttons for the mouse that never take the keyboard focus.

Keys belong to the screen's bindings (remappable through the keymap); a focused
button would swallow Enter and space, so these buttons are for clicking only.
"""

from __future__ import annotations

from textual.widgets import Button


class ControlButton(Button, can_focus=False):
    """A compact button that runs a screen action when clicked."""

    def __init__(self, label: str, action: str, *, id: str | None = None) -> None:
        super().__init__(label, action=action, id=id, compact=True)
