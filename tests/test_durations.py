"""coach.durations: the one way to read a duration or an amount, the ways to write one."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.durations import (
    duration_text,
    format_duration,
    parse_duration,
    parse_volume,
    rounded_duration_text,
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (10, "10 s"),
        (1.5, "1.5 s"),
        (60, "1 min"),
        (90, "1 min 30 s"),
        (3600, "1 h"),
        (3700, "1 h 1 min 40 s"),  # the engine once said "61 min 40 s"
        (7260, "2 h 1 min"),
    ],
)
def test_a_length_in_words(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (45, "45 s"),
        (59.2, "1 min"),
        (58.5, "59 s"),
        (150, "3 min"),
        (3600, "1 h"),
        (3930, "1 h 6 min"),
    ],
)
def test_a_length_to_the_minute(seconds: float, text: str) -> None:
    assert rounded_duration_text(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [(90, "1m30s"), (3600, "1h"), (0, "0s")])
def test_the_written_form(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
    assert parse_duration(text) == seconds


ABSURD: list[object] = [
    "9" * 400,
    "9" * 400 + "s",
    "9" * 400 + "h",
    "1" + "0" * 400 + ".5m",
    10**400,
    -(10**400),
    math.inf,
    -math.inf,
    math.nan,
    -1,
    -0.5,
    "-5s",
    True,
    None,
    1e308,
]


@pytest.mark.parametrize("value", ABSURD, ids=lambda v: repr(v)[:20])
def test_absurd_durations_are_value_errors(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)


@pytest.mark.parametrize("value", [*ABSURD, 0, 0.4, "0.4ml", "0ml", "0.0001l"], ids=repr)
def test_absurd_amounts_are_value_errors(value: object) -> None:
    with pytest.raises(ValueError):
        parse_volume(value)


@given(st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text()))
def test_parsers_raise_only_value_error(value: object) -> None:
    for parse in (parse_duration, parse_volume):
        try:
            result = parse(value)
        except ValueError:
            continue
        assert math.isfinite(result) and result >= 0
