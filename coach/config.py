"""config.yaml: the user's settings for reminders, sound, goals and keys.

Strict like routine files: every problem is a located error
(`path:line:column: field: message`), unknown keys get a "did you mean".
A broken setting never stops coach: `load_config_or_default` keeps every valid
setting, uses the default for each broken one and returns the errors to show.
No Textual here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import time, tzinfo
from pathlib import Path
from typing import Any

from coach import paths
from coach.durations import format_duration, parse_duration, parse_volume
from coach.errors import InvalidFile, LocatedError, Location, did_you_mean

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_GROUPS = {
    "weekdays": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
    "daily": frozenset(range(7)),
    "everyday": frozenset(range(7)),
}


@dataclass(frozen=True)
class Config:
    """Settings, already checked. Durations are seconds, volumes millilitres."""

    sitting_enabled: bool = True
    sitting_interval: float = 3600.0
    align_minute: int | None = None  # remind at :MM past every hour instead of an interval
    break_routine: str = "desk-break"
    break_length: float = 300.0  # away this long counts as a natural break

    water_enabled: bool = True
    water_interval: float = 5400.0
    water_align_minute: int | None = None
    water_goal_ml: int = 2000
    glass_ml: int = 250

    work_days: frozenset[int] = frozenset(range(5))  # 0 = Monday
    work_start: time = time(9, 0)
    work_end: time = time(18, 0)
    timezone: str | None = None  # an IANA name; None = this computer's zone
    anytime: bool = False  # ignore working hours and days

    quiet_hours: tuple[tuple[time, time], ...] = ()

    snooze: float = 600.0
    max_snoozes: int = 2

    sound: bool = True
    volume: float = 0.8

    defer_when_mic_in_use: bool = True
    defer_if: str | None = None  # the user's own shell command; exit 0 = busy
    max_defer: float = 1800.0

    weekly_active_minutes: int = 150
    weekly_strength_days: int = 2

    keymap: Mapping[str, str] = field(default_factory=dict)  # binding id -> key

    def zone(self) -> tzinfo:
        """The time zone working hours are read in (DST-aware, never a fixed offset)."""
        from zoneinfo import ZoneInfo

        if self.timezone:
            return ZoneInfo(self.timezone)
        return local_zone()


def local_zone() -> tzinfo:
    """This computer's IANA zone (so DST changes apply), falling back to the current offset."""
    try:
        import tzlocal

        zone: tzinfo = tzlocal.get_localzone()  # typed from tzlocal 5.1 on, Any before
        return zone
    except Exception:  # an odd /etc/localtime: a fixed offset beats not starting
        from datetime import datetime

        fixed = datetime.now().astimezone().tzinfo
        assert fixed is not None
        return fixed


DEFAULT_CONFIG_TEXT = """\
# coach settings. Check them with `coach doctor`; coach reloads this file when it
# changes. Durations read like 50m, 1h, 90s; times like "09:00" (keep the quotes);
# days like mon-fri or [mon, wed, fri].

sitting:
  enabled: true
  every: 1h             # a break reminder after this long at the desk
  # at_minute: 50       # or instead: at :50 past every hour
  routine: desk-break   # the routine a reminder offers
  break_length: 5m      # away from the computer this long counts as a break

water:
  enabled: true
  every: 1h30m
  goal: 2l              # per day
  glass: 250ml

work:                   # reminders only on these days, between these times
  days: mon-fri
  start: "09:00"
  end: "18:00"
  # timezone: Europe/Berlin   # default: this computer's time zone
  # anytime: true             # remind at any hour, any day

quiet_hours: []         # no reminders then, e.g. ["12:30-13:30"]

snooze:
  length: 10m
  max_in_a_row: 2       # after that the reminder stops offering a snooze

sound:
  enabled: true
  volume: 0.8           # 0 to 1

meetings:
  defer_when_mic_in_use: true   # wait while an app records from the microphone
  # defer_if: "pgrep -x zoom"   # your own command: exit status 0 means busy
  max_defer: 30m        # remind anyway after waiting this long

goals:                  # per week
  active_minutes: 150
  strength_days: 2

keymap: {}              # the coach window's keys, binding id: key, e.g. start_break: b
"""


def ensure_config_file(path: Path | None = None) -> Path:
    """Write the commented default config on first run; never touch an existing file."""
    path = path or paths.config_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(DEFAULT_CONFIG_TEXT, encoding="utf-8")
        os.replace(tmp, path)
    return path


def load_config(path: Path | None = None) -> Config:
    """The config at `path` (default: the user's). A missing file means all defaults.

    Raises InvalidFile listing every problem with its location.
    """
    config, error = load_config_or_default(path)
    if error is not None:
        raise error
    return config


def load_config_or_default(path: Path | None = None) -> tuple[Config, InvalidFile | None]:
    """The config with the default in place of each broken setting, and the errors if any."""
    from coach import yamlsafe

    path = path or paths.config_file()
    if not os.path.lexists(path):
        return Config(), None
    try:
        text = yamlsafe.read_text(path, what="config files")
    except InvalidFile as error:  # not a file, unreadable, too big, not UTF-8: located
        return Config(), error
    return parse_config_text(text, str(path))


def parse_config_text(text: str, path: str) -> tuple[Config, InvalidFile | None]:
    parser = _Parser(path)
    config = parser.parse(text)
    if parser.errors:
        return config, InvalidFile(path, sorted(parser.errors, key=lambda e: e.location))
    return config, None


def fix_hint(error: InvalidFile) -> str:
    """What to tell the user under the located errors."""
    return (
        f"coach uses the defaults for these settings until you fix {error.path} "
        "(delete the file to get a fresh commented one)."
    )


class ConfigWatcher:
    """Notices when the config file changes (mtime, size or inode), without reading it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_file()
        self._stamp = self._read_stamp()

    def _read_stamp(self) -> tuple[int, int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size, info.st_ino)

    def changed(self) -> bool:
        """True once per change since the last call (or since creation)."""
        stamp = self._read_stamp()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        return True


# ---------------------------------------------------------------- parsing


def parse_time_of_day(text: str) -> time:
    """`09:00`, `9:30`, `18:00` -> time. Raises ValueError fit for a user."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f'expected a time like "09:00", got "{text}"')
    return time(int(match.group(1)), int(match.group(2)))


def parse_time_range(text: str) -> tuple[time, time]:
    """`12:30-13:30` (may cross midnight: `22:00-07:00`)."""
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f'expected a range like "12:30-13:30", got "{text}"')
    start, end = parse_time_of_day(parts[0]), parse_time_of_day(parts[1])
    if start == end:
        raise ValueError(f'a range needs two different times, got "{text}"')
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
        f'unknown day "{name}"{did_you_mean(name, DAY_NAMES + _FULL_DAY_NAMES)}; '
        "use mon, tue, wed, thu, fri, sat, sun or a range like mon-fri"
    )


def format_days(days: frozenset[int]) -> str:
    return ", ".join(DAY_NAMES[d] for d in sorted(days))


_KEY_ID = re.compile(r"[a-z_][a-z0-9_.-]*")

# Each section's keys: name -> (Config field, reader). A reader turns a YAML node
# into a value or raises ValueError with a message for the user.
_Reader = Callable[["_Parser", Any], Any]


class _Parser:
    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[LocatedError] = []
        self.values: dict[str, Any] = {}
        self.nodes: dict[str, Any] = {}  # config field -> the node it came from

    # -- helpers
    def where(self, node: Any) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def error(self, node: Any, field_name: str, message: str) -> None:
        self.errors.append(LocatedError(self.where(node), message, field_name))

    def parse(self, text: str) -> Config:
        import yaml

        from coach import yamlsafe

        root = yamlsafe.compose(
            text, self.path, self.errors, what="config files", empty_is_error=False
        )
        if root is None:
            return Config()
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "", "expected settings like `sitting:` and `water:` at the top")
            return Config()
        for key_node, value_node in self.mapping_items(root, ""):
            name = key_node.value
            if name in _SECTIONS:
                self.read_section(name, value_node)
            elif name in _TOP_LEVEL:
                self.read_field(name, value_node, *_TOP_LEVEL[name])
            else:
                choices = set(_SECTIONS) | set(_TOP_LEVEL)
                self.error(key_node, name, f"unknown setting{did_you_mean(name, choices)}")
        self.check_together()
        config = Config()
        try:
            return replace(config, **self.values)
        except (TypeError, ValueError) as error:  # a bug here must not stop coach
            self.errors.append(LocatedError(Location(self.path), str(error)))
            return config

    def mapping_items(self, node: Any, field_name: str) -> list[tuple[Any, Any]]:
        import yaml

        seen: set[str] = set()
        items = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, field_name, "expected a plain name as a key")
                continue
            full = f"{field_name}.{key_node.value}" if field_name else key_node.value
            if key_node.value in seen:
                self.error(key_node, full, "set twice; keep one")
                continue
            seen.add(key_node.value)
            items.append((key_node, value_node))
        return items

    def read_section(self, name: str, node: Any) -> None:
        import yaml

        keys = _SECTIONS[name]
        if _is_null(node):
            return
        if isinstance(node, yaml.ScalarNode) and name == "work" and node.value == "always":
            self.values["anytime"] = True
            return
        if not isinstance(node, yaml.MappingNode):
            listed = ", ".join(keys)
            self.error(node, name, f"expected settings under it ({listed})")
            return
        for key_node, value_node in self.mapping_items(node, name):
            key = key_node.value
            full = f"{name}.{key}"
            if key not in keys:
                self.error(key_node, full, f"unknown setting{did_you_mean(key, set(keys))}")
                continue
            self.read_field(full, value_node, *keys[key])

    def read_field(self, full: str, node: Any, field_name: str, reader: _Reader) -> None:
        try:
            self.values[field_name] = reader(self, node)
        except _ItemError as error:
            self.error(error.node, full, str(error))
            return
        except ValueError as error:
            self.error(node, full, str(error))
            return
        self.nodes[field_name] = (full, node)

    def check_together(self) -> None:
        """Rules across fields; the later field falls back to its default."""
        for every_field, minute_field in (
            ("sitting_interval", "align_minute"),
            ("water_interval", "water_align_minute"),
        ):
            if every_field in self.nodes and self.values.get(minute_field) is not None:
                full, node = self.nodes[minute_field]
                self.error(node, full, "use either `every` or `at_minute`, not both")
                del self.values[minute_field]
        start = self.values.get("work_start", Config.work_start)
        end = self.values.get("work_end", Config.work_end)
        if start == end and ("work_end" in self.nodes or "work_start" in self.nodes):
            full, node = self.nodes.get("work_end") or self.nodes["work_start"]
            self.error(node, full, "the working day needs an end different from its start")
            self.values.pop("work_start", None)
            self.values.pop("work_end", None)
        goal = self.values.get("water_goal_ml", Config.water_goal_ml)
        glass = self.values.get("glass_ml", Config.glass_ml)
        if glass > goal and "glass_ml" in self.nodes:
            full, node = self.nodes["glass_ml"]
            self.error(node, full, "a glass cannot hold more than the daily goal")
            del self.values["glass_ml"]


def _is_null(node: Any) -> bool:
    from coach.yamlsafe import is_null

    return is_null(node)


def _shown(text: str) -> str:
    from coach.errors import excerpt

    return excerpt(text)


def _scalar(node: Any, expected: str) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode) or _is_null(node):
        raise ValueError(f"expected {expected}")
    return str(node.value)


# ---------------------------------------------------------------- readers


def _read_bool(parser: _Parser, node: Any) -> bool:
    from coach import yamlsafe

    if node.tag == yamlsafe.BOOL:
        return str(node.value).lower() == "true"
    text = _scalar(node, "true or false")
    raise ValueError(
        yamlsafe.yaml11_bool_message(node) or f'expected true or false, got "{_shown(text)}"'
    )


def _duration_reader(low: float, high: float) -> _Reader:
    def read(parser: _Parser, node: Any) -> float:
        from coach import yamlsafe

        text = _scalar(node, "a duration like 30s, 10m or 1h")
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


def _int_reader(low: int, high: int) -> _Reader:
    def read(parser: _Parser, node: Any) -> int:
        text = _scalar(node, f"a whole number from {low} to {high}").strip()
        if not re.fullmatch(r"[-+]?[0-9]+", text):
            message = f'expected a whole number from {low} to {high}, got "{_shown(text)}"'
            raise ValueError(message)
        # Compared as text first: int() of thousands of digits is refused, not slow.
        number = int(text) if len(text.lstrip("+-0")) <= 18 else None
        if number is None or not low <= number <= high:
            raise ValueError(f"expected a whole number from {low} to {high}, got {_shown(text)}")
        return number

    return read


def _volume_reader(low: int, high: int) -> _Reader:
    def read(parser: _Parser, node: Any) -> int:
        text = _scalar(node, "an amount like 250ml or 2l")
        ml = parse_volume(text)
        if not low <= ml <= high:
            raise ValueError(f"expected between {low} ml and {high} ml, got {_shown(text)}")
        return ml

    return read


def _read_volume_level(parser: _Parser, node: Any) -> float:
    text = _scalar(node, "a number from 0 to 1, or a percentage like 80%")
    try:
        level = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        message = f'expected a number from 0 to 1, or a percentage, got "{_shown(text)}"'
        raise ValueError(message) from None
    if not 0.0 <= level <= 1.0:  # NaN too
        raise ValueError(f"expected from 0 to 1 (or 0% to 100%), got {_shown(text)}")
    return level


def _read_time(parser: _Parser, node: Any) -> time:
    # The raw text: unquoted 18:00 would otherwise be YAML 1.1's base-60 number 1080.
    return parse_time_of_day(_scalar(node, 'a time like "09:00"'))


def _read_routine_id(parser: _Parser, node: Any) -> str:
    from coach import ids

    text = _scalar(node, "a routine id like desk-break").strip()
    if not ids.is_id(text):
        raise ValueError(
            f'expected a routine id like desk-break ({ids.RULE}), got "{_shown(text)}"'
        )
    return text


def _read_days(parser: _Parser, node: Any) -> frozenset[int]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        days: set[int] = set()
        for item in node.value:
            try:
                days |= parse_days([_scalar(item, "a day like mon")])
            except ValueError as error:
                raise _ItemError(item, str(error)) from None
        if not days:
            raise ValueError("expected at least one day, e.g. mon-fri")
        return frozenset(days)
    return parse_days([_scalar(node, "days like mon-fri or [mon, wed, fri]")])


def _read_timezone(parser: _Parser, node: Any) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    name = _scalar(node, "a time zone like Europe/Berlin").strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f'unknown time zone "{name}"{did_you_mean(name, available_timezones())}'
        ) from None
    return name


def _read_quiet_hours(parser: _Parser, node: Any) -> tuple[tuple[time, time], ...]:
    import yaml

    if _is_null(node):
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    ranges = []
    for item in items:
        try:
            ranges.append(parse_time_range(_scalar(item, 'a range like "12:30-13:30"')))
        except ValueError as error:
            # point at the item, not the list
            raise _ItemError(item, str(error)) from None
    return tuple(ranges)


def _read_command(parser: _Parser, node: Any) -> str | None:
    if _is_null(node):
        return None
    text = _scalar(node, 'a shell command in quotes, e.g. "pgrep -x zoom"').strip()
    return text or None


def _read_keymap(parser: _Parser, node: Any) -> dict[str, str]:
    import yaml

    if _is_null(node):
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise ValueError("expected binding ids and keys, e.g. start_break: b")
    keymap: dict[str, str] = {}
    for key_node, value_node in parser.mapping_items(node, "keymap"):
        binding = str(key_node.value)
        if not _KEY_ID.fullmatch(binding):
            parser.error(key_node, f"keymap.{binding}", "expected a binding id like start_break")
            continue
        try:
            keys = _scalar(value_node, "a key like b, space or ctrl+b").strip()
        except ValueError as error:
            parser.error(value_node, f"keymap.{binding}", str(error))
            continue
        if not keys:
            parser.error(value_node, f"keymap.{binding}", "expected a key like b or ctrl+b")
            continue
        keymap[binding] = keys
    return keymap


class _ItemError(ValueError):
    """A ValueError about one item of a list, located at that item."""

    def __init__(self, node: Any, message: str) -> None:
        super().__init__(message)
        self.node = node


_SECTIONS: dict[str, dict[str, tuple[str, _Reader]]] = {
    "sitting": {
        "enabled": ("sitting_enabled", _read_bool),
        "every": ("sitting_interval", _duration_reader(60, 24 * 3600)),
        "at_minute": ("align_minute", _int_reader(0, 59)),
        "routine": ("break_routine", _read_routine_id),
        "break_length": ("break_length", _duration_reader(60, 3600)),
    },
    "water": {
        "enabled": ("water_enabled", _read_bool),
        "every": ("water_interval", _duration_reader(60, 24 * 3600)),
        "at_minute": ("water_align_minute", _int_reader(0, 59)),
        "goal": ("water_goal_ml", _volume_reader(100, 10_000)),
        "glass": ("glass_ml", _volume_reader(25, 2_000)),
    },
    "work": {
        "days": ("work_days", _read_days),
        "start": ("work_start", _read_time),
        "end": ("work_end", _read_time),
        "timezone": ("timezone", _read_timezone),
        "anytime": ("anytime", _read_bool),
    },
    "snooze": {
        "length": ("snooze", _duration_reader(30, 4 * 3600)),
        "max_in_a_row": ("max_snoozes", _int_reader(0, 10)),
    },
    "sound": {
        "enabled": ("sound", _read_bool),
        "volume": ("volume", _read_volume_level),
    },
    "meetings": {
        "defer_when_mic_in_use": ("defer_when_mic_in_use", _read_bool),
        "defer_if": ("defer_if", _read_command),
        "max_defer": ("max_defer", _duration_reader(0, 4 * 3600)),
    },
    "goals": {
        "active_minutes": ("weekly_active_minutes", _int_reader(0, 7 * 24 * 60)),
        "strength_days": ("weekly_strength_days", _int_reader(0, 7)),
    },
}

_TOP_LEVEL: dict[str, tuple[str, _Reader]] = {
    "quiet_hours": ("quiet_hours", _read_quiet_hours),
    "keymap": ("keymap", _read_keymap),
}

assert {f for section in _SECTIONS.values() for f, _ in section.values()} | {
    f for f, _ in _TOP_LEVEL.values()
} <= {f.name for f in fields(Config)}
