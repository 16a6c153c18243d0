"""The daemon's log: one line per event on stderr, and the exit status of a second start.

Shared by `coach.reminders.daemon` and the small process it becomes outside working
hours (`coach.reminders.sleeper`), which must stay light: nothing heavy is imported here.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from datetime import datetime

    from coach.clock import Clock
    from coach.errors import InvalidFile

# Another `coach remind` holds the lock (the systemd unit does not restart on it).
EXIT_ALREADY_RUNNING = 2


class EventLog:
    """One line per event: `2026-11-23T10:00:00+01:00 coach remind: message`."""

    def __init__(self, stream: TextIO, clock: Clock) -> None:
        self.stream = stream
        self.clock = clock

    def event(self, message: str) -> None:
        stamp = self.clock.now().isoformat(timespec="seconds")
        # A closed stderr leaves nothing useful to do with the line.
        with contextlib.suppress(OSError, ValueError):
            print(f"{stamp} coach remind: {message}", file=self.stream, flush=True)

    def config_error(self, error: InvalidFile) -> None:
        from coach.config import fix_hint

        for problem in error.errors:
            self.event(f"config: {problem}")
        self.event(fix_hint(error))


def when(due: datetime | None) -> str:
    """A due time as the log (and `coach doctor`) write it: `Wed 10:00:00`, or `off`."""
    if due is None:
        return "off"
    return due.astimezone().strftime("%a %H:%M:%S")
