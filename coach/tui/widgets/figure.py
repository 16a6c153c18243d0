"""The exercise's figure beside the countdown, moving with the session.

The widget keeps no time and no state of its own: the session screen asks
`figure_moment(session)` where the figure is now (which exercise, which phase of the rep,
which side) from the engine's clock, and shows `figure_lines(...)` of it. That is a pure
function of its arguments, cached on a rep phase rounded to 1/48, so after the first rep
a frame costs a dictionary look-up.

- reps at a tempo: the figure moves at that tempo (the rep phase the engine counts by);
  reps you count yourself: at the tempo, or at an estimated 3 s a rep;
- a hold: it eases into the held pose in the first second, then holds it;
- get ready, rests, switch sides: the next exercise's start pose, on the side it will be
  done (so "switch sides" mirrors it);
- anything else (breathing, drinks, packs, check-ins) and exercises without a figure
  (their own `figure:`, else the built-in one of their id): nothing, and the screen
  looks as it did before figures.

Floor exercises fill only the bottom rows of the 9-row box: the blank rows above every
frame of the rep are left out (`figure_rows`), so the countdown keeps its room.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from coach.figures.draw import ROWS, frame_at
from coach.figures.library import figure_for
from coach.routines.model import ESTIMATED_SECONDS_PER_REP, ExerciseStep
from coach.session.plan import PhaseKind

if TYPE_CHECKING:
    from coach.figures.model import Figure
    from coach.session.engine import Session

EASE_IN_SECONDS = 1.0  # a hold eases into the held pose this fast
FRAME_STEPS = 48  # rep phases are rounded to 1/48: smooth at 8 fps for tempos up to 6 s
_BLANK = frozenset("\u2800 ")
_LEAD_INS = frozenset({PhaseKind.GET_READY, PhaseKind.REST, PhaseKind.SWITCH_SIDES})


@dataclass(frozen=True)
class Moment:
    """Where the figure is: which, the phase of the rep (0..1), the side, and whether it
    moves (the screen then draws frames; a held or start pose does not move)."""

    figure: Figure
    t: float
    side: str | None
    moving: bool


def exercise_figure(step: ExerciseStep) -> Figure | None:
    """The exercise's own figure (`figure:` in its entry), else the built-in one of its id."""
    return figure_for(step.exercise.id, step.exercise.figure)


def figure_moment(session: Session) -> Moment | None:
    """The figure to show now, from the session's phase and clock; None for none."""
    phase = session.phase
    if phase is None:
        return None
    if phase.kind is PhaseKind.WORK and isinstance(phase.step, ExerciseStep):
        figure = exercise_figure(phase.step)
        if figure is None:
            return None
        side = phase.side.value if phase.side is not None else None
        running = not session.paused
        if session.paced:
            return Moment(figure, session.rep_phase() % 1.0, side, running)
        elapsed = session.phase_elapsed()
        if phase.reps and phase.rep_number is None:  # reps without a hold, counted
            tempo = phase.tempo or ESTIMATED_SECONDS_PER_REP
            return Moment(figure, (elapsed / tempo) % 1.0, side, running)
        eased = min(1.0, elapsed / EASE_IN_SECONDS)
        return Moment(figure, figure.hold_t * eased, side, running and eased < 1.0)
    if phase.kind in _LEAD_INS:
        for later in session.plan.phases[phase.index + 1 :]:
            if later.kind is PhaseKind.WORK:
                if not isinstance(later.step, ExerciseStep):
                    return None
                figure = exercise_figure(later.step)
                if figure is None:
                    return None
                side = later.side.value if later.side is not None else None
                return Moment(figure, 0.0, side, False)
            if later.kind not in _LEAD_INS:
                return None
    return None


def _blank(line: str) -> bool:
    return set(line) <= _BLANK


@functools.cache
def figure_rows(figure: Figure) -> int:
    """Rows the figure needs: the box less the rows blank in every frame of a rep."""
    top = ROWS
    for step in range(24):
        for side in ("left", "right"):
            lines = frame_at(figure, step / 24, side).lines
            blank = next((i for i, line in enumerate(lines) if not _blank(line)), ROWS)
            top = min(top, blank)
    return ROWS - top


@functools.lru_cache(maxsize=512)
def _lines(figure: Figure, step: int, side: str | None) -> tuple[str, ...]:
    lines = frame_at(figure, step / FRAME_STEPS, side).lines
    return lines[len(lines) - figure_rows(figure) :]


def figure_lines(moment: Moment) -> tuple[str, ...]:
    """The figure's rows at that moment (blank top rows left out)."""
    step = round(moment.t * FRAME_STEPS) % FRAME_STEPS
    return _lines(moment.figure, step, moment.side)


class FigureView(Static):
    """Shows the lines it is given; hidden when there are none."""

    DEFAULT_CSS = """
    FigureView {
        width: 22;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.lines: tuple[str, ...] | None = None
        self.display = False

    def show_lines(self, lines: tuple[str, ...] | None) -> None:
        """Draw these rows (None: hide the figure). Cheap when nothing changed."""
        if lines == self.lines:
            return
        self.lines = lines
        self.display = lines is not None
        if lines is not None:
            self.update(Content("\n".join(lines)))
