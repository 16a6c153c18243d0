"""Schema versions, forward migrations, and files that must never be overwritten."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

import coach.history.schema as schema_module
from coach.history.journal import (
    MIGRATIONS,
    DamagedHistory,
    Journal,
    JournalError,
    NoHistory,
    ReadOnlyHistory,
)

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


def newer_coach(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on this process is a newer coach: one more migration, another version."""
    newer = [*MIGRATIONS, "CREATE TABLE later (x INTEGER);"]
    monkeypatch.setattr(schema_module, "MIGRATIONS", newer)
    monkeypatch.setattr(schema_module, "__version__", "9.9.9")


def test_a_file_from_a_newer_coach_is_opened_read_only(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as newer:
        newer_coach(newer)
        with Journal(db_path) as journal:
            journal.log_water(250, MOMENT)
    with Journal(db_path, now=MOMENT, repair=True) as journal:
        assert journal.water_on(MOMENT.date()) == 250  # the history is shown
        (notice,) = journal.notices
        assert "coach 9.9.9" in notice and "read-only" in notice
        assert journal.read_only == notice
        with pytest.raises(ReadOnlyHistory, match="this coach only reads it") as refused:
            journal.log_water(100, MOMENT)
        assert refused.value.retry is False  # trying again will not help
        journal.dismiss_notices()  # nothing to write: said again next time
        assert journal.notices == [notice]
    assert aside(db_path, "newer") == aside(db_path, "corrupt") == []  # never moved
    assert versions(db_path) == [*ALL, len(ALL) + 1]


def test_a_newer_file_that_says_nothing_of_its_writer_is_still_read(db_path: Path) -> None:
    with Journal(db_path) as journal:
        journal.log_water(250, MOMENT)
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    conn.execute("DELETE FROM settings")
    conn.commit()
    conn.close()
    with Journal(db_path) as journal:
        assert journal.water_on(MOMENT.date()) == 250
        assert "a newer coach (history format 99" in journal.notices[0]


def test_a_newer_and_an_older_coach_never_fork_the_history(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three rounds of: the newer coach logs 100 ml, then the older one opens the file
    # (shows the day, cannot add to it). One file holds the day's 300 ml in the end.
    for round_ in range(3):
        with monkeypatch.context() as newer:
            newer_coach(newer)
            with Journal(db_path) as journal:
                assert journal.read_only is None
                journal.log_water(100, MOMENT)
                assert journal.water_on(MOMENT.date()) == 100 * (round_ + 1)
        with Journal(db_path, repair=True) as older:
            assert older.read_only is not None
            assert older.water_on(MOMENT.date()) == 100 * (round_ + 1)
            with pytest.raises(JournalError):
                older.log_water(100, MOMENT)
    leftovers = sorted(p.name for p in db_path.parent.glob("coach.db*"))
    assert leftovers in (["coach.db"], ["coach.db", "coach.db-shm", "coach.db-wal"])
    with monkeypatch.context() as newer:
        newer_coach(newer)
        with Journal(db_path) as journal:
            assert journal.water_on(MOMENT.date()) == 300


def test_garbage_is_moved_aside_and_a_fresh_file_works(db_path: Path) -> None:
    garbage = b"this is not a database at all\n" * 200
    db_path.write_bytes(garbage)
    with Journal(db_path, now=MOMENT, repair=True) as journal:
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
    with Journal(db_path, now=MOMENT, repair=True) as journal:
        assert journal.water_on(MOMENT.date()) == 0
        assert len(journal.notices) == 1
    assert len(aside(db_path, "corrupt")) == 1


def test_another_programs_database_is_not_taken_over(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with Journal(db_path, now=MOMENT, repair=True) as journal:
        assert "not a coach history" in journal.notices[0]
    (moved,) = aside(db_path, "corrupt")
    conn = sqlite3.connect(moved)
    assert conn.execute("SELECT count(*) FROM photos").fetchone() == (0,)
    conn.close()


def test_notices_wait_until_dismissed(db_path: Path) -> None:
    db_path.write_bytes(b"\x00garbage" * 100)
    Journal(db_path, now=MOMENT, repair=True).close()  # nobody saw the notice
    with Journal(db_path) as journal:
        assert len(journal.notices) == 1
        journal.dismiss_notices()
    with Journal(db_path) as journal:
        assert journal.notices == []


def test_two_bad_files_in_the_same_second_both_kept(db_path: Path) -> None:
    for _ in range(2):
        db_path.write_bytes(b"garbage" * 100)
        Journal(db_path, now=MOMENT, repair=True).close()
    assert len(aside(db_path, "corrupt")) == 2


def test_a_path_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(JournalError, match="cannot create the folder"):
        Journal(blocker / "coach.db")
    assert blocker.read_text() == "x"


def test_a_damaged_file_is_moved_aside_only_when_repairing(db_path: Path) -> None:
    garbage = b"this is not a database at all\n" * 200
    db_path.write_bytes(garbage)
    for create in (True, False):
        with pytest.raises(DamagedHistory, match="coach doctor --repair") as refused:
            Journal(db_path, now=MOMENT, create=create)
        assert refused.value.retry is False
    assert db_path.read_bytes() == garbage  # untouched, nothing beside it
    assert sorted(p.name for p in db_path.parent.glob("coach.db*")) == ["coach.db"]


def test_without_create_a_missing_file_stays_missing(db_path: Path) -> None:
    with pytest.raises(NoHistory, match="no history yet"):
        Journal(db_path, create=False)
    assert not db_path.exists()
    Journal(db_path).close()
    with Journal(db_path, create=False) as journal:
        journal.log_water(250, MOMENT)  # an existing file is used as ever
        assert journal.water_on(MOMENT.date()) == 250


def test_a_newer_coach_still_writing_is_read_with_its_wal(db_path: Path) -> None:
    # A newer coach has the file open, its last writes only in coach.db-wal: this coach
    # reads them and moves nothing.
    newer = sqlite3.connect(db_path, isolation_level=None)
    try:
        newer.execute("PRAGMA journal_mode = WAL")
        newer.execute("PRAGMA wal_autocheckpoint = 0")
        newer.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, at TEXT)")
        newer.execute("INSERT INTO schema_version VALUES (99, 'later')")
        newer.execute("CREATE TABLE notes (text TEXT)")
        newer.execute("INSERT INTO notes VALUES ('only in the wal so far')")
        with Journal(db_path, now=MOMENT, repair=True) as journal:
            assert "newer coach" in journal.notices[0]
            with pytest.raises(JournalError):
                journal.log_water(250, MOMENT)
            assert journal._read("SELECT text FROM notes") == [("only in the wal so far",)]
        assert aside(db_path, "newer") == []
        assert newer.execute("SELECT text FROM notes").fetchall() == [("only in the wal so far",)]
    finally:
        newer.close()


def test_a_damaged_file_takes_its_wal_and_shm_files_along(db_path: Path) -> None:
    with Journal(db_path) as journal:
        journal.log_water(250, MOMENT)
    keeper = sqlite3.connect(db_path, isolation_level=None)  # keeps -wal and -shm in place
    try:
        keeper.execute("PRAGMA wal_autocheckpoint = 0")
        keeper.execute("INSERT INTO water (day, ts, offset, ml) VALUES ('2026-03-01', 0, 0, 9)")
        data = bytearray(db_path.read_bytes())
        data[100:4096] = b"\xa5" * (4096 - 100)
        db_path.write_bytes(bytes(data))
        with Journal(db_path, now=MOMENT, repair=True) as journal:
            assert journal.water_on(MOMENT.date()) == 0
        (moved,) = aside(db_path, "corrupt")
        assert Path(f"{moved}-wal").exists()
    finally:
        keeper.close()
