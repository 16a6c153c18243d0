"""The pure reminder rules, one table each."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from coach.config import Config
from coach.reminders.schedule import (
    Cadence,
    Presence,
    ReminderKind,
    Window,
    can_snooze,
    clock_gap,
    in_quiet_hours,
    in_working_hours,
    keep_deferring,
    looks_like_resume,
    may_remind,
    next_aligned,
    next_due,
    next_window_open,
    presence,
    reminder_text,
    snooze_until,
    waits_for_working_hours,
    working_period_end,
)
from tests.reminders.conftest import BERLIN

OFFICE = Window(zone=BERLIN)  # Mon-Fri 09:00-18:00
LUNCH = Window(zone=BERLIN, quiet=((time(12, 30), time(13, 30)),))
NIGHT_SHIFT = Window(zone=BERLIN, start=time(22, 0), end=time(6, 0))
HOURLY = Cadence(3600)


def at(text: str) -> datetime:
    """`Mon 09:00` in the first week of January 2026 (Mon = 5 Jan), Berlin time."""
    day, clock = text.split()
    offset = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun").index(day)
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime(2026, 1, 5 + offset, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("window", "when", "expected"),
    [
        (OFFICE, "Mon 08:59", False),
        (OFFICE, "Mon 09:00", True),
        (OFFICE, "Fri 17:59", True),
        (OFFICE, "Fri 18:00", False),
        (OFFICE, "Sat 10:00", False),
        (OFFICE, "Sun 23:59", False),
        (NIGHT_SHIFT, "Mon 23:00", True),
        (NIGHT_SHIFT, "Tue 05:59", True),  # Monday's shift, after midnight
        (NIGHT_SHIFT, "Mon 05:00", False),  # Sunday's shift: not a working day
        (NIGHT_SHIFT, "Sat 03:00", True),  # Friday's shift
        (NIGHT_SHIFT, "Sat 23:00", False),
        (Window(zone=BERLIN, anytime=True), "Sun 03:00", True),
    ],
)
def test_working_hours(window: Window, when: str, expected: bool) -> None:
    assert in_working_hours(at(when), window) is expected


@pytest.mark.parametrize(
    ("quiet", "when", "expected"),
    [
        ((time(12, 30), time(13, 30)), "Mon 12:29", False),
        ((time(12, 30), time(13, 30)), "Mon 12:30", True),
        ((time(12, 30), time(13, 30)), "Mon 13:30", False),
        ((time(22, 0), time(7, 0)), "Mon 23:00", True),
        ((time(22, 0), time(7, 0)), "Mon 06:59", True),
        ((time(22, 0), time(7, 0)), "Mon 07:00", False),
    ],
)
def test_quiet_hours(quiet: tuple[time, time], when: str, expected: bool) -> None:
    window = Window(zone=BERLIN, quiet=(quiet,))
    assert in_quiet_hours(at(when), window) is expected
    assert may_remind(at(when), Window(zone=BERLIN, anytime=True, quiet=(quiet,))) is not expected


@pytest.mark.parametrize(
    ("window", "when", "opens", "fresh"),
    [
        (OFFICE, "Mon 10:00", "Mon 10:00", False),
        (OFFICE, "Mon 07:00", "Mon 09:00", True),
        (OFFICE, "Mon 18:00", "Tue 09:00", True),
        (OFFICE, "Fri 18:30", "Mon 09:00", True),
        (LUNCH, "Mon 12:45", "Mon 13:30", False),
        (NIGHT_SHIFT, "Mon 12:00", "Mon 22:00", True),
    ],
)
def test_next_window_open(window: Window, when: str, opens: str, fresh: bool) -> None:
    if opens.startswith("Mon") and when.startswith("Fri"):
        expected = at(opens) + timedelta(days=7)
    else:
        expected = at(opens)
    assert next_window_open(at(when), window) == (expected, fresh)


def test_a_window_that_never_opens() -> None:
    always_quiet = Window(zone=BERLIN, quiet=((time(8, 0), time(19, 0)),))
    assert next_window_open(at("Mon 10:00"), always_quiet) is None
    assert next_due(at("Mon 10:00"), HOURLY, always_quiet) is None


@pytest.mark.parametrize(
    ("window", "cadence", "anchor", "due"),
    [
        (OFFICE, HOURLY, "Mon 09:00", "Mon 10:00"),
        (OFFICE, HOURLY, "Mon 16:59", "Mon 17:59"),
        # the slot falls after work: the next day's timer starts at 09:00
        (OFFICE, HOURLY, "Mon 17:30", "Tue 10:00"),
        (OFFICE, HOURLY, "Sat 11:00", "Mon+7 10:00"),
        (OFFICE, HOURLY, "Fri 17:15", "Mon+7 10:00"),
        # the slot falls in quiet hours: it comes when they end
        (LUNCH, HOURLY, "Mon 11:45", "Mon 13:30"),
        (LUNCH, Cadence(1800), "Mon 11:00", "Mon 11:30"),
        # clock-aligned: at :50, skipping a slot less than 15 minutes away
        (OFFICE, Cadence(3600, 50), "Mon 09:00", "Mon 09:50"),
        (OFFICE, Cadence(3600, 50), "Mon 09:40", "Mon 10:50"),
        (OFFICE, Cadence(3600, 50), "Mon 09:50", "Mon 10:50"),
        (OFFICE, Cadence(3600, 0), "Mon 17:30", "Tue 10:00"),
        (NIGHT_SHIFT, HOURLY, "Mon 23:30", "Tue 00:30"),
    ],
)
def test_next_due(window: Window, cadence: Cadence, anchor: str, due: str) -> None:
    expected = at(due.replace("+7", "")) + (timedelta(days=7) if "+7" in due else timedelta())
    assert next_due(at(anchor), cadence, window) == expected


def berlin(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=BERLIN, fold=fold)  # type: ignore[misc]


ANYTIME = Window(zone=BERLIN, anytime=True)
# Every day, 00:00-23:59: working hours through the night of a DST change
ALL_WEEK = Window(zone=BERLIN, days=frozenset(range(7)), start=time(0, 0), end=time(23, 59))


@pytest.mark.parametrize(
    ("window", "cadence", "anchor", "due"),
    [
        # 29 March 2026, 02:00 CET -> 03:00 CEST: one hour later is 03:30, not 02:30
        (ANYTIME, HOURLY, berlin(2026, 3, 29, 1, 30), berlin(2026, 3, 29, 3, 30)),
        # clock-aligned across the gap: 01:50 -> 03:50, one real hour apart
        (ANYTIME, Cadence(3600, 50), berlin(2026, 3, 29, 1, 50), berlin(2026, 3, 29, 3, 50)),
        # 25 October 2026, 03:00 CEST -> 02:00 CET: 02:30 comes twice
        (ANYTIME, HOURLY, berlin(2026, 10, 25, 2, 30), berlin(2026, 10, 25, 2, 30, fold=1)),
        (ANYTIME, Cadence(3600, 50), berlin(2026, 10, 25, 1, 50), berlin(2026, 10, 25, 2, 50)),
        # a weekend with the spring change: Monday still starts at 09:00 local (CEST)
        (OFFICE, HOURLY, berlin(2026, 3, 27, 17, 30), berlin(2026, 3, 30, 10, 0)),
        (ALL_WEEK, HOURLY, berlin(2026, 3, 29, 1, 30), berlin(2026, 3, 29, 3, 30)),
    ],
)
def test_dst_changes(window: Window, cadence: Cadence, anchor: datetime, due: datetime) -> None:
    got = next_due(anchor, cadence, window)
    # Compare in UTC: Python calls any inter-zone comparison with an ambiguous time unequal.
    assert got == due.astimezone(UTC)
    assert got is not None and got.astimezone(BERLIN).utcoffset() == due.utcoffset()


def test_an_hour_later_is_always_3600_real_seconds_through_dst() -> None:
    start = berlin(2026, 3, 28, 20, 0)
    anchor = start
    for _ in range(30):  # through the night of the change
        due = next_due(anchor, HOURLY, ANYTIME)
        assert due is not None
        assert (due - anchor).total_seconds() == 3600
        anchor = due


@pytest.mark.parametrize(
    ("after", "minute", "expected"),
    [
        (datetime(2026, 1, 5, 9, 0, tzinfo=UTC), 50, datetime(2026, 1, 5, 9, 50, tzinfo=UTC)),
        (datetime(2026, 1, 5, 9, 50, tzinfo=UTC), 50, datetime(2026, 1, 5, 9, 50, tzinfo=UTC)),
        (datetime(2026, 1, 5, 9, 51, tzinfo=UTC), 50, datetime(2026, 1, 5, 10, 50, tzinfo=UTC)),
    ],
)
def test_next_aligned(after: datetime, minute: int, expected: datetime) -> None:
    assert next_aligned(after, minute, UTC) == expected


def test_next_aligned_in_a_half_hour_zone() -> None:
    from zoneinfo import ZoneInfo

    kolkata = ZoneInfo("Asia/Kolkata")  # UTC+05:30
    after = datetime(2026, 1, 5, 9, 55, tzinfo=kolkata)
    assert next_aligned(after, 50, kolkata) == datetime(2026, 1, 5, 10, 50, tzinfo=kolkata)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("Mon 10:00", "Mon 10:10"),
        ("Mon 17:55", None),  # the day ends first: no snoozed reminder at 09:05 tomorrow
    ],
)
def test_snooze_until(now: str, expected: str | None) -> None:
    assert snooze_until(at(now), 600, OFFICE) == (at(expected) if expected else None)


@pytest.mark.parametrize(
    ("wall_moved", "mono_moved", "gap", "resume"),
    [
        (60.0, 60.0, 0.0, False),
        (5.2, 5.0, 0.2, False),  # scheduling jitter
        (3 * 3600 + 5, 5.0, 3 * 3600.0, True),  # a 3-hour suspend
        (31.0, 1.0, 30.0, True),
        (-3600.0, 5.0, -3605.0, True),  # the wall clock set back an hour
    ],
)
def test_suspend_detection(wall_moved: float, mono_moved: float, gap: float, resume: bool) -> None:
    wall = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    got = clock_gap(100.0, wall, 100.0 + mono_moved, wall + timedelta(seconds=wall_moved))
    assert got == pytest.approx(gap)
    assert looks_like_resume(got) is resume


@pytest.mark.parametrize(
    ("idle", "expected"),
    [
        (None, Presence.ACTIVE),  # no idle source: assume present
        (0.0, Presence.ACTIVE),
        (119.0, Presence.ACTIVE),
        (120.0, Presence.AWAY),
        (299.0, Presence.AWAY),
        (300.0, Presence.ON_BREAK),
        (3600.0, Presence.ON_BREAK),
    ],
)
def test_presence(idle: float | None, expected: Presence) -> None:
    assert presence(idle, break_length=300) is expected


def test_a_short_break_length_wins_over_away() -> None:
    assert presence(90, break_length=60) is Presence.ON_BREAK


@pytest.mark.parametrize(
    ("busy", "waited", "max_defer", "expected"),
    [
        (False, None, 1800, False),
        (True, None, 1800, True),
        (True, 0.0, 1800, True),
        (True, 1799.0, 1800, True),
        (True, 1800.0, 1800, False),  # waited long enough: remind anyway
        (True, None, 0, False),  # deferral turned off
    ],
)
def test_keep_deferring(busy: bool, waited: float | None, max_defer: float, expected: bool) -> None:
    now = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    since = now - timedelta(seconds=waited) if waited is not None else None
    assert keep_deferring(busy, since, now, max_defer) is expected


@pytest.mark.parametrize(
    ("snoozes", "limit", "expected"),
    [(0, 2, True), (1, 2, True), (2, 2, False), (3, 2, False), (0, 0, False)],
)
def test_can_snooze(snoozes: int, limit: int, expected: bool) -> None:
    assert can_snooze(snoozes, limit) is expected


def test_reminder_text_says_plainly_when_snoozing_is_over() -> None:
    config = Config()
    offer = "Desk break · 3 min: chin tuck, seated twist…"
    title, body = reminder_text(
        ReminderKind.SITTING, config, snoozes_in_a_row=1, sat_for=3600, routine=offer
    )
    assert (title, body) == ("Time to stand up", f"You have been sitting for 1h. {offer}")
    title, body = reminder_text(ReminderKind.SITTING, config, snoozes_in_a_row=2, routine=offer)
    assert title == "Stand up now"
    assert "snoozed this break twice; no more snoozing" in body and body.endswith(offer)
    title, body = reminder_text(ReminderKind.EYES, config)
    assert (title, body) == ("Eye break", "Look at something about 6 m (20 feet) away for 20 s.")
    title, body = reminder_text(ReminderKind.WATER, config, water_ml_today=1000)
    assert (title, body) == ("Drink some water", "A glass (250 ml) now. Today: 1.0 of 2.0 L.")


@pytest.mark.parametrize(
    ("window", "now", "due", "waits"),
    [
        (OFFICE, "Mon 10:00", "Mon 11:00", False),
        (OFFICE, "Mon 17:30", "Tue 10:00", True),  # the working day ends first
        (OFFICE, "Thu 17:30", "Fri 10:00", True),
        (OFFICE, "Sat 11:00", "Sun 10:00", True),  # now is outside working hours
        (OFFICE, "Mon 08:00", "Mon 10:00", True),
        (LUNCH, "Mon 12:00", "Mon 13:30", False),  # quiet hours are not working hours
        (NIGHT_SHIFT, "Mon 23:00", "Tue 01:00", False),  # a shift across midnight
        (NIGHT_SHIFT, "Tue 05:30", "Tue 23:00", True),
        (Window(zone=BERLIN, anytime=True), "Sat 03:00", "Sat 04:00", False),
    ],
)
def test_a_break_that_waits_for_working_hours(
    window: Window, now: str, due: str, waits: bool
) -> None:
    assert waits_for_working_hours(at(now), at(due), window) is waits


def test_the_working_period_ends_on_its_own_day_or_the_next() -> None:
    assert working_period_end(at("Mon 10:00"), OFFICE) == at("Mon 18:00")
    assert working_period_end(at("Tue 01:00"), NIGHT_SHIFT) == at("Tue 06:00")
    assert working_period_end(at("Mon 23:00"), NIGHT_SHIFT) == at("Tue 06:00")
    assert working_period_end(at("Mon 10:00"), Window(zone=BERLIN, anytime=True)) is None
