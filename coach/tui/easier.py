"""Offering easier variants: before a session (pain rose last time) or after its check-in.

The offer is a yes/no question: "Use easier variants? Front plank → Plank on knees".
Accepting swaps the exercises still ahead and keeps their doses (a one-sided variant
runs on each side); a running session carries on with the easier routine
(`SessionScreen.use_routine`, the engine's `replace_plan`) right after a high pain
check-in (`coach.tui.care`). Which swaps to offer, and when, is `coach.session.prep`'s
rule; this module only words the question and makes the swaps.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from coach.routines.model import Routine
from coach.session.variants import Swap, apply_swaps
from coach.tui.screens.yes_no import Question

ROSE_LAST_TIME = "Your back hurt more after your last session than before it."


def with_swaps(routine: Routine, swaps: Sequence[Swap]) -> Routine:
    """The routine with exactly these swaps made (`coach.session.variants` owns how)."""
    return apply_swaps(routine, swaps)


def swapped_names(swaps: Sequence[Swap]) -> dict[int, str]:
    """Step index → the exercise each easier variant stands in for (the screen names it)."""
    return {swap.step_index: swap.original.name for swap in swaps}


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
        note="Gentler exercises in their place; the rest goes as planned.",
        yes="Use easier",
        no="Keep as planned",
        default=True,
        tone="primary",
    )
