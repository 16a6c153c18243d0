"""Outside working hours `coach remind` waits as a small process.

When nothing is due for a long while (the evening, the weekend, a day off) and no
notice went out lately, the daemon stops its parts and replaces itself, in the same
process (same pid: systemd, tmux and `coach status` see it running all along), with this
module: no scheduler, no history, no notifications, none of what the working day loaded.
It holds the daemon's lock and replaces itself with `coach remind` again twenty minutes
before the next reminder is due (the daemon then carries on with the plan it made before
it slept), or at once when something may change the plan: the config, a pause or a
resume, the coach window opening or closing, the history (for `coach status`'s figures),
the clock being set or the machine resuming. SIGTERM and SIGINT end it as they end the
daemon; SIGHUP wakes it.

`may_sleep` is the daemon's rule for when it may sleep, and until when. Imports stay
minimal on purpose (asyncio, and ctypes through coach.reminders.wakeups): the point is a
process that costs less than a bare Python + APScheduler + PyYAML one. No Textual here.

    python -m coach.reminders.sleeper UNTIL SINCE   (ISO times; UNTIL may be - for none)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

SLEEP_BEFORE = timedelta(hours=1)  # sleep only when nothing is due sooner than this
# Wake this long before the next reminder: the natural-break check looks at the quarter
# of an hour before it (coach.reminders.presence).
WAKE_BEFORE = timedelta(minutes=20)
LINGER = timedelta(minutes=30)  # stay awake this long after a notice: its buttons answer

Exec = Callable[[str, list[str]], object]  # os.execv, or a test's stand-in


class Sleep(NamedTuple):
    """The daemon may sleep: until when it should be woken (None: only by a change)."""

    until: datetime | None
    decided: datetime  # when it found it may (what changes after that wakes it)


def may_sleep(
    now: datetime,
    dues: Iterable[datetime | None],
    *,
    last_notice: datetime | None,
    quiet: bool,
    trying_out: bool,
) -> Sleep | None:
    """Whether the daemon may sleep, and until when (WAKE_BEFORE the first of `dues`).
    None (stay awake): a reminder is due within SLEEP_BEFORE, a notice went out within
    LINGER (its buttons reach only the daemon; a reminder still unanswered after that is
    in the state file, which the daemon reads again when it wakes), the coach window
    reminds (`quiet`: its writes would wake the sleeper over and over) or `--every` /
    `--anytime` are being tried out."""
    if quiet or trying_out:
        return None
    if last_notice is not None and now - last_notice < LINGER:
        return None
    upcoming = [due for due in dues if due is not None]
    if not upcoming:
        return Sleep(None, now)  # nothing will be due: only a change can make one due
    first = min(upcoming)
    if first - now < SLEEP_BEFORE:
        return None
    return Sleep(first - WAKE_BEFORE, now)


def command(until: datetime | None, since: datetime) -> list[str]:
    """The command line that replaces the daemon with the sleeper: wake at `until`, and
    at once for a file changed since `since` (while the daemon was stopping, unwatched)."""
    text = until.astimezone(UTC).isoformat() if until is not None else "-"
    return [sys.executable, "-m", "coach.reminders.sleeper", text, since.isoformat()]


def asleep(pid: int) -> Sleep | None:
    """Whether process `pid` is the daemon asleep, and until when (from its command line,
    as `command` wrote it); None when it is not, or where /proc cannot say."""
    from pathlib import Path

    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except (OSError, UnicodeDecodeError):
        return None
    if args[1:3] != ["-m", "coach.reminders.sleeper"] or len(args) < 5:
        return None
    try:
        until = datetime.fromisoformat(args[3]) if args[3] != "-" else None
        return Sleep(until, datetime.fromisoformat(args[4]))
    except ValueError:
        return None


def daemon_command() -> list[str]:
    """The command line that replaces the sleeper with the daemon."""
    return [sys.executable, "-m", "coach", "remind"]


def _log(message: str) -> None:
    from coach.clock import SystemClock
    from coach.reminders.eventlog import EventLog

    EventLog(sys.stderr, SystemClock()).event(message)


async def wait(until: datetime | None, since: datetime | None = None) -> tuple[bool, str]:
    """Wait for the first reason to wake: (True, why) to start the daemon again, or
    (False, why) to end (SIGTERM/SIGINT, which win over any other reason). A watched
    file changed since `since` wakes it at once: between the daemon's last look and
    these watches, nobody watched."""
    from coach import paths
    from coach.reminders.locks import runtime_dir, tui_lock_path
    from coach.reminders.pause import pause_file
    from coach.reminders.wakeups import CHANGES, IN_MODIFY, ClockChange, FolderWatch

    loop = asyncio.get_running_loop()
    reasons: list[tuple[bool, str]] = []
    woken = asyncio.Event()

    def wake(why: str, start: bool = True) -> Callable[[], None]:
        def handler() -> None:
            reasons.append((start, why))
            woken.set()

        return handler

    closers: list[Callable[[], None]] = []
    try:
        try:
            files = FolderWatch(loop)
            closers.append(files.close)
            clock = ClockChange(loop, wake("the clock was set, or the machine resumed"))
            closers.append(clock.close)
        except (OSError, AttributeError):  # not Linux, no inotify: the daemon stays awake
            return True, "no file or clock-change notifications here"
        config, pause, database = paths.config_file(), pause_file(), paths.database_file()
        for folder in {config.parent, pause.parent, runtime_dir(), database.parent}:
            with contextlib.suppress(OSError):
                folder.mkdir(parents=True, exist_ok=True)
        plans = [
            (config, "config.yaml changed"),
            (pause, "paused or resumed"),
            (tui_lock_path(), "the coach window opened or closed"),
        ]
        for path, why in plans:
            files.on(path.parent, path.name, wake(why), mask=CHANGES)
        for written in paths.database_writes():
            files.on(written.parent, written.name, wake("the history changed"), mask=IN_MODIFY)
        if since is not None:
            # Not the history: the daemon itself wrote it as it stopped (a checkpoint).
            for path, why in plans:
                with contextlib.suppress(OSError):  # no such file: nothing changed
                    if path.stat().st_mtime >= since.timestamp():
                        wake(why)()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, wake(signum.name, start=False))
        loop.add_signal_handler(signal.SIGHUP, wake("SIGHUP"))
        for signum in _EARLY:  # came before these handlers: acted on now
            wake(signum.name, start=signum is signal.SIGHUP)()
        if until is not None:
            seconds = (until - datetime.now(UTC)).total_seconds()
            loop.call_later(max(0.0, seconds), wake("the next reminder is near"))
        await woken.wait()
        await asyncio.sleep(0)  # a signal that came with the reason is in `reasons` too
        stops = [reason for reason in reasons if not reason[0]]
        return (stops or reasons)[0]
    finally:
        for close in closers:
            close()


_EARLY: list[signal.Signals] = []  # signals that came before the loop's handlers


def _note_early(signum: int, frame: object) -> None:
    _EARLY.append(signal.Signals(signum))


def main(argv: Sequence[str] | None = None, *, exec_: Exec = os.execv) -> int:
    # `systemctl stop` may come at any moment, even while this starts: never lost.
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _note_early)
    from coach.reminders.locks import InstanceLock, daemon_lock_path

    args = list(sys.argv[1:] if argv is None else argv)
    until = datetime.fromisoformat(args[0]) if args and args[0] != "-" else None
    since = datetime.fromisoformat(args[1]) if len(args) > 1 else None
    # The daemon hands its lock over: held all along, so `coach status` sees coach remind
    # running and no second one can start meanwhile.
    lock = InstanceLock.taken_over(daemon_lock_path()) or InstanceLock(daemon_lock_path())
    if not lock.acquire():
        from coach.reminders.eventlog import EXIT_ALREADY_RUNNING

        _log("another coach remind is already running; this one stops")
        return EXIT_ALREADY_RUNNING
    try:
        start, why = asyncio.run(wait(until, since))
        if start:
            lock.hand_over()  # back to the daemon
    finally:
        lock.release()
    if not start:
        _log("stopped")
        return 0
    _log(f"waking: {why}")
    argv_ = daemon_command()
    try:
        exec_(argv_[0], argv_)
    except OSError as problem:  # e.g. Python itself was removed by an upgrade
        _log(f"cannot start the daemon again ({problem}); start `coach remind` by hand")
        return 1
    return 0  # only when `exec_` returns (tests)


if __name__ == "__main__":
    raise SystemExit(main())
