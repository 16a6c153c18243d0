"""`coach import FILE [--force]`: check a routine file and install it into your routines."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="check a routine file and install it into your routines folder",
        description=(
            "Check a routine file (as `coach validate` does) and install it into your routines "
            "folder as <id>.yaml. Nothing is overwritten without --force. Routine files are "
            "data only: they cannot run commands or read other files."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the routine file, e.g. from `coach export`")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace a routine with the same id (yours, or hide a built-in)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from coach import paths
    from coach.errors import InvalidFile
    from coach.routines.library import load_library
    from coach.routines.sharing import install_routine

    user_dir = paths.user_routines_dir()
    library = load_library(user_dir)
    try:
        installed = install_routine(
            Path(args.file),
            routines=library.routines,
            exercises=library.exercises,
            user_dir=user_dir,
            force=args.force,
            programmes=library.programmes,
        )
    except InvalidFile as error:
        for problem in error.errors:
            print(problem, file=sys.stderr)
        count = len(error.errors)
        noun = "problem" if count == 1 else "problems"
        print(f"coach: {args.file} was not imported ({count} {noun}).", file=sys.stderr)
        return 2
    from coach.text import visible

    routine = installed.routine
    verb = "Replaced" if installed.replaced else "Installed"
    print(visible(f'{verb} "{routine.name}" ({routine.id}) as {installed.path}.'))
    if installed.hides_builtin:
        print(f'It replaces the built-in "{routine.id}" for you; delete the file to get it back.')
    from coach.routines.programmes import Programme

    if isinstance(routine, Programme):
        print(f"Follow it with: coach programme start {routine.id}")
    else:
        print(f"Start it with: coach run {routine.id}")
    return 0
