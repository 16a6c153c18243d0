"""Schema versions, forward migrations, and files that must never be overwritten."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

import coach.history.schema as schema_module
from coach.history.journal import MIGRATIONS, Journal, JournalError

MOMENT = datetime(2026, 3, 1, 14, 5, 9).astimezone()
ALL = list(range(1, len(MIGRATIONS) + 1))


def versions(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
    finally:
        conn.close()


def aside(path: Path, label: str) -> list[Path]:
    """The files moved aside (without their -wal and -shm side files)."""
    found = path.parent.glob(f"{path.name}.{label}-*")
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm")))


def test_a_new_file_gets_every_migration(db_path: Path) -> None:
    Journal(db_path).close()
    assert versions(db_path) == list(range(1, len(MIGRATIONS) + 1))
    conn = sqlite3.connect(db_path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert {
        "schema_version",
        "sessions",
        "steps",
        "reminders",
        "water",
        "pain",
        "settings",
    } <= tables


def test_reopening_changes_nothing(db_path: Path) -> None:
    with Journal(db_path) as journal:
        journal.log_water(250, MOMENT)
    with Journal(db_path) as journal:
        assert journal.water_on(MOMENT.date()) == 250
        assert journal.notices == []
    assert versions(db_path) == ALL


def test_an_older_file_is_upgraded_in_place(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Journal(db_path) as journal:
        journal.log_water(250, MOMENT)
    upgraded = [*MIGRATIONS, "ALTER TABLE water ADD COLUMN note TEXT NOT NULL DEFAULT '';"]
    monkeypatch.setattr(schema_module, "MIGRATIONS", upgraded)
    with Journal(db_path) as journal:
        assert journal.water_on(MOMENT.date()) == 250  # the data came along
        assert journal.notices == []
    assert versions(db_path) == [*ALL, len(ALL) + 1]
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT note FROM water").fetchone() == ("",)
    conn.close()


def test_a_first_version_history_learns_what_its_sessions_did(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Written by a coach that knew only the time a session took: as the old rules
    # counted them, a session completed or with a step done worked for its time, up to
    # its plan; one quit before any step did nothing.
    monkeypatch.setattr(schema_module, "MIGRATIONS", MIGRATIONS[:1])
    Journal(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.executescript(
        """
        INSERT INTO sessions (id, routine_id, routine_name, kind, day, started_ts,
          started_offset, status, planned_seconds, active_seconds, steps_done)
        VALUES (1, 'core', 'Core', 'core', '2026-03-01', 0, 0, 'completed', 600, 700, 1),
               (2, 'core', 'Core', 'core', '2026-03-01', 9, 0, 'quit', 600, 40, 0);
        INSERT INTO steps (session_id, step_index, name, status, active_seconds, ended_ts,
          ended_offset) VALUES (1, 0, 'Plank', 'done', 700, 0, 0);
        """
    )
    conn.close()
    done, empty = 1, 2
    monkeypatch.setattr(schema_module, "MIGRATIONS", MIGRATIONS)
    with Journal(db_path) as journal:
        assert versions(db_path) == ALL
        first, second = journal.session(done), journal.session(empty)
        assert first is not None and second is not None
        assert (first.work_seconds, first.planned_work_seconds) == (600, 600)
        assert first.outcome == "completed"
        assert (second.work_seconds, second.outcome) == (0, "no work")
        assert [s.routine_id for s in journal.recent_sessions()] == ["core"]
        journal.log_activity("walk", 1800, MOMENT)  # the new tables are there
        assert journal.moderate_seconds_by_day(MOMENT.date(), MOMENT.date()) == {
            MOMENT.date(): 1800
        }


def test_a_failing_migration_leaves_the_file_as_it_was(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal(db_path) as journal:
        journal.log_water(250, MOMENT)
    broken = [*MIGRATIONS, "ALTER TABLE water ADD COLUMN note TEXT;\nTHIS IS NOT SQL;"]
    monkeypatch.setattr(schema_module, "MIGRATIONS", broken)
    with pytest.raises(JournalError):
        Journal(db_path)
    assert versions(db_path) == ALL
    conn = sqlite3.connect(db_path)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(water)")]
    conn.close()
    assert "note" not in columns  # the first statement was rolled back too
    assert aside(db_path, "corrupt") == []  # an error in our script is not the file's fault


def test_a_file_from_a_newer_coach_is_moved_aside(db_path: Path) -> None:
    with Journal(db_path) as journal:
        journal.log_water(250, MOMENT)
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    conn.commit()
    conn.close()

    with Journal(db_path, now=MOMENT) as journal:
        (moved,) = aside(db_path, "newer")
        assert moved.name == "coach.db.newer-20260301-140509"
        assert journal.water_on(MOMENT.date()) == 0  # a fresh history
        (notice,) = journal.notices
        assert str(moved) in notice and "newer coach" in notice
    assert versions(moved)[-1] == 99  # the old file is untouched
    assert versions(db_path) == ALL


def test_garbage_is_moved_aside_and_a_fresh_file_works(db_path: Path) -> None:
    garbage = b"this is not a database at all\n" * 200
    db_path.write_bytes(garbage)
    with Journal(db_path, now=MOMENT) as journal:
        journal.log_water(250, MOMENT)
        assert journal.water_on(MOMENT.date()) == 250
        (notice,) = journal.notices
    (moved,) = aside(db_path, "corrupt")
    assert moved.read_bytes() == garbage
    assert str(moved) in notice and "damaged" in notice


def test_a_malformed_database_is_moved_aside(db_path: Path) -> None:
    with Journal(db_path) as journal:
        journal.log_water(250, MOMENT)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # keep the header, wreck the schema page
    db_path.write_bytes(bytes(data))
    with Journal(db_path, now=MOMENT) as journal:
        assert journal.water_on(MOMENT.date()) == 0
        assert len(journal.notices) == 1
    assert len(aside(db_path, "corrupt")) == 1


def test_another_programs_database_is_not_taken_over(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with Journal(db_path, now=MOMENT) as journal:
        assert "not a coach history" in journal.notices[0]
    (moved,) = aside(db_path, "corrupt")
    conn = sqlite3.connect(moved)
    assert conn.execute("SELECT count(*) FROM photos").fetchone() == (0,)
    conn.close()


def test_notices_wait_until_dismissed(db_path: Path) -> None:
    db_path.write_bytes(b"\x00garbage" * 100)
    Journal(db_path, now=MOMENT).close()  # e.g. the daemon opened it: nobody saw the notice
    with Journal(db_path) as journal:
        assert len(journal.notices) == 1
        journal.dismiss_notices()
    with Journal(db_path) as journal:
        assert journal.notices == []


def test_two_bad_files_in_the_same_second_both_kept(db_path: Path) -> None:
    for _ in range(2):
        db_path.write_bytes(b"garbage" * 100)
        Journal(db_path, now=MOMENT).close()
    assert len(aside(db_path, "corrupt")) == 2


def test_a_path_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(JournalError, match="cannot create the folder"):
        Journal(blocker / "coach.db")
    assert blocker.read_text() == "x"


def test_a_file_in_use_elsewhere_takes_its_wal_and_shm_files_along(db_path: Path) -> None:
    # A newer coach still has the file open, its last writes only in coach.db-wal: the
    # side files belong to the old file and go with it, or those writes would be lost.
    newer = sqlite3.connect(db_path, isolation_level=None)
    try:
        newer.execute("PRAGMA journal_mode = WAL")
        newer.execute("PRAGMA wal_autocheckpoint = 0")
        newer.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, at TEXT)")
        newer.execute("INSERT INTO schema_version VALUES (99, 'later')")
        newer.execute("CREATE TABLE notes (text TEXT)")
        newer.execute("INSERT INTO notes VALUES ('only in the wal so far')")
        with Journal(db_path, now=MOMENT) as journal:
            assert "newer coach" in journal.notices[0]
            journal.log_water(250, MOMENT)
            assert journal.water_on(MOMENT.date()) == 250
        (moved,) = aside(db_path, "newer")
        assert Path(f"{moved}-wal").exists() and Path(f"{moved}-shm").exists()
        kept = sqlite3.connect(moved)
        assert kept.execute("SELECT text FROM notes").fetchall() == [("only in the wal so far",)]
        kept.close()
    finally:
        newer.close()
