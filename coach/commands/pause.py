"""`coach pause [2h | until 14:00 | until tomorrow]` and `coach resume`.

Writes or removes the pause file (`coach.reminders.pause`), which the daemon and the
coach window follow within a moment and `coach status` shows. Nothing is started.
"""

from __future__ import annotations

import argparse

DEFAULT = "1h"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pause = subparsers.add_parser(
        "pause",
        help="pause break and water reminders for a while (2h, until 14:00, until tomorrow)",
        description=(
            "No reminder fires until the pause ends; then every timer starts afresh. "
            "The pause holds across restarts of `coach remind` and of the coach window."
        ),
    )
    pause.add_argument(
        "when",
        nargs="*",
        metavar="WHEN",
        help=f"a duration (2h, 30m), `until 14:00` or `until tomorrow` (default: {DEFAULT})",
    )
    pause.set_defaults(func=run_pause)
    resume = subparsers.add_parser("resume", help="lift a pause: reminders start again now")
    resume.set_defaults(func=run_resume)


def run_pause(args: argparse.Namespace) -> int:
    import sys
    from datetime import UTC, datetime

    from coach.config import load_config_or_default
    from coach.reminders.pause import parse_pause, write_pause

    config, _problem = load_config_or_default()  # a broken setting falls back to its default
    text = " ".join(args.when) or DEFAULT
    now = datetime.now(UTC)
    try:
        until = parse_pause(text, now, config)
    except ValueError as error:
        print(f"coach pause: {error}", file=sys.stderr)
        return 2
    write_pause(until)
    local = until.astimezone(config.zone())
    day = "" if local.date() == now.astimezone(config.zone()).date() else f"{local:%a} "
    print(f"Reminders paused until {day}{local:%H:%M}. `coach resume` lifts the pause.")
    _say_who_follows()
    return 0


def run_resume(args: argparse.Namespace) -> int:
    from coach.reminders.pause import clear_pause

    if clear_pause():
        print("Reminders resumed: every timer starts now.")
        _say_who_follows()
    else:
        print("Reminders were not paused.")
    return 0


def _say_who_follows() -> None:
    from coach.reminders.locks import daemon_lock_path, is_held, tui_lock_path

    if not (is_held(tui_lock_path()) or is_held(daemon_lock_path())):
        print("(Nothing reminds right now: `coach remind` or the coach window will follow it.)")
