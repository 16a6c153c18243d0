"""`Prose`: paragraphs wrapped by coach's rule (`coach.tui.display.wrap`), as a Textual Visual.

Textual wraps at any space, so a narrow panel could end a line on "hold 20" and start
the next with "s". A `Prose` keeps a number with its unit, lets the lines of a list item
(`1. …`, `• …`) hang under its text, and is measured by the same rule, so a panel
sized to it never clips it. Any `Static` shows one: `static.update(Prose([...]))`;
`str()` gives the text unwrapped (what tests and screen readers want). The text is
shown literally, like `coach.tui.literal`: never markup, control characters as signs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from coach.text import visible
from coach.tui.display import units, wrap

_ITEM = re.compile(r"(\d+\. |[•·\-*] )")


@dataclass(frozen=True)
class Para:
    """One paragraph: its text, a Textual style ("bold", "$text-muted") and its hang (the
    indent of its lines after the first; None: under the text of a `1. ` or `• ` item)."""

    text: str
    style: str = ""
    hang: int | None = None

    @property
    def indent(self) -> int:
        if self.hang is not None:
            return self.hang
        item = _ITEM.match(self.text)
        return len(item.group(0)) if item else 0


class Prose(Visual):
    """Paragraphs of text, each wrapped at word boundaries to the width it is given."""

    def __init__(self, paragraphs: Iterable[Para | str]) -> None:
        self.paragraphs = [p if isinstance(p, Para) else Para(p) for p in paragraphs]
        self._cache: tuple[int, list[Content]] | None = None

    def __str__(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Prose) and self.paragraphs == other.paragraphs

    __hash__ = None  # type: ignore[assignment]  # mutable cache; compared by its text

    def lines(self, width: int) -> list[Content]:
        """The lines at `width` cells."""
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        lines: list[Content] = []
        for para in self.paragraphs:
            for line in wrap(visible(para.text, one_line=True), width, para.indent):
                lines.append(Content.styled(line, para.style) if para.style else Content(line))
        self._cache = (width, lines)
        return lines

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if not width:
            return []
        # Every line fits already: Textual's own wrapping finds nothing left to do.
        return Content("\n").join(self.lines(width)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((cell_len(p.text) for p in self.paragraphs), default=0)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """The widest piece no line may break (a word, "20 s"), with its paragraph's hang."""
        return max(
            (p.indent + cell_len(unit) for p in self.paragraphs for unit in units(p.text)),
            default=0,
        )

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))


def bulleted(items: Iterable[str], lead: str | None = None) -> Prose:
    """`lead` (if any) as a paragraph, then each item as a `• ` bullet hanging under its
    text: the back-care page's lists and a break's tip."""
    return Prose([*([Para(lead)] if lead else []), *(Para(f"• {item}") for item in items)])
