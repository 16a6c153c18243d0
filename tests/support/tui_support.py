"""Reading a running app's screen as a person sees it, and letting fake time pass."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console

from coach.clock import FakeClock
from coach.tui.app import CoachApp

SIZE = (80, 24)


def screen_text(app: CoachApp) -> str:
    """What the terminal shows now, as plain text (the same render as a screenshot)."""

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


async def advance(pilot: Any, clock: FakeClock, seconds: float) -> None:
    """Let time pass on the fake clock and let the session screen catch up, as its timer would."""
    from coach.tui.screens.session import SessionScreen

    clock.advance(seconds)
    screen = pilot.app.screen
    if isinstance(screen, SessionScreen):
        screen.tick()
    await pilot.pause()


def text_of(app: CoachApp, selector: str) -> str:
    """The text a Label, Static or ProseView shows."""
    from textual.widgets import Digits, Static

    from coach.tui.widgets.prose import ProseView

    widget = app.screen.query_one(selector)
    if isinstance(widget, Digits):
        return widget.value
    if isinstance(widget, ProseView):
        return str(widget.prose)
    assert isinstance(widget, Static)
    return str(widget.content)


def question_on_screen(app: CoachApp) -> str:
    """The title of the yes/no question on top (fails when no question is asked)."""
    from coach.tui.screens.yes_no import YesNoScreen

    screen = app.screen
    assert isinstance(screen, YesNoScreen), f"expected a yes/no question, got {screen!r}"
    return screen.question.title


async def from_palette(pilot: Any, words: str) -> None:
    """Run the command palette's first match for `words` (ctrl+p, type, Enter)."""
    await pilot.press("ctrl+p")
    await pilot.press(*words)
    await pilot.pause(0.3)  # the palette searches in a worker
    await pilot.press("enter")
    await pilot.pause()
