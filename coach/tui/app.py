"""The coach app, and the one factory that builds it.

`build_app()` takes everything from outside (library, clock, journal, sound,
config), so the CLI passes the real ones (see `coach.tui.launch`) and tests pass
a FakeClock and fakes. Nothing here reaches for globals or reads a clock itself.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from coach.clock import Clock
from coach.config import Config
from coach.errors import CoachError
from coach.routines.model import Kind, Routine
from coach.text import visible
from coach.tui.keymap import expand_keymap
from coach.tui.messages import (
    BuildRoutine,
    ConfigReloaded,
    EditRoutine,
    RoutineChosen,
    RoutineSaved,
    TodayChanged,
)
from coach.tui.ports import CueForEvent, RoutineLibrary, Sound, Voice
from coach.tui.screens.home import HomeScreen
from coach.tui.widgets.care_note import clinician_note

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from coach.history.activity import Outcome
    from coach.routines.watch import RoutineWatcher
    from coach.safety import Card
    from coach.session.events import Event, SessionSummary
    from coach.session.recording import SessionRecorder
    from coach.tui.customize import Customizer
    from coach.tui.hot_reload import HotReload
    from coach.tui.journal_watch import JournalWatch
    from coach.tui.logbook import Logbook
    from coach.tui.ports import Journal
    from coach.tui.reminders import ReminderOptions, WindowReminders
    from coach.tui.screens.session import SessionScreen
    from coach.tui.today import TodayFigures


_HERE = Path(__file__).parent
_SCREENS = _HERE / "screens"


class CoachApp(App[None]):
    """Home → session → summary → home; or, with `start_routine`, session → summary → exit."""

    # The styles the first frame needs: the app's and the home screen's. Absolute, so a
    # subclass elsewhere (a bench, a test) finds them too.
    CSS_PATH: ClassVar[list[str | PurePath]] = [_HERE / "coach.tcss", _SCREENS / "home.tcss"]
    # Every other screen's styles (coach/tui/screens/*.tcss), read together when the first
    # screen other than home is shown (`_load_screen_css`): the first frame does not wait
    # for them. Not a CSS_PATH on each screen: Textual would re-parse the whole stylesheet
    # at each one's first showing.
    LATER_CSS_PATH: ClassVar[list[PurePath]] = sorted(
        path for path in _SCREENS.glob("*.tcss") if path.name != "home.tcss"
    )
    TITLE = "coach"
    SUB_TITLE = "back care"

    # `?` and F1 open the safety page on every screen (home and the session also show it
    # in their footers, under the same id, so `keymap:` moves them all).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "show_safety", "Safety", id="show_safety", show=False),
    ]

    # Screens get -narrow / -wide and -short / -tall classes for their .tcss. (Textual
    # declares these as instance attributes, so they cannot be annotated ClassVar here.)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # noqa: RUF012

    def __init__(
        self,
        *,
        library: RoutineLibrary,
        clock: Clock,
        journal: Journal | None = None,
        sound: Sound | None = None,
        config: Config | None = None,
        start_routine: Routine | None = None,
        cue_for_event: CueForEvent | None = None,
        notices: Sequence[str] = (),
        freeze_gc: bool = False,
        watcher: RoutineWatcher | None = None,
        reminders: ReminderOptions | None = None,
        voice: Callable[[Config], Voice | None] | None = None,
        open_journal: Callable[[list[str]], Journal | None] | None = None,
    ) -> None:
        super().__init__()
        # How to open the history once the first frame is out (coach.tui.launch); it
        # appends what went wrong to the list it is given. None: `journal` is the history.
        self._open_journal = open_journal
        self._later_css_read = False  # LATER_CSS_PATH: read with the first screen after home
        # Spoken cues (coach.voice.Speaker), made for each session from the config; None
        # in tests that do not ask for it.
        self.make_voice = voice
        # A routine to start when this session has ended (the severe-pain offer's gentle
        # routine), with the pain level already given.
        self._start_next: tuple[Routine, int] | None = None
        self.freeze_gc = freeze_gc
        # Hot reload of the user routines folder (coach.tui.hot_reload), started at mount.
        self.watcher = watcher
        self.hot_reload: HotReload | None = None
        self.library = library
        self.clock = clock
        self.journal = journal
        self.sound = sound
        self.config = config or Config()
        self.start_routine = start_routine
        self.cue_for_event = cue_for_event
        self.notices = list(notices)
        self.last_summary: SessionSummary | None = None
        self.journal_watch: JournalWatch | None = None
        # Sitting and water reminders while the window is open (coach.tui.reminders).
        self.reminders: WindowReminders | None = None
        if reminders is not None:
            from coach.tui.reminders import WindowReminders

            self.reminders = WindowReminders(self, self, reminders)

    @property
    def history_opening(self) -> bool:
        """True until the history the first frame did not wait for has opened."""
        return self._open_journal is not None

    @property
    def routines(self) -> dict[str, Routine]:
        return dict(self.library.routines)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast, from any screen or controller, shows its text literally: messages
        name routines and files (`draft[a=b:c].yaml`), which are never markup."""
        del markup  # coach's own messages use none; a user's text must never be read as it
        super().notify(
            visible(message),
            title=visible(title, one_line=True),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_default_screen(self) -> HomeScreen | Screen[None]:
        if self.start_routine is not None:
            return Screen()  # the session is pushed over it at mount
        return self.home_screen()

    def home_screen(self) -> HomeScreen:
        return HomeScreen(self._routines_by_kind(), self.library.problems)

    def _routines_by_kind(self) -> dict[Kind, list[Routine]]:
        """Routines by kind, each group by name: what the home screen lists."""
        return {
            kind: sorted(routines, key=lambda r: r.name.lower())
            for kind, routines in self.library.by_kind().items()
        }

    def on_mount(self) -> None:
        if self.freeze_gc:
            # Everything built so far lives as long as the app: leave it out of the garbage
            # collector's full passes, which otherwise stall the screen for 50-150 ms.
            self.call_after_refresh(_freeze_and_collect_from_now_on)
        if self._open_journal is not None:
            # First after the first frame, so whatever reads the history then finds it.
            self.call_after_refresh(self._open_history)
        if self.watcher is not None:
            from coach.tui.hot_reload import HotReload

            self.hot_reload = HotReload(self, self.watcher, on_library=self._library_changed)
            self.hot_reload.start()
        if self.config.keymap:
            self.set_keymap(expand_keymap(self.config.keymap))
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=12)
        if self.reminders is not None:
            self.reminders.start()
        if self.start_routine is None:
            # The history is read after the first frame: the window appears sooner.
            self.call_after_refresh(self.refresh_today)
        if self._open_journal is None:
            self._history_ready()

    def _open_history(self) -> None:
        """Open the history the first frame did not wait for (its modules and the database
        cost ~6 ms), then go on as `on_mount` would have with it."""
        open_journal, self._open_journal = self._open_journal, None
        assert open_journal is not None
        problems: list[str] = []
        self.journal = open_journal(problems)
        for problem in problems:
            self.notify(problem, severity="warning", timeout=12)
        if self.reminders is not None:
            self.reminders.refresh_panels()  # the water drunk today
        self._history_ready()

    def _history_ready(self) -> None:
        """What start-up does with the history: follow what other processes write, the
        safety page on a first run, then the session asked for or the weekly PEG offer."""
        if self.journal is not None:
            # What another process writes (`coach drink`, the daemon) shows within a second.
            from coach.tui.journal_watch import JournalWatch

            self.journal_watch = JournalWatch(self, self.journal).start()
        if self.needs_safety_acknowledgement():
            # First run: the safety screen comes first; a `coach run X` session waits for it.
            from coach.tui.screens.safety import SafetyScreen

            self.push_screen(SafetyScreen(first_run=True), callback=self._safety_answered)
        elif self.start_routine is not None:
            self.start_session(self.start_routine)
        else:
            # At most once a week; the logbook's modules load after the first frame too.
            self.call_after_refresh(lambda: self._logbook().offer_peg())

    def _load_screen_css(self, screen: Screen[Any]) -> None:
        """A screen is about to show: the first one other than home brings in the other
        screens' styles (`LATER_CSS_PATH`).

        This overrides Textual's private hook, called before any screen (pushed, switched
        to, or the default one) is shown. The files are added to the stylesheet, which
        parses only what it has not parsed yet, and the styles are applied again to every
        widget, as Textual does itself for a screen's own CSS_PATH.
        """
        super()._load_screen_css(screen)
        if self._later_css_read or isinstance(screen, HomeScreen):
            return
        self._later_css_read = True
        for path in self.LATER_CSS_PATH:
            self.stylesheet.read(path)
        self.stylesheet.update(self)

    def on_unmount(self) -> None:
        if self.reminders is not None:
            self.reminders.stop()  # the lock goes: `coach remind` carries on

    def today(self) -> TodayFigures | None:
        from coach.tui.today import today_figures  # with the history, after the first frame

        upcoming = self.reminders.next_break() if self.reminders is not None else None
        return today_figures(
            self.journal,
            self.clock.now(),
            self.config,
            upcoming,
            programmes=lambda: getattr(self.library, "programmes", {}),
            names={routine.id: routine.name for routine in self.library.routines.values()},
        )

    def action_start_next_due(self) -> None:
        """`t` on home: start what is due next today (a break, the day's routine, a glass)."""
        today = self.today()
        item = today.plan.next_item(self.clock.now()) if today and today.plan else None
        if item is None:
            self.notify("Nothing more is due today.", timeout=3)
        elif item.kind == "water":
            self.action_log_water()
        elif item.kind == "break" and item.routine_id and self.reminders is not None:
            self.reminders.start_break(item.routine_id)  # answers a waiting reminder too
        elif item.routine_id:
            try:
                self.start_session(self.library.get(item.routine_id))
            except CoachError as error:
                self.notify(str(error), severity="error", timeout=6)

    def refresh_today(self) -> None:
        """Show the latest "today" figures on the home screen (after a session, a drink…)."""
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_today(self.today())
                screen.show_care_note(clinician_note(self.journal, self.clock.now()))

    def on_today_changed(self, _: TodayChanged) -> None:
        self.refresh_today()

    def on_config_reloaded(self, message: ConfigReloaded) -> None:
        """config.yaml was saved (the reminders watch it): goal, glass and keys follow."""
        self.config = message.config
        self.set_keymap(expand_keymap(message.config.keymap))
        self.refresh_today()

    # ------------------------------------------------------------------ flow

    def on_routine_chosen(self, message: RoutineChosen) -> None:
        if self.running_session() is not None:
            self.notify("Finish or quit this session first.", severity="warning")
            return
        self.start_session(message.routine)

    def running_session(self) -> SessionScreen | None:
        """The session under way, wherever it is in the screen stack."""
        from coach.tui.screens.session import SessionScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, SessionScreen) and screen.running:
                return screen
        return None

    def start_session(self, routine: Routine, *, answered_before: int | None = None) -> None:
        """Start `routine`: its "before you start" notes first (unless the user skips them
        for this routine), then, when pain rose by 2+ last time, the easier variants."""
        if isinstance(self.screen, HomeScreen):
            # What home said (the weekly check-in, a glass logged) is about home, and a
            # toast would cover the session's cues and stop rules: gone once one starts.
            self.clear_notifications()
        if not routine.notes or self._notes_skipped(routine.id):
            self._start_after_notes(routine, answered_before)
            return
        from coach.tui.care import NOTES_BACK, NOTES_SKIP, notes_offer
        from coach.tui.screens.choice import ChoiceScreen

        def answered(choice: str | None) -> None:
            if choice == NOTES_BACK or choice is None:
                if self.start_routine is not None:
                    self.exit()
                return
            if choice == NOTES_SKIP:
                self._skip_notes(routine.id)
            self._start_after_notes(routine, answered_before)

        self.push_screen(ChoiceScreen(notes_offer(routine)), callback=answered)

    def _notes_skipped(self, routine_id: str) -> bool:
        if self.journal is None:
            return False
        try:
            return bool(self.journal.notes_skipped(routine_id))
        except CoachError:  # an unreadable history shows the notes: nothing is lost
            return False

    def _skip_notes(self, routine_id: str) -> None:
        if self.journal is None:
            return
        try:
            self.journal.skip_notes(routine_id)
        except CoachError as error:  # shown again next time; the session still starts
            self.notify(f"Could not save that in your history: {error}", severity="warning")

    def _start_after_notes(self, routine: Routine, answered_before: int | None) -> None:
        from coach.session.prep import swaps_before_start

        swaps = swaps_before_start(routine, self.journal, self.library.exercises)
        if not swaps:
            self._push_session(routine, answered_before=answered_before)
            return
        from coach.tui.easier import ROSE_LAST_TIME, easier_question, swapped_names, with_swaps
        from coach.tui.screens.yes_no import YesNoScreen

        def answered(use: bool | None) -> None:
            if use:
                self._push_session(
                    with_swaps(routine, swaps),
                    eased=True,
                    swapped=swapped_names(swaps),
                    answered_before=answered_before,
                )
            else:
                self._push_session(routine, answered_before=answered_before)

        self.push_screen(YesNoScreen(easier_question(swaps, ROSE_LAST_TIME)), callback=answered)

    def _push_session(
        self,
        routine: Routine,
        *,
        eased: bool = False,
        swapped: dict[int, str] | None = None,
        answered_before: int | None = None,
    ) -> None:
        screen = self.session_screen(
            routine, eased=eased, swapped=swapped, answered_before=answered_before
        )
        self.push_screen(screen, callback=partial(self._session_ended, recorder=screen.recorder))

    def session_screen(
        self,
        routine: Routine,
        *,
        eased: bool = False,
        swapped: dict[int, str] | None = None,
        answered_before: int | None = None,
    ) -> SessionScreen:
        """A session screen wired to this app's clock, journal, sound and voice (benches add
        probes).

        The doses are today's (progression from the history); a pain check-in before the
        work may offer the gentle routine (7+) and, unless the routine was already made
        easier, the easier variants (4+); "this hurts" is answered (`coach.tui.care`).
        """
        # Imported here: the home screen opens faster without the session's modules.
        from coach.session.prep import progressed
        from coach.tui.care import SessionCare
        from coach.tui.screens.session import SessionScreen

        routine, dose_notes = progressed(routine, self.journal, self.clock)
        voice = self.make_voice(self.config) if self.make_voice is not None else None
        screen = SessionScreen(
            routine,
            clock=self.clock,
            journal=self.journal,
            sound=self.sound,
            cue_for_event=self.cue_for_event,
            dose_notes=dose_notes,
            swapped=swapped,
            answered_before=answered_before,
            voice=voice,
            voice_on=self.config.voice_enabled,
        )
        SessionCare(
            screen,
            self.library.exercises,
            offer_easier=not eased,
            start_instead=self._start_instead,
        ).attach()
        return screen

    def _start_instead(self, routine_id: str, pain: int) -> bool:
        """End the session under way (kept, as done for today) and start `routine_id`."""
        routine = self.library.routines.get(routine_id)
        session = self.running_session()
        if routine is None or session is None:
            return False
        self._start_next = (routine, pain)
        session.end_early()
        return True

    def _session_ended(
        self, summary: SessionSummary | None, recorder: SessionRecorder | None = None
    ) -> None:
        if summary is None:
            return
        if self.reminders is not None:
            self.reminders.session_ended(summary)  # a completed routine is a break
        if self._start_next is not None:
            routine, pain = self._start_next
            self._start_next = None
            self.start_session(routine, answered_before=pain)
            return
        from coach.tui.screens.summary import SummaryScreen

        self.last_summary = summary
        self.push_screen(
            SummaryScreen(
                summary,
                saved=self.journal is not None,
                closing_exits=self.start_routine is not None,
                # What the session did, in the History screen's words, and what reached it.
                outcome=recorder.outcome if recorder is not None else None,
                history_line=recorder.history_line(completed=summary.completed)
                if recorder is not None
                else None,
                card=self._break_card(summary, recorder.outcome if recorder is not None else None),
            ),
            callback=self._summary_closed,
        )

    def _break_card(self, summary: SessionSummary, outcome: Outcome | None) -> Card | None:
        """After a break (a posture routine, or one the sitting reminder offers) that did
        some work (the History screen's word, `outcome`, when there is a history): one
        back-care card, a different one each hour (`coach.safety.pick_card`)."""
        from coach.safety import pick_card

        routine = self.library.routines.get(summary.routine_id)
        is_break = summary.routine_id in self.config.break_routines or (
            routine is not None and routine.kind is Kind.POSTURE
        )
        if not is_break or outcome == "no work" or summary.active_seconds < 1:
            return None
        now = self.clock.now()
        return pick_card(now.toordinal() * 24 + now.hour)

    def _summary_closed(self, _: None) -> None:
        if self.start_routine is not None:
            self.exit()
            return
        self.refresh_today()

    # ------------------------------------------------------------------ customizing

    def on_build_routine(self, message: BuildRoutine) -> None:
        self._customizer().build(message.routine)

    def on_edit_routine(self, message: EditRoutine) -> None:
        self._customizer().edit(message.routine)

    def on_routine_saved(self, _: RoutineSaved) -> None:
        self._routine_files_written()

    def _customizer(self) -> Customizer:
        from coach.tui.customize import Customizer

        if self.watcher is not None:
            user_dir = self.watcher.user_dir
        else:
            from coach import paths

            user_dir = paths.user_routines_dir()
        return Customizer(
            self,
            library=lambda: self.library,
            user_dir=user_dir,
            refresh=self._routine_files_written,
        )

    def _routine_files_written(self) -> None:
        """coach wrote a routine file itself: show it on home now, not at the next poll."""
        if self.hot_reload is not None:
            self.hot_reload.poll_now()

    def _library_changed(self, library: RoutineLibrary) -> None:
        """The routines folder changed (hot reload): this library from now on, on every home."""
        self.library = library
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_routines(self._routines_by_kind(), library.problems)

    # ------------------------------------------------------------------ history and safety

    def needs_safety_acknowledgement(self) -> bool:
        """True until the user has acknowledged the safety screen once (kept in the journal).

        Without a journal that can remember it, coach does not ask at every start.
        """
        acknowledged_at = getattr(self.journal, "safety_acknowledged_at", None)
        if acknowledged_at is None:
            return False
        try:
            return acknowledged_at() is None
        except CoachError:  # an unreadable history must not keep the window from opening
            return False

    def _safety_answered(self, acknowledged: bool | None) -> None:
        acknowledge = getattr(self.journal, "acknowledge_safety", None)
        if acknowledged and acknowledge is not None:
            try:
                acknowledge(self.clock.now())
            except CoachError as error:  # asked again next time; nothing else is lost
                self.notify(f"Could not save that in your history: {error}", severity="warning")
        if acknowledged:
            self._ask_fluid_limit()  # then what the first run was opened for
        else:
            self._first_run_done()

    def _first_run_done(self) -> None:
        if self.start_routine is not None:
            self.start_session(self.start_routine)

    def _ask_fluid_limit(self) -> None:
        """The first run's water question (`coach.tui.first_run`), then what it opened for."""
        from coach.tui.first_run import FluidLimitQuestion

        FluidLimitQuestion(self, lambda: self.config, then=self._first_run_done).ask()

    def action_show_history(self) -> None:
        from coach.history.progress import Goals
        from coach.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.journal, self.clock, Goals.from_config(self.config)))

    def action_log_water(self) -> None:
        """`w` on home: a glass of water into the history."""
        if self.reminders is not None:
            self.reminders.log_glass()  # also restarts the water reminder's timer
        else:
            from coach.tui.reminders import log_glass_of_water

            log_glass_of_water(self, self, self.config)

    def action_answer_peg(self) -> None:
        """`c` on home: the weekly check-in, the PEG questions (`coach.tui.logbook`)."""
        self._logbook().ask_peg()

    def action_log_activity(self) -> None:
        """`a` on home: activity done away from coach (`coach.tui.logbook`)."""
        self._logbook().log_activity()

    def _logbook(self) -> Logbook:
        from coach.tui.logbook import Logbook

        return Logbook(self, self.journal, self.clock)

    def action_pause_reminders(self) -> None:
        """`p` on home, or the palette: pause reminders for a while, or resume them."""
        if self.reminders is not None:
            self.reminders.ask_pause()
        else:
            self.notify("Reminders do not run in this window.", severity="warning", timeout=3)

    def action_show_safety(self) -> None:
        """`?`/F1 on any screen, and the palette's Safety: the safety page. During a session
        the session waits while it is open and goes on at the same second after."""
        from coach.tui.screens.safety import SafetyScreen

        if isinstance(self.screen, SafetyScreen):
            return
        session = self.running_session()
        if session is not None and self.screen is session:
            session.pause_for(SafetyScreen(first_run=False), lambda _: None)
        else:  # no session, or a question is open over it: the session already waits
            self.push_screen(SafetyScreen(first_run=False))

    async def action_quit(self) -> None:
        """ctrl+q, the palette's Quit and home's `q`: during a session, ask first (what was
        done is kept either way); otherwise close at once."""
        session = self.running_session()
        if session is None:
            self.exit()
            return
        session.ask_quit(exit_app=True, exit_app_now=self.exit)

    def action_show_care(self) -> None:
        """`b` on home, and the palette's Back care: the flare-up plan and the tips."""
        from coach.tui.screens.care import CareScreen

        if not isinstance(self.screen, CareScreen):
            self.push_screen(CareScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "History", "Minutes, water, pain, streaks and sessions", self.action_show_history
        )
        yield SystemCommand(
            "Safety", "What coach is not, the red flags, when to stop", self.action_show_safety
        )
        yield SystemCommand(
            "Back care",
            "If your back flares up; sitting, lifting, sleep, staying active, stress",
            self.action_show_care,
        )
        yield SystemCommand(
            "Weekly check-in (PEG)",
            "Three questions on your pain this week",
            self.action_answer_peg,
        )
        yield SystemCommand(
            "Log activity", "A walk, a ride, a swim, a run, strength work", self.action_log_activity
        )
        if self.reminders is not None:
            yield SystemCommand(
                "Pause reminders",
                "No break or water reminder for a while (or resume them)",
                self.action_pause_reminders,
            )


def build_app(
    *,
    library: RoutineLibrary,
    clock: Clock,
    journal: Journal | None = None,
    sound: Sound | None = None,
    config: Config | None = None,
    start_routine: str | None = None,
    notices: Sequence[str] = (),
    freeze_gc: bool = False,
    watcher: RoutineWatcher | None = None,
    reminders: ReminderOptions | None = None,
    app_class: type[CoachApp] | None = None,
    voice: Callable[[Config], Voice | None] | None = None,
    open_journal: Callable[[list[str]], Journal | None] | None = None,
) -> CoachApp:
    """The app, ready to `run()` (or `run_test()`).

    `start_routine` opens that routine's session at once and exits after its summary;
    an unknown id raises `CoachError` (with a "did you mean") before any screen is drawn.
    Sound cues play only when `sound` is given. `freeze_gc` (for a real run, not tests that
    build many apps in one process) moves start-up objects out of the garbage collector's
    reach once the first frame is out. `watcher` (whose `library` this is) keeps the
    routines in step with the user folder while the app runs. `reminders` runs the sitting
    and water reminders in the window (`ReminderOptions.real()` for a real run; tests
    pass a paused scheduler and call `app.reminders.service.run_due`). `app_class` is a
    subclass of CoachApp to build instead (benches add probes that way). `voice` makes
    the spoken cues' speaker for a session from the config (`coach.tui.launch` passes the
    real one; None: no voice, `v` says how to get one). `open_journal`, given instead of
    `journal`, opens the history just after the first frame (it appends its problems to
    the list it gets); the safety page of a first run then shows over home.
    """
    routine = library.get(start_routine) if start_routine is not None else None
    return (app_class or CoachApp)(
        library=library,
        clock=clock,
        journal=journal,
        sound=sound,
        config=config,
        start_routine=routine,
        cue_for_event=_play_cue_for_event if sound is not None else None,
        notices=notices,
        freeze_gc=freeze_gc,
        watcher=watcher,
        reminders=reminders,
        voice=voice,
        open_journal=open_journal,
    )


def _play_cue_for_event(player: Sound, event: Event) -> None:
    """`coach.session.cues.play_cue_for_event`, imported with the first session's first
    cue rather than before the home screen's first frame."""
    from coach.session.cues import play_cue_for_event

    play_cue_for_event(player, event)


def _freeze_and_collect_from_now_on() -> None:
    gc.freeze()
    # `coach` starts with the collector off (coach.commands.tui): it was waiting for this.
    gc.enable()
