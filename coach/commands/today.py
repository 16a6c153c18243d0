"""`coach today [--json]`: what is due today — breaks taken and to come, the day's routine,
water, and the week's activity and strength days against the goals.

The next break comes from what the running coach published (the state file), else it
is planned from now by the config; the figures come from the journal
(`coach.reminders.day.plan_day`). Nothing is started or written.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from coach.config import Config
    from coach.history.journal import Journal
    from coach.reminders.day import NextBreak
    from coach.routines.programmes import Programme


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    today = subparsers.add_parser(
        "today",
        help="what is due today: breaks, the day's routine, water, the week's goals",
    )
    today.add_argument("--json", action="store_true", help="print a JSON object (for scripts)")
    today.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json
    from datetime import UTC

    from coach.config import load_config_or_default
    from coach.reminders.day import day_text, plan_day

    now = datetime.now(UTC)
    config, _problem = load_config_or_default()  # a broken setting falls back to its default
    journal = _open_journal(config)
    try:
        plan = plan_day(journal, config, now, _next_break(now), _programmes)
    finally:
        if journal is not None:
            journal.close()
    if args.json:
        print(json.dumps(plan.to_dict()))
        return 0
    zone = config.zone()
    print(f"Today, {now.astimezone(zone):%A %-d %B}")
    for line in day_text(plan, now, zone):
        print(line)
    item = plan.next_item(now)
    if item is not None and item.routine_id:
        print(f"Next: `coach run {item.routine_id}`")
    return 0


def _programmes() -> Mapping[str, Programme]:
    """The library's programmes: read only when the user follows one, as the window last
    loaded them while no file changed (`cached_library`)."""
    from coach import paths
    from coach.routines.library import cached_library

    return cached_library(paths.user_routines_dir()).programmes


def _next_break(now: datetime) -> NextBreak:
    """The next break as the running coach planned it (None when nothing runs)."""
    from coach.reminders.day import NextBreak
    from coach.reminders.locks import daemon_lock_path, is_held, tui_lock_path
    from coach.reminders.pause import active_pause
    from coach.reminders.state import read_state

    state = read_state()
    running = is_held(tui_lock_path()) or is_held(daemon_lock_path())
    paused = active_pause(now)
    if state is None or not running:
        return NextBreak(paused_until=paused)
    return NextBreak(state.next_sitting, state.last_break_routine, paused)


def _open_journal(config: Config) -> Journal | None:
    """The journal if its database exists (`coach today` never creates one)."""
    from coach import paths
    from coach.errors import CoachError
    from coach.history.calendar import open_journal

    if not paths.database_file().exists():
        return None
    try:
        return open_journal(config)
    except (CoachError, OSError):  # locked, damaged: the figures are left out
        return None
