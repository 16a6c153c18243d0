"""The back-care page: the flare-up plan and every education card, from home (`b`).

The words are `coach.safety.care`'s, the one place they are written (`coach safety
--flare-up` prints the plan; a break's summary shows one card). Each block is a `Prose`
(bullets hang under their text), so nothing is clipped at 80×24; the page scrolls.
Escape or `q` close it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from coach.safety import CARDS, FLARE_UP_PLAN, FLARE_UP_TITLE
from coach.tui.widgets.prose import bulleted

CARE_TITLE = "Back care"
CARDS_TITLE = "Everyday back care"


class CareScreen(Screen[None]):
    """The flare-up plan, then the education cards; `card` scrolls to one of them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="close_care"),
    ]

    def __init__(self, card: str | None = None) -> None:
        super().__init__()
        self.card = card

    def compose(self) -> ComposeResult:
        yield Label(
            Content.assemble((CARE_TITLE, "bold"), " · tips and the flare-up plan"),
            id="care-title",
        )
        with VerticalScroll(id="care-text"):
            yield Label(FLARE_UP_TITLE, classes="care-heading")
            for section in FLARE_UP_PLAN:
                block = Static(bulleted(section.items, section.action), id=f"care-{section.id}")
                block.border_title = section.title
                block.add_class("care-block", "-flare-up")
                yield block
            yield Label(CARDS_TITLE, classes="care-heading")
            for card in CARDS:
                block = Static(bulleted(card.lines), id=f"card-{card.id}")
                block.border_title = card.title
                block.add_class("care-block")
                yield block
        yield Footer()

    def on_mount(self) -> None:
        text = self.query_one("#care-text", VerticalScroll)
        text.focus()  # the arrow and page keys scroll it
        if self.card is not None:
            found = self.query(f"#card-{self.card}")
            if found:
                self.call_after_refresh(text.scroll_to_widget, found.first(), top=True)

    def action_close(self) -> None:
        self.dismiss(None)
