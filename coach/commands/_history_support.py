"""What the history commands share: the config, the goals and the open journal.

Imported only inside the commands' run functions.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.history.calendar import open_journal as open_users_journal
from coach.history.journal import Journal
from coach.history.progress import Goals

if TYPE_CHECKING:
    from coach.config import Config


def load_config() -> Config:
    """coach.config's settings; a broken setting falls back to its default here
    (`coach doctor` reports it)."""
    from coach.config import Config, load_config_or_default

    try:
        config, _problems = load_config_or_default()
    except Exception:  # a boundary: a history command must work even with a bad config
        return Config()
    return config


def goals_from(config: Any) -> Goals:
    return Goals.from_config(config) if config is not None else Goals()


def open_journal(config: Config | None, path: Path | None = None) -> Journal:
    """The journal with the user's days (`coach.history.calendar`); tells the user (on
    stderr) about any database moved aside."""
    journal = open_users_journal(config, path)
    notices = journal.notices
    if notices:
        for notice in notices:
            print(f"coach: {notice}", file=sys.stderr)
        journal.dismiss_notices()
    return journal
