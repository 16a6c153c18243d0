"""`coach programme [start ID [--on DATE] | stop]`: follow a programme of weeks.

With no subcommand: the programme you follow, its week and what it says for today
(`coach.routines.programme_days.programme_today`). `start` records the programme and its
first day in your history (the journal's settings); `stop` follows none any more.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.routines.model import Routine
    from coach.routines.programme_days import ProgrammeDay


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "programme",
        help="follow a programme of weeks (start, stop, or what it says for today)",
        description=(
            "Without a subcommand: the programme you follow, its week and today's routines. "
            "`coach list` lists the programmes, `coach show ID` shows one."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    start = actions.add_parser("start", help="follow a programme from today (or --on DATE)")
    start.add_argument("programme", metavar="ID", help="a programme id (see `coach list`)")
    start.add_argument(
        "--on", metavar="DATE", help="its first day, like 2026-03-02 (default: today)"
    )
    actions.add_parser("stop", help="follow no programme any more (your history stays)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from datetime import date, datetime

    from coach.commands._history_support import load_config, open_journal
    from coach.errors import CoachError, did_you_mean
    from coach.history.calendar import local_day
    from coach.routines import programme_days
    from coach.routines.library import load_library
    from coach.text import visible

    library = load_library()
    with open_journal(load_config()) as journal:
        today = local_day(datetime.now().astimezone(), journal.zone)
        if args.action == "start":
            programme = library.programmes.get(args.programme)
            if programme is None:
                hint = did_you_mean(args.programme, tuple(library.programmes))
                raise CoachError(
                    f'unknown programme "{args.programme}"{hint}; `coach list` shows them'
                )
            try:
                start = date.fromisoformat(args.on) if args.on else today
            except ValueError:
                raise CoachError(f'"{args.on}" is not a date like 2026-03-02') from None
            programme_days.enrol(journal, programme.id, start)
            print(visible(f"You follow {programme.name} from {start:%a %d %b %Y}."))
        elif args.action == "stop":
            programme_days.leave(journal)
            print("You follow no programme now; your history stays as it was.")
            return 0
        day = programme_days.programme_today(journal, library.programmes, today)
        if day is None:
            print("You follow no programme. `coach list` lists them; start one with:")
            print("  coach programme start back-care-6-weeks")
            return 0
        for line in today_lines(day, library.routines):
            print(visible(line))
    return 0


def today_lines(plan: ProgrammeDay, names: Mapping[str, Routine]) -> list[str]:
    """What `coach programme` prints for a ProgrammeDay."""
    lines = [f"{plan.programme.name}: {plan.title}"]
    lines += [f"  {reason}" for reason in plan.held_back]
    if plan.finished or not plan.started:
        return lines
    if not plan.routines:
        lines.append("Nothing today: a day off.")
    for routine_id in plan.routines:
        routine = names.get(routine_id)
        name = routine.name if routine is not None else routine_id
        mark = "done" if routine_id in plan.done else f"coach run {routine_id}"
        lines.append(f"  {name}: {mark}")
    return lines
