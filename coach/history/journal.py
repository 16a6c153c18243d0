"""The history store: one SQLite file of sessions, steps, reminders, water and pain.

Written as things happen, by the TUI and the reminder daemon at once:

- WAL mode, `synchronous=NORMAL`, a 5 s busy timeout and short `BEGIN IMMEDIATE`
  transactions, so two writers queue instead of failing and no row is lost.
  Every write commits at once (unless grouped in `batch()`), so a crash or a
  `kill -9` keeps everything written so far; NORMAL only risks the last commits
  on a power cut, never the file.
- A `schema_version` table and forward migrations (`MIGRATIONS`, one SQL script
  per version). A file that is not a SQLite database, is damaged, or comes from
  a newer coach is never overwritten: it is moved aside with a timestamp, a
  fresh one is started and `notices` says where the old one went.
- A session still marked "running" whose process is gone (crash, kill, power
  cut) is marked "interrupted" the next time any coach process opens the file.

Times: every moment is stored as UTC epoch seconds (`*_ts`, for order and
arithmetic) plus the UTC offset it was lived in (`*_offset`, to show the wall
time as it was), and each record carries the local calendar `day` it belongs
to, fixed when it is written (in the journal's zone, the computer's own by
default). Goals and streaks group by that day, so they never depend on DST
rules or on where the user is when reading: a session at 23:30 on Sunday stays
in Sunday's week, even across a clock change or a flight. A session counts on
the day it started.

No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, Literal

from coach import paths
from coach.errors import CoachError

SessionStatus = Literal["running", "completed", "quit", "interrupted"]
StepStatus = Literal["done", "skipped"]
PainContext = Literal["before", "after", "manual"]
ReminderKind = Literal["sitting", "water"]
ReminderAnswer = Literal["started", "snoozed", "skipped", "deferred", "ignored", "pending"]

BUSY_TIMEOUT_SECONDS = 5.0
_MAX_OFFSET = 14 * 3600  # the furthest any zone is ahead of UTC (Kiribati, UTC+14)

# Settings keys the journal itself uses.
SAFETY_ACKNOWLEDGED_KEY = "safety_acknowledged_at"
_NOTICE_PREFIX = "notice:"

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
]


class JournalError(CoachError):
    """The history database could not be read or written (busy, disk full, unreadable)."""


class _NewerSchema(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(f"it was written by a newer coach (schema version {version})")
        self.version = version


class _NotOurs(Exception):
    """A valid SQLite file with tables, but not a coach history."""


# ----------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class SessionRow:
    id: int
    routine_id: str
    routine_name: str
    kind: str
    tags: tuple[str, ...]
    day: date
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    planned_seconds: float
    active_seconds: float
    steps_done: int
    steps_skipped: int
    pain_before: int | None
    pain_after: int | None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        data["day"] = self.day.isoformat()
        data["started_at"] = self.started_at.isoformat(timespec="seconds")
        data["ended_at"] = self.ended_at.isoformat(timespec="seconds") if self.ended_at else None
        data["planned_seconds"] = round(self.planned_seconds, 1)
        data["active_seconds"] = round(self.active_seconds, 1)
        return data


@dataclass(frozen=True)
class StepRow:
    session_id: int
    step_index: int
    name: str
    status: StepStatus
    active_seconds: float
    dose: str
    ended_at: datetime


@dataclass(frozen=True)
class PainRow:
    at: datetime
    day: date
    level: int
    context: PainContext
    session_id: int | None


@dataclass(frozen=True)
class ReminderCounts:
    """One day's reminders of one kind.

    `offered` counts reminders the user saw: not the ones coach held back
    (deferred), and a snoozed one only once (it comes back as a new reminder).
    """

    offered: int = 0
    taken: int = 0  # answered "started": took the break / drank
    skipped: int = 0
    ignored: int = 0


# ----------------------------------------------------------------------------- journal


class Journal:
    """The history database. One per process; safe to share between threads."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        zone: tzinfo | None = None,
        now: datetime | None = None,
    ) -> None:
        """Open (creating, migrating or recovering as needed) the database at `path`.

        `zone` decides which local day a record belongs to (None: this computer's
        zone, DST-aware). `now` names moved-aside files (None: the real time).
        """
        self.path = Path(path) if path is not None else paths.database_file()
        self.zone = zone
        self._lock = threading.RLock()
        self._depth = 0
        self._fresh_notices: list[str] = []
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise JournalError(f"cannot create the folder for {self.path}: {error}") from error
        self._conn = self._open(now or datetime.now().astimezone())
        self._owner = _process_token(os.getpid())
        self._store_notices()
        self.mark_interrupted()

    # ------------------------------------------------------------------ open, close

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,  # we BEGIN and COMMIT ourselves
            check_same_thread=False,  # guarded by self._lock
        )
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        return conn

    def _open(self, now: datetime) -> sqlite3.Connection:
        for _attempt in range(3):
            try:
                before = _file_identity(self.path)
            except OSError as error:
                raise JournalError(
                    f"cannot read the history database {self.path}: {error}"
                ) from error
            try:
                conn = self._connect()
            except sqlite3.Error as error:
                raise JournalError(
                    f"cannot open the history database {self.path}: {error}"
                ) from error
            try:
                _migrate(conn)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA foreign_keys = ON")
                return conn
            except _NewerSchema as error:
                conn.close()
                self._move_aside("newer", str(error), before, now)
            except _NotOurs:
                conn.close()
                self._move_aside("corrupt", "it is not a coach history database", before, now)
            except sqlite3.DatabaseError as error:
                conn.close()
                if not _is_corruption(error):
                    raise JournalError(
                        f"cannot open the history database {self.path}: {error}"
                    ) from error
                self._move_aside("corrupt", f"it is damaged ({error})", before, now)
        raise JournalError(f"cannot open the history database {self.path}")

    def _move_aside(
        self,
        label: str,
        reason: str,
        identity: tuple[int, int] | None,
        now: datetime,
    ) -> None:
        """Rename the bad file (and its WAL files) to coach.db.<label>-YYYYmmdd-HHMMSS."""
        if identity is None or _file_identity(self.path) != identity:
            return  # another process already moved it; open whatever is there now
        stamp = now.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.{label}-{stamp}")
        counter = 2
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.{label}-{stamp}-{counter}")
            counter += 1
        try:
            os.rename(self.path, target)
        except FileNotFoundError:
            return
        except OSError as error:
            raise JournalError(
                f"the history database {self.path} cannot be used ({reason}) "
                f"and could not be moved aside: {error}"
            ) from error
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(OSError):
                os.rename(side, target.with_name(target.name + suffix))
        notice = (
            f"The history database could not be used: {reason}. "
            f"It was kept as {target} and a fresh history was started."
        )
        self._fresh_notices.append(notice)

    # ------------------------------------------------------------------ notices

    @property
    def notices(self) -> list[str]:
        """Things the user must be told: a database moved aside, by this or an earlier open.

        Notices found by a process nobody reads (the daemon) are kept in the
        database until a CLI or TUI shows them and calls `dismiss_notices()`.
        """
        rows = self._read(
            "SELECT value FROM settings WHERE key LIKE ? ORDER BY key", (_NOTICE_PREFIX + "%",)
        )
        return [str(value) for (value,) in rows]

    def dismiss_notices(self) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM settings WHERE key LIKE ?", (_NOTICE_PREFIX + "%",))

    # ------------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group writes into one transaction (bulk imports, the bench); normal code needs none."""
        with self._write():
            yield

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            try:
                # Take the write lock now: a read lock upgraded later can deadlock.
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise _journal_error(error) from error
            self._depth = 1
            try:
                yield self._conn
            except BaseException as error:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise _journal_error(error) from error
                raise
            else:
                try:
                    self._conn.execute("COMMIT")
                except sqlite3.Error as error:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                    raise _journal_error(error) from error
            finally:
                self._depth = 0

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as error:
                raise _journal_error(error) from error

    # ------------------------------------------------------------------ time

    def _local(self, at: datetime) -> datetime:
        return at.astimezone(self.zone) if self.zone is not None else at.astimezone()

    def _stamp(self, at: datetime) -> tuple[str, float, int]:
        """(local day, UTC epoch seconds, offset seconds) for a moment."""
        local = self._local(at)
        offset = local.utcoffset() or timedelta(0)
        return local.date().isoformat(), local.timestamp(), int(offset.total_seconds())

    # ------------------------------------------------------------------ sessions

    def start_session(
        self,
        routine_id: str,
        routine_name: str,
        kind: str,
        planned_seconds: float,
        started_at: datetime,
        *,
        tags: Iterable[str] = (),
    ) -> int:
        day, ts, offset = self._stamp(started_at)
        tag_text = " " + " ".join(str(tag) for tag in tags) + " "
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (routine_id, routine_name, kind, tags, day, started_ts,"
                " started_offset, planned_seconds, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    routine_id,
                    routine_name,
                    str(kind),
                    tag_text,
                    day,
                    ts,
                    offset,
                    float(planned_seconds),
                    self._owner,
                ),
            )
            return int(cursor.lastrowid or 0)

    def record_step(
        self,
        session_id: int,
        step_index: int,
        name: str,
        status: StepStatus,
        active_seconds: float,
        ended_at: datetime,
        dose: str = "",
    ) -> None:
        """Record a finished step and bring the session's running totals up to date. Commits."""
        if status not in ("done", "skipped"):
            raise ValueError(f'a step is "done" or "skipped", not "{status}"')
        _day, ts, offset = self._stamp(ended_at)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO steps (session_id, step_index, name, status, active_seconds, dose,"
                " ended_ts, ended_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, step_index, name, status, float(active_seconds), dose, ts, offset),
            )
            # A step done again after going back has several rows: count it once,
            # and take its largest time (the engine's later record includes the earlier).
            conn.execute(
                """
                UPDATE sessions SET
                  steps_done = (SELECT count(DISTINCT step_index) FROM steps
                                WHERE session_id = :id AND status = 'done'),
                  steps_skipped = (SELECT count(DISTINCT s.step_index) FROM steps s
                                   WHERE s.session_id = :id AND s.status = 'skipped'
                                   AND NOT EXISTS (SELECT 1 FROM steps d
                                                   WHERE d.session_id = :id
                                                   AND d.step_index = s.step_index
                                                   AND d.status = 'done')),
                  active_seconds = (SELECT coalesce(sum(most), 0) FROM
                                    (SELECT max(active_seconds) AS most FROM steps
                                     WHERE session_id = :id GROUP BY step_index))
                WHERE id = :id AND status = 'running'
                """,
                {"id": session_id},
            )

    def finish_session(
        self,
        session_id: int,
        *,
        ended_at: datetime,
        status: Literal["completed", "quit"],
        active_seconds: float,
        pain_before: int | None,
        pain_after: int | None,
        steps_done: int | None = None,
        steps_skipped: int | None = None,
    ) -> None:
        """Close a session. Its pain check-ins also go to the pain log (once each).

        The before check-in is logged at the session's start, the after one at its end.
        """
        if status not in ("completed", "quit"):
            raise ValueError(f'a session ends "completed" or "quit", not "{status}"')
        for level in (pain_before, pain_after):
            if level is not None:
                _check_pain(level)
        _day, ts, offset = self._stamp(ended_at)
        with self._write() as conn:
            row = conn.execute(
                "SELECT started_ts, started_offset FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                raise JournalError(f"no session {session_id} in the history")
            conn.execute(
                """
                UPDATE sessions SET ended_ts = ?, ended_offset = ?, status = ?, active_seconds = ?,
                  pain_before = coalesce(?, pain_before), pain_after = coalesce(?, pain_after),
                  steps_done = coalesce(?, steps_done), steps_skipped = coalesce(?, steps_skipped)
                WHERE id = ?
                """,
                (
                    ts,
                    offset,
                    status,
                    float(active_seconds),
                    pain_before,
                    pain_after,
                    steps_done,
                    steps_skipped,
                    session_id,
                ),
            )
            started = _aware(row[0], row[1])
            for context, level, at in (
                ("before", pain_before, started),
                ("after", pain_after, ended_at),
            ):
                if level is None:
                    continue
                exists = conn.execute(
                    "SELECT 1 FROM pain WHERE session_id = ? AND context = ?", (session_id, context)
                ).fetchone()
                if not exists:
                    self._insert_pain(conn, level, at, context, session_id)

    def mark_interrupted(self) -> int:
        """Mark sessions left "running" by a process that is gone as "interrupted".

        Their end is their last recorded step (or their start). Returns how many.
        """
        rows = self._read("SELECT id, owner FROM sessions WHERE status = 'running'")
        orphans = [session_id for session_id, owner in rows if not _owner_alive(owner)]
        if not orphans:
            return 0
        with self._write() as conn:
            for session_id in orphans:
                conn.execute(
                    """
                    UPDATE sessions SET status = 'interrupted',
                      ended_ts = coalesce((SELECT max(ended_ts) FROM steps WHERE session_id = :id),
                                          started_ts),
                      ended_offset = coalesce((SELECT ended_offset FROM steps WHERE session_id = :id
                                               ORDER BY ended_ts DESC LIMIT 1), started_offset)
                    WHERE id = :id AND status = 'running'
                    """,
                    {"id": session_id},
                )
        return len(orphans)

    def session(self, session_id: int) -> SessionRow | None:
        rows = self._read(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
        return _session_row(rows[0]) if rows else None

    def session_steps(self, session_id: int) -> list[StepRow]:
        rows = self._read(
            "SELECT session_id, step_index, name, status, active_seconds, dose, ended_ts,"
            " ended_offset FROM steps WHERE session_id = ? ORDER BY step_index, id",
            (session_id,),
        )
        return [
            StepRow(sid, index, name, status, seconds, dose, _aware(ts, offset))
            for sid, index, name, status, seconds, dose, ts, offset in rows
        ]

    def recent_sessions(self, limit: int = 20, *, since: date | None = None) -> list[SessionRow]:
        """The latest sessions, newest first; with `since`, only those from that local day on."""
        if since is None:
            rows = self._read(
                f"SELECT {_SESSION_COLUMNS} FROM sessions ORDER BY started_ts DESC LIMIT ?",
                (limit,),
            )
        else:
            # The day decides; the time bound (a day's start anywhere on Earth) lets
            # the search walk the start index from there instead of the whole table.
            earliest = datetime.combine(since, time.min, tzinfo=UTC).timestamp() - _MAX_OFFSET
            rows = self._read(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE started_ts >= ? AND day >= ?"
                " ORDER BY started_ts DESC LIMIT ?",
                (earliest, since.isoformat(), limit),
            )
        return [_session_row(row) for row in rows]

    def last_session_end(self) -> datetime | None:
        rows = self._read(
            "SELECT ended_ts, ended_offset FROM sessions WHERE ended_ts IS NOT NULL"
            " ORDER BY ended_ts DESC LIMIT 1"
        )
        return _aware(rows[0][0], rows[0][1]) if rows else None

    # ------------------------------------------------------------------ per-day figures

    def active_seconds_by_day(
        self, first: date, last: date, kinds: Iterable[str]
    ) -> dict[date, float]:
        """Seconds of activity per local day (sessions of these kinds, finished or not)."""
        kind_list = sorted(set(kinds))
        if not kind_list:
            return {}
        marks = ", ".join("?" * len(kind_list))
        rows = self._read(
            f"SELECT day, sum(active_seconds) FROM sessions WHERE day BETWEEN ? AND ?"
            f" AND kind IN ({marks}) GROUP BY day",
            (first.isoformat(), last.isoformat(), *kind_list),
        )
        return {date.fromisoformat(day): float(total) for day, total in rows}

    def strength_days(
        self, first: date, last: date, kinds: Iterable[str], tag: str = "strength"
    ) -> set[date]:
        """Days with a strength session: a kind in `kinds` or tagged `tag`,
        completed or at least half done (a session quit after a minute is no strength day)."""
        kind_list = sorted(set(kinds))
        marks = ", ".join("?" * len(kind_list)) if kind_list else "NULL"
        rows = self._read(
            f"SELECT DISTINCT day FROM sessions WHERE day BETWEEN ? AND ?"
            f" AND (kind IN ({marks}) OR tags LIKE ?)"
            " AND (status = 'completed' OR active_seconds * 2 >= planned_seconds)",
            (first.isoformat(), last.isoformat(), *kind_list, f"% {tag} %"),
        )
        return {date.fromisoformat(day) for (day,) in rows}

    def practice_days(self, first: date | None = None, last: date | None = None) -> list[date]:
        """Days with at least one routine done (completed, or at least one step done), ascending."""
        rows = self._read(
            "SELECT DISTINCT day FROM sessions WHERE day BETWEEN ? AND ?"
            " AND (status = 'completed' OR steps_done > 0) ORDER BY day",
            ((first or date.min).isoformat(), (last or date.max).isoformat()),
        )
        return [date.fromisoformat(day) for (day,) in rows]

    def water_on(self, day: date) -> int:
        """Millilitres drunk on that local day."""
        rows = self._read(
            "SELECT coalesce(sum(ml), 0) FROM water WHERE day = ?", (day.isoformat(),)
        )
        return int(rows[0][0])

    def water_by_day(self, first: date, last: date) -> dict[date, int]:
        rows = self._read(
            "SELECT day, sum(ml) FROM water WHERE day BETWEEN ? AND ? GROUP BY day",
            (first.isoformat(), last.isoformat()),
        )
        return {date.fromisoformat(day): int(total) for day, total in rows}

    def reminders_by_day(
        self, first: date, last: date, kind: ReminderKind
    ) -> dict[date, ReminderCounts]:
        rows = self._read(
            """
            SELECT day,
              sum(answer NOT IN ('deferred', 'snoozed')),
              sum(answer = 'started'), sum(answer = 'skipped'), sum(answer = 'ignored')
            FROM reminders WHERE day BETWEEN ? AND ? AND kind = ? GROUP BY day
            """,
            (first.isoformat(), last.isoformat(), kind),
        )
        return {
            date.fromisoformat(day): ReminderCounts(int(o), int(t), int(s), int(i))
            for day, o, t, s, i in rows
        }

    def max_pain_by_day(self, first: date, last: date) -> dict[date, int]:
        """The highest pain logged each day (any context)."""
        rows = self._read(
            "SELECT day, max(level) FROM pain WHERE day BETWEEN ? AND ? GROUP BY day",
            (first.isoformat(), last.isoformat()),
        )
        return {date.fromisoformat(day): int(level) for day, level in rows}

    def pain_entries(self, first: date, last: date) -> list[PainRow]:
        """Every pain check-in of those days, oldest first."""
        rows = self._read(
            "SELECT ts, offset, day, level, context, session_id FROM pain"
            " WHERE day BETWEEN ? AND ? ORDER BY ts",
            (first.isoformat(), last.isoformat()),
        )
        return [
            PainRow(_aware(ts, offset), date.fromisoformat(day), level, context, session_id)
            for ts, offset, day, level, context, session_id in rows
        ]

    def session_pain(self, first: date, last: date) -> list[SessionRow]:
        """Sessions of those days with a pain check-in, oldest first (pain before/after chart)."""
        rows = self._read(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE day BETWEEN ? AND ?"
            " AND (pain_before IS NOT NULL OR pain_after IS NOT NULL) ORDER BY started_ts",
            (first.isoformat(), last.isoformat()),
        )
        return [_session_row(row) for row in rows]

    # ------------------------------------------------------------------ reminders, water, pain

    def record_reminder(
        self,
        kind: ReminderKind,
        due_at: datetime,
        fired_at: datetime,
        answer: ReminderAnswer,
    ) -> int:
        day, fired_ts, offset = self._stamp(fired_at)
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO reminders (kind, day, due_ts, fired_ts, fired_offset, answer)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (str(kind), day, due_at.timestamp(), fired_ts, offset, str(answer)),
            )
            return int(cursor.lastrowid or 0)

    def answer_reminder(self, reminder_id: int, answer: str, at: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE reminders SET answer = ?, answered_ts = ? WHERE id = ?",
                (str(answer), at.timestamp(), reminder_id),
            )

    def log_water(self, ml: int, at: datetime, source: str = "manual") -> None:
        if ml <= 0:
            raise ValueError(f"an amount of water must be more than 0 ml, got {ml}")
        day, ts, offset = self._stamp(at)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO water (day, ts, offset, ml, source) VALUES (?, ?, ?, ?, ?)",
                (day, ts, offset, int(ml), source),
            )

    def log_pain(
        self,
        level: int,
        at: datetime,
        context: PainContext,
        *,
        session_id: int | None = None,
    ) -> None:
        """Log a pain check-in. With a session, also set that session's before/after figure."""
        _check_pain(level)
        if context not in ("before", "after", "manual"):
            raise ValueError(f'a pain check-in is "before", "after" or "manual", not "{context}"')
        with self._write() as conn:
            self._insert_pain(conn, level, at, context, session_id)
            if session_id is not None and context in ("before", "after"):
                conn.execute(
                    f"UPDATE sessions SET pain_{context} = ? WHERE id = ?", (level, session_id)
                )

    def _insert_pain(
        self,
        conn: sqlite3.Connection,
        level: int,
        at: datetime,
        context: str,
        session_id: int | None,
    ) -> None:
        day, ts, offset = self._stamp(at)
        conn.execute(
            "INSERT INTO pain (day, ts, offset, level, context, session_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (day, ts, offset, int(level), context, session_id),
        )

    # ------------------------------------------------------------------ settings

    def get_setting(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def safety_acknowledged_at(self) -> datetime | None:
        """When the user acknowledged the first-run safety screen (None: not yet)."""
        value = self.get_setting(SAFETY_ACKNOWLEDGED_KEY)
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None

    def acknowledge_safety(self, at: datetime) -> None:
        self.set_setting(SAFETY_ACKNOWLEDGED_KEY, at.isoformat(timespec="seconds"))

    def _store_notices(self) -> None:
        """Keep this open's recovery notices in the fresh file until someone shows them."""
        for index, notice in enumerate(self._fresh_notices):
            stamp = datetime.now().strftime("%Y%m%d%H%M%S%f")
            self.set_setting(f"{_NOTICE_PREFIX}{stamp}-{index}", notice)
        self._fresh_notices.clear()


# ----------------------------------------------------------------------------- helpers

_SESSION_COLUMNS = (
    "id, routine_id, routine_name, kind, tags, day, started_ts, started_offset, ended_ts,"
    " ended_offset, status, planned_seconds, active_seconds, steps_done, steps_skipped,"
    " pain_before, pain_after"
)


def _session_row(row: tuple[Any, ...]) -> SessionRow:
    (
        session_id,
        routine_id,
        routine_name,
        kind,
        tags,
        day,
        started_ts,
        started_offset,
        ended_ts,
        ended_offset,
        status,
        planned,
        active,
        done,
        skipped,
        before,
        after,
    ) = row
    return SessionRow(
        id=session_id,
        routine_id=routine_id,
        routine_name=routine_name,
        kind=kind,
        tags=tuple(tags.split()),
        day=date.fromisoformat(day),
        started_at=_aware(started_ts, started_offset),
        ended_at=_aware(ended_ts, ended_offset) if ended_ts is not None else None,
        status=status,
        planned_seconds=float(planned),
        active_seconds=float(active),
        steps_done=int(done),
        steps_skipped=int(skipped),
        pain_before=before,
        pain_after=after,
    )


def _aware(ts: float, offset: int | None) -> datetime:
    """The moment as the wall clock showed it where it happened."""
    return datetime.fromtimestamp(ts, timezone(timedelta(seconds=offset or 0)))


def _check_pain(level: int) -> None:
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 10:
        raise ValueError(f"pain is a whole number from 0 to 10, got {level!r}")


def _journal_error(error: sqlite3.Error) -> JournalError:
    text = str(error)
    if "locked" in text or "busy" in text:
        return JournalError(
            f"the history database stayed busy for {BUSY_TIMEOUT_SECONDS:g} s "
            f"(another coach is writing); try again ({text})"
        )
    return JournalError(f"history database error: {text}")


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    text = str(error)
    return "not a database" in text or "malformed" in text


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def _split_script(script: str) -> list[str]:
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


def _schema_version(conn: sqlite3.Connection) -> int:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to date, one migration per transaction-wrapped step."""
    target = len(MIGRATIONS)
    version = _schema_version(conn)  # also the first read: a non-database fails here
    if version > target:
        raise _NewerSchema(version)
    if version == target:
        return
    conn.execute("BEGIN IMMEDIATE")  # two processes opening a new file: one migrates
    try:
        version = _schema_version(conn)
        if version > target:
            raise _NewerSchema(version)
        if version == 0:
            others = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
            if others:
                raise _NotOurs()
            conn.execute(
                "CREATE TABLE schema_version"
                " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
        for number in range(version + 1, target + 1):
            for statement in _split_script(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (number, datetime.now().astimezone().isoformat(timespec="seconds")),
            )
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _process_start(pid: int) -> str:
    """When a process started (clock ticks since boot), to tell a reused pid apart."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    fields = text.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""


def _process_token(pid: int) -> str:
    return f"{socket.gethostname()}:{pid}:{_process_start(pid)}"


def _owner_alive(owner: str) -> bool:
    """Is the process that started a session still running?"""
    host, _, rest = owner.partition(":")
    pid_text, _, start = rest.partition(":")
    if host != socket.gethostname():
        return True  # another machine sharing this home: not ours to judge
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, belongs to someone else
    return not start or _process_start(pid) in ("", start)
