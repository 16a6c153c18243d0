"""Shared bits of the routine tests (imported by name: test folders are not packages)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from coach.routines.model import Routine

LoadText = Callable[[str], Routine]
LoadErrors = Callable[[str], list[str]]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


MINIMAL = """\
version: 1
name: Mine
kind: stretch
steps:
  - exercise: chin-tuck
"""
