"""Who may create, repair or only read the history: `coach status` and the daemon never
create or rename it, the window repairs, `coach doctor` checks it can be written."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from coach import paths
from coach.cli import main
from coach.config import Config
from coach.history.calendar import open_journal
from coach.history.journal import Journal, JournalError

MOMENT = datetime(2026, 3, 1, 14, 5, 9).astimezone()


def coach_files() -> list[str]:
    folder = paths.data_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def damage() -> bytes:
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    garbage = b"not a database" * 300
    paths.database_file().write_bytes(garbage)
    return garbage


def make_newer() -> None:
    with Journal() as journal:
        journal.log_water(100, datetime.now().astimezone())
    conn = sqlite3.connect(paths.database_file())
    conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    conn.commit()
    conn.close()


def status(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["status"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return out


def test_status_never_creates_the_history(capsys: pytest.CaptureFixture[str]) -> None:
    status(capsys)
    assert coach_files() == []


def test_status_never_renames_a_damaged_history(capsys: pytest.CaptureFixture[str]) -> None:
    garbage = damage()
    status(capsys)
    assert coach_files() == ["coach.db"]
    assert paths.database_file().read_bytes() == garbage


def test_status_reads_a_newer_coachs_history(capsys: pytest.CaptureFixture[str]) -> None:
    make_newer()
    before = coach_files()
    assert "water 0.1/2.0 L" in status(capsys)  # the 100 ml it holds, not 0
    assert coach_files() == before


def test_the_daemon_neither_creates_nor_renames(tmp_path: Path) -> None:
    from coach.reminders.daemon import _open_journal

    class Log:
        def __init__(self) -> None:
            self.lines: list[str] = []

        def event(self, text: str) -> None:
            self.lines.append(text)

    log = Log()
    assert _open_journal(log, Config()) is None  # type: ignore[arg-type]
    assert coach_files() == []
    assert "no history yet" in log.lines[-1]
    garbage = damage()
    assert _open_journal(log, Config()) is None  # type: ignore[arg-type]
    assert paths.database_file().read_bytes() == garbage
    assert "coach doctor --repair" in log.lines[-1]


def test_the_window_repairs_and_says_so() -> None:
    from coach.tui.launch import _open_journal

    garbage = damage()
    notices: list[str] = []
    journal = _open_journal(Config(), notices)
    assert journal is not None
    journal.close()
    (moved,) = paths.data_dir().glob("coach.db.corrupt-*")
    assert moved.read_bytes() == garbage
    assert any(str(moved) in notice for notice in notices)


def test_open_journal_refuses_to_create_or_repair_unless_asked() -> None:
    with pytest.raises(JournalError, match="no history yet"):
        open_journal(create=False)
    damage()
    with pytest.raises(JournalError, match="doctor --repair"):
        open_journal()
    with open_journal(repair=True) as journal:
        assert len(journal.notices) == 1


def test_doctor_says_whether_the_history_can_be_written(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    main(["doctor"])
    assert "not created yet" in capsys.readouterr().out
    with Journal() as journal:
        journal.log_water(100, MOMENT)
    main(["doctor"])
    assert "ok database" in capsys.readouterr().out

    def full(self: Journal) -> None:
        raise JournalError("the disk is full (database or disk is full)")

    monkeypatch.setattr(Journal, "check_writable", full)
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "-- database" in out and "the disk is full" in out
