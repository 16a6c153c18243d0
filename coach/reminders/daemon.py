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
from typing import TYPE_CHECKING, Any, TextIO

from coach import paths
from coach.clock import Clock, SystemClock
from coach.config import Config, ensure_config_file, fix_hint, load_config_or_default
from coach.errors import InvalidFile
from coach.reminders.locks import InstanceLock, daemon_lock_path, holder_pid
from coach.reminders.notify import Notice, Notifier
from coach.reminders.records import JOURNAL_ERRORS
from coach.reminders.service import ReminderService, ServiceOptions, with_overrides
from coach.reminders.track import Reminder
from coach.reminders.vocabulary import ReminderAnswer, ReminderKind, action_id, parse_action_id

if TYPE_CHECKING:
    from coach.sound import SoundPlayer

EXIT_ALREADY_RUNNING = 2


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


class DesktopReminders:
    """How the daemon shows a reminder: a sound cue, then a desktop notification
    whose buttons answer it (`sitting:snoozed` → `service.answer(..., SNOOZED)`)."""

    def __init__(self, log: EventLog, player: SoundPlayer | None) -> None:
        self.log = log
        self.player = player
        self.notifier = Notifier(on_action=self.pressed)
        self.service: ReminderService | None = None  # set once built: it calls `show`
        self._shown: dict[ReminderKind, Reminder] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def show(self, reminder: Reminder) -> None:
        """The service's `on_reminder` (on the loop): the cue now, the notification soon."""
        self._shown[reminder.kind] = reminder
        config = self.service.config if self.service is not None else None
        if self.player is not None and config is not None and config.sound:
            self.player.muted = False
            self.player.volume = config.volume
            self.player.play("reminder")
        task = asyncio.get_running_loop().create_task(self._deliver(reminder))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    def notice_for(reminder: Reminder) -> Notice:
        # The button only records the answer: the break itself is up to the user here.
        labels = (
            {ReminderAnswer.STARTED: "Taking it now"}
            if reminder.kind is ReminderKind.SITTING
            else {}
        )
        return Notice(
            reminder.title,
            reminder.body,
            actions=tuple(
                (action_id(reminder.kind, action.answer), labels.get(action.answer, action.label))
                for action in reminder.actions
            ),
            urgent=not reminder.can_snooze,
        )

    async def _deliver(self, reminder: Reminder) -> None:
        used = await self.notifier.send(self.notice_for(reminder))
        self.log.event(f"{reminder.kind} reminder shown: {used}")

    def pressed(self, action: str) -> None:
        """A notification button: answer the reminder of that kind shown last."""
        parsed = parse_action_id(action)
        if parsed is None or self.service is None:
            return
        kind, answer = parsed
        reminder = self._shown.get(kind)
        if reminder is not None and self.service.answer(reminder, answer):
            self.log.event(f"{kind} reminder: {answer} from the notification")

    def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()


async def _serve(log: EventLog, clock: Clock, *, every: float | None, anytime: bool) -> int:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from coach.reminders.handover import HandOver
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
    desktop = DesktopReminders(log, _sound_player())
    service = ReminderService(
        scheduler,
        clock,
        config,
        on_reminder=desktop.show,
        options=ServiceOptions(
            journal=journal,
            idle_source=idle_source,
            handover=HandOver.for_daemon(),
            config_path=config_path,
            adjust_config=with_overrides(every, anytime),
            on_event=log.event,
            on_config_error=log.config_error,
        ),
    )
    desktop.service = service

    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    loop.add_signal_handler(signal.SIGHUP, service.reload)

    scheduler.start()
    service.start()
    player = desktop.player
    log.event(
        f"started (pid {os.getpid()}): next break {_when(service.due_at(ReminderKind.SITTING))}, "
        f"water {_when(service.due_at(ReminderKind.WATER))}; "
        f"notifications: {desktop.notifier.describe()}; "
        f"idle source: {idle_source.name if idle_source else 'none (natural breaks off)'}; "
        f"sound: {player.describe() if player is not None else 'off'}; "
        f"history: {'on' if journal is not None else 'off'}; config: {config_path}"
    )
    try:
        await stop.wait()
    finally:
        service.stop()
        scheduler.shutdown(wait=False)
        desktop.close()
        if journal is not None:
            with contextlib.suppress(*JOURNAL_ERRORS):
                journal.close()
        log.event("stopped")
    return 0


def _when(due: datetime | None) -> str:
    if due is None:
        return "off"
    return due.astimezone().strftime("%a %H:%M:%S")


def _open_journal(log: EventLog, config: Config) -> Any:
    """The history, its days in the user's zone (`work.timezone`), if it opens; else
    reminders go unrecorded. (Any: the reminders pass the vocabulary's str values.)"""
    from coach.history.calendar import open_journal

    try:
        return open_journal(config, create=False)
    except JOURNAL_ERRORS as error:
        log.event(f"history: cannot open the database ({error}); reminders are not recorded")
        return None


def _sound_player() -> SoundPlayer:
    """The cue player (it never raises: without a working backend it rings nothing)."""
    from coach.sound import SoundPlayer

    return SoundPlayer()
