"""ReminderService: coach's reminder rules running on an APScheduler 3 scheduler.

One service, two hosts: the daemon (`coach remind`) and the TUI both build a
ReminderService around a scheduler they own and a callback `on_reminder`.
With an AsyncIOScheduler (daemon and TUI) every job is a coroutine run on the
event loop, so `on_reminder`, the journal and the answers all stay on the loop
thread; slow probes (loginctl, pactl, the user's `defer_if`) run in a worker
thread. With a BackgroundScheduler/BlockingScheduler the jobs are plain
functions (then `on_reminder` runs on a scheduler thread).

The service's own state is the single source of truth for "when is the next
reminder due"; APScheduler is the alarm clock. Each reminder kind is one job
(`coach-reminder-sitting`, `coach-reminder-water`) whose trigger follows that
state and, between updates, the configured cadence. Jobs use coalesce=True and
misfire_grace_time=None: after a suspend the runs missed while asleep collapse
into ONE late run, and that run sees the suspend (monotonic vs wall clock) and
restarts the timers instead of reminding. Never a burst, never a reminder the
moment the lid opens.

In a Textual app (in `on_mount`: AsyncIOScheduler needs the running loop):

    lock = InstanceLock(tui_lock_path()); lock.acquire()   # the daemon goes quiet
    scheduler = AsyncIOScheduler(timezone=UTC)
    service = ReminderService(scheduler, clock, config, on_reminder=self.show_reminder,
                              journal=journal, state_path=state.state_file(), writer="tui",
                              config_path=paths.config_file())
    scheduler.start(); service.start()
    service.pending            # a break the daemon offered and nobody answered
    service.answer(reminder, ReminderAnswer.SNOOZED)   # or answer_pending(ReminderAnswer.STARTED)
    service.natural_break()    # a routine was completed
    service.water_logged()     # after journal.log_water(...)
    service.due_at(ReminderKind.SITTING)       # for "next break in 23m"
    # on exit: service.stop(); scheduler.shutdown(wait=False); lock.release()

Tests call `service.run_due(kind)` directly after moving a FakeClock.

No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from coach.clock import Clock
from coach.config import Config, ConfigWatcher, load_config_or_default
from coach.durations import format_duration
from coach.errors import InvalidFile
from coach.reminders.schedule import (
    RECHECK_SECONDS,
    SUSPEND_THRESHOLD,
    Cadence,
    Presence,
    Window,
    busy_reason,
    can_snooze,
    clock_gap,
    keep_deferring,
    looks_like_resume,
    may_remind,
    next_due,
    presence,
    reminder_text,
    snooze_until,
)
from coach.reminders.vocabulary import ReminderAnswer, ReminderKind

WATCH_SECONDS = 5.0  # config-file check (a stat) and suspend check; near-zero CPU
IDLE_POLL_SECONDS = 120.0  # look for natural breaks between reminders
DUE_TOLERANCE = timedelta(seconds=1)

# coalesce: missed runs collapse into one. misfire_grace_time None: that one run
# still happens however late, so the service (not APScheduler) decides what a
# late run means: after a suspend it restarts the timers instead of reminding.
JOB_OPTIONS: dict[str, Any] = {
    "coalesce": True,
    "misfire_grace_time": None,
    "max_instances": 1,
    "replace_existing": True,
}


@dataclass(frozen=True)
class Action:
    """A button or key that answers a reminder."""

    answer: ReminderAnswer  # one of vocabulary.USER_ANSWERS
    label: str


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    title: str
    body: str
    due_at: datetime  # when it was first due (before any deferral)
    fired_at: datetime
    routine_id: str | None  # the break routine, for sitting reminders
    snoozes_in_a_row: int
    can_snooze: bool
    snooze_seconds: float
    record_id: int | None = None  # its journal row

    @property
    def actions(self) -> tuple[Action, ...]:
        start = "Start break" if self.kind is ReminderKind.SITTING else "Drank a glass"
        actions = [Action(ReminderAnswer.STARTED, start)]
        if self.can_snooze:
            actions.append(
                Action(ReminderAnswer.SNOOZED, f"Snooze {format_duration(self.snooze_seconds)}")
            )
        actions.append(Action(ReminderAnswer.SKIPPED, "Skip"))
        return tuple(actions)


class ReminderJournal(Protocol):
    """What the service needs from coach.history.journal.Journal."""

    def record_reminder(
        self, kind: Any, due_at: datetime, fired_at: datetime, answer: Any
    ) -> int: ...

    def answer_reminder(self, reminder_id: int, answer: str, at: datetime) -> None: ...


@dataclass(frozen=True)
class Probe:
    idle_seconds: float | None = None
    busy: str | None = None


@dataclass
class _Track:
    """The live state of one reminder kind."""

    kind: ReminderKind
    anchor: datetime  # the timer started here (last break, last drink, last reminder)
    due_at: datetime | None = None
    snoozes: int = 0  # in a row
    after_snooze: bool = False  # the next firing is a snoozed reminder coming back
    waiting_since: datetime | None = None  # deferred (meeting): first due time
    waiting_reason: str = ""
    on_break: bool = False  # idle long enough: a natural break is going on
    last: Reminder | None = None
    last_answered: bool = True
    episode_start: datetime | None = None  # when the sitting spell of the last reminder began


def handed_over_due(
    planned: datetime | None,
    *,
    now: datetime,
    written_at: datetime,
    interval: float,
    gap: float | None = None,
) -> datetime | None:
    """The due time another coach process planned, if this one should keep it.

    Opening the window must not postpone the break the daemon planned. Kept when
    the plan is fresh (written at most one `interval` ago, and no suspend or clock
    jump since: `gap` as from `clock_gap`, None when unknown; after a suspend the
    timers restart, as always) and sane (still ahead, at most one `interval`
    away). None: plan anew from now.
    """
    if planned is None or planned.tzinfo is None or written_at.tzinfo is None:
        return None
    if not 0 <= (now - written_at).total_seconds() <= interval:
        return None
    if gap is not None and looks_like_resume(gap):
        return None
    if not 0 < (planned - now).total_seconds() <= interval:
        return None
    return planned


class SuspendDetector:
    """Notices a suspend/resume (or a wall-clock change) between two checks."""

    def __init__(self, clock: Clock, threshold: float = SUSPEND_THRESHOLD) -> None:
        self._clock = clock
        self._threshold = threshold
        self._monotonic = clock.monotonic()
        self._wall = clock.now()

    def check(self) -> float | None:
        """The gap in seconds if the wall clock jumped since the last check, else None."""
        monotonic, wall = self._clock.monotonic(), self._clock.now()
        gap = clock_gap(self._monotonic, self._wall, monotonic, wall)
        self._monotonic, self._wall = monotonic, wall
        return gap if looks_like_resume(gap, self._threshold) else None


class _FollowTrigger(BaseTrigger):  # type: ignore[misc]  # APScheduler 3 has no type hints
    """Fires when the service says its reminder is due; otherwise at the cadence's times.

    The cadence part is what APScheduler walks through to list the runs missed
    during a suspend (coalesce then keeps one).
    """

    __slots__ = ("_kind", "_service")

    def __init__(self, service: ReminderService, kind: ReminderKind) -> None:
        self._service = service
        self._kind = kind

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        due = self._service.due_at(self._kind)
        if previous_fire_time is None or (due is not None and due > previous_fire_time):
            return due
        return self._service.cadence_after(self._kind, previous_fire_time)

    def __str__(self) -> str:
        return f"coach {self._kind} reminder"


class ReminderService:
    """Sitting and water reminders: scheduling, snooze, deferral, idle, suspend, reload.

    `on_reminder(reminder)` shows a reminder (desktop notification, in-TUI
    notice); the host answers it with `answer(reminder, ReminderAnswer.X)`.
    """

    def __init__(
        self,
        scheduler: BaseScheduler,
        clock: Clock,
        config: Config,
        *,
        on_reminder: Callable[[Reminder], None],
        journal: ReminderJournal | None = None,
        idle_source: Any | None = None,  # coach.reminders.idle.IdleSource
        busy_check: Callable[[Config], str | None] | None = busy_reason,
        suppress: Callable[[], bool] | None = None,
        state_path: Path | None = None,
        writer: str = "tui",
        config_path: Path | None = None,
        adjust_config: Callable[[Config], Config] | None = None,
        on_event: Callable[[str], None] | None = None,
        on_config_error: Callable[[InvalidFile], None] | None = None,
        watch_seconds: float | None = WATCH_SECONDS,
    ) -> None:
        """
        - `suppress()`: True while another coach process reminds instead (the
          daemon passes "the TUI lock is held"); due reminders then restart quietly.
        - `state_path`: where to write the state `coach status` reads.
        - `config_path`: watched every `watch_seconds`; changes reload the config.
        - `adjust_config`: applied to every (re)loaded config (`--every`, `--anytime`).
        """
        self.scheduler = scheduler
        self.clock = clock
        self._adjust = adjust_config or (lambda config: config)
        self.config = self._adjust(config)
        self._on_reminder = on_reminder
        self.journal = journal
        self.idle_source = idle_source
        self._busy_check = busy_check
        self._suppress = suppress
        self._state_path = state_path
        self._writer = writer
        self._config_path = config_path
        self._watcher = ConfigWatcher(config_path) if config_path else None
        self._on_event = on_event or (lambda message: None)
        self._on_config_error = on_config_error or (lambda error: None)
        self._watch_seconds = watch_seconds
        self._lock = threading.RLock()
        self._window = Window.from_config(self.config)
        self._detector = SuspendDetector(clock)
        self._tracks: dict[ReminderKind, _Track] = {}
        self._pending: Any = None  # state.PendingReminder of the last sitting reminder
        self._started = False
        self._was_suppressed = False
        self._figures: tuple[str, int | None, int | None] = ("", None, None)
        self._journal_seen: tuple[float, ...] = ()

    # ------------------------------------------------------------ set-up

    @property
    def _asyncio(self) -> bool:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        return isinstance(self.scheduler, AsyncIOScheduler)

    def start(self) -> None:
        """Start the timers now and add the jobs (the scheduler may start before or after)."""
        with self._lock:
            now = self._now()
            self._detector = SuspendDetector(self.clock)
            earlier = self._earlier_state()
            self._pending = earlier.pending if earlier is not None else None
            for kind in ReminderKind:
                self._tracks[kind] = _Track(kind, anchor=now)
            self._started = True
            self._was_suppressed = bool(self._suppress is not None and self._suppress())
            for track in self._tracks.values():
                self._restart(track, now, write=False)
            self._carry_on_from(earlier, now)
            self._add_helper_jobs()
            self._write_state()

    def stop(self) -> None:
        """Remove this service's jobs (the host shuts its scheduler down)."""
        with self._lock:
            self._started = False
            for job_id in self.job_ids():
                self._remove_job(job_id)

    def job_ids(self) -> list[str]:
        ids = [_job_id(kind) for kind in ReminderKind]
        return [*ids, "coach-watch", "coach-idle"]

    def _add_helper_jobs(self) -> None:
        if self._watch_seconds:
            self.scheduler.add_job(
                self._watch_job_async if self._asyncio else self.watch,
                IntervalTrigger(seconds=self._watch_seconds),
                id="coach-watch",
                name="coach: config file and suspend check",
                **JOB_OPTIONS,
            )
        if self.idle_source is not None:
            self.scheduler.add_job(
                self._idle_job_async if self._asyncio else self.poll_idle,
                IntervalTrigger(seconds=IDLE_POLL_SECONDS),
                id="coach-idle",
                name="coach: natural-break check",
                **JOB_OPTIONS,
            )
        else:
            self._remove_job("coach-idle")

    # ------------------------------------------------------------ queries

    def due_at(self, kind: ReminderKind) -> datetime | None:
        track = self._tracks.get(kind)
        return track.due_at if track else None

    def cadence_after(self, kind: ReminderKind, previous: datetime) -> datetime | None:
        if not self._enabled(kind):
            return None
        return next_due(previous, Cadence.for_kind(self.config, kind), self._window)

    def snoozes_in_a_row(self, kind: ReminderKind = ReminderKind.SITTING) -> int:
        return self._tracks[kind].snoozes if kind in self._tracks else 0

    def last_reminder(self, kind: ReminderKind) -> Reminder | None:
        track = self._tracks.get(kind)
        return track.last if track else None

    @property
    def pending(self) -> Any:
        """The last sitting reminder nobody answered (state.PendingReminder), or None.

        Carried over from an earlier run (e.g. the daemon's) when the service starts.
        """
        return self._pending

    # ------------------------------------------------------------ user events

    def answer(self, reminder: Reminder, answer: ReminderAnswer) -> bool:
        """Record the user's answer and set the next due time. False if not allowed
        (a snooze after the limit)."""
        with self._lock:
            if answer is ReminderAnswer.SNOOZED and not reminder.can_snooze:
                return False
            now = self._now()
            self._journal_answer(reminder.record_id, answer, now)
            if self._pending is not None and self._pending.record_id == reminder.record_id:
                self._pending = None
            track = self._tracks.get(reminder.kind)
            if track is None or track.last != reminder:
                self._write_state()
                return True  # an older reminder: recorded, nothing to reschedule
            track.last_answered = True
            self._on_event(f"{reminder.kind} reminder answered: {answer}")
            if answer is ReminderAnswer.SNOOZED:
                track.snoozes += 1
                until = snooze_until(now, self.config.snooze, self._window)
                if until is None:  # the working day ends first
                    self._restart(track, now)
                else:
                    track.after_snooze = True
                    self._reschedule(track, until)
            elif answer.restarts_timer:
                track.snoozes = 0
                if answer is ReminderAnswer.STARTED and reminder.kind is ReminderKind.WATER:
                    self._log_water(now)
                self._restart(track, now)
            else:
                self._write_state()
            return True

    def answer_pending(self, answer: ReminderAnswer) -> bool:
        """Answer the pending reminder left by an earlier run (e.g. the daemon's)."""
        with self._lock:
            pending = self._pending
            if pending is None:
                return False
            now = self._now()
            self._journal_answer(pending.record_id, answer, now)
            self._pending = None
            if answer.restarts_timer:
                self._restart(self._tracks[ReminderKind.SITTING], now)
            else:
                self._write_state()
            return True

    def natural_break(self, at: datetime | None = None) -> None:
        """A routine was completed (or the user was away): the sitting timer restarts."""
        with self._lock:
            track = self._tracks.get(ReminderKind.SITTING)
            if track is None:
                return
            self._natural_break(track, (at or self._now()).astimezone(UTC), "a break")

    def water_logged(self, at: datetime | None = None) -> None:
        """The user drank: the water timer restarts."""
        with self._lock:
            track = self._tracks.get(ReminderKind.WATER)
            if track is not None:
                self._restart(track, (at or self._now()).astimezone(UTC))

    def apply_config(self, config: Config) -> None:
        """Use a new config: the reminder jobs are replaced, timers keep their start."""
        with self._lock:
            self.config = self._adjust(config)
            self._window = Window.from_config(self.config)
            if not self._started:
                return
            now = self._now()
            for track in self._tracks.values():
                self._remove_job(_job_id(track.kind))
                self._restart(track, track.anchor, write=False, not_before=now)
            self._write_state()

    def reload(self) -> bool:
        """Re-read the config file (SIGHUP, or the watch job saw it change)."""
        if self._config_path is None:
            return False
        config, error = load_config_or_default(self._config_path)
        if error is not None:
            self._on_config_error(error)
        self.apply_config(config)
        self._on_event(
            "config reloaded" + (" (with errors; defaults used for those)" if error else "")
        )
        return True

    def reload_if_changed(self) -> bool:
        if self._watcher is not None and self._watcher.changed():
            return self.reload()
        return False

    # ------------------------------------------------------------ jobs

    def run_due(self, kind: ReminderKind) -> Reminder | None:
        """The reminder job, run in the calling thread. Returns the reminder if one fired."""
        if not self._before_probe(kind):
            return None
        return self._conclude(kind, self._probe(kind))

    async def _reminder_job_async(self, kind: ReminderKind) -> None:
        import asyncio

        if not self._before_probe(kind):
            return
        probe = await asyncio.to_thread(self._probe, kind) if self._needs_probe(kind) else Probe()
        self._conclude(kind, probe)

    def watch(self) -> None:
        """The watch job: a suspend check, the other coach process, the config file."""
        with self._lock:
            self._check_resume()
            self._follow_other_process()
            if self._state_path is not None and self._refresh_figures():
                self._write_state()  # water logged or a routine done elsewhere
        self.reload_if_changed()

    def _follow_other_process(self) -> None:
        """When the coach window closes, carry on from the times it planned.

        One stream of reminders, not two: the daemon adopts the due times and the
        pending break the TUI left in the state file.
        """
        if self._suppress is None or not self._started:
            return
        suppressed = self._suppress()
        handed_back = self._was_suppressed and not suppressed
        self._was_suppressed = suppressed
        if not handed_back or self._state_path is None:
            return
        from coach.reminders.state import read_state

        state = read_state(self._state_path)
        if state is None or state.writer == self._writer:
            return
        now = self._now()
        for kind, due in (
            (ReminderKind.SITTING, state.next_sitting),
            (ReminderKind.WATER, state.next_water),
        ):
            track = self._tracks.get(kind)
            if track is not None and due is not None and due > now and self._enabled(kind):
                self._reschedule(track, due, write=False)
        self._pending = state.pending
        self._write_state()
        self._on_event("the coach window closed: reminders continue here")

    async def _watch_job_async(self) -> None:
        self.watch()

    def poll_idle(self) -> None:
        """The idle job: notice natural breaks between reminders."""
        if self.idle_source is None or not may_remind(self._now(), self._window):
            return
        self.note_idle(self.idle_source.idle_seconds())

    async def _idle_job_async(self) -> None:
        import asyncio

        if self.idle_source is None or not may_remind(self._now(), self._window):
            return
        self.note_idle(await asyncio.to_thread(self.idle_source.idle_seconds))

    def note_idle(self, idle_seconds: float | None) -> None:
        with self._lock:
            if self._check_resume():
                return
            track = self._tracks.get(ReminderKind.SITTING)
            if track is None:
                return
            state = presence(idle_seconds, self.config.break_length)
            if state is Presence.ON_BREAK and not track.on_break:
                track.on_break = True
                self._on_event("away from the computer: counting it as a break")
            elif state is Presence.ACTIVE and track.on_break and idle_seconds is not None:
                back_at = self._now() - timedelta(seconds=idle_seconds)
                self._natural_break(track, back_at, "time away")

    # ------------------------------------------------------------ the reminder job, in steps

    def _before_probe(self, kind: ReminderKind) -> bool:
        """Cheap checks under the lock; True when the slow probes should run."""
        with self._lock:
            if not self._started or self._check_resume():
                return False
            track = self._tracks[kind]
            now = self._now()
            if not self._is_due(track, now):
                return False  # a stale run: the due time moved since it was planned
            if not may_remind(now, self._window):
                self._restart(track, now)
                return False
            if kind is ReminderKind.SITTING:
                finished = self._last_session_end()
                if finished is not None and finished > track.anchor:
                    self._natural_break(track, finished, "a finished routine")
                    if not self._is_due(track, now):
                        return False
            elif self._water_goal_reached(now):
                self._on_event("water goal reached today: no water reminder")
                self._restart(track, now)
                return False
            if self._suppress is not None and self._suppress():
                self._was_suppressed = True
                self._on_event(f"{kind} reminder left to the open coach window")
                self._restart(track, now)
                return False
            return True

    def _needs_probe(self, kind: ReminderKind) -> bool:
        if self.idle_source is not None:
            return True
        if self._busy_check is None:
            return False
        if self._busy_check is not busy_reason:
            return True
        if self.config.defer_if:
            return True
        return self.config.defer_when_mic_in_use and shutil.which("pactl") is not None

    def _probe(self, kind: ReminderKind) -> Probe:
        """Slow checks (subprocesses), outside the lock."""
        idle = self.idle_source.idle_seconds() if self.idle_source is not None else None
        if presence(idle, self.config.break_length) is not Presence.ACTIVE:
            return Probe(idle_seconds=idle)
        busy = self._busy_check(self.config) if self._busy_check is not None else None
        return Probe(idle_seconds=idle, busy=busy)

    def _conclude(self, kind: ReminderKind, probe: Probe) -> Reminder | None:
        with self._lock:
            track = self._tracks[kind]
            now = self._now()
            if not self._started or not self._is_due(track, now):
                return None  # answered or rescheduled while probing
            state = presence(probe.idle_seconds, self.config.break_length)
            recheck = now + timedelta(seconds=RECHECK_SECONDS)
            if state is Presence.ON_BREAK and kind is ReminderKind.SITTING:
                if not track.on_break:
                    track.on_break = True
                    self._on_event("away from the computer: counting it as a break")
                self._reschedule(track, recheck)
                return None
            if state is not Presence.ACTIVE:
                self._on_event(f"{kind} reminder waits: no input for {probe.idle_seconds:.0f} s")
                self._reschedule(track, recheck)
                return None
            if track.on_break and kind is ReminderKind.SITTING:
                back_at = now - timedelta(seconds=probe.idle_seconds or 0)
                self._natural_break(track, back_at, "time away")
                return None
            if keep_deferring(
                probe.busy is not None, track.waiting_since, now, self.config.max_defer
            ):
                if track.waiting_since is None:
                    track.waiting_since = track.due_at
                    self._record(kind, track.due_at or now, now, ReminderAnswer.DEFERRED)
                    self._on_event(
                        f"{kind} reminder deferred: {probe.busy} "
                        f"(at most {format_duration(self.config.max_defer)})"
                    )
                track.waiting_reason = probe.busy or ""
                self._reschedule(track, recheck)
                return None
            return self._fire(track, now)

    def _fire(self, track: _Track, now: datetime) -> Reminder:
        kind = track.kind
        planned = track.due_at or now
        due = track.waiting_since or planned
        if not track.after_snooze:
            track.snoozes = 0
            # The sitting spell this reminder is about began one interval before it
            # was due (or at the last break, if later); snoozes keep that start.
            span = _spell_seconds(Cadence.for_kind(self.config, kind))
            track.episode_start = max(track.anchor, due - timedelta(seconds=span))
        sat_for = (now - (track.episode_start or track.anchor)).total_seconds()
        title, body = reminder_text(
            kind,
            self.config,
            snoozes_in_a_row=track.snoozes,
            sat_for=sat_for if kind is ReminderKind.SITTING else None,
            water_ml_today=self._water_today(now) if kind is ReminderKind.WATER else None,
        )
        self._ignore_unanswered(track, now)
        record_id = self._record(kind, due, now, ReminderAnswer.PENDING)
        reminder = Reminder(
            kind=kind,
            title=title,
            body=body,
            due_at=due,
            fired_at=now,
            routine_id=self.config.break_routine if kind is ReminderKind.SITTING else None,
            snoozes_in_a_row=track.snoozes,
            can_snooze=can_snooze(track.snoozes, self.config.max_snoozes),
            snooze_seconds=self.config.snooze,
            record_id=record_id,
        )
        track.last, track.last_answered = reminder, False
        if kind is ReminderKind.SITTING:
            from coach.reminders.state import PendingReminder

            self._pending = PendingReminder(kind, now, record_id, reminder.routine_id)
        late = (now - planned).total_seconds()
        self._on_event(
            f"reminder {kind} due={planned.isoformat(timespec='milliseconds')} "
            f"fired={now.isoformat(timespec='milliseconds')} late={late * 1000:.0f}ms"
            + (
                f" deferred={format_duration((now - due).total_seconds())}"
                if due != planned
                else ""
            )
        )
        # Unanswered reminders do not nag: the next one is a full interval away.
        self._restart(track, now)
        self._on_reminder(reminder)
        return reminder

    # ------------------------------------------------------------ timers and jobs

    def _restart(
        self,
        track: _Track,
        anchor: datetime,
        *,
        write: bool = True,
        not_before: datetime | None = None,
    ) -> None:
        track.anchor = anchor.astimezone(UTC)
        track.after_snooze = False
        track.waiting_since, track.waiting_reason = None, ""
        due = None
        if self._enabled(track.kind):
            due = next_due(track.anchor, Cadence.for_kind(self.config, track.kind), self._window)
            if due is not None and not_before is not None and due < not_before:
                due = not_before
        self._reschedule(track, due, write=write)

    def _reschedule(self, track: _Track, due: datetime | None, *, write: bool = True) -> None:
        track.due_at = due.astimezone(UTC) if due is not None else None
        if self._started:
            self._sync_job(track)
        if write:
            self._write_state()

    def _sync_job(self, track: _Track) -> None:
        job_id = _job_id(track.kind)
        if track.due_at is None:
            self._remove_job(job_id)
            return
        job = self.scheduler.get_job(job_id)
        if job is None:
            func: Any = self._reminder_job_async if self._asyncio else self.run_due
            self.scheduler.add_job(
                func,
                _FollowTrigger(self, track.kind),
                args=(track.kind,),
                id=job_id,
                name=f"coach: {track.kind} reminder",
                next_run_time=track.due_at,
                **JOB_OPTIONS,
            )
        else:
            self.scheduler.modify_job(job_id, next_run_time=track.due_at)

    def _remove_job(self, job_id: str) -> None:
        from apscheduler.jobstores.base import JobLookupError

        with contextlib.suppress(JobLookupError):
            self.scheduler.remove_job(job_id)

    def _enabled(self, kind: ReminderKind) -> bool:
        if kind is ReminderKind.SITTING:
            return self.config.sitting_enabled
        return self.config.water_enabled

    def _is_due(self, track: _Track, now: datetime) -> bool:
        return track.due_at is not None and now >= track.due_at - DUE_TOLERANCE

    def _natural_break(self, track: _Track, at: datetime, why: str) -> None:
        track.on_break = False
        track.snoozes = 0
        self._on_event(f"natural break ({why}): the sitting timer restarts")
        self._restart(track, at)

    def _check_resume(self) -> bool:
        """After a suspend: no reminder at once, every timer restarts from now."""
        gap = self._detector.check()
        if gap is None or not self._started:
            return False
        now = self._now()
        self._on_event(
            f"clock jumped {format_duration(abs(gap))} "
            f"({'suspend or clock change' if gap > 0 else 'clock set back'}): timers restart"
        )
        for track in self._tracks.values():
            track.snoozes, track.on_break = 0, False
            self._restart(track, now, write=False)
        self._write_state()
        return True

    def _now(self) -> datetime:
        return self.clock.now().astimezone(UTC)

    # ------------------------------------------------------------ journal and state

    def _record(
        self, kind: ReminderKind, due: datetime, fired: datetime, answer: ReminderAnswer
    ) -> int | None:
        if self.journal is None:
            return None
        try:
            return self.journal.record_reminder(str(kind), due, fired, str(answer))
        except Exception as error:  # history is precious but never worth a crash
            self._on_event(f"could not record the reminder: {error}")
            return None

    def _journal_answer(self, record_id: int | None, answer: ReminderAnswer, at: datetime) -> None:
        if self.journal is None or record_id is None:
            return
        try:
            self.journal.answer_reminder(record_id, str(answer), at)
        except Exception as error:
            self._on_event(f"could not record the answer: {error}")

    def _ignore_unanswered(self, track: _Track, now: datetime) -> None:
        """The previous reminder of this kind got no answer: record it as ignored.

        For sitting reminders another process (the TUI) may have answered it; it
        then cleared the pending entry in the state file, so check there first.
        """
        previous = track.last
        if previous is not None and not track.last_answered:
            record_id = previous.record_id
        elif track.kind is ReminderKind.SITTING and self._pending is not None:
            record_id = self._pending.record_id  # carried over from an earlier run
        else:
            return
        if track.kind is ReminderKind.SITTING and self._state_path is not None:
            from coach.reminders.state import read_state

            on_file = read_state(self._state_path)
            if on_file is not None and (
                on_file.pending is None or on_file.pending.record_id != record_id
            ):
                return
        self._journal_answer(record_id, ReminderAnswer.IGNORED, now)

    def _earlier_state(self) -> Any:
        """The coach.reminders.state.ReminderState an earlier run (or the daemon) left, or None."""
        if self._state_path is None:
            return None
        from coach.reminders.state import read_state

        return read_state(self._state_path)

    def _carry_on_from(self, state: Any, now: datetime) -> None:
        """On start, keep the due times the other process (the daemon) planned.

        The reverse of `_follow_other_process`: opening the window does not move a
        break due in 5 minutes to an hour from now.
        """
        if state is None or state.writer == self._writer:
            return
        gap = None  # unknown for a state file from an older coach
        if state.monotonic is not None and state.updated_at.tzinfo is not None:
            gap = clock_gap(state.monotonic, state.updated_at, self.clock.monotonic(), now)
        for kind, planned in (
            (ReminderKind.SITTING, state.next_sitting),
            (ReminderKind.WATER, state.next_water),
        ):
            track = self._tracks[kind]
            if not self._enabled(kind) or track.due_at is None:
                continue
            span = _spell_seconds(Cadence.for_kind(self.config, kind))
            due = handed_over_due(
                planned, now=now, written_at=state.updated_at, interval=span, gap=gap
            )
            if due is None or due == track.due_at:
                continue
            # The timer started one interval before the planned time, so a routine
            # finished since still counts as the break and "sitting for" stays true.
            track.anchor = (due - timedelta(seconds=span)).astimezone(UTC)
            self._reschedule(track, due, write=False)
            self._on_event(
                f"{kind} reminder keeps the {state.writer}'s time "
                f"{due.isoformat(timespec='seconds')}"
            )

    def _last_session_end(self) -> datetime | None:
        getter = getattr(self.journal, "last_session_end", None)
        if getter is None:
            return None
        try:
            ended: datetime | None = getter()
        except Exception:
            return None
        if ended is None:
            return None
        return ended.astimezone(UTC) if ended.tzinfo else ended.replace(tzinfo=UTC)

    def _water_today(self, now: datetime) -> int | None:
        getter = getattr(self.journal, "water_on", None)
        if getter is None:
            return None
        try:
            return int(getter(now.astimezone(self.config.zone()).date()))
        except Exception:
            return None

    def _water_goal_reached(self, now: datetime) -> bool:
        drunk = self._water_today(now)
        return drunk is not None and drunk >= self.config.water_goal_ml

    def _log_water(self, now: datetime) -> None:
        logger = getattr(self.journal, "log_water", None)
        if logger is None:
            return
        try:
            logger(self.config.glass_ml, now, source="reminder")
        except Exception as error:
            self._on_event(f"could not log the water: {error}")

    def snapshot(self) -> Any:
        """The coach.reminders.state.ReminderState this service would write now."""
        from coach.reminders.state import ReminderState

        sitting = self._tracks.get(ReminderKind.SITTING)
        water = self._tracks.get(ReminderKind.WATER)
        return ReminderState(
            writer=self._writer,
            pid=os.getpid(),
            updated_at=self._now(),
            next_sitting=sitting.due_at if sitting else None,
            next_water=water.due_at if water else None,
            water_goal_ml=self.config.water_goal_ml,
            glass_ml=self.config.glass_ml,
            sitting_snoozes=sitting.snoozes if sitting else 0,
            deferred=sitting.waiting_reason if sitting and sitting.waiting_since else "",
            pending=self._pending,
            day=self._figures[0],
            water_ml=self._figures[1],
            streak_days=self._figures[2],
            monotonic=self.clock.monotonic(),
        )

    def _journal_stamp(self) -> tuple[float, ...]:
        """Modification times of the journal's files (WAL mode writes to `-wal` first)."""
        path = getattr(self.journal, "path", None)
        if path is None:
            return ()
        stamps = []
        for suffix in ("", "-wal"):
            try:
                stamps.append(os.stat(f"{path}{suffix}").st_mtime)
            except OSError:
                stamps.append(0.0)
        return tuple(stamps)

    def _refresh_figures(self) -> bool:
        """Re-read today's water and streak when the journal changed (or the day did)."""
        if self.journal is None:
            return False
        now = self._now()
        day = now.astimezone(self.config.zone()).date()
        stamp = self._journal_stamp()
        if stamp == self._journal_seen and day.isoformat() == self._figures[0]:
            return False
        self._journal_seen = stamp
        streak: int | None = None
        try:
            from coach.history.progress import current_streak

            # the real Journal is both a ReminderJournal and a ProgressJournal
            streak = int(current_streak(self.journal, day))  # type: ignore[arg-type]
        except Exception:  # no coach.history.progress, or it cannot tell: status leaves it out
            streak = None
        figures = (day.isoformat(), self._water_today(now), streak)
        if figures == self._figures:
            return False
        self._figures = figures
        return True

    def _write_state(self) -> None:
        if self._state_path is None or not self._started:
            return
        if self._suppress is not None and self._suppress():
            return  # the process that reminds (the TUI) owns the state file
        from coach.reminders.state import write_state

        self._refresh_figures()
        try:
            write_state(self.snapshot(), self._state_path)
        except OSError as error:
            self._on_event(f"could not write {self._state_path}: {error}")


def _job_id(kind: ReminderKind) -> str:
    return f"coach-reminder-{kind}"


def _spell_seconds(cadence: Cadence) -> float:
    """How long one sitting (or drinking) spell lasts between two reminders."""
    return cadence.interval if cadence.align_minute is None else 3600.0


def with_overrides(every: float | None = None, anytime: bool = False) -> Callable[[Config], Config]:
    """`--every` and `--anytime` for one run, applied on top of every (re)loaded config."""

    def adjust(config: Config) -> Config:
        if every is not None:
            config = replace(config, sitting_interval=every, align_minute=None)
        if anytime:
            config = replace(config, anytime=True, quiet_hours=())
        return config

    return adjust
