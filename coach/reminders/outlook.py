"""The next break in a few words: what `coach status` and the window's Reminders panel say.

One owner for those words and for when they change: `break_phrase` turns a
`BreakOutlook` (what the reminding process published) into `next break in 23m`,
`break due 3m`, `paused until 14:00`, `next break Mon 10:00 — outside working
hours`…; `phrase_changes_in` says how long that phrase stays the same, so a status
bar in `--follow` mode and the panel sleep until then instead of polling.

Import-light on purpose (NamedTuple, datetime, math): `coach status` reads it and
must answer in well under 100 ms. No Textual here.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, tzinfo
from typing import NamedTuple

# Past this, "next break Tue 09:50" instead of a count of hours.
COUNTDOWN_HORIZON = 12 * 3600.0
OUTSIDE_HOURS = "outside working hours"


class BreakOutlook(NamedTuple):
    """What is known about the next sitting break."""

    reminding: bool = True  # a coach process (the daemon or a window) reminds
    enabled: bool = True  # sitting breaks are on in the config
    next_break: datetime | None = None
    due_since: datetime | None = None  # a break reminder waits for an answer since then
    paused_until: datetime | None = None
    after_hours: bool = False  # next_break waits for the next working period
    deferred: str = ""  # why the due break waits ("microphone in use")


def _local(when: datetime, zone: tzinfo | None) -> datetime:
    return when.astimezone(zone) if zone is not None else when.astimezone()


def _clock(when: datetime, now: datetime, zone: tzinfo | None) -> str:
    """`14:00` today, `Tue 09:00` another day."""
    local = _local(when, zone)
    return f"{local:%H:%M}" if local.date() == _local(now, zone).date() else f"{local:%a %H:%M}"


def _minutes(seconds: float) -> int:
    """Rounded to the nearest minute (the countdown's unit)."""
    return math.floor(seconds / 60 + 0.5)


def _duration(minutes: int) -> str:
    from coach.durations import format_duration

    return format_duration(minutes * 60)


def still_waiting(
    fired_at: datetime, now: datetime, interval: float | None, zone: tzinfo | None = None
) -> bool:
    """Whether a break reminder nobody answered is still worth offering (or showing as
    due): fired today, at most one sitting `interval` ago (None: any time today)."""
    if fired_at.tzinfo is None:  # an old state file
        return False
    waited = (now - fired_at).total_seconds()
    if waited < 0 or (interval is not None and waited > interval):
        return False
    return _local(fired_at, zone).date() == _local(now, zone).date()


def paused(outlook: BreakOutlook, now: datetime) -> bool:
    return outlook.paused_until is not None and outlook.paused_until > now


def break_phrase(
    outlook: BreakOutlook, now: datetime, *, zone: tzinfo | None = None, clock_time: bool = False
) -> str:
    """The next break in words, lower case: `next break in 23m`, `break due 3m`…

    `clock_time` adds the due time to a countdown: `next break in 23m (10:50)`.
    """
    if not outlook.reminding:
        return "reminders off"
    if paused(outlook, now):
        assert outlook.paused_until is not None
        return f"paused until {_clock(outlook.paused_until, now, zone)}"
    if not outlook.enabled:
        return "breaks off"
    if outlook.deferred:
        return f"break waits ({outlook.deferred})"
    if outlook.due_since is not None:
        waited = (now - outlook.due_since).total_seconds()
        return "break due now" if waited < 60 else f"break due {_duration(int(waited // 60))}"
    due = outlook.next_break
    if due is None:
        return "no break planned"
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return "break due now"
    if outlook.after_hours:
        return f"next break {_clock(due, now, zone)} — {OUTSIDE_HOURS}"
    if seconds < 60:
        return "next break in <1m"
    if seconds < COUNTDOWN_HORIZON:
        text = f"next break in {_duration(_minutes(seconds))}"
        return f"{text} ({_local(due, zone):%H:%M})" if clock_time else text
    return f"next break {_local(due, zone):%a %H:%M}"


def phrase_changes_in(outlook: BreakOutlook, now: datetime) -> float | None:
    """Seconds until `break_phrase` may say something else; None: not until new facts."""
    if not outlook.reminding:
        return None
    if paused(outlook, now):
        assert outlook.paused_until is not None
        return max(0.05, (outlook.paused_until - now).total_seconds())
    if not outlook.enabled or outlook.deferred:
        return None
    if outlook.due_since is not None:
        waited = (now - outlook.due_since).total_seconds()
        return 60 - waited % 60 + 0.05  # "due 3m" becomes "due 4m"
    due = outlook.next_break
    if due is None:
        return None
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return None
    if outlook.after_hours or seconds < 60:
        wait = seconds
    elif seconds < COUNTDOWN_HORIZON:
        # The shown minute (rounded to nearest) changes when `seconds` crosses m - 0.5 min.
        wait = seconds - (_minutes(seconds) - 0.5) * 60
    else:
        wait = seconds - COUNTDOWN_HORIZON
    return max(0.05, wait + 0.05)


def next_midnight(now: datetime, zone: tzinfo | None = None) -> datetime:
    """The start of tomorrow where the user is (today's figures change then)."""
    local = _local(now, zone)
    tomorrow = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return tomorrow
