"""What the session window keeps besides sessions: "this hurts" with its step, and the
routines whose "before you start" notes the user skips."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from history_helpers import add_session

from coach.history.journal import Journal

AT = datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("Europe/London"))


def hurts(db_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT day, hurt, session_id, step_index, exercise FROM hurts ORDER BY id"
        ).fetchall()


def test_a_hurt_is_kept_with_its_session_and_step(journal: Journal, db_path: Path) -> None:
    session_id = journal.start_session("core-strength", "Core strength", "core", 600, AT)
    journal.log_hurt("sharp", AT, session_id=session_id, step_index=3, exercise="bird-dog")
    journal.log_hurt("dizzy", AT)  # outside an exercise: no step
    assert hurts(db_path) == [
        ("2026-03-02", "sharp", session_id, 3, "bird-dog"),
        ("2026-03-02", "dizzy", None, None, ""),
    ]


def test_a_hurt_needs_a_word(journal: Journal) -> None:
    with pytest.raises(ValueError, match="say what hurts"):
        journal.log_hurt("", AT)


def test_removing_a_session_removes_its_hurts(journal: Journal, db_path: Path) -> None:
    session_id = add_session(journal, AT)
    journal.log_hurt("sharp", AT, session_id=session_id, step_index=0)
    (entry,) = [e for kind, e in journal.last_entries().items() if kind == "session"]
    journal.remove_entry(entry)
    assert hurts(db_path) == []


def test_skipping_a_routines_notes_is_remembered_per_routine(db_path: Path) -> None:
    with Journal(db_path) as journal:
        assert not journal.notes_skipped("desk-break")
        journal.skip_notes("desk-break")
    with Journal(db_path) as journal:  # kept in the file
        assert journal.notes_skipped("desk-break")
        assert not journal.notes_skipped("core-strength")
        journal.skip_notes("desk-break", skip=False)
        assert not journal.notes_skipped("desk-break")
