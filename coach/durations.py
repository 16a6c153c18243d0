"""Durations and amounts: the one way to read them and the ways to write them.

Reading (files, inputs, the config): `parse_duration` ("1m30s", "2h", 45) and
`parse_volume` ("250ml", "0.5l"). Both raise ValueError with a message fit for a
user for anything that is not a finite, non-negative amount of sensible size —
never OverflowError, whatever the digits.

Writing, three forms and no other:

- `format_duration`: the short form users write in files: `1m30s`, `1h`, `45s`;
- `duration_text`: a length in words, exact: `10 s`, `1.5 s`, `1 min 30 s`,
  `1 h 1 min 40 s` (doses, phases, a session's time);
- `rounded_duration_text`: a length to the minute, as lists show it: `45 s`,
  `3 min`, `1 h 5 min` (a routine's total);

plus `format_clock` for a countdown face (`1:15`) and `format_volume` for water.
"""

from __future__ import annotations

import math
import re

_NUMBER = r"\d+(?:\.\d+)?"
_BARE_NUMBER = re.compile(_NUMBER)
_DURATION = re.compile(rf"(?:({_NUMBER})h)?(?:({_NUMBER})m(?!l))?(?:({_NUMBER})s)?")
_VOLUME = re.compile(rf"({_NUMBER})\s*(ml|l|cl)", re.IGNORECASE)
# Far beyond anything a routine or a setting may hold (those have their own limits),
# and small enough that every sum and product of them stays a finite float.
_LARGEST = 1e12


def _shown(value: object) -> str:
    from coach.errors import excerpt

    return excerpt(value)


def parse_duration(value: object) -> float:
    """Seconds from `30s`, `2m`, `1m30s`, `1h`, `1.5h` or a bare number of seconds.

    Raises ValueError with a message fit to show a user.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a duration like 30s, got {value!r}")
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            raise ValueError(f"expected a duration like 30s, got {value}")
        if value < 0:
            raise ValueError(f"a duration cannot be negative, got {_shown(value)}")
        if value > _LARGEST:  # an int of 400 digits, or infinity
            raise ValueError(f"{_shown(value)} is far too long for a duration")
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        if text.startswith("-"):
            raise ValueError(f"a duration cannot be negative, got {_shown(value)}")
        if _BARE_NUMBER.fullmatch(text):
            seconds = float(text)
        else:
            match = _DURATION.fullmatch(text)
            if not text or match is None or not any(match.groups()):
                raise ValueError(
                    f'expected a duration like 30s, 2m or 1m30s, got "{_shown(value)}"'
                )
            hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
            seconds = hours * 3600 + minutes * 60 + secs
        if not seconds <= _LARGEST:  # float("9" * 400) is inf, not an error
            raise ValueError(f"{_shown(value)} is far too long for a duration")
    else:
        raise ValueError(f"expected a duration like 30s, got {type(value).__name__}")
    return seconds


def parse_volume(value: object) -> int:
    """Millilitres from `250ml`, `0.5l`, `25cl` or a bare number of millilitres (at least 1)."""
    if isinstance(value, bool):
        raise ValueError(f"expected an amount like 250ml, got {value!r}")
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            raise ValueError(f"expected an amount like 250ml, got {value}")
        if value <= 0:
            raise ValueError(f"an amount must be more than zero, got {_shown(value)!r}")
        if value > _LARGEST:
            raise ValueError(f"{_shown(value)} is far too much")
        ml = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if _BARE_NUMBER.fullmatch(text):
            ml = float(text)
        else:
            match = _VOLUME.fullmatch(text)
            if match is None:
                raise ValueError(f'expected an amount like 250ml or 0.5l, got "{_shown(value)}"')
            number, unit = float(match.group(1)), match.group(2).lower()
            ml = number * {"ml": 1, "cl": 10, "l": 1000}[unit]
        if not ml <= _LARGEST:
            raise ValueError(f"{_shown(value)} is far too much")
    else:
        raise ValueError(f"expected an amount like 250ml, got {type(value).__name__}")
    if ml <= 0:
        raise ValueError(f"an amount must be more than zero, got {_shown(value)!r}")
    if ml < 1:  # 0.6 ml is not a drink, even if it rounds to 1
        raise ValueError(f"an amount must be at least 1 ml, got {_shown(value)!r}")
    return round(ml)


def format_duration(seconds: float) -> str:
    """The short form users write: 90 -> `1m30s`, 3600 -> `1h`, 0 -> `0s`."""
    if not seconds < _LARGEST:
        return "∞"
    total = round(seconds)
    if total <= 0:
        return "0s"
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if secs:
        parts.append(f"{secs}s")
    return "".join(parts)


def duration_text(seconds: float) -> str:
    """A length in words: `10 s`, `1.5 s`, `2 min`, `1 min 30 s`, `1 h 1 min 40 s`."""
    if seconds < 60:
        return f"{seconds:g} s"
    if not seconds < _LARGEST:
        return "forever"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if minutes:
        parts.append(f"{minutes} min")
    if secs:
        parts.append(f"{secs} s")
    return " ".join(parts)


def rounded_duration_text(seconds: float) -> str:
    """A length to the minute, as lists show it: `45 s`, `3 min`, `1 h 5 min`."""
    if not seconds < _LARGEST:
        return "forever"
    whole = math.ceil(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes = math.floor(seconds / 60 + 0.5)  # half up: 150 s is 3 min, not 2
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def format_clock(seconds: float) -> str:
    """A countdown face: 75 -> `1:15`, 3725 -> `1:02:05`. Rounds up, so 0.2 s shows `0:01`."""
    total = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_volume(ml: float) -> str:
    """1500 -> `1.5 L`, 250 -> `250 ml`."""
    if ml >= 1000:
        return f"{ml / 1000:.1f} L"
    return f"{round(ml)} ml"
