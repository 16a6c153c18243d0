"""What wakes the daemon besides its reminders: file changes, sleep and clock changes.

`coach remind` sleeps until a reminder is due. Nothing polls; the kernel and
systemd tell it when something changed:

- `FolderWatch`: inotify (the stdlib through ctypes) on a few folders, with a
  callback per file name: config.yaml and the user's routines (reload), the pause
  file, the coach window's lock (the window closed: carry on from its plan), the
  journal (today's figures for `coach status`). Bursts (an editor's save) are
  folded into one call a moment later.
- `SleepSignal`: systemd-logind's `PrepareForSleep(false)` on the system bus
  (dbus-fast), sent as the machine resumes: every timer restarts at once.
- `ClockChange`: a timerfd on the wall clock armed with `TFD_TIMER_CANCEL_ON_SET`,
  which the kernel cancels when the clock is set and on resume from suspend; the
  daemon then runs its monotonic-vs-wall check (the fallback without logind).

Each starts only where it works (Linux; a system bus) and says so; the daemon falls
back to its old 5-second watch when inotify is missing. Every callback runs on the
event loop. No Textual here.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import errno
import os
import struct
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

# inotify(7)
IN_MODIFY = 0x00000002
IN_CLOSE_WRITE = 0x00000008
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_DELETE_SELF = 0x00000400
IN_MOVE_SELF = 0x00000800
IN_IGNORED = 0x00008000
IN_ONLYDIR = 0x01000000
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000
CHANGES = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, len

# timerfd_create(2)
CLOCK_REALTIME = 0
TFD_NONBLOCK = 0o4000
TFD_CLOEXEC = 0o2000000
TFD_TIMER_ABSTIME = 1
TFD_TIMER_CANCEL_ON_SET = 2
FAR_AHEAD = 10 * 365 * 24 * 3600  # the timer itself never fires: only its cancellation counts

SETTLE_SECONDS = 0.3  # an editor's save is several events: one call after they settle

LOGIND = "org.freedesktop.login1"
SLEEP_MATCH = (
    "type='signal',sender='org.freedesktop.login1',interface='org.freedesktop.login1.Manager',"
    "member='PrepareForSleep',path='/org/freedesktop/login1'"
)
SYSTEM_BUS_SOCKET = "/run/dbus/system_bus_socket"
DBUS_TIMEOUT = 5.0

Handler = Callable[[], object]  # what it returns is not used


def _libc() -> Any:
    return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


# ---------------------------------------------------------------------- files


class Inotify:
    """The inotify calls themselves: watch folders, read what happened. No loop here."""

    def __init__(self) -> None:
        self._libc = _libc()
        fd = self._libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self.fd: int | None = fd

    def add(self, folder: Path, mask: int = CHANGES) -> int | None:
        """Watch a folder (it must exist); its watch descriptor, or None."""
        if self.fd is None:
            return None
        wd = self._libc.inotify_add_watch(
            self.fd, os.fsencode(folder), mask | IN_ONLYDIR | IN_DELETE_SELF | IN_MOVE_SELF
        )
        return wd if wd >= 0 else None

    def read(self) -> list[tuple[int, int, str]]:
        """The events waiting: (watch descriptor, mask, file name); [] when none."""
        if self.fd is None:
            return []
        try:
            data = os.read(self.fd, 64 * 1024)
        except BlockingIOError:
            return []
        events = []
        offset = 0
        while offset + _EVENT.size <= len(data):
            wd, mask, _cookie, size = _EVENT.unpack_from(data, offset)
            raw = data[offset + _EVENT.size : offset + _EVENT.size + size]
            offset += _EVENT.size + size
            events.append((wd, mask, os.fsdecode(raw.rstrip(b"\0"))))
        return events

    def close(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None


class FolderWatch:
    """inotify on folders; `on(folder, name, handler)` calls `handler` when that file (any
    file, with name None) in `folder` is written, created, moved or removed."""

    def __init__(self, loop: asyncio.AbstractEventLoop, settle: float = SETTLE_SECONDS) -> None:
        self.loop = loop
        self.settle = settle
        self._inotify = Inotify()
        self._folders: dict[int, Path] = {}  # watch descriptor -> folder
        self._handlers: dict[Path, list[tuple[str | None, Handler]]] = {}
        self._pending: dict[Handler, asyncio.TimerHandle] = {}
        assert self._inotify.fd is not None
        loop.add_reader(self._inotify.fd, self._readable)

    def on(self, folder: Path, name: str | None, handler: Handler, mask: int = CHANGES) -> bool:
        """Watch `folder` (it must exist) for `name`; False when it cannot be watched."""
        folder = Path(folder)
        if folder not in self._handlers:
            wd = self._inotify.add(folder, mask)
            if wd is None:
                return False
            self._folders[wd] = folder
            self._handlers[folder] = []
        self._handlers[folder].append((name, handler))
        return True

    def watching(self, folder: Path) -> bool:
        return Path(folder) in self._handlers

    def _readable(self) -> None:
        try:
            events = self._inotify.read()
        except OSError:
            self.close()
            return
        for wd, mask, name in events:
            folder = self._folders.get(wd)
            if folder is None:
                continue
            if mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF):
                self._forget(wd, folder)
                continue
            for wanted, handler in self._handlers.get(folder, []):
                if wanted is None or wanted == name:
                    self._soon(handler)

    def _forget(self, wd: int, folder: Path) -> None:
        self._folders.pop(wd, None)
        handlers = self._handlers.pop(folder, [])
        for _, handler in handlers:
            self._soon(handler)  # gone: whoever cared looks again (and may watch anew)

    def _soon(self, handler: Handler) -> None:
        pending = self._pending.pop(handler, None)
        if pending is not None:
            pending.cancel()
        self._pending[handler] = self.loop.call_later(self.settle, self._call, handler)

    def _call(self, handler: Handler) -> None:
        self._pending.pop(handler, None)
        handler()

    def close(self) -> None:
        for pending in self._pending.values():
            pending.cancel()
        self._pending.clear()
        if self._inotify.fd is not None:
            with contextlib.suppress(ValueError, OSError):
                self.loop.remove_reader(self._inotify.fd)
        self._inotify.close()


# ---------------------------------------------------------------------- clock changes


class _TimeSpec(ctypes.Structure):
    _fields_ = (("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long))


class _TimerSpec(ctypes.Structure):
    _fields_ = (("it_interval", _TimeSpec), ("it_value", _TimeSpec))


class ClockChange:
    """Calls `handler` when the wall clock is set or the machine resumes (Linux timerfd)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, handler: Handler) -> None:
        self.loop = loop
        self.handler = handler
        self._libc = _libc()
        fd = self._libc.timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "timerfd_create failed")
        self.fd: int | None = fd
        self._arm()
        loop.add_reader(fd, self._readable)

    def _arm(self) -> None:
        assert self.fd is not None
        now = _TimeSpec()
        self._libc.clock_gettime(CLOCK_REALTIME, ctypes.byref(now))
        spec = _TimerSpec(_TimeSpec(0, 0), _TimeSpec(now.tv_sec + FAR_AHEAD, 0))
        flags = TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET
        if self._libc.timerfd_settime(self.fd, flags, ctypes.byref(spec), None) < 0:
            raise OSError(ctypes.get_errno(), "timerfd_settime failed")

    def _readable(self) -> None:
        assert self.fd is not None
        try:
            os.read(self.fd, 8)
        except BlockingIOError:
            return
        except OSError as error:
            if error.errno != errno.ECANCELED:
                self.close()
                return
        self._arm()
        self.handler()

    def close(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(ValueError, OSError):
                self.loop.remove_reader(self.fd)
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None


# ---------------------------------------------------------------------- sleep


def system_bus_address(env: Mapping[str, str] | None = None) -> str | None:
    """The system bus (logind's), or None when there is none to talk to."""
    env = os.environ if env is None else env
    address = env.get("DBUS_SYSTEM_BUS_ADDRESS", "").strip()
    if address:
        return address
    if Path(SYSTEM_BUS_SOCKET).is_socket():
        return f"unix:path={SYSTEM_BUS_SOCKET}"
    return None


class SleepSignal:
    """systemd-logind's PrepareForSleep: `on_resume()` as the machine wakes up."""

    def __init__(self, address: str, on_resume: Handler, on_sleep: Handler | None = None) -> None:
        self.address = address
        self.on_resume = on_resume
        self.on_sleep = on_sleep
        self._bus: Any = None

    async def start(self) -> bool:
        """Subscribe; False when the bus cannot be reached (the fallback then serves)."""
        from coach.reminders.notify import keep_library_logs_quiet

        keep_library_logs_quiet()
        try:
            from dbus_fast import Message
            from dbus_fast.aio import MessageBus
        except ImportError:  # desktop-notifier brings dbus-fast on Linux only
            return False
        try:
            bus = await asyncio.wait_for(
                MessageBus(bus_address=self.address).connect(), DBUS_TIMEOUT
            )
        # The bus is outside coach (no socket, refused, auth, a timeout: dbus-fast raises
        # many kinds): whatever fails, suspend is noticed by the clock check instead.
        except Exception:
            return False
        bus.add_message_handler(self._message)
        try:
            await asyncio.wait_for(
                bus.call(
                    Message(
                        destination="org.freedesktop.DBus",
                        path="/org/freedesktop/DBus",
                        interface="org.freedesktop.DBus",
                        member="AddMatch",
                        signature="s",
                        body=[SLEEP_MATCH],
                    )
                ),
                DBUS_TIMEOUT,
            )
        except Exception:  # the same boundary: a bus that will not subscribe us
            bus.disconnect()
            return False
        self._bus = bus
        return True

    def _message(self, message: Any) -> None:
        if message.member != "PrepareForSleep" or not message.body:
            return
        if message.body[0]:
            if self.on_sleep is not None:
                self.on_sleep()
        else:
            self.on_resume()

    def close(self) -> None:
        if self._bus is not None:
            self._bus.disconnect()
            self._bus = None
