"""How long the user has been away from keyboard and mouse.

Sources, in order: systemd-logind's IdleHint/IdleSinceHint for the user's
session (`loginctl`), else X11 through `xprintidle`, else none: natural-break
detection is then off and `coach doctor` says so. Every call has a timeout and
never raises; a source that fails to answer reports None ("unknown").
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Mapping
from typing import Protocol

from coach.shell import run_command

TIMEOUT = 2.0

Which = Callable[[str], str | None]


class IdleSource(Protocol):
    name: str

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when the source cannot tell right now."""
        ...


class LogindIdle:
    """systemd-logind's idle hint, which desktops set when the user goes idle."""

    def __init__(
        self, session_id: str, loginctl: str = "loginctl", wall: Callable[[], float] = time.time
    ) -> None:
        self.session_id = session_id
        self.loginctl = loginctl
        self.name = f"systemd-logind (session {session_id})"
        self._wall = wall

    def idle_seconds(self) -> float | None:
        result = run_command(
            [
                self.loginctl,
                "show-session",
                self.session_id,
                "-p",
                "IdleHint",
                "-p",
                "IdleSinceHint",
            ],
            timeout=TIMEOUT,
        )
        if not result.ok:
            return None
        values = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
        hint = values.get("IdleHint", "").strip()
        if hint == "no":
            return 0.0
        if hint != "yes":
            return None
        try:
            since_us = int(values.get("IdleSinceHint", "0").strip())
        except ValueError:
            return None
        if since_us <= 0:
            return None
        # IdleSinceHint counts microseconds of CLOCK_REALTIME.
        return max(0.0, self._wall() - since_us / 1_000_000)


class XprintidleIdle:
    """X11's idle time through `xprintidle` (milliseconds since the last input)."""

    def __init__(self, program: str = "xprintidle") -> None:
        self.program = program
        self.name = "X11 (xprintidle)"

    def idle_seconds(self) -> float | None:
        result = run_command([self.program], timeout=TIMEOUT)
        if not result.ok:
            return None
        try:
            return int(result.stdout.strip()) / 1000
        except ValueError:
            return None


def find_session_id(env: Mapping[str, str], loginctl: str) -> str | None:
    """The user's graphical session: $XDG_SESSION_ID, else the one logind names."""
    session = env.get("XDG_SESSION_ID", "").strip()
    if session:
        return session
    # A systemd user service has no XDG_SESSION_ID; ask logind for the user's display session.
    uid = str(os.getuid())
    result = run_command([loginctl, "show-user", uid, "-p", "Display", "--value"], timeout=TIMEOUT)
    if result.ok and result.stdout.strip():
        return result.stdout.strip().splitlines()[0]
    result = run_command([loginctl, "list-sessions", "--no-legend"], timeout=TIMEOUT)
    if not result.ok:
        return None
    for line in result.stdout.splitlines():
        columns = line.split()
        # SESSION UID USER SEAT ...: a session with a seat is a local, graphical one
        if len(columns) >= 4 and columns[1] == uid and columns[3].startswith("seat"):
            return columns[0]
    return None


def detect_idle_source(
    env: Mapping[str, str] | None = None, which: Which = shutil.which
) -> IdleSource | None:
    """The first source that answers now, or None (natural-break detection off)."""
    env = os.environ if env is None else env
    loginctl = which("loginctl")
    if loginctl:
        session = find_session_id(env, loginctl)
        if session:
            logind = LogindIdle(session, loginctl)
            if logind.idle_seconds() is not None:
                return logind
    xprintidle = which("xprintidle")
    if xprintidle and env.get("DISPLAY"):
        x11 = XprintidleIdle(xprintidle)
        if x11.idle_seconds() is not None:
            return x11
    return None


def why_no_idle_source(env: Mapping[str, str] | None = None, which: Which = shutil.which) -> str:
    """One line for `coach doctor` when detect_idle_source() found nothing."""
    env = os.environ if env is None else env
    reasons = []
    loginctl = which("loginctl")
    if loginctl is None:
        reasons.append("no loginctl")
    elif (session := find_session_id(env, loginctl)) is None:
        reasons.append("loginctl finds no session for this user")
    else:
        reasons.append(f"logind gives no idle state for session {session}")
    if which("xprintidle") is None:
        reasons.append("no xprintidle (X11)")
    elif not env.get("DISPLAY"):
        reasons.append("no X11 display")
    return "; ".join(reasons)
