"""The safety screen: what coach is and is not, the red flags, and when to stop an exercise.

Shown once on first run, where the user acknowledges it (the caller stores that
with `journal.acknowledge_safety(at)`): Enter or the button at any time, or Escape / `q`
once the text has been scrolled to its end (read, it can be closed like any page).
Any time from the help, Escape or `q` closes it. The words
come from `coach.safety`, the one place they are written, so this screen, the
CLI's `coach safety` and the README never disagree.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Static

from coach.safety import ABOUT, RED_FLAGS, STOP_RULES, Section

FIRST_RUN_TITLE = "Before you start"
HELP_TITLE = "Safety"
COMMAND_STYLE = "bold $text-accent"


def later_hint(first_run: bool) -> Content:
    """Where to find this text again."""
    shell = ("coach safety", COMMAND_STYLE)
    if first_run:
        return Content.assemble(
            "Read this again any time: press ",
            ("?", COMMAND_STYLE),
            " on the home screen, or run ",
            shell,
            " in a shell.",
        )
    return Content.assemble(shell, " prints the same text in a shell.")


class SafetySection(Vertical):
    """One block of the safety text: its title, what to do, and its items as a bulleted list."""

    def __init__(self, section: Section, *, classes: str = "") -> None:
        super().__init__(id=f"section-{section.id}", classes=f"safety-section {classes}".strip())
        self.section = section

    def compose(self) -> ComposeResult:
        yield Static(Content(self.section.action), classes="section-action")
        with Grid(classes="section-items"):
            for item in self.section.items:
                yield Label("•", classes="bullet")
                yield Static(Content(item), classes="item")

    def on_mount(self) -> None:
        self.border_title = self.section.title


class SafetyScreen(Screen[bool]):
    """The safety text. On first run it waits for "I understand", or for Escape / `q` once
    it has been read to the end, and dismisses with True; otherwise Escape / `q` close it
    (dismissed with False)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "acknowledge", "I understand", id="acknowledge_safety"),
        Binding("escape,q", "close", "Close", id="close_safety"),
    ]

    def __init__(self, first_run: bool = False) -> None:
        super().__init__(classes="-first-run" if first_run else "")
        self.first_run = first_run
        self.read = False  # the text has been seen to its end

    def compose(self) -> ComposeResult:
        title = FIRST_RUN_TITLE if self.first_run else HELP_TITLE
        yield Label(
            Content.assemble((title, "bold"), " · coach does not diagnose or treat"),
            id="safety-title",
        )
        with VerticalScroll(id="safety-text"):
            yield SafetySection(ABOUT, classes="-about")
            yield Label("When to get help", id="red-flags-heading")
            for section in RED_FLAGS:
                yield SafetySection(section, classes=f"-{section.urgency}")
            yield SafetySection(STOP_RULES, classes="-stop")
            yield Static(later_hint(self.first_run), id="later-hint")
        if self.first_run:
            with Horizontal(id="acknowledge-bar"):
                yield Button("I understand (Enter)", id="acknowledge", variant="primary")
                yield Label("coach shows this once, at its first start.", id="ack-hint")
        yield Footer()

    def on_mount(self) -> None:
        # The text has focus, so the arrow and page keys scroll it; Enter still acknowledges.
        text = self.query_one("#safety-text", VerticalScroll)
        text.focus()
        self.watch(text, "scroll_y", self._scrolled, init=False)
        self.call_after_refresh(self._scrolled)  # all of it may fit at once

    def _scrolled(self) -> None:
        text = self.query_one("#safety-text", VerticalScroll)
        if not self.read and text.scroll_y >= text.max_scroll_y:
            self.read = True
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # First run asks for an answer (ctrl+q still quits): Enter, or Escape / q once read
        # (shown dimmed until then); from the help it is a page to read and close.
        if action == "acknowledge":
            return self.first_run
        if action == "close":
            return self.read or None if self.first_run else True
        return True

    @on(Button.Pressed, "#acknowledge")
    def _acknowledged(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_acknowledge()

    def action_acknowledge(self) -> None:
        if self.first_run:
            self.dismiss(True)

    def action_close(self) -> None:
        """Closing the first-run page once it has been read says it has been read."""
        if not self.first_run:
            self.dismiss(False)
        elif self.read:
            self.dismiss(True)
