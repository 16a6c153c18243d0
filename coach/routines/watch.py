"""Hot reload of the user routines folder, by polling (no threads, no inotify).

The TUI calls `RoutineWatcher.poll()` from a Textual interval (every 0.5–1 s).
A poll lists the folder and stats each routine file, `(mtime_ns, size)` per
name, and compares with the last listing; when nothing moved it returns an
empty report at the cost of one `scandir`. Otherwise it reloads only the files
that changed (all routines when the user's `exercises.yaml` changed, since every
routine reads it) and reports which routines appeared, changed or disappeared
and which files are now broken.

A file that breaks (a half-saved edit, a typo) keeps its routine's last good
version in use, and its error is listed, so nothing vanishes from the list
while the user is fixing it. Deleting the file removes the routine (or brings
back the built-in it was hiding).

`reload_files()` and `reload_all()` are plain functions from a Library to an
updated one (the Library passed in is not changed). No Textual here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import InvalidFile, LocatedError, Location
from coach.routines.library import (
    EXERCISES_FILE,
    ROUTINE_SUFFIXES,
    Library,
    cached_library,
    load_library,
)
from coach.routines.model import Routine

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

FileStamp = tuple[int, int]  # (mtime_ns, size)
EXERCISES_NAMES = frozenset(Path(EXERCISES_FILE).stem + suffix for suffix in ROUTINE_SUFFIXES)


def is_watched_name(name: str) -> bool:
    """Routine and exercise files: `*.yaml`/`*.yml`, not hidden (editors' temp files are)."""
    return name.endswith(ROUTINE_SUFFIXES) and not name.startswith(".")


@dataclass(frozen=True)
class FolderSnapshot:
    """File name → (mtime_ns, size) of every watched file in a folder, at one moment."""

    files: Mapping[str, FileStamp] = field(default_factory=dict)

    @classmethod
    def take(cls, folder: Path) -> FolderSnapshot:
        """The folder as it is now; a missing or unreadable folder is an empty one."""
        files: dict[str, FileStamp] = {}
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return cls({})
        for entry in entries:
            if not is_watched_name(entry.name):
                continue
            try:
                info = entry.stat()  # follows a symlink: an edit of its target counts
            except OSError:
                continue  # vanished between listing and stat, or a dangling link
            if stat.S_ISREG(info.st_mode):
                files[entry.name] = (info.st_mtime_ns, info.st_size)
        return cls(files)


def changes(
    before: FolderSnapshot, after: FolderSnapshot
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(added, changed, removed) file names, each sorted."""
    old, new = before.files, after.files
    added = sorted(name for name in new if name not in old)
    changed = sorted(name for name in new if name in old and new[name] != old[name])
    removed = sorted(name for name in old if name not in new)
    return tuple(added), tuple(changed), tuple(removed)


@dataclass(frozen=True)
class ReloadReport:
    """What one poll found. Ids are routine ids; `broken` holds each failing file's errors."""

    appeared: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    disappeared: tuple[str, ...] = ()
    broken: tuple[InvalidFile, ...] = ()  # files of this poll that failed to load
    fixed: tuple[str, ...] = ()  # paths of files that were broken and load again
    cleared: tuple[str, ...] = ()  # paths of broken files that were deleted
    kept: tuple[str, ...] = ()  # routines still on their last good version

    @property
    def changed(self) -> bool:
        return bool(
            self.appeared
            or self.updated
            or self.disappeared
            or self.broken
            or self.fixed
            or self.cleared
        )


# --------------------------------------------------------------------------- library updates


def reload_files(
    library: Library,
    user_dir: Path,
    names: Iterable[str],
    *,
    builtin: Traversable | Path | None = None,
) -> Library:
    """The library with these user files (names inside `user_dir`) read again.

    A file that is gone takes its routine away (restoring a built-in it hid); a
    file that fails keeps its routine's last good version and records its error;
    a file whose id another user file already holds is an error of its own. When
    files of this batch trade ids (a rename, a swap), the whole folder is read
    again instead, so the outcome never depends on the order of the batch.
    """
    routines = dict(library.routines)
    overridden = dict(library.overridden)
    problems = list(library.problems)
    files = list(library.files)
    folder = _absolute(user_dir)
    batch = sorted(set(names))
    in_batch = {folder / name for name in batch}
    gone_first = sorted(batch, key=lambda name: os.path.lexists(user_dir / name))
    programme_files = {
        _absolute(p.source) for p in library.programmes.values() if p.source is not None
    }
    for name in gone_first:
        path = user_dir / name
        path_text = str(path)
        if folder / name in programme_files:  # programmes depend on every routine: all again
            return reload_all(library, user_dir, builtin=builtin)
        previous = _routine_from(routines, folder / name)
        problems = [p for p in problems if not _same_path(p.path, path)]
        files = [f for f in files if not _same_path(f, path)]
        if not os.path.lexists(path):
            if previous is not None:
                _remove(routines, overridden, previous.id)
            continue
        files.append(path_text)
        try:
            loaded = _load(path, library)
        except InvalidFile as error:
            problems.append(error)
            continue  # `previous`, if any, stays: the last good version
        if not isinstance(loaded, Routine):  # a programme: its routines are checked with all
            return reload_all(library, user_dir, builtin=builtin)
        routine = loaded
        holder = routines.get(routine.id)
        if holder is not None and not holder.builtin and not _is_source(holder, folder / name):
            if holder.source is not None and _absolute(holder.source) in in_batch:
                return reload_all(library, user_dir, builtin=builtin)
            problems.append(_duplicate(path_text, routine.id, holder))
            continue
        if previous is not None and previous.id != routine.id:
            _remove(routines, overridden, previous.id)  # the file now holds another id
        current = routines.get(routine.id)
        if current is not None and current.builtin:
            overridden[routine.id] = current
        routines[routine.id] = routine
    return replace(
        library, routines=routines, overridden=overridden, problems=problems, files=files
    )


def reload_all(
    library: Library, user_dir: Path, *, builtin: Traversable | Path | None = None
) -> Library:
    """Everything read again (the exercise library changed), keeping last good versions."""
    fresh = load_library(user_dir, builtin=builtin)
    folder = _absolute(user_dir)
    broken = {_absolute(Path(p.path)) for p in fresh.problems}
    for routine in library.routines.values():
        if routine.builtin or routine.source is None:
            continue
        source = _absolute(routine.source)
        if source.parent != folder or source not in broken:
            continue
        current = fresh.routines.get(routine.id)
        if current is None or current.builtin:
            if current is not None:
                fresh.overridden[routine.id] = current
            fresh.routines[routine.id] = routine
    return fresh


class RoutineWatcher:
    """Keeps a Library in step with the user routines folder; call `poll()` often."""

    def __init__(
        self,
        library: Library,
        user_dir: Path | None = None,
        *,
        builtin: Traversable | Path | None = None,
    ) -> None:
        if user_dir is None:
            from coach import paths

            user_dir = paths.user_routines_dir()
        self.library = library
        self.user_dir = user_dir
        self._builtin = builtin
        self._snapshot = FolderSnapshot.take(user_dir)

    @classmethod
    def load(
        cls, user_dir: Path | None = None, *, builtin: Traversable | Path | None = None
    ) -> RoutineWatcher:
        """Load the library and watch its folder, with no gap for a change to slip through.

        The folder is listed before the library is read, so a file saved in between is
        seen as changed by the first poll (at worst it is read twice).
        """
        if user_dir is None:
            from coach import paths

            user_dir = paths.user_routines_dir()
        snapshot = FolderSnapshot.take(user_dir)
        if builtin is None:  # the shipped routines: as kept from the last load, if unchanged
            library = cached_library(user_dir, load=load_library)
        else:
            library = load_library(user_dir, builtin=builtin)
        watcher = cls(library, user_dir, builtin=builtin)
        watcher._snapshot = snapshot
        return watcher

    def poll(self) -> ReloadReport:
        """Reload what changed since the last poll; an empty report when nothing did."""
        after = FolderSnapshot.take(self.user_dir)
        added, changed, removed = changes(self._snapshot, after)
        if not (added or changed or removed):
            return ReloadReport()
        self._snapshot = after
        before = self.library
        touched = (*added, *changed, *removed)
        if EXERCISES_NAMES.intersection(touched):
            self.library = reload_all(before, self.user_dir, builtin=self._builtin)
            touched_paths = None  # every file was read again
            from coach.routines.modeline import refresh_schema

            refresh_schema(self.user_dir, self.library.exercises, self.library.routines)
        else:
            self.library = reload_files(before, self.user_dir, touched, builtin=self._builtin)
            touched_paths = {_absolute(self.user_dir / name) for name in touched}
        return _report(before, self.library, self.user_dir, touched_paths)


def _report(
    before: Library, after: Library, user_dir: Path, touched: set[Path] | None
) -> ReloadReport:
    old, new = before.routines, after.routines
    folder = _absolute(user_dir)

    def in_poll(path: str) -> bool:
        absolute = _absolute(Path(path))
        return absolute in touched if touched is not None else absolute.parent == folder

    old_broken = {_absolute(Path(p.path)) for p in before.problems}
    new_broken = {_absolute(Path(p.path)) for p in after.problems}
    broken = tuple(p for p in after.problems if in_poll(p.path))
    fixed = tuple(
        str(path)
        for path in sorted(old_broken - new_broken)
        if (touched is None or path in touched) and path.exists()
    )
    cleared = tuple(
        str(path)
        for path in sorted(old_broken - new_broken)
        if (touched is None or path in touched) and not os.path.lexists(path)
    )
    kept = tuple(
        sorted(
            routine.id
            for routine in new.values()
            if not routine.builtin
            and routine.source is not None
            and _absolute(routine.source) in new_broken
        )
    )
    return ReloadReport(
        appeared=tuple(sorted(set(new) - set(old))),
        updated=tuple(sorted(i for i in set(new) & set(old) if new[i] != old[i])),
        disappeared=tuple(sorted(set(old) - set(new))),
        broken=broken,
        fixed=fixed,
        cleared=cleared,
        kept=kept,
    )


# --------------------------------------------------------------------------- helpers


def _load(path: Path, library: Library) -> object:
    """The routine in a user file, or the LoadedProgramme of a programme file."""
    from coach.routines.loader import load_document_text, read_text

    return load_document_text(read_text(path), str(path), library.exercises, builtin=False)


def _remove(routines: dict[str, Routine], overridden: dict[str, Routine], routine_id: str) -> None:
    routines.pop(routine_id, None)
    hidden = overridden.pop(routine_id, None)
    if hidden is not None:
        routines[routine_id] = hidden


def _routine_from(routines: Mapping[str, Routine], path: Path) -> Routine | None:
    """The user routine loaded from `path`, if any."""
    return next((r for r in routines.values() if _is_source(r, path)), None)


def _is_source(routine: Routine, path: Path) -> bool:
    return not routine.builtin and routine.source is not None and _absolute(routine.source) == path


def _duplicate(path: str, routine_id: str, holder: Routine) -> InvalidFile:
    other = holder.source.name if holder.source is not None else "another file"
    message = (
        f'routine id "{routine_id}" is also used by {other}; '
        "ids must be unique in a folder, so this file is skipped"
    )
    return InvalidFile(path, [LocatedError(Location(path), message, "id")])


def _absolute(path: Path) -> Path:
    """An absolute path without resolving links (a linked file keeps its own name)."""
    return Path(os.path.abspath(path))


def _same_path(a: str, b: Path) -> bool:
    return _absolute(Path(a)) == _absolute(b)
