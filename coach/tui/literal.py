"""User text in Textual: shown as written, never parsed as markup, never acted on.

Textual parses a plain `str` given to a Static, a Label, a notification, a DataTable
cell or the command palette as markup: `[link=…]` becomes a link, `x [/] y` raises
MarkupError, "Stretch [gently]" loses a word and `[@click=app.quit]Q[/]` quits when
clicked. Every surface that shows a name, description, cue, note, id or file name
wraps it here; the characters themselves go through `coach.text.visible` (control
characters shown as signs), the one owner of what "literal" means.
"""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher

from coach.text import visible


def literal(text: object, *, one_line: bool = False) -> Content:
    """Content that shows `text` exactly (no markup; control characters as signs)."""
    return Content(visible(text, one_line=one_line))


def literal_cell(text: object) -> Text:
    """A DataTable cell showing `text` exactly (DataTable parses a plain str as markup)."""
    return Text(visible(text, one_line=True), end="")


def palette_text(text: object) -> str:
    """For the palette's `help=`, typed `str` but read with `Content.from_markup`, which
    returns a Content unchanged: the literal Content, under the type Textual declares."""
    return cast(str, literal(text, one_line=True))


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` as a palette entry with the letters the query matched highlighted, like
    `Matcher.highlight`, which would parse `text` as markup."""
    shown = visible(text, one_line=True)
    content = Content(shown)
    score, offsets = matcher.fuzzy_search.match(matcher.query, shown)
    if not score:
        return content
    for offset in offsets:
        if not shown[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
