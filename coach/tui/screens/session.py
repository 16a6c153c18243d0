"""The session screen: walks the user through a routine, driven by the engine.

Time: ONE alarm, armed for `Session.next_wakeup()` (the next countdown second, rep,
halfway mark or deadline), calls `tick()`, which lets the engine catch up with the
clock, redraws and re-arms. Breathing phases add a frame every `PACER_FRAME` seconds
so the ball moves smoothly, and a moving figure one every `FIGURE_FRAME`. No widget
reads a clock: they show what `show()` reads from the session. Tests move a FakeClock
and call `tick()` or press keys.

The alarm is the event loop's own `call_later`, not a Textual `Timer`: a Timer
starts counting when its task first runs, which on a busy loop (a repaint in
progress) is several milliseconds after it was armed, and that would show every
phase change late. The engine's deadlines are absolute, so a late alarm never
adds up; this only keeps what the user sees close to them.

Keys are `Binding`s with ids (see `BINDINGS`), so config.yaml's `keymap:` can
move them; every key also has a button for the mouse. Anything that interrupts the
session (a question, the safety page, "this hurts") goes through `pause_for`, which
stops the clock while it is open. The words come from `coach.tui.session_view`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Container, Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Digits, Footer, Label, ProgressBar, Static

from coach.clock import Clock
from coach.durations import duration_text as seconds_words
from coach.durations import format_clock
from coach.routines.model import CheckInStep, Routine
from coach.session.engine import Session
from coach.session.events import Event, EventKind, SessionSummary
from coach.session.plan import Phase, PhaseKind, build_plan
from coach.session.recording import SessionRecorder
from coach.tui import session_view as words
from coach.tui.literal import literal
from coach.tui.ports import CueForEvent, Sound, Voice
from coach.tui.screens.yes_no import Question, YesNoScreen
from coach.tui.widgets.checkin import CheckInPad, next_choice
from coach.tui.widgets.controls import ControlButton
from coach.tui.widgets.figure import FigureView, figure_lines, figure_moment
from coach.tui.widgets.pacer import BreathPacer, breath_fullness

if TYPE_CHECKING:
    from coach.tui.ports import Journal

BREATHING_KINDS = frozenset(
    {PhaseKind.INHALE, PhaseKind.HOLD_IN, PhaseKind.EXHALE, PhaseKind.HOLD_OUT}
)
PACER_FRAME = 1 / 12  # seconds between pacer frames: smooth enough, cheap enough
FIGURE_FRAME = 1 / 8  # seconds between frames of a moving figure
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
# ctrl+q and the palette's Quit during a session: the same rule, and coach closes after.
QUIT_APP_QUESTION = Question(
    "Quit coach?",
    detail="This session stops here; what you have done so far is kept in your history.",
    yes="Quit coach",
    no="Keep going",
    yes_keys=("y", "q", "ctrl+q"),
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
        "hurt",
    }
)
# Phases ended by the user's "done" (space or Enter).
_CONFIRMED = frozenset({PhaseKind.WORK, PhaseKind.DRINK, PhaseKind.PACK_ON})


class SessionScreen(Screen[SessionSummary]):
    """One routine, from get-ready to done. Dismissed with the `SessionSummary`."""

    AUTO_FOCUS = None
    # Under 80 columns (`-cramped`) the buttons take two rows, so Mute and Quit stay on screen.
    HORIZONTAL_BREAKPOINTS = [(0, "-cramped"), (80, "-narrow"), (120, "-wide")]  # noqa: RUF012

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
        Binding("h,exclamation_mark", "hurt", "It hurts", id="this_hurts"),
        Binding("question_mark,f1", "app.show_safety", "Safety", id="show_safety"),
        Binding("m", "mute", "Mute", id="mute"),
        Binding("v", "toggle_voice", "Voice", id="toggle_voice"),
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
        swapped: Mapping[int, str] | None = None,
        answered_before: int | None = None,
        voice: Voice | None = None,
        voice_on: bool = False,
    ) -> None:
        super().__init__()
        self.routine = routine
        # Step index → "45s — up from 40s" for doses progression grew (coach.session.progression).
        self.dose_notes = dict(dose_notes or {})
        # Step index → the exercise an easier variant stands in for (named as a swap).
        self.swapped = dict(swapped or {})
        # A pain level already given (the severe-pain offer's gentle routine): the check-in
        # before is answered with it instead of asking again.
        self.answered_before = answered_before
        self.plan = build_plan(routine)
        self.session = Session(self.plan, clock)
        self.sound = sound
        self.voice = voice
        self.voice_on = voice_on and voice is not None
        self.muted = sound.muted if sound is not None else False
        # "This hurts" (the `h` key): a controller sets what it does (coach.tui.care).
        self.on_hurt: Callable[[], None] | None = None
        self.recorder: SessionRecorder | None = None
        if journal is not None:
            self.recorder = SessionRecorder(
                self.session, journal, on_error=self._journal_failed
            ).attach()
        if sound is not None and cue_for_event is not None:
            player = sound
            self.session.subscribe(lambda event: cue_for_event(player, event))
        if voice is not None:
            from coach.session.spoken import voice_listener

            self._sync_voice()
            self.session.subscribe(voice_listener(voice))
        self.session.subscribe(self._on_session_event)
        self._alarm: asyncio.TimerHandle | None = None
        self.armed_for: float | None = None  # seconds the timer waits (None: waits for a key)
        self._shown: dict[str, object] = {}  # what each widget shows, to skip no-op updates
        self._phase_shown: int | None = None
        self._action_state: tuple[object, ...] = ()
        self._dismissed = False
        self._held = 0  # questions open over the session (pause_for)
        self._paused_by_hold = False
        self._asking_quit = False

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Label(literal(self.routine.name), id="routine-name")
            yield Label("", id="step-count")
            yield ProgressBar(total=1000, show_eta=False, show_percentage=False, id="progress")
            yield Label("", id="time-left")
            yield Label("", id="sound-state")
        with Container(id="stage-row"), Vertical(id="stage"):
            yield Label("", id="phase-title")
            yield Label("", id="phase-detail")
            yield Label("Paused · press space or click Resume to go on", id="pause-note")
            with Horizontal(id="work-row"):
                yield FigureView(id="figure")
                with Vertical(id="face-column"):
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
                    yield Static("", id="cues")
            with Vertical(id="care"):
                yield Static("", id="skip-if")
                yield Static("", id="stop-rules")
            yield Label("", id="next")
        with Horizontal(id="controls"):
            yield ControlButton("← Back", "screen.back", id="back-button")
            yield ControlButton("Restart", "screen.restart", id="restart-button")
            yield ControlButton("Pause", "screen.toggle_pause", id="pause-button")
            yield ControlButton("Done", "screen.confirm", id="done-button")
            yield ControlButton("+1 rep", "screen.count_rep", id="rep-button")
            yield ControlButton("Skip →", "screen.skip", id="skip-button")
            yield ControlButton("Skip step", "screen.skip_step", id="skip-step-button")
            yield ControlButton("It hurts", "screen.hurt", id="hurt-button")
            yield ControlButton("Mute", "screen.mute", id="mute-button")
            yield ControlButton("Quit", "screen.quit_session", id="quit-button")
        # Compact, without the palette's own entry (ctrl+p still opens it): every key that
        # works here fits on one line at 80 columns.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        # The first frame already shows the first phase as it will start (no "Paused"
        # note, no Done buttons before the real get-ready appears).
        if self.plan.phases:
            first = self.plan.phases[0]
            self._phase_shown = first.index
            self._show_phase(first)
            self._show_progress(first)
            if first.seconds is not None:
                self._digits("#countdown", format_clock(first.seconds))
        # Start once the screen is drawn: building it must not eat into the first phase.
        self.call_after_refresh(self._begin)

    def _begin(self) -> None:
        if not self.session.started:
            self.session.start()
            phase = self.session.phase
            if (
                self.answered_before is not None
                and phase is not None
                and isinstance(phase.step, CheckInStep)
                and phase.step.moment == "before"
            ):
                self.session.check_in(self.answered_before)
            self.tick()

    def on_unmount(self) -> None:
        self._disarm()
        if self.session.started and not self.session.finished:
            # The app is closing under a running session (a closed terminal, a quit it
            # asked about): end it the way `q` would, so every step done so far is kept.
            self.session.quit()
        if self.voice is not None:
            self.voice.close()

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
        if phase is not None and not session.paused:
            frame = None
            if phase.kind in BREATHING_KINDS:
                frame = PACER_FRAME
            elif self._figure_moves():
                frame = FIGURE_FRAME
            if frame is not None:
                wait = frame if wait is None else min(wait, frame)
        self.armed_for = wait
        if wait is not None:
            loop = asyncio.get_running_loop()
            self._alarm = loop.call_later(wait + TIMER_SLACK, self._on_alarm)

    def _disarm(self) -> None:
        if self._alarm is not None:
            self._alarm.cancel()
            self._alarm = None

    def _figure_moves(self) -> bool:
        moment = figure_moment(self.session)
        return moment is not None and moment.moving

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
        self._show_figure()
        self.set_class(session.paused, "-paused")
        self._sync_actions(phase)

    def _show_phase(self, phase: Phase) -> None:
        face = self._face_for(phase)
        self.query_one("#face", ContentSwitcher).current = face
        self._label("#phase-title", words.phase_title(phase, self.swapped))
        detail = words.phase_detail(phase, self.swapped)
        note = self.dose_notes.get(phase.step_index)
        if note and phase.kind is PhaseKind.WORK:
            detail = f"{detail} · {note}" if detail else note
        self._label("#phase-detail", detail)
        if face == "checkin-face":
            assert isinstance(phase.step, CheckInStep)
            self.query_one(CheckInPad).ask(phase.step.prompt)
        cues = words.cue_lines(phase)
        self._static("#cues", Content("\n").join(literal(f"• {line}") for line in cues))
        warning = words.warning_line(phase)
        self._static("#skip-if", literal(warning))
        stops = words.stop_rule_lines(phase)
        self._static("#stop-rules", Content("\n").join(Content(line) for line in stops))
        self.query_one("#cues").display = bool(cues)
        self.query_one("#skip-if").display = bool(warning)
        self.query_one("#stop-rules").display = bool(stops)
        self.query_one("#care").display = bool(warning or stops)
        following = words.next_step_text(self.plan, phase, self.swapped)
        self._label("#next", following)
        self.query_one("#next").display = bool(following)
        self.set_class(phase.kind in BREATHING_KINDS, "-breathing")
        self.set_class(phase.kind is PhaseKind.THERAPY_ON, "-therapy")

    def _show_figure(self) -> None:
        moment = figure_moment(self.session)
        lines = figure_lines(moment) if moment is not None else None
        self.query_one(FigureView).show_lines(lines)
        self.set_class(lines is not None, "-figure")

    def _show_progress(self, phase: Phase) -> None:
        session = self.session
        self._label("#step-count", f"Step {phase.step_index + 1} of {len(self.routine.steps)}")
        progress = round(session.progress() * 1000)
        if self._shown.get("#progress") != progress:
            self._shown["#progress"] = progress
            self.query_one("#progress", ProgressBar).update(progress=progress)
        self._label("#time-left", f"{format_clock(session.time_left())} left")
        state = "muted" if self.muted or self.sound is None else ""
        if self.voice_on and not self.muted:
            state = "voice on"
        self._label("#sound-state", state)

    def _show_untimed(self, phase: Phase) -> None:
        count = self.query_one("#untimed-count", Digits)
        session = self.session
        if session.paced:
            count.display = True
            rep = session.current_rep() or 1
            self._digits("#untimed-count", str(rep))
            tempo = seconds_words(phase.tempo or 0)
            hint = f"Rep {rep} of {phase.reps}, {tempo} each · c: count them yourself"
        elif phase.kind is PhaseKind.WORK and phase.reps:
            count.display = True
            counted = session.rep_count
            self._digits("#untimed-count", str(counted))
            hint = f"{counted} of {phase.reps} counted · c counts one · space when done"
        else:
            count.display = False
            hint = words.waiting_hint(phase)
        self._label("#untimed-hint", hint)

    @staticmethod
    def _face_for(phase: Phase) -> str:
        if phase.kind is PhaseKind.CHECK_IN:
            return "checkin-face"
        if phase.kind in BREATHING_KINDS:
            return "pacer-face"
        if phase.seconds is None or phase.tempo is not None:
            return "untimed-face"  # waits for the user, or paced reps: the rep, not the time
        return "timer-face"

    def _label(self, selector: str, text: str) -> None:
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            self.query_one(selector, Label).update(literal(text))

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
        session = self.session
        state = (
            phase.kind,
            phase.timed,
            session.waiting_for_user,
            session.paced,
            bool(phase.reps),
            session.paused,
            pad.chosen is not None,
            session.finished,
            self.on_hurt is not None,
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
            "#hurt-button": "hurt",
        }
        waits = session.waiting_for_user
        for selector, action in buttons.items():
            allowed = bool(self.check_action(action, ()))
            button = self.query_one(selector, ControlButton)
            if selector == "#done-button":
                button.display = phase.kind in _CONFIRMED and waits
            elif selector == "#rep-button":
                counting = phase.kind is PhaseKind.WORK and (waits or session.paced)
                button.display = counting and bool(phase.reps)
            elif selector == "#hurt-button":
                button.display = self.on_hurt is not None
            button.disabled = not allowed
        pause = self.query_one("#pause-button", ControlButton)
        pause.label = "Resume" if session.paused else "Pause"

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        phase = session.phase
        running = session.started and not session.finished and phase is not None
        if action in _SESSION_ACTIONS or action in ("count_rep", "digit", "check_in"):
            if not running or phase is None:
                return False
            waits = session.waiting_for_user
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
                return waits and phase.kind in _CONFIRMED
            if action == "count_rep":
                counts = waits or session.paced
                return not session.paused and counts and phase.kind is PhaseKind.WORK
            if action in ("digit", "check_in"):
                return phase.kind is PhaseKind.CHECK_IN
            if action == "hurt":
                return self.on_hurt is not None
        return True

    def use_routine(
        self,
        routine: Routine,
        *,
        restart_step: bool = False,
        swapped: Mapping[int, str] | None = None,
    ) -> bool:
        """Carry on with `routine` in place of this one (easier variants) from here on.

        The engine keeps the phases behind and the current one (`Session.replace_plan`);
        with `restart_step` the current step starts again in its new form. `swapped` names
        the exercises the new routine's easier variants stand in for. Returns False,
        changing nothing, when the session cannot take it.
        """
        plan = build_plan(routine)
        if not self.session.replace_plan(plan, restart_step=restart_step):
            return False
        self.routine = routine
        self.plan = plan
        self.swapped.update(swapped or {})
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
        self._stop_voice_if_paused()

    def action_pause(self) -> None:
        self._command(self.session.toggle_pause)
        self._stop_voice_if_paused()

    def action_resume(self) -> None:
        self._command(self.session.toggle_pause)

    def _stop_voice_if_paused(self) -> None:
        if self.session.paused and self.voice is not None:
            self.voice.stop()

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

    def action_hurt(self) -> None:
        if self.on_hurt is not None:
            self.on_hurt()

    def action_mute(self) -> None:
        """Sound and voice together: `m` silences both, and again brings both back."""
        if self.sound is None and self.voice is None:
            self.notify("Sound is off: no sound player was found.", timeout=3)
            return
        self.muted = not self.muted
        if self.sound is not None:
            self.sound.muted = self.muted
        self._sync_voice()
        self.query_one("#mute-button", ControlButton).label = "Unmute" if self.muted else "Mute"
        self.show()

    def action_toggle_voice(self) -> None:
        """`v`: spoken cues on or off for this session (config.yaml's `voice:` says at start)."""
        if self.voice is None:
            from coach.voice import DEBIAN_PACKAGES

            self.notify(
                "Spoken cues need a speech synthesiser: install "
                f"{DEBIAN_PACKAGES} (Debian and Ubuntu package names).",
                title="Voice",
                timeout=6,
            )
            return
        self.voice_on = not self.voice_on
        self._sync_voice()
        self.notify("Spoken cues on." if self.voice_on else "Spoken cues off.", timeout=2)
        self.show()

    def _sync_voice(self) -> None:
        if self.voice is not None:
            self.voice.muted = self.muted or not self.voice_on

    def pause_for(self, screen: Screen[T], then: Callable[[T | None], None]) -> None:
        """Open `screen` over the session with time standing still; `then(answer)`.

        A running session is paused while `screen` is up and resumed after `then`,
        unless `then` ended it or opened another question through here (the session
        then resumes after the last one). Every interruption of a session goes through here.
        """
        session = self.session
        if self._held == 0:
            self._paused_by_hold = session.started and not session.finished and not session.paused
            if self._paused_by_hold:
                self._command(session.toggle_pause)
                self._stop_voice_if_paused()
        self._held += 1

        def answered(answer: T | None) -> None:
            try:
                then(answer)
            finally:
                self._held -= 1
                if self._held == 0 and self._paused_by_hold:
                    self._paused_by_hold = False
                    if session.paused and not session.finished:
                        self._command(session.toggle_pause)

        self.app.push_screen(screen, callback=answered)

    def skip_current_step(self) -> None:
        """Go on without the step under way ("this hurts": the rest of the routine)."""
        self._command(self.session.skip_step)

    def end_early(self) -> None:
        """Stop for today: the session ends now and keeps what was done."""
        self._command(self.session.finish_early)

    @property
    def running(self) -> bool:
        """Started and not yet finished (quitting now would lose nothing but asks first)."""
        return self.session.started and not self.session.finished

    def action_quit_session(self) -> None:
        self.ask_quit()

    def ask_quit(
        self, *, exit_app: bool = False, exit_app_now: Callable[[], None] | None = None
    ) -> None:
        """Quitting is one rule: `q` (the session), ctrl+q and the palette's Quit (coach)
        all ask first, and a yes keeps what was done. `exit_app_now` closes coach after."""
        if self._asking_quit:
            return
        self._asking_quit = True
        question = QUIT_APP_QUESTION if exit_app else QUIT_QUESTION

        def answered(quit_now: bool | None) -> None:
            self._asking_quit = False
            if quit_now:
                self._command(self.session.quit)
                if exit_app and exit_app_now is not None:
                    exit_app_now()

        self.pause_for(YesNoScreen(question), answered)
