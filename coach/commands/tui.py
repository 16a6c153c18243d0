"""`coach` (home screen) and `coach run ROUTINE` (straight into a session)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `coach` alone builds no parser (coach.cli)
    import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = subparsers.add_parser("run", help="start a routine straight away")
    run.add_argument("routine", help="routine id, as `coach list` shows it")
    run.set_defaults(func=run_routine)


def open_home(args: argparse.Namespace | None) -> int:
    return _run_app(start_routine=None)


def run_routine(args: argparse.Namespace) -> int:
    return _run_app(start_routine=args.routine)


# Textual writes the screen from a thread of its own, which needs the interpreter lock
# at each step of a write. At CPython's default switch interval (5 ms) it waited up to
# 5 ms each time while the main thread went on working (Textual's next layout, what
# runs after the first frame): a frame ready to show reached the terminal ~16 ms late.
# At 0.5 ms it gets there within about a millisecond (bench/tui_bench.py).
SWITCH_INTERVAL = 0.0005


def _run_app(start_routine: str | None) -> int:
    import gc
    import sys

    # No garbage collection until the first frame is out (the app turns it back on then):
    # start-up makes objects that live as long as the app, and the collector's passes
    # over them (imports, Textual's set-up) cost ~60 ms before the window appears.
    gc.disable()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        from coach.tui.launch import run_app  # Textual loads only here

        return run_app(start_routine=start_routine)
    finally:
        sys.setswitchinterval(interval)
        gc.enable()
