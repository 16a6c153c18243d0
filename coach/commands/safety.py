"""`coach safety`: what coach is and is not, the red flags and the stop rules;
`coach safety --flare-up`: the flare-up plan."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    safety = subparsers.add_parser(
        "safety", help="red flags: when to stop and see a doctor; what coach is not"
    )
    safety.add_argument(
        "--flare-up",
        action="store_true",
        help="what to do when your back flares up: keep moving, ease it, when to get help",
    )
    safety.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach.safety import format_flare_up_plan, format_safety_text

    if args.flare_up:
        print(format_flare_up_plan())
        return 0
    print(format_safety_text())
    print()
    print("If your back flares up: `coach safety --flare-up` prints what to do.")
    return 0
