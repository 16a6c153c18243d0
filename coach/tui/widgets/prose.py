"""`Prose`: paragraphs wrapped by coach's rule (`coach.tui.display.wrap`), as a Textual Visual.

Textual wraps at any space, so a narrow panel could end a line on "hold 20" and start
the next with "s". A `Prose` keeps a number with its unit, lets the lines of a list item
(`1. …`, `• …`) hang under its text, and is measured by the same rule, so a panel
sized to it never clips it. Any `Static` shows one: `static.update(Prose([...]))`;
`str()` gives the text unwrapped (what tests and screen readers want). The text is
shown literally, like `coach.tui.literal`: never markup, control characters as signs.

A `ProseView` shows one in a box of the height it is given, scrolling when longer; showing
other text there repaints the box alone, with no layout of the screen (home's About
panel follows the highlighted routine at every keypress).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

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


class ProseView(ScrollView, can_focus=True):
    """A `Prose` in a box of the height it is given, scrolling when the text is longer
    (the wheel, or the arrow keys once focused); `show()` puts other text in it.

    A `VerticalScroll` around a `Static` would do the same, but other text there changes
    the Static's height, so the whole screen is laid out again before the repaint (two or
    three frames later). Here other text changes only what the box scrolls over.
    """

    DEFAULT_CSS = """
    ProseView {
        height: 1fr;
        padding: 0 0 0 1;
        overflow-x: hidden;
    }
    """

    def __init__(
        self, prose: Prose | None = None, *, id: str | None = None, can_focus: bool = True
    ) -> None:
        super().__init__(id=id)
        self.can_focus = can_focus  # False: it scrolls with the mouse only
        self._prose = prose if prose is not None else Prose([])
        self._strips: tuple[int, list[Strip]] | None = None  # (width, lines) drawn

    @property
    def prose(self) -> Prose:
        """What it shows (`str()` of it is the text)."""
        return self._prose

    def show(self, prose: Prose) -> None:
        """Show `prose` from its first line."""
        self._prose = prose
        self._strips = None
        self.scroll_to(y=0, animate=False, immediate=True)
        self._measure()
        self.refresh()

    def on_mount(self) -> None:
        self._measure()

    def on_resize(self) -> None:
        self._strips = None
        self._measure()

    @property
    def text_width(self) -> int:
        """The width the text wraps at: a column is kept free on its right (between the text
        and the scrollbar when there is one), so pad only the left in CSS."""
        return self.scrollable_content_region.width - 1

    def _measure(self) -> None:
        """Set what the box scrolls over: the text's lines at the width it has (which a
        scrollbar coming or going changes, hence twice at most)."""
        for _ in range(2):
            width = self.text_width
            size = Size(width, len(self._prose.lines(width)) if width > 0 else 0)
            if size == self.virtual_size:
                return
            # Textual's own `self.virtual_size = size` would lay the whole screen out again;
            # setting it without its watcher and updating the scrollbars here (Textual's
            # private `_scroll_update`, as ScrollView does on a resize) repaints this box
            # alone. A scrollbar that comes or goes still lays the screen out (Textual).
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)

    def render_line(self, y: int) -> Strip:
        width = self.text_width
        full = self.scrollable_content_region.width
        style = self.visual_style
        if self._strips is None or self._strips[0] != width:
            lines = Visual.to_strips(self, self._prose, width, None, style) if width > 0 else []
            self._strips = (width, lines)
        lines = self._strips[1]
        index = y + self.scroll_offset.y
        if 0 <= index < len(lines):
            return lines[index].extend_cell_length(full, style.rich_style)
        return Strip.blank(full, style.rich_style)


def bulleted(items: Iterable[str], lead: str | None = None) -> Prose:
    """`lead` (if any) as a paragraph, then each item as a `• ` bullet hanging under its
    text: the back-care page's lists and a break's tip."""
    return Prose([*([Para(lead)] if lead else []), *(Para(f"• {item}") for item in items)])
