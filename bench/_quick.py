"""`--quick` for every bench: a smoke run of a few seconds, so CI sees a bench that crashes.

Each bench says which of its options shrink, and to what:

    parser = argparse.ArgumentParser(...)
    ...
    args = parse_with_quick(parser, argv, seconds=3.0, every="1s")

With `--quick` those values replace what the options said; the figures then mean
little (too few runs), but every line of the bench has run. `.ci/run` runs each
bench/*.py (but this one) with `--quick`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def parse_with_quick(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None = None, **small: object
) -> argparse.Namespace:
    """Parse `argv` with a `--quick` flag that sets the options in `small`."""
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run of a few seconds (CI runs every bench so); the figures mean little",
    )
    args = parser.parse_args(argv)
    if args.quick:
        for name, value in small.items():
            if not hasattr(args, name):
                raise AssertionError(f"--quick sets {name!r}, which this bench does not have")
            setattr(args, name, value)
    return args
