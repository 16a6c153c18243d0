"""Programme files (`kind: programme`): YAML → `Programme` with located errors, and back.

A programme file sits beside the routines (built-in in `routines/`, yours in your routines
folder) and is told apart by `kind: programme`. It is read through the same guards and the
same `NodeReader` as a routine (`coach.yamlsafe`, `coach.routines.nodes`), each value by the
type `coach.routines.format` declares (`PROGRAMME`, `STAGE`, `MOVE_ON`); this module keeps
what a declaration cannot say: the total length, and the routines a programme names, which
are checked once every routine is known (`unknown_routines`), each where it is written.
`dump_programme` writes a programme back (for `coach export`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from coach.errors import InvalidFile, LocatedError, Location, did_you_mean
from coach.routines.entries import check_version
from coach.routines.fields import INVALID
from coach.routines.format import MAX_PROGRAMME_WEEKS, MAX_STAGES, MOVE_ON, PROGRAMME, STAGE
from coach.routines.nodes import NodeReader
from coach.routines.programmes import PROGRAMME_KIND, WEEKDAYS, MoveOn, Programme, Stage
from coach.yamlsafe import is_null


@dataclass(frozen=True)
class RoutineReference:
    """Where a programme names a routine, to check it once every routine is known."""

    routine_id: str
    location: Location
    field: str


def is_programme(root: Node | None) -> bool:
    """True for a document whose top-level `kind:` says `programme`."""
    if not isinstance(root, MappingNode):
        return False
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "kind":
            return isinstance(value, ScalarNode) and str(value.value).strip() == PROGRAMME_KIND
    return False


def read_programme(
    reader: NodeReader, root: Node, *, builtin: bool = False
) -> tuple[Programme | None, tuple[RoutineReference, ...]]:
    """The programme in a composed file, and every routine it names (with its place)."""
    references: list[RoutineReference] = []
    entries = reader.document(root, PROGRAMME.keys, "kind: programme, name, stages", "a programme")
    if entries is None:
        return None, ()
    if "version" in entries:
        check_version(reader, entries["version"][1])
    values: dict[str, Any] = {}
    for key in ("kind", "description", "author", "prescribed_by", "notes"):
        if key in entries:
            values[key] = PROGRAMME[key].read(reader, entries[key][1], key)
    values.pop("kind", None)
    programme_id: Any = Path(reader.path).stem
    if "id" in entries:
        programme_id = PROGRAMME["id"].read(reader, entries["id"][1], "id")
    name_node = reader.required(entries, root, "", "name", "every programme needs a name")
    name = INVALID if name_node is None else PROGRAMME["name"].read(reader, name_node, "name")
    stages_node = reader.required(
        entries, root, "", "stages", "list the stages under `stages:`, each some weeks long"
    )
    stages: list[Stage | None] = []
    if stages_node is not None:
        items = reader.sequence(stages_node, "stages", "a list of stages (lines starting `- `)")
        if items is not None and not items:
            reader.fail(stages_node, "stages", "is empty; a programme needs at least one stage")
        elif items is not None and len(items) > MAX_STAGES:
            reader.fail(items[MAX_STAGES], f"stages[{MAX_STAGES}]", f"at most {MAX_STAGES} stages")
        elif items is not None:
            stages = [
                _stage(reader, item, f"stages[{i}]", references) for i, item in enumerate(items)
            ]
            total = sum(stage.weeks for stage in stages if stage is not None)
            if total > MAX_PROGRAMME_WEEKS:
                reader.fail(
                    stages_node,
                    "stages",
                    f"{total} weeks in all; a programme lasts at most {MAX_PROGRAMME_WEEKS}",
                )
    if (
        reader.errors
        or programme_id is INVALID
        or name is INVALID
        or not stages
        or INVALID in values.values()
        or any(stage is None for stage in stages)
    ):
        return None, tuple(references)
    programme = Programme(
        id=programme_id,
        name=name,
        stages=tuple(s for s in stages if s is not None),
        source=Path(reader.path),
        builtin=builtin,
        **values,
    )
    return programme, tuple(references)


def _stage(
    reader: NodeReader, node: Node, field: str, references: list[RoutineReference]
) -> Stage | None:
    entries = reader.mapping(node, field, STAGE.keys, "a stage: name, weeks, every_day, mon…")
    if entries is None:
        return None
    before = len(reader.errors)
    name_node = reader.required(entries, node, field, "name", "say what this stage is")
    values: dict[str, Any] = {}
    for spec in STAGE:
        if spec.key in entries and spec.key != "move_on":
            value_node = entries[spec.key][1]
            values[spec.key] = spec.read(reader, value_node, f"{field}.{spec.key}")
            if spec.key == "every_day" or spec.key in WEEKDAYS:
                _note_references(reader, value_node, f"{field}.{spec.key}", references)
    move_on = MoveOn()
    if "move_on" in entries:
        move_on_node = entries["move_on"][1]
        rules = reader.mapping(
            move_on_node, f"{field}.move_on", MOVE_ON.keys, "rules like {days_done: 8}"
        )
        if rules is not None:
            read = {
                key: MOVE_ON[key].read(reader, value, f"{field}.move_on.{key}")
                for key, (_, value) in rules.items()
            }
            if INVALID not in read.values():
                move_on = MoveOn(**read)
    days = tuple(values.pop(day, ()) for day in WEEKDAYS)
    if not values.get("every_day") and not any(day for day in days if day is not INVALID):
        reader.fail(node, field, "name its routines: `every_day:` or a weekday like `mon:`")
    if name_node is None or len(reader.errors) > before:
        return None
    return Stage(
        name=values["name"],
        weeks=values.get("weeks", STAGE["weeks"].default),
        every_day=values.get("every_day", ()),
        days=days,
        move_on=move_on,
        note=values.get("note", ""),
    )


def _note_references(
    reader: NodeReader, node: Node, field: str, references: list[RoutineReference]
) -> None:
    items = [node] if isinstance(node, ScalarNode) else list(getattr(node, "value", []))
    for index, item in enumerate(items):
        if isinstance(item, ScalarNode) and not is_null(item):
            where = field if item is node else f"{field}[{index}]"
            references.append(RoutineReference(str(item.value).strip(), reader.at(item), where))


def unknown_routines(
    programme_path: str,
    references: tuple[RoutineReference, ...],
    routines: Mapping[str, object],
) -> InvalidFile | None:
    """An InvalidFile naming every routine the programme names that the library lacks."""
    errors = [
        LocatedError(
            reference.location,
            f'unknown routine "{reference.routine_id}"'
            f"{did_you_mean(reference.routine_id, tuple(routines))}; `coach list` shows them",
            reference.field,
        )
        for reference in references
        if reference.routine_id not in routines
    ]
    return InvalidFile(programme_path, errors) if errors else None


# --------------------------------------------------------------------------- writing


def dump_programme(programme: Programme, *, file_name: str | None = None) -> str:
    """The programme as YAML the reader reads back the same (for `coach export`)."""
    from coach.routines.writer import _Flow, _FlowMap, _one_line, dump_yaml

    lines = [
        f"# coach programme: {_one_line(programme.name)}",
        "# The format is described in coach's docs/routines.md (Programmes).",
        f"# Check this file with: coach validate {_one_line(file_name or programme.id + '.yaml')}",
    ]
    fields: dict[str, Any] = {"version": 1, "kind": PROGRAMME_KIND, "id": programme.id}
    fields["name"] = programme.name
    for key in ("description", "author", "prescribed_by", "notes"):
        if getattr(programme, key):
            fields[key] = getattr(programme, key)
    lines += dump_yaml(fields)
    lines.append("stages:")
    for stage in programme.stages:
        entry: dict[str, Any] = {"name": stage.name, "weeks": stage.weeks}
        if stage.every_day:
            entry["every_day"] = _Flow(stage.every_day)
        for day, routines in zip(WEEKDAYS, stage.days, strict=True):
            if routines:
                entry[day] = _Flow(routines)
        rules: dict[str, Any] = {}
        if stage.move_on.days_done:
            rules["days_done"] = stage.move_on.days_done
        if stage.move_on.pain_not_rising:
            rules["pain_not_rising"] = True
        if rules:
            entry["move_on"] = _FlowMap(rules)
        if stage.note:
            entry["note"] = stage.note
        lines += ["  " + line if line else line for line in dump_yaml([entry])]
    return "\n".join(lines) + "\n"
