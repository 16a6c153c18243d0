"""`coach` (home screen) and `coach run ROUTINE` (straight into a session)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = subparsers.add_parser("run", help="start a routine straight away")
    run.add_argument("routine", help="routine id, as `coach list` shows it")
    run.set_defaults(func=run_routine)


def open_home(args: argparse.Namespace) -> int:
    from coach.tui.launch import run_app  # Textual loads only here

    return run_app()


def run_routine(args: argparse.Namespace) -> int:
    from coach.tui.launch import run_app  # Textual loads only here

    return run_app(start_routine=args.routine)
