"""Exercise entries and doses: the library format, also used by a routine's own
`exercises:` list and by every exercise step's dose.

An entry whose id the base library already has may give only the fields it
changes; a dose is a patch over the exercise's dose (a pyramid replaces reps and
sets, and the other way round). Values are read by their declared types
(`coach.routines.format`); the rules across entries (unique ids, easier variants
that exist and are not the exercise itself) are here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from yaml.nodes import Node

from coach.errors import did_you_mean
from coach.routines.fields import INVALID
from coach.routines.format import DOSE, EXERCISE, LIBRARY, MAX_REPS, MAX_SETS
from coach.routines.model import FORMAT_VERSION, Dose, Exercise
from coach.routines.nodes import NodeReader, join
from coach.yamlsafe import is_null

# What a new exercise (one the base library does not have) must give.
_NEW_EXERCISE_NEEDS = {
    "name": "every exercise needs a name",
    "target": "every exercise needs a target",
    "cues": "give 2 to 4 short cues",
}


# --------------------------------------------------------------------------- doses


@dataclass
class DosePatch:
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


def read_dose(
    reader: NodeReader, entries: Mapping[str, tuple[Node, Node]], field: str
) -> DosePatch | None:
    """The dose keys of a step or a library entry, each read by its declared type."""
    values: dict[str, Any] = {}
    ok = True
    for spec in DOSE:
        if spec.key not in entries:
            continue
        node = entries[spec.key][1]
        path = join(field, spec.key)
        if spec.key == "pyramid":
            value = read_pyramid(reader, node, path)
            value = INVALID if value is None else value
        else:
            value = spec.read(reader, node, path)
        ok = ok and value is not INVALID
        values[spec.key] = value
    if "pyramid" in entries:
        for other in ("reps", "sets"):
            if other in entries:
                key_node = entries[other][0]
                message = "use either pyramid or reps and sets, not both"
                reader.fail(key_node, join(field, other), message)
                ok = False
    return DosePatch(values) if ok else None


def read_pyramid(reader: NodeReader, node: Node, field: str) -> tuple[int, ...] | None:
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


def parse_library(
    reader: NodeReader, root: Node, merged: dict[str, Exercise]
) -> dict[str, Exercise]:
    entries = reader.document(
        root, LIBRARY.keys, "a mapping with `exercises:`", "an exercise library"
    )
    if entries is None:
        return merged
    if "version" in entries:
        check_version(reader, entries["version"][1])
    node = reader.required(entries, root, "", "exercises", "list the exercises under it")
    if node is None:
        return merged
    return read_exercise_list(reader, node, "exercises", merged)


def read_exercise_list(
    reader: NodeReader,
    node: Node,
    field: str,
    base: Mapping[str, Exercise],
    broken: set[str] | None = None,
) -> dict[str, Exercise]:
    """`base` with the entries of the list laid over it; checks `easier` links at the end.

    Ids of entries that failed go into `broken`, so steps using them add no second error.
    """
    merged = dict(base)
    if is_null(node):
        return merged
    items = reader.sequence(node, field, "a list of exercises (lines starting with `- id:`)")
    if items is None:
        return merged
    seen: dict[str, int] = {}
    easier_links: list[tuple[str, Node, str]] = []
    for index, item in enumerate(items):
        path = f"{field}[{index}]"
        entries = reader.mapping(item, path, EXERCISE.keys, "an exercise (id, name, target, cues…)")
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
        check_easier(reader, exercise_id, merged[exercise_id].easier, easier_node, path, merged)
    return merged


def _read_exercise(
    reader: NodeReader,
    node: Node,
    entries: dict[str, tuple[Node, Node]],
    field: str,
    exercise_id: str,
    existing: Exercise | None,
) -> Exercise | None:
    """One library entry; an id the base already has may give only the fields it changes."""
    ok = True
    values: dict[str, Any] = {}
    for spec in EXERCISE:
        if spec.key in ("id", "dose", "figure"):
            continue
        if spec.key in entries:
            values[spec.key] = spec.read(reader, entries[spec.key][1], join(field, spec.key))
            ok = ok and values[spec.key] is not INVALID
        elif existing is None and spec.key in _NEW_EXERCISE_NEEDS:
            reader.fail(node, join(field, spec.key), f"missing; {_NEW_EXERCISE_NEEDS[spec.key]}")
            ok = False
    dose = existing.dose if existing is not None else Dose()
    if "dose" in entries:
        dose_node = entries["dose"][1]
        dose_field = join(field, "dose")
        dose_entries = reader.mapping(dose_node, dose_field, DOSE.keys, "a dose (hold, reps…)")
        patch = None if dose_entries is None else read_dose(reader, dose_entries, dose_field)
        if patch is None:
            ok = False
        else:
            dose = patch.apply(dose)
    if "figure" in entries:
        figure_node = entries["figure"][1]
        if is_null(figure_node):
            values["figure"] = None
        else:
            from coach.figures.format import read_figure_node
            from coach.figures.library import builtin_figures

            figure, problems = read_figure_node(
                figure_node, join(field, "figure"), reader.path, builtin_figures()
            )
            reader.errors += problems
            ok = ok and figure is not None
            values["figure"] = figure
    if not ok:
        return None
    if existing is not None:
        return replace(existing, dose=dose, **values)
    return Exercise(id=exercise_id, dose=dose, **values)


def check_easier(
    reader: NodeReader,
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


def check_version(reader: NodeReader, node: Node) -> None:
    version = reader.integer(node, "version", 1, 10_000, "a format version number")
    if version is not None and version != FORMAT_VERSION:
        reader.fail(
            node,
            "version",
            f"format version {version} is not one this coach reads (it reads {FORMAT_VERSION})",
        )
