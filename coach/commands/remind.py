"""`coach remind`: the reminder daemon (foreground), and its systemd unit."""

from __future__ import annotations

import argparse


def _duration(text: str) -> float:
    from coach.durations import parse_duration

    try:
        seconds = parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if seconds < 1:
        raise argparse.ArgumentTypeError("the interval must be at least 1s")
    return seconds


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    remind = subparsers.add_parser(
        "remind",
        help="run sitting-break and water reminders in the background",
        description=(
            "Runs in the foreground until stopped (Ctrl+C, SIGTERM), logging one line per "
            "event to stderr. Reload the config with SIGHUP or just save the file."
        ),
    )
    remind.add_argument(
        "--every",
        type=_duration,
        metavar="DURATION",
        help="sitting-break interval for this run only, e.g. 1m or 2s (to try it out)",
    )
    remind.add_argument(
        "--anytime",
        action="store_true",
        help="ignore working hours and quiet hours for this run",
    )
    unit = remind.add_mutually_exclusive_group()
    unit.add_argument(
        "--install",
        action="store_true",
        help="write a systemd user unit that runs `coach remind` at login",
    )
    unit.add_argument("--uninstall", action="store_true", help="remove that unit")
    remind.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.install or args.uninstall:
        from coach.reminders import unit as service_unit

        print(service_unit.install() if args.install else service_unit.uninstall())
        return 0
    import os

    from coach.reminders.daemon import run_daemon

    # Outside working hours it sleeps as a small process (coach.reminders.sleeper).
    return run_daemon(every=args.every, anytime=args.anytime, exec_=os.execv)
