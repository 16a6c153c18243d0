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
    from coach.commands._history_support import goals_from, load_config, open_journal
    from coach.durations import format_volume
    from coach.history.calendar import local_day
    from coach.history.progress import water_caution_now

    config = load_config()
    if args.amount is None:
        ml = int(getattr(config, "glass_ml", 250)) if config is not None else 250
    else:
        ml = read_amount(args.amount, "drink")
    goal = goals_from(config).water_goal_ml
    now = SystemClock().now()
    with open_journal(config, writes=True) as journal:
        journal.log_water(ml, now, source="cli")
        total = journal.water_on(local_day(now, journal.zone))
        caution = water_caution_now(journal, now, goal)
    line = f"Logged {format_volume(ml)}. Today: {format_volume(total)} of {format_volume(goal)}"
    if total >= goal:
        line += " — goal reached."
    else:
        line += f" ({format_volume(goal - total)} to go)."
    print(line)
    if caution is not None:
        print(textwrap.fill(caution.message, 78))
    return 0


def read_amount(text: str, command: str) -> int:
    """Millilitres from `250ml`, `0.5l`, `300`; an error naming the command otherwise
    (including a drink bigger than coach logs at once: `coach.safety` says how big)."""
    from coach.durations import parse_volume
    from coach.errors import CoachError
    from coach.safety import too_much_at_once

    try:
        ml = parse_volume(text)
    except ValueError as error:
        raise CoachError(f"{command}: {error}") from None
    refused = too_much_at_once(ml)
    if refused:
        raise CoachError(f"{command}: {refused}")
    return ml
