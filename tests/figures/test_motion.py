"""`frame_at(figure, t, side)`: the pose at a phase of a rep, eased between keyframes."""

from __future__ import annotations

import math

import pytest

from coach.figures.draw import frame_at, render
from coach.figures.library import builtin_figures
from coach.figures.model import Figure, Limb, Pose
from coach.figures.motion import blend, ease, pose_at

ARM_DOWN = Pose(trunk=90.0, arm=Limb(-90.0, -90.0))
ARM_UP = Pose(trunk=90.0, arm=Limb(90.0, 90.0))
RAISE = Figure((ARM_DOWN, ARM_UP))
THREE = Figure((ARM_DOWN, Pose(trunk=90.0, arm=Limb(0.0, 0.0)), ARM_UP), hold=2)


@pytest.mark.parametrize(
    ("t", "upper"),
    [
        (0.0, -90.0),  # start
        (0.25, 0.0),  # halfway from start to end (eased: the middle is the middle)
        (0.5, 90.0),  # the end pose
        (0.75, 0.0),  # on the way back
        (1.0, -90.0),  # back at the start: the next rep follows without a jump
        (1.5, 90.0),  # phases wrap around
        (-0.5, 90.0),
    ],
)
def test_a_rep_goes_to_the_end_pose_and_back(t: float, upper: float) -> None:
    assert pose_at(RAISE, t).arm.upper == pytest.approx(upper)


def test_easing_is_slow_near_the_keyframes() -> None:
    early = pose_at(RAISE, 0.05).arm.upper  # a tenth of the way to the end pose in time
    assert -90.0 < early < -90.0 + 0.1 * 180.0
    assert ease(0.0) == 0.0 and ease(1.0) == 1.0 and ease(0.5) == 0.5
    assert ease(-1.0) == 0.0 and ease(2.0) == 1.0


def test_three_keyframes_take_a_third_of_the_rep_each() -> None:
    assert pose_at(THREE, 1 / 3).arm.upper == pytest.approx(0.0)
    assert pose_at(THREE, 2 / 3).arm.upper == pytest.approx(90.0)
    assert pose_at(THREE, 5 / 6).arm.upper == pytest.approx(0.0)  # 90 → -90 via 0
    assert THREE.hold_t == pytest.approx(2 / 3)


def test_a_broken_phase_is_the_start() -> None:
    assert pose_at(RAISE, math.nan) == ARM_DOWN
    assert pose_at(RAISE, math.inf) == ARM_DOWN


def test_blend_interpolates_every_value_as_written() -> None:
    a = Pose(trunk=0.0, shoulder=(0.0, 0.0), leg=Limb(-90.0, 180.0, 1.0, 1.0))
    b = Pose(trunk=20.0, shoulder=(2.0, -2.0), leg=Limb(270.0, 180.0, 0.5, 1.0))
    middle = blend(a, b, 0.5)
    assert middle.trunk == 10.0 and middle.shoulder == (1.0, -1.0)
    # -90 to 270 turns a full circle the long way, because that is what was written.
    assert middle.leg == Limb(90.0, 180.0, 0.75, 1.0)
    assert blend(a, b, 0.0) is a and blend(a, b, 1.0) is b


@pytest.mark.parametrize("name", ["bird-dog", "cat-cow", "side-plank-knees", "chin-tuck"])
def test_frame_at_chosen_instants(name: str) -> None:
    figure = builtin_figures()[name]
    start, end = render(figure, figure.start), render(figure, figure.end)
    assert frame_at(figure, 0.0) == start
    assert frame_at(figure, 0.5) == end  # two keyframes: halfway through a rep is the end
    assert frame_at(figure, 1.0) == start
    middle = frame_at(figure, 0.25)
    assert middle not in (start, end)  # moving between them
    assert frame_at(figure, 0.5, "right").lines != end.lines


def test_frame_at_is_a_pure_function() -> None:
    figure = builtin_figures()["walk"]
    assert [frame_at(figure, i / 10) for i in range(11)] == [
        frame_at(figure, i / 10) for i in range(11)
    ]
