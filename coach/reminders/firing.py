"""The reminder job: when a reminder is due, may it show now? If so, show it.

APScheduler runs `ReminderJob.run(kind)` at the kind's due time (tests await it
after moving a FakeClock). In steps:

1. cheap checks: a stale run, a suspend since the last check, outside working
   hours, a routine finished since the timer started (a natural break), the
   water goal reached, the coach window reminding instead;
2. the probes (idle time, meetings), in a worker thread because they run
   programs;
3. the verdict: away on a break, away a little (wait), back from a break,
   deferred for a meeting (at most `max_defer`), or remind now: the journal
   row, the text, `on_reminder`, and the next one a full interval away.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

from coach.durations import format_duration
from coach.reminders.breaks import BreakOffer
from coach.reminders.presence import Probe
from coach.reminders.schedule import (
    RECHECK_SECONDS,
    Presence,
    keep_deferring,
    presence,
    reminder_text,
)
from coach.reminders.state import PendingReminder
from coach.reminders.timers import Timers
from coach.reminders.track import Reminder, Track
from coach.reminders.vocabulary import ReminderAnswer, ReminderKind


class ReminderJob:
    """The job that runs when a reminder is due; `on_reminder` shows the reminder."""

    def __init__(self, timers: Timers, on_reminder: Callable[[Reminder], None]) -> None:
        self.timers = timers
        self._on_reminder = on_reminder

    async def run(self, kind: ReminderKind) -> Reminder | None:
        """Returns the reminder if one fired."""
        if not self._before_probe(kind):
            return None
        timers = self.timers
        checks, config = timers.parts.presence, timers.plan.config
        probe = Probe()
        if checks.needs_probe(config):
            probe = await asyncio.to_thread(checks.probe, config)
        if not self._conclude(kind, probe):
            return None
        offer = None
        if kind is ReminderKind.SITTING:
            picker = timers.parts.breaks
            routine_id = picker.choose(config, timers.today())
            # Naming it may read the routine files (the daemon's first reminder): a thread.
            offer = await asyncio.to_thread(picker.offer, routine_id)
        track, now = timers.tracks[kind], timers.now()
        if not timers.started or not track.is_due(now):
            return None  # answered or rescheduled meanwhile
        return self._fire(track, now, offer)

    def _before_probe(self, kind: ReminderKind) -> bool:
        """Cheap checks; True when the slow probes should run."""
        timers, parts = self.timers, self.timers.parts
        if not timers.started or timers.check_resume():
            return False
        track = timers.tracks[kind]
        now = timers.now()
        if not track.is_due(now) or timers.paused(now):
            return False  # a stale run: the due time moved since it was planned
        if not timers.plan.may_remind(now):
            timers.restart(track, now)
            return False
        if kind is ReminderKind.SITTING:
            finished = parts.records.last_session_end()
            if finished is not None and finished > track.anchor:
                timers.natural_break(track, finished, "a finished routine")
                if not track.is_due(now):
                    return False
        elif kind is ReminderKind.WATER and self._water_goal_reached(now):
            parts.log("water goal reached today: no water reminder")
            timers.restart(track, now)
            return False
        if parts.handover.quiet():
            parts.log(f"{kind} reminder left to the open coach window")
            timers.restart(track, now)
            return False
        return True

    def _conclude(self, kind: ReminderKind, probe: Probe) -> bool:
        """After the probes: True to remind now; else wait (away, on a break, in a meeting)."""
        timers, log, config = self.timers, self.timers.parts.log, self.timers.plan.config
        track = timers.tracks[kind]
        now = timers.now()
        if not timers.started or not track.is_due(now):
            return False  # answered or rescheduled while probing
        state = presence(probe.idle_seconds, config.break_length)
        recheck = now + timedelta(seconds=RECHECK_SECONDS)
        if kind is ReminderKind.EYES and (state is not Presence.ACTIVE or probe.busy):
            timers.restart(track, now)  # away or in a meeting: this eye break is moot
            return False
        if state is Presence.ON_BREAK and kind is ReminderKind.SITTING:
            if track.going_away(now - timedelta(seconds=probe.idle_seconds or 0)):
                log("away from the computer: counting it as a break")
            timers.move(track, recheck)
            return False
        if state is not Presence.ACTIVE:
            log(f"{kind} reminder waits: no input for {probe.idle_seconds:.0f} s")
            timers.move(track, recheck)
            return False
        if track.on_break and kind is ReminderKind.SITTING:
            timers.back_from_break(track, now - timedelta(seconds=probe.idle_seconds or 0))
            return False
        if keep_deferring(probe.busy is not None, track.waiting_since, now, config.max_defer):
            due = track.due_at or now
            if track.defer(probe.busy or ""):
                timers.parts.records.record(kind, due, now, ReminderAnswer.DEFERRED)
                log(
                    f"{kind} reminder deferred: {probe.busy} "
                    f"(at most {format_duration(config.max_defer)})"
                )
            timers.move(track, recheck)
            return False
        return True

    def _fire(self, track: Track, now: datetime, offer: BreakOffer | None) -> Reminder:
        timers = self.timers
        kind, config, plan = track.kind, timers.plan.config, timers.plan
        planned = track.due_at or now
        due = track.waiting_since or planned
        sat_for = (now - track.begin_firing(due, plan)).total_seconds()
        sitting = kind is ReminderKind.SITTING
        title, body = reminder_text(
            kind,
            config,
            snoozes_in_a_row=track.snoozes,
            sat_for=sat_for if sitting else None,
            water_ml_today=self._water_today(now) if kind is ReminderKind.WATER else None,
            routine=offer.summary() if offer is not None else None,
        )
        if offer is not None:
            timers.parts.breaks.last_offered = offer.routine_id
        self._ignore_unanswered(track, now)
        record_id = timers.parts.records.record(kind, due, now, ReminderAnswer.PENDING)
        reminder = Reminder(
            kind=kind,
            title=title,
            body=body,
            due_at=due,
            fired_at=now,
            routine_id=offer.routine_id if offer is not None else None,
            snoozes_in_a_row=track.snoozes,
            can_snooze=track.can_snooze(plan) and kind is not ReminderKind.EYES,
            snooze_seconds=config.snooze,
            record_id=record_id,
        )
        track.last, track.last_answered = reminder, False
        if sitting:
            timers.pending = PendingReminder(kind, now, record_id, reminder.routine_id)
        late = (now - planned).total_seconds()
        deferred = (now - due).total_seconds()
        timers.parts.log(
            f"reminder {kind} due={planned.isoformat(timespec='milliseconds')} "
            f"fired={now.isoformat(timespec='milliseconds')} late={late * 1000:.0f}ms"
            + (f" deferred={format_duration(deferred)}" if due != planned else "")
        )
        # Unanswered reminders do not nag: the next one is a full interval away.
        timers.restart(track, now)
        self._on_reminder(reminder)
        return reminder

    def _ignore_unanswered(self, track: Track, now: datetime) -> None:
        """The previous reminder of this kind got no answer: record it as ignored.

        For sitting reminders the other process (the window) may have answered it;
        it then cleared the pending entry in the state file, so check there first.
        """
        parts, pending = self.timers.parts, self.timers.pending
        if track.last is not None and not track.last_answered:
            record_id = track.last.record_id
        elif track.kind is ReminderKind.SITTING and pending is not None:
            record_id = pending.record_id  # carried over from an earlier run
        else:
            return
        if track.kind is ReminderKind.SITTING and parts.handover.answered_elsewhere(record_id):
            return
        parts.records.answer(record_id, ReminderAnswer.IGNORED, now)

    def _water_today(self, now: datetime) -> int | None:
        return self.timers.parts.records.water_on(self.timers.today(now))

    def _water_goal_reached(self, now: datetime) -> bool:
        drunk = self._water_today(now)
        return drunk is not None and drunk >= self.timers.plan.config.water_goal_ml
