"""Where coach keeps the user's files (XDG folders through platformdirs).

Every function reads the environment when called, so tests that point
XDG_CONFIG_HOME / XDG_DATA_HOME / XDG_STATE_HOME at a temporary folder need
nothing else.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "coach"


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
