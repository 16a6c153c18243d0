"""`coach status [--json]`: one short line for tmux, waybar or polybar.

Reads state only (the reminder state file, the lock files, the journal if it
exists) and never starts anything. Imports stay minimal: it runs every few
seconds in status bars.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.reminders.outlook import BreakOutlook
    from coach.reminders.state import ReminderState


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
    outlook = break_outlook(live, now)
    facts: dict[str, Any] = {
        "running": running,
        "next_break": _iso(outlook.next_break),
        "next_break_in": (
            round((outlook.next_break - now).total_seconds()) if outlook.next_break else None
        ),
        "next_break_after_hours": outlook.after_hours,
        "break_due_since": _iso(outlook.due_since),
        "paused_until": _iso(outlook.paused_until),
        "next_water": _iso(live.next_water if live else None),
        "deferred": outlook.deferred,
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
        now, outlook, water_ml=water, water_goal_ml=goal, streak_days=streak
    )
    return facts


def break_outlook(live: ReminderState | None, now: datetime) -> BreakOutlook:
    """What the reminding process published about the next break (None: nothing runs)."""
    from coach.reminders.outlook import BreakOutlook, still_waiting
    from coach.reminders.pause import active_pause

    if live is None:
        return BreakOutlook(reminding=False)
    pending = live.pending
    due_since = None
    if (
        pending is not None
        and pending.kind == "sitting"
        and still_waiting(pending.fired_at, now, live.sitting_interval)
    ):
        due_since = pending.fired_at
    return BreakOutlook(
        reminding=True,
        enabled=live.sitting_enabled,
        next_break=live.next_sitting,
        due_since=due_since,
        paused_until=active_pause(now),
        after_hours=live.sitting_after_hours,
        deferred=live.deferred,
    )


def status_line(
    now: datetime,
    outlook: BreakOutlook,
    *,
    water_ml: int | None,
    water_goal_ml: int,
    streak_days: int | None,
) -> str:
    """`next break in 23m · water 1.0/2.0 L · streak 4d`"""
    from coach.reminders.outlook import break_phrase

    parts = [break_phrase(outlook, now)]
    if water_ml is not None:
        parts.append(f"water {water_ml / 1000:.1f}/{water_goal_ml / 1000:.1f} L")
    if streak_days:
        parts.append(f"streak {streak_days}d")
    return " · ".join(parts)


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


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
        return open_journal(None, paths.database_file())
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
