"""The reminder kinds' timers, kept in step with their jobs and the state file.

`Timers` holds one `Track` per kind under the current `Plan`. Every change to a
due time goes through it, so the APScheduler job (`coach.reminders.jobs`) and the
state file that `coach status` and the other coach process read
(`coach.reminders.handover`) always say what the track says. What a change
*should* be (a snooze, a reminder) is decided by the service and its reminder
job (`coach.reminders.firing`); the rules that restart every timer (a suspend,
a natural break) are here.

`Parts` are what those pieces share: the clock, the journal, the hand-over, the
presence checks and the event log.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from coach.clock import Clock
from coach.durations import format_duration
from coach.reminders.breaks import BreakPicker
from coach.reminders.handover import HandOver, planned_times, times_to_keep
from coach.reminders.jobs import ReminderJobs, reminder_job_id
from coach.reminders.presence import PresenceChecks, SuspendDetector
from coach.reminders.records import ReminderRecords
from coach.reminders.schedule import Plan
from coach.reminders.state import PendingReminder, ReminderState
from coach.reminders.track import Track
from coach.reminders.vocabulary import ReminderKind


@dataclass(frozen=True)
class Parts:
    """What the reminder service's pieces share."""

    clock: Clock
    records: ReminderRecords  # the journal
    handover: HandOver  # the state file and the other coach process
    presence: PresenceChecks  # idle time and meetings
    log: Callable[[str], None]  # one line per event
    breaks: BreakPicker  # which routine a sitting reminder offers


class Timers:
    """One Track per reminder kind, its job on the scheduler, and the state file."""

    def __init__(self, jobs: ReminderJobs, plan: Plan, parts: Parts) -> None:
        self.jobs = jobs
        self.plan = plan
        self.parts = parts
        self.tracks: dict[ReminderKind, Track] = {}
        self.pending: PendingReminder | None = None  # the last sitting reminder not answered
        self.paused_until: datetime | None = None  # `coach pause`: nothing fires before this
        self.started = False
        self._detector = SuspendDetector(parts.clock)

    def now(self) -> datetime:
        return self.parts.clock.now().astimezone(UTC)

    # ------------------------------------------------------------ what the jobs' triggers ask

    def due_at(self, kind: ReminderKind) -> datetime | None:
        track = self.tracks.get(kind)
        return track.due_at if track else None

    def cadence_after(self, kind: ReminderKind, previous: datetime) -> datetime | None:
        return self.plan.next_due(kind, previous)

    # ------------------------------------------------------------ start and stop

    def start(self, earlier: ReminderState | None) -> None:
        """Every timer starts now, except the due times the other side planned (kept)."""
        now = self.now()
        self._detector = SuspendDetector(self.parts.clock)
        self.pending = earlier.pending if earlier is not None else None
        if earlier is not None and earlier.last_break_routine:
            self.parts.breaks.last_offered = earlier.last_break_routine  # the turn goes on
        self.tracks = {kind: Track(kind, anchor=now) for kind in ReminderKind}
        self.started = True
        for track in self.tracks.values():
            track.restart(now, self.plan)
        if earlier is not None:
            self._keep_times_of(earlier, now)
        for track in self.tracks.values():
            self._sync_job(track)
        self.publish()

    def stop(self) -> None:
        self.started = False
        self.jobs.remove_all()

    def _keep_times_of(self, earlier: ReminderState, now: datetime) -> None:
        """Opening the window does not move a break the daemon planned in 5 minutes to an hour."""
        intervals = {
            kind: self.plan.spell_seconds(kind)
            for kind, track in self.tracks.items()
            if track.due_at is not None
        }
        kept = times_to_keep(
            earlier,
            writer=self.parts.handover.writer,
            now=now,
            monotonic=self.parts.clock.monotonic(),
            intervals=intervals,
            pid=self.parts.handover.pid,
        )
        for kind, due in kept.items():
            track = self.tracks[kind]
            if due == track.due_at:
                continue
            # The timer started one interval before the planned time, so a routine
            # finished since still counts as the break and "sitting for" stays true.
            track.anchor = (due - timedelta(seconds=intervals[kind])).astimezone(UTC)
            track.move_to(due)
            self.parts.log(
                f"{kind} reminder keeps the {earlier.writer}'s time "
                f"{due.isoformat(timespec='seconds')}"
            )

    def take_over(self, state: ReminderState) -> None:
        """The other side stopped reminding: carry on from its due times and pending break."""
        now = self.now()
        for kind, due in planned_times(state).items():
            track = self.tracks.get(kind)
            if track is not None and due is not None and due > now and self.plan.enabled(kind):
                track.move_to(due)
                self._sync_job(track)
        self.pending = state.pending
        if state.last_break_routine:
            self.parts.breaks.last_offered = state.last_break_routine
        self.publish()

    # ------------------------------------------------------------ changes

    def restart(self, track: Track, anchor: datetime) -> None:
        track.restart(anchor, self.plan)
        self.changed(track)

    def move(self, track: Track, due: datetime) -> None:
        track.move_to(due)
        self.changed(track)

    def changed(self, track: Track) -> None:
        """The track's due time changed: its job and the state file follow."""
        self._sync_job(track)
        self.publish()

    def natural_break(self, track: Track, at: datetime, why: str) -> None:
        """A routine done, or time away: the sitting timer restarts from `at`."""
        track.on_break, track.away_since = False, None
        track.snoozes = 0
        self.parts.log(f"natural break ({why}): the sitting timer restarts")
        self.restart(track, at)

    def back_from_break(self, track: Track, back_at: datetime) -> None:
        """Back after time away that made a break: the journal counts it as a break taken."""
        if track.away_since is not None and track.away_since < back_at:
            self.parts.records.log_away(track.away_since, back_at)
        self.natural_break(track, back_at, "time away")

    def check_resume(self) -> bool:
        """After a suspend: no reminder at once, every timer restarts from now.

        The monotonic-vs-wall check: the wall clock moved further than the monotonic
        clock (which stops while the machine sleeps) since the last check."""
        gap = self._detector.check()
        if gap is None or not self.started:
            return False
        self.restart_all(
            f"clock jumped {format_duration(abs(gap))} "
            f"({'suspend or clock change' if gap > 0 else 'clock set back'}): timers restart"
        )
        return True

    def restart_all(self, why: str) -> None:
        """Every timer starts now (after a suspend: the reminders missed while asleep are
        skipped, never shown in a burst or the moment the lid opens)."""
        self._detector = SuspendDetector(self.parts.clock)  # the next check starts here
        if not self.started:
            return
        self.parts.log(why)
        now = self.now()
        for track in self.tracks.values():
            track.snoozes, track.on_break, track.away_since = 0, False, None
            track.restart(now, self.plan)
            self._sync_job(track)
        self.publish()

    def paused(self, now: datetime | None = None) -> bool:
        return self.paused_until is not None and self.paused_until > (now or self.now())

    def pause(self, until: datetime | None) -> bool:
        """Pause until `until` (None, or a time past: no pause). While paused nothing is due;
        every timer starts afresh when the pause ends, or now when it is lifted early.
        True when this changed anything."""
        now = self.now()
        until = until.astimezone(UTC) if until is not None and until > now else None
        was_paused = self.paused(now)
        if until == self.paused_until or (until is None and not was_paused):
            self.paused_until = until
            return False
        self.paused_until = until
        if self.started:
            for track in self.tracks.values():
                track.snoozes, track.on_break, track.away_since = 0, False, None
                track.restart(until or now, self.plan)
                self._sync_job(track)
            self.publish()
        if until is not None:
            local = until.astimezone(self.plan.config.zone())
            self.parts.log(f"reminders paused until {local:%a %H:%M}")
        else:
            self.parts.log("reminders resumed: every timer starts now")
        return True

    def use(self, plan: Plan) -> None:
        """A new config: the jobs are replaced, each timer keeps its start (not due before now)."""
        self.plan = plan
        if not self.started:
            return
        now = self.now()
        for track in self.tracks.values():
            self.jobs.remove(reminder_job_id(track.kind))
            track.restart(track.anchor, plan, not_before=now)
            self._sync_job(track)
        self.publish()

    def _sync_job(self, track: Track) -> None:
        if not self.started:
            return
        until = self.paused_until
        due = track.due_at
        if until is not None and due is not None and due < until and until > self.now():
            track.restart(until, self.plan)  # nothing is due during a pause
        self.jobs.follow(track.kind, track.due_at, self)

    # ------------------------------------------------------------ the state file

    def today(self, now: datetime | None = None) -> date:
        """The local day in the configured zone."""
        return (now or self.now()).astimezone(self.plan.config.zone()).date()

    def snapshot(self) -> ReminderState:
        """The state this side would write now (for `coach status` and the other side)."""
        config = self.plan.config
        sitting = self.tracks.get(ReminderKind.SITTING)
        water = self.tracks.get(ReminderKind.WATER)
        figures = self.parts.records.figures
        now = self.now()
        next_sitting = sitting.due_at if sitting else None
        return ReminderState(
            writer=self.parts.handover.writer,
            pid=os.getpid(),
            updated_at=now,
            next_sitting=next_sitting,
            next_water=water.due_at if water else None,
            water_goal_ml=config.water_goal_ml,
            glass_ml=config.glass_ml,
            sitting_snoozes=sitting.snoozes if sitting else 0,
            deferred=sitting.waiting_reason if sitting and sitting.waiting_since else "",
            pending=self.pending,
            day=figures.day,
            water_ml=figures.water_ml,
            streak_days=figures.streak_days,
            monotonic=self.parts.clock.monotonic(),
            sitting_enabled=self.plan.enabled(ReminderKind.SITTING),
            sitting_after_hours=self.plan.after_hours(now, next_sitting),
            sitting_interval=self.plan.spell_seconds(ReminderKind.SITTING),
            last_break_routine=self.parts.breaks.last_offered,
        )

    def publish(self) -> None:
        """Write the state file, when this side owns it (the side that reminds does)."""
        handover = self.parts.handover
        if not self.started or not handover.owns_state_file():
            return
        self.parts.records.refresh_figures(self.today())
        try:
            handover.publish(self.snapshot())
        except OSError as error:
            self.parts.log(f"could not write {handover.state_path}: {error}")
