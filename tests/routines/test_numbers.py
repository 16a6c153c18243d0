# ruff: noqa: E501  (one YAML template a line reads better than wrapped strings)
"""Numbers never crash: huge, tiny, NaN, negative and infinite values in every duration,
amount and count field of routine and config files give located errors (or load
within the limits), never OverflowError or a traceback (issue 19)."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.config import parse_config_text
from coach.config.settings import SECTIONS
from coach.errors import InvalidFile
from coach.routines.library import load_library
from coach.routines.loader import load_routine_text, read_exercises_text
from coach.routines.timing import estimated_seconds

EXERCISES = load_library().exercises

ROUTINE_FIELDS = {
    "defaults.get_ready": "defaults: {{get_ready: {v}}}\nsteps: [{{rest: 5s}}]",
    "defaults.set_rest": "defaults: {{set_rest: {v}}}\nsteps: [{{rest: 5s}}]",
    "hold": "steps:\n  - exercise: plank\n    hold: {v}",
    "reps": "steps:\n  - exercise: cat-cow\n    reps: {v}",
    "sets": "steps:\n  - exercise: plank\n    sets: {v}",
    "rep_rest": "steps:\n  - exercise: cat-cow\n    rep_rest: {v}",
    "set_rest": "steps:\n  - exercise: plank\n    set_rest: {v}",
    "pyramid": "steps:\n  - exercise: curl-up\n    pyramid: [{v}, 2]",
    "progression.hold": "steps:\n  - exercise: plank\n    progression: {{hold: {v}, every: 7d, max: 1m}}",
    "progression.reps": "steps:\n  - exercise: cat-cow\n    reps: 5\n    progression: {{reps: {v}, every: 7d, max: 9}}",
    "progression.every": "steps:\n  - exercise: plank\n    progression: {{hold: 5s, every: {v}, max: 1m}}",
    "progression.max": "steps:\n  - exercise: plank\n    progression: {{hold: 5s, every: 7d, max: {v}}}",
    "progression.while_pain_below": "steps:\n  - exercise: plank\n    progression: {{hold: 5s, every: 7d, max: 1m, while_pain_below: {v}}}",
    "rest": "steps: [{{rest: {v}}}]",
    "drink": "steps: [{{drink: {v}}}]",
    "breathe.pattern": "steps: [{{breathe: {{pattern: [{v}, 4]}}}}]",
    "breathe.pattern_text": "steps: [{{breathe: {v}-4}}]",
    "breathe.rounds": "steps: [{{breathe: {{pattern: box, rounds: {v}}}}}]",
    "breathe.duration": "steps: [{{breathe: {{pattern: box, duration: {v}}}}}]",
    "therapy.on": "steps: [{{therapy: {{mode: cold, on: {v}}}}}]",
    "therapy.off": "steps: [{{therapy: {{mode: cold, off: {v}}}}}]",
    "therapy.bouts": "steps: [{{therapy: {{mode: cold, bouts: {v}}}}}]",
}

ABSURD = [
    "9" * 400,
    "9" * 400 + "s",
    "9" * 400 + "ml",
    "9" * 400 + "h",
    "-" + "9" * 400,
    "9" * 5000,
    "1e400",
    "1e-300",
    "0.0000001",
    "0.0000001ml",
    ".nan",
    ".inf",
    "-.inf",
    "-1",
    "0",
    "+1",
    "0x" + "f" * 300,
    "1:30",
    "yes",
]

values = st.one_of(
    st.sampled_from(ABSURD),
    st.integers().map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.builds(
        lambda n, unit: f"{n}{unit}",
        st.integers(0, 10**400),
        st.sampled_from(["s", "m", "h", "ml", "l", "d", "w", ""]),
    ),
)


def check_routine(template: str, value: str) -> None:
    text = "name: N\nkind: core\n" + template.format(v=value) + "\n"
    try:
        routine = load_routine_text(text, "r.yaml", EXERCISES)
    except InvalidFile as error:
        assert error.errors
        for problem in error.errors:
            assert problem.location.path == "r.yaml" and problem.location.line >= 1
            assert len(str(problem)) < 400, "an error quotes at most a short excerpt"
        return
    total = estimated_seconds(routine)
    assert math.isfinite(total) and total >= 0


@pytest.mark.parametrize("field", list(ROUTINE_FIELDS))
@pytest.mark.parametrize("value", ABSURD)
def test_absurd_numbers_in_every_routine_field(field: str, value: str) -> None:
    check_routine(ROUTINE_FIELDS[field], value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(ROUTINE_FIELDS)), values)
def test_any_number_in_any_routine_field(field: str, value: str) -> None:
    check_routine(ROUTINE_FIELDS[field], value)


@pytest.mark.parametrize("value", ABSURD)
def test_absurd_numbers_in_an_exercise_library(value: str) -> None:
    text = f"exercises:\n  - id: x\n    name: X\n    target: t\n    cues: [a, b]\n    dose: {{hold: {value}, reps: {value}}}\n"
    _, error = read_exercises_text(text, "e.yaml")
    if error is not None:
        assert all(e.location.line for e in error.errors)


CONFIG_FIELDS = [
    (section.name, setting.key) for section in SECTIONS for setting in section.settings
]


def check_config(section: str, key: str, value: str) -> None:
    config, error = parse_config_text(f"{section}:\n  {key}: {value}\n", "config.yaml")
    if error is not None:
        assert all(e.location.line == 2 for e in error.errors), error
        assert all(len(str(e)) < 400 for e in error.errors)
    for number in (config.sitting_interval, config.water_goal_ml, config.glass_ml, config.volume):
        assert math.isfinite(number)


@pytest.mark.parametrize(("section", "key"), CONFIG_FIELDS)
@pytest.mark.parametrize("value", ABSURD)
def test_absurd_numbers_in_every_config_setting(section: str, key: str, value: str) -> None:
    check_config(section, key, value)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CONFIG_FIELDS), values)
def test_any_number_in_any_config_setting(field: tuple[str, str], value: str) -> None:
    check_config(*field, value)
