"""Hot reload: files written by the test, mtimes set by hand, no sleeping."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from coach import paths
from coach.routines.library import load_library
from coach.routines.model import ExerciseStep
from coach.routines.watch import FolderSnapshot, RoutineWatcher, changes, reload_files

_clock = itertools.count(1_700_000_000_000_000_000, 1_000_000_000)


def routine_text(routine_id: str, name: str, hold: str = "20s") -> str:
    return (
        f"id: {routine_id}\nname: {name}\nkind: stretch\n"
        f"steps:\n  - exercise: knee-to-chest\n    hold: {hold}\n"
    )


@pytest.fixture
def folder() -> Path:
    path = paths.user_routines_dir()
    path.mkdir(parents=True)
    return path


def put(folder: Path, name: str, text: str) -> Path:
    """Write a file and give it a new mtime, as a save a second later would."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    stamp = next(_clock)
    os.utime(path, ns=(stamp, stamp))
    return path


@pytest.fixture
def watcher(folder: Path) -> RoutineWatcher:
    return RoutineWatcher(load_library(folder), folder)


# --------------------------------------------------------------------------- snapshots


def test_a_missing_folder_is_an_empty_snapshot(tmp_path: Path) -> None:
    assert FolderSnapshot.take(tmp_path / "nowhere").files == {}


def test_snapshot_lists_routine_files_only(folder: Path, tmp_path: Path) -> None:
    put(folder, "a.yaml", "x")
    put(folder, "b.yml", "xy")
    put(folder, ".a.yaml.swp", "editor")
    put(folder, "a.yaml~", "backup")
    put(folder, "notes.txt", "hi")
    (folder / "sub.yaml").mkdir()
    target = put(tmp_path, "elsewhere.yaml", "linked")
    (folder / "linked.yaml").symlink_to(target)
    (folder / "dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    snapshot = FolderSnapshot.take(folder)
    assert sorted(snapshot.files) == ["a.yaml", "b.yml", "linked.yaml"]
    assert snapshot.files["b.yml"][1] == 2
    assert snapshot.files["linked.yaml"] == (target.stat().st_mtime_ns, 6)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({}, {}, ((), (), ())),
        ({}, {"a.yaml": (1, 1)}, (("a.yaml",), (), ())),
        ({"a.yaml": (1, 1)}, {}, ((), (), ("a.yaml",))),
        ({"a.yaml": (1, 1)}, {"a.yaml": (2, 1)}, ((), ("a.yaml",), ())),  # touched
        ({"a.yaml": (1, 1)}, {"a.yaml": (1, 2)}, ((), ("a.yaml",), ())),  # same tick, new size
        ({"a.yaml": (1, 1)}, {"a.yaml": (1, 1)}, ((), (), ())),
        (
            {"a.yaml": (1, 1), "b.yaml": (1, 1), "c.yaml": (1, 1)},
            {"b.yaml": (1, 1), "c.yaml": (5, 1), "d.yaml": (1, 1), "e.yaml": (1, 1)},
            (("d.yaml", "e.yaml"), ("c.yaml",), ("a.yaml",)),
        ),
    ],
)
def test_changes(
    before: dict[str, tuple[int, int]],
    after: dict[str, tuple[int, int]],
    expected: tuple[tuple[str, ...], ...],
) -> None:
    assert changes(FolderSnapshot(before), FolderSnapshot(after)) == expected


# --------------------------------------------------------------------------- the watcher


def test_nothing_changed_is_an_empty_report(watcher: RoutineWatcher) -> None:
    library = watcher.library
    report = watcher.poll()
    assert not report.changed
    assert watcher.library is library


def test_a_new_routine_appears_changes_and_disappears(
    watcher: RoutineWatcher, folder: Path
) -> None:
    path = put(folder, "mine.yaml", routine_text("mine", "Mine"))
    report = watcher.poll()
    assert report.appeared == ("mine",)
    assert watcher.library.get("mine").name == "Mine"
    assert str(path) in watcher.library.files

    put(folder, "mine.yaml", routine_text("mine", "Mine, longer", hold="30s"))
    report = watcher.poll()
    assert (report.appeared, report.updated, report.disappeared) == ((), ("mine",), ())
    step = watcher.library.get("mine").steps[0]
    assert isinstance(step, ExerciseStep) and step.dose.hold == 30

    path.unlink()
    report = watcher.poll()
    assert report.disappeared == ("mine",)
    assert "mine" not in watcher.library.routines
    assert str(path) not in watcher.library.files


def test_a_broken_file_keeps_the_last_good_version(watcher: RoutineWatcher, folder: Path) -> None:
    put(folder, "mine.yaml", routine_text("mine", "Mine"))
    watcher.poll()
    path = put(folder, "mine.yaml", routine_text("mine", "Mine", hold="20 parsecs"))
    report = watcher.poll()
    assert not report.appeared and not report.disappeared and not report.updated
    assert report.kept == ("mine",)
    [problem] = report.broken
    assert str(problem.errors[0]).startswith(f"{path}:6:11: steps[0].hold: ")
    assert watcher.library.get("mine").name == "Mine"  # still usable
    assert watcher.library.problems == [problem]

    put(folder, "mine.yaml", routine_text("mine", "Mine, fixed"))
    report = watcher.poll()
    assert report.fixed == (str(path),)
    assert report.updated == ("mine",)
    assert report.kept == ()
    assert watcher.library.problems == []
    assert watcher.library.get("mine").name == "Mine, fixed"


def test_a_new_broken_file_is_listed_not_loaded(watcher: RoutineWatcher, folder: Path) -> None:
    put(folder, "oops.yaml", "name: [unclosed\n")
    report = watcher.poll()
    assert not report.appeared
    assert [p.path for p in report.broken] == [str(folder / "oops.yaml")]
    assert "not valid YAML" in str(report.broken[0])
    (folder / "oops.yaml").unlink()
    report = watcher.poll()
    assert report.cleared == (str(folder / "oops.yaml"),)
    assert report.changed and not report.fixed
    assert watcher.library.problems == []


def test_a_user_copy_of_a_builtin_replaces_it_until_deleted(
    watcher: RoutineWatcher, folder: Path
) -> None:
    builtin = watcher.library.get("desk-break")
    assert builtin.builtin
    path = put(folder, "desk-break.yaml", routine_text("desk-break", "My desk break"))
    report = watcher.poll()
    assert report.updated == ("desk-break",) and not report.appeared
    assert watcher.library.get("desk-break").name == "My desk break"
    path.unlink()
    report = watcher.poll()
    assert report.updated == ("desk-break",) and not report.disappeared
    assert watcher.library.get("desk-break") == builtin


def test_changing_a_files_id_moves_the_routine(watcher: RoutineWatcher, folder: Path) -> None:
    put(folder, "mine.yaml", routine_text("old-id", "Mine"))
    watcher.poll()
    put(folder, "mine.yaml", routine_text("new-id", "Mine"))
    report = watcher.poll()
    assert (report.appeared, report.disappeared) == (("new-id",), ("old-id",))


def test_a_rename_keeps_the_routine(watcher: RoutineWatcher, folder: Path) -> None:
    put(folder, "b.yaml", routine_text("mine", "Mine"))
    watcher.poll()
    (folder / "b.yaml").rename(folder / "a.yaml")  # the new name sorts first
    report = watcher.poll()
    assert not report.appeared and not report.disappeared and not report.broken
    assert watcher.library.get("mine").source == folder / "a.yaml"


def test_two_files_with_one_id(watcher: RoutineWatcher, folder: Path) -> None:
    put(folder, "a.yaml", routine_text("mine", "First"))
    watcher.poll()
    put(folder, "b.yaml", routine_text("mine", "Second"))
    report = watcher.poll()
    assert not report.updated
    assert watcher.library.get("mine").name == "First"
    [problem] = report.broken
    assert "also used by a.yaml" in str(problem)


def test_files_swapping_ids_in_one_poll(watcher: RoutineWatcher, folder: Path) -> None:
    put(folder, "a.yaml", routine_text("one", "A"))
    put(folder, "b.yaml", routine_text("two", "B"))
    watcher.poll()
    put(folder, "a.yaml", routine_text("two", "A"))
    put(folder, "b.yaml", routine_text("one", "B"))
    report = watcher.poll()
    assert report.broken == ()
    assert watcher.library.get("one").name == "B"
    assert watcher.library.get("two").name == "A"
    assert report.updated == ("one", "two")


def test_a_changed_exercise_library_reloads_every_routine(
    watcher: RoutineWatcher, folder: Path
) -> None:
    put(folder, "mine.yaml", routine_text("mine", "Mine"))
    watcher.poll()
    exercises = "exercises:\n  - id: knee-to-chest\n    name: Knee hug\n"
    put(folder, "exercises.yaml", exercises)
    report = watcher.poll()
    assert "mine" in report.updated
    assert "spasm-relief" in report.updated  # a built-in that uses knee-to-chest
    step = watcher.library.get("mine").steps[0]
    assert isinstance(step, ExerciseStep) and step.exercise.name == "Knee hug"


def test_an_exercise_library_change_keeps_last_good_versions(
    watcher: RoutineWatcher, folder: Path
) -> None:
    exercises = (
        "exercises:\n  - id: wall-push\n    name: Wall push\n    target: chest\n"
        "    cues: [Hands on the wall., Lean in.]\n"
    )
    put(folder, "exercises.yaml", exercises)
    text = routine_text("mine", "Mine").replace("knee-to-chest", "wall-push")
    put(folder, "mine.yaml", text)
    watcher.poll()
    assert "mine" in watcher.library.routines
    put(folder, "exercises.yaml", "exercises: []\n")  # wall-push is gone: mine breaks
    report = watcher.poll()
    assert report.kept == ("mine",)
    assert "mine" in watcher.library.routines
    assert any('unknown exercise "wall-push"' in str(p) for p in report.broken)


def test_editor_temp_files_are_ignored(watcher: RoutineWatcher, folder: Path) -> None:
    put(folder, ".mine.yaml.swp", "garbage: [")
    put(folder, "mine.yaml~", "garbage: [")
    assert not watcher.poll().changed


def test_reload_files_leaves_the_given_library_alone(folder: Path) -> None:
    library = load_library(folder)
    put(folder, "mine.yaml", routine_text("mine", "Mine"))
    updated = reload_files(library, folder, ["mine.yaml"])
    assert "mine" in updated.routines
    assert "mine" not in library.routines


def test_a_save_while_loading_is_not_missed(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coach.routines.watch as watch

    real_load = watch.load_library

    def load_then_save(*args: object, **kwargs: object) -> object:
        library = real_load(*args, **kwargs)  # type: ignore[arg-type]
        put(folder, "late.yaml", routine_text("late", "Saved during the load"))
        return library

    monkeypatch.setattr(watch, "load_library", load_then_save)
    watcher = RoutineWatcher.load(folder)
    assert "late" not in watcher.library.routines
    assert watcher.poll().appeared == ("late",)
