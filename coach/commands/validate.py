"""`coach validate [PATH ...]`: check routine, exercise and config files; every problem located.

With no PATH: every built-in and user routine, both exercise libraries and the
config file. Each problem prints as `path:line:column: field: message`; the exit
status is 0 when all is well and 2 otherwise.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check routine files (and the config); exit 2 on any problem",
        description=(
            "Check routine files, exercise libraries and the config file. With no PATH, checks "
            "every built-in and user routine and the config. Folders are checked file by file."
        ),
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="routine files or folders to check"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach import paths
    from coach.routines.library import load_library
    from coach.routines.modeline import refresh_schema

    library = load_library()
    refresh_schema(paths.user_routines_dir(), library.exercises, library.routines)
    if args.paths:
        problems, files = _check_paths(args.paths, library)
    else:
        problems, files = list(library.problems), list(library.files)
        _check_config(None, problems, files)
    for problem in problems:
        for error in problem.errors:
            print(error)
    broken = len({problem.path for problem in problems})
    count = sum(len(problem.errors) for problem in problems)
    if not problems:
        print(f"{_plural(len(files), 'file')} checked: all valid.")
        return 0
    print(f"{_plural(count, 'problem')} in {broken} of {_plural(len(files), 'file')}.")
    return 2


def _check_paths(names: list[str], library: Any) -> tuple[list[Any], list[str]]:
    from pathlib import Path

    from coach.errors import InvalidFile, LocatedError, Location
    from coach.routines.library import checked_programmes, load_folder, routine_files
    from coach.routines.loader import (
        LoadedProgramme,
        load_document_text,
        read_exercises_text,
        read_text,
    )

    problems: list[InvalidFile] = []
    files: list[str] = []
    for name in names:
        path = Path(name)
        if not path.exists():
            files.append(name)
            problems.append(
                InvalidFile(name, [LocatedError(Location(name), "no such file or folder")])
            )
        elif path.is_dir():
            exercises = _folder_exercises(path, library, problems, files)
            programmes: dict[str, Any] = {}
            routines, folder_problems, folder_files = load_folder(
                path, exercises, builtin=False, programmes=programmes
            )
            problems += folder_problems
            files += folder_files
            # A folder's programmes may name its own routines, or the library's.
            checked_programmes(programmes, {**library.routines, **routines}, problems)
            if not routine_files(path):
                files.append(name)
                message = "has no routine files (*.yaml)"
                problems.append(InvalidFile(name, [LocatedError(Location(name), message)]))
        elif _is_config(path):
            _check_config(path, problems, files)
        elif path.stem == "exercises":
            files.append(name)
            try:
                _, error = read_exercises_text(read_text(path), name, library.builtin_exercises)
            except InvalidFile as unreadable:
                error = unreadable
            if error is not None:
                problems.append(error)
        else:
            files.append(name)
            exercises = _folder_exercises(path.parent, library, problems, files)
            try:
                document = load_document_text(read_text(path), name, exercises)
            except InvalidFile as error:
                problems.append(error)
                continue
            if isinstance(document, LoadedProgramme):
                checked_programmes({name: document}, library.routines, problems)
    return problems, files


def _folder_exercises(folder: Any, library: Any, problems: list[Any], files: list[str]) -> Any:
    """The library's exercises, plus those of an exercises.yaml in `folder` (a routine set
    kept elsewhere, e.g. in a repository, may bring its own)."""
    from coach import paths
    from coach.errors import InvalidFile
    from coach.routines.library import EXERCISES_FILE
    from coach.routines.loader import read_exercises_text, read_text

    candidate = folder / EXERCISES_FILE
    if not candidate.is_file() or _same(folder, paths.user_routines_dir()):
        return library.exercises
    name = str(candidate)
    if name not in files:
        files.append(name)
    try:
        exercises, error = read_exercises_text(read_text(candidate), name, library.exercises)
    except InvalidFile as unreadable:
        exercises, error = library.exercises, unreadable
    if error is not None and all(p.path != error.path for p in problems):
        problems.append(error)
    return exercises


def _is_config(path: Any) -> bool:
    from coach import paths

    return path.name == "config.yaml" and (
        _same(path, paths.config_file()) or path.parent.name != "routines"
    )


def _check_config(path: Any, problems: list[Any], files: list[str]) -> None:
    """The config file, when it exists."""
    from coach import paths
    from coach.config import load_config
    from coach.errors import InvalidFile

    path = path or paths.config_file()
    if not path.is_file():
        return
    files.append(str(path))
    try:
        load_config(path)
    except InvalidFile as error:
        problems.append(error)


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a.resolve() == b.resolve())
    except OSError:
        return False


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
