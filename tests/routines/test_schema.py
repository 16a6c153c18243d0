"""`coach schema` output validates every built-in file and rejects broken documents."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from coach.routines.library import builtin_dir
from coach.routines.schema import exercises_schema, routine_schema, schema_json

REPO = Path(__file__).resolve().parents[2]


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 booleans (true/false only), as yaml-language-server reads files: PyYAML's
    1.1 rules would turn the `on:` and `off:` keys of therapy steps into booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def as_data(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)  # a SafeLoader subclass: plain data only


def builtin_files() -> list[Path]:
    folder = Path(str(builtin_dir()))
    return sorted(folder.glob("*.yaml"))


def test_the_schemas_are_valid_draft_2020_12() -> None:
    from coach.routines.schema import programme_schema

    jsonschema.Draft202012Validator.check_schema(routine_schema())
    jsonschema.Draft202012Validator.check_schema(exercises_schema())
    jsonschema.Draft202012Validator.check_schema(programme_schema())


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.name)
def test_every_built_in_file_validates(path: Path) -> None:
    from coach.routines.programmes import looks_like_programme
    from coach.routines.schema import programme_schema

    schema = exercises_schema() if path.stem == "exercises" else routine_schema()
    if looks_like_programme(path.read_text(encoding="utf-8")):
        schema = programme_schema()
    data = as_data(path.read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert errors == []


ROUTINE = {"name": "N", "kind": "core", "steps": [{"exercise": "plank", "hold": "20s"}]}


@pytest.mark.parametrize(
    "broken",
    [
        {"kind": "core", "steps": [{"rest": "5s"}]},  # no name
        {**ROUTINE, "kind": "stretchy"},
        {**ROUTINE, "steps": []},
        {**ROUTINE, "descripton": "typo"},
        {**ROUTINE, "version": 2},
        {**ROUTINE, "steps": [{"rest": "abc"}]},
        {**ROUTINE, "steps": [{"rest": "5s", "drink": "250ml"}]},  # two kinds in one step
        {**ROUTINE, "steps": [{"hold": "5s"}]},  # no kind
        {**ROUTINE, "steps": [{"exercise": "Plank"}]},
        {**ROUTINE, "steps": [{"exercise": "plank", "reps": 0}]},
        {**ROUTINE, "steps": [{"exercise": "plank", "cues": ["only one"]}]},
        {**ROUTINE, "steps": [{"exercise": "plank", "progression": {"every": "7d", "max": "1m"}}]},
        {**ROUTINE, "steps": [{"breathe": "squares"}]},
        {**ROUTINE, "steps": [{"breathe": {"pattern": "box", "rounds": 2, "duration": "1m"}}]},
        {**ROUTINE, "steps": [{"drink": "lots"}]},
        {**ROUTINE, "steps": [{"therapy": {"mode": "warm"}}]},
        {**ROUTINE, "steps": [{"therapy": {"mode": "cold", "bouts": 9}}]},
        {**ROUTINE, "steps": [{"check_in": "during"}]},
        {**ROUTINE, "defaults": {"rest": "-5s"}},
        {**ROUTINE, "exercises": [{"name": "no id"}]},
    ],
)
def test_broken_documents_fail(broken: dict[str, Any]) -> None:
    assert not jsonschema.Draft202012Validator(routine_schema()).is_valid(broken)


@pytest.mark.parametrize(
    "value", ["30s", "2m", "1m30s", "1h", "1.5h", "45", " 2 m ", 45, 0.5, "10S"]
)
def test_duration_forms_the_loader_reads_are_valid(value: object) -> None:
    routine = {**ROUTINE, "steps": [{"rest": value}]}
    assert jsonschema.Draft202012Validator(routine_schema()).is_valid(routine)


@pytest.mark.parametrize("value", ["abc", "", "m", "5ml", "-5s", "3x"])
def test_durations_the_loader_refuses_are_invalid(value: object) -> None:
    routine = {**ROUTINE, "steps": [{"rest": value}]}
    assert not jsonschema.Draft202012Validator(routine_schema()).is_valid(routine)


def test_the_shipped_schema_files_are_current() -> None:
    """The built-ins' `# yaml-language-server: $schema=` lines point at these files."""
    assert (REPO / "docs/schema/routine.schema.json").read_text() == schema_json()
    assert (REPO / "docs/schema/exercises.schema.json").read_text() == schema_json("exercises")
    assert json.loads(schema_json())["title"] == "coach routine"


def _walk(schema: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every property schema, by its path."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(schema, dict):
        for key, value in schema.get("properties", {}).items():
            found.append((f"{path}.{key}", value))
        for key, value in schema.items():
            if isinstance(value, dict | list):
                found += _walk(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            found += _walk(value, f"{path}[{index}]")
    return found


@pytest.mark.parametrize("schema", [routine_schema(), exercises_schema()], ids=["routine", "lib"])
def test_every_field_has_a_title_and_a_description(schema: dict[str, Any]) -> None:
    fields = _walk(schema)
    assert len(fields) > 40
    missing = [
        path for path, field in fields if not (field.get("title") and field.get("description"))
    ]
    assert missing == []


def test_durations_and_amounts_are_patterns_with_a_message_not_a_union() -> None:
    exercise = routine_schema()["$defs"]["step"]["anyOf"][0]
    hold = exercise["properties"]["hold"]
    assert hold["type"] == ["string", "number", "null"]
    assert "pattern" in hold and "patternErrorMessage" in hold
    assert hold["maximum"] == 4 * 3600
    drink = routine_schema()["$defs"]["step"]["anyOf"][3]["properties"]["drink"]
    assert drink["maximum"] == 1000 and "patternErrorMessage" in drink


def test_the_step_kinds_are_titled_branches() -> None:
    titles = [branch["title"] for branch in routine_schema()["$defs"]["step"]["anyOf"]]
    assert titles == [
        "exercise step",
        "rest step",
        "breathing step",
        "drink step",
        "cold or heat step",
        "pain check-in step",
    ]


@pytest.mark.parametrize(
    ("step", "valid"),
    [
        ({"exercise": "seated-twist", "per_side": True}, True),
        ({"exercise": "seated-twist", "per_side": "yes"}, False),  # YAML 1.2: text
        ({"exercise": "plank", "hold": "1:30"}, False),
        ({"exercise": "plank", "hold": "1m3x"}, False),
        ({"exercise": "plank", "hold": 20000}, False),
        ({"exercise": "plank", "pyramid": [6, 4], "reps": 3}, False),
        ({"drink": 2000}, False),
        ({"therapy": {"mode": "cold", "on": "10m", "off": "5m"}}, True),
        ({"exercise": "plank", "hold": None}, True),
    ],
)
def test_the_schema_says_what_coach_says(step: dict[str, Any], valid: bool) -> None:
    routine = {**ROUTINE, "steps": [step]}
    assert jsonschema.Draft202012Validator(routine_schema()).is_valid(routine) is valid


def test_every_exported_built_in_validates_against_coach_schema() -> None:
    """`coach export` never writes what the schema refuses (it wrote `easier: null`)."""
    from coach.routines.library import load_library
    from coach.routines.sharing import export_text

    library = load_library(Path("/nonexistent/coach-user-dir"))
    validator = jsonschema.Draft202012Validator(json.loads(schema_json()))
    assert len(library.routines) >= 12
    for routine in library.routines.values():
        data = as_data(export_text(routine, library.exercises))
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], routine.id


def test_the_edit_copy_of_a_built_in_finds_its_schema(tmp_path: Path) -> None:
    """Issue 20: the TUI's edit copy pointed at ../routine.schema.json, which was not there."""
    import json

    from coach.routines.library import load_library
    from coach.routines.schema import schema_json
    from coach.routines.user_files import MODELINE, SCHEMA_FILE, user_file_for

    user_dir = tmp_path / "config" / "routines"
    library = load_library(user_dir)
    copy = user_file_for(library.get("desk-break"), library.exercises, user_dir)
    assert copy.copied
    assert copy.path.read_text(encoding="utf-8").splitlines()[0] == MODELINE
    schema = (copy.path.parent / MODELINE.rsplit("=", 1)[1]).resolve()
    assert schema == (tmp_path / "config" / SCHEMA_FILE).resolve()
    assert schema.read_text(encoding="utf-8") == schema_json()
    assert json.loads(schema.read_text(encoding="utf-8"))["title"] == "coach routine"
