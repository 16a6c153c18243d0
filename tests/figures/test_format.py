"""Figures as YAML: what a keyframe means, and a located error for every mistake."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from coach.errors import InvalidFile
from coach.figures.format import load_figures_file, read_figure_node, read_figures_text
from coach.figures.library import builtin_figures, builtin_figures_text
from coach.figures.model import Anchor, Figure, Limb, Prop, View


def figures(text: str) -> dict[str, Figure]:
    found, problems = read_figures_text(textwrap.dedent(text), "f.yaml")
    assert not problems, [str(p) for p in problems]
    return found


def errors(text: str) -> list[str]:
    _, problems = read_figures_text(textwrap.dedent(text), "f.yaml")
    assert problems
    return [str(p) for p in problems]


def test_the_builtin_file_reads_without_a_problem() -> None:
    text, name = builtin_figures_text()
    found, problems = read_figures_text(text, name)
    assert not problems and found == builtin_figures()


def test_a_keyframe_keeps_what_the_one_before_said() -> None:
    (figure,) = figures(
        """\
        figures:
          x:
            view: front
            props: [chair, towel, chair]
            anchor: foot
            keyframes:
              - trunk: 80
                arms: [-90, -80]
                legs: [0, -90, 0.5, 1]
              - arm: [10, 20]
                hold: true
              - leg2: [-90, -90]
        """
    ).values()
    first, second, third = figure.keyframes
    assert (figure.view, figure.props, figure.anchor) == (
        View.FRONT,
        (Prop.CHAIR, Prop.TOWEL),
        Anchor.FOOT,
    )
    assert first.trunk == second.trunk == third.trunk == 80
    assert first.arm == first.arm2 == second.arm2 == Limb(-90, -80)
    assert second.arm == third.arm == Limb(10, 20)
    assert third.leg == Limb(0, -90, 0.5, 1) and third.leg2 == Limb(-90, -90)
    assert figure.hold == 1


def test_the_first_keyframe_starts_from_standing_and_the_head_follows_the_trunk() -> None:
    (figure,) = figures(
        """\
        figures:
          x:
            keyframes:
              - {}
              - trunk: 180
              - head: 160
              - trunk: 0
        """
    ).values()
    standing, lying, head_set, prone = figure.keyframes
    assert (standing.trunk, standing.head, standing.face) == (90, 90, 0)  # looking ahead
    assert standing.arm == standing.leg == Limb(-90, -90)
    assert (lying.head, lying.face) == (180, 90)  # on the back, face up
    assert (head_set.head, head_set.face) == (160, 70)
    assert (prone.head, prone.face) == (160, 70)  # once set, the head keeps its angle


def test_like_copies_a_figure_of_the_file_or_of_the_built_ins() -> None:
    found, problems = read_figures_text(
        "figures:\n  mine: {like: bird-dog}\n  again: {like: own}\n"
        "  own: {keyframes: [{trunk: 0}, {trunk: 10}]}\n",
        "f.yaml",
        builtin_figures(),
    )
    assert not problems
    assert found["mine"] == builtin_figures()["bird-dog"] and found["mine"].like == "bird-dog"
    assert found["again"].keyframes == found["own"].keyframes


def test_one_figure_node_reads_on_its_own_for_an_exercise_entry() -> None:
    """The shape the routine loader will use for `figure:` inside an exercise."""
    document = yaml.compose("exercises:\n  - id: mine\n    figure: {like: plank, view: side}\n")
    node = document.value[0][1].value[0].value[1][1]
    figure, problems = read_figure_node(node, "exercises[0].figure", "e.yaml", builtin_figures())
    assert figure is None
    assert [str(p) for p in problems] == [
        "e.yaml:3:33: exercises[0].figure.view: cannot go with `like:`, which copies a whole figure"
    ]
    node = yaml.compose("figure: {like: plank}\n").value[0][1]
    figure, problems = read_figure_node(node, "figure", "e.yaml", builtin_figures())
    assert figure == builtin_figures()["plank"] and not problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "figures:\n  x:\n    keyframes:\n      - trunk: 0\n        tunk: 5\n      - {}\n",
            ['f.yaml:5:9: figures.x.keyframes[0].tunk: unknown key (did you mean "trunk"?)'],
        ),
        (
            "figures:\n  x:\n    keyframes: [{trunk: up}, {}]\n",
            ['f.yaml:3:25: figures.x.keyframes[0].trunk: expected a number, got "up"'],
        ),
        (
            "figures:\n  x:\n    keyframes: [{trunk: 400}, {}]\n",
            ["f.yaml:3:25: figures.x.keyframes[0].trunk: must be between -360 and 360, got 400"],
        ),
        (
            "figures:\n  x:\n    keyframes: [{arm: [1, 2, 3]}, {}]\n",
            [
                "f.yaml:3:23: figures.x.keyframes[0].arm: expected a list of 2 or 4 numbers, "
                "got a list of 3"
            ],
        ),
        (
            "figures:\n  x:\n    keyframes: [{leg: [0, 0, 2, 1]}, {}]\n",
            ["f.yaml:3:30: figures.x.keyframes[0].leg[2]: must be between 0 and 1.5, got 2"],
        ),
        (
            "figures:\n  x:\n    keyframes: [{trunk: 0}]\n",
            [
                "f.yaml:3:16: figures.x.keyframes: expected a list of 2 to 8 keyframes, "
                "got a list of 1"
            ],
        ),
        (
            "figures:\n  x:\n    keyframes: [{hold: true}, {hold: true}]\n",
            ["f.yaml:3:16: figures.x.keyframes: hold: true is on keyframes 0 and 1; keep one"],
        ),
        (
            "figures:\n  x:\n    view: frnt\n    keyframes: [{}, {}]\n",
            [
                'f.yaml:3:11: figures.x.view: "frnt" is not one of side, front, top '
                '(did you mean "front"?)'
            ],
        ),
        (
            "figures:\n  x:\n    props: [floor]\n    keyframes: [{}, {}]\n",
            [
                'f.yaml:3:13: figures.x.props[0]: "floor" is not one of chair, desk, wall, '
                "towel, pack"
            ],
        ),
        (
            "figures:\n  x:\n    view: side\n",
            ["f.yaml:3:5: figures.x.keyframes: missing; a figure needs at least two keyframes"],
        ),
        (
            "figures:\n  x: {like: bird-dgo}\n",
            ['f.yaml:2:13: figures.x.like: no figure named "bird-dgo"'],
        ),
        (
            "figures:\n  x: {}\n",
            ["f.yaml:2:6: figures.x: is empty; give `like: EXERCISE` or `keyframes:`"],
        ),
        (
            "figures:\n  x: [1, 2]\n",
            ["f.yaml:2:6: figures.x: expected a figure (like: or keyframes:), got a list of 2"],
        ),
        (
            "figures:\n  x:\n    keyframes: [{}, {}]\n  x:\n    keyframes: [{}, {}]\n",
            ["f.yaml:4:3: figures.x: is set twice; keep one"],
        ),
        ("", ["f.yaml:1:1: the file is empty"]),
        ("version: 2\nfigures: {}\n", ["f.yaml:1:10: version: must be between 1 and 1, got 2"]),
        (
            "figure: {}\n",
            [
                'f.yaml:1:1: figure: unknown key (did you mean "figures"?)',
                "f.yaml:1:1: figures: missing; map exercise ids to their figures",
            ],
        ),
    ],
)
def test_mistakes_are_located(text: str, expected: list[str]) -> None:
    assert errors(text) == expected


def test_broken_yaml_is_located() -> None:
    (error,) = errors("figures: [\n")
    assert error.startswith("f.yaml:2:1: not valid YAML: ")


def test_every_problem_of_a_file_is_reported_and_good_entries_are_kept() -> None:
    text = (
        "figures:\n"
        "  good: {keyframes: [{}, {trunk: 80}]}\n"
        "  bad: {keyframes: [{trunk: x}, {bend: 9}]}\n"
    )
    found, problems = read_figures_text(text, "f.yaml")
    assert list(found) == ["good"]
    assert [p.field for p in problems] == [
        "figures.bad.keyframes[0].trunk",
        "figures.bad.keyframes[1].bend",
    ]


def test_load_figures_file_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "figures.yaml"
    path.write_text("figures:\n  x: {keyframes: [{trunk: x}, {bend: 9}]}\n", encoding="utf-8")
    with pytest.raises(InvalidFile) as caught:
        load_figures_file(path)
    assert len(caught.value.errors) == 2
    with pytest.raises(InvalidFile, match="cannot read it"):
        load_figures_file(tmp_path / "missing.yaml")
