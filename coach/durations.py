"""Durations ("1m30s", "2h", 45) and volumes ("250ml", "0.5l") as users write them."""

from __future__ import annotations

import re

_DURATION = re.compile(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!l))?(?:(\d+(?:\.\d+)?)s)?")
_VOLUME = re.compile(r"(\d+(?:\.\d+)?)\s*(ml|l|cl)", re.IGNORECASE)


def parse_duration(value: object) -> float:
    """Seconds from `30s`, `2m`, `1m30s`, `1h`, `1.5h` or a bare number of seconds.

    Raises ValueError with a message fit to show a user.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a duration like 30s, got {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            seconds = float(text)
        else:
            match = _DURATION.fullmatch(text)
            if not text or match is None or not any(match.groups()):
                raise ValueError(f'expected a duration like 30s, 2m or 1m30s, got "{value}"')
            hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
            seconds = hours * 3600 + minutes * 60 + secs
    else:
        raise ValueError(f"expected a duration like 30s, got {type(value).__name__}")
    if seconds != seconds or seconds < 0:  # NaN or negative
        raise ValueError(f"a duration cannot be negative, got {value!r}")
    return seconds


def format_duration(seconds: float) -> str:
    """The short form users write: 90 -> `1m30s`, 3600 -> `1h`, 0 -> `0s`."""
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


def format_clock(seconds: float) -> str:
    """A countdown face: 75 -> `1:15`, 3725 -> `1:02:05`. Rounds up, so 0.2 s shows `0:01`."""
    import math

    total = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def parse_volume(value: object) -> int:
    """Millilitres from `250ml`, `0.5l`, `25cl` or a bare number of millilitres."""
    if isinstance(value, bool):
        raise ValueError(f"expected an amount like 250ml, got {value!r}")
    if isinstance(value, int | float):
        ml = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            ml = float(text)
        else:
            match = _VOLUME.fullmatch(text)
            if match is None:
                raise ValueError(f'expected an amount like 250ml or 0.5l, got "{value}"')
            number, unit = float(match.group(1)), match.group(2).lower()
            ml = number * {"ml": 1, "cl": 10, "l": 1000}[unit]
    else:
        raise ValueError(f"expected an amount like 250ml, got {type(value).__name__}")
    if ml <= 0:
        raise ValueError(f"an amount must be more than zero, got {value!r}")
    return round(ml)


def format_volume(ml: float) -> str:
    """1500 -> `1.5 L`, 250 -> `250 ml`."""
    if ml >= 1000:
        return f"{ml / 1000:.1f} L"
    return f"{round(ml)} ml"
