"""`coach remind`: the background reminder daemon. Never imports Textual.

Runs in the foreground until SIGINT/SIGTERM (systemd-friendly), one line per
event on stderr. An asyncio loop with an AsyncIOScheduler: the process sleeps until
the next job (a reminder; the 5-second config/suspend check only where there is no
inotify), so it uses next to no CPU. The asyncio loop also lets notification buttons
(Snooze, Skip) reach the daemon while it runs.

- Single instance: a flock on coach's runtime folder; a second start exits 2.
- One reminder, not two: while the coach window (TUI) holds its lock, the
  daemon leaves reminding to it and keeps quiet.
- Config reloads when the file changes (inotify) or on SIGHUP.
- Asleep outside working hours: with nothing due for an hour, `Bedtime` hands the lock
  over and the process becomes `coach.reminders.sleeper` (same pid), which becomes the
  daemon again before the next reminder or when something changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from coach import paths
from coach.clock import Clock, SystemClock
from coach.config import Config, ensure_config_file, load_config_or_default
from coach.durations import format_duration
from coach.reminders import sleeper
from coach.reminders.eventlog import EXIT_ALREADY_RUNNING, EventLog, when
from coach.reminders.locks import InstanceLock, daemon_lock_path, holder_pid
from coach.reminders.notify import Notice, Notifier
from coach.reminders.opener import Opener, find_opener
from coach.reminders.records import JOURNAL_ERRORS
from coach.reminders.schedule import EYE_BREAK_SECONDS
from coach.reminders.service import WATCH_SECONDS, ReminderService, ServiceOptions, with_overrides
from coach.reminders.sleeper import Exec, Sleep
from coach.reminders.track import Reminder
from coach.reminders.vocabulary import ReminderAnswer, ReminderKind, action_id, parse_action_id
from coach.reminders.wakeups import SETTLE_SECONDS, FolderWatch

SETTLE = timedelta(seconds=SETTLE_SECONDS)  # an edit the daemon had not read yet as it stopped

if TYPE_CHECKING:
    from coach.sound import SoundPlayer


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
    exec_: Exec | None = None,
) -> int:
    """Run until SIGINT/SIGTERM. Returns the exit status (2: already running).

    With `exec_` (`os.execv`: `coach remind` passes it), the daemon sleeps outside working
    hours: it replaces itself with `coach.reminders.sleeper`, which replaces itself with
    the daemon again before the next reminder. Without it the daemon stays as it is.
    """
    clock = clock or SystemClock()
    log = EventLog(stderr or sys.stderr, clock)
    # Held all along when the sleeper hands it back (coach.reminders.sleeper).
    lock = InstanceLock.taken_over(daemon_lock_path()) or InstanceLock(daemon_lock_path())
    if not lock.acquire():
        pid = holder_pid(lock.path)
        who = f" (pid {pid})" if pid else ""
        log.event(
            f"another coach remind is already running{who}; stop it first (lock: {lock.path})"
        )
        return EXIT_ALREADY_RUNNING
    try:
        result = asyncio.run(
            _serve(log, clock, every=every, anytime=anytime, may_sleep=exec_ is not None)
        )
        if isinstance(result, Sleep):
            lock.hand_over()  # to the sleeper: `coach remind` runs all along
    except KeyboardInterrupt:
        return 0
    finally:
        lock.release()
    if isinstance(result, Sleep) and exec_ is not None:
        # The same process from here on; what changes meanwhile wakes it at once.
        command = sleeper.command(result.until, result.decided - SETTLE)
        try:
            exec_(command[0], command)
        except OSError as problem:  # e.g. Python itself was removed by an upgrade
            log.event(f"cannot sleep ({problem}); stopped: start `coach remind` again")
            return 1
        return 0  # only when `exec_` returns (tests)
    return result if isinstance(result, int) else 0


class DesktopReminders:
    """How the daemon shows a reminder: a sound cue, then a desktop notification whose
    buttons answer it (`sitting:snoozed` → `service.answer(..., SNOOZED)`).

    "Start break" (the button, or a click on the body where the server has a default
    action) opens the routine where the user sees it (`coach.reminders.opener`): in the
    open coach window if there is one, else a new tmux window or a terminal. Where
    nothing can be opened the notification says which command to type.
    """

    def __init__(
        self,
        log: EventLog,
        player: SoundPlayer | None = None,
        *,
        make_player: Callable[[], SoundPlayer] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.log = log
        self.player = player
        self._make_player = make_player  # the player is built at the first cue
        self.env = env
        self.notifier = Notifier(on_action=self.pressed, env=env)
        self.service: ReminderService | None = None  # set once built: it calls `show`
        self._shown: dict[ReminderKind, Reminder] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.last_shown: datetime | None = None  # its buttons answer for a while after

    # ------------------------------------------------------------------ showing

    def show(self, reminder: Reminder) -> None:
        """The service's `on_reminder` (on the loop): the cue now, the notification soon."""
        self._shown[reminder.kind] = reminder
        self.last_shown = reminder.fired_at
        config = self.service.config if self.service is not None else None
        if config is not None and config.sound and not reminder.brief:
            self._play_cue(config.volume)
        self._spawn(self._deliver(reminder))

    def _play_cue(self, volume: float) -> None:
        if self.player is None and self._make_player is not None:
            self.player = self._make_player()
            self._spawn(self._say_sound_player(self.player))
        if self.player is not None:
            self.player.muted = False
            self.player.volume = volume
            self.player.play("reminder")

    async def _say_sound_player(self, player: SoundPlayer) -> None:
        from coach.sound import describe_sound_backend

        # The same words as `coach doctor`: both probe the player chain the same way.
        self.log.event(f"sound: {await asyncio.to_thread(describe_sound_backend, player)}")

    def opener(self) -> Opener | None:
        config = self.service.config if self.service is not None else None
        return find_opener(config.terminal if config is not None else (), self.env)

    def notice_for(self, reminder: Reminder) -> Notice:
        if reminder.brief:  # the eye break: up for as long as it asks for, no buttons
            return Notice(reminder.title, reminder.body, expires=EYE_BREAK_SECONDS)
        labels: dict[ReminderAnswer, str] = {}
        hint, default = "", None
        if reminder.kind is ReminderKind.SITTING:
            command = f"coach run {reminder.routine_id or ''}".strip()
            if self.opener() is None:
                labels[ReminderAnswer.STARTED] = "Taking it now"  # it only records the answer
                hint = f"Type `{command}` in a terminal."
            else:
                default = action_id(ReminderKind.SITTING, ReminderAnswer.STARTED)
                hint = f"Start it: `{command}`."  # for carriers without buttons
        return Notice(
            reminder.title,
            reminder.body if default else f"{reminder.body} {hint}".strip(),
            actions=tuple(
                (action_id(reminder.kind, action.answer), labels.get(action.answer, action.label))
                for action in reminder.actions
            ),
            urgent=not reminder.can_snooze,
            default_action=default,
            hint=hint if default else "",
        )

    async def _deliver(self, reminder: Reminder) -> None:
        used = await self.notifier.send(self.notice_for(reminder))
        self.log.event(f"{reminder.kind} reminder shown: {used}")
        release_free_memory()  # naming the break may have read every routine file

    # ------------------------------------------------------------------ answers

    def pressed(self, action: str) -> None:
        """A notification button (or its body): answer the reminder of that kind shown last."""
        parsed = parse_action_id(action)
        if parsed is None or self.service is None:
            return
        kind, answer = parsed
        reminder = self._shown.get(kind)
        if reminder is None:
            return
        if kind is ReminderKind.SITTING and answer is ReminderAnswer.STARTED:
            self._start_break(reminder)
        elif self.service.answer(reminder, answer):
            self.log.event(f"{kind} reminder: {answer} from the notification")

    def _start_break(self, reminder: Reminder) -> None:
        assert self.service is not None
        routine_id = reminder.routine_id or self.service.config.break_routine
        handover = self.service.parts.handover
        if handover.quiet():
            # The coach window is open (it holds the hand-over): the break starts there,
            # and the window answers the reminder.
            try:
                handover.request_break(routine_id)
            except OSError as error:
                self.log.event(f"could not ask the coach window to start the break: {error}")
            else:
                self.log.event(f"break {routine_id}: starts in the open coach window")
            return
        self.service.answer(reminder, ReminderAnswer.STARTED)
        opener = self.opener()
        if opener is None:
            self.log.event("sitting reminder: started from the notification (nothing to open)")
            return
        self._spawn(self._open(opener, routine_id))

    async def _open(self, opener: Opener, routine_id: str) -> None:
        from coach.reminders.opener import open_in_tmux, terminal_argv
        from coach.reminders.unit import coach_command

        command = [*coach_command(), "run", routine_id]
        problem: str | None = None
        if opener.how == "tmux":
            problem = await asyncio.to_thread(open_in_tmux, opener, command)
        else:
            try:
                process = await asyncio.create_subprocess_exec(
                    *terminal_argv(opener, command),
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.DEVNULL,
                    start_new_session=True,  # closing it never signals the daemon
                )
            except OSError as error:
                problem = str(error)
            else:
                self._spawn(process.wait())  # reaped when the terminal closes
        if problem is None:
            self.log.event(f"break {routine_id} opened: {opener.description}")
            return
        self.log.event(f"break {routine_id}: could not open {opener.description}: {problem}")
        notice = Notice("Start your break", f"Type `coach run {routine_id}` in a terminal.")
        await self.notifier.send(notice)

    # ------------------------------------------------------------------ tasks

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()


async def _serve(
    log: EventLog, clock: Clock, *, every: float | None, anytime: bool, may_sleep: bool = False
) -> int | Sleep:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from coach.reminders.breaks import LibraryOffers
    from coach.reminders.handover import HandOver
    from coach.reminders.idle import detect_idle_source
    from coach.reminders.pause import pause_file

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
    desktop = DesktopReminders(log, make_player=_sound_player)
    try:
        files: FolderWatch | None = FolderWatch(loop)
    except (OSError, AttributeError) as problem:  # not Linux, or no inotify left
        log.event(f"no file-change notifications ({problem}): checking every few seconds")
        files = None

    stop = asyncio.Event()
    bedtime = Bedtime(loop, clock, stop, desktop, trying_out=every is not None or anytime)

    def on_event(message: str) -> None:
        log.event(message)
        bedtime.look_again()  # a due time may have moved

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
            pause_path=pause_file(),
            describe_break=LibraryOffers(),
            adjust_config=with_overrides(every, anytime),
            on_event=on_event,
            on_config_error=log.config_error,
            # Woken by file changes, logind and the clock instead of a 5-second watch.
            watch_seconds=None if files is not None else WATCH_SECONDS,
        ),
    )
    desktop.service = service
    bedtime.service = service
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, bedtime.stop_here)
    loop.add_signal_handler(signal.SIGHUP, service.reload)

    scheduler.start()
    service.start()
    wakes = await _wake_on_changes(loop, service, files, log, config_path)
    opener = desktop.opener()
    log.event(
        f"started (pid {os.getpid()}): next break {when(service.due_at(ReminderKind.SITTING))}, "
        f"water {when(service.due_at(ReminderKind.WATER))}; "
        f"notifications: {desktop.notifier.describe()}; "
        f"idle source: {idle_source.name if idle_source else 'none (natural breaks off)'}; "
        f"sound: {'on (the player is chosen at the first cue)' if config.sound else 'off'}; "
        f"Start break opens: {opener.description if opener else 'nothing (the command is shown)'}; "
        f"history: {'on' if journal is not None else 'off'}; config: {config_path}; "
        f"woken by: {wakes.describe()}"
    )
    if service.parts.handover.quiet():
        _say_why_quiet(log, every, anytime)
    release_free_memory()  # what start-up parsed and built and let go of
    # The sleeper is woken by the same files and clock: without them, stay awake.
    bedtime.enabled = may_sleep and wakes.files and wakes.clock
    bedtime.consider()
    try:
        await stop.wait()
    finally:
        wakes.close()
        service.stop()
        scheduler.shutdown(wait=False)
        desktop.close()
        if journal is not None:
            with contextlib.suppress(*JOURNAL_ERRORS):
                journal.close()
        if bedtime.sleep is not None:
            log.event(_sleeping(bedtime.sleep.until))
        else:
            log.event("stopped")
    return bedtime.sleep if bedtime.sleep is not None else 0


class Bedtime:
    """Whether the daemon may go to sleep (`coach.reminders.sleeper.may_sleep`): looked
    at once started, after each event (settled), and when a notice's buttons stop
    answering. When it may, `sleep` says until when and `stop` is set."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        clock: Clock,
        stop: asyncio.Event,
        desktop: DesktopReminders,
        *,
        trying_out: bool,
    ) -> None:
        self.loop = loop
        self.clock = clock
        self.stop = stop
        self.desktop = desktop
        self.trying_out = trying_out
        self.service: ReminderService | None = None
        self.enabled = False  # `run_daemon` may exec, and files and clock wake the sleeper
        self.sleep: Sleep | None = None
        self._timers: list[asyncio.TimerHandle] = []

    def stop_here(self) -> None:
        """SIGTERM/SIGINT: stop, and do not go to sleep (even if about to)."""
        self.enabled = False
        self.sleep = None
        self.stop.set()

    def look_again(self) -> None:
        """Once the event has settled, and once the last notice's buttons stop answering
        (one of each pending at a time: a busy daemon piles up no timers)."""
        if not self.enabled:
            return
        for timer in self._timers:
            timer.cancel()
        self._timers = [self.loop.call_later(SETTLE_SECONDS, self.consider)]
        shown = self.desktop.last_shown
        if shown is not None:
            left = (shown + sleeper.LINGER - self.clock.now()).total_seconds()
            if left > 0:
                self._timers.append(self.loop.call_later(left + SETTLE_SECONDS, self.consider))

    def consider(self) -> None:
        service = self.service
        if not self.enabled or service is None or self.sleep is not None or self.stop.is_set():
            return
        self.sleep = sleeper.may_sleep(
            self.clock.now(),
            [service.due_at(kind) for kind in ReminderKind],
            last_notice=self.desktop.last_shown,
            quiet=service.parts.handover.quiet(),
            trying_out=self.trying_out,
        )
        if self.sleep is not None:
            self.stop.set()


class Wakes:
    """What wakes the daemon besides its reminders (`coach.reminders.wakeups`)."""

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.closers: list[Callable[[], None]] = []
        self.files = False  # inotify works here
        self.clock = False  # so does the timerfd

    def describe(self) -> str:
        return ", ".join(self.sources) or "its 5-second watch"

    def close(self) -> None:
        for close in self.closers:
            close()


async def _wake_on_changes(
    loop: asyncio.AbstractEventLoop,
    service: ReminderService,
    files: FolderWatch | None,
    log: EventLog,
    config_path: Path,
) -> Wakes:
    """Tell the service what changed, as it changes: no polling (issue 17)."""
    from coach.reminders.locks import runtime_dir, tui_lock_path
    from coach.reminders.pause import pause_file
    from coach.reminders.state import state_file
    from coach.reminders.wakeups import IN_MODIFY, ClockChange, SleepSignal, system_bus_address

    wakes = Wakes()
    if files is not None:
        wakes.closers.append(files.close)
        config_dir, routines = config_path.parent, paths.user_routines_dir()

        def routines_folder() -> None:
            if routines.is_dir() and not files.watching(routines):
                files.on(routines, None, service.routines_changed)
            service.routines_changed()

        files.on(config_dir, config_path.name, service.config_file_changed)
        files.on(config_dir, routines.name, routines_folder)
        routines_folder()
        pause, state = pause_file(), state_file()
        for folder in {pause.parent, state.parent, runtime_dir()}:
            with contextlib.suppress(OSError):
                folder.mkdir(parents=True, exist_ok=True)
        files.on(pause.parent, pause.name, service.follow_pause)
        # The coach window: it writes the state file when it opens and lets its lock go
        # when it closes; either way the daemon looks at the hand-over.
        files.on(state.parent, state.name, service.other_process_changed)
        files.on(runtime_dir(), tui_lock_path().name, service.other_process_changed)
        for written in paths.database_writes():
            files.on(written.parent, written.name, service.journal_changed, mask=IN_MODIFY)
        wakes.sources.append("file changes (inotify)")
        wakes.files = True
    address = system_bus_address()
    if address is not None:
        sleep = SleepSignal(address, service.resumed)
        if await sleep.start():
            wakes.closers.append(sleep.close)
            wakes.sources.append("logind's sleep signal")
    try:
        clock = ClockChange(loop, service.clock_check)
    except (OSError, AttributeError) as problem:  # not Linux: the reminder jobs check it
        log.event(f"no clock-change notifications ({problem})")
    else:
        wakes.closers.append(clock.close)
        wakes.sources.append("clock changes and resume (timerfd)")
        wakes.clock = True
    return wakes


def _say_why_quiet(log: EventLog, every: float | None, anytime: bool) -> None:
    """The coach window reminds while it is open: say so plainly (the try-out flags)."""
    flags = [f"--every {format_duration(every)}"] if every is not None else []
    flags += ["--anytime"] if anytime else []
    applies = f"; {' and '.join(flags)} apply here once it closes" if flags else ""
    log.event(
        "the coach window is open and reminds instead, with config.yaml's settings"
        f"{applies}. Close it (q) to see this daemon's reminders."
    )


def release_free_memory() -> None:
    """Give the memory Python has freed back to the system (glibc's malloc_trim): the
    daemon idles for hours, so what start-up or a reminder used briefly should not stay
    in its resident size. Nothing happens where the C library has no malloc_trim."""
    import ctypes

    with contextlib.suppress(AttributeError, OSError):  # not glibc: nothing to do
        ctypes.CDLL(None).malloc_trim(0)


def _sleeping(until: datetime | None) -> str:
    changes = "config.yaml, a pause, the coach window, the history or the clock changes"
    if until is None:
        return f"nothing due: sleeping as a small process (pid {os.getpid()}) until {changes}"
    return (
        f"nothing due before {when(until + sleeper.WAKE_BEFORE)}: sleeping as a small process"
        f" (pid {os.getpid()}) until {when(until)}, or until {changes}"
    )


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
