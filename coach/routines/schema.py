"""JSON Schema (draft 2020-12) of routine files and the exercise library, for editors.

`coach schema` prints the routine schema; yaml-language-server (VS Code's YAML
extension, Neovim, Helix…) then validates and completes routine files as you type.
It is generated from the declaration in `coach.routines.format`, so every key has
the title, description, type and range coach itself reads it with; the loader also
checks what a schema cannot (unknown exercise ids, ceilings that depend on other
fields), and its messages carry line and column.

Durations and amounts are strings with a pattern (a bare number of seconds or
millilitres is allowed too, with its range), each with a readable description and
`patternErrorMessage`/`errorMessage`, which yaml-language-server shows instead of a
type error. The step kinds are `anyOf` branches with a title each, so completion
offers them by name. Every exercise id carries the ids the library has as
`examples`, so an editor completes `exercise: ` with them (the ids a file defines
itself stay valid: the pattern decides). Only keywords that draft-07 tools understand
too are used ($defs is reached by plain JSON pointers), so older editor plug-ins read
it as well.

`coach schema` and docs/schema/ hold the built-in exercises' ids; the copy beside the
user's routines folder (`coach.routines.user_files.write_schema`) also holds the user's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coach.figures.format import FIGURE_ID_MARK
from coach.routines.fields import EXERCISE_ID_MARK, ROUTINE_ID_MARK
from coach.routines.format import EXERCISE, LIBRARY, PROGRAMME, ROUTINE, STAGE, STEPS

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_STEP_TITLES = {
    "exercise": "exercise step",
    "rest": "rest step",
    "breathe": "breathing step",
    "drink": "drink step",
    "therapy": "cold or heat step",
    "check_in": "pain check-in step",
}


def _step_branch(kind: str) -> dict[str, Any]:
    shape = STEPS[kind]
    branch = shape.object_schema()
    return {"title": _STEP_TITLES[kind], "description": shape[kind].help, **branch}


def _defs() -> dict[str, Any]:
    step = {"anyOf": [_step_branch(kind) for kind in STEPS]}
    if "pyramid" in STEPS["exercise"]:
        # A pyramid stands for reps and sets: never both in one step. Said as a value no
        # value matches (null typed, yet a text constant), so editors show this message
        # instead of "matches a schema that is not allowed".
        message = "Use either pyramid or reps and sets, not both: a pyramid gives each set's reps."
        never = {"type": "null", "const": "(not with a pyramid)", "errorMessage": message}
        exercise = step["anyOf"][0]
        exercise["if"] = {"required": ["pyramid"]}
        exercise["then"] = {
            "properties": {
                key: {
                    **never,
                    "title": exercise["properties"][key]["title"],
                    "description": message,
                }
                for key in ("reps", "sets")
            }
        }
    return {
        "step": step,
        "exercise": {
            "title": "exercise",
            "description": "An exercise of the library, by id.",
            **EXERCISE.object_schema(),
        },
        "exercises": {
            "type": "array",
            "items": {"$ref": "#/$defs/exercise"},
            "description": "Exercises, each with an id, a name, a target and 2 to 4 cues.",
        },
    }


def routine_schema(exercise_ids: Iterable[str] | None = None) -> dict[str, Any]:
    """The schema of one routine file; `exercise_ids` to complete (default: the built-ins)."""
    schema = {
        "$schema": DIALECT,
        "title": "coach routine",
        "description": "A routine for coach, the terminal back-care coach. See docs/routines.md.",
        **ROUTINE.object_schema(),
        "$defs": _defs(),
    }
    return _with_exercise_ids(schema, exercise_ids)


def _with_exercise_ids(
    schema: dict[str, Any],
    exercise_ids: Iterable[str] | None,
    routine_ids: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Every exercise (and routine) id's schema given the ids as `examples` (completion)."""
    if exercise_ids is None:
        from coach.routines.library import builtin_exercise_ids

        exercise_ids = builtin_exercise_ids()
    if routine_ids is None:
        from coach.routines.library import builtin_routine_ids

        routine_ids = builtin_routine_ids()
    known = sorted(set(exercise_ids))
    routines = sorted(set(routine_ids))
    from coach.figures.library import builtin_figures

    figures = sorted(builtin_figures())
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("$comment") == EXERCISE_ID_MARK:
                node["examples"] = known
            elif node.get("$comment") == ROUTINE_ID_MARK:
                node["examples"] = routines
            elif node.get("$comment") == FIGURE_ID_MARK:
                node["enum"] = figures  # `like:` names a built-in figure, nothing else
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return schema


def exercises_schema(exercise_ids: Iterable[str] | None = None) -> dict[str, Any]:
    """The schema of an exercise library file (exercises.yaml)."""
    properties = LIBRARY.properties()
    properties["exercises"] = {
        **properties["exercises"],
        "$ref": "#/$defs/exercises",
    }
    schema = {
        "$schema": DIALECT,
        "title": "coach exercise library",
        "description": "Exercises that coach routines refer to by id. See docs/routines.md.",
        "type": "object",
        "properties": properties,
        "required": ["exercises"],
        "additionalProperties": False,
        "$defs": _defs(),
    }
    return _with_exercise_ids(schema, exercise_ids)


def programme_schema(routine_ids: Iterable[str] | None = None) -> dict[str, Any]:
    """The schema of a programme file (`kind: programme`); `routine_ids` complete the days."""
    schema = {
        "$schema": DIALECT,
        "title": "coach programme",
        "description": "A programme of weeks for coach: stages of days naming routines, "
        "with the rules to move on. See docs/routines.md.",
        **PROGRAMME.object_schema(),
        "$defs": {"stage": {"title": "stage", **STAGE.object_schema()}},
    }
    return _with_exercise_ids(schema, [], routine_ids)


SCHEMAS = ("routine", "exercises", "programme")


def schema_json(
    which: str = "routine",
    exercise_ids: Iterable[str] | None = None,
    routine_ids: Iterable[str] | None = None,
) -> str:
    """`which` of SCHEMAS as JSON text."""
    import json

    if which == "exercises":
        schema = exercises_schema(exercise_ids)
    elif which == "programme":
        schema = programme_schema(routine_ids)
    else:
        schema = routine_schema(exercise_ids)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
