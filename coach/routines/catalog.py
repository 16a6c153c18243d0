"""A cache of what `coach list` shows, so listing does not parse every routine each time;
and the signature the routine library is kept under too (`coach.routines.library`).

`coach list` has a start-up budget (1.5× `python -c "import yaml, argparse"`) that
parsing a dozen YAML files and importing the loader and the model do not fit in.
The listing (rows and problems, as plain JSON) is kept in the user's cache folder
(`coach.cache`) under a signature of everything it depends on: coach's version, and the
name, size and modification time of every routine and exercise file (built-in and the
user's) and of the code that reads them. Any change to any of them means a full load and
a new cache; a cache that cannot be read or written is simply not used.

Imports stay minimal on purpose: no yaml, no model.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coach import cache

if TYPE_CHECKING:
    from typing import Any

_FORMAT = 2
_SUFFIXES = (".yaml", ".yml")
_PACKAGE = Path(__file__).resolve().parent  # coach/routines
_NAME = "routine-list"


def code_files() -> list[Path]:
    """The code whose behaviour a listing or a library reflects: a change to it (a new
    coach, or a developer's edit) must not show an old one. Every module of the routines
    and the figures (a routine's figure is read with it), and what they read with."""
    coach_dir = _PACKAGE.parent
    return [
        *sorted(_PACKAGE.glob("*.py")),
        *sorted((coach_dir / "figures").glob("*.py")),
        *(
            coach_dir / name
            for name in ("durations.py", "yamlsafe.py", "ids.py", "text.py", "errors.py")
        ),
        coach_dir / "commands" / "list.py",
    ]


def builtin_path() -> Path | None:
    """The built-in routines folder when the package is installed as plain files (wheel or
    editable install); None for other importers, which `coach.builtin.routines()` serves."""
    folder = _PACKAGE.parent / "builtin" / "routines"
    return folder if folder.is_dir() else None


def cache_file() -> Path:
    return cache.cache_dir() / f"{_NAME}.json"


def signature(builtin: Path, user: Path) -> list[Any] | None:
    """What the listing (and the library) depends on, as JSON-able data; None if it cannot
    be told."""
    from coach import __version__

    try:
        return [
            _FORMAT,
            __version__,
            str(builtin),
            cache.folder_stamps(builtin, _SUFFIXES),
            str(user),
            cache.folder_stamps(user, _SUFFIXES),
            cache.file_stamps(code_files()),
        ]
    except OSError:
        return None


def read(key: list[Any]) -> dict[str, Any] | None:
    """The cached listing made under exactly this signature, or None."""
    listing = cache.read_json(_NAME, key)
    return listing if isinstance(listing, dict) else None


def write(key: list[Any], listing: dict[str, Any]) -> None:
    """Store the listing under its signature; best effort (a read-only cache is fine)."""
    cache.write_json(_NAME, key, listing)
