"""What the history commands share: the config (if any), the goals and the open journal.

Imported only inside the commands' run functions.
"""

from __future__ import annotations

import sys
from datetime import tzinfo
from pathlib import Path
from typing import Any

from coach.history.journal import Journal
from coach.history.progress import Goals


def load_config() -> Any:
    """coach.config's settings, or None when that module is missing or the file is unreadable.

    A broken setting is reported by `coach doctor`; here it just falls back to its default.
    """
    try:
        from coach.config import load_config_or_default
    except ImportError:
        return None
    try:
        config, _problems = load_config_or_default()
    except Exception:  # a history command must work even with a bad config
        return None
    return config


def config_zone(config: Any) -> tzinfo | None:
    """The zone set in the config (`timezone:`), else None for this computer's."""
    if config is None or not getattr(config, "timezone", None):
        return None
    try:
        zone: tzinfo = config.zone()
    except Exception:
        return None
    return zone


def goals_from(config: Any) -> Goals:
    return Goals.from_config(config) if config is not None else Goals()


def open_journal(zone: tzinfo | None = None, path: Path | None = None) -> Journal:
    """Open the journal and tell the user (on stderr) about any database moved aside."""
    journal = Journal(path, zone=zone)
    notices = journal.notices
    if notices:
        for notice in notices:
            print(f"coach: {notice}", file=sys.stderr)
        journal.dismiss_notices()
    return journal
