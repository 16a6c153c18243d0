"""The safety screen: what coach is and is not, the red flags, and when to stop an exercise.

Shown once on first run, where the user acknowledges it (the caller stores that
with `journal.acknowledge_safety(at)`), and any time from the help. The words
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
    """The safety text. On first run it waits for "I understand" and dismisses with True;
    otherwise escape closes it (dismissed with False)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "acknowledge", "I understand", id="acknowledge_safety"),
        Binding("escape,q", "close", "Back", id="close_safety"),
    ]

    def __init__(self, first_run: bool = False) -> None:
        super().__init__(classes="-first-run" if first_run else "")
        self.first_run = first_run

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
        self.query_one("#safety-text").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # First run asks for an answer (ctrl+q still quits); afterwards it is a page to read.
        if action == "acknowledge":
            return self.first_run
        if action == "close":
            return not self.first_run
        return True

    @on(Button.Pressed, "#acknowledge")
    def _acknowledged(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_acknowledge()

    def action_acknowledge(self) -> None:
        if self.first_run:
            self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
