"""The one grammar of ids: routines and exercises, in files, on the command line, in the
builder, the config (`sitting.routine`) and the JSON Schema.

An id is 1 to 64 lowercase letters, digits, dashes and underscores, starting with a
letter or digit (`desk-break`, `my_stretch`, `4-7-8`). A routine id becomes a file
name, `<id>.yaml`, directly in the user's routines folder, so the grammar has no dot,
slash or space; `exercises` is reserved for a routine (that file is the exercise
library). `coach new`, `coach validate`, the builder, `coach import` and `coach export`
all ask this module, so whatever one accepts, the others accept.
"""

from __future__ import annotations

import re

from coach.errors import excerpt

PATTERN = r"[a-z0-9][a-z0-9_-]{0,63}"
RULE = "1 to 64 lowercase letters, digits, dashes and underscores, starting with a letter or digit"
RESERVED_ROUTINE_IDS = frozenset({"exercises"})  # the user's exercise library file

_ID = re.compile(PATTERN)


def is_id(text: str) -> bool:
    """True when `text` is an id (of a routine or an exercise)."""
    return _ID.fullmatch(text) is not None


def id_problem(text: str, what: str = "routine", example: str = "my-stretches") -> str | None:
    """Why `text` cannot be the id of a `what` ("routine" or "exercise"), or None."""
    if not is_id(text):
        return f'"{excerpt(text)}" is not a valid {what} id: use {RULE}, like {example}'
    if what == "routine" and text in RESERVED_ROUTINE_IDS:
        return f'"{text}" is reserved for the exercise library; choose another id'
    return None


def slug(name: str) -> str:
    """An id made from a name: `My desk break!` → `my-desk-break` ("" when nothing is left)."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:64].rstrip("-")
