"""`coach safety`: what coach is and is not, the red flags and the stop rules."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    safety = subparsers.add_parser(
        "safety", help="red flags: when to stop and see a doctor; what coach is not"
    )
    safety.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach.safety import format_safety_text

    print(format_safety_text())
    return 0
