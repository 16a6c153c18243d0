"""Pure parts of the TUI: the pacer's geometry, check-in typing, import hygiene."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.session.plan import PhaseKind
from coach.tui.widgets.checkin import next_choice
from coach.tui.widgets.pacer import ball_rows, breath_fullness


def filled(rows: list[tuple[int, int]]) -> int:
    return sum(end - start for start, end in rows)


def test_the_ball_grows_with_fullness():
    sizes = [filled(ball_rows(40, 9, f / 10)) for f in range(11)]
    assert sizes == sorted(sizes)
    assert sizes[0] > 0  # empty lungs still show a small ball
    assert sizes[-1] > 10 * sizes[0]


@settings(max_examples=200, deadline=None)
@given(
    width=st.integers(1, 200),
    height=st.integers(1, 60),
    fullness=st.floats(-1, 2, allow_nan=False),
)
def test_the_ball_is_centred_and_inside_the_widget(width: int, height: int, fullness: float):
    rows = ball_rows(width, height, fullness)
    assert len(rows) == height
    for start, end in rows:
        if (start, end) == (0, 0):
            continue
        assert 0 <= start < end <= 2 * width
        assert abs((start + end) - 2 * width) <= 1  # centred to half a cell (in half cells)


@pytest.mark.parametrize(
    ("kind", "remaining", "expected"),
    [
        (PhaseKind.INHALE, 4.0, 0.0),
        (PhaseKind.INHALE, 2.0, 0.5),
        (PhaseKind.INHALE, 0.0, 1.0),
        (PhaseKind.HOLD_IN, 2.0, 1.0),
        (PhaseKind.EXHALE, 4.0, 1.0),
        (PhaseKind.EXHALE, 2.0, 0.5),
        (PhaseKind.EXHALE, 0.0, 0.0),
        (PhaseKind.HOLD_OUT, 2.0, 0.0),
    ],
)
def test_breath_fullness_follows_the_phase(kind: PhaseKind, remaining: float, expected: float):
    assert breath_fullness(kind, 4.0, remaining) == pytest.approx(expected)


def test_a_breath_starts_slowly():
    early = breath_fullness(PhaseKind.INHALE, 4.0, 3.6)
    middle = breath_fullness(PhaseKind.INHALE, 4.0, 2.4) - breath_fullness(
        PhaseKind.INHALE, 4.0, 2.8
    )
    assert early < middle  # the same 0.4 s fills less at the start than in the middle


@pytest.mark.parametrize(
    ("typed", "expected"),
    [((3,), 3), ((1,), 1), ((1, 0), 10), ((1, 2), 2), ((1, 0, 5), 5), ((0,), 0), ((0, 0), 0)],
)
def test_typed_digits_choose_a_level(typed: tuple[int, ...], expected: int):
    chosen: int | None = None
    for digit in typed:
        chosen = next_choice(chosen, digit)
    assert chosen == expected


def test_the_cli_and_the_recording_seam_never_import_textual():
    code = (
        "import sys, coach.cli, coach.session.recording, coach.commands.tui, coach.tui.today;"
        "coach.cli.build_parser();"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_coach_run_with_an_unknown_routine_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "coach", "run", "desk-brake"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert 'unknown routine "desk-brake" (did you mean "desk-break"?)' in result.stderr
    assert "Traceback" not in result.stderr


def test_the_builder_shows_an_exercise_with_its_figure_and_one_without_as_before() -> None:
    from dataclasses import replace

    from coach.routines.library import load_library
    from coach.tui.widgets.exercise_picker import exercise_about

    bird_dog = load_library().exercises["bird-dog"]
    shown = str(exercise_about(bird_dog)).splitlines()
    braille = [line for line in shown if line and all("\u2800" <= c <= "\u28ff" for c in line)]
    assert len(braille) >= 3 and all(len(line) == 22 for line in braille)  # the held pose
    assert shown.index(braille[0]) > shown.index(f"• {bird_dog.cues[-1]}")  # after the words
    without = replace(bird_dog, id="my-own-move", figure=None)
    assert not [line for line in str(exercise_about(without)).splitlines() if "\u2800" in line]
