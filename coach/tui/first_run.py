"""The first run's water question, after the safety page: has a clinician limited how much
the user may drink? A limit is theirs to set (`coach.safety.water`'s words).

A small controller the app hands the flow to: a `ChoiceScreen` asks; "yes" opens
`WaterGoalScreen`, whose amount is written into the user's config with
`coach.config.edit.set_values` (`water: goal`, and `enabled: false`: coach stops
reminding them to drink). The config read back goes up as `ConfigReloaded`; `then` runs
once the question is answered either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError
from coach.tui.messages import ConfigReloaded

if TYPE_CHECKING:
    from textual.app import App

    from coach.config import Config


class FluidLimitQuestion:
    """Asks once; `config()` is the app's config now, `then` what the first run goes on to."""

    def __init__(self, app: App[Any], config: Callable[[], Config], then: Callable[[], None]):
        self.app = app
        self.config = config
        self.then = then

    def ask(self) -> None:
        from coach import safety
        from coach.tui.screens.choice import Answer, ChoiceScreen, Offer

        offer = Offer(
            title=safety.FLUID_LIMIT_TITLE,
            message=safety.FLUID_LIMIT_QUESTION,
            answers=(
                Answer(
                    "no",
                    safety.FLUID_LIMIT_NO,
                    safety.fluid_limit_no_detail(self.config().water_goal_ml),
                ),
                Answer("limit", safety.FLUID_LIMIT_YES, safety.FLUID_LIMIT_YES_DETAIL),
            ),
            escape="no",
            tone="primary",
        )
        self.app.push_screen(ChoiceScreen(offer), callback=self._answered)

    def _answered(self, answer: str | None) -> None:
        if answer != "limit":
            self.then()
            return
        from coach.tui.screens.water_goal import WaterGoalScreen

        self.app.push_screen(WaterGoalScreen(self.set_limit), callback=lambda _: self.then())

    def set_limit(self, amount: str) -> str | None:
        """Write the user's own daily amount (if given) and no water reminders into their
        config; None when done, else what went wrong (the dialog shows it)."""
        from coach.config.edit import set_values
        from coach.durations import parse_volume
        from coach.safety import fluid_limit_set

        values = {"enabled": "false"}
        goal_ml: int | None = None
        if amount:
            try:
                goal_ml = parse_volume(amount)
            except ValueError as error:
                return str(error)
            values["goal"] = amount
            if goal_ml < self.config().glass_ml:
                values["glass"] = amount  # a glass is never more than the day's goal
        try:
            config = set_values(
                "water",
                values,
                lambda config: (
                    not config.water_enabled
                    and (goal_ml is None or config.water_goal_ml == goal_ml)
                ),
            )
        except CoachError as error:
            return str(error)
        self.app.post_message(ConfigReloaded(config))  # the reminders read the file too
        self.app.notify(fluid_limit_set(goal_ml), title="Water", timeout=12)
        return None
