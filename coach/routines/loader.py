"""Routine and exercise-library YAML → the model, with every problem located.

The YAML is composed into nodes (which keep their line and column) with libyaml's
C loader where available, and the nodes are walked here by hand, so every problem
becomes a `LocatedError` (`path:line:column: field: message`) and all problems of a
file are reported together in one `InvalidFile`. Nothing is ever constructed from
tags: only plain scalars, lists and mappings are accepted (no Python objects).

Guards against hostile or broken files run before the walk: size (1 MB), encoding
(UTF-8), control characters, nesting depth and the number of nodes once aliases are
expanded (a "billion laughs" file composes into a small graph but would expand into
billions of values if walked naively).

The format is described in docs/routines.md; `coach.routines.schema` mirrors it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coach import ids, yamlsafe
from coach.durations import format_duration, parse_duration, parse_volume
from coach.errors import InvalidFile, LocatedError, Location, did_you_mean, excerpt
from coach.routines.model import (
    FORMAT_VERSION,
    BreathingStep,
    BreathPattern,
    CheckInStep,
    Defaults,
    Dose,
    Exercise,
    ExerciseStep,
    HydrationStep,
    Kind,
    Progression,
    RestStep,
    Routine,
    Step,
    TherapyStep,
)

MAX_SECONDS = 4 * 3600.0  # any single duration above this is a typo, not a plan

MAX_REPS = 500
MAX_SETS = 20
MAX_ROUNDS = 200
MAX_BOUTS = 4
MAX_THERAPY_ON = 30 * 60.0  # longer on the skin risks cold or heat burns
MAX_DRINK_ML = 1000
MAX_CUE_CHARS = 100
MAX_NAME_CHARS = 80
DEFAULT_BREATH_ROUNDS = 4

_STR, _INT, _FLOAT, _BOOL = yamlsafe.STR, yamlsafe.INT, yamlsafe.FLOAT, yamlsafe.BOOL

ROUTINE_KEYS = (
    "version",
    "id",
    "name",
    "kind",
    "description",
    "tags",
    "defaults",
    "steps",
    "exercises",
    "author",
    "prescribed_by",
    "notes",
)
DEFAULTS_KEYS = ("get_ready", "rest", "set_rest", "switch_sides")
DOSE_KEYS = ("hold", "reps", "sets", "pyramid", "per_side", "rep_rest", "set_rest")
EXERCISE_TEXT_KEYS = ("name", "target", "description")
EXERCISE_KEYS = ("id", "name", "target", "cues", "skip_if", "dose", "easier", "description")
LIBRARY_KEYS = ("version", "exercises")
STEP_KINDS = ("exercise", "rest", "breathe", "drink", "therapy", "check_in")
_COMMON_STEP_KEYS = ("name", "note")
STEP_KEYS: dict[str, tuple[str, ...]] = {
    "exercise": (
        "exercise",
        *DOSE_KEYS,
        "progression",
        "target",
        "cues",
        "skip_if",
        "easier",
        "description",
        *_COMMON_STEP_KEYS,
    ),
    "rest": ("rest", *_COMMON_STEP_KEYS),
    "breathe": ("breathe", *_COMMON_STEP_KEYS),
    "drink": ("drink", *_COMMON_STEP_KEYS),
    "therapy": ("therapy", *_COMMON_STEP_KEYS),
    "check_in": ("check_in", "prompt", *_COMMON_STEP_KEYS),
}
BREATHE_KEYS = ("pattern", "rounds", "duration")
THERAPY_KEYS = ("mode", "on", "off", "bouts", "cue")
PROGRESSION_KEYS = ("hold", "reps", "every", "max", "while_pain_below")


@dataclass(frozen=True)
class NamedPattern:
    pattern: BreathPattern
    step_name: str


BREATH_PATTERNS: dict[str, NamedPattern] = {
    "box": NamedPattern(BreathPattern(4, 4, 4, 4, "box 4-4-4-4"), "Box breathing"),
    "4-7-8": NamedPattern(BreathPattern(4, 7, 8, 0, "4-7-8"), "4-7-8 breathing"),
    "slow": NamedPattern(BreathPattern(5, 0, 5, 0, "slow 5-5"), "Slow breathing"),
}
BREATH_PHASE_MAX = 60.0

THERAPY_CUES: dict[str, str] = {
    "cold": (
        "Wrap the cold pack in a thin towel: ice never touches bare skin. "
        "Take it off if the skin goes numb, blotchy or blisters."
    ),
    "heat": (
        "Warm, not hot, with a cloth between pack and skin; never fall asleep on it. "
        "Take it off if the skin turns bright red or blisters."
    ),
}
THERAPY_DEFAULT_ON = 15 * 60.0
THERAPY_DEFAULT_OFF = 20 * 60.0

CHECK_IN_PROMPTS: dict[str, str] = {
    "before": "Before you start: how is your back? 0 = no pain, 10 = worst imaginable.",
    "after": "How is your back now? 0 = no pain, 10 = worst imaginable.",
}

# --------------------------------------------------------------------------- public API


def load_routine_file(
    path: Path, exercises: Mapping[str, Exercise], *, builtin: bool = False
) -> Routine:
    """The routine in `path`; its id is the file stem unless the file sets `id`.

    Raises InvalidFile with every problem found.
    """
    text = read_text(path)
    return load_routine_text(text, str(path), exercises, builtin=builtin)


def load_routine_text(
    text: str, path: str, exercises: Mapping[str, Exercise], *, builtin: bool = False
) -> Routine:
    """Parse routine YAML `text`; `path` names it in errors and gives the default id."""
    reader = _Reader(path)
    root = reader.compose(text)
    routine = None
    if root is not None:
        routine = _RoutineParser(reader, exercises, builtin).parse(root)
    if reader.errors or routine is None:
        raise reader.invalid()
    return routine


def load_exercises_file(
    path: Path, base: Mapping[str, Exercise] | None = None
) -> dict[str, Exercise]:
    """The exercise library in `path`, laid over `base` (entries there may be partial)."""
    return load_exercises_text(read_text(path), str(path), base)


def load_exercises_text(
    text: str, path: str, base: Mapping[str, Exercise] | None = None
) -> dict[str, Exercise]:
    exercises, error = read_exercises_text(text, path, base)
    if error is not None:
        raise error
    return exercises


def read_exercises_text(
    text: str, path: str, base: Mapping[str, Exercise] | None = None
) -> tuple[dict[str, Exercise], InvalidFile | None]:
    """Like `load_exercises_text`, but keeps every valid entry when others are broken.

    A broken entry in a library must not take every routine that does not use it down.
    """
    reader = _Reader(path)
    merged = dict(base or {})
    root = reader.compose(text)
    if root is not None:
        merged = _parse_library(reader, root, merged)
    return merged, (reader.invalid() if reader.errors else None)


def read_text(path: Path) -> str:
    """The file's text, refusing files over 1 MB and files that are not UTF-8."""
    return yamlsafe.read_text(path)


# --------------------------------------------------------------------------- the node reader


class _Reader:
    """Collects located errors while reading nodes; each getter returns None on a problem."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[LocatedError] = []

    def invalid(self) -> InvalidFile:
        errors = sorted(self.errors, key=lambda e: (e.location.line, e.location.column))
        return InvalidFile(self.path, errors)

    def at(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def fail(self, node: Node | None, field: str, message: str) -> None:
        location = self.at(node) if node is not None else Location(self.path, 1, 1)
        self.errors.append(LocatedError(location, message, field))

    def fail_at(self, line: int, column: int, message: str) -> None:
        self.errors.append(LocatedError(Location(self.path, line, column), message))

    # -- composing and guarding

    def compose(self, text: str) -> Node | None:
        """The root node, or None (with errors) when the text cannot be read safely."""
        return yamlsafe.compose(text, self.path, self.errors)

    # -- structure

    def mapping(
        self, node: Node, field: str, keys: Collection[str], what: str
    ) -> dict[str, tuple[Node, Node]] | None:
        """The entries of a mapping node; unknown and repeated keys are reported."""
        if not isinstance(node, MappingNode):
            self.fail(node, field, f"expected {what}, got {_describe(node)}")
            return None
        entries: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, field, "expected a plain name as a key")
                continue
            name = str(key_node.value)
            path = _join(field, name)
            if name in entries:
                line = entries[name][0].start_mark.line + 1
                self.fail(key_node, path, f"is set twice (first on line {line}); keep one")
                continue
            if name == "<<":
                self.fail(key_node, path, "merge keys (<<) are not supported; write the keys out")
                continue
            if name not in keys:
                self.fail(key_node, path, f"unknown key{did_you_mean(name, tuple(keys))}")
                continue
            entries[name] = (key_node, value_node)
        return entries

    def sequence(self, node: Node, field: str, what: str) -> list[Node] | None:
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.fail(node, field, f"expected {what}, got {_describe(node)}")
        return None

    # -- scalars

    def text(self, node: Node, field: str, *, max_chars: int = 4000) -> str | None:
        if not isinstance(node, ScalarNode) or _is_null(node):
            self.fail(node, field, f"expected text, got {_describe(node)}")
            return None
        value = str(node.value).strip()
        if not value:
            self.fail(node, field, "is empty")
            return None
        if len(value) > max_chars:
            self.fail(node, field, f"is {len(value)} characters long; keep it under {max_chars}")
            return None
        return value

    def optional_text(self, node: Node, field: str) -> str | None:
        """Text where an empty value means none; None only on a problem."""
        if isinstance(node, ScalarNode) and (_is_null(node) or not str(node.value).strip()):
            return ""
        return self.text(node, field)

    def texts(self, node: Node, field: str, *, max_chars: int = 200) -> tuple[str, ...] | None:
        """A list of text (a single text is a list of one)."""
        if isinstance(node, ScalarNode):
            if _is_null(node):
                return ()
            value = self.text(node, field, max_chars=max_chars)
            return None if value is None else (value,)
        items = self.sequence(node, field, "a list of text")
        if items is None:
            return None
        values = [
            self.text(item, f"{field}[{i}]", max_chars=max_chars) for i, item in enumerate(items)
        ]
        if any(value is None for value in values):
            return None
        return tuple(v for v in values if v is not None)

    def identifier(self, node: Node, field: str, what: str) -> str | None:
        value = self.text(node, field, max_chars=64)
        if value is None:
            return None
        problem = ids.id_problem(value, what, "chin-tuck" if what == "exercise" else "my-break")
        if problem is not None:
            self.fail(node, field, problem)
            return None
        return value

    def integer(self, node: Node, field: str, low: int, high: int, what: str = "") -> int | None:
        what = what or "a whole number"
        if not isinstance(node, ScalarNode) or node.tag != _INT:
            self.fail(node, field, f"expected {what}, got {_describe(node)}")
            return None
        try:
            value = int(yamlsafe.number(node))
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            self.fail(node, field, f"must be between {low} and {high}, got {_shown(node)}")
            return None
        return value

    def boolean(self, node: Node, field: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != _BOOL:
            message = yamlsafe.yaml11_bool_message(node)
            self.fail(node, field, message or f"expected true or false, got {_describe(node)}")
            return None
        return str(node.value).lower() == "true"

    def duration(
        self,
        node: Node,
        field: str,
        *,
        allow_zero: bool = True,
        maximum: float = MAX_SECONDS,
        why: str = "that cannot be right",
    ) -> float | None:
        value = self._duration_value(node, field)
        if value is None:
            return None
        if not allow_zero and value == 0:
            self.fail(node, field, "must be longer than 0s")
            return None
        if value > maximum:
            self.fail(
                node,
                field,
                f"{_shown(node)} is longer than {format_duration(maximum)}; {why}",
            )
            return None
        return value

    def _duration_value(self, node: Node, field: str) -> float | None:
        if not isinstance(node, ScalarNode) or node.tag not in (_STR, _INT, _FLOAT):
            self.fail(
                node, field, f"expected a duration like 30s, 2m or 1m30s, got {_describe(node)}"
            )
            return None
        base60 = yamlsafe.yaml11_duration_message(node)
        if base60 is not None:
            self.fail(node, field, base60)
            return None
        raw: object = node.value
        try:
            if node.tag in (_INT, _FLOAT):
                raw = yamlsafe.number(node)
            if isinstance(raw, float) and math.isnan(raw):
                self.fail(node, field, f"expected a duration like 30s, got {_shown(node)}")
                return None
            if isinstance(raw, float) and math.isinf(raw) and raw > 0:
                return raw  # said as "longer than" the field's limit
            return parse_duration(raw)
        except ValueError as error:
            self.fail(node, field, str(error))
            return None

    def choice(self, node: Node, field: str, choices: Collection[str]) -> str | None:
        listed = ", ".join(choices)
        if not isinstance(node, ScalarNode) or _is_null(node):
            self.fail(node, field, f"expected one of {listed}, got {_describe(node)}")
            return None
        value = str(node.value).strip()
        if value not in choices:
            hint = did_you_mean(value, tuple(choices))
            self.fail(node, field, f'"{value}" is not one of {listed}{hint}')
            return None
        return value

    def required(
        self, entries: dict[str, tuple[Node, Node]], node: Node, field: str, key: str, why: str
    ) -> Node | None:
        if key in entries:
            return entries[key][1]
        self.fail(node, _join(field, key), f"missing; {why}")
        return None


def _mode(mode: str) -> Literal["cold", "heat"]:
    return "cold" if mode == "cold" else "heat"


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


_is_null = yamlsafe.is_null


def _describe(node: Node) -> str:
    """How a value looks to a user, for "expected X, got Y"."""
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    if _is_null(node):
        return "nothing"
    if node.tag == _BOOL:
        return f"{node.value} (true/false)"
    if node.tag in (_INT, _FLOAT):
        return str(node.value)
    return f'"{node.value}"'


def _shown(node: Node) -> str:
    return excerpt(node.value) if isinstance(node, ScalarNode) else _describe(node)


# --------------------------------------------------------------------------- doses


@dataclass
class _DosePatch:
    """The dose fields a library entry or a step sets; `None` in hold/reps clears them."""

    values: dict[str, Any]

    def apply(self, base: Dose) -> Dose:
        values = dict(self.values)
        # A pyramid replaces reps and sets and the other way round, so a step can
        # switch an exercise's "10 reps × 2 sets" to "6-4-2" without undoing both.
        if "pyramid" in values:
            values.setdefault("reps", None)
            values.setdefault("sets", 1)
        elif "reps" in values or "sets" in values:
            values["pyramid"] = ()
        return replace(base, **values)


def _read_dose(
    reader: _Reader, entries: Mapping[str, tuple[Node, Node]], field: str
) -> _DosePatch | None:
    values: dict[str, Any] = {}
    ok = True
    for key in DOSE_KEYS:
        if key not in entries:
            continue
        node = entries[key][1]
        path = _join(field, key)
        value: Any
        if key == "hold":
            value = None if _is_null(node) else reader.duration(node, path, allow_zero=False)
            ok = ok and (value is not None or _is_null(node))
        elif key == "reps":
            value = None if _is_null(node) else reader.integer(node, path, 1, MAX_REPS)
            ok = ok and (value is not None or _is_null(node))
        elif key == "sets":
            value = reader.integer(node, path, 1, MAX_SETS)
            ok = ok and value is not None
        elif key == "pyramid":
            value = _read_pyramid(reader, node, path)
            ok = ok and value is not None
        elif key == "per_side":
            value = reader.boolean(node, path)
            ok = ok and value is not None
        else:  # rep_rest, set_rest
            value = reader.duration(node, path)
            ok = ok and value is not None
        values[key] = value
    if "pyramid" in entries:
        for other in ("reps", "sets"):
            if other in entries:
                key_node = entries[other][0]
                message = "use either pyramid or reps and sets, not both"
                reader.fail(key_node, _join(field, other), message)
                ok = False
    return _DosePatch(values) if ok else None


def _read_pyramid(reader: _Reader, node: Node, field: str) -> tuple[int, ...] | None:
    items = reader.sequence(node, field, "a list of reps per set, like [6, 4, 2]")
    if items is None:
        return None
    if not 1 <= len(items) <= MAX_SETS:
        reader.fail(node, field, f"needs 1 to {MAX_SETS} sets, got {len(items)}")
        return None
    reps = [
        reader.integer(item, f"{field}[{i}]", 1, MAX_REPS, "a number of reps")
        for i, item in enumerate(items)
    ]
    if any(r is None for r in reps):
        return None
    return tuple(r for r in reps if r is not None)


# --------------------------------------------------------------------------- exercises


def _parse_library(reader: _Reader, root: Node, merged: dict[str, Exercise]) -> dict[str, Exercise]:
    entries = reader.mapping(root, "", LIBRARY_KEYS, "a mapping with `exercises:`")
    if entries is None:
        return merged
    if "version" in entries:
        _check_version(reader, entries["version"][1])
    node = reader.required(entries, root, "", "exercises", "list the exercises under it")
    if node is None:
        return merged
    return _read_exercise_list(reader, node, "exercises", merged)


def _read_exercise_list(
    reader: _Reader,
    node: Node,
    field: str,
    base: Mapping[str, Exercise],
    broken: set[str] | None = None,
) -> dict[str, Exercise]:
    """`base` with the entries of the list laid over it; checks `easier` links at the end.

    Ids of entries that failed go into `broken`, so steps using them add no second error.
    """
    merged = dict(base)
    if _is_null(node):
        return merged
    items = reader.sequence(node, field, "a list of exercises (lines starting with `- id:`)")
    if items is None:
        return merged
    seen: dict[str, int] = {}
    easier_links: list[tuple[str, Node, str]] = []
    for index, item in enumerate(items):
        path = f"{field}[{index}]"
        entries = reader.mapping(item, path, EXERCISE_KEYS, "an exercise (id, name, target, cues…)")
        if entries is None:
            continue
        id_node = reader.required(entries, item, path, "id", "every exercise needs an id")
        if id_node is None:
            continue
        exercise_id = reader.identifier(id_node, f"{path}.id", "exercise")
        if exercise_id is None:
            continue
        if exercise_id in seen:
            reader.fail(
                id_node,
                f"{path}.id",
                f'"{exercise_id}" is already used by {field}[{seen[exercise_id]}]; '
                "ids must be unique",
            )
            continue
        seen[exercise_id] = index
        exercise = _read_exercise(reader, item, entries, path, exercise_id, merged.get(exercise_id))
        if exercise is None and broken is not None:
            broken.add(exercise_id)
        if exercise is not None:
            merged[exercise_id] = exercise
            if "easier" in entries and exercise.easier:
                easier_links.append((exercise_id, entries["easier"][1], f"{path}.easier"))
    for exercise_id, easier_node, path in easier_links:
        _check_easier(reader, exercise_id, merged[exercise_id].easier, easier_node, path, merged)
    return merged


def _read_exercise(
    reader: _Reader,
    node: Node,
    entries: dict[str, tuple[Node, Node]],
    field: str,
    exercise_id: str,
    existing: Exercise | None,
) -> Exercise | None:
    """One library entry; an id the base already has may give only the fields it changes."""
    ok = True
    values: dict[str, Any] = {}
    for key in ("name", "target"):
        if key in entries:
            limit = MAX_NAME_CHARS if key == "name" else 200
            values[key] = reader.text(entries[key][1], _join(field, key), max_chars=limit)
            ok = ok and values[key] is not None
        elif existing is None:
            reader.fail(node, _join(field, key), f"missing; every exercise needs a {key}")
            ok = False
    if "cues" in entries:
        values["cues"] = _read_cues(reader, entries["cues"][1], _join(field, "cues"))
        ok = ok and values["cues"] is not None
    elif existing is None:
        reader.fail(node, _join(field, "cues"), "missing; give 2 to 4 short cues")
        ok = False
    if "skip_if" in entries:
        values["skip_if"] = reader.texts(entries["skip_if"][1], _join(field, "skip_if"))
        ok = ok and values["skip_if"] is not None
    if "description" in entries:
        values["description"] = reader.optional_text(
            entries["description"][1], _join(field, "description")
        )
        ok = ok and values["description"] is not None
    if "easier" in entries:
        easier_node = entries["easier"][1]
        if _is_null(easier_node):
            values["easier"] = None
        else:
            values["easier"] = reader.identifier(easier_node, _join(field, "easier"), "exercise")
            ok = ok and values["easier"] is not None
    dose = existing.dose if existing is not None else Dose()
    if "dose" in entries:
        dose_node = entries["dose"][1]
        dose_field = _join(field, "dose")
        dose_entries = reader.mapping(dose_node, dose_field, DOSE_KEYS, "a dose (hold, reps…)")
        patch = None if dose_entries is None else _read_dose(reader, dose_entries, dose_field)
        if patch is None:
            ok = False
        else:
            dose = patch.apply(dose)
    if not ok:
        return None
    if existing is not None:
        return replace(existing, dose=dose, **values)
    return Exercise(id=exercise_id, dose=dose, **values)


def _read_cues(reader: _Reader, node: Node, field: str) -> tuple[str, ...] | None:
    cues = reader.texts(node, field, max_chars=MAX_CUE_CHARS)
    if cues is None:
        return None
    if not 2 <= len(cues) <= 4:
        reader.fail(node, field, f"give 2 to 4 short cues, got {len(cues)}")
        return None
    return cues


def _check_easier(
    reader: _Reader,
    exercise_id: str,
    easier: str | None,
    node: Node,
    field: str,
    exercises: Mapping[str, Exercise],
) -> None:
    if easier is None:
        return
    if easier == exercise_id:
        reader.fail(node, field, "an exercise cannot be its own easier variant")
    elif easier not in exercises:
        hint = did_you_mean(easier, tuple(exercises))
        reader.fail(node, field, f'unknown exercise "{easier}"{hint}')


def _check_version(reader: _Reader, node: Node) -> None:
    version = reader.integer(node, "version", 1, 10_000, "a format version number")
    if version is not None and version != FORMAT_VERSION:
        reader.fail(
            node,
            "version",
            f"format version {version} is not one this coach reads (it reads {FORMAT_VERSION})",
        )


# --------------------------------------------------------------------------- routines


class _RoutineParser:
    def __init__(self, reader: _Reader, exercises: Mapping[str, Exercise], builtin: bool) -> None:
        self.reader = reader
        self.exercises: Mapping[str, Exercise] = exercises
        self.builtin = builtin
        self.broken: set[str] = set()  # the routine's own exercises that failed to load

    def parse(self, root: Node) -> Routine | None:
        reader = self.reader
        entries = reader.mapping(root, "", ROUTINE_KEYS, "a routine: name, kind, steps and so on")
        if entries is None:
            return None
        values: dict[str, Any] = {}
        if "version" in entries:
            _check_version(reader, entries["version"][1])
        routine_id: str | None = Path(reader.path).stem
        if "id" in entries:
            routine_id = reader.identifier(entries["id"][1], "id", "routine")
        name_node = reader.required(entries, root, "", "name", "every routine needs a name")
        name = (
            None if name_node is None else reader.text(name_node, "name", max_chars=MAX_NAME_CHARS)
        )
        kind_node = reader.required(
            entries, root, "", "kind", f"one of {', '.join(k.value for k in Kind)}"
        )
        kind = (
            None if kind_node is None else reader.choice(kind_node, "kind", [k.value for k in Kind])
        )
        for key in ("description", "author", "prescribed_by", "notes"):
            if key in entries:
                values[key] = reader.optional_text(entries[key][1], key)
        if "tags" in entries:
            values["tags"] = reader.texts(entries["tags"][1], "tags", max_chars=40)
        if "defaults" in entries:
            values["defaults"] = self.defaults(entries["defaults"][1])
        if "exercises" in entries:
            self.exercises = _read_exercise_list(
                reader, entries["exercises"][1], "exercises", self.exercises, self.broken
            )
        steps = None
        steps_node = reader.required(entries, root, "", "steps", "list what to do under `steps:`")
        if steps_node is not None:
            steps = self.steps(steps_node)
        if (
            reader.errors
            or routine_id is None
            or name is None
            or kind is None
            or steps is None
            or any(v is None for v in values.values())
        ):
            return None
        return Routine(
            id=routine_id,
            name=name,
            kind=Kind(kind),
            steps=steps,
            source=Path(reader.path),
            builtin=self.builtin,
            **values,
        )

    def defaults(self, node: Node) -> Defaults | None:
        entries = self.reader.mapping(node, "defaults", DEFAULTS_KEYS, "timings like `rest: 10s`")
        if entries is None:
            return None
        values: dict[str, float] = {}
        for key, (_, value) in entries.items():
            seconds = self.reader.duration(value, f"defaults.{key}")
            if seconds is not None:
                values[key] = seconds
        if len(values) < len(entries):
            return None
        return Defaults(**values)

    def steps(self, node: Node) -> tuple[Step, ...] | None:
        reader = self.reader
        if _is_null(node) or (isinstance(node, SequenceNode) and not node.value):
            reader.fail(node, "steps", "is empty; a routine needs at least one step")
            return None
        items = reader.sequence(node, "steps", "a list of steps (lines starting with `- `)")
        if items is None:
            return None
        steps = [self.step(item, f"steps[{index}]") for index, item in enumerate(items)]
        if any(step is None for step in steps):
            return None
        return tuple(step for step in steps if step is not None)

    def step(self, node: Node, field: str) -> Step | None:
        reader = self.reader
        if not isinstance(node, MappingNode):
            if isinstance(node, ScalarNode) and str(node.value) in STEP_KINDS:
                message = f"write `{node.value}:` followed by its value, e.g. `- rest: 30s`"
                reader.fail(node, field, message)
            else:
                reader.fail(
                    node,
                    field,
                    f"expected a step like `- exercise: chin-tuck`, got {_describe(node)}",
                )
            return None
        keys = [str(k.value) for k, _ in node.value if isinstance(k, ScalarNode)]
        kinds = [k for k in STEP_KINDS if k in keys]
        if len(kinds) > 1:
            listed = " and ".join(f"`{k}`" for k in kinds)
            reader.fail(
                node, field, f"a step is one thing, not {listed}: split it into {len(kinds)} steps"
            )
            return None
        if not kinds:
            all_keys = {k for ks in STEP_KEYS.values() for k in ks}
            unknown = [k for k in keys if k not in all_keys]
            hint = next((h for h in (did_you_mean(k, STEP_KINDS) for k in unknown) if h), "")
            if not hint and any(k in STEP_KEYS["exercise"] for k in keys):
                hint = "; add `exercise: ID` to say which exercise"
            reader.fail(node, field, f"a step needs one of {', '.join(STEP_KINDS)}{hint}")
            return None
        kind = kinds[0]
        entries = self._step_entries(node, field, kind)
        if entries is None:
            return None
        name = note = None
        if "name" in entries:
            name = reader.text(entries["name"][1], f"{field}.name", max_chars=MAX_NAME_CHARS)
            if name is None:
                return None
        if "note" in entries:
            note = reader.optional_text(entries["note"][1], f"{field}.note")
            if note is None:
                return None
        common: dict[str, Any] = {"note": note or ""}
        if name is not None and kind != "exercise":
            common["name"] = name
        value = entries[kind][1]
        path = f"{field}.{kind}"
        if kind == "exercise":
            return self.exercise_step(node, entries, field, name, note or "")
        if kind == "rest":
            seconds = reader.duration(value, path, allow_zero=False)
            return None if seconds is None else RestStep(seconds, **common)
        if kind == "breathe":
            return self.breathing_step(value, path, common)
        if kind == "drink":
            return self.drink_step(value, path, common)
        if kind == "therapy":
            return self.therapy_step(value, path, common)
        return self.check_in_step(value, path, entries, field, common)

    def _step_entries(
        self, node: MappingNode, field: str, kind: str
    ) -> dict[str, tuple[Node, Node]] | None:
        """Like `mapping`, but an unknown key that belongs to another step kind says so."""
        reader = self.reader
        allowed = STEP_KEYS[kind]
        before = len(reader.errors)
        entries = reader.mapping(node, field, allowed, "a step")
        # Replace generic "unknown key" messages by a more useful one where it applies.
        for i in range(before, len(reader.errors)):
            error = reader.errors[i]
            key = error.field.rsplit(".", 1)[-1]
            owners = [k for k, keys in STEP_KEYS.items() if key in keys and k != kind]
            if error.message.startswith("unknown key") and owners:
                label = kind.replace("_", "-")
                message = f"`{key}` does not belong in a {label} step (it is for {owners[0]} steps)"
                reader.errors[i] = replace(error, message=message)
        if entries is None or len(reader.errors) > before:
            return None
        return entries

    def exercise_step(
        self,
        node: Node,
        entries: dict[str, tuple[Node, Node]],
        field: str,
        name: str | None,
        note: str,
    ) -> ExerciseStep | None:
        reader = self.reader
        id_node = entries["exercise"][1]
        exercise_id = reader.identifier(id_node, f"{field}.exercise", "exercise")
        if exercise_id is None:
            return None
        exercise = self.exercises.get(exercise_id)
        # An unknown exercise still has its other fields checked, so one run of
        # `coach validate` reports every problem of the step.
        if exercise is None and exercise_id not in self.broken:
            hint = did_you_mean(exercise_id, tuple(self.exercises))
            reader.fail(
                id_node,
                f"{field}.exercise",
                f'unknown exercise "{exercise_id}"{hint}; `coach list --exercises` shows them',
            )
        overrides: dict[str, Any] = {}
        if name is not None:
            overrides["name"] = name
        for key in ("target", "description"):
            if key in entries:
                overrides[key] = reader.text(entries[key][1], f"{field}.{key}")
        if "cues" in entries:
            overrides["cues"] = _read_cues(reader, entries["cues"][1], f"{field}.cues")
        if "skip_if" in entries:
            overrides["skip_if"] = reader.texts(entries["skip_if"][1], f"{field}.skip_if")
        if "easier" in entries:
            easier_node = entries["easier"][1]
            easier = reader.identifier(easier_node, f"{field}.easier", "exercise")
            if easier is not None:
                _check_easier(
                    reader, exercise_id, easier, easier_node, f"{field}.easier", self.exercises
                )
            overrides["easier"] = easier
        patch = _read_dose(reader, entries, field)
        if exercise is None:
            return None  # its error is reported above (or with its definition)
        if patch is None or any(v is None for k, v in overrides.items() if k != "easier"):
            return None
        if "easier" in overrides and overrides["easier"] is None:
            return None
        dose = patch.apply(exercise.dose)
        if overrides:
            exercise = replace(exercise, **overrides)
        progression = None
        if "progression" in entries:
            progression = self.progression(entries["progression"][1], f"{field}.progression", dose)
            if progression is None:
                return None
        return ExerciseStep(exercise=exercise, dose=dose, note=note, progression=progression)

    def progression(self, node: Node, field: str, dose: Dose) -> Progression | None:
        reader = self.reader
        entries = reader.mapping(
            node, field, PROGRESSION_KEYS, "a progression like `{hold: +5s, every: 7d, max: 60s}`"
        )
        if entries is None:
            return None
        grows = [k for k in ("hold", "reps") if k in entries]
        if len(grows) != 1:
            reader.fail(node, field, "say what grows: either `hold: +5s` or `reps: +1`")
            return None
        grow = grows[0]
        step_node = entries[grow][1]
        step: float | None
        maximum: float | None = None
        if grow == "hold":
            step = self._hold_increment(step_node, f"{field}.hold")
        else:
            step = reader.integer(
                step_node, f"{field}.reps", 1, 50, "a number of reps to add, like +1"
            )
        every = self._every(entries, node, field)
        max_node = reader.required(entries, node, field, "max", "a progression needs a ceiling")
        if max_node is not None:
            if grow == "hold":
                maximum = reader.duration(max_node, f"{field}.max", allow_zero=False)
            else:
                maximum = reader.integer(max_node, f"{field}.max", 1, MAX_REPS)
        pain_below = None
        if "while_pain_below" in entries:
            pain_below = reader.integer(
                entries["while_pain_below"][1], f"{field}.while_pain_below", 1, 10
            )
            if pain_below is None:
                return None
        if step is None or every is None or maximum is None:
            return None
        if grow == "hold" and dose.hold is None:
            reader.fail(node, field, "grows the hold, but this step has no `hold`")
            return None
        if grow == "reps" and dose.reps is None and not dose.pyramid:
            reader.fail(node, field, "grows the reps, but this step has no `reps` or `pyramid`")
            return None
        start = dose.hold if grow == "hold" else max(dose.reps_per_set, key=lambda r: r or 0)
        if max_node is not None and start is not None and maximum < start:
            reader.fail(max_node, f"{field}.max", "is below the starting dose")
            return None
        field_name: Literal["hold", "reps"] = "hold" if grow == "hold" else "reps"
        return Progression(field_name, float(step), every, float(maximum), pain_below)

    def _hold_increment(self, node: Node, field: str) -> float | None:
        if isinstance(node, ScalarNode) and node.tag == _STR and str(node.value).startswith("+"):
            node = ScalarNode(_STR, str(node.value)[1:], node.start_mark, node.end_mark)
        return self.reader.duration(
            node, field, allow_zero=False, maximum=300, why="grow holds in small steps"
        )

    def _every(self, entries: dict[str, tuple[Node, Node]], node: Node, field: str) -> int | None:
        reader = self.reader
        every_node = reader.required(
            entries, node, field, "every", "say how often, like `every: 7d`"
        )
        if every_node is None:
            return None
        if isinstance(every_node, ScalarNode) and every_node.tag == _INT:
            return reader.integer(every_node, f"{field}.every", 1, 365, "a number of days")
        match = None
        if isinstance(every_node, ScalarNode) and every_node.tag == _STR:
            match = re.fullmatch(r"\s*(\d+)\s*(d|days?|w|weeks?)\s*", str(every_node.value).lower())
        if match is None:
            reader.fail(
                every_node,
                f"{field}.every",
                f"expected days or weeks like 7d or 2w, got {_describe(every_node)}",
            )
            return None
        days = int(match.group(1)) * (7 if match.group(2).startswith("w") else 1)
        if not 1 <= days <= 365:
            reader.fail(
                every_node, f"{field}.every", f"must be between 1 day and a year, got {days} days"
            )
            return None
        return days

    def breathing_step(
        self, node: Node, field: str, common: dict[str, Any]
    ) -> BreathingStep | None:
        reader = self.reader
        pattern_node: Node = node
        rounds: int | None = DEFAULT_BREATH_ROUNDS
        if isinstance(node, MappingNode):
            entries = reader.mapping(node, field, BREATHE_KEYS, "a breathing pattern")
            if entries is None:
                return None
            given = reader.required(
                entries, node, field, "pattern", "say which, e.g. `pattern: box`"
            )
            if given is None:
                return None
            pattern_node = given
            if "rounds" in entries and "duration" in entries:
                reader.fail(
                    entries["duration"][0], f"{field}.duration", "give rounds or duration, not both"
                )
                return None
            if "rounds" in entries:
                rounds = reader.integer(entries["rounds"][1], f"{field}.rounds", 1, MAX_ROUNDS)
        elif isinstance(node, SequenceNode) or (
            isinstance(node, ScalarNode) and not _is_null(node)
        ):
            entries = {}
        else:
            reader.fail(node, field, "expected a pattern like box, 4-7-8 or slow")
            return None
        named = self.pattern(
            pattern_node, f"{field}.pattern" if pattern_node is not node else field
        )
        if named is None or rounds is None:
            return None
        if "duration" in entries:
            duration_node = entries["duration"][1]
            seconds = reader.duration(
                duration_node, f"{field}.duration", allow_zero=False, maximum=3600
            )
            if seconds is None:
                return None
            rounds = max(1, round(seconds / named.pattern.cycle_seconds))
            if rounds > MAX_ROUNDS:
                reader.fail(
                    duration_node, f"{field}.duration", f"makes more than {MAX_ROUNDS} rounds"
                )
                return None
        common.setdefault("name", named.step_name)
        return BreathingStep(pattern=named.pattern, rounds=rounds, **common)

    def pattern(self, node: Node, field: str) -> NamedPattern | None:
        reader = self.reader
        if isinstance(node, ScalarNode) and not _is_null(node):
            text = str(node.value).strip().lower()
            if text in BREATH_PATTERNS:
                return BREATH_PATTERNS[text]
            parts: list[Any] = text.split("-")
            if len(parts) < 2 or not all(re.fullmatch(r"\d+(\.\d+)?", p) for p in parts):
                names = ", ".join(BREATH_PATTERNS)
                hint = did_you_mean(text, tuple(BREATH_PATTERNS))
                reader.fail(
                    node,
                    field,
                    f'"{node.value}" is not a pattern: use {names}, or seconds like 4-7-8-0{hint}',
                )
                return None
            seconds: list[float | None] = [float(p) for p in parts]
        elif isinstance(node, SequenceNode):
            seconds = [reader.duration(item, f"{field}[{i}]") for i, item in enumerate(node.value)]
            if any(s is None for s in seconds):
                return None
        else:
            reader.fail(
                node, field, f"expected a pattern like box or [4, 7, 8, 0], got {_describe(node)}"
            )
            return None
        return self._custom_pattern(node, field, [s or 0.0 for s in seconds])

    def _custom_pattern(self, node: Node, field: str, seconds: list[float]) -> NamedPattern | None:
        reader = self.reader
        if not 2 <= len(seconds) <= 4:
            reader.fail(
                node,
                field,
                "give 2 to 4 lengths: in-out, in-hold-out or in-hold-out-hold",
            )
            return None
        if len(seconds) == 2:
            inhale, hold_in, exhale, hold_out = seconds[0], 0.0, seconds[1], 0.0
        elif len(seconds) == 3:
            inhale, hold_in, exhale, hold_out = seconds[0], seconds[1], seconds[2], 0.0
        else:
            inhale, hold_in, exhale, hold_out = seconds
        if inhale <= 0 or exhale <= 0:
            reader.fail(node, field, "breathing in and out must each last more than 0 seconds")
            return None
        if max(seconds) > BREATH_PHASE_MAX:
            reader.fail(
                node, field, f"a breath phase over {BREATH_PHASE_MAX:g} seconds cannot be right"
            )
            return None
        label = "-".join(f"{s:g}" for s in seconds)
        for named in BREATH_PATTERNS.values():
            p = named.pattern
            if (p.inhale, p.hold_in, p.exhale, p.hold_out) == (inhale, hold_in, exhale, hold_out):
                return named
        return NamedPattern(BreathPattern(inhale, hold_in, exhale, hold_out, label), "Breathing")

    def drink_step(self, node: Node, field: str, common: dict[str, Any]) -> HydrationStep | None:
        reader = self.reader
        if not isinstance(node, ScalarNode) or node.tag not in (_STR, _INT, _FLOAT):
            reader.fail(node, field, f"expected an amount like 250ml, got {_describe(node)}")
            return None
        raw: object = node.value
        try:
            if node.tag in (_INT, _FLOAT):
                raw = yamlsafe.number(node)
            ml = parse_volume(raw)
        except ValueError as error:
            reader.fail(node, field, str(error))
            return None
        if ml > MAX_DRINK_ML:
            reader.fail(
                node,
                field,
                f"{ml} ml at once is too much; keep a drink to {MAX_DRINK_ML} ml or less",
            )
            return None
        return HydrationStep(ml=ml, **common)

    def therapy_step(self, node: Node, field: str, common: dict[str, Any]) -> TherapyStep | None:
        reader = self.reader
        if isinstance(node, ScalarNode) and not _is_null(node):
            mode = reader.choice(node, field, ("cold", "heat"))
            if mode is None:
                return None
            return TherapyStep(
                _mode(mode),
                THERAPY_DEFAULT_ON,
                THERAPY_DEFAULT_OFF,
                1,
                THERAPY_CUES[mode],
                **common,
            )
        entries = reader.mapping(
            node, field, THERAPY_KEYS, "cold or heat settings like `{mode: cold, on: 15m}`"
        )
        if entries is None:
            return None
        mode_node = reader.required(entries, node, field, "mode", "cold or heat")
        mode = (
            None
            if mode_node is None
            else reader.choice(mode_node, f"{field}.mode", ("cold", "heat"))
        )
        on: float | None = THERAPY_DEFAULT_ON
        off: float | None = THERAPY_DEFAULT_OFF
        bouts: int | None = 1
        cue: str | None = None
        if "on" in entries:
            on = reader.duration(
                entries["on"][1],
                f"{field}.on",
                allow_zero=False,
                maximum=MAX_THERAPY_ON,
                why="longer on the skin risks burns",
            )
        if "off" in entries:
            off = reader.duration(entries["off"][1], f"{field}.off")
        if "bouts" in entries:
            bouts = reader.integer(entries["bouts"][1], f"{field}.bouts", 1, MAX_BOUTS)
        if "cue" in entries:
            cue = reader.text(entries["cue"][1], f"{field}.cue", max_chars=300)
            if cue is None:
                return None
        if mode is None or on is None or off is None or bouts is None:
            return None
        return TherapyStep(_mode(mode), on, off, bouts, cue or THERAPY_CUES[mode], **common)

    def check_in_step(
        self,
        node: Node,
        field: str,
        entries: dict[str, tuple[Node, Node]],
        step_field: str,
        common: dict[str, Any],
    ) -> CheckInStep | None:
        reader = self.reader
        moment = reader.choice(node, field, ("before", "after"))
        prompt = None
        if "prompt" in entries:
            prompt = reader.text(entries["prompt"][1], f"{step_field}.prompt", max_chars=300)
            if prompt is None:
                return None
        if moment is None:
            return None
        when: Literal["before", "after"] = "before" if moment == "before" else "after"
        return CheckInStep(when, prompt or CHECK_IN_PROMPTS[moment], **common)
