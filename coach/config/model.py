"""The settings coach runs with, once read and checked: the `Config` dataclass.

Its field defaults are the defaults of config.yaml: `coach.config.settings`
declares each setting's key, reader and help text against these fields, and the
commented file and docs/config.md are generated from that declaration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, tzinfo

VOICE_RATES = (80, 400)  # words per minute a voice may be set to


@dataclass(frozen=True)
class Config:
    """Settings, already checked. Durations are seconds, volumes millilitres."""

    sitting_enabled: bool = True
    sitting_interval: float = 3600.0
    align_minute: int | None = None  # remind at :MM past every hour instead of an interval
    # The routines a sitting reminder offers, in turn (or the least recently done).
    break_routines: tuple[str, ...] = ("desk-break",)
    break_rotate: str = "in_turn"  # or "least_recent" (coach.reminders.breaks)
    break_length: float = 300.0  # away this long counts as a natural break

    eyes_enabled: bool = False  # a 20-20-20 eye break, its own short reminder
    eyes_interval: float = 1200.0

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

    # Spoken cues (coach.voice): off unless asked for; `v` in a session turns them on.
    voice_enabled: bool = False
    voice_rate: int = 160  # words per minute: a little slower than espeak-ng's 175
    voice_name: str | None = None  # a synthesiser voice, e.g. en-gb; None: its default

    defer_when_mic_in_use: bool = True
    defer_if: str | None = None  # the user's own shell command; exit 0 = busy
    max_defer: float = 1800.0

    weekly_active_minutes: int = 150
    weekly_strength_days: int = 2

    keymap: Mapping[str, str] = field(default_factory=dict)  # binding id -> key

    # The terminal "Start break" opens a routine in, e.g. ("foot", "-e"); empty: the
    # first found (coach.reminders.opener).
    terminal: tuple[str, ...] = ()

    @property
    def break_routine(self) -> str:
        """The first break routine (where one routine is meant)."""
        return self.break_routines[0]

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
