"""The schema's duration and amount patterns against coach's own reading (issue 20 item 5):
a value coach accepts never fails in the editor, and what the editor accepts in one unit
coach accepts too (`5h`, `2l`, `0.4ml`, `0s` are flagged where coach flags them)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.routines.fields import (
    TEXT_PATTERN,
    Amount,
    Duration,
    duration_pattern,
    number_at_most,
    volume_pattern,
)

numbers = st.one_of(
    st.integers(0, 20_000).map(str),
    st.tuples(st.integers(0, 20_000), st.integers(0, 999)).map(lambda p: f"{p[0]}.{p[1]}"),
    st.integers(0, 99).map(lambda n: f"0{n}"),  # leading zeros are read too
)
spaces = st.sampled_from(["", " ", "  "])


@st.composite
def durations(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(spaces) + draw(numbers) + draw(spaces)
    parts = []
    for unit in ("h", "m", "s"):
        if draw(st.booleans()):
            parts.append(draw(numbers) + draw(spaces) + draw(st.sampled_from([unit, unit.upper()])))
    return draw(spaces) + draw(spaces).join(parts) + draw(spaces)


@pytest.mark.parametrize("high", [14400.0, 3600.0, 1800.0, 300.0, 60.0])
@pytest.mark.parametrize("positive", [False, True])
@given(text=durations())
def test_a_duration_coach_accepts_always_matches(high: float, positive: bool, text: str) -> None:
    field = Duration(high, positive=positive)
    try:
        field.parse(text)
    except ValueError:
        coach_accepts = False
    else:
        coach_accepts = text.strip() != ""
    matches = re.fullmatch(duration_pattern(high, positive=positive), text) is not None
    if coach_accepts:
        assert matches, text
    units = [unit for unit in "hms" if unit in text.lower()]
    size = {"h": 3600, "m": 60, "s": 1}
    # One unit, whose bound is a whole number of it: the pattern is exact (below one hour,
    # `0.5h` is not checked to the second: it passes here and the loader says more).
    if matches and len(units) <= 1 and all(high >= size[unit] for unit in units):
        assert coach_accepts, text


@st.composite
def amounts(draw: st.DrawFn) -> str:
    unit = draw(st.sampled_from(["", "ml", "ML", "cl", "l", "L"]))
    return draw(spaces) + draw(numbers) + draw(spaces) + unit + draw(spaces)


@given(text=amounts())
def test_an_amount_matches_exactly_when_coach_accepts_it(text: str) -> None:
    field = Amount(1000)
    try:
        field.parse(text)
    except ValueError:
        coach_accepts = False
    else:
        coach_accepts = True
    matches = re.fullmatch(volume_pattern(1000), text) is not None
    if coach_accepts and not matches:
        # 1000.4 ml rounds to 1000: coach takes it, the pattern (exact) does not.
        from coach.durations import parse_volume

        assert parse_volume(text) == 1000, text
        return
    assert matches == coach_accepts, text


@pytest.mark.parametrize(
    ("high", "yes", "no"),
    [
        (
            14400,
            ["0", "14400", "14400.0", "14399.99", "0007", "9999"],
            ["14400.5", "14401", "20000"],
        ),
        (1, ["0", "1", "0.5", "1.00"], ["1.5", "2"]),
        (240, ["240", "239.9", "99"], ["241", "240.1"]),
    ],
)
def test_number_at_most(high: int, yes: list[str], no: list[str]) -> None:
    pattern = re.compile(number_at_most(high))
    assert all(pattern.fullmatch(text) for text in yes)
    assert not any(pattern.fullmatch(text) for text in no)


def test_text_pattern_refuses_what_the_loader_refuses() -> None:
    from coach.text import control_problem

    for text in ("plain", "tab\tand\nline", "[b]x[/b]", "\x1b[2J", "\x9b", "\x07", "\x7f"):
        assert (re.fullmatch(TEXT_PATTERN, text) is not None) == (control_problem(text) is None)
