"""`coach status [--follow] [--format plain|json|waybar|tmux]`: one line for status bars.

Reads state only (the reminder state file the daemon or the window publishes, the
pause file, the lock files; the journal only when nothing runs to publish today's
figures) and never starts anything. The one-shot form stays import-light: bars that
poll run it every few seconds. `--follow` stays up and prints a new line only when
what it shows changes: woken by file changes (inotify) and by the moment its words
would change (`coach.reminders.outlook.phrase_changes_in`), never by polling.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from coach.reminders.outlook import BreakOutlook
    from coach.reminders.state import ReminderState


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = subparsers.add_parser(
        "status",
        help="one line for status bars: next break, water today, streak",
    )
    status.add_argument(
        "--format",
        choices=FORMATS,
        default="plain",
        help="plain text (default), json (every figure), waybar ({text, tooltip, class}) "
        "or tmux (with #[fg=…] colours)",
    )
    status.add_argument("--json", action="store_true", help="the same as --format json")
    status.add_argument(
        "--follow",
        action="store_true",
        help="stay up and print a new line only when it changes (waybar, i3blocks, polybar)",
    )
    status.set_defaults(func=run)


FORMATS = ("plain", "json", "waybar", "tmux")


def run(args: argparse.Namespace) -> int:
    import sys

    form = "json" if args.json else args.format
    if args.follow:
        return follow(form, sys.stdout)
    print(render(gather(datetime.now(UTC)), form))
    return 0


def follow(form: str, out: TextIO, *, wait: Callable[[float | None], None] | None = None) -> int:
    """Print a line now and again each time it changes. `wait(seconds)` returns when
    something may have changed (a watched file, or the time the words change)."""
    from coach.reminders.outlook import next_midnight

    waiter = None
    if wait is None:
        waiter = FileChanges()
        wait = waiter.wait
    last = None
    try:
        while True:
            now = datetime.now(UTC)
            facts = gather(now)
            text = render(facts, form)
            if text != last:
                print(text, file=out, flush=True)
                last = text
            changes_in = facts["_changes_in"]
            midnight = (next_midnight(now) - now).total_seconds()  # today's figures reset
            wait(min(changes_in, midnight) if changes_in is not None else midnight)
    except StopIteration:  # a test's wait said so
        return 0
    finally:
        if waiter is not None:
            waiter.close()


class FileChanges:
    """Sleeps until the state, pause, lock or journal files change, or a timeout."""

    def __init__(self) -> None:
        from coach import paths
        from coach.reminders.locks import runtime_dir
        from coach.reminders.pause import pause_file
        from coach.reminders.state import state_file
        from coach.reminders.wakeups import CHANGES, IN_MODIFY, Inotify

        self.inotify: Inotify | None
        try:
            self.inotify = Inotify()
        except (OSError, AttributeError):  # not Linux: a slow poll instead
            self.inotify = None
            return
        folders = {
            state_file().parent: CHANGES,
            pause_file().parent: CHANGES,
            runtime_dir(): CHANGES,  # a lock let go (IN_CLOSE_WRITE), never merely opened
            paths.database_file().parent: CHANGES | IN_MODIFY,
        }
        for folder, mask in folders.items():
            folder.mkdir(parents=True, exist_ok=True)
            self.inotify.add(folder, mask)

    def wait(self, seconds: float | None) -> None:
        import select

        if self.inotify is None or self.inotify.fd is None:
            import time

            time.sleep(min(seconds or POLL_SECONDS, POLL_SECONDS))
            return
        ready, _, _ = select.select([self.inotify.fd], [], [], seconds)
        if ready:
            import time

            time.sleep(SETTLE_SECONDS)  # a burst of writes is one change
            self.inotify.read()

    def close(self) -> None:
        if self.inotify is not None:
            self.inotify.close()


POLL_SECONDS = 5.0  # only where inotify is missing
SETTLE_SECONDS = 0.1


def render(facts: dict[str, Any], form: str) -> str:
    """One line in the form a bar reads."""
    import json

    if form == "json":
        return json.dumps({key: value for key, value in facts.items() if key[0] != "_"})
    line = str(facts["line"])
    if form == "waybar":
        tooltip = line.replace(" · ", "\n")
        if facts["running"]:
            who = "the coach window" if facts["running"] == "tui" else "coach remind"
            tooltip += f"\nreminded by {who}"
        waybar = {"text": line, "tooltip": tooltip, "class": facts["state"]}
        return json.dumps(waybar, ensure_ascii=False)
    if form == "tmux":
        colour = TMUX_COLOURS.get(facts["state"])
        head, sep, tail = line.partition(" · ")
        head = head.replace("#", "##")
        if colour:
            head = f"#[fg={colour}]{head}#[default]"
        return head + sep + tail.replace("#", "##")
    return line


# What the break part of the line says, as a class for waybar's CSS and a tmux colour.
TMUX_COLOURS = {"due": "red", "waiting": "yellow", "paused": "blue", "off": "colour244"}


def break_state(outlook: BreakOutlook, now: datetime) -> str:
    """off, paused, due, waiting (a meeting), after-hours or ok."""
    from coach.reminders.outlook import paused

    if not outlook.reminding or not outlook.enabled:
        return "off"
    if paused(outlook, now):
        return "paused"
    if outlook.deferred:
        return "waiting"
    due = outlook.next_break
    if outlook.due_since is not None or (due is not None and due <= now):
        return "due"
    return "after-hours" if outlook.after_hours else "ok"


def gather(now: datetime) -> dict[str, Any]:
    from coach.reminders.locks import daemon_lock_path, is_held, tui_lock_path
    from coach.reminders.outlook import phrase_changes_in
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
    facts["state"] = break_state(outlook, now)
    facts["_changes_in"] = phrase_changes_in(outlook, now)  # for --follow, not shown
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
