"""A breathing pacer: a ball that grows while you breathe in and shrinks while you breathe out.

The widget never reads a clock. Whoever owns it sets `fullness` (0 = empty lungs,
1 = full) from the session's remaining time, as often as it wants the ball to move;
`breath_fullness()` turns a phase and its remaining seconds into that number.
"""

from __future__ import annotations

import math
from typing import ClassVar

from rich.segment import Segment
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from coach.session.plan import PhaseKind

# The smallest ball, so an empty-lungs hold still shows where to look.
_MIN_SCALE = 0.18
# A terminal cell is about twice as tall as it is wide: stretch the ball sideways.
_CELL_ASPECT = 2.1


def _ease(t: float) -> float:
    """Slow at both ends like a real breath (a half cosine)."""
    t = min(1.0, max(0.0, t))
    return 0.5 - 0.5 * math.cos(math.pi * t)


def breath_fullness(kind: PhaseKind, seconds: float | None, remaining: float | None) -> float:
    """How full the lungs are (0..1) at this point of a breathing phase."""
    if kind is PhaseKind.HOLD_IN:
        return 1.0
    if kind is PhaseKind.HOLD_OUT or not seconds or remaining is None:
        return 0.0 if kind is not PhaseKind.EXHALE else 1.0
    done = 1.0 - remaining / seconds
    if kind is PhaseKind.INHALE:
        return _ease(done)
    if kind is PhaseKind.EXHALE:
        return 1.0 - _ease(done)
    return 0.0


def ball_rows(width: int, height: int, fullness: float) -> list[tuple[int, int]]:
    """For each row, the filled span in half cells (start, end); (0, 0) for an empty row.

    Half cells let the ball grow smoothly and stay centred on an even or odd width.
    """
    if width <= 0 or height <= 0:
        return []
    scale = _MIN_SCALE + (1.0 - _MIN_SCALE) * min(1.0, max(0.0, fullness))
    radius_y = height / 2 * scale
    radius_x = min(width / 2, radius_y * _CELL_ASPECT) * 2  # in half cells
    centre_x = width  # in half cells
    centre_y = height / 2
    rows: list[tuple[int, int]] = []
    for row in range(height):
        dy = (row + 0.5 - centre_y) / radius_y if radius_y else 2.0
        if abs(dy) > 1.0:
            rows.append((0, 0))
            continue
        half = radius_x * math.sqrt(1.0 - dy * dy)
        start = max(0, round(centre_x - half))
        end = min(2 * width, round(centre_x + half))
        if end - start < 1:
            start, end = centre_x - 1, centre_x + 1
        rows.append((start, end))
    return rows


class BreathPacer(Widget):
    """The ball. Colours come from the `breath-pacer--ball` component class (a theme colour)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"breath-pacer--ball"}

    DEFAULT_CSS = """
    BreathPacer {
        height: 1fr;
        min-height: 3;
    }
    """

    fullness: reactive[float] = reactive(0.0)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        rows = ball_rows(width, height, self.fullness)
        if y >= len(rows):
            return Strip.blank(width, self.rich_style)
        start, end = rows[y]
        base = self.rich_style
        ball = base + self.get_component_rich_style("breath-pacer--ball", partial=True)
        segments: list[Segment] = []
        for column in range(width):
            left = start <= 2 * column < end
            right = start <= 2 * column + 1 < end
            if left and right:
                segments.append(Segment("█", ball))
            elif left:
                segments.append(Segment("▌", ball))
            elif right:
                segments.append(Segment("▐", ball))
            else:
                segments.append(Segment(" ", base))
        return Strip(Segment.simplify(segments), width)
