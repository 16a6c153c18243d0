"""Readers of config.yaml values: a YAML node in, a checked value out.

Each reader raises ValueError with a message fit for a user (or `ItemError`,
located at one item of a list); the parser turns them into located errors. Scalars
arrive with YAML 1.2 meanings (`coach.yamlsafe`); numbers of absurd size are refused
here, never passed on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from typing import Any

from coach.config.bindings import BINDING_IDS
from coach.durations import format_duration, parse_duration, parse_volume
from coach.errors import did_you_mean, excerpt

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_GROUPS = {
    "weekdays": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
    "daily": frozenset(range(7)),
    "everyday": frozenset(range(7)),
}
_KEY_ID = re.compile(r"[a-z_][a-z0-9_.-]*")
MAX_QUIET_RANGES = 48  # after merging overlaps; more cannot be meant

# A reader turns a YAML node into a value (the parser is passed for nested errors).
Reader = Callable[[Any, Any], Any]


def parse_time_of_day(text: str) -> time:
    """`09:00`, `9:30`, `18:00` -> time. Raises ValueError fit for a user."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f'expected a time like "09:00", got "{_shown(text)}"')
    return time(int(match.group(1)), int(match.group(2)))


def parse_time_range(text: str) -> tuple[time, time]:
    """`12:30-13:30` (may cross midnight: `22:00-07:00`)."""
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f'expected a range like "12:30-13:30", got "{_shown(text)}"')
    start, end = parse_time_of_day(parts[0]), parse_time_of_day(parts[1])
    if start == end:
        raise ValueError(f'a range needs two different times, got "{_shown(text)}"')
    return start, end


def parse_days(items: list[str]) -> frozenset[int]:
    """Day names and ranges: `mon-fri`, `mon`, `saturday`, `weekdays`, `daily`."""
    days: set[int] = set()
    for raw in items:
        for item in (part.strip().lower() for part in raw.split(",")):
            if not item:
                continue
            if item in _DAY_GROUPS:
                days |= _DAY_GROUPS[item]
                continue
            if "-" in item:
                first, _, last = item.partition("-")
                start, end = _day_number(first.strip()), _day_number(last.strip())
                # a range may wrap the week: fri-mon
                span = (end - start) % 7
                days |= {(start + offset) % 7 for offset in range(span + 1)}
            else:
                days.add(_day_number(item))
    if not days:
        raise ValueError("expected at least one day, e.g. mon-fri")
    return frozenset(days)


def _day_number(name: str) -> int:
    if name in DAY_NAMES:
        return DAY_NAMES.index(name)
    if name in _FULL_DAY_NAMES:
        return _FULL_DAY_NAMES.index(name)
    raise ValueError(
        f'unknown day "{_shown(name)}"{did_you_mean(name, DAY_NAMES + _FULL_DAY_NAMES)}; '
        "use mon, tue, wed, thu, fri, sat, sun or a range like mon-fri"
    )


def is_null(node: Any) -> bool:
    from coach.yamlsafe import is_null

    return is_null(node)


def _shown(text: str) -> str:
    return excerpt(text)


def scalar(node: Any, expected: str) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode) or is_null(node):
        raise ValueError(f"expected {expected}")
    return str(node.value)


# ---------------------------------------------------------------- readers


def read_bool(parser: Any, node: Any) -> bool:
    from coach import yamlsafe

    if node.tag == yamlsafe.BOOL:
        return str(node.value).lower() == "true"
    text = scalar(node, "true or false")
    raise ValueError(
        yamlsafe.yaml11_bool_message(node) or f'expected true or false, got "{_shown(text)}"'
    )


def duration_reader(low: float, high: float) -> Reader:
    def read(parser: Any, node: Any) -> float:
        from coach import yamlsafe

        text = scalar(node, "a duration like 30s, 10m or 1h")
        base60 = yamlsafe.yaml11_duration_message(node)
        if base60 is not None:
            raise ValueError(base60)
        seconds = parse_duration(text)
        if not low <= seconds <= high:
            raise ValueError(
                f"expected between {format_duration(low)} and {format_duration(high)}, "
                f'got "{_shown(text)}"'
            )
        return seconds

    return read


def int_reader(low: int, high: int) -> Reader:
    def read(parser: Any, node: Any) -> int:
        text = scalar(node, f"a whole number from {low} to {high}").strip()
        if not re.fullmatch(r"[-+]?[0-9]+", text):
            message = f'expected a whole number from {low} to {high}, got "{_shown(text)}"'
            raise ValueError(message)
        # Compared as text first: int() of thousands of digits is refused, not slow.
        number = int(text) if len(text.lstrip("+-0")) <= 18 else None
        if number is None or not low <= number <= high:
            raise ValueError(f"expected a whole number from {low} to {high}, got {_shown(text)}")
        return number

    return read


def volume_reader(low: int, high: int) -> Reader:
    def read(parser: Any, node: Any) -> int:
        text = scalar(node, "an amount like 250ml or 2l")
        ml = parse_volume(text)
        if not low <= ml <= high:
            raise ValueError(f"expected between {low} ml and {high} ml, got {_shown(text)}")
        return ml

    return read


def read_volume_level(parser: Any, node: Any) -> float:
    text = scalar(node, "a number from 0 to 1, or a percentage like 80%")
    try:
        level = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        message = f'expected a number from 0 to 1, or a percentage, got "{_shown(text)}"'
        raise ValueError(message) from None
    if not 0.0 <= level <= 1.0:  # NaN too
        raise ValueError(f"expected from 0 to 1 (or 0% to 100%), got {_shown(text)}")
    return level


def read_time(parser: Any, node: Any) -> time:
    # The raw text: unquoted 18:00 would otherwise be YAML 1.1's base-60 number 1080.
    return parse_time_of_day(scalar(node, 'a time like "09:00"'))


def read_routine_id(parser: Any, node: Any) -> str:
    from coach import ids

    text = scalar(node, "a routine id like desk-break").strip()
    if not ids.is_id(text):
        raise ValueError(
            f'expected a routine id like desk-break ({ids.RULE}), got "{_shown(text)}"'
        )
    return text


def read_routine_ids(parser: Any, node: Any) -> tuple[str, ...]:
    """One routine id, or a list of them (each located when wrong; repeats kept once)."""
    import yaml

    if not isinstance(node, yaml.SequenceNode):
        return (read_routine_id(parser, node),)
    ids: list[str] = []
    for item in node.value:
        try:
            routine_id = read_routine_id(parser, item)
        except ValueError as error:
            raise ItemError(item, str(error)) from None
        if routine_id not in ids:
            ids.append(routine_id)
    if not ids:
        raise ValueError("expected at least one routine id, e.g. desk-break")
    return tuple(ids)


def choice_reader(choices: tuple[str, ...]) -> Reader:
    def read(parser: Any, node: Any) -> str:
        listed = " or ".join(choices)
        text = scalar(node, listed).strip()
        if text not in choices:
            hint = did_you_mean(text, choices)
            raise ValueError(f'expected {listed}, got "{_shown(text)}"{hint}')
        return text

    return read


def read_days(parser: Any, node: Any) -> frozenset[int]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        days: set[int] = set()
        for item in node.value:
            try:
                days |= parse_days([scalar(item, "a day like mon")])
            except ValueError as error:
                raise ItemError(item, str(error)) from None
        if not days:
            raise ValueError("expected at least one day, e.g. mon-fri")
        return frozenset(days)
    return parse_days([scalar(node, "days like mon-fri or [mon, wed, fri]")])


def read_timezone(parser: Any, node: Any) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    name = scalar(node, "a time zone like Europe/Berlin").strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, a long name
        raise ValueError(
            f'unknown time zone "{_shown(name)}"{did_you_mean(name, available_timezones())}'
        ) from None
    return name


def read_quiet_hours(parser: Any, node: Any) -> tuple[tuple[time, time], ...]:
    import yaml

    if is_null(node):
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    ranges = []
    for item in items:
        try:
            ranges.append(parse_time_range(scalar(item, 'a range like "12:30-13:30"')))
        except ValueError as error:
            # point at the item, not the list
            raise ItemError(item, str(error)) from None
    merged = merge_ranges(ranges)
    if len(merged) > MAX_QUIET_RANGES:
        raise ValueError(
            f"{len(merged)} separate quiet ranges; keep to {MAX_QUIET_RANGES} or fewer"
        )
    return merged


def merge_ranges(ranges: list[tuple[time, time]]) -> tuple[tuple[time, time], ...]:
    """Daily ranges with overlaps and repeats merged, in order from midnight.

    A range may cross midnight (`22:00-07:00`); the whole day is `(00:00, 00:00)`.
    Checking a moment then costs one look per separate range, whatever was written.
    """
    day = 24 * 60
    spans: list[tuple[int, int]] = []
    for start, end in ranges:
        first, last = start.hour * 60 + start.minute, end.hour * 60 + end.minute
        if first < last:
            spans.append((first, last))
        else:  # across midnight: two spans
            spans += [(first, day), (0, last)]
    spans.sort()
    merged: list[list[int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], last)
        elif last > first:
            merged.append([first, last])
    if merged and merged[0] == [0, day]:
        return ((time(0, 0), time(0, 0)),)
    if len(merged) > 1 and merged[0][0] == 0 and merged[-1][1] == day:
        head = merged.pop(0)  # joined again across midnight
        merged[-1][1] = head[1]
    return tuple((_clock(first), _clock(last % day)) for first, last in merged)


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def read_command(parser: Any, node: Any) -> str | None:
    if is_null(node):
        return None
    text = scalar(node, 'a shell command in quotes, e.g. "pgrep -x zoom"').strip()
    return text or None


def read_terminal(parser: Any, node: Any) -> tuple[str, ...]:
    """A terminal command the routine's command is appended to: `["foot", "-e"]` (or the
    same as one string, split like a shell would)."""
    import shlex

    import yaml

    if is_null(node):
        return ()
    if isinstance(node, yaml.SequenceNode):
        if not node.value:
            return ()  # [] : the first terminal found
        words = []
        for item in node.value:
            try:
                word = scalar(item, 'a word of a command, e.g. "-e"')
            except ValueError as error:
                raise ItemError(item, str(error)) from None
            words.append(word)
    else:
        text = scalar(node, 'a command like ["foot", "-e"]')
        try:
            words = shlex.split(text)
        except ValueError as error:
            raise ValueError(f"cannot split {_shown(text)!r} into words: {error}") from None
    if not words or not words[0].strip():
        raise ValueError('expected a command like ["foot", "-e"]')
    return tuple(words)


_VOICE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+ -]{0,39}")


def read_voice_name(parser: Any, node: Any) -> str | None:
    """A synthesiser's voice name (espeak-ng's `-v`, speech-dispatcher's `-y`): en-gb."""
    if is_null(node):
        return None
    text = scalar(node, "a voice name like en-gb").strip()
    if not _VOICE_NAME.fullmatch(text):
        raise ValueError(
            f'expected a voice name like en-gb (letters, digits, - _ . +), got "{_shown(text)}"'
        )
    return text


def read_keymap(parser: Any, node: Any) -> dict[str, str]:
    import yaml

    if is_null(node):
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise ValueError("expected binding ids and keys, e.g. start_break: b")
    keymap: dict[str, str] = {}
    for key_node, value_node in parser.mapping_items(node, "keymap"):
        binding = str(key_node.value)
        if not _KEY_ID.fullmatch(binding):
            parser.error(key_node, f"keymap.{binding}", "expected a binding id like start_break")
            continue
        if binding not in BINDING_IDS:
            hint = did_you_mean(binding, BINDING_IDS)
            parser.error(
                key_node,
                f"keymap.{binding}",
                f"unknown binding{hint}; docs/config.md lists them",
            )
            continue
        try:
            keys = scalar(value_node, "a key like b, space or ctrl+b").strip()
        except ValueError as error:
            parser.error(value_node, f"keymap.{binding}", str(error))
            continue
        if not keys:
            parser.error(value_node, f"keymap.{binding}", "expected a key like b or ctrl+b")
            continue
        keymap[binding] = keys
    return keymap


class ItemError(ValueError):
    """A ValueError about one item of a list, located at that item."""

    def __init__(self, node: Any, message: str) -> None:
        super().__init__(message)
        self.node = node
