"""The reminder state file: what `coach status` and a later `coach` read.

Whoever runs the reminders (the daemon, or the TUI while it is open) writes a
small JSON file after each change: next due times, the water goal, and the last
reminder nobody answered. Readers never start anything. Import-light on
purpose (os, NamedTuple rather than dataclasses, whose import alone costs ~8 ms; json
only when the file is read or written, so the window's first frame does not wait for
it): `coach status` must answer in well under 100 ms.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from coach.reminders.vocabulary import ReminderKind

STATE_VERSION = 1


def state_file() -> Path:
    from coach import paths

    return paths.state_dir() / "reminders.json"


class PendingReminder(NamedTuple):
    """A reminder that fired and got no answer yet."""

    kind: ReminderKind
    fired_at: datetime
    record_id: int | None  # its journal row, to answer later
    routine_id: str | None = None


class ReminderState(NamedTuple):
    writer: str  # "daemon" | "tui"
    pid: int
    updated_at: datetime
    next_sitting: datetime | None
    next_water: datetime | None
    water_goal_ml: int
    glass_ml: int
    sitting_snoozes: int = 0
    deferred: str = ""  # why the sitting reminder waits, e.g. "microphone in use"
    pending: PendingReminder | None = None
    # Today's figures from the journal, so `coach status` needs no database:
    day: str = ""  # the local day they are for (ISO date)
    water_ml: int | None = None
    streak_days: int | None = None
    # The writer's monotonic clock at `updated_at` (system-wide, stops while
    # suspended): a reader compares it with its own to see a suspend since.
    monotonic: float | None = None
    sitting_enabled: bool = True
    # The next break waits for the next working period (status: "outside working hours").
    sitting_after_hours: bool = False
    sitting_interval: float | None = None  # seconds in one sitting spell (a pending's life)
    last_break_routine: str | None = None  # the break offered last (the next one in turn)

    def to_json(self) -> dict[str, Any]:
        data = self._asdict()
        data["pending"] = self.pending._asdict() if self.pending else None
        data["version"] = STATE_VERSION
        converted: dict[str, Any] = _dates_to_text(data)
        return converted


def write_state(state: ReminderState, path: Path | None = None) -> None:
    """Replace the state file atomically (readers never see half a file)."""
    path = path or state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    import json

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state.to_json(), indent=1), encoding="utf-8")
    os.replace(tmp, path)


def read_state(path: Path | None = None) -> ReminderState | None:
    """The last state written, or None when there is none or it cannot be read."""
    import json

    path = path or state_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION:
            return None
        pending = data.get("pending")
        return ReminderState(
            writer=str(data["writer"]),
            pid=int(data["pid"]),
            updated_at=_date(data["updated_at"]) or datetime.min,
            next_sitting=_date(data.get("next_sitting")),
            next_water=_date(data.get("next_water")),
            water_goal_ml=int(data["water_goal_ml"]),
            glass_ml=int(data["glass_ml"]),
            sitting_snoozes=int(data.get("sitting_snoozes", 0)),
            deferred=str(data.get("deferred", "")),
            day=str(data.get("day", "")),
            water_ml=_int_or_none(data.get("water_ml")),
            streak_days=_int_or_none(data.get("streak_days")),
            monotonic=_float_or_none(data.get("monotonic")),
            sitting_enabled=bool(data.get("sitting_enabled", True)),
            sitting_after_hours=bool(data.get("sitting_after_hours", False)),
            sitting_interval=_float_or_none(data.get("sitting_interval")),
            last_break_routine=data.get("last_break_routine") or None,
            pending=PendingReminder(
                kind=ReminderKind(pending["kind"]),
                fired_at=_date(pending["fired_at"]) or datetime.min,
                record_id=pending.get("record_id"),
                routine_id=pending.get("routine_id"),
            )
            if pending
            else None,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _dates_to_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _dates_to_text(item) for key, item in value.items()}
    return value


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)


def _date(text: Any) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(str(text))
