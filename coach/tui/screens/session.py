"""The session screen: walks the user through a routine, driven by the engine.

Time: ONE alarm, armed for `Session.next_wakeup()` (the next countdown second,
tick, halfway mark or deadline), calls `tick()`, which lets the engine catch up
with the clock, redraws and re-arms. Breathing phases add a frame every
`PACER_FRAME` seconds so the ball moves smoothly. No widget reads a clock: they
show what `show()` reads from the session. Tests move a FakeClock and call
`tick()` or press keys.

The alarm is the event loop's own `call_later`, not a Textual `Timer`: a Timer
starts counting when its task first runs, which on a busy loop (a repaint in
progress) is several milliseconds after it was armed, and that would show every
phase change late. The engine's deadlines are absolute, so a late alarm never
adds up; this only keeps what the user sees close to them.

Keys are `Binding`s with ids (see `BINDINGS`), so config.yaml's `keymap:` can
move them; every key also has a button for the mouse.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Container, Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Digits, Footer, Label, ProgressBar, Static

from coach.clock import Clock
from coach.durations import duration_text as seconds_words
from coach.durations import format_clock, format_volume
from coach.routines.model import (
    BreathingStep,
    CheckInStep,
    ExerciseStep,
    HydrationStep,
    RestStep,
    Routine,
    TherapyStep,
)
from coach.session.engine import Session
from coach.session.events import Event, EventKind, SessionSummary
from coach.session.plan import Phase, PhaseKind, build_plan
from coach.session.recording import SessionRecorder
from coach.tui.ports import CueForEvent, Journal, Sound
from coach.tui.screens.yes_no import Question, YesNoScreen
from coach.tui.widgets.checkin import CheckInPad, next_choice
from coach.tui.widgets.controls import ControlButton
from coach.tui.widgets.pacer import BreathPacer, breath_fullness

BREATHING_KINDS = frozenset(
    {PhaseKind.INHALE, PhaseKind.HOLD_IN, PhaseKind.EXHALE, PhaseKind.HOLD_OUT}
)
PACER_FRAME = 1 / 12  # seconds between pacer frames: smooth enough, cheap enough
# Arm a touch after the due time: an alarm that fires early only costs a second wake-up,
# and lateness never adds up (the engine's deadlines are absolute).
TIMER_SLACK = 0.001

T = TypeVar("T")

# A stray `q` must not end a stretch: quitting asks first (and `q` again says yes).
QUIT_QUESTION = Question(
    "Quit this session?",
    detail="What you have done so far is kept in your history.",
    yes="Quit",
    no="Keep going",
    yes_keys=("y", "q"),
    yes_variant="error",
)

# Bindings whose actions depend on the phase (check_action); the others always apply.
_SESSION_ACTIONS = frozenset(
    {
        "toggle_pause",
        "pause",
        "resume",
        "confirm",
        "skip",
        "skip_step",
        "back",
        "restart",
        "quit_session",
    }
)


class SessionScreen(Screen[SessionSummary]):
    """One routine, from get-ready to done. Dismissed with the `SessionSummary`."""

    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        # Two meanings for space: "done" on a phase that waits for the user, else pause.
        # check_action enables exactly one of them, and the footer shows that one.
        Binding("space", "confirm", "Done", id="confirm"),
        Binding("space", "pause", "Pause", id="pause"),
        Binding("space", "resume", "Resume", id="resume"),
        Binding("enter", "confirm", "Done", id="confirm_enter", show=False),
        Binding("right,n", "skip", "Skip", id="skip"),
        Binding("shift+right,N", "skip_step", "Skip step", id="skip_step", show=False),
        Binding("left,b", "back", "Back", id="back"),
        Binding("r", "restart", "Restart", id="restart_step"),
        Binding("c", "count_rep", "+1 rep", id="count_rep"),
        Binding("m", "mute", "Mute", id="mute"),
        Binding("q", "quit_session", "Quit", id="quit_session"),
        *(
            Binding(str(digit), f"digit({digit})", show=False, id=f"pain_{digit}")
            for digit in range(10)
        ),
    ]

    def __init__(
        self,
        routine: Routine,
        *,
        clock: Clock,
        journal: Journal | None = None,
        sound: Sound | None = None,
        cue_for_event: CueForEvent | None = None,
        dose_notes: Mapping[int, str] | None = None,
    ) -> None:
        super().__init__()
        self.routine = routine
        # Step index → "45s — up from 40s" for doses progression grew (coach.session.progression).
        self.dose_notes = dict(dose_notes or {})
        self.plan = build_plan(routine)
        self.session = Session(self.plan, clock)
        self.sound = sound
        self.recorder: SessionRecorder | None = None
        if journal is not None:
            self.recorder = SessionRecorder(
                self.session, journal, on_error=self._journal_failed
            ).attach()
        if sound is not None and cue_for_event is not None:
            player = sound
            self.session.subscribe(lambda event: cue_for_event(player, event))
        self.session.subscribe(self._on_session_event)
        self._alarm: asyncio.TimerHandle | None = None
        self.armed_for: float | None = None  # seconds the timer waits (None: waits for a key)
        self._shown: dict[str, object] = {}  # what each widget shows, to skip no-op updates
        self._phase_shown: int | None = None
        self._action_state: tuple[object, ...] = ()
        self._dismissed = False

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Label(Content(self.routine.name), id="routine-name")
            yield Label("", id="step-count")
            yield ProgressBar(total=1000, show_eta=False, show_percentage=False, id="progress")
            yield Label("", id="time-left")
            yield Label("", id="sound-state")
        with Container(id="stage-row"), Vertical(id="stage"):
            yield Label("", id="phase-title")
            yield Label("", id="phase-detail")
            with ContentSwitcher(initial="timer-face", id="face"):
                with Center(id="timer-face"):
                    yield Digits("", id="countdown")
                with Vertical(id="pacer-face"):
                    yield BreathPacer(id="pacer")
                    yield Label("", id="pacer-label")
                yield CheckInPad(id="checkin-face")
                with Vertical(id="untimed-face"):
                    with Center():
                        yield Digits("", id="untimed-count")
                    yield Label("", id="untimed-hint")
            yield Label("Paused · press space or click Resume to go on", id="pause-note")
            yield Static("", id="cues")
            yield Static("", id="skip-if")
            yield Label("", id="next")
        with Horizontal(id="controls"):
            yield ControlButton("← Back", "screen.back", id="back-button")
            yield ControlButton("Restart", "screen.restart", id="restart-button")
            yield ControlButton("Pause", "screen.toggle_pause", id="pause-button")
            yield ControlButton("Done", "screen.confirm", id="done-button")
            yield ControlButton("+1 rep", "screen.count_rep", id="rep-button")
            yield ControlButton("Skip →", "screen.skip", id="skip-button")
            yield ControlButton("Skip step", "screen.skip_step", id="skip-step-button")
            yield ControlButton("Mute", "screen.mute", id="mute-button")
            yield ControlButton("Quit", "screen.quit_session", id="quit-button")
        yield Footer()

    def on_mount(self) -> None:
        # Start once the screen is drawn: building it must not eat into the first phase.
        self.call_after_refresh(self._begin)

    def _begin(self) -> None:
        if not self.session.started:
            self.session.start()
            self.tick()

    def on_unmount(self) -> None:
        self._disarm()
        if self.session.started and not self.session.finished:
            # The app is closing under a running session (ctrl+q, a closed terminal):
            # end it the way `q` would, so every step done so far is kept.
            self.session.quit()

    # ------------------------------------------------------------------ time

    def tick(self) -> None:
        """Catch up with the clock, redraw, and arm the timer for the next change."""
        self.session.update()
        self.show()
        self._arm()

    def _on_alarm(self) -> None:
        self._alarm = None
        try:
            self.tick()
        except NoMatches:
            # The screen's widgets are composed once and never removed, so a missing one
            # means the app is tearing the screen down under a pending alarm: nothing to draw.
            self._disarm()
        except Exception as error:  # raised outside Textual's own tasks: hand it over
            self.app._handle_exception(error)

    def _arm(self) -> None:
        self._disarm()
        self.armed_for = None
        session = self.session
        if session.finished or self._dismissed:
            return
        wait = session.next_wakeup(display=True)
        phase = session.phase
        if phase is not None and phase.kind in BREATHING_KINDS and not session.paused:
            wait = PACER_FRAME if wait is None else min(wait, PACER_FRAME)
        self.armed_for = wait
        if wait is not None:
            loop = asyncio.get_running_loop()
            self._alarm = loop.call_later(wait + TIMER_SLACK, self._on_alarm)

    def _disarm(self) -> None:
        if self._alarm is not None:
            self._alarm.cancel()
            self._alarm = None

    def _on_session_event(self, event: Event) -> None:
        if event.kind is EventKind.SESSION_DONE and not self._dismissed:
            self._dismissed = True
            # Leave the engine's delivery loop before changing screens.
            self.call_later(self._finish)

    def _finish(self) -> None:
        self._disarm()
        self.dismiss(self.session.summary())

    def _journal_failed(self, error: Exception) -> None:
        self.notify(
            f"Could not save this session to the history: {error}",
            title="History",
            severity="error",
            timeout=8,
        )

    # ------------------------------------------------------------------ drawing

    def show(self) -> None:
        """Show what the session says now. Cheap when nothing changed."""
        session = self.session
        phase = session.phase
        if phase is None:
            return
        new_phase = phase.index != self._phase_shown
        if new_phase:
            self._phase_shown = phase.index
            self._show_phase(phase)
        self._show_progress(phase)
        face = self._face_for(phase)
        if face == "timer-face":
            remaining = session.remaining()
            self._digits("#countdown", format_clock(remaining or 0.0))
        elif face == "pacer-face":
            remaining = session.remaining()
            fullness = breath_fullness(phase.kind, phase.seconds, remaining)
            self.query_one("#pacer", BreathPacer).fullness = fullness
            counter = format_clock(remaining or 0.0).removeprefix("0:").lstrip("0") or "0"
            self._label("#pacer-label", f"{phase.title} · {counter}")
        elif face == "untimed-face":
            self._show_untimed(phase)
        self.query_one("#pause-note").display = session.paused
        self.set_class(session.paused, "-paused")
        self._sync_actions(phase)

    def _show_phase(self, phase: Phase) -> None:
        face = self._face_for(phase)
        self.query_one("#face", ContentSwitcher).current = face
        self._label("#phase-title", phase.title)
        detail = phase.detail if phase.kind is not PhaseKind.CHECK_IN else ""
        note = self.dose_notes.get(phase.step_index)
        if note and phase.kind is PhaseKind.WORK:
            detail = f"{detail} · {note}" if detail else note
        self._label("#phase-detail", detail)
        if face == "checkin-face":
            assert isinstance(phase.step, CheckInStep)
            self.query_one(CheckInPad).ask(phase.step.prompt)
        cues, warning = _cues_for(phase)
        self._static("#cues", cues)
        self._static("#skip-if", warning)
        self.query_one("#cues").display = bool(cues)
        self.query_one("#skip-if").display = bool(warning)
        upcoming = self.session.upcoming()
        if upcoming is None:
            following = "Next: that's the last one"
        else:
            length = f" · {seconds_words(upcoming.seconds)}" if upcoming.seconds else ""
            following = f"Next: {upcoming.title}{length}"
        self._label("#next", following)
        self.set_class(phase.kind in BREATHING_KINDS, "-breathing")
        self.set_class(phase.kind is PhaseKind.THERAPY_ON, "-therapy")

    def _show_progress(self, phase: Phase) -> None:
        session = self.session
        self._label("#step-count", f"Step {phase.step_index + 1} of {len(self.routine.steps)}")
        progress = round(session.progress() * 1000)
        if self._shown.get("#progress") != progress:
            self._shown["#progress"] = progress
            self.query_one("#progress", ProgressBar).update(progress=progress)
        self._label("#time-left", f"{format_clock(session.time_left())} left")
        muted = self.sound is None or self.sound.muted
        self._label("#sound-state", "muted" if muted else "")

    def _show_untimed(self, phase: Phase) -> None:
        count = self.query_one("#untimed-count", Digits)
        if phase.kind is PhaseKind.DRINK:
            assert isinstance(phase.step, HydrationStep)
            count.display = False
            hint = f"Drink {format_volume(phase.step.ml)}, then press space."
        elif phase.reps:
            count.display = True
            counted = self.session.rep_count
            self._digits("#untimed-count", str(counted))
            hint = f"{counted} of {phase.reps} counted · c counts one · space when done"
        else:
            count.display = False
            hint = "Press space when done."
        self._label("#untimed-hint", hint)

    @staticmethod
    def _face_for(phase: Phase) -> str:
        if phase.kind is PhaseKind.CHECK_IN:
            return "checkin-face"
        if phase.kind in BREATHING_KINDS:
            return "pacer-face"
        if phase.seconds is None:
            return "untimed-face"
        return "timer-face"

    def _label(self, selector: str, text: str) -> None:
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            self.query_one(selector, Label).update(Content(text))

    def _static(self, selector: str, content: Content) -> None:
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            self.query_one(selector, Static).update(content)

    def _digits(self, selector: str, text: str) -> None:
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            self.query_one(selector, Digits).update(text)

    def _sync_actions(self, phase: Phase) -> None:
        """Refresh the footer and the buttons when what the keys do changes."""
        pad = self.query_one(CheckInPad)
        state = (
            phase.kind,
            phase.timed,
            bool(phase.reps),
            self.session.paused,
            pad.chosen is not None,
            self.session.finished,
        )
        if state == self._action_state:
            return
        self._action_state = state
        self.refresh_bindings()
        buttons: dict[str, str] = {
            "#pause-button": "toggle_pause",
            "#done-button": "confirm",
            "#rep-button": "count_rep",
            "#back-button": "back",
            "#restart-button": "restart",
            "#skip-button": "skip",
            "#skip-step-button": "skip_step",
        }
        for selector, action in buttons.items():
            allowed = bool(self.check_action(action, ()))
            button = self.query_one(selector, ControlButton)
            if selector in ("#done-button", "#rep-button"):
                untimed_work = phase.kind in (PhaseKind.WORK, PhaseKind.DRINK) and not phase.timed
                button.display = untimed_work and (selector == "#done-button" or bool(phase.reps))
            button.disabled = not allowed
        pause = self.query_one("#pause-button", ControlButton)
        pause.label = "Resume" if self.session.paused else "Pause"

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        phase = session.phase
        running = session.started and not session.finished and phase is not None
        if action in _SESSION_ACTIONS or action in ("count_rep", "digit", "check_in"):
            if not running or phase is None:
                return False
            waits = not phase.timed
            if action == "toggle_pause":
                return session.paused or not waits
            if action == "pause":
                return not session.paused and not waits
            if action == "resume":
                return session.paused
            if action == "confirm":
                if session.paused:
                    return False
                if phase.kind is PhaseKind.CHECK_IN:
                    return self.query_one(CheckInPad).chosen is not None
                return waits and phase.kind in (PhaseKind.WORK, PhaseKind.DRINK)
            if action == "count_rep":
                return not session.paused and waits and phase.kind is PhaseKind.WORK
            if action in ("digit", "check_in"):
                return phase.kind is PhaseKind.CHECK_IN
        return True

    def use_routine(self, routine: Routine, *, restart_step: bool = False) -> bool:
        """Carry on with `routine` in place of this one (easier variants) from here on.

        The engine keeps the phases behind and the current one (`Session.replace_plan`);
        with `restart_step` the current step starts again in its new form. Returns False,
        changing nothing, when the session cannot take it.
        """
        plan = build_plan(routine)
        if not self.session.replace_plan(plan, restart_step=restart_step):
            return False
        self.routine = routine
        self.plan = plan
        self._phase_shown = None  # redraw the title, cues and "next" from the new plan
        self.show()
        self._arm()
        return True

    def _command(self, command: Callable[[], Any]) -> None:
        command()
        self.show()
        self._arm()

    def action_toggle_pause(self) -> None:
        self._command(self.session.toggle_pause)

    def action_pause(self) -> None:
        self._command(self.session.toggle_pause)

    def action_resume(self) -> None:
        self._command(self.session.toggle_pause)

    def action_confirm(self) -> None:
        phase = self.session.phase
        if phase is not None and phase.kind is PhaseKind.CHECK_IN:
            chosen = self.query_one(CheckInPad).chosen
            if chosen is not None:
                self.action_check_in(chosen)
            return
        self._command(self.session.confirm)

    def action_count_rep(self) -> None:
        self._command(self.session.count_rep)

    def action_skip(self) -> None:
        self._command(self.session.skip_phase)

    def action_skip_step(self) -> None:
        self._command(self.session.skip_step)

    def action_back(self) -> None:
        self._command(self.session.back)

    def action_restart(self) -> None:
        self._command(self.session.restart_step)

    def action_digit(self, digit: int) -> None:
        pad = self.query_one(CheckInPad)
        pad.chosen = next_choice(pad.chosen, digit)
        self.show()

    def action_check_in(self, level: int) -> None:
        self._command(lambda: self.session.check_in(level))

    def action_mute(self) -> None:
        if self.sound is None:
            self.notify("Sound is off: no sound player was found.", timeout=3)
            return
        self.sound.muted = not self.sound.muted
        self.query_one("#mute-button", ControlButton).label = (
            "Unmute" if self.sound.muted else "Mute"
        )
        self.show()

    def pause_for(self, screen: Screen[T], then: Callable[[T | None], None]) -> None:
        """Open `screen` over the session with time standing still; `then(answer)`.

        A running session is paused while `screen` is up and resumed after `then`,
        unless `then` ended it. Every question asked during a session goes through here.
        """
        session = self.session
        paused_here = session.started and not session.finished and not session.paused
        if paused_here:
            self._command(session.toggle_pause)

        def answered(answer: T | None) -> None:
            then(answer)
            if paused_here and session.paused and not session.finished:
                self._command(session.toggle_pause)

        self.app.push_screen(screen, callback=answered)

    def action_quit_session(self) -> None:
        self.pause_for(YesNoScreen(QUIT_QUESTION), self._quit_answered)

    def _quit_answered(self, quit_now: bool | None) -> None:
        if quit_now:
            self._command(self.session.quit)


def _cues_for(phase: Phase) -> tuple[Content, Content]:
    """The how-to lines of the phase's step, and its warning ("skip if …", skin care)."""
    step = phase.step
    lines: list[str] = []
    warning = ""
    if isinstance(step, ExerciseStep):
        lines.extend(step.exercise.cues)
        if step.exercise.skip_if:
            warning = "Skip if " + "; ".join(step.exercise.skip_if)
    elif isinstance(step, TherapyStep):
        warning = step.cue
    if isinstance(step, ExerciseStep | RestStep | BreathingStep | HydrationStep | TherapyStep):
        if step.note:
            lines.append(step.note)
    elif isinstance(step, CheckInStep) and step.note:
        lines.append(step.note)
    cues = Content("\n").join(Content(f"• {line}") for line in lines)
    return cues, Content(warning)
