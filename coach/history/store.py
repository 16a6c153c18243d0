"""The journal's file: opening, migrating, moving a bad file aside, transactions, settings.

- WAL mode, `synchronous=NORMAL`, a 5 s busy timeout and short `BEGIN IMMEDIATE`
  transactions, so two writers queue instead of failing and no row is lost.
  Every write commits at once (unless grouped in `batch()`), so a crash or a
  `kill -9` keeps everything written so far; NORMAL only risks the last commits
  on a power cut, never the file.
- A file from a newer coach is opened read-only (`read_only` says which coach
  wrote it): the history is shown, nothing is written, and the file is never
  moved, so two versions of coach never fork the history.
- A file that is not a SQLite database or is damaged is never overwritten: with
  `repair` (the window, `coach doctor --repair`) it is moved aside with a
  timestamp (its `-wal` and `-shm` files with it), a fresh one is started and
  `notices` says where the old one went; without, opening raises
  `DamagedHistory`, saying how to repair it. Without `create` (`coach status`,
  the daemon) a missing file is `NoHistory`, never created.
- A new file is created 0600 in a 0700 folder (`coach.paths`' privacy rule).
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
from coach.history import schema
from coach.history.schema import NewerSchema, NotOurs, migrate, schema_version, written_by

BUSY_TIMEOUT_SECONDS = 5.0

# Settings keys the journal itself uses.
SAFETY_ACKNOWLEDGED_KEY = "safety_acknowledged_at"
_NOTICE_PREFIX = "notice:"


class JournalError(CoachError):
    """The history database could not be read or written (busy, disk full, unreadable).

    `retry`: whether the same write may work later (busy, disk full, a read-only disk);
    False when the database refused it (a constraint, a history open read-only).
    """

    def __init__(self, message: str, *, retry: bool = True) -> None:
        super().__init__(message)
        self.retry = retry


class NoHistory(JournalError):
    """There is no history database yet, and this open may not create one."""


class DamagedHistory(JournalError):
    """The database is damaged or not coach's, and this open may not move it aside."""


class ReadOnlyHistory(JournalError):
    """A write to a history open read-only (it was written by a newer coach)."""


class Store:
    """The open database: connection, transactions, notices and settings (see the module doc)."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        zone: tzinfo | None = None,
        now: datetime | None = None,
        create: bool = True,
        repair: bool = False,
    ) -> None:
        """Open (creating, migrating or recovering as allowed) the database at `path`.

        `zone` decides which local day a record belongs to (None: this computer's
        zone, DST-aware). `now` names moved-aside files (None: the real time).
        `create`: make the file when missing (else `NoHistory`); `repair`: move a
        damaged file aside and start afresh (else `DamagedHistory`).
        """
        self.path = Path(path) if path is not None else paths.database_file()
        self.zone = zone
        self.read_only: str | None = None  # why nothing is written (a newer coach's file)
        self._read_only_why = ""
        self._lock = threading.RLock()
        self._depth = 0
        self._fresh_notices: list[str] = []
        self._notice_count = 0
        self._repair = repair
        if create:
            try:
                paths.private_dir(self.path.parent)
            except OSError as error:
                raise JournalError(f"cannot create the folder for {self.path}: {error}") from error
        elif not self.path.is_file():
            raise NoHistory(f"there is no history yet ({self.path})", retry=False)
        self._conn = self._open(now or datetime.now().astimezone(), create=create)
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

    def _connect(self, *, create: bool, mode: str = "rw") -> sqlite3.Connection:
        if create:
            # A new file is 0600 before SQLite writes a byte (its -wal and -shm follow it).
            paths.private_file(self.path)
        # mode=rw: never create the file here (a rename by another process in between).
        conn = sqlite3.connect(
            f"{self.path.absolute().as_uri()}?mode={mode}",
            uri=True,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,  # we BEGIN and COMMIT ourselves
            check_same_thread=False,  # guarded by self._lock
        )
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        return conn

    def _open(self, now: datetime, *, create: bool) -> sqlite3.Connection:
        for _attempt in range(3):
            try:
                before = _file_identity(self.path)
            except OSError as error:
                raise JournalError(
                    f"cannot read the history database {self.path}: {error}"
                ) from error
            if before is None and not create:
                raise NoHistory(f"there is no history yet ({self.path})", retry=False)
            try:
                conn = self._connect(create=before is None)
            except sqlite3.Error as error:
                doing = f"cannot open the history database {self.path}"
                raise _journal_error(error, doing, self.path.parent) from error
            except OSError as error:
                raise JournalError(
                    f"cannot open the history database {self.path}: {error}"
                ) from error
            try:
                migrate(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA foreign_keys = ON")
                _use_wal(conn)
                return conn
            except NewerSchema as error:
                # Never moved aside: two versions of coach would fork the history.
                self._newer(conn, error.version)
                return conn
            except NotOurs:
                conn.close()
                self._damaged("it is not a coach history database", before, now)
            except sqlite3.DatabaseError as error:
                conn.close()
                if before is not None and (not self._writable() or _full(self.path.parent)):
                    return self._open_read_only(error)
                if not _is_corruption(error):
                    doing = f"cannot open the history database {self.path}"
                    raise _journal_error(error, doing, self.path.parent) from error
                self._damaged(f"it is damaged ({error})", before, now)
            create = True  # moved aside when repairing: a fresh history takes its place
        raise JournalError(f"cannot open the history database {self.path}")

    def _newer(self, conn: sqlite3.Connection, version: int) -> None:
        """A newer coach's history: read-only, with the line that says which coach wrote it."""
        coach_version = written_by(conn)
        self.read_only = newer_notice(version, coach_version)
        self._read_only_why = (
            f"the history was written by {_who(coach_version)}, and this coach only reads it "
            "(update coach to record again)"
        )

    def _writable(self) -> bool:
        """Can this process write the file and its folder (where the -wal and -shm go)?"""
        return os.access(self.path.parent, os.W_OK) and os.access(self.path, os.W_OK)

    def _open_read_only(self, error: sqlite3.Error) -> sqlite3.Connection:
        """The history on a read-only or full disk: shown, nothing written. SQLite reads a
        WAL file only beside its -shm; without them (a clean close) it reads the file as it
        is (`immutable`: nobody can change it there either)."""
        for mode in ("ro", "ro&immutable=1"):
            try:
                conn = self._connect(create=False, mode=mode)
            except sqlite3.Error:
                continue
            try:
                version = schema_version(conn)
            except sqlite3.Error:
                conn.close()
                continue
            if version > len(schema.MIGRATIONS):
                self._newer(conn, version)
                return conn
            folder = self.path.parent
            if _full(folder):
                self.read_only = (
                    f"The disk that holds your history ({folder}) is full: your history is "
                    "shown, and nothing new is saved until there is room again."
                )
                self._read_only_why = f"the disk is full ({folder})"
            else:
                self.read_only = (
                    f"Your history's folder {folder} is read-only: your history is shown, "
                    "and nothing new is saved until it can be written again."
                )
                self._read_only_why = f"the history's folder is read-only ({folder})"
            return conn
        raise _journal_error(error, f"cannot open the history database {self.path}") from error

    def _damaged(self, reason: str, identity: tuple[int, int] | None, now: datetime) -> None:
        """Move a damaged file aside when repairing; otherwise say how to, and stop."""
        if not self._repair:
            raise DamagedHistory(
                f"the history database {self.path} cannot be used: {reason}. Nothing was "
                "changed; `coach doctor --repair` keeps it aside and starts a fresh history "
                "(opening the coach window does too)",
                retry=False,
            )
        self._move_aside("corrupt", reason, identity, now)

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
        """Things the user must be told: a database moved aside or a session cut off (by
        this or an earlier open), a history open read-only.

        Notices found by a process nobody reads (the daemon) are kept in the
        database until a CLI or TUI shows them and calls `dismiss_notices()`.
        """
        try:
            rows = self._read(
                "SELECT value FROM settings WHERE key LIKE ? ORDER BY key",
                (_NOTICE_PREFIX + "%",),
            )
        except JournalError:
            if not self.read_only:
                raise
            rows = []  # a newer coach's settings may look otherwise: its one line is enough
        kept = [str(value) for (value,) in rows]
        return [self.read_only, *kept] if self.read_only else kept

    def dismiss_notices(self) -> None:
        if self.read_only:
            return  # nothing may be written; it is said again at every open
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
        if self.read_only:
            raise ReadOnlyHistory(self._read_only_why, retry=False)
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
                raise _journal_error(error, folder=self.path.parent) from error
            self._depth = 1
            try:
                yield self._conn
            except BaseException as error:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise _journal_error(error, folder=self.path.parent) from error
                raise
            else:
                try:
                    self._conn.execute("COMMIT")
                except sqlite3.Error as error:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                    raise _journal_error(error, folder=self.path.parent) from error
            finally:
                self._depth = 0

    def check_writable(self) -> None:
        """Raise `JournalError` (saying why) unless a write works now: one is made and
        rolled back (`coach doctor`)."""
        if self.read_only:
            raise ReadOnlyHistory(self.read_only, retry=False)
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    self._conn.execute(
                        "INSERT OR REPLACE INTO settings (key, value) VALUES ('probe', '')"
                    )
                finally:
                    self._conn.execute("ROLLBACK")
            except sqlite3.Error as error:
                raise _journal_error(error, folder=self.path.parent) from error

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as error:
                raise _journal_error(error, folder=self.path.parent) from error

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

    def _store_notices(self) -> None:
        """Keep this open's recovery notices in the fresh file until someone shows them."""
        if self._fresh_notices:
            with self._write() as conn:
                for notice in self._fresh_notices:
                    self._keep_notice(conn, notice)
        self._fresh_notices.clear()

    def _keep_notice(self, conn: sqlite3.Connection, notice: str) -> None:
        """Keep `notice` (in this write) until a CLI or the window shows it."""
        self._notice_count += 1
        stamp = datetime.now().strftime("%Y%m%d%H%M%S%f")
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            (f"{_NOTICE_PREFIX}{stamp}-{os.getpid()}-{self._notice_count}", notice),
        )


# ----------------------------------------------------------------------------- helpers


def _who(coach_version: str | None) -> str:
    return f"coach {coach_version}" if coach_version else "a newer coach"


def newer_notice(version: int, coach_version: str | None) -> str:
    """The one line a history from a newer coach is shown with."""
    return (
        f"Your history was written by {_who(coach_version)} (history format {version}; "
        f"this coach reads "
        f"up to {len(schema.MIGRATIONS)}). It is shown read-only and nothing new is saved: "
        "update coach to record again."
    )


def _journal_error(
    error: sqlite3.Error, doing: str = "history database error", folder: Path | None = None
) -> JournalError:
    """The user's words for a SQLite error; `retry` unless the database refused the write.
    `folder` (the database's): an I/O error there with no room left is a full disk."""
    text = str(error)
    if isinstance(error, sqlite3.IntegrityError):
        return JournalError(f"the history refused it ({text})", retry=False)
    if "locked" in text or "busy" in text:
        return JournalError(
            f"the history database stayed busy for {BUSY_TIMEOUT_SECONDS:g} s "
            f"(another coach is writing); try again ({text})"
        )
    code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    if code == sqlite3.SQLITE_FULL or "disk is full" in text or (folder and _full(folder)):
        return JournalError(f"the disk is full ({text})")
    if code == sqlite3.SQLITE_READONLY or "readonly" in text:
        return JournalError(f"the history's folder or disk is read-only ({text})")
    return JournalError(f"{doing}: {text}")


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch a file to WAL. Two processes opening a brand-new file at once: the switch
    needs the file to itself and SQLite does not wait for that, so wait here, a little at a
    time, up to the busy timeout."""
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _full(folder: Path) -> bool:
    """No room left on the disk that holds `folder` (asked only after an error)."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


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
