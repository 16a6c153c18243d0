"""config.yaml: the user's settings for reminders, sound, goals and keys.

Strict like routine files: every problem is a located error
(`path:line:column: field: message`), unknown keys get a "did you mean".
A broken setting never stops coach: `load_config_or_default` keeps every valid
setting, uses the default for each broken one and returns the errors to show.
No Textual here.

- `model`: the `Config` dataclass, whose field defaults are the defaults;
- `settings`: every setting declared once (key, Config field, reader, help);
- `readers`: a YAML node → a checked value (durations, amounts, times, days…);
- `parser`: the file walked by the declaration (YAML through `coach.yamlsafe`);
- `document`: the commented default file and docs/config.md, generated;
- `bindings`: the ids `keymap:` may name.
"""

from __future__ import annotations

import os
from pathlib import Path

from coach import paths
from coach.config.model import Config, local_zone
from coach.config.readers import parse_days, parse_time_of_day, parse_time_range
from coach.errors import InvalidFile

__all__ = [
    "Config",
    "ConfigWatcher",
    "default_config_text",
    "ensure_config_file",
    "fix_hint",
    "load_config",
    "load_config_cached",
    "load_config_or_default",
    "local_zone",
    "parse_config_text",
    "parse_days",
    "parse_time_of_day",
    "parse_time_range",
]


def default_config_text() -> str:
    """The commented file coach writes on first start (generated from the declaration)."""
    from coach.config.document import default_config_text as text

    return text()


def ensure_config_file(path: Path | None = None) -> Path:
    """Write the commented default config on first run; never touch an existing file."""
    path = path or paths.config_file()
    if not path.exists():
        paths.write_private_text(path, default_config_text())  # 0600 in a 0700 folder
    return path


def load_config(path: Path | None = None) -> Config:
    """The config at `path` (default: the user's). A missing file means all defaults.

    Raises InvalidFile listing every problem with its location.
    """
    config, error = load_config_or_default(path)
    if error is not None:
        raise error
    return config


def load_config_or_default(path: Path | None = None) -> tuple[Config, InvalidFile | None]:
    """The config with the default in place of each broken setting, and the errors if any."""
    from coach import yamlsafe

    path = path or paths.config_file()
    if not os.path.lexists(path):
        return Config(), None
    try:
        text = yamlsafe.read_text(path, what="config files")
    except InvalidFile as error:  # not a file, unreadable, too big, not UTF-8: located
        return Config(), error
    return parse_config_text(text, str(path))


def load_config_cached(path: Path | None = None) -> tuple[Config, InvalidFile | None]:
    """`load_config_or_default(path)`, as kept from the last read while neither the file nor
    the code that reads it has changed (`coach.cache`): the window opens without the YAML
    reader. Only a config without errors is kept, so errors are always the file's own."""
    from coach import __version__, cache

    path = path or paths.config_file()
    here = Path(__file__).resolve().parent
    code = [*sorted(here.glob("*.py")), *(here.parent / f"{name}.py" for name in _READ_WITH)]
    try:
        key = [__version__, cache.file_stamps([path, *code])]
    except OSError:  # cannot be told: read it
        return load_config_or_default(path)
    kept = cache.read_pickle(_CACHE_NAME, key)
    if isinstance(kept, Config):
        return kept, None
    config, error = load_config_or_default(path)
    if error is None:
        cache.write_pickle(_CACHE_NAME, key, config)
    return config, error


_CACHE_NAME = "config"
# Modules outside coach/config whose code decides what a config file means.
_READ_WITH = ("yamlsafe", "durations", "errors", "text", "paths")


def parse_config_text(text: str, path: str) -> tuple[Config, InvalidFile | None]:
    from coach.config.parser import parse_config_text as parse

    return parse(text, path)


def fix_hint(error: InvalidFile) -> str:
    """What to tell the user under the located errors."""
    return (
        f"coach uses the defaults for these settings until you fix {error.path} "
        "(delete the file to get a fresh commented one)."
    )


class ConfigWatcher:
    """Notices when the config file changes (mtime, size or inode), without reading it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_file()
        self._stamp = self._read_stamp()

    def _read_stamp(self) -> tuple[int, int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size, info.st_ino)

    def changed(self) -> bool:
        """True once per change since the last call (or since creation)."""
        stamp = self._read_stamp()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        return True
