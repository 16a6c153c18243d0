"""Care during a session: what coach offers after the check-in before the work, and what it
answers when something hurts. A controller watching one `SessionScreen`.

After the check-in before:

- 7 or more (`coach.safety.severe_pain_offer`): the session waits before the first exercise
  and offers, in order, the short gentle routine, the safety page, or going on anyway
  (coach never refuses). The gentle routine ends this session (recorded, as done for today)
  and starts that one (`start_instead`); the safety page comes back to the offer; going on
  carries on to ...
- 4 or more (`coach.session.prep.swaps_after_check_in`): the easier variants of the
  exercises ahead, as a yes/no question; a yes carries the session on with them
  (`SessionScreen.use_routine`, new phases included).

Before a routine with `notes`: a "before you start" panel (`notes_offer`, asked by the app),
whose second answer skips it from then on for that routine (kept in the journal).

"This hurts" (the screen's `h` key): the session waits and asks what happened
(`coach.safety.HURT_LABELS`), keeps the answer with the step (`Session.report_hurt`, the
journal through the recorder), and answers from `coach.safety.answer_hurt`: carry on, the
exercise's easier variant from its start, the rest of the routine without it, or stop for
today, with the warning signs when they matter. Every word comes from `coach.safety`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from textual.content import Content

from coach.routines.describe import paragraphs
from coach.routines.model import CheckInStep, Exercise, ExerciseStep, Routine
from coach.safety import (
    HURT_ACTION_LABELS,
    HURT_LABELS,
    HurtAction,
    PainOffer,
    Section,
    answer_hurt,
    severe_pain_offer,
)
from coach.session.events import Event, EventKind
from coach.session.variants import Swap, apply_swaps, easier_swaps
from coach.tui.easier import easier_question, swapped_names, with_swaps
from coach.tui.screens.choice import Answer, ChoiceScreen, Offer
from coach.tui.screens.yes_no import YesNoScreen

if TYPE_CHECKING:
    from coach.tui.screens.session import SessionScreen

NEVER_MIND = "never-mind"
NOTES_START, NOTES_SKIP, NOTES_BACK = "start", "skip-notes", "back"
# Start `routine_id` instead of this session, with the pain level already given; False when
# there is no such routine.
StartInstead = Callable[[str, int], bool]


def sections_content(sections: Sequence[Section]) -> Content:
    """Warning signs as text: each section's title, what to do, its items."""
    blocks = []
    for section in sections:
        lines = [Content.styled(section.title, "bold"), Content(section.action)]
        lines += [Content(f"• {item}") for item in section.items]
        blocks.append(Content("\n").join(lines))
    return Content("\n\n").join(blocks)


def notes_offer(routine: Routine) -> Offer:
    """A routine's notes before it starts: start, start and skip them next time, not now."""
    return Offer(
        f"Before you start: {routine.name}",
        message="\n".join(paragraphs(routine.notes)),  # re-wrapped to the dialog
        answers=(
            Answer(NOTES_START, "Start"),
            Answer(
                NOTES_SKIP,
                "Start, and skip this next time",
                f"From now on {routine.name} starts without this page.",
            ),
            Answer(NOTES_BACK, "Not now"),
        ),
        escape=NOTES_BACK,
        tone="primary",
    )


def pain_offer(offer: PainOffer) -> Offer:
    """The severe-pain offer as a choice: gentle routine, safety page, go on (Esc: go on)."""
    return Offer(
        offer.note.title,
        message=offer.note.message,
        answers=tuple(Answer(c.id, c.label, c.detail) for c in offer.choices),
        escape="go-on",
    )


def hurt_question() -> Offer:
    """ "What happened?": `coach.safety`'s words, and a way back."""
    return Offer(
        "What happened?",
        message="The session waits while you answer.",
        answers=(
            *(Answer(hurt.value, label) for hurt, label in HURT_LABELS.items()),
            Answer(NEVER_MIND, "Nothing: carry on"),
        ),
        escape=NEVER_MIND,
    )


class SessionCare:
    """The check-in offers and "this hurts" for one session screen (see the module doc)."""

    def __init__(
        self,
        screen: SessionScreen,
        exercises: Mapping[str, Exercise],
        *,
        offer_easier: bool = True,
        start_instead: StartInstead | None = None,
    ) -> None:
        self.screen = screen
        self.exercises = exercises
        self.offer_easier = offer_easier
        self.start_instead = start_instead
        self.asked = False

    def attach(self) -> SessionCare:
        self.screen.session.subscribe(self._on_event)
        self.screen.on_hurt = self.this_hurts
        return self

    # ------------------------------------------------------------------ the check-in before

    def _on_event(self, event: Event) -> None:
        if self.asked or event.kind is not EventKind.STEP_DONE or event.record is None:
            return
        step = event.record.step
        if not isinstance(step, CheckInStep) or step.moment != "before":
            return
        answers = [c for c in self.screen.session.check_ins if c.moment == "before"]
        if not answers:
            return
        self.asked = True
        # Leave the engine's event delivery before opening a screen.
        self.screen.call_later(self._after_check_in, answers[-1].level, event.record.step_index + 1)

    def _after_check_in(self, level: int, from_step: int) -> None:
        session = self.screen.session
        if session.finished:
            return
        routine = session.plan.routine
        offer = severe_pain_offer(level, routine_id=routine.id, kind=routine.kind.value)
        if offer is not None and self.start_instead is not None:
            self._offer_gentle(offer, level, from_step)
        else:
            self._offer_easier(level, from_step)

    def _offer_gentle(self, offer: PainOffer, level: int, from_step: int) -> None:
        def answered(choice: str | None) -> None:
            if choice == "gentle":
                routine_id = next(c.routine_id for c in offer.choices if c.id == "gentle")
                assert self.start_instead is not None
                if routine_id and self.start_instead(routine_id, level):
                    return
                self.screen.notify(f"There is no {routine_id} routine here.", severity="warning")
                self._offer_easier(level, from_step)
            elif choice == "safety":
                from coach.tui.screens.safety import SafetyScreen

                back = lambda _: self._offer_gentle(offer, level, from_step)  # noqa: E731
                self.screen.pause_for(SafetyScreen(first_run=False), back)
            else:
                self._offer_easier(level, from_step)

        self.screen.pause_for(ChoiceScreen(pain_offer(offer)), answered)

    def _offer_easier(self, level: int, from_step: int) -> None:
        if not self.offer_easier or self.screen.session.finished:
            return
        from coach.session.prep import swaps_after_check_in

        swaps = swaps_after_check_in(
            self.screen.session.plan.routine, level, self.exercises, from_step=from_step
        )
        if not swaps:
            return
        question = easier_question(swaps, f"You said your back is at {level} today.")
        self.screen.pause_for(YesNoScreen(question), lambda use: self._easier_answered(use, swaps))

    def _easier_answered(self, use: bool | None, swaps: list[Swap]) -> None:
        screen = self.screen
        if use:
            easier = with_swaps(screen.session.plan.routine, swaps)
            if not screen.use_routine(easier, swapped=swapped_names(swaps)):
                screen.notify(
                    "Could not switch this session to the easier variants.", severity="warning"
                )

    # ------------------------------------------------------------------ this hurts

    def this_hurts(self) -> None:
        if self.screen.running:
            self.screen.pause_for(ChoiceScreen(hurt_question()), self._hurt_said)

    def _current_swap(self) -> tuple[str | None, Swap | None]:
        """The exercise under way (its id) and its easier swap, if it has one."""
        phase = self.screen.session.phase
        if phase is None or not isinstance(phase.step, ExerciseStep):
            return None, None
        routine = self.screen.session.plan.routine
        swap = next(
            (s for s in easier_swaps(routine, self.exercises) if s.step_index == phase.step_index),
            None,
        )
        return phase.step.exercise.id, swap

    def _hurt_said(self, said: str | None) -> None:
        if said is None or said == NEVER_MIND:
            return
        session = self.screen.session
        if session.report_hurt(said) is None:
            return
        exercise_id, swap = self._current_swap()
        answer = answer_hurt(said, exercise_id=exercise_id, has_easier=swap is not None)
        actions: list[HurtAction] = [
            a for a in answer.actions if exercise_id is not None or a != "skip-exercise"
        ]
        if not actions:
            actions = ["carry-on"]
        offer = Offer(
            answer.title,
            message=answer.message,
            answers=tuple(Answer(a, HURT_ACTION_LABELS[a]) for a in actions),
            body=sections_content(answer.warning_signs) if answer.warning_signs else None,
            escape="carry-on" if "carry-on" in actions else None,
            tone="error" if actions[0] == "stop-today" else "warning",
        )
        self.screen.pause_for(ChoiceScreen(offer), lambda action: self._act(action, swap))

    def _act(self, action: str | None, swap: Swap | None) -> None:
        screen = self.screen
        if action == "easier" and swap is not None:
            routine = apply_swaps(screen.session.plan.routine, [swap])
            if not screen.use_routine(routine, restart_step=True, swapped=swapped_names([swap])):
                screen.notify("Could not switch to the easier variant.", severity="warning")
        elif action == "skip-exercise":
            screen.skip_current_step()
        elif action == "stop-today":
            screen.end_early()
