"""`coach status [--json]`: one short line for tmux, waybar or polybar.

Reads state only (the reminder state file, the lock files, the journal if it
exists) and never starts anything. Imports stay minimal: it runs every few
seconds in status bars.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = subparsers.add_parser(
        "status",
        help="one line for status bars: next break, water today, streak",
    )
    status.add_argument("--json", action="store_true", help="print a JSON object instead")
    status.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    facts = gather(datetime.now(UTC))
    if args.json:
        print(json.dumps(facts))
    else:
        print(facts["line"])
    return 0


def gather(now: datetime) -> dict[str, Any]:
    from coach.reminders.locks import daemon_lock_path, is_held, tui_lock_path
    from coach.reminders.state import read_state

    running = "tui" if is_held(tui_lock_path()) else None
    if running is None and is_held(daemon_lock_path()):
        running = "daemon"
    state = read_state()
    if state is not None:
        goal, glass = state.water_goal_ml, state.glass_ml
    else:
        goal, glass = _goal_from_config()
    live = state if running else None  # a state file nobody updates any more says nothing
    today = now.astimezone().date().isoformat()
    water: int | None
    streak: int | None
    if live is not None and live.day == today and live.water_ml is not None:
        # the running coach keeps today's figures in the state file: no database to open
        water, streak = live.water_ml, live.streak_days
    else:
        water, streak = _journal_figures(now)
    next_break = live.next_sitting if live else None
    next_water = live.next_water if live else None
    facts: dict[str, Any] = {
        "running": running,
        "next_break": next_break.isoformat() if next_break else None,
        "next_break_in": round((next_break - now).total_seconds()) if next_break else None,
        "next_water": next_water.isoformat() if next_water else None,
        "deferred": live.deferred if live else "",
        "pending": (
            {"kind": state.pending.kind, "fired_at": state.pending.fired_at.isoformat()}
            if state and state.pending
            else None
        ),
        "water_ml": water,
        "water_goal_ml": goal,
        "glass_ml": glass,
        "streak_days": streak,
    }
    facts["line"] = status_line(
        now,
        running=running is not None,
        next_break=next_break,
        deferred=facts["deferred"],
        water_ml=water,
        water_goal_ml=goal,
        streak_days=streak,
    )
    return facts


def status_line(
    now: datetime,
    *,
    running: bool,
    next_break: datetime | None,
    deferred: str = "",
    water_ml: int | None,
    water_goal_ml: int,
    streak_days: int | None,
) -> str:
    """`next break in 23m · water 1.0/2.0 L · streak 4d`"""
    parts = [_break_part(now, running, next_break, deferred)]
    if water_ml is not None:
        parts.append(f"water {water_ml / 1000:.1f}/{water_goal_ml / 1000:.1f} L")
    if streak_days:
        parts.append(f"streak {streak_days}d")
    return " · ".join(parts)


def _break_part(now: datetime, running: bool, next_break: datetime | None, deferred: str) -> str:
    if not running:
        return "reminders off"
    if deferred:
        return f"break waits ({deferred})"
    if next_break is None:
        return "breaks off"
    seconds = (next_break - now).total_seconds()
    if seconds <= 0:
        return "break due now"
    if seconds < 60:
        return "next break in <1m"
    if seconds < 12 * 3600:
        from coach.durations import format_duration

        return f"next break in {format_duration(round(seconds / 60) * 60)}"
    return "next break " + next_break.astimezone().strftime("%a %H:%M")


def _goal_from_config() -> tuple[int, int]:
    from coach.config import load_config_or_default

    config, _ = load_config_or_default()  # never raises: defaults for what it cannot read
    return config.water_goal_ml, config.glass_ml


def _open_journal() -> Any:
    """The journal, only if its database already exists (status never creates one), with
    the user's days (`coach.history.calendar`)."""
    from coach import paths

    if not paths.database_file().exists():
        return None
    from coach.errors import CoachError
    from coach.history.calendar import open_journal

    try:
        return open_journal(None, paths.database_file(), create=False)
    except (CoachError, OSError):  # locked, damaged, unreadable: status leaves it out
        return None


def _journal_figures(now: datetime) -> tuple[int | None, int | None]:
    """Water drunk today (ml) and the streak in days, from the journal if there is one."""
    journal = _open_journal()
    if journal is None:
        return 0, None
    from coach.errors import CoachError
    from coach.history.calendar import local_day
    from coach.history.progress import current_streak

    today = local_day(now, journal.zone)
    water: int | None
    streak: int | None
    try:
        try:
            water = int(journal.water_on(today))
        except CoachError:  # busy or damaged: status leaves the figure out
            water = None
        try:
            streak = int(current_streak(journal, today))
        except CoachError:
            streak = None
        return water, streak
    finally:
        journal.close()
