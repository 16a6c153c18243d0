"""A cache of what `coach list` shows, so listing does not parse every routine each time.

`coach list` has a start-up budget (1.5× `python -c "import yaml, argparse"`) that
parsing a dozen YAML files and importing the loader and the model do not fit in.
The listing (rows and problems, as plain JSON) is kept in the user's cache folder
under a signature of everything it depends on: coach's version, and the name, size
and modification time of every routine and exercise file (built-in and the user's)
and of the code that reads them. Any change to any of them means a full load and a
new cache; a cache that cannot be read or written is simply not used.

Imports stay minimal on purpose: no yaml, no model. Nothing else depends on it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

_FORMAT = 1
_SUFFIXES = (".yaml", ".yml")
_PACKAGE = Path(__file__).resolve().parent  # coach/routines
# The code whose behaviour the listing reflects: a change to it (a new coach, or a
# developer's edit) must not show an old listing.
_CODE = (
    *(
        _PACKAGE / name
        for name in (
            "loader.py",
            "entries.py",
            "nodes.py",
            "fields.py",
            "format.py",
            "library.py",
            "model.py",
            "timing.py",
            "limits.py",
            "programmes.py",
            "programme_file.py",
        )
    ),
    _PACKAGE.parent / "durations.py",
    _PACKAGE.parent / "yamlsafe.py",
    _PACKAGE.parent / "ids.py",
    _PACKAGE.parent / "text.py",
    _PACKAGE.parent / "commands" / "list.py",
)


def builtin_path() -> Path | None:
    """The built-in routines folder when the package is installed as plain files (wheel or
    editable install); None for other importers, which `coach.builtin.routines()` serves."""
    folder = _PACKAGE.parent / "builtin" / "routines"
    return folder if folder.is_dir() else None


def cache_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("coach", appauthor=False)) / "routine-list.json"


def signature(builtin: Path, user: Path) -> list[Any] | None:
    """What the listing depends on, as JSON-able data; None if it cannot be told."""
    from coach import __version__

    try:
        return [
            _FORMAT,
            __version__,
            str(builtin),
            _folder(builtin),
            str(user),
            _folder(user),
            [_stat(path) for path in _CODE],
        ]
    except OSError:
        return None


def read(key: list[Any]) -> dict[str, Any] | None:
    """The cached listing made under exactly this signature, or None."""
    try:
        data = json.loads(cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("signature") != key:
        return None
    listing = data.get("listing")
    return listing if isinstance(listing, dict) else None


def write(key: list[Any], listing: dict[str, Any]) -> None:
    """Store the listing under its signature; best effort (a read-only cache is fine)."""
    path = cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"signature": key, "listing": listing}), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass


def _folder(folder: Path) -> list[Any]:
    try:
        with os.scandir(folder) as entries:
            files = [entry for entry in entries if entry.name.endswith(_SUFFIXES)]
            return sorted(
                [entry.name, entry.stat().st_size, entry.stat().st_mtime_ns] for entry in files
            )
    except (FileNotFoundError, NotADirectoryError):
        return []


def _stat(path: Path) -> list[Any]:
    try:
        status = path.stat()
    except FileNotFoundError:
        return [path.name, None]
    return [path.name, status.st_size, status.st_mtime_ns]
