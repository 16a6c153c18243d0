"""config.yaml declared once: every setting's key, the `Config` field it fills, its
reader (type and range) and its help text.

The defaults are `Config`'s field defaults; the commented file coach writes on first
start (`coach.config.document.default_config_text`) and docs/config.md are generated
from this declaration, and the parser reads with it. A new setting is one `Setting`
here, its `Config` field, and the code that uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import time
from typing import Any

from coach.config import readers as read
from coach.config.model import VOICE_RATES, Config
from coach.durations import format_duration

# The rotations `sitting.rotate` may name: in turn, or the one done least recently
# (what they mean is coach.reminders.breaks').
ROTATIONS = ("in_turn", "least_recent")

_DAY = 24 * 3600
_MAX = 4 * 3600


@dataclass(frozen=True)
class Setting:
    key: str
    attr: str  # the Config field it fills
    read: read.Reader
    help: str  # one line: the comment in the file, the text in the docs
    show: Callable[[Any], str] = str  # the default as the file writes it
    example: str = ""  # set: the line is written commented out, with this value

    @property
    def default(self) -> Any:
        return _DEFAULTS[self.attr]


@dataclass(frozen=True)
class Section:
    name: str
    settings: tuple[Setting, ...]
    help: str = ""

    def __getitem__(self, key: str) -> Setting:
        return next(s for s in self.settings if s.key == key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.settings)


def _bool(value: Any) -> str:
    return "true" if value else "false"


def _volume(ml: Any) -> str:
    return f"{ml // 1000}l" if ml % 1000 == 0 else f"{ml}ml"


def _ids(ids: tuple[str, ...]) -> str:
    return ids[0] if len(ids) == 1 else "[" + ", ".join(ids) + "]"


def _clock(moment: time) -> str:
    return f'"{moment:%H:%M}"'


def _days(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{read.DAY_NAMES[ordered[0]]}-{read.DAY_NAMES[ordered[-1]]}"
    return "[" + ", ".join(read.DAY_NAMES[d] for d in ordered) + "]"


SECTIONS: tuple[Section, ...] = (
    Section(
        "sitting",
        (
            Setting("enabled", "sitting_enabled", read.read_bool, "remind me to get up", _bool),
            Setting(
                "every",
                "sitting_interval",
                read.duration_reader(60, _DAY),
                "a break reminder after this long at the desk (1m to 24h)",
                format_duration,
            ),
            Setting(
                "at_minute",
                "align_minute",
                read.int_reader(0, 59),
                "or instead: at :50 past every hour (0 to 59)",
                example="50",
            ),
            Setting(
                "routine",
                "break_routines",
                read.read_routine_ids,
                "the routine a reminder offers (its id), or a list: one in turn",
                _ids,
            ),
            Setting(
                "rotate",
                "break_rotate",
                read.choice_reader(ROTATIONS),
                "with a list: in_turn, or least_recent (the one done longest ago)",
            ),
            Setting(
                "break_length",
                "break_length",
                read.duration_reader(60, 3600),
                "away from the computer this long counts as a break (1m to 1h)",
                format_duration,
            ),
        ),
    ),
    Section(
        "eyes",
        (
            Setting(
                "enabled",
                "eyes_enabled",
                read.read_bool,
                "a 20-20-20 eye break: look 6 m away for 20 s",
                _bool,
            ),
            Setting(
                "every",
                "eyes_interval",
                read.duration_reader(300, _DAY),
                "this often (5m to 24h); never counted as a sitting break",
                format_duration,
            ),
        ),
        "a short reminder of its own, off by default",
    ),
    Section(
        "water",
        (
            Setting("enabled", "water_enabled", read.read_bool, "remind me to drink", _bool),
            Setting(
                "every",
                "water_interval",
                read.duration_reader(60, _DAY),
                "a water reminder this often (1m to 24h)",
                format_duration,
            ),
            Setting(
                "at_minute",
                "water_align_minute",
                read.int_reader(0, 59),
                "or instead: at :20 past every hour (0 to 59)",
                example="20",
            ),
            Setting(
                "goal",
                "water_goal_ml",
                read.volume_reader(100, 10_000),
                "per day (100ml to 10l)",
                _volume,
            ),
            Setting(
                "glass",
                "glass_ml",
                read.volume_reader(25, 2_000),
                "what `w` logs (25ml to 2l; not more than the goal)",
                _volume,
            ),
        ),
    ),
    Section(
        "work",
        (
            Setting(
                "days",
                "work_days",
                read.read_days,
                "mon-fri, [mon, wed, fri], weekdays, daily",
                _days,
            ),
            Setting("start", "work_start", read.read_time, 'keep the quotes: "09:00"', _clock),
            Setting("end", "work_end", read.read_time, "may be after midnight", _clock),
            Setting(
                "timezone",
                "timezone",
                read.read_timezone,
                "default: this computer's time zone (DST-aware)",
                example="Europe/Berlin",
            ),
            Setting(
                "anytime",
                "anytime",
                read.read_bool,
                "remind at any hour, any day (or write `work: always`)",
                _bool,
                example="true",
            ),
        ),
        "reminders only on these days, between these times",
    ),
    Section(
        "snooze",
        (
            Setting(
                "length",
                "snooze",
                read.duration_reader(30, _MAX),
                "how long a snooze lasts (30s to 4h)",
                format_duration,
            ),
            Setting(
                "max_in_a_row",
                "max_snoozes",
                read.int_reader(0, 10),
                "after that the reminder stops offering a snooze (0 to 10)",
            ),
        ),
    ),
    Section(
        "sound",
        (
            Setting("enabled", "sound", read.read_bool, "sound cues", _bool),
            Setting("volume", "volume", read.read_volume_level, "0 to 1, or 0% to 100%"),
        ),
    ),
    # ------------------------------------------------ spoken cues (the session's voice)
    Section(
        "voice",
        (
            Setting(
                "enabled",
                "voice_enabled",
                read.read_bool,
                "say each exercise, the counts and the cues aloud (`v` in a session)",
                _bool,
            ),
            Setting(
                "rate",
                "voice_rate",
                read.int_reader(*VOICE_RATES),
                f"words per minute ({VOICE_RATES[0]} to {VOICE_RATES[1]})",
            ),
            Setting(
                "voice",
                "voice_name",
                read.read_voice_name,
                "the synthesiser's voice (default: its own)",
                example="en-gb",
            ),
        ),
        "spoken cues through speech-dispatcher or espeak-ng; they follow sound's mute and volume",
    ),
    Section(
        "meetings",
        (
            Setting(
                "defer_when_mic_in_use",
                "defer_when_mic_in_use",
                read.read_bool,
                "wait while an app records from the microphone",
                _bool,
            ),
            Setting(
                "defer_if",
                "defer_if",
                read.read_command,
                "your own command: exit status 0 means busy",
                example='"pgrep -x zoom"',
            ),
            Setting(
                "max_defer",
                "max_defer",
                read.duration_reader(0, _MAX),
                "remind anyway after waiting this long (0s to 4h)",
                format_duration,
            ),
        ),
    ),
    Section(
        "goals",
        (
            Setting(
                "active_minutes",
                "weekly_active_minutes",
                read.int_reader(0, 7 * 24 * 60),
                "minutes of routines a week",
            ),
            Setting(
                "strength_days",
                "weekly_strength_days",
                read.int_reader(0, 7),
                "days a week with a core or strength routine (0 to 7)",
            ),
        ),
        "per week",
    ),
)

TOP_LEVEL: tuple[Setting, ...] = (
    Setting(
        "quiet_hours",
        "quiet_hours",
        read.read_quiet_hours,
        'no reminders then, e.g. ["12:30-13:30", "22:00-07:00"]',
        lambda ranges: "[" + ", ".join(f'"{a:%H:%M}-{b:%H:%M}"' for a, b in ranges) + "]",
    ),
    Setting(
        "terminal",
        "terminal",
        read.read_terminal,
        '"Start break" runs the routine in it, e.g. ["foot", "-e"]; [] finds one',
        lambda words: "[" + ", ".join(f'"{word}"' for word in words) + "]",
    ),
    Setting(
        "keymap",
        "keymap",
        read.read_keymap,
        "the coach window's keys, binding id: key, e.g. start_break: b",
        lambda keys: "{" + ", ".join(f"{k}: {v}" for k, v in keys.items()) + "}",
    ),
)

SECTION_BY_NAME = {section.name: section for section in SECTIONS}
TOP_LEVEL_BY_NAME = {setting.key: setting for setting in TOP_LEVEL}

_DEFAULTS: dict[str, Any] = {f.name: getattr(Config(), f.name) for f in fields(Config)}

# Every setting fills a Config field.
assert {s.attr for section in SECTIONS for s in section.settings} | {
    s.attr for s in TOP_LEVEL
} <= set(_DEFAULTS)
