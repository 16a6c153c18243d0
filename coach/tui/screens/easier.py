"""Offering easier variants: before a session (pain rose last time) or after its check-in.

The offer is a small dialog: "Use easier variants? Front plank → Plank on knees".
Accepting keeps every dose and only swaps the exercises, so the session's phases
and timings stay the same; that is what lets a running session continue with the
easier routine (`SessionScreen.use_routine`) right after a high pain check-in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from coach.routines.model import CheckInStep, Exercise, Routine
from coach.session.engine import Event, EventKind
from coach.session.variants import Swap, apply_swaps

if TYPE_CHECKING:
    from coach.tui.screens.session import SessionScreen


def with_swaps(routine: Routine, swaps: Sequence[Swap]) -> Routine:
    """The routine with exactly these swaps made (`coach.session.variants` owns how)."""
    return apply_swaps(routine, swaps)


class EasierVariantsScreen(ModalScreen[bool]):
    """Dismissed with True to use the easier variants."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Use easier", id="use_easier"),
        Binding("n,escape", "answer(False)", "Keep as planned", id="keep_planned"),
    ]

    def __init__(self, swaps: Sequence[Swap], reason: str) -> None:
        super().__init__()
        self.swaps = list(swaps)
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="easier-dialog"):
            yield Label("Use easier variants?", id="easier-question")
            yield Label(self.reason, id="easier-reason")
            yield Static(swap_lines(self.swaps), id="easier-swaps")
            yield Label("Same times and reps, gentler exercises.", id="easier-note")
            with Horizontal(id="easier-answers"):
                yield Button("Use easier (y)", id="easier-yes", variant="primary")
                yield Button("Keep as planned (n)", id="easier-no")

    def on_mount(self) -> None:
        self.query_one("#easier-yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "easier-yes")

    def action_answer(self, use: bool) -> None:
        self.dismiss(use)


def swap_lines(swaps: Sequence[Swap]) -> Content:
    """`Front plank → Plank on knees`, one line per distinct swap."""
    seen: list[str] = []
    for swap in swaps:
        line = f"{swap.original.name} → {swap.easier.name}"
        if line not in seen:
            seen.append(line)
    return Content("\n").join(Content(f"• {line}") for line in seen)


class EasierAfterCheckIn:
    """Watches a session for its check-in before the work; a 4 or more offers easier variants.

    The session pauses while the question is open (if it was running a timed phase)
    and carries on where it was; accepting swaps the exercises still ahead.
    """

    def __init__(self, screen: SessionScreen, exercises: Mapping[str, Exercise]) -> None:
        self.screen = screen
        self.exercises = exercises
        self.offered = False
        self._paused_for_offer = False

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
        screen = self.screen
        session = screen.session
        if session.finished:
            return
        phase = session.phase
        if not session.paused and phase is not None and phase.timed:
            self._paused_for_offer = True
            screen.action_pause()
        reason = f"You said your back is at {level} today."
        screen.app.push_screen(
            EasierVariantsScreen(swaps, reason), callback=lambda use: self._answered(use, swaps)
        )

    def _answered(self, use: bool | None, swaps: list[Swap]) -> None:
        screen = self.screen
        if use:
            easier = with_swaps(screen.session.plan.routine, swaps)
            if not screen.use_routine(easier):
                screen.notify(
                    "Could not switch this session to the easier variants.", severity="warning"
                )
        if self._paused_for_offer and screen.session.paused:
            screen.action_resume()
        self._paused_for_offer = False


def offer_before_session(
    app: Any, routine: Routine, start: Callable[[Routine, bool], None]
) -> None:
    """Start `routine` through `start(routine, eased)`, asking first when pain rose last time."""
    from coach.session.prep import swaps_before_start

    exercises = getattr(app.library, "exercises", {})
    swaps = swaps_before_start(routine, app.journal, exercises)
    if not swaps:
        start(routine, False)
        return

    def answered(use: bool | None) -> None:
        start(with_swaps(routine, swaps) if use else routine, bool(use))

    reason = "Your back hurt more after your last session than before it."
    app.push_screen(EasierVariantsScreen(swaps, reason), callback=answered)
