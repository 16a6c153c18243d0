"""`coach pain N`: log how much your back hurts now (0 none .. 10 worst), then any advice."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pain = subparsers.add_parser(
        "pain", help="log your pain now, 0 (none) to 10 (worst imaginable)"
    )
    pain.add_argument("level", help="0 (none) to 10 (worst imaginable)")
    pain.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import textwrap
    from datetime import timedelta

    from coach.clock import SystemClock
    from coach.commands._history_support import load_config, open_journal
    from coach.errors import CoachError
    from coach.history.calendar import local_day
    from coach.safety import (
        PERSISTENT_LOOKBACK_DAYS,
        is_severe,
        notes_for_logged_pain,
        pain_band,
        parse_pain_level,
    )

    try:
        level = parse_pain_level(args.level)
    except ValueError as error:
        raise CoachError(f"pain: {error}") from None
    now = SystemClock().now()
    with open_journal(load_config()) as journal:
        journal.log_pain(level, now, "manual")
        today = local_day(now, journal.zone)
        first = today - timedelta(days=PERSISTENT_LOOKBACK_DAYS)
        by_day = journal.max_pain_by_day(first, today)
    print(f"Logged pain {level}/10 ({pain_band(level)}) at {now:%H:%M}.")
    for note in notes_for_logged_pain(level, by_day, today):
        print()
        print(note.title)
        print(textwrap.fill(note.message, 78, break_on_hyphens=False))
    if is_severe(level):
        print()
        print("When pain needs a doctor (the red flags): `coach safety`.")
    return 0
