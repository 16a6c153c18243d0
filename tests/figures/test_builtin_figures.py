"""Every built-in exercise has a figure that draws, moves, fits its box and mirrors."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from coach.figures.canvas import mirror_lines
from coach.figures.draw import COLUMNS, ROWS, body, frame_at, layout, render
from coach.figures.library import builtin_figures, figure_for
from coach.figures.model import Figure
from coach.routines.library import load_library

FIGURES = builtin_figures()
EXERCISES = load_library(Path("/nonexistent/coach-user-dir")).builtin_exercises
PHASES = [i / 24 for i in range(25)]
BRAILLE = {chr(c) for c in range(0x2800, 0x2900)}


def test_every_builtin_exercise_has_a_figure_and_every_figure_an_exercise() -> None:
    assert set(FIGURES) == set(EXERCISES)


def test_the_box_fits_beside_the_countdown_at_80_by_24() -> None:
    assert 20 <= COLUMNS <= 24 and 8 <= ROWS <= 10


@pytest.fixture(params=sorted(FIGURES))
def figure(request: pytest.FixtureRequest) -> Figure:
    return FIGURES[request.param]


def test_every_frame_is_braille_text_of_the_box_size(figure: Figure) -> None:
    for t in PHASES:
        for side in (None, "left", "right"):
            frame = frame_at(figure, t, side)
            assert frame.rows == ROWS
            assert all(len(line) == COLUMNS for line in frame.lines)
            assert set("".join(frame.lines)) <= BRAILLE


def test_every_frame_stays_inside_its_box(figure: Figure) -> None:
    for t in PHASES:
        assert frame_at(figure, t).clipped == 0, f"t={t} draws outside the box"
    # Drawn at full size or bigger: nothing needed shrinking to fit.
    assert layout(figure).scale >= 1.0


def test_every_figure_moves_between_its_keyframes(figure: Figure) -> None:
    drawn = [render(figure, pose).lines for pose in figure.keyframes]
    assert len(set(drawn)) >= 2
    for here, after in itertools.pairwise(drawn):
        assert here != after  # each stretch of the rep shows movement
    assert frame_at(figure, 0.0).lines != frame_at(figure, figure.hold_t).lines


def test_every_figure_mirrors_for_the_other_side(figure: Figure) -> None:
    for t in (0.0, figure.hold_t / 2, figure.hold_t):
        first = frame_at(figure, t, "left").lines
        other = frame_at(figure, t, "right").lines
        assert other == mirror_lines(first)
        assert other != first  # every built-in pose is asymmetric left to right
        assert mirror_lines(other) == first
        assert frame_at(figure, t, None).lines == first


def test_every_figure_rests_on_the_floor(figure: Figure) -> None:
    if figure.view.value == "top":
        return
    for t in PHASES:
        bottom = frame_at(figure, t).lines[-1]
        assert set(bottom) != {"⣀"}, f"nothing touches the floor at t={t}"


def test_figure_for_an_unknown_exercise_is_none() -> None:
    assert figure_for("no-such-exercise") is None
    assert figure_for("bird-dog") is FIGURES["bird-dog"]


def test_the_figures_file_is_shipped_as_package_data() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"routines/figures/*.yaml"' in pyproject


@pytest.mark.parametrize(
    ("exercise", "check"),
    [
        # Bird-dog: the reaching arm is level with the shoulder, the raised leg with the hip.
        ("bird-dog", lambda b: abs(b.arm[1][1] - b.shoulders[0][1]) < 2.5),
        ("bird-dog", lambda b: abs(b.leg2[1][1] - b.hip[1]) < 3),
        # Side plank: the held pose is one straight line from knee to shoulder.
        ("side-plank-knees", lambda b: abs(b.pose.trunk - (b.pose.leg.upper - 180)) < 1),
        # Glute bridge: the hips are higher than the shoulders at the top.
        ("glute-bridge", lambda b: b.hip[1] > b.neck[1] + 2),
        # Chin tuck: the head glides back behind the neck at the end.
        ("chin-tuck", lambda b: b.head[0] < b.neck[0]),
        # Standing back extension: the trunk leans back.
        ("standing-extension", lambda b: b.neck[0] < b.hip[0]),
    ],
)
def test_held_poses_show_what_the_cues_say(exercise: str, check: object) -> None:
    figure = FIGURES[exercise]
    assert callable(check) and check(body(figure.end, figure.view))
