"""`coach drink [AMOUNT]`: log a drink (a glass by default) and show today's total."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    drink = subparsers.add_parser("drink", help="log a drink of water (a glass by default)")
    drink.add_argument(
        "amount",
        nargs="?",
        help="how much, e.g. 250ml, 0.5l or 300 (ml); default: a glass (glass: in the config)",
    )
    drink.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import textwrap

    from coach.clock import SystemClock
    from coach.commands._history_support import config_zone, goals_from, load_config, open_journal
    from coach.durations import format_volume, parse_volume
    from coach.errors import CoachError
    from coach.history.progress import local_day
    from coach.safety import too_much_at_once, water_caution

    config = load_config()
    if args.amount is None:
        ml = int(getattr(config, "glass_ml", 250)) if config is not None else 250
    else:
        try:
            ml = parse_volume(args.amount)
        except ValueError as error:
            raise CoachError(f"drink: {error}") from None
        refused = too_much_at_once(ml)
        if refused:
            raise CoachError(f"drink: {refused}")
    goal = goals_from(config).water_goal_ml
    now = SystemClock().now()
    with open_journal(config_zone(config)) as journal:
        journal.log_water(ml, now, source="cli")
        total = journal.water_on(local_day(now, journal.zone))
    line = f"Logged {format_volume(ml)}. Today: {format_volume(total)} of {format_volume(goal)}"
    if total >= goal:
        line += " — goal reached."
    else:
        line += f" ({format_volume(goal - total)} to go)."
    print(line)
    # The hour so far is this drink: the journal has no per-hour query yet.
    caution = water_caution(ml, total, goal)
    if caution is not None:
        print(textwrap.fill(caution.message, 78))
    return 0
