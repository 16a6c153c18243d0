"""`coach log KIND DURATION`: activity done away from coach (a walk, a ride, a swim…).

Walks, rides, swims, runs and other moderate activity count toward the weekly
moderate activity (a run, vigorous, counts double); strength work makes a
strength day. What counts is `coach.history.activity`'s.
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from coach.history.activity import LOGGED_KINDS

    log = subparsers.add_parser(
        "log",
        help="log activity done away from coach: a walk, a ride, a swim, a run, strength",
        description=(
            "Log activity done away from coach. Walks, rides, swims, runs and other "
            "moderate activity count toward the weekly moderate activity (a run counts "
            "double); strength work makes a strength day."
        ),
    )
    log.add_argument("kind", choices=LOGGED_KINDS, help="what you did")
    log.add_argument("duration", help="how long, e.g. 30m, 1h or 1h15m")
    log.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach.clock import SystemClock
    from coach.commands._history_support import goals_from, load_config, open_journal
    from coach.errors import CoachError
    from coach.history.activity import STRENGTH_LOGGED_KINDS, logged_text, moderate_seconds
    from coach.history.progress import week_progress

    seconds = read_duration(args.duration, "log")
    config = load_config()
    goals = goals_from(config)
    now = SystemClock().now()
    with open_journal(config, writes=True) as journal:
        try:
            journal.log_activity(args.kind, seconds, now, source="cli")
        except ValueError as error:
            raise CoachError(f"log: {error}") from None
        week = week_progress(journal, now, goals)
    logged = logged_text(args.kind, seconds)
    if args.kind in STRENGTH_LOGGED_KINDS:
        print(
            f"Logged {logged}: a strength day "
            f"({week.strength_days} of {week.strength_goal} this week)."
        )
        return 0
    counted = moderate_seconds(args.kind, seconds)
    line = f"Logged {logged}"
    if counted != seconds:
        line += f" (vigorous: it counts as {counted / 60:.0f} min)"
    line += (
        f". Moderate activity this week: {week.moderate_minutes:.0f} of {week.moderate_goal} min"
    )
    print(line + (" — goal reached." if week.moderate_met else "."))
    return 0


def read_duration(text: str, command: str) -> float:
    """Seconds of activity from `30m`, `1h15m` (`coach.history.activity`'s rule); a clear
    error for the command otherwise."""
    from coach.errors import CoachError
    from coach.history.activity import read_logged_duration

    try:
        return read_logged_duration(text)
    except ValueError as error:
        raise CoachError(f"{command}: {error}") from None
