"""The journal's writes and reads: sessions as they go, water, pain, reminders, settings."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from history_helpers import add_session, at, steps_of

from coach import paths
from coach.history.journal import Journal, JournalError

LONDON = ZoneInfo("Europe/London")


def test_default_path_follows_xdg_data_home(isolated_home: Path) -> None:
    with Journal() as journal:
        assert journal.path == paths.database_file()
    assert (isolated_home / ".local/share/coach/coach.db").is_file()


def test_wal_mode_and_busy_timeout(journal: Journal, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert journal._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_steps_commit_as_they_go_and_keep_running_totals(journal: Journal, db_path: Path) -> None:
    start = at("2026-01-05 09:00", LONDON)
    session_id = journal.start_session("core", "Core", "core", 600, start)
    journal.record_step(
        session_id, 0, "Bird-dog", "done", 70, start + timedelta(minutes=2), "6 per side"
    )
    journal.record_step(session_id, 1, "Plank", "skipped", 5, start + timedelta(minutes=3))
    # Another connection sees both steps at once: each was committed.
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT count(*) FROM steps").fetchone()[0] == 2
    other.close()
    session = journal.session(session_id)
    assert session is not None
    assert session.status == "running"
    assert (session.steps_done, session.steps_skipped) == (1, 1)
    assert session.active_seconds == 75
    steps = steps_of(journal, session_id)
    assert [step.name for step in steps] == ["Bird-dog", "Plank"]
    assert steps[0].dose == "6 per side"


def test_a_step_done_again_counts_once(journal: Journal) -> None:
    start = at("2026-01-05 09:00", LONDON)
    session_id = journal.start_session("core", "Core", "core", 600, start)
    journal.record_step(session_id, 0, "Bird-dog", "skipped", 10, start + timedelta(minutes=1))
    journal.record_step(session_id, 0, "Bird-dog", "done", 80, start + timedelta(minutes=2))
    session = journal.session(session_id)
    assert session is not None
    assert (session.steps_done, session.steps_skipped) == (1, 0)
    assert session.active_seconds == 80  # the later record includes the earlier attempt


def test_finish_session_records_the_end_and_pain_once(journal: Journal) -> None:
    start = at("2026-01-05 09:00", LONDON)
    session_id = journal.start_session("core", "Core", "core", 600, start)
    journal.log_pain(4, start, "before", session_id=session_id)  # asked at the start
    journal.finish_session(
        session_id,
        ended_at=start + timedelta(minutes=11),
        status="completed",
        active_seconds=590,
        pain_before=4,
        pain_after=6,
    )
    session = journal.session(session_id)
    assert session is not None
    assert session.status == "completed"
    assert session.ended_at == start + timedelta(minutes=11)
    assert (session.pain_before, session.pain_after) == (4, 6)
    entries = journal.pain_entries(date(2026, 1, 5), date(2026, 1, 5))
    assert [(entry.context, entry.level) for entry in entries] == [("before", 4), ("after", 6)]


def test_times_keep_the_offset_they_were_lived_in(journal: Journal) -> None:
    summer = at("2026-07-01 08:15", LONDON)
    add_session(journal, summer)
    (session,) = journal.recent_sessions()
    assert session.started_at == summer
    assert session.started_at.utcoffset() == timedelta(hours=1)
    assert session.started_at.strftime("%H:%M") == "08:15"


def test_water_counts_on_the_local_day_even_when_given_utc(tmp_path: Path) -> None:
    # The reminder service hands over UTC times; the day is Auckland's.
    auckland = ZoneInfo("Pacific/Auckland")  # UTC+13 in January
    with Journal(tmp_path / "auckland.db", zone=auckland) as journal:
        journal.log_water(250, datetime(2026, 1, 5, 20, 0, tzinfo=UTC))  # 09:00 on the 6th there
        journal.log_water(300, datetime(2026, 1, 5, 10, 0, tzinfo=UTC))  # 23:00 on the 5th
        assert journal.water_on(date(2026, 1, 6)) == 250
        assert journal.water_on(date(2026, 1, 5)) == 300


def test_bad_values_are_refused(journal: Journal) -> None:
    now = at("2026-01-05 09:00", LONDON)
    with pytest.raises(ValueError, match="0 to 10"):
        journal.log_pain(11, now, "manual")
    with pytest.raises(ValueError, match="more than 0"):
        journal.log_water(0, now)
    with pytest.raises(ValueError, match="done"):
        journal.record_step(1, 0, "x", "maybe", 1, now)  # type: ignore[arg-type]


def test_reminders_and_answers(journal: Journal) -> None:
    fired = at("2026-01-05 10:00", LONDON)
    first = journal.record_reminder("sitting", fired, fired, "pending")
    journal.answer_reminder(first, "started", fired + timedelta(seconds=30))
    journal.record_reminder("sitting", fired, fired + timedelta(hours=1), "deferred")
    journal.record_reminder("sitting", fired, fired + timedelta(hours=2), "skipped")
    journal.record_reminder("water", fired, fired, "pending")
    counts = journal.reminders_by_day(date(2026, 1, 5), date(2026, 1, 5), "sitting")
    day = counts[date(2026, 1, 5)]
    assert (day.offered, day.taken, day.skipped) == (2, 0, 1)  # no break was taken yet
    add_session(journal, fired + timedelta(minutes=1), minutes=3)  # the break routine, done
    counts = journal.reminders_by_day(date(2026, 1, 5), date(2026, 1, 5), "sitting")
    assert counts[date(2026, 1, 5)].taken == 1


def test_last_session_end(journal: Journal) -> None:
    assert journal.last_session_end() is None
    add_session(journal, at("2026-01-05 09:00", LONDON), minutes=10)
    add_session(journal, at("2026-01-04 09:00", LONDON), minutes=10)
    assert journal.last_session_end() == at("2026-01-05 09:10", LONDON)


def test_settings_and_safety_acknowledgement(journal: Journal, db_path: Path) -> None:
    assert journal.safety_acknowledged_at() is None
    when = at("2026-01-05 09:00", LONDON)
    journal.acknowledge_safety(when)
    journal.close()
    with Journal(db_path) as again:
        assert again.safety_acknowledged_at() == when
        again.set_setting("x", "1")
        again.set_setting("x", "2")
        assert again.get_setting("x") == "2"


def test_a_failed_write_in_a_batch_rolls_back_the_batch(journal: Journal) -> None:
    now = at("2026-01-05 09:00", LONDON)
    with pytest.raises(RuntimeError), journal.batch():
        journal.log_water(250, now)
        raise RuntimeError("boom")
    assert journal.water_on(date(2026, 1, 5)) == 0


def test_unknown_session_is_a_journal_error(journal: Journal) -> None:
    with pytest.raises(JournalError, match="no session 42"):
        journal.finish_session(
            42,
            ended_at=at("2026-01-05 09:00", LONDON),
            status="quit",
            active_seconds=0,
            pain_before=None,
            pain_after=None,
        )


def test_water_since_counts_the_last_hour_across_midnight(journal: Journal) -> None:
    late = at("2026-01-05 23:40", LONDON)
    journal.log_water(300, late - timedelta(minutes=70))  # more than an hour before
    journal.log_water(400, late)  # yesterday, by the time of the next drink
    journal.log_water(500, late + timedelta(minutes=30))  # 00:10 on the 6th
    since = late + timedelta(minutes=30) - timedelta(hours=1)
    assert journal.water_since(since) == 900
    assert journal.water_since(late + timedelta(minutes=1)) == 500
