"""`coach remind`: the background reminder daemon. Never imports Textual.

Runs in the foreground until SIGINT/SIGTERM (systemd-friendly), one line per
event on stderr. An asyncio loop with an AsyncIOScheduler: the process sleeps
until the next job (a reminder, or the 5-second config/suspend check), so it
uses next to no CPU. The asyncio loop also lets notification buttons (Snooze,
Skip) reach the daemon while it runs.

- Single instance: a flock on coach's runtime folder; a second start exits 2.
- One reminder, not two: while the coach window (TUI) holds its lock, the
  daemon leaves reminding to it and keeps quiet.
- Config reloads when the file changes (checked every few seconds) or on SIGHUP.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from coach import paths
from coach.clock import Clock, SystemClock
from coach.config import Config, ensure_config_file, fix_hint, load_config_or_default
from coach.errors import CoachError, InvalidFile
from coach.reminders.locks import InstanceLock, daemon_lock_path, holder_pid, is_held, tui_lock_path
from coach.reminders.notify import Notice, Notifier
from coach.reminders.schedule import ReminderKind
from coach.reminders.service import Answer, Reminder, ReminderService, with_overrides

EXIT_ALREADY_RUNNING = 2

_ANSWERS = {"start": Answer.STARTED, "snooze": Answer.SNOOZED, "skip": Answer.SKIPPED}


class EventLog:
    """One line per event: `2026-11-23T10:00:00+01:00 coach remind: message`."""

    def __init__(self, stream: TextIO, clock: Clock) -> None:
        self.stream = stream
        self.clock = clock

    def event(self, message: str) -> None:
        stamp = self.clock.now().isoformat(timespec="seconds")
        # A closed stderr leaves nothing useful to do with the line.
        with contextlib.suppress(OSError, ValueError):
            print(f"{stamp} coach remind: {message}", file=self.stream, flush=True)

    def config_error(self, error: InvalidFile) -> None:
        for problem in error.errors:
            self.event(f"config: {problem}")
        self.event(fix_hint(error))


class _LogToEvents(logging.Handler):
    """APScheduler's warnings, as event lines instead of stray tracebacks."""

    def __init__(self, log: EventLog) -> None:
        super().__init__(logging.WARNING)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        self.log.event(f"scheduler: {record.getMessage()}")


def run_daemon(
    *,
    every: float | None = None,
    anytime: bool = False,
    clock: Clock | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run until SIGINT/SIGTERM. Returns the exit status (2: already running)."""
    clock = clock or SystemClock()
    log = EventLog(stderr or sys.stderr, clock)
    lock = InstanceLock(daemon_lock_path())
    if not lock.acquire():
        pid = holder_pid(lock.path)
        who = f" (pid {pid})" if pid else ""
        log.event(
            f"another coach remind is already running{who}; stop it first (lock: {lock.path})"
        )
        return EXIT_ALREADY_RUNNING
    try:
        return asyncio.run(_serve(log, clock, every=every, anytime=anytime))
    except KeyboardInterrupt:
        return 0
    finally:
        lock.release()


async def _serve(log: EventLog, clock: Clock, *, every: float | None, anytime: bool) -> int:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from coach.reminders import state
    from coach.reminders.idle import detect_idle_source

    apscheduler_log = logging.getLogger("apscheduler")
    apscheduler_log.propagate = False
    apscheduler_log.addHandler(_LogToEvents(log))

    config_path = paths.config_file()
    try:
        ensure_config_file(config_path)
    except OSError as problem:  # a read-only home: run on defaults, say why
        log.event(f"cannot write the default config {config_path}: {problem}")
    config, error = load_config_or_default(config_path)
    if error is not None:
        log.config_error(error)

    loop = asyncio.get_running_loop()
    scheduler = AsyncIOScheduler(timezone=UTC, event_loop=loop)
    journal = _open_journal(log, config)
    idle_source = await asyncio.to_thread(detect_idle_source)
    shown: dict[ReminderKind, Reminder] = {}
    service: ReminderService | None = None

    def on_action(action: str) -> None:
        kind_name, _, answer_name = action.partition(":")
        try:
            reminder = shown.get(ReminderKind(kind_name))
        except ValueError:
            return
        answer = _ANSWERS.get(answer_name)
        if reminder is None or answer is None or service is None:
            return
        if service.answer(reminder, answer):
            log.event(f"{reminder.kind} reminder: {answer} from the notification")

    notifier = Notifier(on_action=on_action)
    player = _sound_player(log)

    async def deliver(reminder: Reminder) -> None:
        label = {"start": "Taking it now"} if reminder.kind is ReminderKind.SITTING else {}
        notice = Notice(
            reminder.title,
            reminder.body,
            actions=tuple(
                (f"{reminder.kind}:{action.id}", label.get(action.id, action.label))
                for action in reminder.actions
            ),
            urgent=not reminder.can_snooze,
        )
        used = await notifier.send(notice)
        log.event(f"{reminder.kind} reminder shown: {used}")

    tasks: set[asyncio.Task[None]] = set()

    def on_reminder(reminder: Reminder) -> None:
        shown[reminder.kind] = reminder
        assert service is not None
        if player is not None and service.config.sound:
            player.muted = False
            player.volume = service.config.volume
            player.play("reminder")
        task = loop.create_task(deliver(reminder))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    service = ReminderService(
        scheduler,
        clock,
        config,
        on_reminder=on_reminder,
        journal=journal,
        idle_source=idle_source,
        suppress=lambda: is_held(tui_lock_path()),
        state_path=state.state_file(),
        writer="daemon",
        config_path=config_path,
        adjust_config=with_overrides(every, anytime),
        on_event=log.event,
        on_config_error=log.config_error,
    )

    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    loop.add_signal_handler(signal.SIGHUP, service.reload)

    scheduler.start()
    service.start()
    log.event(
        f"started (pid {os.getpid()}): next break {_when(service.due_at(ReminderKind.SITTING))}, "
        f"water {_when(service.due_at(ReminderKind.WATER))}; "
        f"notifications: {notifier.describe()}; "
        f"idle source: {idle_source.name if idle_source else 'none (natural breaks off)'}; "
        f"sound: {_describe(player)}; "
        f"history: {'on' if journal is not None else 'off'}; config: {config_path}"
    )
    try:
        await stop.wait()
    finally:
        service.stop()
        scheduler.shutdown(wait=False)
        for task in list(tasks):
            task.cancel()
        if journal is not None:
            _close(journal)
        log.event("stopped")
    return 0


def _when(due: datetime | None) -> str:
    if due is None:
        return "off"
    return due.astimezone().strftime("%a %H:%M:%S")


def _describe(player: Any) -> str:
    if player is None:
        return "off"
    try:
        return str(player.describe())
    except Exception:
        return "on"


def _open_journal(log: EventLog, config: Config) -> Any:
    """The history, its days in the user's zone (`work.timezone`), if it opens; else
    reminders go unrecorded."""
    from coach.history.calendar import open_journal

    try:
        return open_journal(config)
    except (CoachError, OSError) as error:
        log.event(f"history: cannot open the database ({error}); reminders are not recorded")
        return None


def _close(journal: Any) -> None:
    journal.close()  # never raises: every write was committed as it happened


def _sound_player(log: EventLog) -> Any:
    """coach.sound's player, if present; the daemon stays quiet without it."""
    try:
        from coach.sound import SoundPlayer
    except ImportError:
        log.event("sound: coach.sound is not available; reminders are silent")
        return None
    try:
        return SoundPlayer()
    except Exception as error:
        log.event(f"sound: off ({error})")
        return None
