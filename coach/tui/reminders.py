"""Reminders inside the coach window.

While `coach` is open it reminds the user itself and the daemon keeps quiet: on
mount the window takes the TUI lock (`coach.reminders.locks.tui_lock_path()`), runs an
AsyncIOScheduler on Textual's event loop and a `ReminderService` (the same rules
as `coach remind`); on exit it stops both and lets the lock go, and the daemon
carries on from the times the window planned.

A reminder shows as a banner (`screens/reminder.py`) over whatever screen is up,
except during a routine: then it waits (a routine is never interrupted), and a
routine completed meanwhile counts as the break. Every answer goes through
`service.answer(...)`, which journals it. `w` on home logs a glass of water.

`WindowReminders` never imports the app: it reads what it needs through the
`ReminderHost` protocol (the app's clock, journal, library, sound and config),
uses Textual's own `App` API for screens and notifications, and talks up with
messages (`coach.tui.messages`): `RoutineChosen` to start the break,
`TodayChanged` after a glass, `ConfigReloaded` when config.yaml changed.

Tests build the app with `ReminderOptions(scheduler=<a paused scheduler>)`, move
a FakeClock and await `app.reminders.service.run_due(kind)` themselves.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from coach.clock import Clock
from coach.config import Config, fix_hint
from coach.durations import format_duration, format_volume
from coach.errors import CoachError, InvalidFile
from coach.reminders.vocabulary import ReminderAnswer, ReminderKind
from coach.tui.messages import ConfigReloaded, RoutineChosen, TodayChanged
from coach.tui.ports import RoutineLibrary, Sound
from coach.tui.widgets.reminder_status import ReminderFigures, ReminderStatus

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from textual.app import App
    from textual.screen import Screen

    from coach.reminders.breaks import BreakOffer
    from coach.reminders.day import NextBreak
    from coach.reminders.locks import InstanceLock
    from coach.reminders.service import ReminderService
    from coach.reminders.track import Reminder
    from coach.session.events import SessionSummary
    from coach.tui.ports import Journal
    from coach.tui.screens.reminder import ReminderChoice, ReminderPrompt, ReminderScreen
    from coach.tui.screens.session import SessionScreen

logger = logging.getLogger(__name__)

CUE = "reminder"


@dataclass(frozen=True)
class ReminderOptions:
    """How the coach window runs reminders.

    `ReminderOptions.real()` is what `coach` uses. Tests pass their own `scheduler`
    (started paused: they run the jobs by hand with `service.run_due`) and no lock.
    """

    # None: an AsyncIOScheduler on the app's loop, started and shut down here.
    # Given: the caller starts and shuts it down.
    scheduler: AsyncIOScheduler | None = None
    lock_path: Path | None = None  # None: take no lock (tests)
    state_path: Path | None = None  # the file `coach status` and the daemon read
    config_path: Path | None = None  # watched: saved changes apply without a restart
    pause_path: Path | None = None  # `coach pause` (coach.reminders.pause); None: no pauses
    # Where the daemon asks this window to start a break ("Start break" on an old
    # notification while the window is open); None: no such requests.
    request_path: Path | None = None
    check_meetings: bool = False  # defer during calls (pactl, `defer_if`), as the daemon does
    detect_idle: bool = False  # look for an idle source (natural breaks) in a thread first
    watch_seconds: float | None = 5.0  # coach.reminders.service.WATCH_SECONDS (not imported: slow)

    @classmethod
    def real(cls) -> ReminderOptions:
        from coach import paths
        from coach.reminders import state
        from coach.reminders.locks import break_request_path, tui_lock_path
        from coach.reminders.pause import pause_file

        return cls(
            lock_path=tui_lock_path(),
            state_path=state.state_file(),
            pause_path=pause_file(),
            request_path=break_request_path(),
            config_path=paths.config_file(),
            check_meetings=True,
            detect_idle=True,
        )


class ReminderHost(Protocol):
    """What the window's reminders read from the app they run in (CoachApp has them all)."""

    @property
    def clock(self) -> Clock: ...

    @property
    def journal(self) -> Journal | None: ...

    @property
    def history_opening(self) -> bool:
        """True until the history the first frame did not wait for has opened."""
        ...

    @property
    def library(self) -> RoutineLibrary: ...

    @property
    def sound(self) -> Sound | None: ...

    @property
    def config(self) -> Config: ...


@runtime_checkable
class _VolumeControl(Protocol):
    volume: float


class WindowReminders:
    """The app's side of the reminders: lock, scheduler, service, the banner's queue.

    `app` is the Textual app (screens, notifications, messages up); `host` is what
    it holds (for coach's app, the same object).
    """

    def __init__(self, app: App[Any], host: ReminderHost, options: ReminderOptions) -> None:
        self.app = app
        self.host = host
        self.options = options
        self.service: ReminderService | None = None
        self.lock: InstanceLock | None = None
        self.reminding = False  # this window holds the lock and runs the service
        self._scheduler: AsyncIOScheduler | None = None
        self._own_scheduler = False
        self._config: Config | None = None
        # Prompts waiting to be shown (newest of each kind), and the one on screen.
        self._waiting: dict[ReminderKind, ReminderPrompt] = {}
        self._showing: ReminderScreen | None = None
        self._starting_break = False  # asked the app to start one; not on screen yet
        self._stopped = False
        self._session: SessionScreen | None = None  # the last routine shown, for what it did

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Take the lock and start reminding (call from the app's on_mount)."""
        if self.options.lock_path is not None:
            from coach.reminders.locks import InstanceLock

            lock = InstanceLock(self.options.lock_path)
            if not lock.acquire():
                # Another coach window reminds already: one reminder, not two.
                logger.info("another coach window holds %s: no reminders here", lock.path)
                self.refresh_panels()
                return
            self.lock = lock
        self.reminding = True
        self.refresh_panels()  # "Reminders are starting…"
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)
        if self.options.detect_idle:
            # APScheduler's import and loginctl/xprintidle take a moment: do them in a
            # thread once the first frame is out (a thread before it would slow it down).
            self.app.call_after_refresh(self._start_in_background)
        else:
            self._start_service(idle_source=None)

    def _start_in_background(self) -> None:
        if not self._stopped:
            self.app.run_worker(self._start_after_idle_probe(), exit_on_error=False)

    async def _start_after_idle_probe(self) -> None:
        try:
            idle_source = await asyncio.to_thread(_prepare_in_background)
        except OSError:  # natural breaks are a nicety; reminders still work
            logger.debug("no idle source", exc_info=True)
            idle_source = None
        if not self._stopped:
            self._start_service(idle_source)

    def _start_service(self, idle_source: Any) -> None:
        from coach.reminders.handover import HandOver
        from coach.reminders.presence import busy_reason
        from coach.reminders.service import ReminderService, ServiceOptions

        scheduler = self.options.scheduler
        if scheduler is None:
            from datetime import UTC

            from apscheduler.schedulers.asyncio import AsyncIOScheduler

            # APScheduler's own warnings would land on the terminal under the TUI.
            logging.getLogger("apscheduler").propagate = False
            scheduler = AsyncIOScheduler(timezone=UTC, event_loop=asyncio.get_running_loop())
            scheduler.start()
            self._own_scheduler = True
        self._scheduler = scheduler
        self._config = self.host.config
        self.service = ReminderService(
            scheduler,
            self.host.clock,
            self.host.config,
            on_reminder=self._on_reminder,
            options=ServiceOptions(
                journal=self.host.journal,
                idle_source=idle_source,
                busy_check=busy_reason if self.options.check_meetings else None,
                handover=HandOver.for_window(self.options.state_path, self.options.request_path),
                config_path=self.options.config_path,
                pause_path=self.options.pause_path,
                watch_seconds=self.options.watch_seconds,
                on_event=self._on_event,
                on_config_error=self._on_config_error,
                describe_break=self._describe_break,
                on_break_request=self.start_break,
            ),
        )
        self.service.start()
        self._offer_pending()
        self.refresh_panels()
        self._today_changed()  # the Today panel lists the breaks planned

    def stop(self) -> None:
        """Stop reminding and let the lock go (the daemon takes over). Safe to call twice."""
        self._stopped = True
        try:
            if self.service is not None:
                self.service.stop()
            if self._own_scheduler and self._scheduler is not None and self._scheduler.running:
                self._scheduler.shutdown(wait=False)
            self._own_scheduler = False
        finally:
            # Whatever happened above, the daemon must get the reminders back.
            if self.lock is not None:
                self.lock.release()
                self.lock = None
            self.reminding = False

    # ------------------------------------------------------------------ reminders in

    def _on_reminder(self, reminder: Reminder) -> None:
        """The service fired a reminder (on the loop thread: the scheduler is asyncio)."""
        if reminder.brief:
            # The eye break: a note for a moment, never a banner, nothing to answer; during a
            # routine the eyes are off the screen anyway.
            if not self._busy():
                from coach.reminders.schedule import EYE_BREAK_SECONDS

                self.app.notify(reminder.body, title=reminder.title, timeout=EYE_BREAK_SECONDS)
            return
        self._waiting[reminder.kind] = self._prompt_for(reminder)
        self._show_next()
        self.refresh_panels()

    def _prompt_for(self, reminder: Reminder) -> ReminderPrompt:
        from coach.tui.screens.reminder import ReminderPrompt  # the banner loads when needed

        return ReminderPrompt(
            kind=reminder.kind,
            title=reminder.title,
            body=reminder.body,
            can_snooze=reminder.can_snooze,
            snooze_label=f"Snooze {format_duration(reminder.snooze_seconds)}",
            routine_id=reminder.routine_id,
            reminder=reminder,
        )

    def start_break(self, routine_id: str) -> None:
        """Start this break now, as if from the banner: "Start break" on the daemon's
        notification while this window is open, or `t` on home."""
        from coach.tui.screens.reminder import ReminderPrompt

        if self._busy():
            self.app.notify("Finish this routine first.", severity="warning", timeout=4)
            return
        if self.service is None:  # another window reminds: only start the routine here
            try:
                self.app.post_message(RoutineChosen(self.host.library.get(routine_id)))
            except CoachError as error:
                self.app.notify(str(error), title="Break routine", severity="error")
            return
        showing = self._showing
        if showing is not None and showing.prompt.kind is ReminderKind.SITTING:
            showing.action_choose(ReminderAnswer.STARTED)  # the banner's own answer
            return
        prompt = self._waiting.pop(ReminderKind.SITTING, None) or ReminderPrompt(
            ReminderKind.SITTING, "Start your break", "", routine_id=routine_id
        )
        self._apply(prompt, ReminderAnswer.STARTED)
        self.app.call_later(self._after_answer)

    def _describe_break(self, routine_id: str) -> BreakOffer | None:
        """The break routine as a reminder names it, from this window's library."""
        from coach.reminders.breaks import offer_for

        routine = self.host.library.routines.get(routine_id)
        return offer_for(routine) if routine is not None else None

    def _offer_pending(self) -> None:
        """A break the daemon offered while the window was closed, if it is recent."""
        from coach.reminders.breaks import BreakOffer
        from coach.reminders.outlook import still_waiting

        assert self.service is not None
        pending = self.service.pending
        if pending is None or pending.kind != ReminderKind.SITTING:
            return
        config = self.service.config
        now = self.host.clock.now()
        fired = pending.fired_at
        if not still_waiting(fired, now, config.sitting_interval, config.zone()):
            # Too old to act on now: record it as ignored rather than offer it.
            self.service.answer_pending(ReminderAnswer.IGNORED)
            return
        routine_id = pending.routine_id or config.break_routine
        at = fired.astimezone(config.zone())
        offer = self._describe_break(routine_id) or BreakOffer(routine_id)
        body = f"coach reminded you at {at:%H:%M} while this window was closed. {offer.summary()}"
        from coach.tui.screens.reminder import ReminderPrompt

        self._waiting.setdefault(
            ReminderKind.SITTING,
            ReminderPrompt(ReminderKind.SITTING, "A break is waiting", body, routine_id=routine_id),
        )
        self.app.call_after_refresh(self._show_next)

    # ------------------------------------------------------------------ showing

    def _busy(self) -> bool:
        """True while a banner would interrupt: a routine, its summary, the first-run safety."""
        from coach.tui.screens.safety import SafetyScreen
        from coach.tui.screens.session import SessionScreen
        from coach.tui.screens.summary import SummaryScreen

        if self._starting_break:
            return True
        if any(isinstance(screen, SessionScreen) for screen in self.app.screen_stack):
            return True
        top = self.app.screen
        return isinstance(top, SummaryScreen) or (isinstance(top, SafetyScreen) and top.first_run)

    def _show_next(self) -> None:
        if self._stopped or not self._waiting:
            return
        showing = self._showing
        if showing is not None:
            # A newer reminder of the kind on screen replaces it in place.
            newer = self._waiting.pop(showing.prompt.kind, None)
            if newer is not None:
                showing.show_prompt(newer)
                self._play_cue()
            return
        if self._busy():
            return  # held: shown when the routine (or the first-run screen) is over
        kind = next(iter(self._waiting))
        prompt = self._waiting.pop(kind)
        from coach.tui.screens.reminder import ReminderScreen

        screen = ReminderScreen(prompt)
        self._showing = screen
        self.app.push_screen(screen, callback=self._answered)
        self._play_cue()

    def _screen_changed(self, screen: Screen[Any]) -> None:
        from coach.tui.screens.session import SessionScreen

        if isinstance(screen, SessionScreen):
            self._session = screen  # its recorder says what the routine did, at the end
        if self._waiting and self._showing is None:
            self._show_next()

    def _play_cue(self) -> None:
        if not self._current_config().sound:
            return
        sound = self.host.sound
        if sound is None:
            self.app.bell()  # no sound part at all: the terminal bell still says "look"
            return
        sound.play(CUE)

    # ------------------------------------------------------------------ answers

    def _answered(self, result: ReminderChoice | None) -> None:
        self._showing = None
        if result is not None and self.service is not None:
            self._apply(result.prompt, result.answer)
        self.refresh_panels()
        # After the messages just sent are handled: a break started is on screen by then.
        self.app.call_later(self._after_answer)

    def _after_answer(self) -> None:
        self._starting_break = False
        self._show_next()

    def _apply(self, prompt: ReminderPrompt, answer: ReminderAnswer) -> None:
        assert self.service is not None
        sitting = prompt.kind is ReminderKind.SITTING
        routine = None
        if answer is ReminderAnswer.STARTED and sitting:
            routine_id = prompt.routine_id or self.service.config.break_routine
            try:
                routine = self.host.library.get(routine_id)
            except CoachError as error:
                # Nothing recorded: the banner comes back so the user can still answer it.
                self.app.notify(
                    f"{error}. Check `routine:` under `sitting:` in config.yaml.",
                    title="Break routine",
                    severity="error",
                    timeout=10,
                )
                self._waiting.setdefault(prompt.kind, prompt)
                return
        if prompt.reminder is None:
            self.service.answer_pending(answer)
        elif not self.service.answer(prompt.reminder, answer):
            self.app.notify("No more snoozing this one.", severity="warning", timeout=4)
            return
        if routine is not None:
            self._starting_break = True  # a reminder still waiting is held for after it
            self.app.post_message(RoutineChosen(routine))
        elif answer is ReminderAnswer.STARTED:
            self.app.post_message(TodayChanged())  # the service logged the glass
            self.app.notify(
                f"{format_volume(self.service.config.glass_ml)} of water logged.", timeout=3
            )
        elif answer is ReminderAnswer.SNOOZED:
            self.app.notify(
                f"Snoozed: back in {format_duration(self.service.config.snooze)}.", timeout=3
            )

    def session_ended(self, summary: SessionSummary) -> None:
        """A routine ended: one mostly done is a natural break; water drunk restarts that timer."""
        if self.service is None:
            return
        if self._was_a_break(summary):
            held = self._waiting.pop(ReminderKind.SITTING, None)
            if held is not None:
                # The routine just done is the break the reminder asked for.
                if held.reminder is not None:
                    self.service.answer(held.reminder, ReminderAnswer.STARTED)
                else:
                    self.service.answer_pending(ReminderAnswer.STARTED)
            self.service.natural_break(summary.ended_at)
        if summary.water_ml > 0:
            self._waiting.pop(ReminderKind.WATER, None)  # drunk during the routine
            self.service.water_logged(summary.ended_at)
        self.refresh_panels()

    def _was_a_break(self, summary: SessionSummary) -> bool:
        """Most of the routine's planned work was done (`coach.history.activity.mostly_done`,
        as its recorder measured it); without a journal (no recorder), it ran to its end."""
        from coach.history.activity import mostly_done

        screen, self._session = self._session, None
        recorder = screen.recorder if screen is not None else None
        if recorder is None or screen is None or screen.routine.id != summary.routine_id:
            return summary.completed
        return mostly_done(recorder.work_seconds, recorder.planned_work_seconds)

    # ------------------------------------------------------------------ pause

    def ask_pause(self) -> None:
        """`p` on home (or the palette): pause reminders for a while, or resume them."""
        from coach.tui.screens.reminder import PauseScreen

        until = self.paused_until()
        label = None
        if until is not None:
            local = until.astimezone(_zone(self._current_config()))
            same_day = local.date() == self.now().astimezone(local.tzinfo).date()
            label = f"{local:%H:%M}" if same_day else f"{local:%a %H:%M}"
        self.app.push_screen(PauseScreen(label), callback=self._pause_answered)

    def paused_until(self) -> datetime | None:
        if self.service is not None:
            return self.service.paused_until
        if self.options.pause_path is None:
            return None
        from coach.reminders.pause import active_pause

        return active_pause(self.now(), self.options.pause_path)

    def _pause_answered(self, choice: str | None) -> None:
        from coach.reminders.pause import parse_pause
        from coach.tui.screens.reminder import RESUME

        if choice is None:
            return
        until = (
            None if choice == RESUME else parse_pause(choice, self.now(), self._current_config())
        )
        try:
            self._pause(until)
        except OSError as error:
            self.app.notify(f"Could not save the pause: {error}", severity="error")
            return
        if until is None:
            self.app.notify("Reminders resumed: every timer starts now.", timeout=4)
        else:
            local = until.astimezone(_zone(self._current_config()))
            self.app.notify(f"Reminders paused until {local:%a %H:%M}.", timeout=4)
        self.refresh_panels()

    def _pause(self, until: datetime | None) -> None:
        if self.service is not None:
            self.service.pause(until)
            return
        path = self.options.pause_path  # another window reminds: it follows the file
        if path is None:
            return
        from coach.reminders.pause import clear_pause, write_pause

        if until is None:
            clear_pause(path)
        else:
            write_pause(until, path)

    def log_glass(self) -> None:
        """`w` on home: a glass of water (config `glass_ml`) into the journal."""
        log_glass_of_water(self.app, self.host, self._current_config())
        if self.service is not None:
            self.service.water_logged()
        self.refresh_panels()

    # ------------------------------------------------------------------ figures

    def _current_config(self) -> Config:
        """The service's config (it follows config.yaml), or the app's before it starts."""
        return self.service.config if self.service is not None else self.host.config

    def figures(self) -> ReminderFigures:
        config = self._current_config()
        service = self.service if self.reminding else None
        waiting = ReminderKind.SITTING in self._waiting or (
            self._showing is not None and self._showing.prompt.kind is ReminderKind.SITTING
        )
        next_break = service.due_at(ReminderKind.SITTING) if service is not None else None
        return ReminderFigures(
            reminding=self.reminding,
            sitting_enabled=config.sitting_enabled,
            next_break=next_break,
            break_waiting=waiting,
            water_ml=water_today(self.host),
            history_opening=self.host.history_opening,
            water_goal_ml=config.water_goal_ml,
            # For the clock times of the service's next break or pause. Finding the local
            # zone costs ~10 ms (tzlocal): not for the first frame, which says "starting".
            zone=_zone(config) if service is not None else None,
            starting=self.reminding and self.service is None,
            paused_until=service.paused_until if service is not None else None,
            after_hours=service is not None and service.after_hours(next_break),
        )

    def now(self) -> datetime:
        return self.host.clock.now()

    def next_break(self) -> NextBreak:
        """The next break as this window plans it (for the Today panel)."""
        from coach.reminders.day import NextBreak

        service = self.service if self.reminding else None
        if service is None:
            return NextBreak(paused_until=self.paused_until())
        return NextBreak(
            service.due_at(ReminderKind.SITTING),
            service.parts.breaks.last_offered,
            service.paused_until,
        )

    def _today_changed(self) -> None:
        """Once the screens are up: the Today panel reads the plan again."""
        if not self._stopped:
            self.app.call_after_refresh(self.app.post_message, TodayChanged())

    def refresh_panels(self) -> None:
        """Every Reminders panel shows the figures again (the app calls it once the
        history has opened, for the water drunk today)."""
        for screen in self.app.screen_stack:
            for panel in screen.query(ReminderStatus):
                panel.follow(self)

    # ------------------------------------------------------------------ service events

    def _on_event(self, message: str) -> None:
        """Something happened in the service (a due time moved, the config reloaded…).

        The service says so before it has finished updating its timers, and it runs
        on the loop thread: look again once it is done.
        """
        logger.debug("reminders: %s", message)
        if not self._stopped:
            self.app.call_later(self._after_service_event)

    def _after_service_event(self) -> None:
        service = self.service
        if service is not None and service.config is not self._config:
            self._config_changed(service.config)
        else:
            self.refresh_panels()
        self._today_changed()  # the breaks to come may have moved

    def _config_changed(self, config: Config) -> None:
        """config.yaml was saved: the sound follows here, the app follows the message
        (goal, glass, keys)."""
        old, self._config = self._config, config
        sound = self.host.sound
        if sound is not None and (
            old is None or (old.sound, old.volume) != (config.sound, config.volume)
        ):
            sound.muted = not config.sound
            if isinstance(sound, _VolumeControl):  # the real player; a test's may have none
                sound.volume = config.volume
        self.app.post_message(ConfigReloaded(config))
        self.refresh_panels()

    def _on_config_error(self, error: InvalidFile) -> None:
        self.app.notify(
            f"{error}\n{fix_hint(error)}", title="config.yaml", severity="warning", timeout=12
        )


# ---------------------------------------------------------------------- helpers


def _prepare_in_background() -> Any:
    """Off the event loop: APScheduler's import (~0.1 s) and the idle-source probe."""
    import apscheduler.schedulers.asyncio  # noqa: F401 - imported here, used on the loop

    import coach.reminders.service  # noqa: F401
    from coach.reminders.idle import detect_idle_source

    return detect_idle_source()


def log_glass_of_water(app: App[Any], host: ReminderHost, config: Config) -> bool:
    """Log one glass in the journal and say so, with `coach.safety`'s caution when
    drinking runs past what kidneys clear; False (and a message) when it could not."""
    from coach.history.progress import water_caution_now
    from coach.reminders.records import JOURNAL_ERRORS

    glass = config.glass_ml
    journal = host.journal
    if journal is None:
        app.notify("History is off for this run: the glass was not saved.", severity="warning")
        return False
    try:
        journal.log_water(glass, host.clock.now(), source="manual")
    except JOURNAL_ERRORS as error:  # the history is precious, but never worth a crash
        app.notify(f"Could not save the glass: {error}", severity="error")
        return False
    app.post_message(TodayChanged())
    drunk = water_today(host)
    so_far = ""
    if drunk is not None:
        so_far = f" · {format_volume(drunk)} of {format_volume(config.water_goal_ml)} today"
    app.notify(f"A glass logged ({format_volume(glass)}){so_far}.", timeout=3)
    try:
        caution = water_caution_now(journal, host.clock.now(), config.water_goal_ml)
    except JOURNAL_ERRORS:  # the caution is a kindness, never an error
        caution = None
    if caution is not None:
        app.notify(caution.message, title="Water", severity="warning", timeout=12)
    return True


def water_today(host: ReminderHost) -> int | None:
    """Millilitres drunk today per the journal; None without one (or when it cannot say)."""
    journal = host.journal
    if journal is None:  # none, or not open yet (the first frame): nothing to import
        return None
    from coach.history.calendar import local_day  # not progress: its import costs ~5 ms
    from coach.reminders.records import JOURNAL_ERRORS

    try:
        return int(journal.water_on(local_day(host.clock.now(), getattr(journal, "zone", None))))
    except JOURNAL_ERRORS:
        logger.debug("water today unknown", exc_info=True)
        return None


def _zone(config: Config) -> tzinfo | None:
    try:
        return config.zone()
    except (KeyError, ValueError):  # an unknown zone name: local times instead
        return None
