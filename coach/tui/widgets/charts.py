"""Charts for the History screen, drawn by plotext (textual-plotext) in the theme's colours.

Each chart keeps the figures it was given and draws them again when the theme
changes, so bars and lines always take the current theme's colours instead of
plotext's fixed palette.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from textual.color import Color
from textual_plotext import PlotextPlot

RGB = tuple[int, int, int]


def nice_step(top: float, ticks: int = 3) -> float:
    """A round tick step (1, 2 or 5 × a power of ten) giving about `ticks` steps up to `top`."""
    if top <= 0:
        return 1.0
    rough = top / ticks
    power = 10 ** math.floor(math.log10(rough))
    for multiple in (1, 2, 5, 10):
        if multiple * power >= rough:
            return float(multiple * power)
    return float(10 * power)


MOST_TICKS = 6  # steps on a y axis; more crowd a chart a few rows high


def _smaller_steps(step: float) -> list[float]:
    """The round steps (1, 2, 5 × a power of ten) below `step`, largest first."""
    power = 10 ** math.floor(math.log10(step))
    found: list[float] = []
    while len(found) < 6:
        for multiple in (5, 2, 1):
            candidate = multiple * power
            if candidate < step * (1 - 1e-9):
                found.append(float(candidate))
        power /= 10
    return sorted(set(found), reverse=True)


def _divides(step: float, value: float) -> bool:
    count = value / step
    return abs(count - round(count)) < 1e-9


def y_ticks(top: float, ticks: int = 3, *, goal: float | None = None) -> list[float]:
    """0 and evenly spaced round steps up to at least `top`: the y axis of a bar chart.

    With a goal, the step is one the goal falls on (150 → 0, 50, 100, 150, 200: never
    0, 100, 150, 200, which skips 50), unless that needs more than `MOST_TICKS` steps.
    """
    step = nice_step(top, ticks)
    if goal is not None and goal > 0 and not _divides(step, goal):
        for smaller in _smaller_steps(step):
            if math.ceil(top / smaller - 1e-9) > MOST_TICKS:
                break
            if _divides(smaller, goal):
                step = smaller
                break
    count = max(1, math.ceil(top / step - 1e-9))
    return [step * n for n in range(count + 1)]


def tick_label(value: float) -> str:
    return f"{value:g}"


class ThemedPlot(PlotextPlot):
    """A plotext plot that redraws its figures in the theme's colours."""

    def on_mount(self) -> None:
        # PlotextPlot.on_mount (also called) keeps the background in step with the theme.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())
        self.redraw()

    def theme_rgb(self, variable: str) -> RGB:
        """A theme colour (`primary`, `success` …) as plotext wants it."""
        value = self.app.theme_variables.get(variable) or self.app.theme_variables["foreground"]
        return Color.parse(value).rgb

    def redraw(self) -> None:
        if not self.is_mounted:
            return  # drawn on mount
        self.plt.clear_figure()
        self.draw()
        self.refresh()

    def draw(self) -> None:
        """Draw the figures onto `self.plt` (the figure is clear)."""
        raise NotImplementedError


class BarChart(ThemedPlot):
    """Bars over positions 0..n-1 (days, weeks), a few labelled, with an optional goal line."""

    def __init__(
        self,
        *,
        color: str = "primary",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.color = color
        self.heading = ""
        self.values: list[float] = []
        self.labels: dict[int, str] = {}
        self.goal: float | None = None

    def show(
        self,
        values: Sequence[float],
        labels: dict[int, str],
        *,
        title: str,
        goal: float | None = None,
    ) -> None:
        """Show these bars; `labels` names a few positions on the x axis."""
        self.values = [float(value) for value in values]
        self.labels = dict(labels)
        self.heading = title
        self.goal = goal
        self.redraw()

    def draw(self) -> None:
        plt = self.plt
        plt.title(self.heading)
        if not self.values:
            return
        positions = list(range(len(self.values)))
        # A little headroom, so a goal line never lies on the frame at the top.
        top = max([*self.values, self.goal or 0.0, 1.0]) * 1.1
        ticks = y_ticks(top, goal=self.goal)
        # The goal line goes first so the bars are drawn over it, not crossed out by it.
        if self.goal is not None:
            plt.hline(self.goal, self.theme_rgb("accent"))
        plt.bar(positions, self.values, marker="hd", width=0.5, color=self.theme_rgb(self.color))
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks, [tick_label(tick) for tick in ticks])
        plt.xlim(-0.5, len(self.values) - 0.5)
        plt.xticks([float(n) for n in self.labels], list(self.labels.values()))


@dataclass(frozen=True)
class PainPoint:
    """One session's check-ins (0–10), either of which may be missing; `label` names its
    place on the x axis (the day, or the time when every session is on one day)."""

    label: str
    before: int | None
    after: int | None


PAIN_BEFORE_MARKER = "●"
PAIN_AFTER_MARKER = "◆"
MOST_LABELS = 5


class PainChart(ThemedPlot):
    """Pain before → after, one short line per session on the 0–10 scale, oldest first.

    A session's before and after are joined to each other, never to another session's:
    the line shows what a session did to the pain.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.heading = ""
        self.points: list[PainPoint] = []

    def show(self, points: Sequence[PainPoint], *, title: str) -> None:
        self.points = list(points)
        self.heading = title
        self.redraw()

    def draw(self) -> None:
        plt = self.plt
        plt.title(self.heading)
        if not self.points:
            return
        # Before sits a little left of its session and after a little right, so equal
        # figures stay two marks instead of one hiding the other.
        line = self.theme_rgb("foreground")
        for n, point in enumerate(self.points):
            if point.before is not None and point.after is not None:
                xs, ys = [n - 0.15, n + 0.15], [point.before, point.after]
                plt.plot(xs, ys, marker="braille", color=line)
        for attribute, shift, marker, color in (
            ("before", -0.15, PAIN_BEFORE_MARKER, "warning"),
            ("after", 0.15, PAIN_AFTER_MARKER, "primary"),
        ):
            found = [
                n for n, point in enumerate(self.points) if getattr(point, attribute) is not None
            ]
            if found:
                xs = [n + shift for n in found]
                ys = [getattr(self.points[n], attribute) for n in found]
                plt.scatter(xs, ys, marker=marker, color=self.theme_rgb(color))
        plt.ylim(0, 10)
        plt.yticks([0.0, 5.0, 10.0], ["0", "5", "10"])
        plt.xlim(-0.5, len(self.points) - 0.5)
        labelled = label_positions([point.label for point in self.points], MOST_LABELS)
        plt.xticks([float(n) for n in labelled], [self.points[n].label for n in labelled])


def label_positions(labels: Sequence[str], most: int) -> list[int]:
    """Where to write labels on an x axis: the first of each run of equal labels (three
    sessions on 6 Dec read "6 Dec" once), at most `most` of them, evenly spread."""
    firsts = [n for n, label in enumerate(labels) if n == 0 or labels[n - 1] != label]
    return [firsts[n] for n in spread_positions(len(firsts), most)]


def spread_positions(count: int, most: int) -> list[int]:
    """Up to `most` positions from 0 to count-1, evenly spread, both ends included."""
    if count <= 0:
        return []
    if count <= most:
        return list(range(count))
    return sorted({round(n * (count - 1) / (most - 1)) for n in range(most)})
