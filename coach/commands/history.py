"""`coach history [--days N] [--json | --csv]`: the sessions of the last N days, newest first.

Only sessions that did some work are sessions (`coach.history.activity`): one quit at
the first check-in, or skipped through, is not listed. "Work" is the time spent on
the exercises, breathing and packs, not on check-ins, rests or waiting for a key.
"""

from __future__ import annotations

import argparse
from typing import Any

DEFAULT_DAYS = 14

CSV_COLUMNS = (
    "id",
    "day",
    "started_at",
    "ended_at",
    "routine_id",
    "routine_name",
    "kind",
    "status",
    "planned_seconds",
    "active_seconds",
    "steps_done",
    "steps_skipped",
    "pain_before",
    "pain_after",
    "planned_work_seconds",
    "work_seconds",
    "moderate_seconds",
    "outcome",
)


def _positive_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'expected a number of days, got "{text}"') from None
    if days < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 day, got {days}")
    return days


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = subparsers.add_parser("history", help="recent sessions (those that did some work)")
    history.add_argument(
        "--days",
        type=_positive_days,
        default=DEFAULT_DAYS,
        metavar="N",
        help=f"how many days back, today included (default {DEFAULT_DAYS})",
    )
    output = history.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", action="store_true", help="print CSV with a header row")
    history.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from coach.clock import SystemClock
    from coach.commands._history_support import load_config, open_journal
    from coach.history.calendar import local_day

    with open_journal(load_config()) as journal:
        today = local_day(SystemClock().now(), journal.zone)
        since = today - timedelta(days=args.days - 1)
        sessions = journal.recent_sessions(limit=1_000_000, since=since)
    rows = [session.to_dict() for session in sessions]
    if args.json:
        _print_json(rows, args.days, since.isoformat(), today.isoformat())
    elif args.csv:
        _print_csv(rows)
    else:
        _print_table(sessions, args.days)
    return 0


def _print_json(rows: list[dict[str, Any]], days: int, first: str, last: str) -> None:
    import json

    print(json.dumps({"days": days, "from": first, "to": last, "sessions": rows}, indent=2))


def _print_csv(rows: list[dict[str, Any]]) -> None:
    import csv
    import sys

    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)


def _print_table(sessions: list[Any], days: int) -> None:
    from coach.durations import format_duration

    span = "today" if days == 1 else f"in the last {days} days"
    if not sessions:
        print(f"No sessions {span}. Start one with `coach` or `coach run ROUTINE`.")
        return
    print(f"Sessions {span} (newest first):")
    print(f"{'When':<16} {'Routine':<22} {'Status':<11} {'Work':>7} {'Done':>4} {'Skip':>4}  Pain")
    for session in sessions:
        when = session.started_at.strftime("%a %d %b %H:%M")
        pain = _pain_text(session.pain_before, session.pain_after)
        name = session.routine_name or session.routine_id
        print(
            f"{when:<16} {name[:22]:<22} {session.outcome:<11}"
            f" {format_duration(session.work_seconds):>7}"
            f" {session.steps_done:>4} {session.steps_skipped:>4}  {pain}"
        )


def _pain_text(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return ""
    return f"{'-' if before is None else before} → {'-' if after is None else after}"
