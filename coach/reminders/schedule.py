"""Reminder rules: small pure functions, and `Plan`, the rules for one config.

Each rule takes plain values (aware datetimes, seconds, config pieces) and
returns an answer; none reads a clock, sleeps or runs a program, so each has a
table-driven test. Times are aware datetimes; arithmetic happens in UTC and
working hours are read in the configured IANA zone, so a DST change moves
nothing by an hour. The probes that do I/O (idle time, meetings) are in
`coach.reminders.presence` and `coach.reminders.idle`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from coach.config import Config
from coach.durations import duration_text, format_duration, format_volume
from coach.reminders.vocabulary import ReminderKind

# Clock-aligned reminders skip a slot that comes less than this after the timer
# (re)started: a break at 10:45 makes the 10:50 reminder pointless.
ALIGNED_MIN_GAP = 15 * 60.0

# Wall time that the monotonic clock did not see (it stops while suspended).
# Far above scheduling jitter and NTP slews, far below a real suspend.
SUSPEND_THRESHOLD = 30.0

# No input for this long at the moment a reminder is due: the user is away or
# reading; the reminder waits for them instead of popping up to an empty chair.
AWAY_AFTER = 120.0

# While deferred (meeting) or waiting for the user to come back, look again this often.
RECHECK_SECONDS = 60.0


# ---------------------------------------------------------------- when reminders may fire


@dataclass(frozen=True)
class Window:
    """When reminders may fire: working days and hours, minus quiet hours."""

    zone: tzinfo
    days: frozenset[int] = frozenset(range(5))
    start: time = time(9, 0)
    end: time = time(18, 0)
    quiet: tuple[tuple[time, time], ...] = ()
    anytime: bool = False

    @classmethod
    def from_config(cls, config: Config) -> Window:
        return cls(
            zone=config.zone(),
            days=config.work_days,
            start=config.work_start,
            end=config.work_end,
            quiet=config.quiet_hours,
            anytime=config.anytime,
        )


def _in_daily_range(moment: time, start: time, end: time) -> bool:
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end  # crosses midnight, e.g. 22:00-07:00


def in_working_hours(when: datetime, window: Window) -> bool:
    if window.anytime:
        return True
    local = when.astimezone(window.zone)
    moment, day = local.time(), local.weekday()
    if window.start < window.end:
        return day in window.days and window.start <= moment < window.end
    # A shift across midnight belongs to the day it started on.
    yesterday = (day - 1) % 7
    return (day in window.days and moment >= window.start) or (
        yesterday in window.days and moment < window.end
    )


def in_quiet_hours(when: datetime, window: Window) -> bool:
    moment = when.astimezone(window.zone).time()
    return any(_in_daily_range(moment, start, end) for start, end in window.quiet)


def may_remind(when: datetime, window: Window) -> bool:
    return in_working_hours(when, window) and not in_quiet_hours(when, window)


def working_period_end(when: datetime, window: Window) -> datetime | None:
    """When the working period `when` falls in ends (None: never, with `anytime`)."""
    if window.anytime:
        return None
    local = when.astimezone(window.zone)
    day = local.date()
    if window.end <= window.start and local.time() < window.end:
        day -= timedelta(days=1)  # a shift across midnight belongs to the day it started
    end_day = day if window.start < window.end else day + timedelta(days=1)
    return local_instant(end_day, window.end, window.zone)


def waits_for_working_hours(now: datetime, due: datetime, window: Window) -> bool:
    """Whether a break due at `due` is that far off because of working hours: now is
    outside them, or the working period ends before `due` (quiet hours do not count)."""
    if window.anytime:
        return False
    if not in_working_hours(now, window):
        return True
    end = working_period_end(now, window)
    return end is not None and due > end


def local_instant(day: date, moment: time, zone: tzinfo) -> datetime:
    """`day` at wall-clock `moment` in `zone`, as UTC. A time skipped by DST lands just after."""
    return datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)


def next_window_open(when: datetime, window: Window) -> tuple[datetime, bool] | None:
    """The first instant at or after `when` at which reminders may fire.

    The flag says the working period (re)started there ("fresh"): timers then
    start anew, whereas after quiet hours an owed reminder comes at once.
    None when the window never opens (e.g. quiet hours cover all working hours).
    """
    if may_remind(when, window):
        return when.astimezone(UTC), False
    fresh = not in_working_hours(when, window)
    local = when.astimezone(window.zone)
    # Reminders become possible only where working hours start or quiet hours end.
    openings = [window.start, *(end for _, end in window.quiet)]
    for offset in range(9):
        day = local.date() + timedelta(days=offset)
        candidates = [
            instant
            for instant in (local_instant(day, moment, window.zone) for moment in openings)
            if instant > when and may_remind(instant, window)
        ]
        if candidates:
            return min(candidates), fresh
    return None


# ---------------------------------------------------------------- when the next one is due


@dataclass(frozen=True)
class Cadence:
    """Every `interval` seconds, or at :`align_minute` past every hour."""

    interval: float
    align_minute: int | None = None

    @classmethod
    def for_kind(cls, config: Config, kind: ReminderKind) -> Cadence:
        if kind is ReminderKind.SITTING:
            return cls(config.sitting_interval, config.align_minute)
        if kind is ReminderKind.EYES:
            return cls(config.eyes_interval)
        return cls(config.water_interval, config.water_align_minute)


def next_aligned(after: datetime, minute: int, zone: tzinfo) -> datetime:
    """The first wall-clock :`minute` at or after `after` (UTC result)."""
    base = after.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    candidates = []
    for hours in range(-1, 3):  # -1: zones offset by half an hour
        local = (base + timedelta(hours=hours)).astimezone(zone)
        candidate = local.replace(minute=minute, second=0, microsecond=0).astimezone(UTC)
        if candidate >= after:
            candidates.append(candidate)
    return min(candidates)


def next_slot(anchor: datetime, cadence: Cadence, zone: tzinfo) -> datetime:
    """The rule's next time after the timer started at `anchor`, ignoring working hours."""
    start = anchor.astimezone(UTC)
    if cadence.align_minute is None:
        return start + timedelta(seconds=cadence.interval)
    return next_aligned(start + timedelta(seconds=ALIGNED_MIN_GAP), cadence.align_minute, zone)


def next_due(anchor: datetime, cadence: Cadence, window: Window) -> datetime | None:
    """When the reminder whose timer started at `anchor` is due, inside the window.

    A slot outside working hours moves to the next working period, whose start
    restarts the timer (nobody sat through the night); a slot in quiet hours
    moves to their end. None if the window never opens.
    """
    slot = next_slot(anchor, cadence, window.zone)
    for _ in range(32):
        opened = next_window_open(slot, window)
        if opened is None:
            return None
        when, fresh = opened
        if not fresh:
            return when
        slot = next_slot(when, cadence, window.zone)
    return None


def snooze_until(now: datetime, seconds: float, window: Window) -> datetime | None:
    """When a snoozed reminder comes back; None if the working day ends first."""
    opened = next_window_open(now.astimezone(UTC) + timedelta(seconds=seconds), window)
    if opened is None or opened[1]:
        return None
    return opened[0]


def spell_seconds(cadence: Cadence) -> float:
    """How long one sitting (or drinking) spell lasts between two reminders."""
    return cadence.interval if cadence.align_minute is None else 3600.0


@dataclass(frozen=True)
class Plan:
    """The rules above for one config: whether, and when, each kind of reminder is due."""

    config: Config
    window: Window

    @classmethod
    def from_config(cls, config: Config) -> Plan:
        return cls(config, Window.from_config(config))

    def enabled(self, kind: ReminderKind) -> bool:
        if kind is ReminderKind.SITTING:
            return self.config.sitting_enabled
        if kind is ReminderKind.EYES:
            return self.config.eyes_enabled
        return self.config.water_enabled

    def cadence(self, kind: ReminderKind) -> Cadence:
        return Cadence.for_kind(self.config, kind)

    def next_due(
        self, kind: ReminderKind, anchor: datetime, *, not_before: datetime | None = None
    ) -> datetime | None:
        """When a timer started at `anchor` is due (never before `not_before`); None if off."""
        if not self.enabled(kind):
            return None
        due = next_due(anchor, self.cadence(kind), self.window)
        if due is not None and not_before is not None and due < not_before:
            return not_before
        return due

    def spell_seconds(self, kind: ReminderKind) -> float:
        return spell_seconds(self.cadence(kind))

    def snooze_until(self, now: datetime) -> datetime | None:
        return snooze_until(now, self.config.snooze, self.window)

    def may_remind(self, when: datetime) -> bool:
        return may_remind(when, self.window)

    def after_hours(self, now: datetime, due: datetime | None) -> bool:
        """`due` waits for the next working period (`coach status` says so)."""
        return due is not None and waits_for_working_hours(now, due, self.window)


# ---------------------------------------------------------------- suspend, idle, meetings


def clock_gap(
    monotonic_before: float, wall_before: datetime, monotonic_now: float, wall_now: datetime
) -> float:
    """Seconds the wall clock moved beyond the monotonic clock (a suspend, or a clock change)."""
    return (wall_now - wall_before).total_seconds() - (monotonic_now - monotonic_before)


def looks_like_resume(gap: float, threshold: float = SUSPEND_THRESHOLD) -> bool:
    # Backwards too: a wall clock set back also invalidates every due time.
    return abs(gap) >= threshold


class Presence(StrEnum):
    ACTIVE = "active"
    AWAY = "away"  # idle a little: wait for them
    ON_BREAK = "on break"  # idle at least a break's length: a natural break


def presence(
    idle_seconds: float | None, break_length: float, away_after: float = AWAY_AFTER
) -> Presence:
    """What the idle time says. Unknown idle (no source) counts as active."""
    if idle_seconds is None or idle_seconds < min(away_after, break_length):
        return Presence.ACTIVE
    if idle_seconds >= break_length:
        return Presence.ON_BREAK
    return Presence.AWAY


def keep_deferring(
    busy: bool, waiting_since: datetime | None, now: datetime, max_defer: float
) -> bool:
    """Whether a due reminder should keep waiting for the meeting to end."""
    if not busy:
        return False
    if waiting_since is None:
        return max_defer > 0
    return (now - waiting_since).total_seconds() < max_defer


def can_snooze(snoozes_in_a_row: int, max_snoozes: int) -> bool:
    return snoozes_in_a_row < max_snoozes


_COUNT_WORDS = {1: "once", 2: "twice"}

# The 20-20-20 rule (American Academy of Ophthalmology): every 20 minutes, look at
# something 20 feet (6 m) away for 20 seconds. The notification shows this long.
EYE_BREAK_SECONDS = 20.0


def reminder_text(
    kind: ReminderKind,
    config: Config,
    *,
    snoozes_in_a_row: int = 0,
    sat_for: float | None = None,
    water_ml_today: int | None = None,
    routine: str | None = None,
) -> tuple[str, str]:
    """Title and body of a reminder, in plain words.

    `routine` names the break a sitting reminder offers ("Desk break · 3 min: chin
    tuck, seated twist…", `coach.reminders.breaks.BreakOffer.summary`).
    """
    if kind is ReminderKind.WATER:
        body = f"A glass ({format_volume(config.glass_ml)}) now."
        if water_ml_today is not None:
            body += f" Today: {water_ml_today / 1000:.1f} of {config.water_goal_ml / 1000:.1f} L."
        return "Drink some water", body
    if kind is ReminderKind.EYES:
        seconds = duration_text(EYE_BREAK_SECONDS)
        return "Eye break", f"Look at something about 6 m (20 feet) away for {seconds}."
    offer = routine or config.break_routine
    if snoozes_in_a_row and not can_snooze(snoozes_in_a_row, config.max_snoozes):
        times = _COUNT_WORDS.get(snoozes_in_a_row, f"{snoozes_in_a_row} times")
        return (
            "Stand up now",
            f"You have snoozed this break {times}; no more snoozing. "
            f"Stand up and move for a few minutes. {offer}",
        )
    sat = f"You have been sitting for {format_duration(sat_for)}. " if sat_for else ""
    return "Time to stand up", f"{sat}{offer}"
