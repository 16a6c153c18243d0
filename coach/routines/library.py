"""The routine library: the built-in routines shipped with coach, and the user's own;
and the programmes (`kind: programme` files beside them, `Library.programmes`).

Built-ins come from the installed package (`coach/builtin/routines`, see
`builtin_dir`), never from the current directory. User routines live in
`paths.user_routines_dir()` (`~/.config/coach/routines/`, honouring XDG_CONFIG_HOME);
a user routine with the id of a built-in replaces it. A user `exercises.yaml` there
adds exercises or changes fields of built-in ones, for every routine.

A broken file never stops the others: it lands in `Library.problems` with all its
located errors, and everything else loads. A programme's routines are checked once every
routine (built-in and the user's) is known.

`cached_library` is the library as last loaded, kept under the signature of its files and
of the code that reads them (`coach.routines.catalog`, `coach.cache`): the window opens
without the YAML reader, which this module imports only when it reads files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import CoachError, InvalidFile, LocatedError, Location, did_you_mean
from coach.routines.model import Exercise, Kind, Routine
from coach.routines.programmes import Programme

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from coach.routines.loader import LoadedProgramme

EXERCISES_FILE = "exercises.yaml"
ROUTINE_SUFFIXES = (".yaml", ".yml")
_ID_LINE = re.compile(r"^id[ \t]*:", re.MULTILINE)


@dataclass
class Library:
    routines: dict[str, Routine]  # built-ins overridden by user routines with the same id
    exercises: dict[str, Exercise]
    problems: list[InvalidFile]  # files that failed to load (the others still load)
    overridden: dict[str, Routine] = field(default_factory=dict)  # built-ins a user file replaced
    builtin_exercises: dict[str, Exercise] = field(default_factory=dict)  # before user changes
    files: list[str] = field(default_factory=list)  # every file read, for `coach validate`
    programmes: dict[str, Programme] = field(default_factory=dict)  # built-ins, then yours

    def get(self, routine_id: str) -> Routine:
        """The routine with this id; CoachError with a hint when there is none."""
        routine = self.routines.get(routine_id)
        if routine is not None:
            return routine
        if routine_id in self.programmes:
            raise CoachError(
                f'"{routine_id}" is a programme, not a routine: `coach show {routine_id}` '
                "shows its weeks, `coach programme start` follows it"
            )
        broken = self.problem_for(routine_id)
        if broken is not None:
            raise CoachError(f'routine "{routine_id}" has errors:\n{broken}')
        hint = did_you_mean(routine_id, tuple(self.routines))
        raise CoachError(f'unknown routine "{routine_id}"{hint}; `coach list` shows them all')

    def problem_for(self, routine_id: str) -> InvalidFile | None:
        """The load error of the file that would have given this id, if any."""
        for problem in self.problems:
            if Path(problem.path).stem == routine_id:
                return problem
        return None

    def by_kind(self) -> dict[Kind, list[Routine]]:
        """Routines grouped by kind (in the order of `Kind`), each group sorted by name."""
        groups: dict[Kind, list[Routine]] = {}
        for kind in Kind:
            members = sorted(
                (r for r in self.routines.values() if r.kind is kind),
                key=lambda r: (r.name.lower(), r.id),
            )
            if members:
                groups[kind] = members
        return groups


def builtin_dir() -> Traversable | Path:
    """The built-in routines folder inside the installed package.

    `coach.builtin.routines()` (importlib.resources) is the general way; importing
    importlib.resources costs several milliseconds of every `coach list`, so a package
    installed as plain files (wheel or editable) is read through its own path.
    """
    from coach.routines.catalog import builtin_path

    folder = builtin_path()
    if folder is not None:
        return folder
    from coach import builtin  # a zip or other importer: ask importlib.resources

    return builtin.routines()


def builtin_exercise_ids() -> list[str]:
    """The ids of the built-in exercise library (for the schema's completion)."""
    return sorted(_read_exercises(builtin_dir() / EXERCISES_FILE, {}, [], []))


def builtin_routine_ids() -> list[str]:
    """The ids of the built-in routines, by file name (for the programme schema)."""
    return _routine_ids_in(builtin_dir())


def _routine_ids_in(folder: Traversable | Path) -> list[str]:
    """The routine files' ids of a folder by name, programme files left out."""
    from coach.routines.programmes import looks_like_programme

    found = []
    for entry in routine_files(folder):
        try:
            text = _read(entry)
        except InvalidFile:
            continue
        if not looks_like_programme(text):
            found.append(Path(entry.name).stem)
    return sorted(found)


def routine_ids(user_dir: Path) -> list[str]:
    """The ids of the built-in routines and of the user's files, by file name (programme
    files left out), for the programme schema's completion."""
    return sorted({*builtin_routine_ids(), *_routine_ids_in(user_dir)})


def exercise_ids(user_dir: Path) -> list[str]:
    """The ids of the built-in exercises and of the user's `exercises.yaml` (only those two
    files are read): what an editor completes after `exercise: `."""
    exercises = _read_exercises(builtin_dir() / EXERCISES_FILE, {}, [], [])
    user_exercises = _user_exercises_file(user_dir)
    if user_exercises is not None:
        exercises = _read_exercises(user_exercises, exercises, [], [])
    return sorted(exercises)


def load_library(
    user_dir: Path | None = None, *, builtin: Traversable | Path | None = None
) -> Library:
    """Built-in and user routines and exercises. `builtin` replaces the shipped folder (tests)."""
    if user_dir is None:
        from coach import paths

        user_dir = paths.user_routines_dir()
    builtin_folder = builtin if builtin is not None else builtin_dir()
    problems: list[InvalidFile] = []
    files: list[str] = []

    exercises: dict[str, Exercise] = {}
    builtin_exercises = builtin_folder / EXERCISES_FILE
    if builtin_exercises.is_file():
        exercises = _read_exercises(builtin_exercises, {}, problems, files)
    builtin_only = dict(exercises)
    user_exercises = _user_exercises_file(user_dir)
    if user_exercises is not None:
        exercises = _read_exercises(user_exercises, exercises, problems, files)

    builtin_programmes: dict[str, LoadedProgramme] = {}
    routines, builtin_problems, builtin_files = load_folder(
        builtin_folder, exercises, builtin=True, programmes=builtin_programmes
    )
    problems += builtin_problems
    files += builtin_files
    overridden: dict[str, Routine] = {}
    user_programmes: dict[str, LoadedProgramme] = {}
    if user_dir.is_dir():
        user_routines, user_problems, user_files = load_folder(
            user_dir, exercises, builtin=False, programmes=user_programmes
        )
        problems += user_problems
        files += user_files
        for routine_id, routine in user_routines.items():
            if routine_id in routines:
                overridden[routine_id] = routines[routine_id]
            routines[routine_id] = routine
    programmes = checked_programmes({**builtin_programmes, **user_programmes}, routines, problems)
    return Library(
        routines=routines,
        exercises=exercises,
        problems=problems,
        overridden=overridden,
        builtin_exercises=builtin_only,
        files=files,
        programmes=programmes,
    )


def cached_library(user_dir: Path, *, load: Callable[[Path], Library] | None = None) -> Library:
    """`load_library(user_dir)` with the shipped routines, as kept from the last load while
    no routine or exercise file, nor the code that reads them, has changed since.

    Only a library without problems is kept: one with broken files is read every time, so
    its errors are always the files' own. `load` reads the files (`load_library`).
    """
    from coach import cache
    from coach.routines import catalog

    builtin = catalog.builtin_path()
    key = catalog.signature(builtin, user_dir) if builtin is not None else None
    if key is not None:
        kept = cache.read_pickle(_CACHE_NAME, key)
        if isinstance(kept, Library):
            return kept
    library = (load or load_library)(user_dir)
    if key is not None and not library.problems:
        cache.write_pickle(_CACHE_NAME, key, library)
    return library


_CACHE_NAME = "library"


def checked_programmes(
    loaded: Mapping[str, LoadedProgramme],
    routines: Mapping[str, Routine],
    problems: list[InvalidFile],
) -> dict[str, Programme]:
    """The programmes whose every routine exists; the others go to `problems`."""
    from coach.routines.programme_file import unknown_routines

    programmes: dict[str, Programme] = {}
    for programme_id, item in loaded.items():
        path = str(item.programme.source)
        missing = unknown_routines(path, item.references, routines)
        if missing is not None:
            problems.append(missing)
        else:
            programmes[programme_id] = item.programme
    return programmes


def load_folder(
    folder: Traversable | Path,
    exercises: Mapping[str, Exercise],
    *,
    builtin: bool,
    programmes: dict[str, LoadedProgramme] | None = None,
) -> tuple[dict[str, Routine], list[InvalidFile], list[str]]:
    """Every routine file in one folder (not its subfolders), by id.

    Two files with one id: the file named after the id wins (else the first by name), and
    the other is reported and skipped. Programme files go into `programmes` (their routines
    not checked yet: `checked_programmes`); without it they are skipped.
    """
    from coach.routines.loader import LoadedProgramme, load_document_text

    routines: dict[str, Routine] = {}
    id_lines: dict[str, int] = {}  # id -> line of the `id:` key in its file (0: from the name)
    problems: list[InvalidFile] = []
    files: list[str] = []
    for entry in routine_files(folder):
        name = str(entry)
        files.append(name)
        try:
            text = _read(entry)
            routine = load_document_text(text, name, exercises, builtin=builtin)
        except InvalidFile as error:
            problems.append(error)
            continue
        if isinstance(routine, LoadedProgramme):
            if programmes is not None:
                programmes.setdefault(routine.programme.id, routine)
            continue
        match = _ID_LINE.search(text) if "id" in text else None
        line = text.count("\n", 0, match.start()) + 1 if match else 0
        kept = routines.get(routine.id)
        if kept is not None:
            assert kept.source is not None
            if Path(name).stem == routine.id and kept.source.stem != routine.id:
                problems.append(_duplicate(kept, id_lines[routine.id], routine))
            else:
                problems.append(_duplicate(routine, line, kept))
                continue
        routines[routine.id] = routine
        id_lines[routine.id] = line
    return routines, problems, files


def _duplicate(skipped: Routine, line: int, kept: Routine) -> InvalidFile:
    name = str(skipped.source)
    assert kept.source is not None
    message = (
        f'routine id "{skipped.id}" is also used by {kept.source.name}; '
        "ids must be unique in a folder, so this file is skipped"
    )
    location = Location(name, line, 1 if line else 0)
    return InvalidFile(name, [LocatedError(location, message, "id")])


def routine_files(folder: Traversable | Path) -> list[Traversable]:
    """The routine files of a folder, by name: *.yaml and *.yml, not hidden, not exercises."""
    if not folder.is_dir():
        return []
    entries = [
        entry
        for entry in folder.iterdir()
        if entry.name.endswith(ROUTINE_SUFFIXES)
        and not entry.name.startswith(".")
        and Path(entry.name).stem != "exercises"
        and entry.is_file()
    ]
    return sorted(entries, key=lambda entry: entry.name)


def _user_exercises_file(user_dir: Path) -> Path | None:
    for suffix in ROUTINE_SUFFIXES:
        candidate = user_dir / f"exercises{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _read_exercises(
    entry: Traversable | Path,
    base: dict[str, Exercise],
    problems: list[InvalidFile],
    files: list[str],
) -> dict[str, Exercise]:
    from coach.routines.loader import read_exercises_text

    name = str(entry)
    files.append(name)
    try:
        text = _read(entry)
    except InvalidFile as unreadable:
        problems.append(unreadable)
        return base
    exercises, error = read_exercises_text(text, name, base)
    if error is not None:
        problems.append(error)
    return exercises


def _read(entry: Traversable | Path) -> str:
    from coach.yamlsafe import decode_text, read_text

    if isinstance(entry, Path):
        return read_text(entry)
    try:
        data = entry.read_bytes()
    except OSError as error:
        name = str(entry)
        raise InvalidFile(
            name, [LocatedError(Location(name), f"cannot read it: {error}")]
        ) from None
    return decode_text(data, str(entry))
