"""The library: built-ins from the package, the user's routines and exercises over them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from routines_helpers import MINIMAL, write

import coach
from coach.errors import CoachError
from coach.routines.library import builtin_dir, load_library
from coach.routines.model import ExerciseStep, Kind

REQUIRED = {
    "desk-break",
    "morning-mobility",
    "core-strength",
    "spasm-relief",
    "box-breathing",
    "breathing-4-7-8",
    "slow-breathing",
    "ice-heat",
    "hydration-break",
    "evening-wind-down",
    "eye-neck-break",
}


def test_built_ins_load_without_problems() -> None:
    library = load_library()
    assert library.problems == []
    assert len(library.routines) >= 10
    assert len(library.exercises) >= 25
    assert set(library.routines) >= REQUIRED
    for routine_id, routine in library.routines.items():
        assert routine.builtin
        assert routine.source is not None and routine.source.stem == routine_id
    assert library.overridden == {}


def test_built_ins_come_from_the_package_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "routines").mkdir()  # a decoy where a cwd-walking loader would look
    write(tmp_path / "routines", "desk-break.yaml", MINIMAL)
    library = load_library()
    assert library.routines["desk-break"].name == "Desk break"
    package = Path(coach.__file__).resolve().parent
    assert Path(str(builtin_dir())).is_relative_to(package)


def test_a_user_routine_overrides_the_built_in(user_dir: Path) -> None:
    write(user_dir, "desk-break.yaml", MINIMAL)
    write(user_dir, "mine.yaml", MINIMAL)
    library = load_library()
    assert library.routines["desk-break"].name == "Mine"
    assert not library.routines["desk-break"].builtin
    assert library.overridden["desk-break"].name == "Desk break"
    assert not library.routines["mine"].builtin
    assert library.routines["morning-mobility"].builtin


def test_user_exercises_add_and_change_exercises_for_every_routine(user_dir: Path) -> None:
    write(
        user_dir,
        "exercises.yaml",
        """\
        exercises:
          - id: chin-tuck
            cues: [My first cue., My second cue.]
          - id: wall-slide
            name: Wall slide
            target: upper back
            cues: [Back to the wall., Slide the arms up.]
        """,
    )
    write(user_dir, "slides.yaml", "name: S\nkind: posture\nsteps:\n  - exercise: wall-slide\n")
    library = load_library()
    assert library.problems == []
    assert library.exercises["chin-tuck"].cues == ("My first cue.", "My second cue.")
    assert library.builtin_exercises["chin-tuck"].cues != ("My first cue.", "My second cue.")
    desk = library.routines["desk-break"]  # a built-in routine picks up the user's change
    chin = next(
        s for s in desk.steps if isinstance(s, ExerciseStep) and s.exercise.id == "chin-tuck"
    )
    assert chin.exercise.cues == ("My first cue.", "My second cue.")
    assert library.routines["slides"].name == "S"


def test_a_broken_file_never_stops_the_others(user_dir: Path) -> None:
    write(user_dir, "broken.yaml", "name: B\nkind: nope\nsteps: [{rest: 5s}]\n")
    write(user_dir, "exercises.yaml", "exercises:\n  - id: half\n    name: Half\n")
    write(user_dir, "fine.yaml", MINIMAL)
    library = load_library()
    assert "fine" in library.routines and "desk-break" in library.routines
    assert "broken" not in library.routines
    paths = sorted(Path(p.path).name for p in library.problems)
    assert paths == ["broken.yaml", "exercises.yaml"]
    with pytest.raises(CoachError, match=r'routine "broken" has errors:\n.*broken\.yaml:2:7: kind'):
        library.get("broken")


def test_duplicate_ids_in_one_folder(user_dir: Path) -> None:
    write(user_dir, "a.yaml", MINIMAL)
    write(user_dir, "a.yml", MINIMAL)
    write(user_dir, "b.yaml", "# mine\nid: a\n" + MINIMAL)
    library = load_library()
    assert library.routines["a"].source == user_dir / "a.yaml"
    errors = {Path(p.path).name: [str(e) for e in p.errors] for p in library.problems}
    assert errors == {
        "a.yml": [
            f'{user_dir / "a.yml"}: id: routine id "a" is also used by a.yaml; ids must be '
            "unique in a folder, so this file is skipped"
        ],
        "b.yaml": [
            f'{user_dir / "b.yaml"}:2:1: id: routine id "a" is also used by a.yaml; ids must be '
            "unique in a folder, so this file is skipped"
        ],
    }


def test_only_routine_files_of_the_folder_itself_are_read(user_dir: Path) -> None:
    write(user_dir, ".hidden.yaml", "not: valid: yaml: [")
    write(user_dir, "notes.txt", "hello")
    write(user_dir, "draft.yaml~", "junk")
    (user_dir / "old").mkdir()
    write(user_dir / "old", "older.yaml", MINIMAL)
    library = load_library()
    assert library.problems == []
    assert "older" not in library.routines and "hidden" not in library.routines


def test_get_suggests_a_close_id() -> None:
    library = load_library()
    assert library.get("desk-break").id == "desk-break"
    with pytest.raises(
        CoachError, match=r'unknown routine "desk-brake" \(did you mean "desk-break"\?\)'
    ):
        library.get("desk-brake")
    with pytest.raises(CoachError, match='unknown routine "zzz"; `coach list` shows them all'):
        library.get("zzz")


def test_by_kind_groups_in_kind_order_sorted_by_name() -> None:
    groups = load_library().by_kind()
    assert list(groups) == [kind for kind in Kind if kind in groups]
    assert Kind.BREATHING in groups and Kind.CORE in groups and Kind.THERAPY in groups
    for kind, routines in groups.items():
        assert all(r.kind is kind for r in routines)
        names = [r.name.lower() for r in routines]
        assert names == sorted(names)
    assert sum(len(r) for r in groups.values()) == len(load_library().routines)


def test_a_user_folder_that_is_a_file_is_ignored(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "routines"
    not_a_folder.write_text("x")
    assert load_library(not_a_folder).problems == []


def test_unreadable_user_file_is_a_problem(user_dir: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = write(user_dir, "locked.yaml", MINIMAL)
    path.chmod(0)
    problems = load_library().problems
    assert [str(e) for p in problems for e in p.errors] == [
        f"{path}: cannot read it: Permission denied"
    ]
