"""Results kept between runs in the user's cache folder, each under a signature.

The one owner of "a cache under a signature": where the files live (`cache_dir`, 0700),
how they are written (atomically, 0600), and how a signature is made (`file_stamps`,
`folder_stamps`: the name, size and modification time of every file a result was read
from, and of the code that read it). A result is used again only under exactly the
signature it was kept under; anything else (no file, another signature, a file that does
not read, a write that fails) means "not cached", and the caller reads its files.

Two forms: JSON (`read_json`/`write_json`: `coach list`'s listing, coach.routines.catalog)
and pickle (`read_pickle`/`write_pickle`: the routine library and the config the window
opens with, so its first frame waits for no YAML). Unpickling runs code, so a pickle is
read only when coach could have written it and nobody else: a regular file owned by
this user that no one else may write.

Imports stay minimal on purpose (`coach list` uses this): no yaml, no model.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from coach import paths

_FORMAT = 1  # of the files written here: a change leaves every older file unused


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(paths.APP, appauthor=False))


def file_stamps(files: Iterable[Path]) -> list[Any]:
    """Name, size and modification time of each file ([name, None] for a missing one).
    Raises OSError when a file cannot be looked at (the result then cannot be kept)."""
    stamps: list[Any] = []
    for path in files:
        try:
            status = path.stat()
        except FileNotFoundError:
            stamps.append([str(path), None])
            continue
        stamps.append([str(path), status.st_size, status.st_mtime_ns])
    return stamps


def folder_stamps(folder: Path, suffixes: tuple[str, ...]) -> list[Any]:
    """Name, size and modification time of each file in `folder` (not its subfolders)
    whose name ends with one of `suffixes`, by name; [] without the folder."""
    try:
        with os.scandir(folder) as entries:
            files = [entry for entry in entries if entry.name.endswith(suffixes)]
            return sorted(
                [entry.name, entry.stat().st_size, entry.stat().st_mtime_ns] for entry in files
            )
    except (FileNotFoundError, NotADirectoryError):
        return []


def read_json(name: str, key: Any) -> Any | None:
    """What `write_json(name, key, …)` kept, if kept under exactly `key`; else None."""
    import json

    try:
        data = json.loads((cache_dir() / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("signature") != [_FORMAT, key]:
        return None
    return data.get("value")


def write_json(name: str, key: Any, value: Any) -> None:
    """Keep `value` (JSON-able) under `key`; best effort."""
    import json

    _write(name, "json", json.dumps({"signature": [_FORMAT, key], "value": value}).encode())


def read_pickle(name: str, key: Any) -> Any | None:
    """What `write_pickle(name, key, …)` kept, if kept under exactly `key` in a file only
    this user could have written; else None."""
    import pickle

    try:
        with open(cache_dir() / f"{name}.pickle", "rb") as file:
            if not _only_ours(os.fstat(file.fileno())):
                return None
            stored_key, value = pickle.load(file)
    # A cache is a convenience: whatever is wrong with the file (truncated, written by a
    # coach whose classes differ, not a pair), the caller reads its files instead.
    except Exception:
        return None
    return value if stored_key == [_FORMAT, key] else None


def write_pickle(name: str, key: Any, value: Any) -> None:
    """Keep `value` under `key`; best effort (a value pickle refuses is not kept)."""
    import pickle

    try:
        data = pickle.dumps([[_FORMAT, key], value], protocol=pickle.HIGHEST_PROTOCOL)
    # Whatever pickle refuses (an unpicklable attribute, a recursion) only means there is
    # no cache next time.
    except Exception:
        return
    _write(name, "pickle", data)


def _write(name: str, suffix: str, data: bytes) -> None:
    """`data` into `name.suffix`, atomically and 0600 in a 0700 folder; best effort (a
    read-only or full disk means no cache)."""
    import tempfile

    try:
        folder = paths.private_dir(cache_dir())
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:  # mkstemp made it 0600
                file.write(data)
            os.replace(temporary, folder / f"{name}.{suffix}")
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return


def _only_ours(status: os.stat_result) -> bool:
    """A regular file of this user's that no one else may write."""
    return (
        stat.S_ISREG(status.st_mode)
        and status.st_uid == os.getuid()
        and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
