"""Is the user here, free and awake? The checks a reminder makes before it shows.

- Idle time (`coach.reminders.idle`): away long enough counts as a break; away
  a little, the reminder waits for them.
- Meetings: an app recording from the microphone (`pactl`), or the user's own
  `defer_if` command; each with a short timeout, never raising.
- Suspend: the wall clock moved further than the monotonic clock (which stops
  while the machine sleeps) between two checks.

What the answers mean is decided by the pure rules in `coach.reminders.schedule`
(`presence`, `keep_deferring`, `looks_like_resume`). The probes run programs,
so the service calls `PresenceChecks.probe` in a worker thread.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass

from coach.clock import Clock
from coach.config import Config
from coach.reminders.idle import IdleSource
from coach.reminders.schedule import (
    SUSPEND_THRESHOLD,
    Presence,
    clock_gap,
    looks_like_resume,
    presence,
)
from coach.shell import run_command

PROBE_TIMEOUT = 2.0  # pactl: answers in milliseconds when healthy
DEFER_IF_TIMEOUT = 3.0  # the user's own command

Which = Callable[[str], str | None]
# Why now is a bad moment for a reminder ("microphone in use"), or None.
BusyCheck = Callable[[Config], str | None]


# ---------------------------------------------------------------- meetings


def microphone_in_use(which: Which = shutil.which) -> bool | None:
    """Whether an app records from a microphone (PipeWire/PulseAudio source outputs).

    None when it cannot tell (no pactl, no sound server, timeout).
    """
    pactl = which("pactl")
    if pactl is None:
        return None
    result = run_command([pactl, "list", "short", "source-outputs"], timeout=PROBE_TIMEOUT)
    if not result.ok:
        return None
    return any(line.strip() for line in result.stdout.splitlines())


def defer_command_says_busy(command: str) -> bool | None:
    """Run the user's `defer_if` command: exit 0 means busy. None if it failed to answer."""
    result = run_command(command, shell=True, timeout=DEFER_IF_TIMEOUT, capture=False)
    if result.returncode is None:
        return None
    return result.returncode == 0


def busy_reason(config: Config, which: Which = shutil.which) -> str | None:
    """Why now is a bad moment for a reminder ("microphone in use"), or None."""
    if config.defer_when_mic_in_use and microphone_in_use(which):
        return "microphone in use"
    if config.defer_if and defer_command_says_busy(config.defer_if):
        return "defer_if says busy"
    return None


def could_be_busy(config: Config, which: Which = shutil.which) -> bool:
    """Whether `busy_reason` has anything to ask (no pactl and no `defer_if`: never busy)."""
    return bool(config.defer_if) or (config.defer_when_mic_in_use and which("pactl") is not None)


# ---------------------------------------------------------------- the checks before a reminder


@dataclass(frozen=True)
class Probe:
    """What the probes found: idle seconds (None: unknown) and why the user is busy."""

    idle_seconds: float | None = None
    busy: str | None = None


@dataclass(frozen=True)
class PresenceChecks:
    """The idle source and the meeting check a service asks before it reminds."""

    idle_source: IdleSource | None = None
    busy_check: BusyCheck | None = busy_reason

    def needs_probe(self, config: Config) -> bool:
        """False when a probe would find nothing (then no worker thread is needed)."""
        if self.idle_source is not None:
            return True
        if self.busy_check is None:
            return False
        if self.busy_check is busy_reason:
            return could_be_busy(config)
        return True

    def probe(self, config: Config) -> Probe:
        """Idle time, then (only for a user who is at the computer) the meeting check.

        Runs programs with timeouts: call it from a worker thread.
        """
        idle = self.idle_seconds()
        if presence(idle, config.break_length) is not Presence.ACTIVE:
            return Probe(idle_seconds=idle)
        busy = self.busy_check(config) if self.busy_check is not None else None
        return Probe(idle_seconds=idle, busy=busy)

    def idle_seconds(self) -> float | None:
        return self.idle_source.idle_seconds() if self.idle_source is not None else None


# ---------------------------------------------------------------- suspend


class SuspendDetector:
    """Notices a suspend/resume (or a wall-clock change) between two checks."""

    def __init__(self, clock: Clock, threshold: float = SUSPEND_THRESHOLD) -> None:
        self._clock = clock
        self._threshold = threshold
        self._monotonic = clock.monotonic()
        self._wall = clock.now()

    def check(self) -> float | None:
        """The gap in seconds if the wall clock jumped since the last check, else None."""
        monotonic, wall = self._clock.monotonic(), self._clock.now()
        gap = clock_gap(self._monotonic, self._wall, monotonic, wall)
        self._monotonic, self._wall = monotonic, wall
        return gap if looks_like_resume(gap, self._threshold) else None
