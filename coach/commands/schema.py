"""`coach schema [--exercises] [-o FILE]`: the JSON Schema of routine files, for editors."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of routine files (for editors)",
        description=(
            "Print the JSON Schema of routine files, so an editor with yaml-language-server "
            "validates and completes them. See docs/routines.md."
        ),
    )
    parser.add_argument(
        "--exercises", action="store_true", help="the schema of exercise library files instead"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write it to FILE instead of printing it"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach import paths
    from coach.routines.library import exercise_ids
    from coach.routines.schema import schema_json

    # Your own exercises' ids complete after `exercise: ` too.
    ids = exercise_ids(paths.user_routines_dir())
    text = schema_json("exercises" if args.exercises else "routine", exercise_ids=ids)
    if args.output:
        from pathlib import Path

        from coach.errors import CoachError

        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CoachError(f"cannot write {args.output}: {error.strerror or error}") from None
        print(args.output)
    else:
        print(text, end="")
    return 0
