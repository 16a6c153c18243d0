"""Desktop notifications, with fallbacks: D-Bus, notify-send, tmux, then a printed line.

A reminder is never invisible. In order:

1. `desktop-notifier` over the D-Bus session bus, when a bus is reachable and a
   notification server answers on it. Buttons (and a click on the body, the
   "default action") work while the caller's asyncio loop runs (the daemon's does).
2. `notify-send`, if on PATH (no buttons).
3. `tmux display-message` to every client attached to the tmux server (the one the
   daemon runs inside, else the user's default one): people who live in a terminal.
4. A line on the terminal, with its bell when it is one.

"No bus" is detected here, not left to desktop-notifier: without a bus it logs
a traceback and returns. Its loggers are kept off the terminal; a failure only
moves the notice down the chain. No Textual here.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TextIO

APP_NAME = "coach"
DBUS_TIMEOUT = 2.0
NOTIFY_SEND_TIMEOUT = 5.0
TMUX_TIMEOUT = 3.0
TMUX_MESSAGE_SECONDS = 15.0  # how long a reminder stays on a tmux status line

Which = Callable[[str], str | None]


@dataclass(frozen=True)
class Notice:
    title: str
    body: str
    actions: tuple[tuple[str, str], ...] = ()  # (action id, button label)
    urgent: bool = False
    default_action: str | None = None  # the action a click on the body stands for
    expires: float | None = None  # seconds it stays up (None: the server decides)
    # Added where there are no buttons to press (notify-send, tmux, a printed line):
    # how to start the break by hand, e.g. "Start it: coach run desk-break".
    hint: str = ""

    def plain_body(self) -> str:
        """The body for a carrier without buttons."""
        return f"{self.body} {self.hint}" if self.hint else self.body


class Backend(Protocol):
    name: str

    async def send(self, notice: Notice) -> bool:
        """True when the notice reached the user's desktop (or terminal)."""
        ...


class _FailureCatcher(logging.Handler):
    """Takes desktop-notifier's and dbus-fast's log records instead of the terminal."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.last_failure = ""

    def emit(self, record: logging.LogRecord) -> None:
        detail = f": {record.exc_info[1]}" if record.exc_info and record.exc_info[1] else ""
        self.last_failure = f"{record.getMessage()}{detail}"


_catcher = _FailureCatcher()


def keep_library_logs_quiet() -> None:
    """Route desktop-notifier/dbus-fast logging to a catcher, never to stderr."""
    for name in ("desktop_notifier", "dbus_fast"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if _catcher not in logger.handlers:
            logger.addHandler(_catcher)


def session_bus_address(env: Mapping[str, str] | None = None) -> str | None:
    """The D-Bus session bus address, or None when there is no bus to talk to."""
    env = os.environ if env is None else env
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    # systemd's user bus lives here even when the variable was not passed on.
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and (Path(runtime) / "bus").is_socket():
        return f"unix:path={Path(runtime) / 'bus'}"
    return None


async def notification_server(address: str, timeout: float = DBUS_TIMEOUT) -> str | None:
    """The name of the notification server on the bus ("GNOME Shell", "dunst"), or None."""
    keep_library_logs_quiet()
    try:
        from dbus_fast import Message, MessageType
        from dbus_fast.aio import MessageBus
    except ImportError:  # desktop-notifier brings dbus-fast on Linux only
        return None
    try:
        bus = await asyncio.wait_for(MessageBus(bus_address=address).connect(), timeout)
    # The bus is outside coach (a bad address, a dead socket, auth, a timeout: dbus-fast
    # raises many kinds); whatever fails, the answer is "no server".
    except Exception:
        return None
    try:
        reply = await asyncio.wait_for(
            bus.call(
                Message(
                    destination="org.freedesktop.Notifications",
                    path="/org/freedesktop/Notifications",
                    interface="org.freedesktop.Notifications",
                    member="GetServerInformation",
                )
            ),
            timeout,
        )
    except Exception:  # the same boundary: a server that errs or hangs is no server
        return None
    finally:
        bus.disconnect()
    if reply is None or reply.message_type != MessageType.METHOD_RETURN or not reply.body:
        return None
    return str(reply.body[0])


class DesktopNotifierBackend:
    """freedesktop notifications over D-Bus through desktop-notifier."""

    def __init__(self, address: str, on_action: Callable[[str], None] | None = None) -> None:
        self.address = address
        self.name = "desktop notification (D-Bus)"
        self._on_action = on_action
        self._notifier: Any = None

    async def send(self, notice: Notice) -> bool:
        keep_library_logs_quiet()
        from desktop_notifier import Button, DesktopNotifier, Urgency

        # dbus-fast reads the address from the environment only.
        os.environ.setdefault("DBUS_SESSION_BUS_ADDRESS", self.address)
        if self._notifier is None:
            self._notifier = DesktopNotifier(app_name=APP_NAME, app_icon=None)
        dispatched = asyncio.Event()
        buttons = [
            Button(title=label, on_pressed=partial(self._pressed, action), identifier=action)
            for action, label in notice.actions
        ]
        extra: dict[str, Any] = {}
        if notice.default_action is not None:
            extra["on_clicked"] = partial(self._pressed, notice.default_action)
        if notice.expires is not None:
            extra["timeout"] = round(notice.expires)
        try:
            await asyncio.wait_for(
                self._notifier.send(
                    notice.title,
                    notice.body,
                    urgency=Urgency.Critical if notice.urgent else Urgency.Normal,
                    buttons=buttons,
                    on_dispatched=dispatched.set,
                    **extra,
                ),
                DBUS_TIMEOUT,
            )
        # desktop-notifier and the server are outside coach: any failure moves the notice
        # down the chain (notify-send, a printed line).
        except Exception:
            self._notifier = None  # a fresh connection next time
            return False
        if not dispatched.is_set():
            self._notifier = None
        return dispatched.is_set()

    def _pressed(self, action: str) -> None:
        if self._on_action is not None:
            self._on_action(action)


class NotifySendBackend:
    def __init__(self, program: str) -> None:
        self.program = program
        self.name = "notify-send"

    async def send(self, notice: Notice) -> bool:
        return await asyncio.to_thread(self.send_blocking, notice)

    def send_blocking(self, notice: Notice) -> bool:
        from coach.shell import run_command

        urgency = "critical" if notice.urgent else "normal"
        command = [self.program, f"--app-name={APP_NAME}", f"--urgency={urgency}"]
        if notice.expires is not None:
            command.append(f"--expire-time={round(notice.expires * 1000)}")
        result = run_command(
            [*command, notice.title, notice.plain_body()], timeout=NOTIFY_SEND_TIMEOUT
        )
        return result.ok


class TmuxBackend:
    """`tmux display-message` on every attached client, for a while."""

    def __init__(self, program: str, socket: str | None) -> None:
        self.program = program
        self.socket = socket
        self.name = "tmux message"

    def _tmux(self, *arguments: str) -> list[str]:
        return [self.program, *(("-S", self.socket) if self.socket else ()), *arguments]

    def clients(self) -> list[str]:
        from coach.shell import run_command

        result = run_command(
            self._tmux("list-clients", "-F", "#{client_name}"), timeout=TMUX_TIMEOUT, env=_no_tmux()
        )
        return [line for line in result.stdout.splitlines() if line.strip()] if result.ok else []

    async def send(self, notice: Notice) -> bool:
        return await asyncio.to_thread(self.send_blocking, notice)

    def send_blocking(self, notice: Notice) -> bool:
        from coach.shell import run_command

        text = f"coach: {notice.title}. {notice.plain_body()}".replace("#", "##")
        shown = round((notice.expires or TMUX_MESSAGE_SECONDS) * 1000)
        sent = False
        for client in self.clients():
            command = self._tmux("display-message", "-c", client, "-d", str(shown), text)
            sent = run_command(command, timeout=TMUX_TIMEOUT, env=_no_tmux()).ok or sent
        return sent


def _no_tmux() -> dict[str, str]:
    """tmux commands from a process inside tmux still reach every client without `$TMUX`."""
    return {key: value for key, value in os.environ.items() if key != "TMUX"}


class PrintBackend:
    """A line on the terminal (the daemon's own), with the bell when it is a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        self.name = "printed line"

    async def send(self, notice: Notice) -> bool:
        stream = self.stream or sys.stdout
        try:
            bell = "\a" if stream.isatty() else ""
            print(f"{bell}coach: {notice.title}. {notice.plain_body()}", file=stream, flush=True)
        except (OSError, ValueError):  # a closed terminal: nothing more to try
            return False
        return True


class Notifier:
    """Sends a Notice through the first backend that works."""

    def __init__(
        self,
        *,
        env: Mapping[str, str] | None = None,
        which: Which = shutil.which,
        on_action: Callable[[str], None] | None = None,
        stream: TextIO | None = None,
    ) -> None:
        keep_library_logs_quiet()
        self.backends: list[Backend] = []
        address = session_bus_address(env)
        if address is not None:
            self.backends.append(DesktopNotifierBackend(address, on_action))
        program = which("notify-send")
        if program is not None:
            self.backends.append(NotifySendBackend(program))
        tmux = which("tmux")
        if tmux is not None:
            from coach.reminders.opener import tmux_socket

            self.backends.append(TmuxBackend(tmux, tmux_socket(os.environ if env is None else env)))
        self.backends.append(PrintBackend(stream))

    def describe(self) -> str:
        return " → ".join(backend.name for backend in self.backends)

    async def send(self, notice: Notice) -> str:
        """Send it; returns the name of the backend that delivered it."""
        for backend in self.backends:
            try:
                if await backend.send(notice):
                    return backend.name
            except Exception:  # a backend must never take the caller down
                continue
        return "nothing (no backend worked)"

    @property
    def last_failure(self) -> str:
        """What desktop-notifier logged last time it failed (for logs and doctor)."""
        return _catcher.last_failure


async def describe_backend(
    env: Mapping[str, str] | None = None, which: Which = shutil.which
) -> tuple[str, bool]:
    """For `coach doctor`: what would carry a reminder, and whether it is a desktop popup."""
    address = session_bus_address(env)
    if address is not None:
        server = await notification_server(address)
        if server:
            return f"desktop notifications over D-Bus ({server})", True
        bus_note = f"a D-Bus session bus ({address}) but no notification server on it"
    else:
        bus_note = "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset)"
    if which("notify-send"):
        return f"notify-send ({bus_note})", True
    tmux = which("tmux")
    if tmux is not None:
        from coach.reminders.opener import tmux_socket

        backend = TmuxBackend(tmux, tmux_socket(os.environ if env is None else env))
        clients = await asyncio.to_thread(backend.clients)
        if clients:
            attached = f"{len(clients)} client{'s' if len(clients) > 1 else ''} attached"
            return f"tmux messages ({attached}; {bus_note}, no notify-send)", False
    return (
        f"printed lines only, with the terminal bell: {bus_note}, no notify-send, "
        "no tmux client attached",
        False,
    )
