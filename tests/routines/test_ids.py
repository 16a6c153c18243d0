"""One id grammar (coach.ids) for new, validate, the builder, import, export and the config."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from coach import ids, paths
from coach.cli import main
from coach.errors import CoachError, InvalidFile
from coach.routines.draft import Draft, DraftError
from coach.routines.library import load_library
from coach.routines.sharing import read_import, user_routine_path
from coach.routines.writer import dump_routine

VALID = ["a", "0", "desk-break", "my_stretch", "4-7-8", "a" * 64, "x-_-y"]
INVALID = [
    "",
    "-leading-dash",
    "_leading_underscore",
    "Upper",
    "with space",
    "dot.ted",
    "../escape",
    "slash/ed",
    "a" * 65,
    "ünïcode",
    "tab\t",
]


@pytest.mark.parametrize("text", [*VALID, "exercises"])
def test_the_grammar_accepts(text: str) -> None:
    assert ids.is_id(text)


@pytest.mark.parametrize("text", INVALID)
def test_the_grammar_refuses(text: str) -> None:
    assert not ids.is_id(text)
    assert ids.id_problem(text) is not None
    assert ids.id_problem(text, "exercise") is not None


def test_exercises_is_reserved_for_a_routine_only() -> None:
    assert ids.id_problem("exercises") == (
        '"exercises" is reserved for the exercise library; choose another id'
    )
    assert ids.id_problem("exercises", "exercise") is None


@pytest.mark.parametrize("routine_id", VALID)
def test_every_surface_agrees_on_valid_ids(routine_id: str, tmp_path: Path) -> None:
    user_dir = tmp_path / "routines"
    user_dir.mkdir()
    assert user_routine_path(routine_id, user_dir) == user_dir.resolve() / f"{routine_id}.yaml"
    library = load_library(user_dir)
    draft = Draft.from_routine(library.get("desk-break"))
    draft.set_id(routine_id)
    routine, _ = draft.check(library.exercises)
    path = tmp_path / "shared.yaml"
    path.write_text(dump_routine(routine, library.exercises, inline_exercises=True))
    assert read_import(path, library.exercises)[0].id == routine_id


@pytest.mark.parametrize("routine_id", [*INVALID[1:], "exercises"])
def test_every_surface_agrees_on_invalid_ids(routine_id: str, tmp_path: Path) -> None:
    user_dir = tmp_path / "routines"
    user_dir.mkdir()
    with pytest.raises(CoachError):
        user_routine_path(routine_id, user_dir)
    library = load_library(user_dir)
    draft = Draft.from_routine(library.get("desk-break"))
    draft.set_id(routine_id)
    with pytest.raises(DraftError, match=r"^id: "):
        draft.check(library.exercises)
    path = tmp_path / "shared.yaml"
    path.write_text(f"id: {routine_id!r}\nname: N\nkind: core\nsteps: [{{rest: 5s}}]\n")
    with pytest.raises(InvalidFile, match="id: "):
        read_import(path, library.exercises)
    assert main(["new", "--", routine_id]) == 2


def test_new_export_and_import_on_a_second_home_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The disagreement of issue 13: `coach new my_stretch` worked, `coach import` refused."""
    assert main(["new", "my_stretch"]) == 0
    assert main(["validate", str(paths.user_routines_dir() / "my_stretch.yaml")]) == 0
    shared = tmp_path / "x.yaml"
    assert main(["export", "my_stretch", "-o", str(shared)]) == 0
    second = tmp_path / "second-home"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(second / ".config"))
    capsys.readouterr()
    assert main(["import", str(shared)]) == 0
    assert "Installed" in capsys.readouterr().out
    assert (second / ".config/coach/routines/my_stretch.yaml").is_file()


def test_new_refuses_the_library_file_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "exercises"]) == 2
    assert "reserved for the exercise library" in capsys.readouterr().err
    assert not (paths.user_routines_dir() / "exercises.yaml").exists()


def test_import_refuses_a_fifo_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            read_import(fifo, {})
        except InvalidFile as error:
            outcome.append(error)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "reading a FIFO blocked"
    assert [str(e) for e in outcome[0].errors] == [f"{fifo}: is not a regular file"]


def test_import_refuses_a_device_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InvalidFile, match="is not a regular file"):
        read_import(Path("/dev/zero"), {})
    with pytest.raises(InvalidFile, match="is a folder, not a file"):
        read_import(tmp_path, {})
