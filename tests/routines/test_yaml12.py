"""Routine files are read with YAML 1.2 meanings, as editors read them; what a file
meant under YAML 1.1 gets a located message saying what to write instead."""

from __future__ import annotations

import pytest
from routines_helpers import LoadErrors, LoadText

from coach import yamlsafe
from coach.errors import LocatedError
from coach.routines.model import ExerciseStep, TherapyStep


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The same answers from libyaml's C parser and PyYAML's pure-Python one."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlsafe, "_Loader", yamlsafe.PurePythonLoader)
    elif yamlsafe._Loader is yamlsafe.PurePythonLoader:
        pytest.skip("PyYAML was built without libyaml here")
    return str(request.param)


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("true", yamlsafe.BOOL),
        ("False", yamlsafe.BOOL),
        ("yes", yamlsafe.STR),
        ("no", yamlsafe.STR),
        ("on", yamlsafe.STR),
        ("off", yamlsafe.STR),
        ("y", yamlsafe.STR),
        ("1:30", yamlsafe.STR),
        ("2024-01-01", yamlsafe.STR),
        ("1_000", yamlsafe.STR),
        ("0b101", yamlsafe.STR),
        ("010", yamlsafe.INT),
        ("0o17", yamlsafe.INT),
        ("0x1F", yamlsafe.INT),
        ("+1", yamlsafe.INT),
        ("1.5", yamlsafe.FLOAT),
        ("1e3", yamlsafe.FLOAT),
        (".inf", yamlsafe.FLOAT),
        (".nan", yamlsafe.FLOAT),
        ("~", yamlsafe.NULL),
        ("null", yamlsafe.NULL),
        ("", yamlsafe.NULL),
    ],
)
def test_plain_scalars_resolve_by_the_yaml_1_2_core_schema(
    parser: str, text: str, tag: str
) -> None:
    errors: list[LocatedError] = []
    root = yamlsafe.compose(f"key: {text}\n", "f.yaml", errors)
    assert errors == []
    assert root is not None
    assert root.value[0][1].tag == tag


@pytest.mark.parametrize(
    ("text", "value"),
    [("010", 10), ("0o17", 15), ("0x1F", 31), ("-7", -7), ("+1", 1), ("1.5", 1.5), ("1e3", 1e3)],
)
def test_numbers_read_as_yaml_1_2_says(text: str, value: float) -> None:
    errors: list[LocatedError] = []
    root = yamlsafe.compose(f"key: {text}\n", "f.yaml", errors)
    assert root is not None
    assert yamlsafe.number(root.value[0][1]) == value


def test_a_number_with_hundreds_of_digits_is_an_error_not_a_crash() -> None:
    root = yamlsafe.compose(f"key: {'9' * 400}\n", "f.yaml", [])
    assert root is not None
    with pytest.raises(ValueError, match="is far too large a number"):
        yamlsafe.number(root.value[0][1])


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (
            "exercise: seated-twist\n    per_side: yes",
            "r.yaml:5:15: steps[0].per_side: yes is text in YAML 1.2: use true or false "
            "(write true)",
        ),
        (
            "exercise: seated-twist\n    per_side: Off",
            "r.yaml:5:15: steps[0].per_side: Off is text in YAML 1.2: use true or false "
            "(write false)",
        ),
        (
            "exercise: plank\n    hold: 1:30",
            "r.yaml:5:11: steps[0].hold: 1:30 is text in YAML 1.2, not a duration: write 1m30s",
        ),
        (
            "rest: 1:00:05",
            "r.yaml:4:11: steps[0].rest: 1:00:05 is text in YAML 1.2, not a duration: write 1h5s",
        ),
    ],
)
def test_yaml_1_1_forms_say_what_to_write(
    errors: LoadErrors, parser: str, step: str, expected: str
) -> None:
    assert errors(f"name: N\nkind: core\nsteps:\n  - {step}\n") == [expected]


def test_quoted_text_is_never_taken_for_a_yaml_1_1_form(errors: LoadErrors) -> None:
    (found,) = errors('name: N\nkind: core\nsteps:\n  - exercise: plank\n    hold: "1:30"\n')
    assert found.endswith('expected a duration like 30s, 2m or 1m30s, got "1:30"')


def test_the_therapy_on_and_off_keys_are_plain_keys(load: LoadText, parser: str) -> None:
    routine = load(
        """\
        name: N
        kind: therapy
        steps:
          - therapy: {mode: cold, on: 10m, off: 5m, bouts: 2}
          - therapy:
              mode: heat
              on: 20m
        """
    )
    first, second = routine.steps
    assert isinstance(first, TherapyStep) and isinstance(second, TherapyStep)
    assert (first.on, first.off, first.bouts) == (600, 300, 2)
    assert second.on == 1200


def test_true_and_false_are_the_booleans(load: LoadText) -> None:
    routine = load("name: N\nkind: core\nsteps:\n  - exercise: plank\n    per_side: TRUE\n")
    step = routine.steps[0]
    assert isinstance(step, ExerciseStep) and step.dose.per_side is True
