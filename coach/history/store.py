"""The journal's file: opening, migrating, moving a bad file aside, transactions, settings.

- WAL mode, `synchronous=NORMAL`, a 5 s busy timeout and short `BEGIN IMMEDIATE`
  transactions, so two writers queue instead of failing and no row is lost.
  Every write commits at once (unless grouped in `batch()`), so a crash or a
  `kill -9` keeps everything written so far; NORMAL only risks the last commits
  on a power cut, never the file.
- A file that is not a SQLite database, is damaged, or comes from a newer coach
  is never overwritten: it is moved aside with a timestamp (its `-wal` and
  `-shm` files with it), a fresh one is started and `notices` says where the
  old one went.
- `data_version()` changes when another process commits, so an open window can
  notice what a shell command wrote.

`coach.history.queries` reads from a Store and `coach.history.journal` writes to
it. No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Self

from coach import paths
from coach.errors import CoachError
from coach.history.schema import NewerSchema, NotOurs, migrate

BUSY_TIMEOUT_SECONDS = 5.0

# Settings keys the journal itself uses.
SAFETY_ACKNOWLEDGED_KEY = "safety_acknowledged_at"
NOTES_SKIPPED_PREFIX = "notes_skipped:"  # + a routine id: its notes panel is not shown
_NOTICE_PREFIX = "notice:"


class JournalError(CoachError):
    """The history database could not be read or written (busy, disk full, unreadable)."""


class Store:
    """The open database: connection, transactions, notices and settings (see the module doc)."""

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

    # ------------------------------------------------------------------ open, close

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> Self:
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
                migrate(conn)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA foreign_keys = ON")
                return conn
            except NewerSchema as error:
                conn.close()
                self._move_aside("newer", str(error), before, now)
            except NotOurs:
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

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the file.

        One cheap PRAGMA (no table is read): an open window polls it to notice what
        `coach drink` or the daemon wrote. This connection's own writes leave it as is.
        """
        rows = self._read("PRAGMA data_version")
        return int(rows[0][0])

    # ------------------------------------------------------------------ time

    def _local(self, at: datetime) -> datetime:
        return at.astimezone(self.zone) if self.zone is not None else at.astimezone()

    def _stamp(self, at: datetime) -> tuple[str, float, int]:
        """(local day, UTC epoch seconds, offset seconds) for a moment."""
        local = self._local(at)
        offset = local.utcoffset() or timedelta(0)
        return local.date().isoformat(), local.timestamp(), int(offset.total_seconds())

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

    def notes_skipped(self, routine_id: str) -> bool:
        """The user asked not to see this routine's "before you start" notes again."""
        return self.get_setting(NOTES_SKIPPED_PREFIX + routine_id) == "1"

    def skip_notes(self, routine_id: str, skip: bool = True) -> None:
        if skip:
            self.set_setting(NOTES_SKIPPED_PREFIX + routine_id, "1")
        else:
            with self._write() as conn:
                conn.execute(
                    "DELETE FROM settings WHERE key = ?", (NOTES_SKIPPED_PREFIX + routine_id,)
                )

    def _store_notices(self) -> None:
        """Keep this open's recovery notices in the fresh file until someone shows them."""
        for index, notice in enumerate(self._fresh_notices):
            stamp = datetime.now().strftime("%Y%m%d%H%M%S%f")
            self.set_setting(f"{_NOTICE_PREFIX}{stamp}-{index}", notice)
        self._fresh_notices.clear()


# ----------------------------------------------------------------------------- helpers


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


def owner_alive(owner: str) -> bool:
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
