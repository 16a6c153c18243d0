"""`coach undo [KIND] [--fix VALUE] [--yes]`: remove or correct the last entry.

Without a kind, the latest entry of any kind (a session, activity logged, water,
pain). Nothing changes without a yes: asked on the terminal, or `--yes` for scripts.
"""

from __future__ import annotations

import argparse

KINDS = ("session", "activity", "water", "pain")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    undo = subparsers.add_parser(
        "undo",
        help="remove or correct the last session, activity, water or pain entry",
        description=(
            "Remove (or, with --fix, correct) the last entry of a kind: the latest of "
            "any kind when none is given. Asks first; nothing is changed without a yes."
        ),
    )
    undo.add_argument("kind", nargs="?", choices=KINDS, help="which kind (default: the latest)")
    undo.add_argument(
        "--fix",
        metavar="VALUE",
        help="correct it instead: 330ml for water, 4 for pain, 25m for activity",
    )
    undo.add_argument("-y", "--yes", action="store_true", help="do not ask (for scripts)")
    undo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach.commands._history_support import load_config, open_journal
    from coach.errors import CoachError
    from coach.history.undo import FIXABLE_KINDS, Entry

    with open_journal(load_config(), writes=True) as journal:
        entries = journal.last_entries()
        entry: Entry | None
        if args.kind is not None:
            entry = entries.get(args.kind)
        else:
            entry = max(entries.values(), key=lambda e: e.at, default=None)
        if entry is None:
            print(f"No {args.kind} entry to undo." if args.kind else "Nothing to undo yet.")
            return 0
        print(f"The last {entry.kind} entry: {entry.describe()}")
        if args.fix is not None:
            if entry.kind not in FIXABLE_KINDS:
                raise CoachError("undo: a session can be removed, not corrected")
            value = _value(entry.kind, args.fix)
            fixed = Entry(entry.kind, entry.id, entry.at, value, entry.label)
            if not _confirmed(f"Change it to {fixed.describe().split(' · ')[0]}?", args.yes):
                return _unchanged(args.yes)
            try:
                journal.correct_entry(entry, value)
            except ValueError as error:
                raise CoachError(f"undo: {error}") from None
            print(f"Changed: {fixed.describe()}")
            return 0
        if not _confirmed("Remove it?", args.yes):
            return _unchanged(args.yes)
        journal.remove_entry(entry)
        print("Removed.")
    return 0


def _value(kind: str, text: str) -> float:
    """The corrected amount, read as `coach drink`, `coach pain` and `coach log` read it."""
    from coach.errors import CoachError

    if kind == "water":
        from coach.commands.drink import read_amount

        return float(read_amount(text, "undo"))
    if kind == "pain":
        from coach.safety import parse_pain_level

        try:
            return float(parse_pain_level(text))
        except ValueError as error:
            raise CoachError(f"undo: {error}") from None
    from coach.commands.log import read_duration

    return read_duration(text, "undo")


def _confirmed(question: str, yes: bool) -> bool:
    import sys

    if yes:
        return True
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _unchanged(yes: bool) -> int:
    import sys

    if sys.stdin.isatty() or yes:
        print("Nothing changed.")
    else:
        print("Nothing changed: confirm with --yes when there is no terminal to ask on.")
    return 1
