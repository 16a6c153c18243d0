"""What a session starts from: today's progressed doses, and whether to offer easier variants.

No Textual here. Both read the journal the app was given (a
`coach.history.ports.JournalReader`), and both are tolerant on purpose: a history
that cannot be read now (the journal's `JournalError`, a `CoachError`: locked,
damaged) means "the doses as written, no offer", never an error between the user
and their session. Today is the user's calendar day (`coach.history.calendar`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from coach.clock import Clock
from coach.errors import CoachError
from coach.history.ports import JournalReader
from coach.routines.model import Exercise, ExerciseStep, Routine
from coach.session.variants import Swap, easier_swaps, should_offer_easier

logger = logging.getLogger(__name__)


def progressed(
    routine: Routine, journal: JournalReader | None, clock: Clock
) -> tuple[Routine, dict[int, str]]:
    """The routine with today's doses, and a note per grown step (`45s — up from 40s`).

    The engine, the screen and the journal all see the progressed dose, so the
    session record keeps the dose actually used.
    """
    if journal is None or not any(
        isinstance(step, ExerciseStep) and step.progression for step in routine.steps
    ):
        return routine, {}
    from coach.history.calendar import local_day
    from coach.session.progression import apply_progression, history_for_routine

    today = local_day(clock.now(), journal.zone)
    try:
        history = history_for_routine(journal, routine.id, today)
    except CoachError:  # see the module docstring
        logger.debug("no progression: the history could not be read", exc_info=True)
        return routine, {}
    return apply_progression(routine, history, today)


def swaps_before_start(
    routine: Routine, journal: JournalReader | None, exercises: Mapping[str, Exercise]
) -> list[Swap]:
    """The easier swaps to offer before a session: pain rose by 2 or more last time
    this routine was done.

    Empty when the routine has nothing easier, or there is no such history. (Pain
    of 4 or more before *this* session is asked by its own check-in; see
    `swaps_after_check_in`.)
    """
    swaps = easier_swaps(routine, exercises)
    if not swaps or journal is None:
        return []
    from coach.session.variants import last_session_pain

    try:
        last = last_session_pain(journal, routine.id)
    except CoachError:  # see the module docstring
        logger.debug("no easier offer: the history could not be read", exc_info=True)
        return []
    return swaps if should_offer_easier(None, last) else []


def swaps_after_check_in(
    routine: Routine, level: int, exercises: Mapping[str, Exercise], *, from_step: int = 0
) -> list[Swap]:
    """The swaps to offer after the check-in before the work said `level`, for steps still ahead.

    Only swaps that keep the session's timings: a running session can take the easier
    exercises but not new phases (a one-sided variant done on both sides adds some).
    """
    if not should_offer_easier(level, None):
        return []
    return [
        swap
        for swap in easier_swaps(routine, exercises)
        if swap.step_index >= from_step and swap.keeps_timing
    ]
