"""The journal's schema: the migrations and the code that applies them.

`MIGRATIONS` holds one SQL script per schema version, append only: a released
script never changes, a fix is a new script. `migrate()` brings a connection's
file up to date, each step in one `BEGIN IMMEDIATE` transaction so that two
processes opening a new file do not race; a file from a newer coach raises
`NewerSchema` (the store then opens it read-only; `written_by` says which coach
wrote it, recorded by every migration) and a database that is not a coach
history raises `NotOurs` (the store moves it aside, when repairing). No Textual here.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime

from coach import __version__

# The settings key naming the coach version that last migrated the file.
WRITTEN_BY_KEY = "coach_version"

# Migration N (1-based) takes the schema from version N-1 to N. Append only:
# a released script never changes, a fix is a new script.
MIGRATIONS: list[str] = [
    # 1: everything.
    """
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    CREATE TABLE sessions (
        id              INTEGER PRIMARY KEY,
        routine_id      TEXT NOT NULL,
        routine_name    TEXT NOT NULL,
        kind            TEXT NOT NULL,
        tags            TEXT NOT NULL DEFAULT ' ',   -- ' strength desk ': LIKE '% strength %'
        day             TEXT NOT NULL,               -- local date it started, YYYY-MM-DD
        started_ts      REAL NOT NULL,
        started_offset  INTEGER NOT NULL,            -- seconds east of UTC
        ended_ts        REAL,
        ended_offset    INTEGER,
        status          TEXT NOT NULL DEFAULT 'running'
                        CHECK (status IN ('running', 'completed', 'quit', 'interrupted')),
        planned_seconds REAL NOT NULL DEFAULT 0,
        active_seconds  REAL NOT NULL DEFAULT 0,
        steps_done      INTEGER NOT NULL DEFAULT 0,
        steps_skipped   INTEGER NOT NULL DEFAULT 0,
        pain_before     INTEGER CHECK (pain_before BETWEEN 0 AND 10),
        pain_after      INTEGER CHECK (pain_after BETWEEN 0 AND 10),
        owner           TEXT NOT NULL DEFAULT ''     -- host:pid:start of the writing process
    );
    -- Per-day figures read only this index (it covers them).
    CREATE INDEX sessions_by_day ON sessions
        (day, kind, status, active_seconds, planned_seconds, steps_done, tags);
    CREATE INDEX sessions_by_start ON sessions (started_ts);
    CREATE INDEX sessions_by_end ON sessions (ended_ts);
    CREATE INDEX sessions_running ON sessions (status) WHERE status = 'running';

    CREATE TABLE steps (
        id             INTEGER PRIMARY KEY,
        session_id     INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        step_index     INTEGER NOT NULL,
        name           TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('done', 'skipped')),
        active_seconds REAL NOT NULL DEFAULT 0,
        dose           TEXT NOT NULL DEFAULT '',
        ended_ts       REAL NOT NULL,
        ended_offset   INTEGER NOT NULL
    );
    CREATE INDEX steps_by_session ON steps (session_id, step_index);

    CREATE TABLE reminders (
        id             INTEGER PRIMARY KEY,
        kind           TEXT NOT NULL CHECK (kind IN ('sitting', 'water')),
        day            TEXT NOT NULL,                -- local date it fired
        due_ts         REAL NOT NULL,
        fired_ts       REAL NOT NULL,
        fired_offset   INTEGER NOT NULL,
        answer         TEXT NOT NULL,
        answered_ts    REAL
    );
    CREATE INDEX reminders_by_day ON reminders (day, kind, answer);

    CREATE TABLE water (
        id      INTEGER PRIMARY KEY,
        day     TEXT NOT NULL,
        ts      REAL NOT NULL,
        offset  INTEGER NOT NULL,
        ml      INTEGER NOT NULL CHECK (ml > 0),
        source  TEXT NOT NULL DEFAULT 'manual'
    );
    CREATE INDEX water_by_day ON water (day, ml);

    CREATE TABLE pain (
        id         INTEGER PRIMARY KEY,
        day        TEXT NOT NULL,
        ts         REAL NOT NULL,
        offset     INTEGER NOT NULL,
        level      INTEGER NOT NULL CHECK (level BETWEEN 0 AND 10),
        context    TEXT NOT NULL CHECK (context IN ('before', 'after', 'manual')),
        session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL
    );
    CREATE INDEX pain_by_day ON pain (day, level);
    CREATE INDEX pain_by_session ON pain (session_id) WHERE session_id IS NOT NULL;
    """,
    # 2: what a session did (its planned and done work, step by step: coach.history.activity),
    # activity logged outside coach, and time away from the computer (natural breaks).
    """
    ALTER TABLE sessions ADD COLUMN planned_work_seconds REAL NOT NULL DEFAULT 0;
    ALTER TABLE sessions ADD COLUMN work_seconds REAL NOT NULL DEFAULT 0;
    ALTER TABLE sessions ADD COLUMN moderate_seconds REAL NOT NULL DEFAULT 0;  -- walking steps
    ALTER TABLE steps ADD COLUMN exercise TEXT NOT NULL DEFAULT '';
    ALTER TABLE steps ADD COLUMN planned_seconds REAL NOT NULL DEFAULT 0;       -- of work
    ALTER TABLE steps ADD COLUMN work_seconds REAL NOT NULL DEFAULT 0;

    -- Sessions from before knew only their time: as the old rules did, a session
    -- completed or with a step done worked for its active time, up to its plan.
    UPDATE sessions SET
      planned_work_seconds = planned_seconds,
      work_seconds = CASE
        WHEN status != 'completed' AND steps_done = 0 THEN 0
        WHEN planned_seconds > 0 THEN min(active_seconds, planned_seconds)
        ELSE active_seconds END;
    UPDATE steps SET planned_seconds = active_seconds,
      work_seconds = CASE WHEN status = 'done' THEN active_seconds ELSE 0 END;

    -- Per-day figures read only this index (it covers them).
    DROP INDEX sessions_by_day;
    CREATE INDEX sessions_by_day ON sessions
        (day, kind, status, work_seconds, planned_work_seconds, moderate_seconds, tags);

    -- A break "taken" looks at when the reminder was answered: the index covers it.
    DROP INDEX reminders_by_day;
    CREATE INDEX reminders_by_day ON reminders (day, kind, answer, answered_ts, fired_ts);

    CREATE TABLE activity (
        id      INTEGER PRIMARY KEY,
        day     TEXT NOT NULL,
        ts      REAL NOT NULL,
        offset  INTEGER NOT NULL,
        kind    TEXT NOT NULL,                            -- coach.history.activity.LOGGED_KINDS
        seconds REAL NOT NULL CHECK (seconds > 0),
        source  TEXT NOT NULL DEFAULT 'cli'
    );
    CREATE INDEX activity_by_day ON activity (day, kind, seconds);

    CREATE TABLE away (
        id       INTEGER PRIMARY KEY,
        day      TEXT NOT NULL,
        start_ts REAL NOT NULL,
        end_ts   REAL NOT NULL,
        offset   INTEGER NOT NULL
    );
    CREATE INDEX away_by_start ON away (start_ts);
    """,
    # 3: the weekly PEG outcome measure (coach.safety.peg): the three answers, 0-10 each.
    """
    CREATE TABLE peg (
        id        INTEGER PRIMARY KEY,
        day       TEXT NOT NULL,
        ts        REAL NOT NULL,
        offset    INTEGER NOT NULL,
        pain      INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
        enjoyment INTEGER NOT NULL CHECK (enjoyment BETWEEN 0 AND 10),
        activity  INTEGER NOT NULL CHECK (activity BETWEEN 0 AND 10),
        source    TEXT NOT NULL DEFAULT 'cli'
    );
    CREATE INDEX peg_by_day ON peg (day);
    """,
]


class NewerSchema(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(f"it was written by a newer coach (schema version {version})")
        self.version = version


class NotOurs(Exception):
    """A valid SQLite file with tables, but not a coach history."""


def split_script(script: str) -> list[str]:
    """Statements of a migration script, one by one (executescript would commit early)."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def schema_version(conn: sqlite3.Connection) -> int:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def written_by(conn: sqlite3.Connection) -> str | None:
    """The coach version that last migrated the file (None: unknown or unreadable)."""
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (WRITTEN_BY_KEY,)).fetchone()
    except sqlite3.Error:
        return None
    return str(row[0])[:40] if row else None


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to date, one migration per transaction-wrapped step."""
    target = len(MIGRATIONS)
    version = schema_version(conn)  # also the first read: a non-database fails here
    if version > target:
        raise NewerSchema(version)
    if version == target:
        return
    conn.execute("BEGIN IMMEDIATE")  # two processes opening a new file: one migrates
    try:
        version = schema_version(conn)
        if version > target:
            raise NewerSchema(version)
        if version == 0:
            others = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
            if others:
                raise NotOurs()
            conn.execute(
                "CREATE TABLE schema_version"
                " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
        for number in range(version + 1, target + 1):
            for statement in split_script(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (number, datetime.now().astimezone().isoformat(timespec="seconds")),
            )
        # An older coach meeting this file later can say which coach wrote it.
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (WRITTEN_BY_KEY, __version__),
        )
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
