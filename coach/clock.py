"""Time comes in from outside: every part of coach that waits or schedules takes a Clock.

`monotonic()` drives countdowns and deadlines (it never jumps); `now()` is the
wall clock, timezone-aware, for journals and working hours. Tests use
`FakeClock` and move time with `advance()`, so nothing ever sleeps for real.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards or jumps."""
        ...

    def now(self) -> datetime:
        """The aware local wall-clock time."""
        ...


class SystemClock:
    """The real clocks of this machine."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now().astimezone()


class FakeClock:
    """A clock that moves only when told to.

    `advance()` moves both clocks together; `jump_wall()` moves only the wall
    clock, the way a suspend or a clock change looks from inside a process.
    """

    def __init__(self, start: datetime | None = None, tz: tzinfo | None = None) -> None:
        if start is None:
            start = datetime(2026, 1, 5, 9, 0, tzinfo=tz or datetime.now().astimezone().tzinfo)
        elif start.tzinfo is None:
            start = start.replace(tzinfo=tz or datetime.now().astimezone().tzinfo)
        self._wall = start
        self._mono = 1000.0

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)

    def jump_wall(self, seconds: float) -> None:
        self._wall += timedelta(seconds=seconds)

    def set_wall(self, when: datetime) -> None:
        self._wall = when
