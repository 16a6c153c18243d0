"""`coach export ROUTINE [-o FILE]`: a routine as one self-contained YAML file, to share."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="print a routine as a self-contained YAML file, to share",
        description=(
            "Print a routine as YAML with the exercises it uses written inside, so it works "
            "on any machine: `coach import FILE` installs it there."
        ),
    )
    parser.add_argument(
        "routine", help="a routine id (see `coach list`) or the path of a routine file"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of the terminal"
    )
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from coach.errors import CoachError
    from coach.routines.library import load_library
    from coach.routines.loader import load_routine_file
    from coach.routines.sharing import export_text

    library = load_library()
    name = args.routine
    file_name = Path(args.output).name if args.output else None
    if name in library.programmes and name not in library.routines:
        # A programme names routines by id: those it uses must be there where it is imported.
        from coach.routines.programme_file import dump_programme

        routine: Any = library.programmes[name]
        text = dump_programme(routine, file_name=file_name)
    else:
        if name.endswith((".yaml", ".yml")) or Path(name).is_file():
            routine = load_routine_file(Path(name), library.exercises, builtin=False)
        else:
            routine = library.get(name)
        text = export_text(routine, library.exercises, file_name=file_name)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    output = Path(args.output)
    try:
        with open(output, "w" if args.force else "x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise CoachError(f"{output} already exists; nothing was written (use --force)") from None
    except OSError as error:
        raise CoachError(f"cannot write {output}: {error.strerror or error}") from None
    from coach.text import visible

    print(
        visible(
            f'Exported "{routine.name}" to {output}. '
            f"Install it elsewhere with: coach import {output}"
        )
    )
    return 0
