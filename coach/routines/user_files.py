"""The user's own file for a routine, made on demand: no Textual here.

Opening a routine in an editor works on a file in the user routines folder. A
user routine already has one; a built-in is copied there first (its text as
shipped, comments and all), and that copy then takes the built-in's place for this
user. (The builder writes its copy of a built-in on its first save instead.) The
built-in file itself is never written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from coach.errors import CoachError, InvalidFile
from coach.routines.model import Exercise, Routine
from coach.routines.modeline import (  # re-exported: new and the tests use them from here
    MODELINE,
    SCHEMA_FILE,
    schema_path,
    with_modeline,
    write_schema,
)
from coach.routines.programmes import Programme
from coach.routines.sharing import user_routine_path, write_user_file

__all__ = [
    "MODELINE",
    "SCHEMA_FILE",
    "UserFile",
    "copy_of_source",
    "copy_text",
    "problems_of",
    "read_routine_file",
    "user_file_for",
    "write_schema",
]


@dataclass(frozen=True)
class UserFile:
    path: Path
    copied: bool  # True: a built-in was copied there just now


def user_file_for(routine: Routine, exercises: Mapping[str, Exercise], user_dir: Path) -> UserFile:
    """The user's file for `routine`, copying a built-in into `user_dir` when needed.

    A file already at `<id>.yaml` (say, a broken edit that left the built-in showing)
    is the user's own work: it is returned as it is, never overwritten.
    """
    existing = existing_user_file(routine, user_dir)
    if existing is not None:
        return UserFile(existing, False)
    target = user_routine_path(routine.id, user_dir)
    write_user_file(target, copy_text(routine, exercises, target.name))
    # The copy's first line points an editor at the schema beside the routines folder.
    write_schema(schema_path(user_dir), exercises)
    return UserFile(target, True)


def existing_user_file(routine: Routine, user_dir: Path) -> Path | None:
    """The user's file for `routine` if there is one (None: a built-in not copied yet).

    CoachError when a built-in's id cannot name a file in `user_dir`.
    """
    if not routine.builtin and routine.source is not None:
        return Path(routine.source)
    target = user_routine_path(routine.id, user_dir)
    return target if os.path.lexists(target) else None


def copy_text(routine: Routine, exercises: Mapping[str, Exercise], file_name: str) -> str:
    """The built-in's own text (as `coach new --from` copies it), else the writer's."""
    try:
        return copy_of_source(routine, routine.id)
    except CoachError:
        from coach.routines.writer import dump_routine

        return dump_routine(replace(routine, builtin=False), exercises, file_name=file_name)


def read_routine_file(path: Path, exercises: Mapping[str, Exercise]) -> Routine:
    """The routine in a user file; InvalidFile with every located error otherwise."""
    from coach.routines.loader import load_routine_text, read_text

    return load_routine_text(read_text(path), str(path), exercises, builtin=False)


def problems_of(path: Path, exercises: Mapping[str, Exercise]) -> InvalidFile | None:
    """None when the file loads, else its errors."""
    try:
        read_routine_file(path, exercises)
    except InvalidFile as error:
        return error
    return None


def copy_of_source(routine: Routine | Programme, new_id: str) -> str:
    """The source file of `routine`, with its id (if written) and schema line made to fit."""
    import re

    if routine.source is None:
        raise CoachError(f'routine "{routine.id}" has no file to copy')
    try:
        text = routine.source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CoachError(f"cannot read {routine.source}: {error}") from None
    text = re.sub(r"^id[ \t]*:.*$", f"id: {new_id}", text, count=1, flags=re.MULTILINE)
    kind = "programme" if isinstance(routine, Programme) else "routine"
    origin = f"built-in {kind}" if routine.builtin else kind
    return with_modeline(f"# Copied from the {origin} {routine.id} by `coach new`.\n{text}")
