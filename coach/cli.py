"""The `coach` command line.

Each subcommand lives in its own module under `coach/commands/` with a
`register(subparsers)` function. Modules import only what parsing needs at the
top; the work (and Textual, for the TUI commands) is imported inside `run`, so
`coach --version` and `coach list` stay fast and never load Textual.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coach import __version__
from coach.errors import CoachError

if TYPE_CHECKING:
    import argparse

# Order is the order `coach --help` lists them in.
COMMAND_MODULES: tuple[str, ...] = (
    "tui",
    "list",
    "show",
    "programme",
    "new",
    "validate",
    "schema",
    "export",
    "import_",
    "remind",
    "pause",
    "status",
    "today",
    "doctor",
    "history",
    "stats",
    "drink",
    "log",
    "undo",
    "pain",
    "peg",
    "safety",
)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with every command; given `argv`, only the module of the command it names.

    Importing and registering every command module costs more than `coach --version` or
    `coach list` may spend on start-up, so when the first argument names a command module,
    only that one is registered (all of them if the command turns out to live elsewhere).
    """
    import argparse  # here: `coach` alone opens the window without building a parser

    parser = argparse.ArgumentParser(
        prog="coach",
        description="A terminal back-care coach. With no command, opens the coach.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    first = argv[0] if argv else None
    if first == "--version":
        return parser
    if first in COMMAND_MODULES:
        importlib.import_module(f"coach.commands.{first}").register(subparsers)
        if first in subparsers.choices:
            return parser
        return build_parser()
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"coach.commands.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    args: argparse.Namespace | None = None
    handler = None
    if argv:  # `coach` alone opens the window: no parser (every command module) to build
        args = build_parser(argv).parse_args(argv)
        handler = getattr(args, "func", None)
    if handler is None:
        from coach.commands.tui import open_home

        handler = open_home
    try:
        return int(handler(args) or 0)
    except CoachError as error:
        from coach.text import visible  # a message may name a file or quote one: shown, not run

        print(f"coach: {visible(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `coach list | head`: the reader left; say nothing more
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
