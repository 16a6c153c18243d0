"""`coach remind --install/--uninstall`: a systemd user unit for the daemon."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from coach.reminders.eventlog import EXIT_ALREADY_RUNNING

UNIT_NAME = "coach-remind.service"


def user_unit_dir() -> Path:
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "systemd" / "user"


def unit_path() -> Path:
    return user_unit_dir() / UNIT_NAME


def coach_command() -> list[str]:
    """The absolute command that runs this very coach (a venv's bin/coach included)."""
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is not None and argv0.name == "coach" and argv0.exists():
        return [str(argv0.absolute())]
    found = shutil.which("coach")
    if found:
        return [str(Path(found).absolute())]
    return [sys.executable, "-m", "coach"]


def unit_text(command: list[str]) -> str:
    exec_start = " ".join(_quote(part) for part in [*command, "remind"])
    return f"""\
# Written by `coach remind --install`; remove with `coach remind --uninstall`.
[Unit]
Description=coach: sitting-break and water reminders
After=default.target

[Service]
Type=simple
ExecStart={exec_start}
# Exit status {EXIT_ALREADY_RUNNING} means another `coach remind` already runs: no point restarting.
Restart=on-failure
RestartSec=30
RestartPreventExitStatus={EXIT_ALREADY_RUNNING}

[Install]
WantedBy=default.target
"""


def _quote(part: str) -> str:
    # systemd's own quoting: double quotes around anything with a space.
    if any(char.isspace() for char in part) or '"' in part:
        return '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return part


def install() -> str:
    """Write the unit; returns what to tell the user."""
    path = unit_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists()
    path.write_text(unit_text(coach_command()), encoding="utf-8")
    return (
        f"{'updated' if existed else 'wrote'} {path}\n"
        "Start it now and at every login:\n"
        "  systemctl --user daemon-reload\n"
        f"  systemctl --user enable --now {UNIT_NAME}\n"
        f"Its log: journalctl --user -u {UNIT_NAME} -f"
    )


def uninstall() -> str:
    """Remove the unit and its enable link; returns what to tell the user."""
    path = unit_path()
    wanted = user_unit_dir() / "default.target.wants" / UNIT_NAME
    removed = []
    for candidate in (wanted, path):
        if candidate.is_symlink() or candidate.exists():
            candidate.unlink()
            removed.append(str(candidate))
    if not removed:
        return f"nothing to remove: {path} does not exist"
    return (
        "removed " + ", ".join(removed) + "\n"
        "If it is running, stop it and let systemd forget it:\n"
        f"  systemctl --user stop {UNIT_NAME}\n"
        "  systemctl --user daemon-reload"
    )
