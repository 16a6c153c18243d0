"""A plan for the day (issue 15 item 3): `coach today`, `--json`, and what is due next."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from history_helpers import add_session

from coach.cli import main
from coach.config import Config
from coach.history.journal import Journal
from coach.reminders.day import DueItem, NextBreak, breaks_to_come, plan_day
from coach.routines import programme_days
from coach.routines.library import load_library
from tests.reminders.conftest import BERLIN

CONFIG = Config(timezone="Europe/Berlin", break_routines=("desk-break", "neck-release"))


def berlin(hour: int, minute: int = 0, date: int = 5) -> datetime:
    return datetime(2026, 1, date, hour, minute, tzinfo=BERLIN)


def test_the_breaks_still_to_come_today_end_with_the_working_day() -> None:
    to_come, later = breaks_to_come(CONFIG, berlin(14, 10), berlin(15, 0), berlin(9).date())
    assert to_come == (berlin(15), berlin(16), berlin(17))  # 18:00 is the end of the day
    assert later == berlin(10, 0, date=6)  # the next morning's first
    to_come, later = breaks_to_come(CONFIG, berlin(14, 10), None, berlin(9).date())
    assert to_come[0] == berlin(15, 10)  # planned afresh from now


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    made = Journal(tmp_path / "coach.db", zone=BERLIN)
    yield made  # type: ignore[misc]
    made.close()


def test_the_day_from_the_journal_and_the_reminders(journal: Journal) -> None:
    monday = berlin(8)
    add_session(journal, monday, minutes=10, kind="core", routine_id="core-strength")
    add_session(journal, monday - timedelta(days=3), minutes=30, exercise="walk")  # last week
    journal.log_activity("walk", 40 * 60, berlin(8, 30))
    journal.log_water(500, berlin(8, 40))
    reminder = journal.record_reminder("sitting", berlin(10), berlin(10), "started")
    journal.log_away(berlin(10, 1), berlin(10, 8))
    assert reminder
    now = berlin(10, 30)
    plan = plan_day(journal, CONFIG, now, NextBreak(berlin(11, 0), "desk-break"))
    assert (plan.breaks_taken, plan.breaks_offered) == (1, 1)
    assert plan.breaks_to_come[0] == berlin(11) and plan.breaks_to_come[-1] == berlin(17)
    assert plan.next_break_routine == "neck-release"  # the next one in turn
    assert (plan.water_ml, plan.water_goal_ml) == (500, 2000)
    assert (plan.moderate_minutes, plan.strength_days) == (40, 1)  # this week only
    assert plan.routine is None  # no programme yet
    assert plan.next_item(now) == DueItem("break", "neck-release", berlin(11))
    assert plan.next_item(berlin(11)) == DueItem("break", "neck-release", berlin(11))


def test_a_programmes_routine_comes_before_the_next_break(journal: Journal) -> None:
    programme_days.enrol(journal, "back-care-6-weeks", berlin(9).date())  # Monday 5 January
    library = load_library(Path("/nonexistent"))
    now = berlin(10, 30)
    plan = plan_day(journal, CONFIG, now, NextBreak(berlin(11, 0)), lambda: library.programmes)
    assert plan.routine == "morning-mobility"  # week 1: mobility, then slow breathing
    assert plan.next_item(now) == DueItem("routine", "morning-mobility")
    assert plan.next_item(berlin(11)) == DueItem("break", "desk-break", berlin(11))  # due first
    add_session(journal, berlin(9), minutes=10, kind="stretch", routine_id="morning-mobility")
    plan = plan_day(journal, CONFIG, now, NextBreak(berlin(11, 0)), lambda: library.programmes)
    assert plan.routine == "slow-breathing"  # the next of the day not done yet
    assert plan.next_item(now) == DueItem("routine", "slow-breathing")


def test_no_programme_followed_asks_nothing_of_the_library(journal: Journal) -> None:
    def no_library() -> dict[str, object]:
        raise AssertionError("the library was read though no programme is followed")

    plan = plan_day(journal, CONFIG, berlin(10), NextBreak(), no_library)  # type: ignore[arg-type]
    assert plan.routine is None


def test_coach_today_names_the_programmes_routine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["programme", "start", "back-care-6-weeks"]) == 0
    capsys.readouterr()
    assert main(["today"]) == 0
    out = capsys.readouterr().out
    assert "Routine    morning-mobility" in out
    assert "Next: `coach run " in out


def test_a_paused_day_plans_from_the_end_of_the_pause(journal: Journal) -> None:
    now = berlin(10, 30)
    plan = plan_day(journal, CONFIG, now, NextBreak(berlin(11), paused_until=berlin(15)))
    assert plan.paused_until == berlin(15)
    assert plan.breaks_to_come == (berlin(16), berlin(17))
    assert plan.next_item(now) == DueItem("water")  # nothing else to start while paused


def test_a_day_done_has_nothing_next(journal: Journal) -> None:
    journal.log_water(2000, berlin(9))
    config = Config(timezone="Europe/Berlin", sitting_enabled=False)
    assert plan_day(journal, config, berlin(19), NextBreak()).next_item(berlin(19)) is None


def test_coach_today_prints_the_day_and_its_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["today"]) == 0  # no history yet: zeros, nothing created
    out = capsys.readouterr().out
    assert out.startswith("Today, ")
    assert "Routine    none planned (no programme)" in out
    assert "This week  0 of 150 min moderate activity · 0 of 2 strength days" in out
    assert main(["drink", "500ml"]) == 0
    capsys.readouterr()
    assert main(["today", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["water"] == {"ml": 500, "goal_ml": 2000}
    assert data["week"]["moderate_goal"] == 150
    assert data["breaks"]["next_routine"] == "desk-break"
    assert set(data) == {"day", "sessions", "breaks", "paused_until", "routine", "water", "week"}
