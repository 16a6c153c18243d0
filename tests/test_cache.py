"""Results kept between runs (coach.cache): used again only under their own signature,
only from a file nobody else could have written, and never in place of a file's errors."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from coach import cache, paths
from coach.config import Config, load_config_cached
from coach.routines import catalog
from coach.routines.library import Library, cached_library, load_library
from coach.routines.model import ExerciseStep

ROUTINE = """\
version: 1
name: Mine
kind: stretch
steps:
  - exercise: cat-cow
    reps: {reps}
"""


@pytest.fixture
def user_dir() -> Path:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class CountingLoad:
    """`load_library`, counting the times the files were read."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, user_dir: Path) -> Library:
        self.calls += 1
        return load_library(user_dir)


def test_a_value_comes_back_only_under_its_own_signature() -> None:
    cache.write_pickle("thing", ["a", 1], {"x": [1, 2]})
    assert cache.read_pickle("thing", ["a", 1]) == {"x": [1, 2]}
    assert cache.read_pickle("thing", ["a", 2]) is None
    cache.write_json("listing", ["a"], {"rows": []})
    assert cache.read_json("listing", ["a"]) == {"rows": []}
    assert cache.read_json("listing", ["b"]) is None


def test_the_cache_is_private() -> None:
    cache.write_pickle("thing", [1], "value")
    assert (cache.cache_dir() / "thing.pickle").stat().st_mode & 0o777 == 0o600
    assert cache.cache_dir().stat().st_mode & 0o777 == 0o700


def test_a_group_writable_pickle_is_not_read() -> None:
    cache.write_pickle("thing", [1], "value")
    file = cache.cache_dir() / "thing.pickle"
    file.chmod(0o620)
    assert cache.read_pickle("thing", [1]) is None
    file.chmod(0o602)
    assert cache.read_pickle("thing", [1]) is None
    file.chmod(0o600)
    assert cache.read_pickle("thing", [1]) == "value"


def test_a_pickle_owned_by_someone_else_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.write_pickle("thing", [1], "value")
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)  # the file is now another user's
    assert cache.read_pickle("thing", [1]) is None


def test_a_corrupt_or_foreign_pickle_is_not_used() -> None:
    folder = paths.private_dir(cache.cache_dir())
    (folder / "thing.pickle").write_bytes(b"\x80\x05not a pickle")
    os.chmod(folder / "thing.pickle", 0o600)
    assert cache.read_pickle("thing", [1]) is None
    (folder / "thing.pickle").write_bytes(pickle.dumps("no signature"))
    assert cache.read_pickle("thing", [1]) is None


def test_the_library_is_read_once_while_nothing_changes(user_dir: Path) -> None:
    (user_dir / "mine.yaml").write_text(ROUTINE.format(reps=8), encoding="utf-8")
    load = CountingLoad()
    first = cached_library(user_dir, load=load)
    again = cached_library(user_dir, load=load)
    assert load.calls == 1
    assert again.routines.keys() == first.routines.keys()
    assert again.get("mine").steps == first.get("mine").steps


def test_a_changed_routine_file_is_read_again(user_dir: Path) -> None:
    mine = user_dir / "mine.yaml"
    mine.write_text(ROUTINE.format(reps=8), encoding="utf-8")
    load = CountingLoad()
    cached_library(user_dir, load=load)
    mine.write_text(ROUTINE.format(reps=12), encoding="utf-8")
    os.utime(mine, ns=(1, 1))  # another size and time: another signature
    library = cached_library(user_dir, load=load)
    assert load.calls == 2
    step = library.get("mine").steps[0]
    assert isinstance(step, ExerciseStep) and step.dose.reps == 12


def test_changed_code_reads_the_files_again(
    user_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "loader.py"
    code.write_text("# one version\n")
    monkeypatch.setattr(catalog, "code_files", lambda: [code])
    load = CountingLoad()
    cached_library(user_dir, load=load)
    cached_library(user_dir, load=load)
    code.write_text("# another version, longer\n")
    cached_library(user_dir, load=load)
    assert load.calls == 2


def test_a_library_with_problems_is_never_kept(user_dir: Path) -> None:
    (user_dir / "broken.yaml").write_text("version: 1\nname: [\n", encoding="utf-8")
    load = CountingLoad()
    first = cached_library(user_dir, load=load)
    second = cached_library(user_dir, load=load)
    assert first.problems and second.problems
    assert load.calls == 2
    assert not (cache.cache_dir() / "library.pickle").exists()


def test_the_config_is_kept_until_its_file_changes() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("water:\n  goal: 1.5l\n", encoding="utf-8")
    config, error = load_config_cached(path)
    assert error is None and config.water_goal_ml == 1500
    assert (cache.cache_dir() / "config.pickle").exists()
    again, _ = load_config_cached(path)
    assert again == config
    path.write_text("water:\n  goal: 2.5l\n", encoding="utf-8")
    changed, _ = load_config_cached(path)
    assert changed.water_goal_ml == 2500


def test_a_config_with_errors_is_read_every_time_and_says_so() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("sitting_intervall: 50m\n", encoding="utf-8")
    for _ in range(2):
        config, error = load_config_cached(path)
        assert error is not None and "sitting_intervall" in str(error)
        assert config == Config()
