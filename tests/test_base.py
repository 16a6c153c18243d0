from __future__ import annotations

import pytest

from coach.clock import FakeClock
from coach.durations import (
    format_clock,
    format_duration,
    format_volume,
    parse_duration,
    parse_volume,
)
from coach.errors import LocatedError, Location, did_you_mean


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("2m", 120),
        ("1m30s", 90),
        ("1h", 3600),
        ("1.5h", 5400),
        (45, 45),
        ("45", 45),
        ("1h2m3s", 3723),
        (" 2 m ", 120),
        (0, 0),
    ],
)
def test_parse_duration(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["abc", "", "m", "-5s", -3, True, None, [1], "5ml", "3x"])
def test_parse_duration_rejects(text: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_format_duration_round_trips() -> None:
    for seconds in (0, 5, 59, 60, 90, 3599, 3600, 3723):
        assert parse_duration(format_duration(seconds)) == seconds


def test_format_clock_rounds_up() -> None:
    assert format_clock(0.2) == "0:01"
    assert format_clock(75) == "1:15"
    assert format_clock(3725) == "1:02:05"
    assert format_clock(-1) == "0:00"


@pytest.mark.parametrize(
    ("text", "ml"), [("250ml", 250), ("0.5l", 500), ("25cl", 250), (300, 300), ("1L", 1000)]
)
def test_parse_volume(text: object, ml: int) -> None:
    assert parse_volume(text) == ml


@pytest.mark.parametrize("text", ["lots", 0, "-1ml", "2kg"])
def test_parse_volume_rejects(text: object) -> None:
    with pytest.raises(ValueError):
        parse_volume(text)


def test_format_volume() -> None:
    assert format_volume(1500) == "1.5 L"
    assert format_volume(250) == "250 ml"


def test_fake_clock_moves_both_clocks() -> None:
    clock = FakeClock()
    wall, mono = clock.now(), clock.monotonic()
    clock.advance(90)
    assert clock.monotonic() - mono == 90
    assert (clock.now() - wall).total_seconds() == 90
    clock.jump_wall(3600)
    assert clock.monotonic() - mono == 90
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_located_error_format() -> None:
    error = LocatedError(Location("a.yaml", 3, 5), 'expected a duration, got "x"', "steps[0].hold")
    assert str(error) == 'a.yaml:3:5: steps[0].hold: expected a duration, got "x"'


def test_did_you_mean() -> None:
    assert did_you_mean("hodl", ["hold", "reps"]) == ' (did you mean "hold"?)'
    assert did_you_mean("zzz", ["hold"]) == ""
