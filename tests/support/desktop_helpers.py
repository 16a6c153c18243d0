"""A real desktop for the reminder tests: a private D-Bus session bus, Xvfb and dunst.

`desktop()` starts, in this order, `dbus-daemon --session` (its own address), `Xvfb`
on a free display (`-displayfd`) and `dunst` with a test dunstrc whose `dmenu` is a
script that picks the menu line holding a label the test writes to a file (dunst's
context menu is how a keyboard user picks a notification's button: `dunstctl
context`). `dunstctl action` invokes a notification's default action (a click on its
body). Every process is stopped afterwards. `missing_desktop()` says what is absent
(tests skip with that reason: `apt-get install dunst xvfb`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROGRAMS = ("dbus-daemon", "Xvfb", "dunst", "dunstctl")
START_TIMEOUT = 15.0
# A session bus of its own that starts no service on demand: the system's session
# config would start a second dunst (without a display) when a test asks before ours
# is up.
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def missing_desktop() -> str | None:
    """Why the real-desktop tests cannot run here, or None."""
    missing = [name for name in PROGRAMS if shutil.which(name) is None]
    if not missing:
        return None
    return (
        f"{', '.join(missing)} not installed: `apt-get install dunst xvfb dbus` "
        "(./dev setup installs them where it can)"
    )


@dataclass
class Desktop:
    bus: str  # the session bus address
    display: str  # ":N"
    pick_file: Path  # write a button's label here before `dunstctl context`
    menu_file: Path  # what dunst offered in its menu, last time

    def env(self) -> dict[str, str]:
        return {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.bus, "DISPLAY": self.display}

    def dunstctl(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["dunstctl", *arguments], env=self.env(), capture_output=True, text=True, timeout=10
        )

    def displayed(self) -> int:
        """How many notifications dunst shows now."""
        out = self.dunstctl("count", "displayed").stdout.strip()
        return int(out) if out.isdigit() else 0

    async def wait_displayed(self, count: int = 1) -> None:
        await wait_until(lambda: self.displayed() >= count, "dunst to show the notification")

    async def pick(self, label: str) -> None:
        """Choose the button `label` from the notification's menu, as a keyboard user would."""
        self.pick_file.write_text(label)
        result = await asyncio.to_thread(self.dunstctl, "context")
        assert result.returncode == 0, result.stderr

    async def click(self) -> None:
        """The default action of the newest notification (a click on its body)."""
        result = await asyncio.to_thread(self.dunstctl, "action", "0")
        assert result.returncode == 0, result.stderr


async def wait_until(condition: object, what: str, timeout: float = START_TIMEOUT) -> None:
    """Poll `condition()` (a callable) until true: for other processes, not for time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _wait_sync(condition: object, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@contextlib.contextmanager
def desktop(folder: Path) -> Iterator[Desktop]:
    folder.mkdir(parents=True, exist_ok=True)
    pick_file, menu_file = folder / "pick.txt", folder / "menu.txt"
    picker = folder / "pick.sh"
    picker.write_text(
        f'#!/bin/sh\ncat > "{menu_file}"\ngrep -m1 -F -- "$(cat "{pick_file}")" "{menu_file}"\n'
    )
    picker.chmod(0o755)
    dunstrc = folder / "dunstrc"
    dunstrc.write_text(f'[global]\n    dmenu = "{picker}"\n')
    bus_config = folder / "session.conf"
    bus_config.write_text(BUS_CONFIG.format(folder=folder))
    processes: list[subprocess.Popen[str]] = []
    try:
        bus_daemon = subprocess.Popen(
            [
                "dbus-daemon",
                f"--config-file={bus_config}",
                "--nofork",
                "--nopidfile",
                "--print-address=1",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        processes.append(bus_daemon)
        assert bus_daemon.stdout is not None
        bus = bus_daemon.stdout.readline().strip()
        assert bus, "dbus-daemon printed no address"
        read_end, write_end = os.pipe()
        xvfb = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "640x480x24",
            ],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        processes.append(xvfb)
        os.close(write_end)
        with os.fdopen(read_end) as chosen:
            number = chosen.readline().strip()
        assert number, "Xvfb chose no display"
        shown = Desktop(bus, f":{number}", pick_file, menu_file)
        dunst = subprocess.Popen(
            ["dunst", "-config", str(dunstrc)],
            env=shown.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        processes.append(dunst)
        _wait_sync(lambda: shown.dunstctl("count").returncode == 0, "dunst on the bus")
        yield shown
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(5)
            if process.poll() is None:
                process.kill()
                process.wait(5)
