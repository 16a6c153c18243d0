"""Where coach keeps the user's files (XDG folders through platformdirs), and keeping them
private.

Every function reads the environment when called, so tests that point
XDG_CONFIG_HOME / XDG_DATA_HOME / XDG_STATE_HOME at a temporary folder need
nothing else.

The privacy rule has one owner, here: coach's own folders (the data folder with
the history, the config folder, the routines folder) are 0700 and the files in
them that say something about the user (`coach.db` with its `-wal`/`-shm`,
`config.yaml`, the routine files) 0600. Every writer of those files creates them
through `private_dir` / `private_file` / `write_private_text`; files made before
(or by hand) are tightened at start (`tighten_private_files`, with one note) and
checked by `coach doctor` (`loose_private_files`). A symlink, or a file another
user owns, is left as it is.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import platformdirs

APP = "coach"

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_OTHERS = 0o077  # group and world bits: none of them on a private file or folder


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP, appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.yaml"


def user_routines_dir() -> Path:
    return config_dir() / "routines"


def user_sounds_dir() -> Path:
    return config_dir() / "sounds"


def database_file() -> Path:
    return data_dir() / "coach.db"


def database_writes() -> tuple[Path, Path]:
    """Where a write to the history shows (a process watching for one): the database and
    its write-ahead log."""
    database = database_file()
    return database, database.with_name(f"{database.name}-wal")


# ----------------------------------------------------------------------------- privacy


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) with the last folder 0700; an existing folder is
    left as it is (`tighten_private_files` tightens coach's own). Raises OSError."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty and 0600 if it does not exist (SQLite then gives its `-wal` and
    `-shm` files the same mode); an existing file is left as it is. Raises OSError."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE)
    os.close(descriptor)
    return path


def write_private_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically and 0600: a temporary file beside it (mkstemp makes
    it 0600), synced, then renamed over it (a symlink at `path` is replaced, not followed;
    a crash leaves the old file or the new one, never half of one). Raises OSError."""
    import tempfile  # here: most commands never write, and it costs a few ms to import

    private_dir(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".coach-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, PRIVATE_FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def create_private_text(path: Path, text: str) -> None:
    """Write a new file 0600; FileExistsError when `path` exists (never overwrites, even in
    a race). Raises OSError."""
    private_dir(path.parent)
    descriptor = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, PRIVATE_FILE_MODE
    )
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)


def _private_paths() -> Iterator[tuple[Path, bool]]:
    """coach's private folders and files as (path, is a folder), those that exist."""
    database = database_file()
    routines = user_routines_dir()
    yield data_dir(), True
    for suffix in ("", "-wal", "-shm"):
        yield database.with_name(database.name + suffix), False
    yield config_dir(), True
    yield config_file(), False
    yield routines, True
    with contextlib.suppress(OSError):
        for entry in sorted(routines.iterdir()):
            if entry.suffix in (".yaml", ".yml"):
                yield entry, False


def _loose(path: Path, folder: bool) -> int | None:
    """The mode of `path` when others may read it (None: private, missing, a symlink, not
    the expected kind, or not ours to change)."""
    try:
        info = path.lstat()
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid():
        return None
    if folder != stat.S_ISDIR(info.st_mode) or (not folder and not stat.S_ISREG(info.st_mode)):
        return None
    mode = stat.S_IMODE(info.st_mode)
    return mode if mode & _OTHERS else None


def loose_private_files() -> list[tuple[Path, int]]:
    """coach's files and folders that others may read, with their modes (`coach doctor`)."""
    found = []
    for path, folder in _private_paths():
        mode = _loose(path, folder)
        if mode is not None:
            found.append((path, mode))
    return found


def tighten_private_files() -> str | None:
    """Make coach's existing folders 0700 and files 0600 (run at start); one note saying
    what changed, or None when all was private already. Never raises."""
    changed: list[Path] = []
    failed: list[str] = []
    for path, mode in loose_private_files():
        try:
            os.chmod(path, mode & ~_OTHERS)  # the owner keeps what they had; others lose all
        except OSError as error:
            failed.append(f"{path} ({error.strerror or error})")
        else:
            changed.append(path)
    notes = []
    if changed:
        names = ", ".join(str(path) for path in changed[:3])
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        notes.append(
            f"Your coach files were readable by other users of this computer; "
            f"they are private now: {names}{more}."
        )
    if failed:
        notes.append(f"Could not make these private: {', '.join(failed)}.")
    return " ".join(notes) or None
