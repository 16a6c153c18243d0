"""`coach doctor`: what works on this machine, and what to do about what doesn't."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.config import Config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = subparsers.add_parser(
        "doctor",
        help="check the config, sound, notifications, idle detection, the daemon and the history",
    )
    doctor.add_argument(
        "--repair",
        action="store_true",
        help="first keep a damaged history database aside (never deleted) and start a fresh "
        "one, and make coach's files private to you",
    )
    doctor.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "repair", False):
        for line in repair():
            print(line)
    checks = collect()
    width = max(len(name) for name, _, _ in checks)
    for name, ok, text in checks:
        mark = "ok " if ok else "-- "
        print(f"{mark}{name.ljust(width)}  {text}")
    fine = {name: ok for name, ok, _ in checks}
    return 0 if fine["config"] and fine["database"] else 1


def repair() -> list[str]:
    """`--repair`: what was done, one line each. A damaged database is moved aside (the
    journal's own rule: kept with a timestamp, with its -wal and -shm files)."""
    from coach.errors import CoachError
    from coach.history.calendar import open_journal
    from coach.paths import tighten_private_files

    lines = []
    try:
        with open_journal(create=False, repair=True) as journal:
            lines.extend(journal.notices)
            journal.dismiss_notices()
    except CoachError as error:  # no history yet, or one that cannot be opened at all
        lines.append(f"history: {error}")
    private = tighten_private_files()
    lines.append(private or "Your coach files are private to you.")
    return lines


def collect() -> list[tuple[str, bool, str]]:
    """(check, fine?, one line) for each thing coach depends on. Never raises."""
    import shutil

    from coach import paths
    from coach.config import load_config_or_default

    checks: list[tuple[str, bool, str]] = []
    config_path = paths.config_file()
    config, error = load_config_or_default(config_path)
    if error is not None:
        lines = "\n    ".join(str(problem) for problem in error.errors)
        checks.append(
            ("config", False, f"{config_path} has problems (defaults used for those):\n    {lines}")
        )
    elif config_path.exists():
        checks.append(("config", True, f"{config_path} is valid"))
    else:
        checks.append(
            (
                "config",
                True,
                f"{config_path} does not exist yet: defaults (`coach remind` writes it)",
            )
        )
    checks.append(("time zone", True, _zone_text(config)))
    checks.append(_sound_check(config))
    checks.append(_voice_check(config))
    checks.append(_notification_check())
    checks.append(_opener_check(config))
    checks.append(_idle_check())
    checks.append(_meeting_check(config, shutil.which("pactl") is not None))
    checks.append(_daemon_check())
    checks.append(_database_check(config))
    checks.append(_privacy_check())
    return checks


MIN_FREE_BYTES = 1_000_000  # less free space than this and the next writes may fail


def _database_check(config: Config) -> tuple[str, bool, str]:
    """The history: there, readable, writable now (a write made and rolled back), room on
    its disk. Opens it as `coach status` does: never creating or moving anything."""
    import shutil

    from coach import paths
    from coach.errors import CoachError
    from coach.history.calendar import open_journal

    database = paths.database_file()
    if not database.exists():
        return ("database", True, f"{database} (not created yet)")
    try:
        with open_journal(config, database, create=False) as journal:
            if journal.read_only:
                return ("database", False, f"{database}: {journal.read_only}")
            journal.check_writable()
    except CoachError as error:  # damaged, busy, read-only: the one line says which
        return ("database", False, f"{database}: {error}")
    try:
        free = shutil.disk_usage(database.parent).free
    except OSError:
        free = MIN_FREE_BYTES
    if free < MIN_FREE_BYTES:
        return ("database", False, f"{database}: writable, but its disk is nearly full")
    return ("database", True, f"{database}: readable and writable")


def _privacy_check() -> tuple[str, bool, str]:
    from coach.paths import loose_private_files

    loose = loose_private_files()
    if not loose:
        return ("privacy", True, "your history, config and routines are private to you")
    shown = ", ".join(f"{path} ({mode:o})" for path, mode in loose[:3])
    more = f" and {len(loose) - 3} more" if len(loose) > 3 else ""
    return (
        "privacy",
        False,
        f"readable by others: {shown}{more}; `coach doctor --repair` makes them private "
        "(coach does too when it starts)",
    )


def _zone_text(config: Config) -> str:
    from zoneinfo import ZoneInfoNotFoundError

    try:
        zone = config.zone()
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:  # a zone gone since checked
        return f"cannot tell ({error}); working hours use UTC offsets"
    return f"working hours read in {zone}"


def _sound_check(config: Config) -> tuple[str, bool, str]:
    from coach.sound import describe_sound_backend

    # The daemon logs the same function's words at its first cue: they agree (issue 18).
    text = describe_sound_backend()  # never raises: it says why nothing plays
    muted = "" if config.sound else " (muted in the config)"
    return ("sound", "bell" not in text, f"{text}{muted}")


def _voice_check(config: Config) -> tuple[str, bool, str]:
    from coach.voice import describe_voice

    text = describe_voice()  # never raises; says nothing aloud
    found = not text.startswith(("none", "cannot tell"))
    state = "on" if config.voice_enabled else "off (`voice: enabled: true`, or `v` in a session)"
    return ("voice", found or not config.voice_enabled, f"{text}; spoken cues {state}")


def _notification_check() -> tuple[str, bool, str]:
    import asyncio

    from coach.reminders.notify import describe_backend

    text, desktop = asyncio.run(describe_backend())  # never raises: no bus, no server: it says
    return ("notifications", desktop, text)


def _opener_check(config: Config) -> tuple[str, bool, str]:
    from coach.reminders.opener import describe_opener

    text, ok = describe_opener(config.terminal)  # this shell's environment, as the daemon's
    return ("start break", ok, f"opens the routine in: {text}")


def _idle_check() -> tuple[str, bool, str]:
    from coach.reminders.idle import detect_idle_source, why_no_idle_source

    source = detect_idle_source()
    if source is not None:
        return ("idle source", True, f"{source.name}: time away counts as a break")
    return (
        "idle source",
        False,
        f"none ({why_no_idle_source()}): natural-break detection is off; "
        "finishing a routine still resets the sitting timer",
    )


def _meeting_check(config: Config, have_pactl: bool) -> tuple[str, bool, str]:
    parts = []
    if config.defer_when_mic_in_use:
        parts.append(
            "microphone check via pactl"
            if have_pactl
            else "no pactl: calls are not noticed by microphone"
        )
    else:
        parts.append("microphone check off")
    command = config.defer_if
    parts.append(f"defer_if: {command}" if command else "no defer_if command")
    return ("meetings", have_pactl or bool(command), "; ".join(parts))


def _asleep(pid: int | None) -> str:
    """`, asleep as a small process until Wed 09:40:00` while the daemon sleeps."""
    from coach.reminders.eventlog import when
    from coach.reminders.sleeper import asleep

    sleep = asleep(pid) if pid is not None else None
    if sleep is None:
        return ""
    until = when(sleep.until) if sleep.until is not None else "something changes"
    return f", asleep as a small process until {until}"


def _daemon_check() -> tuple[str, bool, str]:
    from coach.reminders.locks import daemon_lock_path, holder_pid, is_held, tui_lock_path
    from coach.reminders.unit import unit_path

    unit = " (systemd unit installed)" if unit_path().exists() else ""
    tui = "; the coach window is open and reminds instead" if is_held(tui_lock_path()) else ""
    if is_held(daemon_lock_path()):
        pid = holder_pid(daemon_lock_path())
        return ("daemon", True, f"`coach remind` is running (pid {pid}){_asleep(pid)}{unit}{tui}")
    return (
        "daemon",
        False,
        f"`coach remind` is not running{unit}; start it, or `coach remind --install`{tui}",
    )
