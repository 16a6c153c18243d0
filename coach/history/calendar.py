"""The calendar day: which local day a moment belongs to, in the user's zone.

One rule for every surface (the window, the daemon, `coach history`, `stats`,
`status`, `drink`, `pain`, `log`, `undo`, `show`): the user's zone is
`work.timezone` from the config, else this computer's zone (DST-aware: the same
day `coach.config.local_zone` gives), and the journal is opened with it by
`open_journal()`. The journal fixes each
record's day when it is written, in that zone, so a session at 23:30 lands on
the same day whichever surface wrote it or reads it. Who may create or repair the
file is `open_journal`'s flags (the window and `coach doctor --repair` repair; `coach
status` and the daemon neither create nor repair). No Textual here.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.config import Config
    from coach.history.journal import Journal

logger = logging.getLogger(__name__)


def user_zone(config: Config | None = None) -> tzinfo | None:
    """`work.timezone` from `config` (read from the config file when None); None when the
    config sets none: this computer's zone, which the journal then follows (DST and all)
    without loading a zone database. A zone this computer does not know means its own."""
    if config is None:
        from coach.config import load_config_or_default

        config, _problem = load_config_or_default()
    if not config.timezone:
        return None
    from zoneinfo import ZoneInfoNotFoundError

    try:
        return config.zone()
    except (ZoneInfoNotFoundError, ValueError, OSError):  # tzdata without that zone
        logger.debug("time zone %r unknown here: this computer's is used", config.timezone)
        return None


def open_journal(
    config: Config | None = None,
    path: Path | None = None,
    *,
    now: datetime | None = None,
    create: bool = True,
    repair: bool = False,
) -> Journal:
    """The journal at `path` (default: the user's) whose days are the user's days.

    `create`: make the database when there is none (`coach status` and the daemon
    pass False: they never create it). `repair`: move a damaged database aside and
    start a fresh one, with a notice (only the window and `coach doctor --repair`,
    which say so); without it a damaged file raises `DamagedHistory`, naming the
    repair. A history from a newer coach opens read-only (`journal.read_only`).
    Raises `coach.history.journal.JournalError` (`NoHistory`, `DamagedHistory`…)
    when it cannot be opened.
    """
    from coach.history.journal import Journal

    return Journal(path, zone=user_zone(config), now=now, create=create, repair=repair)


def local_day(now: datetime, zone: tzinfo | None = None) -> date:
    """The calendar day `now` falls on in `zone` (None: this computer's zone)."""
    return (now.astimezone(zone) if zone is not None else now.astimezone()).date()
