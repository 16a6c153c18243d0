"""Water within safe bounds: the caution past about a litre an hour, or about 4 L a day."""

from __future__ import annotations

import pytest

from coach.safety import DAILY_CAUTION_ML, HOURLY_CAUTION_ML, too_much_at_once, water_caution


def test_the_bounds_are_the_sourced_ones() -> None:
    assert (HOURLY_CAUTION_ML, DAILY_CAUTION_ML) == (1000, 4000)


@pytest.mark.parametrize(
    ("last_hour", "day", "goal", "rule"),
    [
        (250, 250, 2000, None),
        (1000, 1000, 2000, None),  # a litre within an hour: fine
        (1001, 1001, 2000, "water-hour"),
        (1500, 1500, 2000, "water-hour"),
        (250, 4000, 2000, None),
        (250, 4001, 2000, "water-day"),
        (250, 4250, 5000, None),  # the user's own higher goal is never second-guessed
        (250, 5250, 5000, "water-day"),  # ...until past it
        (1500, 5000, 6000, "water-hour"),  # the hourly rule is about kidneys, not goals
        (250, 1200, 1000, None),  # a low goal (told to limit fluids) is theirs to keep
    ],
)
def test_water_caution(last_hour: int, day: int, goal: int, rule: str | None) -> None:
    caution = water_caution(last_hour, day, goal)
    assert (caution.rule if caution else None) == rule
    if caution is not None:
        assert "sodium" in caution.message


def test_the_caution_names_the_amount() -> None:
    hour = water_caution(1500, 1500, 2000)
    day = water_caution(250, 4500, 2000)
    assert hour is not None and "1.5 L within an hour" in hour.message
    assert day is not None and "4.5 L today" in day.message


@pytest.mark.parametrize(("ml", "refused"), [(5000, False), (5001, True), (10_000, True)])
def test_a_drink_too_big_to_log_says_why(ml: int, refused: bool) -> None:
    reason = too_much_at_once(ml)
    assert (reason is not None) is refused
    if reason:
        assert "more than coach logs (5.0 L)" in reason and "about a litre" in reason


def test_the_first_runs_no_limit_answer_names_the_goal_it_will_use() -> None:
    from coach.config import Config
    from coach.safety import fluid_limit_no_detail

    default = fluid_limit_no_detail(Config().water_goal_ml)
    assert default.startswith("coach suggests about 2.0 L a day")
    assert "about 1.5 L a day" in fluid_limit_no_detail(1500)
