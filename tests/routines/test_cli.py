"""`coach list`, `show`, `validate`, `new` and `schema`, through `coach.cli.main`."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from routines_helpers import MINIMAL, write

from coach import paths
from coach.cli import main
from coach.routines.library import builtin_dir, load_library

Capture = pytest.CaptureFixture[str]


def row(out: str, routine_id: str) -> list[str]:
    """The cells of the table row of `routine_id` (columns are 2+ spaces apart)."""
    line = next(line for line in out.splitlines() if line.startswith(f"{routine_id} "))
    return re.split(r"\s{2,}", line)


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- list


def test_list_shows_every_routine(capsys: Capture) -> None:
    code, out, err = run(capsys, "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "KIND", "TIME", "SOURCE"]
    assert row(out, "desk-break") == ["desk-break", "Desk break", "posture", "3 min", "built-in"]
    library = load_library()
    # The routines, then a blank line, a heading and a table of the programmes.
    assert len(lines) == 1 + len(library.routines) + 3 + len(library.programmes)
    assert lines[len(library.routines) + 2].startswith("Programmes")


def test_list_json(capsys: Capture) -> None:
    code, out, _ = run(capsys, "list", "--json")
    data = json.loads(out)
    assert code == 0 and data["problems"] == []
    row = next(r for r in data["routines"] if r["id"] == "core-strength")
    assert row["kind"] == "core" and row["builtin"] is True and row["source"] == "built-in"
    assert 12 * 60 <= row["seconds"] <= 18 * 60
    assert row["duration"] == f"{round(row['seconds'] / 60)} min"


def test_list_shows_user_routines_and_failed_files(capsys: Capture, user_dir: Path) -> None:
    write(user_dir, "desk-break.yaml", MINIMAL)
    write(user_dir, "broken.yaml", "name: B\nkind: core\nsteps: []\n")
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert row(out, "desk-break")[1:] == ["Mine", "stretch", "44 s", "yours (replaces built-in)"]
    assert "Could not load 1 file (fix, then `coach validate`):" in out
    assert (
        f"  {user_dir / 'broken.yaml'}:3:8: steps: is empty; a routine needs at least one step"
        in out
    )
    data = json.loads(run(capsys, "list", "--json")[1])
    assert data["problems"] == [
        {
            "path": str(user_dir / "broken.yaml"),
            "errors": [
                {
                    "line": 3,
                    "column": 8,
                    "field": "steps",
                    "message": "is empty; a routine needs at least one step",
                }
            ],
        }
    ]


def test_list_sees_every_change_despite_its_cache(capsys: Capture, user_dir: Path) -> None:
    path = write(user_dir, "mine.yaml", MINIMAL)
    assert row(run(capsys, "list")[1], "mine")[1] == "Mine"
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "coach" / "routine-list.json"
    assert cache.is_file()
    assert row(run(capsys, "list")[1], "mine")[1] == "Mine"  # served from the cache
    path.write_text(MINIMAL.replace("Mine", "Renamed"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert row(run(capsys, "list")[1], "mine")[1] == "Renamed"
    path.unlink()
    assert "Renamed" not in run(capsys, "list")[1]
    write(user_dir, "exercises.yaml", "exercises:\n  - id: x\n")  # a new library file
    assert "exercises.yaml" in run(capsys, "list")[1]


def test_list_survives_a_corrupt_cache(capsys: Capture) -> None:
    run(capsys, "list")
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "coach" / "routine-list.json"
    cache.write_text("{not json")
    code, out, _ = run(capsys, "list")
    assert code == 0 and "desk-break" in out


def test_list_exercises(capsys: Capture) -> None:
    code, out, _ = run(capsys, "list", "--exercises")
    assert code == 0
    chin = next(line for line in out.splitlines() if line.startswith("chin-tuck "))
    assert "Chin tuck" in chin and "10 reps, hold 3 s each" in chin
    data = json.loads(run(capsys, "list", "--exercises", "--json")[1])
    assert len(data["exercises"]) >= 25


# --------------------------------------------------------------------------- show


def test_show_prints_steps_doses_and_total(capsys: Capture) -> None:
    code, out, _ = run(capsys, "show", "core-strength")
    assert code == 0
    assert out.startswith("Core strength (core-strength)\ncore · built-in")
    assert (
        "3. Modified curl-up — 6-4-2 reps, hold 10 s each, 2 s between reps, 30 s rest between sets"
        in out
    )
    assert "grows: +1 rep every 14 days, up to 10 reps, while pain stays below 4" in out
    assert "1. Pain check-in — pain 0–10, before" in out
    assert "\nTotal: about 15 min\n" in out
    assert "· Lift head and shoulders" not in out  # cues only with -v


def test_show_verbose_adds_cues_and_who_should_skip(capsys: Capture) -> None:
    out = run(capsys, "show", "-v", "desk-break")[1]
    assert "· Glide your chin straight back, as if making a double chin." in out
    assert "skip or take care if: dizziness; spinal stenosis" in out
    assert "Notes:" in out and "screen top" in out


def test_show_every_step_kind(capsys: Capture, user_dir: Path) -> None:
    write(
        user_dir,
        "kinds.yaml",
        """\
        name: Kinds
        kind: mixed
        steps:
          - exercise: seated-twist
          - rest: 1m30s
          - breathe: {pattern: 4-7-8, rounds: 2}
          - drink: 300ml
          - therapy: {mode: cold, on: 15m, off: 20m, bouts: 2}
          - check_in: after
        """,
    )
    out = run(capsys, "show", "kinds")[1]
    assert "1. Seated twist — hold 15 s, each side (~35 s)" in out
    assert "2. Rest — 1 min 30 s (~2 min)" in out
    assert "3. 4-7-8 breathing — 4-7-8, 2 rounds (~38 s)" in out
    assert "4. Drink water — 300 ml (~20 s)" in out
    assert "5. Cold pack — cold, 2 × 15 min on, 20 min off between (~51 min)" in out
    assert "6. Pain check-in — pain 0–10, after (~10 s)" in out


def test_show_unknown_routine_suggests(capsys: Capture) -> None:
    code, out, err = run(capsys, "show", "desk-brake")
    assert (code, out) == (2, "")
    expected = 'coach: unknown routine "desk-brake" (did you mean "desk-break"?); '
    assert err == expected + "`coach list` shows them all\n"


def test_show_a_file_by_path(capsys: Capture, tmp_path: Path) -> None:
    path = write(tmp_path, "draft.yaml", MINIMAL)
    code, out, _ = run(capsys, "show", str(path))
    assert code == 0 and out.startswith(f"Mine (draft)\nstretch · yours, {path}")
    broken = write(tmp_path, "bad.yaml", "name: B\n")
    code, _, err = run(capsys, "show", str(broken))
    assert code == 2 and f"{broken}:1:1: kind: missing" in err


# --------------------------------------------------------------------------- validate


def test_validate_everything_when_all_is_well(capsys: Capture) -> None:
    code, out, _ = run(capsys, "validate")
    library = load_library()
    files = 1 + len(library.routines) + len(library.programmes)  # and the exercise library
    assert (code, out) == (0, f"{files} files checked: all valid.\n")


def test_validate_reports_every_problem_and_exits_2(capsys: Capture, user_dir: Path) -> None:
    write(user_dir, "one.yaml", "name: B\nkind: core\nsteps:\n  - rest: abc\n  - drink: lots\n")
    write(user_dir, "two.yaml", "name: [\n")
    write(user_dir, "fine.yaml", MINIMAL)
    code, out, _ = run(capsys, "validate")
    assert code == 2
    lines = out.splitlines()
    one, two = user_dir / "one.yaml", user_dir / "two.yaml"
    assert lines[:2] == [
        f'{one}:4:11: steps[0].rest: expected a duration like 30s, 2m or 1m30s, got "abc"',
        f'{one}:5:12: steps[1].drink: expected an amount like 250ml or 0.5l, got "lots"',
    ]
    assert lines[2].startswith(f"{two}:2:1: not valid YAML:")
    library = load_library()
    total = 1 + len(library.routines) + len(library.programmes) + 2  # + 2 bad files
    assert lines[3] == f"3 problems in 2 of {total} files."


def test_validate_paths(capsys: Capture, tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", MINIMAL)
    bad = write(tmp_path, "bad.yaml", "name: N\nkind: core\nsteps:\n  - exercise: nope\n")
    assert run(capsys, "validate", str(good)) == (0, "1 file checked: all valid.\n", "")
    code, out, _ = run(capsys, "validate", str(good), str(bad), str(tmp_path / "missing.yaml"))
    assert code == 2
    assert out.splitlines() == [
        f'{bad}:4:15: steps[0].exercise: unknown exercise "nope"; '
        "`coach list --exercises` shows them",
        f"{tmp_path / 'missing.yaml'}: no such file or folder",
        "2 problems in 2 of 3 files.",
    ]


def test_validate_a_folder_with_its_own_exercises(capsys: Capture, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    write(
        folder,
        "exercises.yaml",
        "exercises:\n  - id: hop\n    name: Hop\n    target: legs\n    cues: [Up., Down.]\n",
    )
    write(folder, "hops.yaml", "name: H\nkind: core\nsteps:\n  - exercise: hop\n")
    write(folder, "dup.yml", "id: hops\nname: H\nkind: core\nsteps:\n  - exercise: hop\n")
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 2
    assert out.splitlines() == [
        # hops.yaml is named after the id, so it wins over dup.yml, read first
        f'{folder / "dup.yml"}:1:1: id: routine id "hops" is also used by hops.yaml; ids must be '
        "unique in a folder, so this file is skipped",
        "1 problem in 1 of 3 files.",
    ]
    assert (
        run(capsys, "validate", str(folder / "hops.yaml"))[0] == 0
    )  # finds exercises.yaml beside it
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(capsys, "validate", str(empty))[0] == 2


def test_validate_an_exercise_library(capsys: Capture, tmp_path: Path) -> None:
    path = write(tmp_path, "exercises.yaml", "exercises:\n  - id: chin-tuck\n    cues: [one]\n")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert out.splitlines()[0] == f"{path}:3:11: exercises[0].cues: give 2 to 4 short cues, got 1"


def test_validate_checks_the_config_file(capsys: Capture) -> None:
    pytest.importorskip("coach.config")
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("sittin:\n  every: 1h\n", encoding="utf-8")
    code, out, _ = run(capsys, "validate")
    assert code == 2
    assert out.splitlines()[0].startswith(f"{config}:1:1: sittin: unknown setting")
    assert run(capsys, "validate", str(config))[0] == 2


# --------------------------------------------------------------------------- new


def test_new_writes_a_commented_template_that_validates(capsys: Capture) -> None:
    code, out, _ = run(capsys, "new", "my-break")
    target = paths.user_routines_dir() / "my-break.yaml"
    assert (code, out) == (0, f"{target}\n")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../routine.schema.json\n")
    assert "name: My break" in text and "# - therapy:" in text
    assert (paths.config_dir() / "routine.schema.json").is_file()
    assert run(capsys, "validate", str(target))[0] == 0
    routine = load_library().get("my-break")
    assert not routine.builtin and len(routine.steps) == 8


def test_new_refuses_to_overwrite(capsys: Capture) -> None:
    assert run(capsys, "new", "mine")[0] == 0
    target = paths.user_routines_dir() / "mine.yaml"
    target.write_text("my own words", encoding="utf-8")
    code, out, err = run(capsys, "new", "mine")
    assert (code, out) == (2, "")
    assert err == f"coach: {target} already exists; edit it, or choose another id\n"
    assert target.read_text(encoding="utf-8") == "my own words"
    write(target.parent, "other.yml", MINIMAL)
    assert run(capsys, "new", "other")[0] == 2


def test_new_from_copies_the_source_text(capsys: Capture) -> None:
    code, out, _ = run(capsys, "new", "my-desk", "--from", "desk-break")
    target = paths.user_routines_dir() / "my-desk.yaml"
    assert code == 0 and out == f"{target}\n"
    source = (Path(str(builtin_dir())) / "desk-break.yaml").read_text(encoding="utf-8")
    copied = target.read_text(encoding="utf-8")
    assert copied.splitlines()[:2] == [
        "# yaml-language-server: $schema=../routine.schema.json",
        "# Copied from the built-in routine desk-break by `coach new`.",
    ]
    assert copied.splitlines()[2:] == source.splitlines()[1:]  # the rest, word for word
    library = load_library()
    assert library.get("my-desk").name == "Desk break"
    assert library.get("my-desk").steps == library.get("desk-break").steps


def test_new_from_a_file_with_an_id_line_changes_it(capsys: Capture, user_dir: Path) -> None:
    write(user_dir, "first.yaml", "id: first\n" + MINIMAL)
    assert run(capsys, "new", "second", "--from", "first")[0] == 0
    assert "id: second\n" in (user_dir / "second.yaml").read_text(encoding="utf-8")
    assert load_library().get("second").name == "Mine"


def test_new_over_a_built_in_id_says_it_replaces_it(capsys: Capture) -> None:
    code, out, _ = run(capsys, "new", "desk-break", "--from", "desk-break")
    assert code == 0
    assert out.splitlines()[1] == "It replaces the built-in routine desk-break while it exists."


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "My Break"], 'coach: "My Break" is not a valid routine id'),
        (["new", "x", "--from", "desk-brake"], 'coach: unknown routine "desk-brake" (did you mean'),
    ],
)
def test_new_rejects_bad_input(capsys: Capture, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(message)
    assert not paths.user_routines_dir().exists() or not any(paths.user_routines_dir().iterdir())


# --------------------------------------------------------------------------- schema


def test_schema_prints_json_schema(capsys: Capture, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["name", "kind", "steps"]
    exercises = json.loads(run(capsys, "schema", "--exercises")[1])
    assert exercises["required"] == ["exercises"]
    target = tmp_path / "s.json"
    assert run(capsys, "schema", "-o", str(target)) == (0, f"{target}\n", "")
    assert json.loads(target.read_text()) == schema
