"""Goals, streaks and the grid: week boundaries, time zones, DST, edge cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from history_helpers import add_session, at

from coach.history.journal import Journal
from coach.history.progress import (
    Goals,
    compute_streaks,
    current_streak,
    heatmap,
    pain_trend,
    recent_days,
    stats,
    streaks,
    today_progress,
    week_progress,
    week_start,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


# ----------------------------------------------------------------------------- weeks


def test_weeks_start_on_monday() -> None:
    assert week_start(date(2026, 10, 25)) == date(2026, 10, 19)  # Sunday
    assert week_start(date(2026, 10, 26)) == date(2026, 10, 26)  # Monday
    assert week_start(date(2027, 1, 1)) == date(2026, 12, 28)  # across a new year


def test_sunday_2330_and_monday_0030_fall_in_different_weeks(journal: Journal) -> None:
    add_session(journal, at("2026-01-11 23:30", LONDON), minutes=20, exercise="walk")  # Sunday
    add_session(journal, at("2026-01-12 00:30", LONDON), minutes=15, exercise="walk")  # Monday

    sunday_night = week_progress(journal, at("2026-01-11 23:59", LONDON))
    assert sunday_night.start == date(2026, 1, 5)
    assert sunday_night.moderate_minutes == pytest.approx(20)

    monday = week_progress(journal, at("2026-01-12 08:00", LONDON))
    assert monday.start == date(2026, 1, 12)
    assert monday.moderate_minutes == pytest.approx(15)
    assert monday.days_so_far == 1


def test_a_session_counts_on_the_day_it_started(journal: Journal) -> None:
    add_session(
        journal, at("2026-01-11 23:50", LONDON), minutes=30, exercise="walk"
    )  # ends Monday 00:20
    monday = week_progress(journal, at("2026-01-12 08:00", LONDON))
    assert monday.moderate_minutes == 0
    assert week_progress(journal, at("2026-01-11 23:59", LONDON)).moderate_minutes == pytest.approx(
        30
    )


def test_the_clocks_going_back_on_the_last_sunday_of_october(journal: Journal) -> None:
    # 25 Oct 2026: 02:00 BST becomes 01:00 GMT, so 01:30 happens twice.
    journal_day = date(2026, 10, 25)
    add_session(
        journal, datetime(2026, 10, 24, 23, 30, tzinfo=UTC), minutes=10, exercise="walk"
    )  # 00:30 BST Sun
    add_session(
        journal, datetime(2026, 10, 25, 0, 30, tzinfo=UTC), minutes=10, exercise="walk"
    )  # 01:30 BST
    add_session(
        journal, datetime(2026, 10, 25, 1, 30, tzinfo=UTC), minutes=10, exercise="walk"
    )  # 01:30 GMT
    add_session(
        journal, at("2026-10-25 23:30", LONDON), minutes=10, exercise="walk"
    )  # Sunday night, GMT
    add_session(journal, at("2026-10-26 00:30", LONDON), minutes=10, exercise="walk")  # Monday

    (sunday,) = recent_days(journal, at("2026-10-25 23:59", LONDON), days=1)
    assert sunday.day == journal_day
    assert sunday.moderate_minutes == pytest.approx(40)  # a 25-hour day keeps all four

    old_week = week_progress(journal, at("2026-10-25 23:59", LONDON))
    assert (old_week.start, old_week.moderate_minutes) == (date(2026, 10, 19), pytest.approx(40))
    new_week = week_progress(journal, at("2026-10-26 12:00", LONDON))
    assert (new_week.start, new_week.moderate_minutes) == (date(2026, 10, 26), pytest.approx(10))


def test_the_clocks_going_forward_in_march(journal: Journal) -> None:
    # 29 Mar 2026: 01:00 GMT becomes 02:00 BST. Sunday 23:30 BST is 22:30 UTC.
    add_session(journal, at("2026-03-29 23:30", LONDON), minutes=10, exercise="walk")
    add_session(
        journal, datetime(2026, 3, 29, 23, 30, tzinfo=UTC), minutes=10, exercise="walk"
    )  # Mon 00:30 BST
    sunday = week_progress(journal, datetime(2026, 3, 29, 22, 59, tzinfo=UTC))
    assert (sunday.start, sunday.moderate_minutes) == (date(2026, 3, 23), pytest.approx(10))
    monday = week_progress(journal, datetime(2026, 3, 30, 8, 0, tzinfo=UTC))
    assert (monday.start, monday.moderate_minutes) == (date(2026, 3, 30), pytest.approx(10))


def test_the_day_is_the_writers_local_day_not_utc(tmp_path: Path) -> None:
    # Monday 20:30 in New York is already Tuesday 01:30 UTC.
    with Journal(tmp_path / "ny.db", zone=NEW_YORK) as journal:
        add_session(journal, datetime(2026, 1, 6, 1, 30, tzinfo=UTC), minutes=25, exercise="walk")
        (monday,) = recent_days(journal, at("2026-01-05 23:00", NEW_YORK), days=1)
        assert monday.day == date(2026, 1, 5)
        assert monday.moderate_minutes == pytest.approx(25)
        # At 02:00 UTC on Tuesday it is still Monday evening in the journal's zone.
        assert today_progress(journal, datetime(2026, 1, 6, 2, 0, tzinfo=UTC)).day == date(
            2026, 1, 5
        )


def test_days_stay_where_they_were_lived_when_read_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "travel.db"
    with Journal(path, zone=LONDON) as journal:
        add_session(journal, at("2026-01-05 23:30", LONDON), minutes=10, exercise="walk")
    with Journal(path, zone=ZoneInfo("Asia/Tokyo")) as journal:  # flew east since
        (session,) = journal.recent_sessions()
        assert session.day == date(2026, 1, 5)
        assert session.started_at.strftime("%H:%M") == "23:30"


# ----------------------------------------------------------------------------- goals


def test_moderate_activity_is_walking_in_routines_and_activity_logged(journal: Journal) -> None:
    morning = at("2026-01-07 08:00", LONDON)
    for hour, kind in enumerate(
        ["stretch", "core", "posture", "mixed", "hydration", "breathing", "therapy"]
    ):
        add_session(journal, morning + timedelta(hours=hour), minutes=10, kind=kind)
    add_session(journal, morning + timedelta(hours=8), minutes=3, kind="posture", exercise="walk")
    journal.log_activity("walk", 30 * 60, morning + timedelta(hours=9))
    journal.log_activity("run", 20 * 60, morning + timedelta(hours=10))  # vigorous: double
    journal.log_activity("strength", 45 * 60, morning + timedelta(hours=11))  # not aerobic
    today = today_progress(journal, at("2026-01-07 20:00", LONDON))
    assert today.moderate_minutes == pytest.approx(3 + 30 + 40)
    assert today.sessions == 8  # every kind of routine is a session


def test_a_quit_or_interrupted_session_counts_what_was_done(journal: Journal) -> None:
    add_session(journal, at("2026-01-07 08:00", LONDON), minutes=6, status="quit", exercise="walk")
    session_id = journal.start_session("x", "X", "posture", 600, at("2026-01-07 09:00", LONDON))
    journal.record_step(
        session_id, 0, "a", "done", 120, at("2026-01-07 09:02", LONDON), exercise="walk"
    )
    today = today_progress(journal, at("2026-01-07 20:00", LONDON))
    assert today.moderate_minutes == pytest.approx(8)


def test_strength_days_need_core_or_the_tag_and_at_least_half_done(journal: Journal) -> None:
    monday = at("2026-01-05 08:00", LONDON)
    add_session(journal, monday, kind="core")  # Monday: counts
    add_session(journal, monday + timedelta(days=1), kind="stretch")  # Tuesday: not strength
    add_session(
        journal, monday + timedelta(days=2), kind="mixed", tags=("strength", "desk")
    )  # Wednesday: tagged
    add_session(
        journal,
        monday + timedelta(days=3),
        kind="core",
        status="quit",
        minutes=2,
        planned_minutes=10,
    )  # Thursday: quit after a fifth
    add_session(
        journal,
        monday + timedelta(days=4),
        kind="core",
        status="quit",
        minutes=6,
        planned_minutes=10,
    )  # Friday: more than half
    add_session(journal, monday + timedelta(hours=3), kind="core")  # Monday again: one day
    week = week_progress(journal, at("2026-01-11 12:00", LONDON))
    assert [figures.strength for figures in week.days] == [
        True,
        False,
        True,
        False,
        True,
        False,
        False,
    ]
    assert week.strength_days == 3 and week.strength_met


def test_goals_are_parameters(journal: Journal) -> None:
    journal.log_activity("cycle", 40 * 60, at("2026-01-05 08:00", LONDON))
    now = at("2026-01-05 20:00", LONDON)
    assert not week_progress(journal, now).moderate_met
    assert week_progress(journal, now, Goals(weekly_moderate_minutes=30)).moderate_met


def test_goals_from_a_config() -> None:
    class FakeConfig:
        weekly_active_minutes = 200
        weekly_strength_days = 3
        water_goal_ml = 2500

    assert Goals.from_config(FakeConfig()) == Goals(200, 3, 2500)
    assert Goals.from_config(object()) == Goals()


def test_water_per_day_against_the_goal(journal: Journal) -> None:
    monday = at("2026-01-05 10:00", LONDON)
    for day, glasses in enumerate([8, 4, 9]):
        for n in range(glasses):
            journal.log_water(250, monday + timedelta(days=day, minutes=n))
    week = week_progress(journal, at("2026-01-07 20:00", LONDON))
    assert [figures.water_ml for figures in week.days[:3]] == [2000, 1000, 2250]
    assert (week.water_days_met, week.days_so_far) == (2, 3)
    today = today_progress(journal, at("2026-01-07 20:00", LONDON), Goals(water_goal_ml=2500))
    assert (today.water_ml, today.water_goal_ml) == (2250, 2500)


def test_sitting_breaks_offered(journal: Journal) -> None:
    base = at("2026-01-05 10:00", LONDON)
    answers = ["started", "snoozed", "pending", "deferred", "skipped", "ignored", "started"]
    for n, answer in enumerate(answers):
        journal.record_reminder("sitting", base, base + timedelta(hours=n), answer)
    journal.record_reminder("water", base, base, "started")
    today = today_progress(journal, at("2026-01-05 20:00", LONDON))
    # snoozed comes back as a new reminder, deferred was never shown
    assert today.breaks_offered == 5


def test_pain_today_and_its_trend_over_days(journal: Journal) -> None:
    journal.log_pain(7, at("2026-01-03 09:00", LONDON), "manual")
    journal.log_pain(5, at("2026-01-05 09:00", LONDON), "before")
    journal.log_pain(3, at("2026-01-05 18:00", LONDON), "manual")
    today = today_progress(journal, at("2026-01-05 20:00", LONDON))
    assert today.pain_levels == (5, 3)
    assert today.pain_trend == "easing"  # the worst of a day: 7, then 5


def test_readings_within_minutes_are_no_trend(journal: Journal) -> None:
    # "pain 8, 9, 3, 8, 2, 4, 1 (last 7 days: easing)" from seven readings in ten minutes
    for minute, level in enumerate([8, 9, 3, 8, 2, 4, 1]):
        journal.log_pain(level, at(f"2026-01-05 09:0{minute}", LONDON), "manual")
    today = today_progress(journal, at("2026-01-05 20:00", LONDON))
    assert today.pain_levels == (8, 9, 3, 8, 2, 4, 1)
    assert today.pain_trend == "none"


def _days(*levels: int) -> dict[date, int]:
    return {date(2026, 1, 1) + timedelta(days=n): level for n, level in enumerate(levels)}


@pytest.mark.parametrize(
    ("worst_by_day", "trend"),
    [
        ({}, "none"),
        (_days(4), "none"),  # one day is no trend, however many readings it had
        (_days(3, 4), "steady"),
        (_days(3, 5), "rising"),
        (_days(7, 2, 5), "easing"),
        ({date(2026, 1, 6): 2, date(2026, 1, 1): 8}, "easing"),  # by day, not by order given
    ],
)
def test_pain_trend(worst_by_day: dict[date, int], trend: str) -> None:
    assert pain_trend(worst_by_day) == trend


# ----------------------------------------------------------------------------- streaks


def d(day: int, month: int = 1) -> date:
    return date(2026, month, day)


@pytest.mark.parametrize(
    ("days", "today", "current", "best", "practised_today"),
    [
        ([], d(10), 0, 0, False),
        ([d(10)], d(10), 1, 1, True),
        ([d(9)], d(10), 1, 1, False),  # today not done yet: yesterday's streak holds
        ([d(8)], d(10), 0, 1, False),  # a missed day breaks it
        ([d(7), d(8), d(9)], d(10), 3, 3, False),
        ([d(7), d(8), d(9), d(10)], d(10), 4, 4, True),
        ([d(1), d(2), d(3), d(4), d(5), d(9), d(10)], d(10), 2, 5, True),  # best in the past
        ([d(9), d(9), d(10), d(10)], d(10), 2, 2, True),  # several sessions a day
        ([d(9), d(10), d(11)], d(10), 2, 2, True),  # a day in the future is ignored
        ([date(2025, 12, 31), d(1)], d(1), 2, 2, True),  # across the new year
        ([date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)], date(2024, 3, 1), 3, 3, True),
    ],
)
def test_compute_streaks(
    days: list[date], today: date, current: int, best: int, practised_today: bool
) -> None:
    result = compute_streaks(days, today)
    assert (result.current, result.best, result.practised_today) == (
        current,
        best,
        practised_today,
    )


def test_streaks_from_the_journal_count_days_with_a_routine_done(journal: Journal) -> None:
    add_session(journal, at("2026-01-03 08:00", LONDON), kind="hydration")  # any kind counts
    add_session(journal, at("2026-01-04 08:00", LONDON), status="quit", steps=1)  # a step done
    add_session(journal, at("2026-01-05 08:00", LONDON), status="quit", steps=0)  # nothing done
    result = streaks(journal, at("2026-01-05 20:00", LONDON))
    assert (result.current, result.best, result.practised_today) == (2, 2, False)
    assert current_streak(journal, date(2026, 1, 5)) == 2
    assert current_streak(journal, date(2026, 1, 6)) == 0


def test_the_streak_day_follows_the_local_zone(journal: Journal) -> None:
    # 00:30 BST on Sunday is still Saturday in UTC: the streak counts it on Sunday.
    add_session(journal, at("2026-10-24 12:00", LONDON))
    add_session(journal, datetime(2026, 10, 24, 23, 30, tzinfo=UTC))
    assert journal.practice_days() == [date(2026, 10, 24), date(2026, 10, 25)]
    assert streaks(journal, at("2026-10-25 20:00", LONDON)).current == 2


# ----------------------------------------------------------------------------- grid and stats


def test_heatmap_is_twelve_monday_weeks_ending_this_week(journal: Journal) -> None:
    walk = {"exercise": "walk"}
    add_session(journal, at("2026-01-07 08:00", LONDON), minutes=12, **walk)  # Wednesday
    add_session(journal, at("2025-10-20 08:00", LONDON), minutes=7, **walk)  # the grid's first day
    add_session(journal, at("2025-10-19 08:00", LONDON), minutes=99, **walk)  # before it
    grid = heatmap(journal, at("2026-01-08 10:00", LONDON))  # Thursday
    assert len(grid) == 12 and all(len(week) == 7 for week in grid)
    assert grid[0][0].day == date(2025, 10, 20) and grid[0][0].minutes == pytest.approx(7)
    assert grid[-1][0].day == date(2026, 1, 5)
    assert grid[-1][2].minutes == pytest.approx(12)
    assert grid[-1][3].minutes == 0  # today, nothing yet
    assert [cell.minutes for cell in grid[-1][4:]] == [None, None, None]  # days to come
    assert sum(cell.minutes or 0 for week in grid for cell in week) == pytest.approx(19)


def test_recent_days_fill_gaps_with_zeros(journal: Journal) -> None:
    add_session(journal, at("2026-01-05 08:00", LONDON), minutes=10, exercise="walk")
    journal.log_water(500, at("2026-01-03 08:00", LONDON))
    rows = recent_days(journal, at("2026-01-05 20:00", LONDON), days=30)
    assert len(rows) == 30 and rows[0].day == date(2025, 12, 7) and rows[-1].day == date(2026, 1, 5)
    assert (rows[-1].moderate_minutes, rows[-1].sessions) == (pytest.approx(10), 1)
    assert rows[-3].water_ml == 500
    assert sum(row.moderate_minutes for row in rows) == pytest.approx(10)


def test_stats_to_dict_is_json_ready(journal: Journal) -> None:
    import json

    add_session(journal, at("2026-01-05 08:00", LONDON), pain_before=3, pain_after=2)
    data = stats(journal, at("2026-01-05 20:00", LONDON)).to_dict()
    assert set(data) == {"today", "week", "streaks", "peg"}
    assert data["week"]["start"] == "2026-01-05"
    assert len(data["week"]["days"]) == 7
    json.dumps(data)
