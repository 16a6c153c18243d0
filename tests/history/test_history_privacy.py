"""Private data private: coach's folders 0700, the history, config and routines 0600,
from the first start; looser ones tightened at start with a note; `coach doctor` checks."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from coach import paths
from coach.cli import main


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask most systems start with (files 0644, folders 0755 unless coach says so)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_first_start_makes_everything_private(capsys: pytest.CaptureFixture[str]) -> None:
    from coach.config import ensure_config_file
    from coach.routines.sharing import write_user_file

    ensure_config_file()  # what the window and the daemon do first
    run(capsys, "drink")  # creates the history
    run(capsys, "new", "mine")  # a routine of one's own
    write_user_file(paths.user_routines_dir() / "shared.yaml", "version: 1\n")  # import, builder
    database = paths.database_file()
    from coach.history.journal import Journal

    open_meanwhile = Journal()  # the -wal and -shm files exist while it is open
    open_meanwhile.log_water(100, datetime.now().astimezone())
    folders = [paths.data_dir(), paths.config_dir(), paths.user_routines_dir()]
    files = [
        database,
        Path(f"{database}-wal"),
        Path(f"{database}-shm"),
        paths.config_file(),
        paths.user_routines_dir() / "mine.yaml",
        paths.user_routines_dir() / "shared.yaml",
    ]
    assert {str(p): oct(mode(p)) for p in folders} == {str(p): "0o700" for p in folders}
    assert {str(p): oct(mode(p)) for p in files} == {str(p): "0o600" for p in files}
    open_meanwhile.close()
    _, out, _ = run(capsys, "doctor")
    assert "ok privacy" in out


def test_looser_files_are_tightened_at_start_with_a_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for folder in (paths.data_dir(), paths.user_routines_dir()):
        folder.mkdir(parents=True)
        folder.chmod(0o755)
    paths.config_file().write_text("# my settings\n")
    routine = paths.user_routines_dir() / "old.yaml"
    routine.write_text("version: 1\n")
    for path in (paths.config_file(), routine):
        path.chmod(0o644)
    paths.config_dir().chmod(0o755)
    code, out, _ = run(capsys, "doctor")
    assert code == 0 and "-- privacy" in out and "readable by others" in out

    code, _, err = run(capsys, "stats")  # any start says it once
    assert code == 0
    assert "private now" in err and str(paths.config_file()) in err
    for path in (paths.data_dir(), paths.config_dir(), paths.user_routines_dir()):
        assert mode(path) == 0o700
    for path in (paths.config_file(), routine, paths.database_file()):
        assert mode(path) == 0o600
    _, _, err = run(capsys, "stats")
    assert err == ""  # nothing more to say


def test_a_symlinked_routine_is_left_alone(tmp_path: Path) -> None:
    elsewhere = tmp_path / "dotfiles.yaml"
    elsewhere.write_text("version: 1\n")
    elsewhere.chmod(0o644)
    paths.user_routines_dir().mkdir(parents=True)
    (paths.user_routines_dir() / "linked.yaml").symlink_to(elsewhere)
    paths.tighten_private_files()
    assert mode(elsewhere) == 0o644


def test_repair_makes_files_private(capsys: pytest.CaptureFixture[str]) -> None:
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text("# my settings\n")
    paths.config_file().chmod(0o644)
    _, out, _ = run(capsys, "doctor", "--repair")
    assert "private now" in out and "ok privacy" in out
    assert mode(paths.config_file()) == 0o600
