"""A user's exercise may give its own figure (issue 16 item 1): `figure: {like: bird-dog}`
or the poses themselves, read with located errors by the loader, written back by the
writer, stated in the schema, shown by `coach show`. Without one, nothing changes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml
from routines_helpers import LoadErrors, LoadText

from coach import paths
from coach.cli import main
from coach.figures.format import figure_fields, read_figure_node
from coach.figures.library import builtin_figures, figure_for
from coach.figures.text import figure_text
from coach.routines.library import load_library
from coach.routines.loader import load_exercises_text
from coach.routines.model import ExerciseStep
from coach.routines.schema import exercises_schema, routine_schema
from coach.routines.writer import dump_routine

OWN = """\
name: N
kind: core
exercises:
  - id: wall-angel
    name: Wall angel
    target: upper back
    cues: [Back to the wall., Slide the arms.]
    figure:
      props: [wall]
      keyframes:
        - arms: [100, 170]
        - arms: [40, 100]
          hold: true
  - id: slow-dog
    name: Slow bird-dog
    target: core
    cues: [Hands and knees., Reach slowly.]
    figure: {like: bird-dog}
steps:
  - exercise: wall-angel
    reps: 8
  - exercise: slow-dog
    hold: 10s
"""


def exercise_of(routine, index: int):  # type: ignore[no-untyped-def]
    step = routine.steps[index]
    assert isinstance(step, ExerciseStep)
    return step.exercise


def test_own_poses_and_a_built_in_figure_are_read(load: LoadText) -> None:
    routine = load(OWN)
    angel, dog = exercise_of(routine, 0), exercise_of(routine, 1)
    assert angel.figure is not None and len(angel.figure.keyframes) == 2
    assert angel.figure.keyframes[0].arm.upper == 100
    assert dog.figure == builtin_figures()["bird-dog"]
    assert figure_for(dog.id, dog.figure) is dog.figure  # its own wins
    assert figure_for("plank") == builtin_figures()["plank"]  # none of its own: the built-in's
    assert figure_for("nothing-like-it") is None  # no figure: shown as before


@pytest.mark.parametrize(
    ("figure", "error"),
    [
        (
            "{like: bird-dgo}",
            'r.yaml:8:20: exercises[0].figure.like: no figure named "bird-dgo" '
            '(did you mean "bird-dog"?)',
        ),
        (
            "{keyframes: [{arms: [1, 2, 3]}, {}]}",
            "r.yaml:8:33: exercises[0].figure.keyframes[0].arms: expected a list of 2 or 4 "
            "numbers, got a list of 3",
        ),
        (
            "{keyframes: [{trunk: " + "9" * 400 + "}, {}]}",
            "r.yaml:8:34: exercises[0].figure.keyframes[0].trunk: 9999999999999999999999999999"
            "99999999999… is far too large a number",
        ),
        (
            "{keyframes: [{trunk: 0}]}",
            "r.yaml:8:25: exercises[0].figure.keyframes: expected a list of 2 to 8 keyframes, "
            "got a list of 1",
        ),
        (
            "[1, 2]",
            "r.yaml:8:13: exercises[0].figure: expected a figure (like: or keyframes:), "
            "got a list of 2",
        ),
        (
            '{like: bird-dog, view: "\\e[2J"}',
            "r.yaml:8:36: exercises[0].figure.view: cannot go with `like:`, which copies a "
            "whole figure",
        ),
    ],
)
def test_a_broken_figure_is_located(errors: LoadErrors, figure: str, error: str) -> None:
    text = f"""\
name: N
kind: core
exercises:
  - id: mine
    name: Mine
    target: back
    cues: [One., Two.]
    figure: {figure}
steps:
  - exercise: mine
"""
    assert error in errors(text)


def test_figures_round_trip_through_the_writer(load: LoadText) -> None:
    routine = load(OWN)
    library = load_library().exercises
    for inline in (False, True):
        text = dump_routine(routine, library, inline_exercises=inline)
        back = load(text)
        assert back.steps == routine.steps, text
    text = dump_routine(routine, library, inline_exercises=True)
    assert "figure: {like: bird-dog}" in text


@pytest.mark.parametrize("exercise_id", sorted(builtin_figures()))
def test_every_built_in_figure_reads_back_from_what_the_writer_writes(exercise_id: str) -> None:
    from dataclasses import replace

    figure = replace(builtin_figures()[exercise_id], like=None)
    node = yaml.compose(yaml.safe_dump({"figure": figure_fields(figure)})).value[0][1]
    back, problems = read_figure_node(node, "figure", "f.yaml")
    assert problems == [] and back == figure


def test_an_exported_exercise_without_a_figure_says_so(load: LoadText) -> None:
    """Complete entries write `figure: null`, so a same-named user entry's figure cannot show."""
    routine = load("name: N\nkind: core\nsteps:\n  - exercise: plank\n")
    text = dump_routine(routine, load_library().exercises, inline_exercises=True)
    assert "figure: null" in text
    mine = load_exercises_text(
        "exercises:\n  - id: plank\n    figure: {like: bird-dog}\n",
        "exercises.yaml",
        load_library().exercises,
    )
    from coach.routines.loader import load_routine_text

    assert exercise_of(load_routine_text(text, "x.yaml", mine), 0).figure is None


def test_the_schema_states_the_figure() -> None:
    exercise = {"id": "x", "name": "X", "target": "t", "cues": ["a", "b"]}
    library = jsonschema.Draft202012Validator(exercises_schema())
    routine = jsonschema.Draft202012Validator(routine_schema())
    good = [{"like": "bird-dog"}, {"keyframes": [{"arms": [1, 2]}, {"hold": True}]}, None]
    bad = [{"like": "nope"}, {"keyframes": [{}]}, {"like": "bird-dog", "view": "side"}]
    bad += [{"keyframes": [{"trunk": 400}, {}]}, {"keyframes": [{"tunk": 1}, {}]}]
    for figure in good:
        assert library.is_valid({"exercises": [{**exercise, "figure": figure}]}), figure
    for figure in bad:
        assert not library.is_valid({"exercises": [{**exercise, "figure": figure}]}), figure
    document = {"name": "N", "kind": "core", "steps": [{"rest": "5s"}]}
    assert routine.is_valid({**document, "exercises": [{**exercise, "figure": good[0]}]})
    assert not routine.is_valid({**document, "exercises": [{**exercise, "figure": bad[0]}]})


def test_coach_show_draws_a_users_own_figure(capsys: pytest.CaptureFixture[str]) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "exercises.yaml").write_text(
        textwrap.dedent(
            """\
            exercises:
              - id: slow-dog
                name: Slow bird-dog
                target: core
                cues: [Hands and knees., Reach slowly.]
                figure: {like: bird-dog}
              - id: no-figure
                name: No figure
                target: core
                cues: [One., Two.]
            """
        )
    )
    assert main(["show", "slow-dog"]) == 0
    shown = capsys.readouterr().out
    assert "\n".join(figure_text(builtin_figures()["bird-dog"])) in shown
    assert main(["show", "no-figure"]) == 0
    plain = capsys.readouterr().out
    assert not any("\u2800" <= c <= "\u28ff" for c in plain)  # no Braille: as before


def test_the_docs_example_loads(exercises: dict[str, object]) -> None:
    text = (Path(__file__).resolve().parents[2] / "docs/routines.md").read_text(encoding="utf-8")
    assert "figure: {like: bird-dog}" in text and "figure:\n      props: [wall]" in text
