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

Tests build the app with `ReminderOptions(scheduler=<a paused scheduler>)`, move
a FakeClock and call `app.reminders.service.run_due(kind)` themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.config import Config, fix_hint
from coach.durations import format_duration, format_volume
from coach.errors import CoachError, InvalidFile
from coach.reminders.schedule import ReminderKind
from coach.tui.widgets.reminder_status import ReminderFigures, ReminderStatus

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler
    from textual.screen import Screen

    from coach.reminders.locks import InstanceLock
    from coach.reminders.service import Reminder, ReminderService
    from coach.session.engine import SessionSummary
    from coach.tui.app import CoachApp
    from coach.tui.screens.reminder import ReminderChoice, ReminderPrompt, ReminderScreen

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
    scheduler: BaseScheduler | None = None
    lock_path: Path | None = None  # None: take no lock (tests)
    state_path: Path | None = None  # the file `coach status` and the daemon read
    config_path: Path | None = None  # watched: saved changes apply without a restart
    busy_check: Callable[[Config], str | None] | None = None  # meetings (pactl, defer_if)
    detect_idle: bool = False  # look for an idle source (natural breaks) in a thread first
    watch_seconds: float | None = 5.0  # coach.reminders.service.WATCH_SECONDS (not imported: slow)

    @classmethod
    def real(cls) -> ReminderOptions:
        from coach import paths
        from coach.reminders import state
        from coach.reminders.locks import tui_lock_path
        from coach.reminders.schedule import busy_reason

        return cls(
            lock_path=tui_lock_path(),
            state_path=state.state_file(),
            config_path=paths.config_file(),
            busy_check=busy_reason,
            detect_idle=True,
        )


class WindowReminders:
    """The app's side of the reminders: lock, scheduler, service, the banner's queue."""

    def __init__(self, app: CoachApp, options: ReminderOptions) -> None:
        self.app = app
        self.options = options
        self.service: ReminderService | None = None
        self.lock: InstanceLock | None = None
        self.reminding = False  # this window holds the lock and runs the service
        self._scheduler: BaseScheduler | None = None
        self._own_scheduler = False
        self._config: Config | None = None
        # Prompts waiting to be shown (newest of each kind), and the one on screen.
        self._waiting: dict[ReminderKind, ReminderPrompt] = {}
        self._showing: ReminderScreen | None = None
        self._stopped = False

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Take the lock and start reminding (call from the app's on_mount)."""
        if self.options.lock_path is not None:
            from coach.reminders.locks import InstanceLock

            lock = InstanceLock(self.options.lock_path)
            if not lock.acquire():
                # Another coach window reminds already: one reminder, not two.
                logger.info("another coach window holds %s: no reminders here", lock.path)
                self._refresh_panels()
                return
            self.lock = lock
        self.reminding = True
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
        except Exception:  # natural breaks are a nicety; reminders still work
            logger.debug("no idle source", exc_info=True)
            idle_source = None
        if not self._stopped:
            self._start_service(idle_source)

    def _start_service(self, idle_source: Any) -> None:
        from coach.reminders.service import ReminderService

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
        self._config = self.app.config
        self.service = ReminderService(
            scheduler,
            self.app.clock,
            self.app.config,
            on_reminder=self._on_reminder,
            journal=self.app.journal,
            idle_source=idle_source,
            busy_check=self.options.busy_check,
            state_path=self.options.state_path,
            writer="tui",
            config_path=self.options.config_path,
            on_event=self._on_event,
            on_config_error=self._on_config_error,
            watch_seconds=self.options.watch_seconds,
        )
        self.service.start()
        self._offer_pending()
        self._refresh_panels()

    def stop(self) -> None:
        """Stop reminding and let the lock go (the daemon takes over). Safe to call twice."""
        self._stopped = True
        if self.service is not None:
            with contextlib.suppress(Exception):
                self.service.stop()
        if self._own_scheduler and self._scheduler is not None:
            with contextlib.suppress(Exception):
                self._scheduler.shutdown(wait=False)
            self._own_scheduler = False
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        self.reminding = False

    # ------------------------------------------------------------------ reminders in

    def _on_reminder(self, reminder: Reminder) -> None:
        """The service fired a reminder (on the loop thread: the scheduler is asyncio)."""
        self._waiting[reminder.kind] = self._prompt_for(reminder)
        self._show_next()
        self._refresh_panels()

    def _prompt_for(self, reminder: Reminder) -> ReminderPrompt:
        from coach.tui.screens.reminder import ReminderPrompt  # the banner loads when needed

        return ReminderPrompt(
            kind=reminder.kind,
            title=reminder.title,
            body=self._readable_body(reminder.body, reminder.routine_id),
            can_snooze=reminder.can_snooze,
            snooze_label=f"Snooze {format_duration(reminder.snooze_seconds)}",
            routine_id=reminder.routine_id,
            reminder=reminder,
        )

    def _readable_body(self, body: str, routine_id: str | None) -> str:
        """The reminder's text names `coach run desk-break` for the shell; here, the routine."""
        if routine_id is None:
            return body
        routine = self.app.library.routines.get(routine_id)
        if routine is None:
            return body
        from coach.tui.screens.home import routine_length

        return body.replace(
            f"`coach run {routine_id}`", f"{routine.name}, {routine_length(routine)}"
        )

    def _offer_pending(self) -> None:
        """A break the daemon offered while the window was closed, if it is recent."""
        assert self.service is not None
        pending = self.service.pending
        if pending is None or pending.kind != ReminderKind.SITTING:
            return
        config = self.service.config
        now = self.app.clock.now()
        fired = pending.fired_at
        if fired.tzinfo is None:  # an old state file; treat it as stale
            fired = now - timedelta(days=1)
        fresh = timedelta(seconds=0) <= now - fired <= timedelta(seconds=config.sitting_interval)
        same_day = fired.astimezone(config.zone()).date() == now.astimezone(config.zone()).date()
        if not (fresh and same_day):
            # Too old to act on now: record it as ignored rather than offer it.
            from coach.reminders.service import Answer

            self.service.answer_pending(Answer.IGNORED)
            return
        routine_id = pending.routine_id or config.break_routine
        at = fired.astimezone(config.zone())
        body = self._readable_body(
            f"coach reminded you at {at:%H:%M} while this window was closed. "
            f"A few minutes of movement: `coach run {routine_id}`.",
            routine_id,
        )
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
        if self._waiting and self._showing is None:
            self._show_next()

    def _play_cue(self) -> None:
        config = self.service.config if self.service is not None else self.app.config
        if not config.sound:
            return
        sound = self.app.sound
        if sound is None:
            self.app.bell()  # no sound part at all: the terminal bell still says "look"
            return
        sound.play(CUE)

    # ------------------------------------------------------------------ answers

    def _answered(self, result: ReminderChoice | None) -> None:
        self._showing = None
        if result is not None and self.service is not None:
            self._apply(result.prompt, result.choice)
        self._refresh_panels()
        self._show_next()

    def _apply(self, prompt: ReminderPrompt, choice: str) -> None:
        from coach.reminders.service import Answer

        assert self.service is not None
        sitting = prompt.kind is ReminderKind.SITTING
        routine = None
        if choice == "start" and sitting:
            routine_id = prompt.routine_id or self.service.config.break_routine
            try:
                routine = self.app.library.get(routine_id)
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
        answer = {"start": Answer.STARTED, "snooze": Answer.SNOOZED, "skip": Answer.SKIPPED}[choice]
        if prompt.reminder is None:
            self.service.answer_pending(answer)
        elif not self.service.answer(prompt.reminder, answer):
            self.app.notify("No more snoozing this one.", severity="warning", timeout=4)
            return
        if routine is not None:
            self.app.start_session(routine)
        elif choice == "start":
            self.app.refresh_today()  # the service logged the glass
            self.app.notify(
                f"{format_volume(self.service.config.glass_ml)} of water logged.", timeout=3
            )
        elif choice == "snooze":
            self.app.notify(
                f"Snoozed: back in {format_duration(self.service.config.snooze)}.", timeout=3
            )

    def session_ended(self, summary: SessionSummary) -> None:
        """A routine ended: a completed one is a natural break; water drunk restarts that timer."""
        from coach.reminders.service import Answer

        if self.service is None:
            return
        if summary.completed:
            held = self._waiting.pop(ReminderKind.SITTING, None)
            if held is not None:
                # The routine just done is the break the reminder asked for.
                if held.reminder is not None:
                    self.service.answer(held.reminder, Answer.STARTED)
                else:
                    self.service.answer_pending(Answer.STARTED)
            self.service.natural_break(summary.ended_at)
        if summary.water_ml > 0:
            self._waiting.pop(ReminderKind.WATER, None)  # drunk during the routine
            self.service.water_logged(summary.ended_at)
        self._refresh_panels()

    def log_glass(self) -> None:
        """`w` on home: a glass of water (config `glass_ml`) into the journal."""
        config = self.service.config if self.service is not None else self.app.config
        log_glass_of_water(self.app, config)
        if self.service is not None:
            self.service.water_logged()
        self._refresh_panels()

    # ------------------------------------------------------------------ figures

    def figures(self) -> ReminderFigures:
        config = self.service.config if self.service is not None else self.app.config
        service = self.service if self.reminding else None
        waiting = ReminderKind.SITTING in self._waiting or (
            self._showing is not None and self._showing.prompt.kind is ReminderKind.SITTING
        )
        return ReminderFigures(
            reminding=self.reminding,
            sitting_enabled=config.sitting_enabled,
            next_break=service.due_at(ReminderKind.SITTING) if service is not None else None,
            break_waiting=waiting,
            water_ml=water_today(self.app),
            water_goal_ml=config.water_goal_ml,
            zone=_zone(config),
            starting=self.reminding and self.service is None,
        )

    def _refresh_panels(self) -> None:
        for screen in self.app.screen_stack:
            for panel in screen.query(ReminderStatus):
                panel.refresh_figures()

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
            self._refresh_panels()

    def _config_changed(self, config: Config) -> None:
        """config.yaml was saved: the window follows (goal, glass, keys, sound)."""
        from coach.tui.app import expand_keymap

        old, self._config = self._config, config
        self.app.config = config
        with contextlib.suppress(Exception):
            self.app.set_keymap(expand_keymap(config.keymap))
        sound = self.app.sound
        if sound is not None and (
            old is None or (old.sound, old.volume) != (config.sound, config.volume)
        ):
            sound.muted = not config.sound
            with contextlib.suppress(Exception):
                sound.volume = config.volume  # type: ignore[attr-defined]
        self.app.refresh_today()
        self._refresh_panels()

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


def log_glass_of_water(app: CoachApp, config: Config) -> bool:
    """Log one glass in the journal and say so; False (and a message) when it could not."""
    glass = config.glass_ml
    journal = app.journal
    if journal is None:
        app.notify("History is off for this run: the glass was not saved.", severity="warning")
        return False
    try:
        journal.log_water(glass, app.clock.now(), source="manual")
    except Exception as error:  # the history is precious, but never worth a crash
        app.notify(f"Could not save the glass: {error}", severity="error")
        return False
    app.refresh_today()
    drunk = water_today(app)
    so_far = ""
    if drunk is not None:
        so_far = f" · {format_volume(drunk)} of {format_volume(config.water_goal_ml)} today"
    app.notify(f"A glass logged ({format_volume(glass)}){so_far}.", timeout=3)
    return True


def water_today(app: CoachApp) -> int | None:
    """Millilitres drunk today per the journal; None without one (or when it cannot say)."""
    journal = app.journal
    if journal is None:
        return None
    try:
        from coach.history.progress import local_day

        return int(journal.water_on(local_day(app.clock.now(), getattr(journal, "zone", None))))
    except Exception:
        logger.debug("water today unknown", exc_info=True)
        return None


def _zone(config: Config) -> Any:
    try:
        return config.zone()
    except Exception:
        return None
