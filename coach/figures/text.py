"""Figures as plain text outside the session: poses side by side with a caption under each.

`coach show EXERCISE` and docs/exercises.md print a figure's keyframes this way: all of
them when they fit the width (sit-to-stand: sitting, leaning, standing), else the start and
the held pose.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.figures.draw import COLUMNS, Frame, render
from coach.figures.model import Figure

GAP = 3  # columns between two poses
MAX_WIDTH = 80


def keyframe_captions(figure: Figure) -> list[tuple[int, str]]:
    """(keyframe index, caption) of the poses to show side by side."""
    count = len(figure.keyframes)
    shown = list(range(count))
    if count * COLUMNS + (count - 1) * GAP > MAX_WIDTH:
        shown = [0, figure.hold] if figure.hold != 0 else [0, 1]
    captions = []
    for index in shown:
        if index == 0:
            caption = "start"
        elif index == figure.hold:
            caption = "end" if count == 2 or index == shown[-1] else "hold"
        else:
            caption = "then"
        captions.append((index, caption))
    return captions


def keyframe_frames(figure: Figure, side: str | None = None) -> list[tuple[str, Frame]]:
    """(caption, frame) for each pose `figure_text` shows."""
    return [
        (caption, render(figure, figure.keyframes[index], side))
        for index, caption in keyframe_captions(figure)
    ]


def figure_text(figure: Figure, side: str | None = None) -> list[str]:
    """The poses side by side, each with its caption centred under it."""
    frames = keyframe_frames(figure, side)
    lines = side_by_side([frame.lines for _, frame in frames])
    captions = [caption.center(COLUMNS) for caption, _ in frames]
    lines.append((" " * GAP).join(captions).rstrip())
    return lines


def side_by_side(blocks: Sequence[Sequence[str]], gap: int = GAP) -> list[str]:
    """Blocks of equal-width lines next to each other, `gap` spaces apart."""
    if not blocks:
        return []
    height = max(len(block) for block in blocks)
    widths = [max((len(line) for line in block), default=0) for block in blocks]
    rows = []
    for row in range(height):
        cells = [
            (block[row] if row < len(block) else "").ljust(width)
            for block, width in zip(blocks, widths, strict=True)
        ]
        rows.append((" " * gap).join(cells).rstrip())
    return rows
