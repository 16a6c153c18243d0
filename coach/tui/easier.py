"""Offering easier variants: before a session (pain rose last time) or after its check-in.

The offer is a yes/no question: "Use easier variants? Front plank → Plank on knees".
Accepting swaps the exercises still ahead and keeps their doses (a one-sided variant
runs on each side); a running session carries on with the easier routine
(`SessionScreen.use_routine`, the engine's `replace_plan`) right after a high pain
check-in. Which swaps to offer, and when, is `coach.session.prep`'s rule; this
module only asks and applies the answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual.content import Content

from coach.routines.model import CheckInStep, Exercise, Routine
from coach.session.events import Event, EventKind
from coach.session.variants import Swap, apply_swaps
from coach.tui.screens.yes_no import Question, YesNoScreen

if TYPE_CHECKING:
    from coach.tui.screens.session import SessionScreen

ROSE_LAST_TIME = "Your back hurt more after your last session than before it."


def with_swaps(routine: Routine, swaps: Sequence[Swap]) -> Routine:
    """The routine with exactly these swaps made (`coach.session.variants` owns how)."""
    return apply_swaps(routine, swaps)


def swap_lines(swaps: Sequence[Swap]) -> Content:
    """`Front plank → Plank on knees`, one line per distinct swap."""
    seen: list[str] = []
    for swap in swaps:
        line = f"{swap.original.name} → {swap.easier.name}"
        if line not in seen:
            seen.append(line)
    return Content("\n").join(Content(f"• {line}") for line in seen)


def easier_question(swaps: Sequence[Swap], reason: str) -> Question:
    """ "Use easier variants?", the reason, the swaps; yes is the default answer."""
    return Question(
        "Use easier variants?",
        detail=reason,
        body=swap_lines(swaps),
        note="Same times and reps, gentler exercises.",
        yes="Use easier",
        no="Keep as planned",
        default=True,
        tone="primary",
    )


class EasierAfterCheckIn:
    """Watches a session for its check-in before the work; a 4 or more offers easier variants.

    The session stands still while the question is open (`SessionScreen.pause_for`)
    and carries on where it was; accepting swaps the exercises still ahead.
    """

    def __init__(self, screen: SessionScreen, exercises: Mapping[str, Exercise]) -> None:
        self.screen = screen
        self.exercises = exercises
        self.offered = False

    def attach(self) -> EasierAfterCheckIn:
        self.screen.session.subscribe(self._on_event)
        return self

    def _on_event(self, event: Event) -> None:
        if self.offered or event.kind is not EventKind.STEP_DONE or event.record is None:
            return
        step = event.record.step
        if not isinstance(step, CheckInStep) or step.moment != "before":
            return
        answers = [c for c in self.screen.session.check_ins if c.moment == "before"]
        if not answers:
            return
        from coach.session.prep import swaps_after_check_in

        swaps = swaps_after_check_in(
            self.screen.session.plan.routine,
            answers[-1].level,
            self.exercises,
            from_step=event.record.step_index + 1,
        )
        if swaps:
            self.offered = True
            # Leave the engine's event delivery before opening a screen.
            self.screen.call_later(self._offer, swaps, answers[-1].level)

    def _offer(self, swaps: list[Swap], level: int) -> None:
        if self.screen.session.finished:
            return
        question = easier_question(swaps, f"You said your back is at {level} today.")
        self.screen.pause_for(YesNoScreen(question), lambda use: self._answered(use, swaps))

    def _answered(self, use: bool | None, swaps: list[Swap]) -> None:
        screen = self.screen
        if use:
            easier = with_swaps(screen.session.plan.routine, swaps)
            if not screen.use_routine(easier):
                screen.notify(
                    "Could not switch this session to the easier variants.", severity="warning"
                )
