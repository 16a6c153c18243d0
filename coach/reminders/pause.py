"""Pausing reminders for a while: `coach pause 2h`, `coach pause until tomorrow`, `coach resume`.

The pause is a small JSON file in coach's state folder (`pause_file()`), so it
survives restarts of the daemon and of the window, and every process sees the
same one: `coach pause` writes it, the reminding process (the daemon through a
file-change notification, the window through its watch) follows it, and `coach
status` shows "paused until 14:00". While paused no reminder fires; when the
pause ends every timer starts afresh from then, as at the start of a working day.

`parse_pause` reads what the user typed, with the one duration grammar
(`coach.durations`) and the one clock-time grammar (`coach.config`). Import-light
(os, datetime; json when the file is read or written): `coach status` reads the file,
and the window names it before its first frame. No Textual here.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.config import Config

PAUSE_VERSION = 1
EXAMPLES = "a duration like 2h or 30m, `until 14:00` or `until tomorrow`"


def pause_file() -> Path:
    from coach import paths

    return paths.state_dir() / "pause.json"


def read_pause(path: Path | None = None) -> datetime | None:
    """When the pause ends (aware), or None: no pause, or a file that cannot be read."""
    import json

    path = path or pause_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != PAUSE_VERSION:
            return None
        until = datetime.fromisoformat(str(data["until"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return until if until.tzinfo is not None else None


def active_pause(now: datetime, path: Path | None = None) -> datetime | None:
    """The end of a pause still running at `now`, else None."""
    until = read_pause(path)
    return until if until is not None and until > now else None


def write_pause(until: datetime, path: Path | None = None) -> None:
    """Pause until `until` (aware), replacing any pause (atomically: readers never see half)."""
    path = path or pause_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    import json

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    text = json.dumps({"version": PAUSE_VERSION, "until": until.astimezone(UTC).isoformat()})
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def clear_pause(path: Path | None = None) -> bool:
    """Resume: remove the pause. False when there was none."""
    try:
        (path or pause_file()).unlink()
    except FileNotFoundError:
        return False
    return True


def parse_pause(text: str, now: datetime, config: Config) -> datetime:
    """When a pause asked for as `2h`, `until 14:00`, `until tomorrow` (or `tomorrow`) ends.

    `until 14:00` is today's 14:00, or tomorrow's once it has passed; `until tomorrow`
    lasts until reminders may next fire on a later day (the start of the next working
    day; midnight with `work: always`). Raises ValueError with a message for the user.
    """
    words = text.strip().lower().split()
    if words[:1] == ["until"]:
        words = words[1:]
    if not words:
        raise ValueError(f"expected {EXAMPLES}, got {text.strip()!r}")
    zone = config.zone()
    local = now.astimezone(zone)
    if words == ["tomorrow"]:
        from coach.reminders.schedule import Window, local_instant, next_window_open

        midnight = local_instant(local.date() + timedelta(days=1), local.time().min, zone)
        opened = next_window_open(midnight, Window.from_config(config))
        return opened[0] if opened is not None else midnight
    phrase = " ".join(words)
    if ":" not in phrase:
        return now + timedelta(seconds=_duration(phrase))
    from coach.config import parse_time_of_day
    from coach.reminders.schedule import local_instant

    try:
        moment = parse_time_of_day(phrase)
    except ValueError:
        raise ValueError(f"expected {EXAMPLES}, got {text.strip()!r}") from None
    until = local_instant(local.date(), moment, zone)
    if until <= now:
        until = local_instant(local.date() + timedelta(days=1), moment, zone)
    return until


def _duration(text: str) -> float:
    from coach.durations import parse_duration

    try:
        seconds = parse_duration(text)
    except ValueError:
        raise ValueError(f"expected {EXAMPLES}, got {text!r}") from None
    if not 60 <= seconds <= 7 * 24 * 3600:
        raise ValueError(f"a pause lasts from 1m to 7 days, got {text!r}")
    return seconds
