"""Sharing routines: export one as a self-contained file, import (install) one safely.

An imported file is data, nothing else:

- it is read by the loader, which composes plain YAML nodes and refuses every tag
  (`!!python/object` and friends), files over 1 MB, text that is not UTF-8,
  alias bombs and deep nesting; and the format has no key that runs a command or
  names a file (tests check the key lists);
- its routine id follows `coach.ids` (lowercase letters, digits, dashes and
  underscores, no dot or slash), so the file it becomes, `<id>.yaml`, always sits
  directly in the user routines folder (checked again on the resolved path), and
  `exercises` is refused (that name is the user's exercise library); the loader
  already refuses any other id, so whatever `coach validate` accepts imports;
- the exercises it carries apply to that routine only (the loader keeps them
  local), so an import never changes another routine;
- nothing is overwritten without `force`: not an installed routine, not a
  built-in (a user routine with a built-in's id hides it), and never through a
  symlink: the new file is written beside the old one and renamed over it, which
  replaces a link instead of writing where it points.

No Textual; the CLI (`coach export`, `coach import`) and the TUI builder use this.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from coach import ids, paths
from coach.errors import CoachError, InvalidFile, LocatedError, Location
from coach.routines.model import Exercise, Routine

_ID_LINE = re.compile(r"^id[ \t]*:[ \t]*", re.MULTILINE)


@dataclass(frozen=True)
class Installed:
    routine: Routine
    path: Path
    replaced: bool  # an earlier file of that name was replaced (with force)
    hides_builtin: bool  # a built-in routine has this id; the user's copy now wins


def export_text(
    routine: Routine, exercises: Mapping[str, Exercise], *, file_name: str | None = None
) -> str:
    """The routine as a self-contained YAML file: the exercises it uses written inside."""
    from coach.routines.writer import dump_routine

    return dump_routine(routine, exercises, inline_exercises=True, file_name=file_name)


def read_import(path: Path, exercises: Mapping[str, Exercise]) -> tuple[Routine, str]:
    """The routine in a file offered for import, and its text. InvalidFile on any problem."""
    from coach.routines.loader import load_routine_text
    from coach.yamlsafe import read_text

    name = str(path)
    # read_text opens without blocking and refuses what is not a regular file (a FIFO
    # would block, a device could be endless), checked on what it opened.
    text = read_text(path)
    routine = load_routine_text(text, name, exercises, builtin=False)
    check_importable_id(routine, text, name)
    return routine, text


def check_importable_id(routine: Routine, text: str, name: str) -> None:
    """The id must follow coach.ids: it becomes a file name in the user folder."""
    problem = ids.id_problem(routine.id)
    if problem is None:
        return
    match = _ID_LINE.search(text)
    if match is None:  # the id came from the file name
        problem += "; add an `id:` line to the file"
        raise InvalidFile(name, [LocatedError(Location(name, 1, 1), problem, "id")])
    line = text.count("\n", 0, match.start()) + 1
    column = match.end() - (text.rfind("\n", 0, match.end()) + 1) + 1
    raise InvalidFile(name, [LocatedError(Location(name, line, column), problem, "id")])


def user_routine_path(routine_id: str, user_dir: Path) -> Path:
    """`<id>.yaml` directly inside the (resolved) user folder; CoachError otherwise."""
    if ids.id_problem(routine_id) is not None:
        raise CoachError(f'"{routine_id}" is not a routine id coach can save as a file')
    folder = user_dir.resolve()
    target = folder / f"{routine_id}.yaml"
    # Belt and braces: the slug has no separator or "..", but check the result anyway.
    if target.parent != folder or os.path.normpath(target) != str(target):
        raise CoachError(f"{target} is not inside the routines folder {folder}")
    return target


def install_routine(
    path: Path,
    *,
    routines: Mapping[str, Routine],
    exercises: Mapping[str, Exercise],
    user_dir: Path,
    force: bool = False,
) -> Installed:
    """Validate the file at `path` and install it into `user_dir` as `<id>.yaml`.

    `routines` and `exercises` are the current library's. Raises InvalidFile when
    the file is not a valid routine, CoachError when installing would overwrite
    something without `force`, or the id is held by another of the user's files.
    """
    routine, text = read_import(path, exercises)
    target = user_routine_path(routine.id, user_dir)
    other = _other_file_with_id(routine, routines, target)
    if other is not None:
        raise CoachError(
            f'routine "{routine.id}" is already defined in {other}; '
            "rename or remove that file first (or change the id in the file you import)"
        )
    existed = os.path.lexists(target)
    current = routines.get(routine.id)
    hides_builtin = current is not None and current.builtin
    if not force:
        if existed:
            raise CoachError(
                f'routine "{routine.id}" is already installed as {target}; '
                "nothing was changed (use --force to replace it)"
            )
        if hides_builtin:
            raise CoachError(
                f'"{routine.id}" is the id of a built-in routine; importing it would replace '
                "that routine for you (the built-in file stays untouched). Nothing was changed: "
                "use --force to do it, or change the id in the file"
            )
    write_user_file(target, text)
    return Installed(replace(routine, source=target), target, existed, hides_builtin)


def write_user_file(target: Path, text: str) -> None:
    """Write `text` to `target` atomically: a temporary file beside it, renamed over it.

    The rename replaces a symlink at `target` rather than writing where it points,
    and a crash leaves either the old file or the new one, never half of one.
    """
    paths.write_private_text(target, text)  # 0600 in a 0700 folder: coach.paths' rule


def _other_file_with_id(
    routine: Routine, routines: Mapping[str, Routine], target: Path
) -> Path | None:
    """A user file other than `target` that already holds this id (e.g. `<id>.yml`)."""
    sibling = target.with_suffix(".yml")
    if os.path.lexists(sibling):
        return sibling
    current = routines.get(routine.id)
    if current is None or current.builtin or current.source is None:
        return None
    try:
        same = current.source.resolve() == target
    except OSError:
        same = False
    return None if same or current.source.name == target.name else current.source
