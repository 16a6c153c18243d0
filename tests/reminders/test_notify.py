"""Notifications over the real D-Bus protocol, on a private session bus.

The test starts its own `dbus-daemon --session`, hosts a fake
org.freedesktop.Notifications service (dbus-fast) on it, sends a coach
reminder and checks what the service received. No `from __future__ import
annotations` here: dbus-fast reads the D-Bus signatures from the annotations.
"""

import asyncio
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
from dbus_fast.annotations import DBusDict, DBusInt32, DBusSignature, DBusStr, DBusUInt32

from coach.reminders.notify import Notice, Notifier, describe_backend, session_bus_address
from tests.reminders.conftest import write_script

DBusStrings = Annotated[list[str], DBusSignature("as")]

needs_dbus = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None, reason="dbus-daemon is not installed"
)


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private D-Bus session bus for this test; its address is in the environment."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address, "dbus-daemon printed no address"
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address
    finally:
        daemon.terminate()
        daemon.wait(5)


def make_fake_server() -> Any:
    from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal

    class FakeNotifications(ServiceInterface):
        def __init__(self) -> None:
            super().__init__("org.freedesktop.Notifications")
            self.received: list[dict[str, Any]] = []
            self.arrived = asyncio.Event()

        @dbus_method()
        def Notify(
            self,
            app_name: DBusStr,
            replaces_id: DBusUInt32,
            app_icon: DBusStr,
            summary: DBusStr,
            body: DBusStr,
            actions: DBusStrings,
            hints: DBusDict,
            expire_timeout: DBusInt32,
        ) -> DBusUInt32:
            self.received.append(
                {
                    "app": app_name,
                    "title": summary,
                    "body": body,
                    "actions": list(actions),
                    "urgency": hints["urgency"].value,
                }
            )
            self.arrived.set()
            return len(self.received)

        @dbus_method()
        def GetCapabilities(self) -> DBusStrings:
            return ["actions", "body"]

        @dbus_method()
        def GetServerInformation(
            self,
        ) -> Annotated[tuple[str, str, str, str], DBusSignature("ssss")]:
            return ("fake-notifications", "coach tests", "1.0", "1.2")

        @dbus_method()
        def CloseNotification(self, notification_id: DBusUInt32) -> None:
            return None

        @dbus_signal()
        def ActionInvoked(
            self, notification_id: int, action_key: str
        ) -> Annotated[tuple[int, str], DBusSignature("us")]:
            return (notification_id, action_key)

        @dbus_signal()
        def NotificationClosed(
            self, notification_id: int, reason: int
        ) -> Annotated[tuple[int, int], DBusSignature("uu")]:
            return (notification_id, reason)

    return FakeNotifications()


async def host(address: str, server: Any) -> Any:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    bus.export("/org/freedesktop/Notifications", server)
    await bus.request_name("org.freedesktop.Notifications")
    return bus


@needs_dbus
async def test_a_reminder_reaches_the_notification_server(session_bus: str) -> None:
    server = make_fake_server()
    bus = await host(session_bus, server)
    pressed: list[str] = []
    try:
        notifier = Notifier(on_action=pressed.append, which=lambda name: None)
        notice = Notice(
            "Time to stand up",
            "You have been sitting for 1h.",
            actions=(("sitting:started", "Taking it now"), ("sitting:snoozed", "Snooze 10m")),
        )
        used = await notifier.send(notice)
        assert used == "desktop notification (D-Bus)"
        await asyncio.wait_for(server.arrived.wait(), 5)
        [received] = server.received
        assert received["app"] == "coach"
        assert received["title"] == "Time to stand up"
        assert received["body"] == "You have been sitting for 1h."
        assert received["actions"][-4:] == [
            "sitting:started",
            "Taking it now",
            "sitting:snoozed",
            "Snooze 10m",
        ]
        assert received["urgency"] == 1

        # The user presses "Snooze": the server says so; coach's callback hears it.
        server.ActionInvoked(1, "sitting:snoozed")
        for _ in range(100):
            if pressed:
                break
            await asyncio.sleep(0.01)
        assert pressed == ["sitting:snoozed"]

        text, desktop = await describe_backend()
        assert (text, desktop) == ("desktop notifications over D-Bus (fake-notifications)", True)
    finally:
        bus.disconnect()


@needs_dbus
async def test_a_bus_without_a_server_falls_back_quietly(
    session_bus: str, capfd: pytest.CaptureFixture[str]
) -> None:
    printed = io.StringIO()
    notifier = Notifier(which=lambda name: None, stream=printed)
    used = await notifier.send(Notice("Drink some water", "A glass (250 ml) now."))
    assert used == "printed line"
    assert printed.getvalue() == "coach: Drink some water. A glass (250 ml) now.\n"
    err = capfd.readouterr().err
    assert (
        "Traceback" not in err and err == ""
    )  # desktop-notifier's warning stayed off the terminal
    assert notifier.last_failure  # but coach knows what went wrong
    text, desktop = await describe_backend(which=lambda name: None)
    assert not desktop and "no notification server" in text


async def test_no_bus_at_all_prints_a_line(capfd: pytest.CaptureFixture[str]) -> None:
    printed = io.StringIO()
    notifier = Notifier(env={}, which=lambda name: None, stream=printed)
    assert notifier.describe() == "printed line"
    assert await notifier.send(Notice("Time to stand up", "Move.")) == "printed line"
    assert printed.getvalue() == "coach: Time to stand up. Move.\n"
    assert capfd.readouterr().err == ""
    text, desktop = await describe_backend(env={}, which=lambda name: None)
    assert not desktop and "no D-Bus session bus" in text


async def test_notify_send_is_the_second_choice(fake_bin: Path, tmp_path: Path) -> None:
    record = tmp_path / "notify-send.args"
    write_script(fake_bin, "notify-send", f'printf "%s\\n" "$@" > {record}')
    notifier = Notifier(env={}, which=lambda name: shutil.which(name, path=str(fake_bin)))
    assert notifier.describe() == "notify-send → printed line"
    assert (
        await notifier.send(Notice("Stand up now", "No more snoozing.", urgent=True))
        == "notify-send"
    )
    assert record.read_text().splitlines() == [
        "--app-name=coach",
        "--urgency=critical",
        "Stand up now",
        "No more snoozing.",
    ]


def test_the_systemd_user_bus_is_found_without_the_variable(tmp_path: Path) -> None:
    import socket

    runtime = tmp_path / "run"
    runtime.mkdir()
    assert session_bus_address({"XDG_RUNTIME_DIR": str(runtime)}) is None
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(runtime / "bus"))
        assert session_bus_address({"XDG_RUNTIME_DIR": str(runtime)}) == f"unix:path={runtime}/bus"
    assert session_bus_address({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}) == "unix:path=/x"
