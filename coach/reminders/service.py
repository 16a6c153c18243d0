"""ReminderService: coach's sitting and water reminders, on an APScheduler 3 AsyncIOScheduler.

One service, two hosts: the daemon (`coach remind`) and the coach window both
build one around a scheduler on their event loop and an `on_reminder` callback
that shows a reminder; the host answers it with `answer(...)`. The service is
the public face of small parts, each with one job:

- `schedule`: the rules (working hours, cadence, snooze), pure functions;
- `track`: one kind's live state; `timers`: the tracks kept in step with their
  jobs (`jobs`) and the state file (`handover`);
- `firing`: the reminder job (may it show now? then show it);
- `presence`: idle time, meetings, suspend; `records`: the journal.

Everything runs on the event loop's thread (the jobs are coroutines, the hosts
call in from the loop); only the probes run in a worker thread, and only read.

    scheduler = AsyncIOScheduler(timezone=UTC); scheduler.start()  # in on_mount
    service = ReminderService(scheduler, clock, config, on_reminder=show,
                              options=ServiceOptions(journal=journal, ...))
    service.start()
    service.answer(reminder, ReminderAnswer.SNOOZED)   # or answer_pending(...)
    service.natural_break(); service.water_logged(); service.due_at(kind)
    service.stop(); scheduler.shutdown(wait=False)      # on exit

Tests await `service.run_due(kind)` (the reminder job) after moving a FakeClock.
No Textual here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from coach.clock import Clock
from coach.config import Config, ConfigWatcher, load_config_or_default
from coach.errors import InvalidFile
from coach.reminders.breaks import BreakPicker, Describe
from coach.reminders.firing import ReminderJob
from coach.reminders.handover import HandOver
from coach.reminders.idle import IdleSource
from coach.reminders.jobs import WATCH_JOB, ReminderJobs
from coach.reminders.presence import BusyCheck, PresenceChecks, busy_reason
from coach.reminders.records import ReminderRecords
from coach.reminders.schedule import Plan, Presence, presence
from coach.reminders.state import PendingReminder
from coach.reminders.timers import Parts, Timers
from coach.reminders.track import Reminder
from coach.reminders.vocabulary import ReminderAnswer, ReminderKind

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from coach.history.ports import ReadWriteJournal

WATCH_SECONDS = 5.0  # config-file check (a stat) and suspend check; near-zero CPU
IDLE_POLL_SECONDS = 120.0  # look for natural breaks this often...
IDLE_LEAD_SECONDS = 15 * 60.0  # ...in the last minutes before the sitting reminder


def _unchanged(config: Config) -> Config:
    return config


def _ignore(message: str) -> None:
    pass


@dataclass(frozen=True)
class ServiceOptions:
    """What a host adds to a ReminderService; the defaults do without each part."""

    journal: ReadWriteJournal | None = None  # None: reminders go unrecorded
    idle_source: IdleSource | None = None  # None: no natural breaks from time away
    busy_check: BusyCheck | None = busy_reason  # meetings (pactl, defer_if); None: never busy
    handover: HandOver | None = None  # the state file and the other coach process
    config_path: Path | None = None  # checked every `watch_seconds`: a change reloads it
    pause_path: Path | None = None  # `coach pause` (coach.reminders.pause); None: no pauses
    adjust_config: Callable[[Config], Config] = _unchanged  # on every config (`--every`)
    watch_seconds: float | None = WATCH_SECONDS  # None: no watch job (tests run `watch()`)
    on_event: Callable[[str], None] = _ignore  # one line per event (the daemon's log)
    on_config_error: Callable[[InvalidFile], None] | None = None
    # Names a break routine for a reminder (`coach.reminders.breaks`): the window's
    # library, or the daemon's LibraryOffers. None: the routine's id only.
    describe_break: Describe | None = None
    # The window: start this break routine (asked for on the daemon's notification).
    on_break_request: Callable[[str], None] | None = None


class ReminderService:
    """Sitting and water reminders: scheduling, snooze, deferral, idle, suspend, reload.

    `on_reminder(reminder)` shows a reminder (desktop notification, banner); the
    host answers it with `answer(reminder, ReminderAnswer.X)`.
    """

    def __init__(
        self,
        scheduler: AsyncIOScheduler,
        clock: Clock,
        config: Config,
        *,
        on_reminder: Callable[[Reminder], None],
        options: ServiceOptions | None = None,
    ) -> None:
        self.options = options = options or ServiceOptions()
        records = ReminderRecords(options.journal, options.on_event)
        self.parts = Parts(
            clock=clock,
            records=records,
            handover=options.handover or HandOver("tui"),
            presence=PresenceChecks(options.idle_source, options.busy_check),
            log=options.on_event,
            breaks=BreakPicker(records, options.describe_break),
        )
        plan = Plan.from_config(options.adjust_config(config))
        self.timers = Timers(ReminderJobs(scheduler, self.run_due), plan, self.parts)
        self._job = ReminderJob(self.timers, on_reminder)
        self._watcher = ConfigWatcher(options.config_path) if options.config_path else None

    @property
    def config(self) -> Config:
        """The config in use (with the host's adjustments: `--every`, `--anytime`)."""
        return self.timers.plan.config

    # ------------------------------------------------------------ set-up

    def start(self) -> None:
        """Start the timers now and add the jobs (the scheduler may start before or after)."""
        if self.parts.presence.idle_source is not None:
            self.timers.jobs.idle_checks(self.poll_idle, IDLE_LEAD_SECONDS, IDLE_POLL_SECONDS)
        self.timers.paused_until = self._pause_on_file()
        self.timers.start(self.parts.handover.start())
        if self.timers.paused_until is not None:
            until = self.timers.paused_until.astimezone(self.config.zone())
            self.parts.log(f"reminders paused until {until:%a %H:%M}")
        jobs = self.timers.jobs
        if self.options.watch_seconds:
            name = "coach: config file and suspend check"
            jobs.every(WATCH_JOB, self.options.watch_seconds, self._watch_job, name)

    def stop(self) -> None:
        """Remove this service's jobs (the host shuts its scheduler down)."""
        self.timers.stop()

    # ------------------------------------------------------------ queries

    def due_at(self, kind: ReminderKind) -> datetime | None:
        return self.timers.due_at(kind)

    @property
    def pending(self) -> PendingReminder | None:
        """The last sitting reminder nobody answered, or None.

        Carried over from an earlier run (e.g. the daemon's) when the service starts.
        """
        return self.timers.pending

    # ------------------------------------------------------------ user events

    def answer(self, reminder: Reminder, answer: ReminderAnswer) -> bool:
        """Record the user's answer and set the next due time. False if not allowed
        (a snooze after the limit)."""
        if answer is ReminderAnswer.SNOOZED and not reminder.can_snooze:
            return False
        now = self._now()
        timers = self.timers
        self.parts.records.answer(reminder.record_id, answer, now)
        if timers.pending is not None and timers.pending.record_id == reminder.record_id:
            timers.pending = None
        track = timers.tracks.get(reminder.kind)
        if track is None or track.last != reminder:
            timers.publish()
            return True  # an older reminder: recorded, nothing to reschedule
        track.last_answered = True
        self.parts.log(f"{reminder.kind} reminder answered: {answer}")
        if answer is ReminderAnswer.SNOOZED:
            track.snooze(now, timers.plan)
            timers.changed(track)
        elif answer.restarts_timer:
            track.snoozes = 0
            if answer is ReminderAnswer.STARTED and reminder.kind is ReminderKind.WATER:
                self.parts.records.log_water(self.config.glass_ml, now)
            timers.restart(track, now)
        else:
            timers.publish()
        return True

    def answer_pending(self, answer: ReminderAnswer) -> bool:
        """Answer the pending reminder left by an earlier run (e.g. the daemon's)."""
        timers = self.timers
        pending = timers.pending
        if pending is None:
            return False
        now = self._now()
        self.parts.records.answer(pending.record_id, answer, now)
        timers.pending = None
        if answer.restarts_timer:
            timers.restart(timers.tracks[ReminderKind.SITTING], now)
        else:
            timers.publish()
        return True

    def natural_break(self, at: datetime | None = None) -> None:
        """A routine was completed (or the user was away): the sitting timer restarts."""
        track = self.timers.tracks.get(ReminderKind.SITTING)
        self.parts.records.invalidate()  # the routine went into the journal
        if track is not None:
            self.timers.natural_break(track, (at or self._now()).astimezone(UTC), "a break")

    def water_logged(self, at: datetime | None = None) -> None:
        """The user drank: the water timer restarts."""
        track = self.timers.tracks.get(ReminderKind.WATER)
        self.parts.records.invalidate()  # the glass went into the journal
        if track is not None:
            self.timers.restart(track, (at or self._now()).astimezone(UTC))

    def pause(self, until: datetime | None) -> None:
        """Pause every reminder until `until` (None: resume now), for every coach process:
        the pause file says so to the other one and to `coach status`. Raises OSError when
        the file cannot be written."""
        from coach.reminders import pause

        path = self.options.pause_path
        if path is not None:
            if until is None:
                pause.clear_pause(path)
            else:
                pause.write_pause(until, path)
        self.timers.pause(until)

    def follow_pause(self) -> bool:
        """The pause file changed (or may have): pause or resume as it says."""
        if self.options.pause_path is None:
            return False
        return self.timers.pause(self._pause_on_file())

    @property
    def paused_until(self) -> datetime | None:
        return self.timers.paused_until if self.timers.paused() else None

    def after_hours(self, due: datetime | None) -> bool:
        """`due` waits for the next working period ("outside working hours")."""
        return self.timers.plan.after_hours(self._now(), due)

    def _pause_on_file(self) -> datetime | None:
        if self.options.pause_path is None:
            return None
        from coach.reminders.pause import active_pause

        return active_pause(self._now(), self.options.pause_path)

    def apply_config(self, config: Config) -> None:
        """Use a new config: the reminder jobs are replaced, timers keep their start."""
        self.parts.breaks.forget()
        self.timers.use(Plan.from_config(self.options.adjust_config(config)))

    def reload(self) -> bool:
        """Re-read the config file (SIGHUP, or the watch job saw it change)."""
        if self.options.config_path is None:
            return False
        config, error = load_config_or_default(self.options.config_path)
        if error is not None and self.options.on_config_error is not None:
            self.options.on_config_error(error)
        self.apply_config(config)
        self.parts.log(
            "config reloaded" + (" (with errors; defaults used for those)" if error else "")
        )
        return True

    # ------------------------------------------------------------ jobs

    async def run_due(self, kind: ReminderKind) -> Reminder | None:
        """The reminder job (`coach.reminders.firing`). Returns the reminder if one fired."""
        return await self._job.run(kind)

    def watch(self) -> None:
        """The watch job (the window's; the daemon is told by `coach.reminders.wakeups`
        instead): a suspend check, the other coach process, the pause file, a break asked
        for, the journal, the config file."""
        self.clock_check()
        self.other_process_changed()
        self.follow_pause()
        self.take_break_request()
        self.journal_changed()
        self.config_file_changed()

    # What changed, one method each: the watch job calls them all, the daemon's wake-ups
    # (file changes, logind, the clock) each the one that applies.

    def clock_check(self) -> bool:
        """The monotonic-vs-wall check: after a suspend or a clock change, timers restart."""
        return self.timers.check_resume()

    def resumed(self) -> None:
        """The machine woke up (logind's PrepareForSleep): the reminders missed while
        asleep are skipped, every timer starts now."""
        self.timers.restart_all("resumed from sleep: timers restart")

    def other_process_changed(self) -> None:
        """The coach window may have opened or closed (its lock)."""
        self._follow_other_process()

    def take_break_request(self) -> None:
        if self.options.on_break_request is None:
            return
        routine_id = self.parts.handover.take_break_request()
        if routine_id is not None:
            self.parts.log(f"break {routine_id} asked for on the desktop notification")
            self.options.on_break_request(routine_id)

    def journal_changed(self) -> None:
        """Water logged or a routine done elsewhere: today's figures in the state file."""
        if self.parts.handover.state_path is not None and self.parts.records.refresh_figures(
            self.timers.today()
        ):
            self.timers.publish()

    def config_file_changed(self) -> None:
        if self._watcher is not None and self._watcher.changed():
            self.reload()

    def routines_changed(self) -> None:
        """A routine file changed: the breaks are named afresh."""
        self.parts.breaks.forget()

    async def _watch_job(self) -> None:
        self.watch()

    async def poll_idle(self) -> None:
        """The idle job: notice natural breaks between reminders."""
        checks = self.parts.presence
        if checks.idle_source is None or not self.timers.plan.may_remind(self._now()):
            return
        self.note_idle(await asyncio.to_thread(checks.idle_seconds))

    def note_idle(self, idle_seconds: float | None) -> None:
        """What the idle source says between reminders: away long enough is a break."""
        if self.timers.check_resume():
            return
        track = self.timers.tracks.get(ReminderKind.SITTING)
        if track is None:
            return
        state = presence(idle_seconds, self.config.break_length)
        now = self._now()
        if state is Presence.ON_BREAK and idle_seconds is not None:
            if track.going_away(now - timedelta(seconds=idle_seconds)):
                self.parts.log("away from the computer: counting it as a break")
        elif state is Presence.ACTIVE and track.on_break and idle_seconds is not None:
            self.timers.back_from_break(track, now - timedelta(seconds=idle_seconds))

    def _follow_other_process(self) -> None:
        """When the coach window closes, carry on from the times it planned.

        One stream of reminders, not two: the daemon adopts the due times and the
        pending break the window left in the state file.
        """
        if not self.timers.started:
            return
        state = self.parts.handover.handed_back()
        if state is not None:
            self.timers.take_over(state)
            self.parts.log("the coach window closed: reminders continue here")

    def _now(self) -> datetime:
        return self.timers.now()


def with_overrides(every: float | None = None, anytime: bool = False) -> Callable[[Config], Config]:
    """`--every` and `--anytime` for one run, applied on top of every (re)loaded config."""

    def adjust(config: Config) -> Config:
        if every is not None:
            config = replace(config, sitting_interval=every, align_minute=None)
        if anytime:
            config = replace(config, anytime=True, quiet_hours=())
        return config

    return adjust
