"""What the history commands share: the config, the goals and the open journal.

Imported only inside the commands' run functions.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError
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


def open_journal(
    config: Config | None, path: Path | None = None, *, writes: bool = False
) -> Journal:
    """The journal with the user's days (`coach.history.calendar`), created when missing;
    tells the user (on stderr) what they must know: a session cut off, files made
    private, a history open read-only.

    A damaged database is never moved aside here: `DamagedHistory` (a CoachError, so
    one line) names `coach doctor --repair`. A command that `writes` stops at once on
    a history from a newer coach, with that one line, before doing anything.
    """
    from coach.paths import tighten_private_files

    journal = open_users_journal(config, path)
    if writes and journal.read_only:
        journal.close()
        raise CoachError(journal.read_only)
    notices = journal.notices
    private = tighten_private_files() if path is None else None
    for notice in [*notices, *([private] if private else [])]:
        print(f"coach: {notice}", file=sys.stderr)
    if notices:
        journal.dismiss_notices()
    return journal
