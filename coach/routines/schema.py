"""JSON Schema (draft 2020-12) of routine files and the exercise library, for editors.

`coach schema` prints the routine schema; yaml-language-server (VS Code's YAML
extension, Neovim, Helix…) then validates and completes routine files as you type.
It mirrors `coach.routines.loader`, which stays the authority: the loader also
checks what a schema cannot (unknown exercise ids, ceilings that depend on other
fields), and its messages carry line and column.

Only keywords that draft-07 tools understand too are used ($defs is reached by
plain JSON pointers), so older editor plug-ins read it as well.
"""

from __future__ import annotations

from typing import Any

from coach import ids
from coach.routines.loader import (
    BREATH_PATTERNS,
    DEFAULTS_KEYS,
    MAX_BOUTS,
    MAX_CUE_CHARS,
    MAX_DRINK_ML,
    MAX_NAME_CHARS,
    MAX_REPS,
    MAX_ROUNDS,
    MAX_SETS,
)
from coach.routines.model import FORMAT_VERSION, Kind

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_NUMBER = r"\d+(?:\.\d+)?"
# What coach.durations.parse_duration accepts: 30s, 2m, 1m30s, 1h, 1.5h, 45, " 2 m ".
_DURATION_BODY = (
    rf"\s*{_NUMBER}\s*"
    rf"|\s*(?=\d)(?:{_NUMBER}\s*[hH]\s*)?(?:{_NUMBER}\s*[mM](?![lL])\s*)?(?:{_NUMBER}\s*[sS]\s*)?"
)
DURATION_PATTERN = rf"^(?:{_DURATION_BODY})$"
INCREMENT_PATTERN = rf"^\+?(?:{_DURATION_BODY})$"
VOLUME_PATTERN = rf"^\s*{_NUMBER}\s*(?:[mM][lL]|[cC][lL]|[lL])?\s*$"
ID_PATTERN = rf"^{ids.PATTERN}$"
BREATH_PATTERN = rf"^{_NUMBER}(?:-{_NUMBER}){{1,3}}$"
EVERY_PATTERN = r"^\s*\d+\s*(?:d|days?|w|weeks?|D|W)\s*$"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {**schema, "description": description}


def _defs() -> dict[str, Any]:
    duration = {
        "anyOf": [
            {"type": "number", "minimum": 0, "maximum": 4 * 3600},
            {"type": "string", "pattern": DURATION_PATTERN},
        ],
        "description": "A duration: 30s, 2m, 1m30s, 1h, or a number of seconds (at most 4h).",
    }
    text = {"type": "string", "minLength": 1}
    texts = {
        "anyOf": [text, {"type": "array", "items": text}],
        "description": "A line of text, or a list of lines.",
    }
    cues = {
        "type": "array",
        "items": {"type": "string", "minLength": 1, "maxLength": MAX_CUE_CHARS},
        "minItems": 2,
        "maxItems": 4,
        "description": f"2 to 4 short cues (each under {MAX_CUE_CHARS} characters).",
    }
    dose_properties: dict[str, Any] = {
        "hold": _described(
            {"anyOf": [_ref("duration"), {"type": "null"}]},
            "How long to hold (each rep, when there are reps). null removes the library's hold.",
        ),
        "reps": _described(
            {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_REPS}, {"type": "null"}]},
            "Reps per set. Without a hold, the user presses space when done.",
        ),
        "sets": {"type": "integer", "minimum": 1, "maximum": MAX_SETS, "description": "Sets."},
        "pyramid": {
            "type": "array",
            "items": {"type": "integer", "minimum": 1, "maximum": MAX_REPS},
            "minItems": 1,
            "maxItems": MAX_SETS,
            "description": "Reps in each set, e.g. [6, 4, 2]; replaces reps and sets.",
        },
        "per_side": {"type": "boolean", "description": "Do it on the left, then on the right."},
        "rep_rest": _described(_ref("duration"), "Rest between reps."),
        "set_rest": _described(_ref("duration"), "Rest between sets (default: defaults.set_rest)."),
    }
    exercise_fields: dict[str, Any] = {
        "name": {**text, "maxLength": MAX_NAME_CHARS, "description": "The name shown."},
        "target": {**text, "description": "What it works, e.g. `low back, glutes`."},
        "cues": cues,
        "skip_if": _described(texts, "Who should skip it or take care."),
        "easier": _described(_ref("id"), "The id of an easier variant."),
        "description": {"type": "string", "description": "A short explanation."},
    }
    progression = {
        "type": "object",
        "description": "Grow the dose over time, e.g. {hold: +5s, every: 7d, max: 60s}.",
        "properties": {
            "hold": {
                "anyOf": [
                    {"type": "number", "exclusiveMinimum": 0, "maximum": 300},
                    {"type": "string", "pattern": INCREMENT_PATTERN},
                ],
                "description": "Seconds to add to the hold each period, e.g. +5s.",
            },
            "reps": {
                "type": "integer",
                "minimum": 1,
                "maximum": 50,
                "description": "Reps to add each period, e.g. +1.",
            },
            "every": {
                "anyOf": [
                    {"type": "integer", "minimum": 1, "maximum": 365},
                    {"type": "string", "pattern": EVERY_PATTERN},
                ],
                "description": "How often it grows: 7d, 2w, or a number of days.",
            },
            "max": {
                "anyOf": [{"type": "integer", "minimum": 1}, _ref("duration")],
                "description": "The ceiling: a duration for holds, a number for reps.",
            },
            "while_pain_below": {
                "type": "integer",
                "minimum": 1,
                "maximum": 10,
                "description": "Only grow in periods when pain stayed below this (0–10).",
            },
        },
        "required": ["every", "max"],
        "oneOf": [{"required": ["hold"]}, {"required": ["reps"]}],
        "additionalProperties": False,
    }
    common_step = {
        "name": {**text, "maxLength": MAX_NAME_CHARS, "description": "The name shown."},
        "note": {"type": "string", "description": "A line shown during the step."},
    }

    def step(
        key: str, value: dict[str, Any], extra: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {key: value, **common_step, **(extra or {})},
            "required": [key],
            "additionalProperties": False,
        }

    exercise_step = step(
        "exercise",
        _described(_ref("id"), "The id of an exercise from the library."),
        {
            **dose_properties,
            "progression": progression,
            **{k: v for k, v in exercise_fields.items() if k != "name"},
        },
    )
    breath_pattern = {
        "anyOf": [
            {"enum": list(BREATH_PATTERNS)},
            {"type": "string", "pattern": BREATH_PATTERN},
            {"type": "array", "items": _ref("duration"), "minItems": 2, "maxItems": 4},
        ],
        "description": (
            "box, 4-7-8, slow, or seconds of in-hold-out-hold like 4-7-8-0 or [4, 7, 8, 0]."
        ),
    }
    breathe = {
        "anyOf": [
            breath_pattern,
            {
                "type": "object",
                "properties": {
                    "pattern": breath_pattern,
                    "rounds": {"type": "integer", "minimum": 1, "maximum": MAX_ROUNDS},
                    "duration": _described(_ref("duration"), "Instead of rounds: about how long."),
                },
                "required": ["pattern"],
                "not": {"required": ["rounds", "duration"]},
                "additionalProperties": False,
            },
        ],
        "description": "A breathing pattern and rounds (default 4) or a duration.",
    }
    therapy_mode = {"enum": ["cold", "heat"]}
    therapy = {
        "anyOf": [
            therapy_mode,
            {
                "type": "object",
                "properties": {
                    "mode": therapy_mode,
                    "on": _described(_ref("duration"), "Each bout, at most 30m (default 15m)."),
                    "off": _described(_ref("duration"), "Off between bouts (default 20m)."),
                    "bouts": {"type": "integer", "minimum": 1, "maximum": MAX_BOUTS},
                    "cue": {"type": "string", "description": "Safety cue (default by mode)."},
                },
                "required": ["mode"],
                "additionalProperties": False,
            },
        ],
        "description": "Cold or heat in bouts, e.g. {mode: cold, on: 15m, off: 20m, bouts: 2}.",
    }
    steps = {
        "oneOf": [
            exercise_step,
            step("rest", _described(_ref("duration"), "A rest of this length.")),
            step("breathe", breathe),
            step(
                "drink",
                {
                    "anyOf": [
                        {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_DRINK_ML},
                        {"type": "string", "pattern": VOLUME_PATTERN},
                    ],
                    "description": "How much to drink: 250ml, 0.3l.",
                },
            ),
            step("therapy", therapy),
            step(
                "check_in",
                {"enum": ["before", "after"], "description": "Ask for pain 0–10."},
                {"prompt": {"type": "string", "description": "The question asked."}},
            ),
        ],
    }
    exercise = {
        "type": "object",
        "properties": {
            "id": _described(_ref("id"), f"The exercise's id: {ids.RULE}."),
            **exercise_fields,
            "dose": {
                "type": "object",
                "properties": dose_properties,
                "additionalProperties": False,
                "description": "The default dose; a routine step may change any part.",
            },
        },
        "required": ["id"],
        "additionalProperties": False,
    }
    return {
        "duration": duration,
        "id": {"type": "string", "pattern": ID_PATTERN},
        "text": text,
        "texts": texts,
        "step": steps,
        "exercise": exercise,
        "exercises": {"type": "array", "items": _ref("exercise")},
    }


def routine_schema() -> dict[str, Any]:
    """The schema of one routine file."""
    return {
        "$schema": DIALECT,
        "title": "coach routine",
        "description": "A routine for coach, the terminal back-care coach. See docs/routines.md.",
        "type": "object",
        "properties": {
            "version": {"const": FORMAT_VERSION, "description": "The format version."},
            "id": _described(_ref("id"), "Defaults to the file name without .yaml."),
            "name": {"type": "string", "minLength": 1, "maxLength": MAX_NAME_CHARS},
            "kind": {"enum": [k.value for k in Kind]},
            "description": {"type": "string"},
            "tags": _ref("texts"),
            "defaults": {
                "type": "object",
                "properties": {key: _ref("duration") for key in DEFAULTS_KEYS},
                "additionalProperties": False,
                "description": (
                    "get_ready (5s), rest between steps (0s), set_rest (30s), switch_sides (5s)."
                ),
            },
            "steps": {"type": "array", "items": _ref("step"), "minItems": 1},
            "exercises": _described(
                _ref("exercises"), "Exercises for this routine only (added or changed)."
            ),
            "author": {"type": "string"},
            "prescribed_by": {"type": "string"},
            "notes": {"type": "string"},
        },
        "required": ["name", "kind", "steps"],
        "additionalProperties": False,
        "$defs": _defs(),
    }


def exercises_schema() -> dict[str, Any]:
    """The schema of an exercise library file (exercises.yaml)."""
    return {
        "$schema": DIALECT,
        "title": "coach exercise library",
        "description": "Exercises that coach routines refer to by id. See docs/routines.md.",
        "type": "object",
        "properties": {
            "version": {"const": FORMAT_VERSION},
            "exercises": _ref("exercises"),
        },
        "required": ["exercises"],
        "additionalProperties": False,
        "$defs": _defs(),
    }


def schema_json(which: str = "routine") -> str:
    import json

    schema = exercises_schema() if which == "exercises" else routine_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
