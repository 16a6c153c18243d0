"""The TUI's words for routines (coach.tui.display): one owner for home, palette, builder;
and where a line of text may wrap."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fakes import breathing_routine, exercise, hold_routine, short_routine, therapy_routine
from rich.cells import cell_len

from coach.routines.describe import paragraphs
from coach.routines.model import Kind, Progression, Routine
from coach.tui.display import (
    count,
    first_sentence,
    kind_title,
    routine_about,
    routine_length,
    step_line,
    units,
    wrap,
)


@pytest.mark.parametrize(
    ("routine", "length"),
    [
        (breathing_routine(), "32 s"),  # 2 rounds of 4-4-4-4: every second timed
        # 10 min on, 5 off, 10 on, packs on (~15 s each, at a key) and off (10 s)
        (therapy_routine(), "~26 min"),
        (short_routine(), "~1 min"),  # untimed reps, a drink and check-ins: an estimate
    ],
    ids=["timed", "long", "estimate"],
)
def test_a_routine_length_says_when_it_is_an_estimate(routine: Routine, length: str) -> None:
    assert routine_length(routine) == length


@pytest.mark.parametrize(
    ("kind", "title"),
    [(Kind.THERAPY, "Ice and heat"), (Kind.HYDRATION, "Water"), (Kind.CORE, "Core strength")],
)
def test_kind_titles(kind: Kind, title: str) -> None:
    assert kind_title(kind) == title


def test_the_about_line_is_kind_then_length() -> None:
    assert routine_about(therapy_routine()) == "Ice and heat · ~26 min"


def test_a_step_line_marks_growth_only_when_asked() -> None:
    routine = hold_routine()
    step = routine.steps[0]
    grows = replace(step, progression=Progression("hold", step=5, every_days=7, maximum=60))
    assert step_line(step, routine) == step_line(grows, routine)
    assert step_line(grows, routine, mark_growth=True) == step_line(step, routine) + " (grows)"
    assert step_line(exercise("Chin tuck", reps=10), routine) == "Chin tuck · 10 reps"


@pytest.mark.parametrize(("number", "text"), [(0, "0 steps"), (1, "1 step"), (2, "2 steps")])
def test_counts(number: int, text: str) -> None:
    assert count(number, "step") == text


# --------------------------------------------------------------------------- where text wraps


@pytest.mark.parametrize(
    ("text", "width", "hang", "lines"),
    [
        # a number stays with its unit, and lines after a list item's first hang under it
        (
            "4. Lower-back rotation · hold 20 s, each side",
            34,
            3,
            ["4. Lower-back rotation · hold", "   20 s, each side"],
        ),
        (
            "4. Lower-back rotation · hold 20 s, each side",
            20,
            3,
            ["4. Lower-back", "   rotation · hold", "   20 s, each side"],
        ),
        # a middle dot never starts a line
        ("Cat–cow · 10 reps", 10, 0, ["Cat–cow ·", "10 reps"]),
        ("Water 250 ml of 2.0 L", 12, 0, ["Water 250 ml", "of 2.0 L"]),
        ("6-4-2 reps, hold 10 s each", 12, 0, ["6-4-2 reps,", "hold 10 s", "each"]),
        # a word longer than the line is cut: the only way it fits
        ("a words-too-long-for-it", 8, 0, ["a", "words-to", "o-long-f", "or-it"]),
        # too narrow to spare a hang: none
        ("1. Chin tuck", 5, 3, ["1.", "Chin", "tuck"]),
        ("", 10, 0, [""]),
        ("fits", 10, 2, ["fits"]),
    ],
)
def test_wrap(text: str, width: int, hang: int, lines: list[str]) -> None:
    assert wrap(text, width, hang) == lines
    assert all(cell_len(line) <= width for line in lines)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("hold 20 s, each side", ["hold", "20 s,", "each", "side"]),
        ("Figure-4 stretch · hold", ["Figure-4", "stretch ·", "hold"]),  # not a number
        ("Child's pose · 2 × hold 30 s", ["Child's", "pose ·", "2 ×", "hold", "30 s"]),
        ("Next 10:50 — in 5 min", ["Next", "10:50 —", "in", "5 min"]),
    ],
)
def test_units_a_line_never_breaks_inside(text: str, pieces: list[str]) -> None:
    assert units(text) == pieces


@pytest.mark.parametrize(
    ("description", "first"),
    [
        ("Two bouts of cold.\nCold suits the first days.", "Two bouts of cold."),
        ("Two bouts of\ncold with a break. Then", "Two bouts of cold with a break."),
        ("No full stop", "No full stop."),
        ("Is it? Yes.", "Is it?"),
    ],
)
def test_first_sentence(description: str, first: str) -> None:
    assert first_sentence(description) == first


@pytest.mark.parametrize(
    ("description", "shown"),
    [
        # a `|` block's own line breaks are joined; a blank line parts paragraphs
        ("No heat after a\nfall or on swelling.\n", ["No heat after a fall or on swelling."]),
        ("One.\n\n\nTwo\nlines.", ["One.", "", "Two lines."]),
        # a list keeps its items, each joined with its own next lines
        (
            "Stop if:\n- the pain turns sharp\n  or spreads;\n- you feel dizzy.",
            ["Stop if:", "- the pain turns sharp or spreads;", "- you feel dizzy."],
        ),
        ("", []),
    ],
)
def test_a_description_in_paragraphs(description: str, shown: list[str]) -> None:
    assert paragraphs(description) == shown
