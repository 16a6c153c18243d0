"""Water within safe bounds: a gentle caution when drinking runs far past what kidneys clear.

Healthy kidneys clear at most about 0.8–1.0 litre an hour; drinking much more than
that for hours can lower the sodium in the blood (hyponatraemia). So coach cautions
past about a litre within an hour, or a day's total past about 4 litres. A daily goal
the user set higher themselves is theirs: the daily caution then starts past it. People
a clinician told to limit fluids set their own (lower) goal. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

HOURLY_CAUTION_ML = 1000  # more than this within an hour
DAILY_CAUTION_ML = 4000  # a day's total past this (without a higher goal of the user's own)
HOUR_SECONDS = 3600  # the window the hourly rule looks back over
MOST_AT_ONCE_ML = 5000  # more than coach logs in one drink


@dataclass(frozen=True)
class WaterCaution:
    rule: Literal["water-hour", "water-day"]
    message: str

    def __str__(self) -> str:
        return self.message


# The first run asks (the window, after the safety page): a limit is the user's to set.
FLUID_LIMIT_TITLE = "Water"
FLUID_LIMIT_QUESTION = (
    "Has a doctor or nurse told you to limit how much you drink (for your heart or "
    "kidneys, for example)?"
)
FLUID_LIMIT_NO = "No"


def fluid_limit_no_detail(goal_ml: int) -> str:
    """What "no limit" means: the daily goal (the config's, `water.goal`) and the reminders."""
    from coach.durations import format_volume

    return (
        f"coach suggests about {format_volume(goal_ml)} a day (6 to 8 glasses; tea, coffee "
        "and milk count) and reminds you to drink during work hours."
    )


FLUID_LIMIT_YES = "Yes, I have a limit"
FLUID_LIMIT_YES_DETAIL = (
    "Follow your clinician: enter the amount they gave you as your daily goal, and "
    "coach stops its reminders to drink."
)
FLUID_LIMIT_ASK = "Your daily amount, as your clinician gave it (for example 1.5l)"
FLUID_LIMIT_EMPTY = "Leave it empty to only stop the reminders."


def fluid_limit_set(goal_ml: int | None) -> str:
    """What coach says once a limit is set: the goal is the user's, never second-guessed."""
    from coach.durations import format_volume

    goal = f"Your daily goal is {format_volume(goal_ml)}; " if goal_ml else ""
    return (
        f"{goal}coach will not remind you to drink. Change either in the config "
        "(`water:`); coach never suggests more than the goal you set."
    )


def water_caution(last_hour_ml: int, day_total_ml: int, goal_ml: int) -> WaterCaution | None:
    """A caution after logging a drink, or None.

    `last_hour_ml`: what was logged within the last hour, this drink included;
    `day_total_ml`: today's total, this drink included; `goal_ml`: the user's daily goal.
    """
    if last_hour_ml > HOURLY_CAUTION_ML:
        return WaterCaution(
            "water-hour",
            f"That is {_litres(last_hour_ml)} within an hour. Kidneys clear about a litre "
            "an hour at most, and much more than that for hours can lower the salt "
            "(sodium) in your blood. Spread your drinks over the day.",
        )
    if day_total_ml > max(DAILY_CAUTION_ML, goal_ml):
        return WaterCaution(
            "water-day",
            f"That makes {_litres(day_total_ml)} today, well past what most people need "
            "without heat or hard exercise. Too much water can lower the salt (sodium) in "
            "your blood.",
        )
    return None


def too_much_at_once(ml: int) -> str | None:
    """Why coach will not log a drink this big (None: it will)."""
    if ml <= MOST_AT_ONCE_ML:
        return None
    return (
        f"{_litres(ml)} at once is more than coach logs ({_litres(MOST_AT_ONCE_ML)}), and "
        "far more than kidneys clear in an hour (about a litre)"
    )


def _litres(ml: int) -> str:
    from coach.durations import format_volume

    return format_volume(ml)
