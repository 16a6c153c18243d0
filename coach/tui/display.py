"""How the TUI writes routines for people: kind titles, lengths, step lines, counts,
and where a line of text may wrap.

One owner for what the home list, the About panel, the command palette, the builder
and the reminder banner show about a routine, so they never disagree. No Textual
here: plain strings, cheap to import.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from coach.routines.describe import paragraphs, step_detail, step_title
from coach.routines.model import ExerciseStep, Kind, Routine, Step
from coach.routines.timing import length_text

KIND_TITLES: dict[Kind, str] = {
    Kind.STRETCH: "Stretching",
    Kind.CORE: "Core strength",
    Kind.POSTURE: "Posture breaks",
    Kind.BREATHING: "Breathing",
    Kind.HYDRATION: "Water",
    Kind.THERAPY: "Ice and heat",
    Kind.MIXED: "Mixed",
}


def kind_title(kind: Kind) -> str:
    """`Core strength`: the heading a kind of routine goes under."""
    return KIND_TITLES.get(kind, kind.value.title())


def routine_length(routine: Routine) -> str:
    """`3 min`, or `~3 min` when some steps wait for the user and the time is an estimate
    (`coach.routines.timing.length_text`, which the daemon's notifications use too)."""
    return length_text(routine)


def routine_about(routine: Routine) -> str:
    """`Core strength · 3 min`: a routine's kind and length on one line."""
    return f"{kind_title(routine.kind)} · {routine_length(routine)}"


def step_line(step: Step, routine: Routine, *, mark_growth: bool = False) -> str:
    """One line per step: `Cat-cow · 10 reps` (with `mark_growth`, `… (grows)` for progression)."""
    detail = step_detail(step, routine.defaults)
    if mark_growth and isinstance(step, ExerciseStep) and step.progression is not None:
        detail += " (grows)"
    return f"{step_title(step)} · {detail}" if detail else step_title(step)


def count(number: int, word: str) -> str:
    """`1 step`, `3 steps`: a count with its noun (regular plurals only)."""
    return f"{number} {word}{'' if number == 1 else 's'}"


def first_sentence(description: str) -> str:
    """`Two 15-minute bouts of cold…`: a description's first sentence, on one line."""
    text = " ".join(paragraphs(description)[:1])
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return first if first.endswith((".", "!", "?")) else first + "."


# A space may end a line unless a number comes before it ("hold 20 s", "250 ml",
# "6-4-2 reps") or a separator after it ("Cat–cow · 10 reps" never starts a line with "·").
_NUMBER = re.compile(r"~?\d[\d.,:/–-]*")
_SEPARATORS = ("·", "×", "—", "→")


def wrap(text: str, width: int, hang: int = 0) -> list[str]:
    """`text` (one paragraph) in lines of at most `width` cells, broken at word boundaries.

    A number stays with the word after it and a `·` with the word before it. Lines after
    the first start `hang` spaces in (`1. ` or `• ` items keep their text in a column).
    A word longer than a line is cut, the only way it fits.
    """
    width = max(width, 1)
    if hang > width // 3:
        hang = 0  # too narrow to spare it
    lines: list[str] = []
    line = ""

    def fits(word: str) -> bool:
        room = width - (hang if lines else 0)
        return cell_len(f"{line} {word}" if line else word) <= room

    for unit in units(text):
        if not fits(unit) and line:
            lines.append(line)
            line = ""
        for word in [unit] if fits(unit) else _split_to_fit(unit, width - hang):
            if not fits(word):
                lines.append(line)
                line = ""
            line = f"{line} {word}" if line else word
    lines.append(line)
    return [(" " * hang if n else "") + line for n, line in enumerate(lines)]


def units(text: str) -> list[str]:
    """The pieces a line may break between: words, a number with the word after it."""
    found: list[str] = []
    joins_next = False
    for word in text.split():
        if found and (joins_next or word in _SEPARATORS):
            found[-1] += " " + word
        else:
            found.append(word)
        joins_next = _NUMBER.fullmatch(word) is not None
    return found


def _split_to_fit(unit: str, room: int) -> list[str]:
    """A unit too long for a line: its words, and any word still too long in pieces."""
    pieces: list[str] = []
    for word in unit.split(" "):
        pieces.extend(word[i : i + room] for i in range(0, len(word), room))
    return pieces
