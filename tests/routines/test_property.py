"""Thousands of mutated routine documents: the loader returns a routine or raises
InvalidFile with located errors, nothing else, and what it returns the engine can plan."""

from __future__ import annotations

import copy
import math
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.errors import InvalidFile
from coach.routines.describe import step_detail
from coach.routines.format import STEPS
from coach.routines.library import load_library
from coach.routines.loader import load_routine_text
from coach.routines.model import Routine
from coach.routines.timing import estimated_seconds
from coach.session.plan import build_plan

EXERCISES = load_library().exercises

VALID: list[dict[str, Any]] = [
    {
        "version": 1,
        "name": "All kinds",
        "kind": "mixed",
        "description": "Every step kind.",
        "tags": ["a", "b"],
        "defaults": {"get_ready": "5s", "rest": "5s", "set_rest": "30s", "switch_sides": "5s"},
        "steps": [
            {"check_in": "before"},
            {"exercise": "chin-tuck", "reps": 8, "hold": "3s", "rep_rest": "1s"},
            {"exercise": "seated-twist", "hold": "20s", "per_side": True},
            {
                "exercise": "curl-up",
                "pyramid": [6, 4, 2],
                "hold": "10s",
                "set_rest": "30s",
                "progression": {"reps": 1, "every": "14d", "max": 10, "while_pain_below": 4},
            },
            {"exercise": "plank", "name": "Knees", "hold": 20, "sets": 3, "cues": ["a", "b"]},
            {"rest": "30s", "note": "Breathe."},
            {"breathe": {"pattern": "box", "rounds": 4}},
            {"breathe": {"pattern": [4, 7, 8, 0], "duration": "1m"}},
            {"drink": "250ml"},
            {"therapy": {"mode": "cold", "on": "15m", "off": "20m", "bouts": 2}},
            {"check_in": "after", "prompt": "And now?"},
        ],
    },
    {
        "name": "Own exercises",
        "kind": "core",
        "exercises": [
            {
                "id": "hop",
                "name": "Hop",
                "target": "legs",
                "cues": ["Up.", "Down."],
                "dose": {"reps": 10},
                "easier": "chin-tuck",
            }
        ],
        "steps": [{"exercise": "hop"}, {"breathe": "4-7-8"}, {"therapy": "heat"}],
    },
]

KEYS = sorted({key for shape in STEPS.values() for key in shape.keys} | {"name", "kind", "steps"})

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["30s", "-5s", "5h", "1m30s", "abc", "", "250ml", "box", "cold", "before"]),
    st.sampled_from(["chin-tuck", "nope", "4-7-8-0", "+5s", "7d", "1:30", "~", "yes", "0x1f"]),
    st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


def containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths to every dict and list in the document, the root included."""
    found = [path] if isinstance(node, dict | list) else []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in items:
        found += containers(child, (*path, key))
    return found


def at(document: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        document = document[key]
    return document


@st.composite
def mutated(draw: st.DrawFn) -> str:
    document = copy.deepcopy(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 4))):
        target = at(document, draw(st.sampled_from(containers(document))))
        operation = draw(st.sampled_from(["drop", "rename", "replace", "insert", "swap"]))
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target, key=str)))
            if operation == "drop":
                del target[key]
            elif operation == "rename":
                target[draw(st.sampled_from(KEYS) | st.text(max_size=8))] = target.pop(key)
            elif operation == "swap":
                old = target[key]
                target[key] = [old] if not isinstance(old, list) else {"x": old}
            else:
                target[key if operation == "replace" else draw(st.sampled_from(KEYS))] = draw(
                    values
                )
        elif isinstance(target, list):
            if target and operation == "drop":
                del target[draw(st.integers(0, len(target) - 1))]
            elif target and operation in ("replace", "swap"):
                target[draw(st.integers(0, len(target) - 1))] = draw(values)
            else:
                target.insert(draw(st.integers(0, len(target))), draw(values))
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False)
    if draw(st.integers(0, 3)) == 0:  # sometimes damage the text itself: garbage in, or a cut
        position = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:position] + draw(st.text(max_size=6)) + text[position:]
        else:
            text = text[:position]
    return text


def check(text: str) -> None:
    try:
        routine = load_routine_text(text, "r.yaml", EXERCISES)
    except InvalidFile as error:
        assert error.errors, "an InvalidFile always says what is wrong"
        for located in error.errors:
            assert located.location.path == "r.yaml"
            assert located.location.line >= 0 and located.location.column >= 0
            assert located.message
        return
    assert isinstance(routine, Routine)
    assert routine.steps
    plan = build_plan(routine)  # never "a step with nothing to do"
    assert math.isfinite(plan.estimated_seconds) and plan.estimated_seconds > 0
    assert estimated_seconds(routine) == plan.estimated_seconds
    for step in routine.steps:
        assert isinstance(step_detail(step, routine.defaults), str)


def test_the_valid_documents_are_valid() -> None:
    for document in VALID:
        check(yaml.safe_dump(document))
        load_routine_text(yaml.safe_dump(document), "r.yaml", EXERCISES)


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_mutated_documents_load_or_fail_with_located_errors(text: str) -> None:
    check(text)


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.sampled_from(list("-:[]{},&*!|>'\"#? \n\tabc0123456789")), max_size=80))
def test_random_yaml_like_text_never_escapes(text: str) -> None:
    check(text)
