"""A Braille dot canvas: 2 × 4 dots per terminal cell, written out as plain text.

Each cell is one character of the Braille Patterns block (U+2800–U+28FF), whose low eight
bits say which dots are raised; an empty cell is U+2800 (blank Braille) rather than a space,
so every character of a figure comes from the same font and the columns line up in any
terminal or Markdown viewer. Dots outside the canvas are dropped and counted.

`mirror_lines` flips rendered text left to right (the figure for the other side).
"""

from __future__ import annotations

BLANK = "\u2800"

# The bit of each dot: _DOT_BITS[row][column], rows 0–3 from the top, columns 0–1.
_DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
# Bits swapped between the left and right columns.
_SWAPS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))


class BrailleCanvas:
    """`columns` × `rows` cells, that is (2 × columns) × (4 × rows) dots; (0, 0) is top left."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns = columns
        self.rows = rows
        self.width = 2 * columns  # in dots
        self.height = 4 * rows
        self._cells = bytearray(columns * rows)
        self.clipped = 0  # dots asked for outside the canvas

    def dot(self, x: int, y: int) -> None:
        if 0 <= x < self.width and 0 <= y < self.height:
            self._cells[(y >> 2) * self.columns + (x >> 1)] |= _DOT_BITS[y & 3][x & 1]
        else:
            self.clipped += 1

    def line(self, x0: int, y0: int, x1: int, y1: int, *, every: int = 1) -> None:
        """Bresenham's line, both ends included; `every` = 2 draws every other dot."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        error = dx + dy
        step = 0
        while True:
            if step % every == 0:
                self.dot(x0, y0)
            step += 1
            if x0 == x1 and y0 == y1:
                return
            twice = 2 * error
            if twice >= dy:
                error += dy
                x0 += sx
            if twice <= dx:
                error += dx
                y0 += sy

    def lines(self) -> tuple[str, ...]:
        return tuple(
            "".join(
                chr(0x2800 + bits) for bits in self._cells[row * self.columns :][: self.columns]
            )
            for row in range(self.rows)
        )


def _mirrored_bits(bits: int) -> int:
    out = 0
    for left, right in _SWAPS:
        if bits & left:
            out |= right
        if bits & right:
            out |= left
    return out


_MIRROR = {chr(0x2800 + b): chr(0x2800 + _mirrored_bits(b)) for b in range(256)}


def mirror_lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The text flipped left to right: cells reversed, each cell's dot columns swapped.

    Characters other than Braille are reversed in place but not changed.
    """
    return tuple("".join(_MIRROR.get(ch, ch) for ch in reversed(line)) for line in lines)
