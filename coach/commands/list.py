"""`coach list [--json] [--exercises]`: every routine (built-in and yours) and the files
that failed to load.

The listing is cached (coach/routines/catalog.py) under a signature of every file it
depends on, so a plain `coach list` usually reads one small JSON file instead of
parsing every routine.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "list",
        help="list the routines: id, name, kind, length, built-in or yours",
        description="List the built-in routines, yours, and any routine file that failed to load.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--exercises", action="store_true", help="list the exercise library instead of routines"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.exercises:
        return _list_exercises(as_json=args.json)
    listing = routine_listing()
    if args.json:
        import json

        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return 0
    from coach.text import visible

    _print_table(listing["routines"], _ROUTINE_COLUMNS)
    if listing.get("programmes"):
        print()
        print("Programmes (coach show ID; coach programme start ID):")
        _print_table(listing["programmes"], _PROGRAMME_COLUMNS)
    problems = listing["problems"]
    if problems:
        print()
        print(f"Could not load {_count(len(problems), 'file')} (fix, then `coach validate`):")
        for problem in problems:
            for error in problem["errors"]:
                print(visible(f"  {_error_text(problem['path'], error)}", one_line=True))
    return 0


def routine_listing() -> dict[str, Any]:
    """{"routines": [row, …], "problems": [{"path", "errors": […]}, …]}, from the cache
    when nothing it depends on changed."""
    from coach import paths
    from coach.routines import catalog

    builtin = catalog.builtin_path()
    key = catalog.signature(builtin, paths.user_routines_dir()) if builtin else None
    if key is not None:
        cached = catalog.read(key)
        if cached is not None:
            return cached
    listing = build_listing()
    if key is not None:
        catalog.write(key, listing)
    return listing


def build_listing() -> dict[str, Any]:
    from coach import paths
    from coach.routines.library import load_library
    from coach.routines.modeline import refresh_schema

    library = load_library()
    # Something changed (the cache missed): the editor's schema follows your exercises.
    refresh_schema(paths.user_routines_dir(), library.exercises, library.routines)
    routines = sorted(library.routines.values(), key=lambda r: (r.kind.value, r.name.lower(), r.id))
    programmes = sorted(library.programmes.values(), key=lambda p: (p.name.lower(), p.id))
    return {
        "routines": [_row(routine, library.overridden) for routine in routines],
        "programmes": [
            {
                "id": programme.id,
                "name": programme.name,
                "weeks": programme.weeks,
                "duration": f"{programme.weeks} weeks",
                "source": "built-in" if programme.builtin else "yours",
                "builtin": programme.builtin,
                "path": str(programme.source) if programme.source else None,
            }
            for programme in programmes
        ],
        "problems": [
            {
                "path": problem.path,
                "errors": [
                    {
                        "line": error.location.line,
                        "column": error.location.column,
                        "field": error.field,
                        "message": error.message,
                    }
                    for error in problem.errors
                ],
            }
            for problem in library.problems
        ],
    }


def _row(routine: Any, overridden: dict[str, Any]) -> dict[str, Any]:
    from coach.durations import rounded_duration_text
    from coach.routines.timing import estimated_seconds

    seconds = estimated_seconds(routine)
    if routine.builtin:
        source = "built-in"
    elif routine.id in overridden:
        source = "yours (replaces built-in)"
    else:
        source = "yours"
    return {
        "id": routine.id,
        "name": routine.name,
        "kind": routine.kind.value,
        "seconds": round(seconds),
        "duration": rounded_duration_text(seconds),
        "source": source,
        "builtin": routine.builtin,
        "path": str(routine.source) if routine.source else None,
    }


def _error_text(path: str, error: dict[str, Any]) -> str:
    """The same `path:line:column: field: message` as coach.errors.LocatedError prints."""
    where = f"{path}:{error['line']}:{error['column']}" if error["line"] else path
    field = f"{error['field']}: " if error["field"] else ""
    return f"{where}: {field}{error['message']}"


def _list_exercises(*, as_json: bool) -> int:
    from coach.routines.describe import dose_text
    from coach.routines.library import load_library

    library = load_library()
    rows = [
        {
            "id": exercise.id,
            "name": exercise.name,
            "target": exercise.target,
            "dose": dose_text(exercise.dose),
            "easier": exercise.easier or "",
        }
        for exercise in sorted(library.exercises.values(), key=lambda e: e.id)
    ]
    if as_json:
        import json

        print(json.dumps({"exercises": rows}, indent=2, ensure_ascii=False))
    else:
        columns = (("id", "ID"), ("name", "NAME"), ("target", "TARGET"), ("dose", "DOSE"))
        _print_table(rows, columns)
    return 0


_PROGRAMME_COLUMNS = (
    ("id", "ID"),
    ("name", "NAME"),
    ("duration", "TIME"),
    ("source", "SOURCE"),
)

_ROUTINE_COLUMNS = (
    ("id", "ID"),
    ("name", "NAME"),
    ("kind", "KIND"),
    ("duration", "TIME"),
    ("source", "SOURCE"),
)


def _print_table(rows: list[dict[str, Any]], columns: tuple[tuple[str, str], ...]) -> None:
    """Rows as aligned columns; user text shown as text (coach.text.visible), one line each."""
    from coach.text import visible

    if not rows:
        print("Nothing found.")
        return
    rows = [{key: visible(row[key], one_line=True) for key, _ in columns} for row in rows]
    widths = {key: max(len(title), *(len(str(row[key])) for row in rows)) for key, title in columns}
    print("  ".join(title.ljust(widths[key]) for key, title in columns).rstrip())
    for row in rows:
        print("  ".join(str(row[key]).ljust(widths[key]) for key, _ in columns).rstrip())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
