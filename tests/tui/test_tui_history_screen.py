"""The History screen: goals, streak, charts and sessions from a real journal, and its empty states.

The journal is a real SQLite file in a temp dir, filled through its own API for a fixed
week (Thursday 12 March 2026, London time), and the screen reads the FakeClock's day.
"""

from __future__ import annotations

import itertools
import socket
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from screen_host import NOW, ZONE, ScreenHost
from textual.app import App
from textual.widgets import DataTable, Label, ProgressBar, Static, TabbedContent
from tui_support import SIZE, screen_text

from coach.clock import FakeClock
from coach.history.journal import Journal, JournalError
from coach.history.progress import Goals
from coach.tui.screens.history import (
    HistoryScreen,
    day_labels,
    pain_points,
    pain_text,
    streak_text,
    time_text,
    week_span,
)
from coach.tui.screens.undo import UndoScreen
from coach.tui.widgets.charts import (
    BarChart,
    PainChart,
    PainPoint,
    label_positions,
    nice_step,
    y_ticks,
)


def add_session(
    journal: Journal,
    days_ago: int,
    hour: int,
    routine: tuple[str, str, str],
    *,
    planned_min: float,
    active_min: float,
    status: str = "completed",
    pain: tuple[int | None, int | None] = (None, None),
    walk_min: float = 0,
) -> int:
    """A session of `active_min` minutes of work, the last `walk_min` of them walking."""
    routine_id, name, kind = routine
    start = NOW.replace(hour=hour, minute=0) - timedelta(days=days_ago)
    end = start + timedelta(minutes=active_min)
    session = journal.start_session(routine_id, name, kind, planned_min * 60, start)
    journal.record_step(session, 0, "Step", "done", (active_min - walk_min) * 60, end)
    if walk_min:
        journal.record_step(session, 1, "Walk around", "done", walk_min * 60, end, exercise="walk")
    if status != "interrupted":
        journal.finish_session(
            session,
            ended_at=end,
            status=status,  # type: ignore[arg-type]
            active_seconds=active_min * 60,
            pain_before=pain[0],
            pain_after=pain[1],
        )
    return session


def interrupt(journal: Journal, session_id: int) -> None:
    """Make a running session look like its process died (as after a crash or kill -9)."""
    with sqlite3.connect(journal.path) as conn:
        conn.execute(
            "UPDATE sessions SET owner = ? WHERE id = ?", (f"{socket.gethostname()}:0:", session_id)
        )
    conn.close()
    assert journal.mark_interrupted() == 1


DESK = ("desk-break", "Desk break", "posture")
CORE = ("core-strength", "Core strength", "core")
MOBILITY = ("morning-mobility", "Morning mobility", "stretch")


@pytest.fixture
def history_clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def empty_journal(tmp_path: Path) -> Any:
    journal = Journal(tmp_path / "coach.db", zone=ZONE, now=NOW)
    yield journal
    journal.close()


@pytest.fixture
def journal(empty_journal: Journal) -> Journal:
    """This week: four days in a row (a quit and an interrupted one among them), a walk in
    today's desk break and a bike ride on Tuesday; before that a break on Sunday, and a
    6-day run ending Monday 2 March, with a 20-minute walk each day."""
    j = empty_journal
    add_session(j, 0, 8, DESK, planned_min=5, active_min=5, pain=(3, 2), walk_min=2)
    add_session(j, 1, 9, CORE, planned_min=12, active_min=12, pain=(4, 3))
    add_session(j, 2, 7, MOBILITY, planned_min=10, active_min=6, status="quit", pain=(5, 7))
    interrupt(j, add_session(j, 3, 7, CORE, planned_min=12, active_min=3, status="interrupted"))
    j.log_activity("cycle", 30 * 60, NOW.replace(hour=18) - timedelta(days=2))
    for days_ago in range(10, 16):
        add_session(j, days_ago, 8, MOBILITY, planned_min=10, active_min=10)
        j.log_activity("walk", 20 * 60, NOW.replace(hour=18) - timedelta(days=days_ago))
    for days_ago, ml in ((0, 1500), (1, 2000), (2, 1000), (3, 500)):
        for _ in range(ml // 250):
            j.log_water(250, NOW.replace(hour=12) - timedelta(days=days_ago))
    for weeks_ago, answers in ((3, (7, 6, 5)), (2, (6, 5, 5)), (0, (4, 4, 4))):
        j.log_peg(answers, NOW.replace(hour=9) - timedelta(weeks=weeks_ago))
    return j


def history_app(journal: Any, clock: FakeClock, goals: Goals | None = None) -> ScreenHost:
    return ScreenHost(lambda: HistoryScreen(journal, clock, goals or Goals()))


def label(app: App[Any], selector: str) -> str:
    widget = app.screen.query_one(selector)
    assert isinstance(widget, Label | Static)
    return str(widget.content)


# ----------------------------------------------------------------------------- this week


async def test_this_week_shows_the_streak_and_the_goals(journal, history_clock):
    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one(TabbedContent).active == "week"
        assert label(app, "#streak") == "Streak 4 days · best 6 days · done today"
        assert app.screen.query_one("#goals").border_title == "This week · 9–15 Mar"
        # The walk in today's desk break and Tuesday's ride; stretching and core work
        # are sessions, not aerobic activity.
        assert label(app, "#moderate-figure") == "32 of 150 min"
        # Only Wednesday: Monday's core session was interrupted well before half way.
        assert label(app, "#strength-figure") == "1 of 2 days"
        assert label(app, "#water-figure") == "1.5 L of 2.0 L"
        assert label(app, "#water-days") == "Water goal reached on 1 of 4 days so far this week."
        moderate = app.screen.query_one("#moderate-bar", ProgressBar)
        assert (moderate.progress, moderate.total) == (pytest.approx(32), 150)
        shown = screen_text(app)
        assert "Streak 4 days" in shown
        assert "Moderate activity" in shown and "32 of 150 min" in shown
        assert "Moderate activity a week" in shown
        assert "active" not in shown.lower().replace("activity", "")


async def test_goals_come_from_the_given_goals(journal, history_clock):
    goals = Goals(weekly_moderate_minutes=20, weekly_strength_days=1, water_goal_ml=1500)
    app = history_app(journal, history_clock, goals)
    async with app.run_test(size=SIZE):
        assert label(app, "#moderate-figure") == "32 of 20 min"
        assert label(app, "#strength-figure") == "1 of 1 day"
        assert label(app, "#water-figure") == "1.5 L of 1.5 L"
        assert label(app, "#water-days") == "Water goal reached on 2 of 4 days so far this week."
        moderate = app.screen.query_one("#moderate-bar", ProgressBar)
        assert moderate.percentage == 1  # met: the bar is full, not past its end


async def test_the_day_comes_from_the_injected_clock(journal):
    a_week_later = FakeClock(NOW + timedelta(days=7))
    app = history_app(journal, a_week_later)
    async with app.run_test(size=SIZE):
        assert label(app, "#streak") == (
            "No streak running: a routine today starts one · best 6 days"
        )
        assert app.screen.query_one("#goals").border_title == "This week · 16–22 Mar"
        assert label(app, "#moderate-figure") == "0 of 150 min"


# ----------------------------------------------------------------------------- charts


async def test_charts_show_minutes_water_weeks_and_pain(journal, history_clock):
    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        weeks = app.screen.query_one("#weeks-chart", BarChart)
        assert len(weeks.values) == 12
        # Last week: Monday 2 March's walk only; the week before: 25 February to 1 March.
        assert weeks.values[-3:] == [pytest.approx(100), pytest.approx(20), pytest.approx(32)]
        assert weeks.goal == 150

        await pilot.press("2")
        assert app.screen.query_one(TabbedContent).active == "days"
        minutes = app.screen.query_one("#minutes-chart", BarChart)
        water = app.screen.query_one("#water-chart", BarChart)
        assert len(minutes.values) == 30
        assert minutes.values[-4:] == [0, 30, 0, pytest.approx(2)]
        assert minutes.labels[29] == "today"
        assert water.values[-4:] == [0.5, 1.0, 2.0, 1.5]
        assert water.goal == 2.0
        shown = screen_text(app)
        assert "Moderate activity a day (min) · 30 days: 152 min" in shown
        assert "goal 2.0 L reached on 1 day" in shown

        await pilot.press("3")
        pain = app.screen.query_one("#pain-chart", PainChart)
        assert pain.points == [
            PainPoint("10 Mar", 5, 7),
            PainPoint("11 Mar", 4, 3),
            PainPoint("12 Mar", 3, 2),
        ]
        assert "● before → ◆ after, each session" in screen_text(app)


async def test_no_pain_check_ins_says_so_on_the_pain_tab(empty_journal, history_clock):
    add_session(empty_journal, 0, 8, DESK, planned_min=5, active_min=5)
    app = history_app(empty_journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        assert not app.screen.query_one("#pain-chart").display
        assert "No pain check-ins in the last 30 days" in screen_text(app)


# ----------------------------------------------------------------------------- sessions


async def test_the_pain_tab_shows_the_weekly_peg_and_a_30_percent_fall(journal, history_clock):
    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        shown = screen_text(app)
        assert "Weekly PEG (0–10, lower is better): 6.0" in shown
        assert "4.0 (" in shown
        assert "down 33% from 6.0" in shown and "A fall of 30% or more" in shown


async def test_the_pain_tab_says_how_to_answer_the_peg(empty_journal, history_clock):
    empty_journal.log_water(250, history_clock.now())
    app = history_app(empty_journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        assert "No PEG answers yet" in label(app, "#peg-line")
        assert "p on the home screen" in label(app, "#peg-line")


async def test_sessions_table_lists_recent_sessions_newest_first(journal, history_clock):
    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        table = app.screen.query_one("#sessions-table", DataTable)
        assert table.row_count == 10
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(4)]
        assert rows == [
            ["Thu 12 Mar 08:00", "Desk break", "5 min", "completed", "3 → 2"],
            ["Wed 11 Mar 09:00", "Core strength", "12 min", "completed", "4 → 3"],
            ["Tue 10 Mar 07:00", "Morning mobility", "6 min", "quit", "5 → 7"],
            ["Mon 09 Mar 07:00", "Core strength", "3 min", "interrupted", ""],
        ]
        shown = screen_text(app)
        assert "interrupted" in shown
        assert "Wed 25 Feb 08:00" in shown  # all ten rows fit on an 80×24 screen


async def test_the_table_scrolls_with_the_keys(journal, history_clock):
    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        table = app.screen.query_one("#sessions-table", DataTable)
        table.focus()
        await pilot.press("down", "down")
        assert table.cursor_row == 2


# ----------------------------------------------------------------------------- empty states


async def test_an_empty_history_shows_a_friendly_note(empty_journal, history_clock):
    app = history_app(empty_journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        assert not app.screen.query_one("#history-tabs").display
        assert app.screen.query_one("#history-empty").display
        shown = screen_text(app)
        assert "No history yet." in shown
        assert "150 minutes of moderate activity" in shown
        await pilot.press("4")  # no tabs to switch to: nothing breaks
        assert isinstance(app.screen, HistoryScreen)


async def test_water_alone_is_history_enough(empty_journal, history_clock):
    empty_journal.log_water(500, NOW)
    app = history_app(empty_journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#history-tabs").display
        assert label(app, "#water-figure") == "500 ml of 2.0 L"
        await pilot.press("4")
        assert "No sessions yet." in screen_text(app)


async def test_without_a_journal_the_screen_says_history_is_off(history_clock):
    app = history_app(None, history_clock)
    async with app.run_test(size=SIZE):
        assert "History is off for this run" in screen_text(app)


async def test_a_history_that_cannot_be_read_is_reported_not_raised(history_clock):
    class LockedJournal:
        zone = None

        def __getattr__(self, name: str) -> Any:
            def fail(*args: Any, **kwargs: Any) -> Any:
                raise JournalError("the history database stayed busy for 5 s")

            return fail

    app = history_app(LockedJournal(), history_clock)
    async with app.run_test(size=SIZE):
        shown = screen_text(app)
        assert "Your history could not be read:" in shown
        assert "stayed busy for 5 s" in shown


# ----------------------------------------------------------------------------- keys


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_go_back(journal, history_clock, key):
    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        assert not isinstance(app.screen, HistoryScreen)
        assert app.results == [None]


async def test_number_keys_switch_tabs(journal, history_clock):
    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        tabs = app.screen.query_one(TabbedContent)
        for key, tab in (("4", "sessions"), ("3", "pain"), ("2", "days"), ("1", "week")):
            await pilot.press(key)
            assert tabs.active == tab


# ----------------------------------------------------------------------------- undo (u)


async def test_u_removes_the_chosen_entry_after_a_yes(journal, history_clock):
    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        assert isinstance(app.screen, UndoScreen)
        shown = screen_text(app)
        assert "1  Session  Desk break, 5 min of work, 2 check-ins · Thu 12 Mar 08:00" in shown
        assert "2  Activity a 30 min bike ride · Tue 10 Mar 18:00" in shown
        assert "3  Water    250 ml of water · Thu 12 Mar 12:00" in shown
        await pilot.press("3")
        assert "Remove this water entry?" in screen_text(app)
        await pilot.press("n")  # keep it: back to the list
        assert "The last entry of each kind:" in screen_text(app)
        assert journal.water_on(NOW.date()) == 1500
        await pilot.press("3", "y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert journal.water_on(NOW.date()) == 1250
        assert label(app, "#water-figure") == "1.2 L of 2.0 L"  # the screen read it again
        assert any("Removed: 250 ml of water" in n.message for n in app._notifications)


async def test_removing_a_session_from_the_history_screen(journal, history_clock):
    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u", "1")
        assert "Its steps and pain check-ins go with it" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert (
            label(app, "#streak") == "Streak 3 days · best 6 days · a routine today keeps it going"
        )


async def test_nothing_is_removed_without_a_yes(journal, history_clock):
    before = journal.last_entries()
    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u", "y")  # y before picking one: nothing
        assert isinstance(app.screen, UndoScreen)
        await pilot.press("2", "escape", "escape")  # keep it, then leave
        assert isinstance(app.screen, HistoryScreen)
    assert journal.last_entries() == before


async def test_with_nothing_to_undo_u_says_so(empty_journal, history_clock):
    app = history_app(empty_journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        assert isinstance(app.screen, HistoryScreen)
        assert [n.message for n in app._notifications] == ["Nothing to undo yet."]


# ----------------------------------------------------------------------------- words


def test_streak_words():
    from coach.history.progress import Streaks

    assert streak_text(Streaks(0, 0, False, None)) == "No streak yet: a routine today starts one."
    assert streak_text(Streaks(1, 3, False, date(2026, 3, 11))) == (
        "Streak 1 day · best 3 days · a routine today keeps it going"
    )


def test_small_formatters():
    assert time_text(45) == "45 s"
    assert time_text(90) == "2 min"
    assert pain_text(None, 4) == "– → 4"
    assert pain_text(None, None) == ""


def test_week_span_across_a_month():
    from coach.history.progress import Week

    week = Week(date(2026, 3, 30), (), 0, 150, 0, 2, 2000, 0, 1)
    assert week_span(week) == "30 Mar – 5 Apr"


def test_day_labels_end_on_today_and_step_back_a_week():
    from coach.history.progress import DayFigures

    days = [
        DayFigures(date(2026, 2, 11) + timedelta(days=n), 0, 0, 0, 0, 0, False, None)
        for n in range(30)
    ]
    assert day_labels(days) == {1: "12 Feb", 8: "19 Feb", 15: "26 Feb", 22: "5 Mar", 29: "today"}


def test_y_axis_ticks_are_round_and_reach_the_top():
    assert nice_step(150) == 50
    assert y_ticks(26) == [0, 10, 20, 30]
    assert y_ticks(2.0) == [0, 1, 2]
    assert y_ticks(0) == [0, 1]


@pytest.mark.parametrize(
    ("top", "goal", "ticks"),
    [
        (165, 150, [0, 50, 100, 150, 200]),  # the 12-week chart: 50 is never skipped
        (2.75, 2.0, [0, 1, 2, 3]),
        (33, 30, [0, 10, 20, 30, 40]),
        (2.2, 1.5, [0, 0.5, 1, 1.5, 2, 2.5]),
        (7.7, 7, [0, 5, 10]),  # a goal only 1-steps would reach: even ticks, its line alone
    ],
)
def test_y_axis_ticks_are_even_and_the_goal_falls_on_one(top, goal, ticks):
    found = y_ticks(top, goal=goal)
    assert found == pytest.approx(ticks)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(found)}
    assert len(steps) == 1  # evenly spaced


async def test_the_weeks_chart_reads_its_goal_on_an_even_axis(journal, history_clock):
    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE):
        shown = screen_text(app)
        for tick in ("200┤", "150├", "100┤", " 50┤", "  0┤"):
            assert tick in shown


@pytest.mark.parametrize(
    ("labels", "positions"),
    [
        (["6 Dec"] * 4, [0]),  # four sessions on one day: "6 Dec" once
        (["6 Dec", "6 Dec", "7 Dec", "9 Dec", "9 Dec"], [0, 2, 3]),
        ([f"{n} Mar" for n in range(1, 31)], [0, 7, 14, 22, 29]),
    ],
)
def test_pain_labels_name_each_day_once(labels, positions):
    assert label_positions(labels, 5) == positions


async def test_the_pain_chart_pairs_before_and_after_per_session(journal, history_clock):
    sessions = [
        PainPoint("6 Dec", 5, 7),
        PainPoint("6 Dec", 4, None),
        PainPoint("6 Dec", 3, 2),
        PainPoint("7 Dec", None, 6),
    ]

    app = history_app(journal, history_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        chart = app.screen.query_one("#pain-chart", PainChart)
        lines: list[tuple[list[float], list[float]]] = []
        plot = chart.plt.plot

        def recording_plot(xs: list[float], ys: list[float], **options: Any) -> None:
            lines.append((list(xs), list(ys)))
            plot(xs, ys, **options)

        chart.plt.plot = recording_plot
        chart.show(sessions, title="Pain")
        # one line per session with both check-ins, from its before to its after
        assert lines == [([-0.15, 0.15], [5, 7]), ([1.85, 2.15], [3, 2])]


def test_sessions_on_one_day_are_labelled_by_their_time():
    from coach.history.rows import SessionRow

    def row(hour: int, day: int = 6) -> SessionRow:
        start = NOW.replace(month=12, day=day, hour=hour, minute=5)
        return SessionRow(
            1,
            "r",
            "R",
            "stretch",
            (),
            start.date(),
            start,
            None,
            "completed",
            60,
            60,
            1,
            0,
            5,
            3,
            60,
            60,
        )

    assert [p.label for p in pain_points([row(8), row(12), row(18)])] == [
        "08:05",
        "12:05",
        "18:05",
    ]
    assert [p.label for p in pain_points([row(8), row(12, day=7)])] == ["6 Dec", "7 Dec"]


# ----------------------------------------------------------------------------- snapshots


def test_snapshot_this_week(snap_compare, journal, history_clock):
    assert snap_compare(history_app(journal, history_clock), terminal_size=SIZE)


def test_snapshot_minutes_and_water(snap_compare, journal, history_clock):
    assert snap_compare(history_app(journal, history_clock), terminal_size=SIZE, press=["2"])


def test_snapshot_pain(snap_compare, journal, history_clock):
    assert snap_compare(history_app(journal, history_clock), terminal_size=SIZE, press=["3"])


def test_snapshot_sessions(snap_compare, journal, history_clock):
    assert snap_compare(history_app(journal, history_clock), terminal_size=SIZE, press=["4"])


def test_snapshot_empty(snap_compare, empty_journal, history_clock):
    assert snap_compare(history_app(empty_journal, history_clock), terminal_size=SIZE)


def test_snapshot_undo(snap_compare, journal, history_clock):
    assert snap_compare(history_app(journal, history_clock), terminal_size=SIZE, press=["u"])
