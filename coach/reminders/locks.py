"""Lock files: one reminder daemon per user, and "the coach window is open".

Both are `fcntl.flock` locks, which the kernel drops when the process dies, so
a crash never leaves a stale lock behind. They live in $XDG_RUNTIME_DIR/coach
(a per-user tmpfs) when there is one, else in coach's state folder.

One reminder, not two: the TUI holds `tui_lock_path()` while it runs its own
reminders; the daemon sees it held and leaves reminding to the TUI.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from coach import paths

# The lock a program hands to the next one in the same process (`os.execv`: the daemon
# and its sleeper), as "FD:PATH" in the environment: held all along, never let go.
HANDED_OVER = "COACH_LOCK_HANDED_OVER"


def runtime_dir() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / "coach"
    return paths.state_dir()


def daemon_lock_path() -> Path:
    return runtime_dir() / "remind.lock"


def tui_lock_path() -> Path:
    return runtime_dir() / "tui.lock"


def break_request_path() -> Path:
    """Where the daemon asks the open window to start a break (`HandOver.request_break`)."""
    return runtime_dir() / "break-request.json"


class InstanceLock:
    """A non-blocking exclusive lock on a file, holding the owner's pid inside."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process (or open file) holds it."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def hand_over(self) -> None:
        """Keep holding the lock through `os.execv`: the program that follows in this
        process takes it with `taken_over` (nobody else can take it in between)."""
        if self._fd is None:
            return
        os.set_inheritable(self._fd, True)
        os.environ[HANDED_OVER] = f"{self._fd}:{self.path}"
        self._fd = None  # `release` no longer lets it go

    @classmethod
    def taken_over(cls, path: Path) -> InstanceLock | None:
        """The lock at `path` as the program before this one in the process handed it
        over (checked: the same file, and held through that descriptor), else None."""
        fd_text, _, held = os.environ.get(HANDED_OVER, "").partition(":")
        if not fd_text.isdigit() or held != str(path):
            return None  # none, or another lock's: left for its taker
        del os.environ[HANDED_OVER]  # used up; the daemon's children never see it
        fd = int(fd_text)
        try:
            # Not ours (a descriptor that is something else now) is left alone.
            if not os.path.samestat(os.fstat(fd), os.stat(path)):
                return None
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held through it: granted
        except OSError:
            return None
        os.set_inheritable(fd, False)
        lock = cls(path)
        lock._fd = fd
        return lock

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def is_held(path: Path) -> bool:
    """Whether some process holds the lock at `path` (never creates the file)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def holder_pid(path: Path) -> int | None:
    """The pid written by the lock's holder, if it is held."""
    if not is_held(path):
        return None
    try:
        return int(path.read_text().strip() or 0) or None
    except (OSError, ValueError):
        return None
