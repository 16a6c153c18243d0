"""ReminderService with a fake clock: the jobs are run by hand at their due time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.clock import FakeClock
from coach.config import Config
from coach.reminders.service import ReminderService, with_overrides
from coach.reminders.state import read_state
from coach.reminders.vocabulary import ReminderAnswer, ReminderKind
from tests.reminders.conftest import BERLIN, MONDAY_9, FakeIdle, FakeJournal, Harness

SITTING = ReminderKind.SITTING
WATER = ReminderKind.WATER


def local(hour: int, minute: int = 0, day: int = 5) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=BERLIN)


def test_start_plans_both_reminders_inside_working_hours(berlin_clock: FakeClock) -> None:
    harness = Harness(berlin_clock, Config(timezone="Europe/Berlin"))
    harness.service.start()
    assert harness.due("sitting") == local(10)
    assert harness.due("water") == local(10, 30)
    assert harness.job_time("sitting") == local(10)
    ids = {job.id for job in harness.scheduler.get_jobs()}
    assert ids == {"coach-reminder-sitting", "coach-reminder-water", "coach-watch"}


def test_a_reminder_fires_at_its_time_and_the_timer_restarts(
    berlin_clock: FakeClock, berlin_config: Config
) -> None:
    harness = Harness(berlin_clock, berlin_config)
    harness.service.start()
    berlin_clock.advance(30 * 60)
    assert harness.run_due() is None  # a run before its time does nothing
    assert harness.shown == []
    reminder = harness.run_at("sitting")
    assert reminder is not None and harness.shown == [reminder]
    assert reminder.title == "Time to stand up"
    assert reminder.due_at == local(10) and reminder.fired_at == local(10)
    assert reminder.routine_id == "desk-break"
    assert [action.answer for action in reminder.actions] == ["started", "snoozed", "skipped"]
    assert harness.due() == local(11)  # unanswered: the next one a full hour later
    assert harness.job_time() == local(11)
    assert any(event.startswith("reminder sitting due=") for event in harness.events)


def test_working_hours_edges(berlin_config: Config) -> None:
    clock = FakeClock(local(17, 30))
    harness = Harness(clock, berlin_config)
    harness.service.start()
    assert harness.due() == local(10, 0, day=6)  # not 18:30: Tuesday, an hour into the day
    clock.advance(15 * 60)  # 17:45, an old job run arriving: nothing
    assert harness.run_due() is None
    friday = FakeClock(local(17, 30, day=9))
    harness = Harness(friday, berlin_config)
    harness.service.start()
    assert harness.due() == local(10, 0, day=12)  # Monday


def test_snooze_has_a_limit_and_then_says_so(
    berlin_clock: FakeClock, berlin_config: Config
) -> None:
    harness = Harness(berlin_clock, berlin_config)
    harness.service.start()
    first = harness.run_at()
    assert first is not None and first.can_snooze and first.snoozes_in_a_row == 0
    assert harness.service.answer(first, ReminderAnswer.SNOOZED)
    assert harness.due() == local(10, 10)
    assert "sitting for 1h." in first.body
    second = harness.run_at()
    assert second is not None and second.can_snooze and second.snoozes_in_a_row == 1
    assert "sitting for 1h10m." in second.body  # counted from 09:00, not from the snooze
    assert harness.service.answer(second, ReminderAnswer.SNOOZED)
    third = harness.run_at()
    assert third is not None
    assert third.snoozes_in_a_row == 2 and not third.can_snooze
    assert third.title == "Stand up now"
    assert "no more snoozing" in third.body
    assert ReminderAnswer.SNOOZED not in [action.answer for action in third.actions]
    assert harness.service.answer(third, ReminderAnswer.SNOOZED) is False
    assert harness.due() == local(11, 20)  # unchanged by the refused snooze
    assert harness.service.answer(third, ReminderAnswer.STARTED)
    fourth = harness.run_at()
    assert fourth is not None and fourth.can_snooze and fourth.title == "Time to stand up"
    assert fourth.snoozes_in_a_row == 0


def test_an_ignored_snoozed_reminder_does_not_keep_the_count(
    berlin_clock: FakeClock, berlin_config: Config
) -> None:
    harness = Harness(berlin_clock, berlin_config)
    harness.service.start()
    first = harness.run_at()
    assert first is not None
    harness.service.answer(first, ReminderAnswer.SNOOZED)
    again = harness.run_at()  # the snoozed one, left unanswered
    assert again is not None and again.snoozes_in_a_row == 1
    later = harness.run_at()  # an hour later: a fresh reminder
    assert later is not None and later.snoozes_in_a_row == 0


def test_skip_restarts_the_timer(berlin_clock: FakeClock, berlin_config: Config) -> None:
    harness = Harness(berlin_clock, berlin_config)
    harness.service.start()
    reminder = harness.run_at()
    assert reminder is not None
    berlin_clock.advance(5 * 60)
    harness.service.answer(reminder, ReminderAnswer.SKIPPED)
    assert harness.due() == local(11, 5)


def test_a_suspend_restarts_the_timers_instead_of_reminding(
    berlin_clock: FakeClock, berlin_config: Config
) -> None:
    harness = Harness(berlin_clock, berlin_config)
    harness.service.start()
    berlin_clock.advance(20 * 60)  # 09:20, awake
    berlin_clock.jump_wall(3 * 3600)  # lid closed: wall 12:20, monotonic barely moved
    # The missed 10:00 job runs late, once: no reminder at the moment the lid opens.
    assert harness.run_due() is None
    assert harness.shown == []
    assert harness.due() == local(13, 20)  # an hour from the resume, not from 09:00
    assert any("clock jumped 3h" in event for event in harness.events)
    reminder = harness.run_at()
    assert reminder is not None and harness.shown == [reminder]
    assert reminder.fired_at == local(13, 20)


def test_the_watch_job_notices_a_resume_too(berlin_clock: FakeClock, berlin_config: Config) -> None:
    harness = Harness(berlin_clock, berlin_config)
    harness.service.start()
    berlin_clock.jump_wall(2 * 3600)
    harness.service.watch()
    assert harness.due() == local(12)
    assert harness.job_time() == local(12)


def test_a_finished_routine_is_a_natural_break(
    berlin_clock: FakeClock, berlin_config: Config
) -> None:
    journal = FakeJournal()
    harness = Harness(berlin_clock, berlin_config, journal=journal)
    harness.service.start()
    journal.session_end = local(9, 40)  # e.g. finished in the TUI, seen by the daemon
    berlin_clock.advance(3600)
    assert harness.run_due() is None
    assert harness.due() == local(10, 40)
    harness.service.natural_break(local(10, 20))  # the TUI tells the service directly
    assert harness.due() == local(11, 20)


def test_idle_long_enough_is_a_break_and_no_reminder_fires_while_away(
    berlin_clock: FakeClock, berlin_config: Config
) -> None:
    idle = FakeIdle(0)
    journal = FakeJournal()
    harness = Harness(berlin_clock, berlin_config, idle=idle, journal=journal)
    harness.service.start()
    assert "coach-idle" in {job.id for job in harness.scheduler.get_jobs()}
    berlin_clock.advance(3600)  # 10:00
    idle.seconds = 400  # away since 09:53:20
    assert harness.run_due() is None
    assert harness.due() == local(10, 1)  # looks again in a minute
    berlin_clock.advance(60 * 9)
    idle.seconds = 30  # back at 10:08:30
    assert harness.run_due() is None
    assert harness.shown == []
    assert harness.due() == local(11, 8) + timedelta(seconds=30)
    # The journal counts the time away as a break taken.
    away_from = local(9, 53) + timedelta(seconds=20)
    assert journal.away == [(away_from, local(10, 8) + timedelta(seconds=30))]


def test_a_little_idle_only_delays_the_reminder(
    berlin_clock: FakeClock, berlin_config: Config
) -> None:
    idle = FakeIdle(150)  # reading, hands off the keyboard
    harness = Harness(berlin_clock, berlin_config, idle=idle)
    harness.service.start()
    assert harness.run_at() is None
    idle.seconds = 2
    reminder = harness.run_at()
    assert reminder is not None and reminder.fired_at == local(10, 1)


def test_the_idle_poll_catches_breaks_between_reminders(
    berlin_clock: FakeClock, berlin_config: Config
) -> None:
    journal = FakeJournal()
    harness = Harness(berlin_clock, berlin_config, idle=FakeIdle(), journal=journal)
    harness.service.start()
    berlin_clock.advance(20 * 60)
    harness.service.note_idle(6 * 60)  # 09:20: away since 09:14
    berlin_clock.advance(5 * 60)
    harness.service.note_idle(11 * 60)  # 09:25: still away (the same break)
    berlin_clock.advance(5 * 60)
    harness.service.note_idle(60)  # 09:30: back since 09:29
    assert harness.due() == local(10, 29)
    assert journal.away == [(local(9, 14), local(9, 29))]
    harness.service.note_idle(0)  # active again: nothing more to record
    assert len(journal.away) == 1


def test_a_meeting_defers_the_reminder_until_it_ends(
    berlin_clock: FakeClock, berlin_config: Config
) -> None:
    busy = {"now": "microphone in use"}
    journal = FakeJournal()
    harness = Harness(berlin_clock, berlin_config, journal=journal, busy=lambda config: busy["now"])
    harness.service.start()
    assert harness.run_at() is None
    assert harness.due() == local(10, 1)
    assert journal.answers() == ["deferred"]
    assert harness.run_at() is None  # still in the call at 10:01
    assert journal.answers() == ["deferred"]  # one row per deferral, not per check
    busy["now"] = None
    reminder = harness.run_at()
    assert reminder is not None
    assert reminder.fired_at == local(10, 2) and reminder.due_at == local(10)
    assert journal.answers() == ["deferred", "pending"]


def test_a_long_meeting_defers_at_most_max_defer(
    berlin_clock: FakeClock, berlin_config: Config
) -> None:
    config = replace(berlin_config, max_defer=10 * 60)
    harness = Harness(berlin_clock, config, busy=lambda config: "defer_if says busy")
    harness.service.start()
    fired = None
    for _ in range(20):
        fired = harness.run_at()
        if fired is not None:
            break
    assert fired is not None and fired.fired_at == local(10, 10)


def test_every_reminder_and_answer_goes_to_the_journal(
    berlin_clock: FakeClock, berlin_config: Config
) -> None:
    journal = FakeJournal()
    harness = Harness(berlin_clock, berlin_config, journal=journal)
    harness.service.start()
    first = harness.run_at()
    assert first is not None and first.record_id == 1
    assert journal.answers() == ["pending"]
    harness.run_at()  # nobody answered the first one
    assert journal.answers() == ["ignored", "pending"]
    third = harness.run_at()
    assert third is not None
    harness.service.answer(harness.shown[1], ReminderAnswer.SKIPPED)  # an older one: recorded only
    harness.service.answer(third, ReminderAnswer.SNOOZED)
    assert journal.answers() == ["ignored", "skipped", "snoozed"]
    assert journal.reminders[3]["due_at"] == local(12)


def test_state_file_and_a_pending_break_for_a_later_coach(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    state_path = tmp_path / "reminders.json"
    journal = FakeJournal()
    daemon = Harness(berlin_clock, berlin_config, journal=journal, state_path=state_path)
    daemon.service.start()
    state = read_state(state_path)
    assert state is not None and state.next_sitting == local(10)
    reminder = daemon.run_at()
    assert reminder is not None
    state = read_state(state_path)
    assert state is not None and state.pending is not None
    assert (state.pending.kind, state.pending.record_id) == ("sitting", 1)
    assert state.next_sitting == local(11)

    # `coach` opened later: its service carries the pending break and answers it.
    tui = Harness(berlin_clock, berlin_config, journal=journal, state_path=state_path)
    tui.service.start()
    assert tui.service.pending is not None and tui.service.pending.record_id == 1
    assert read_state(state_path).pending is not None  # type: ignore[union-attr]
    berlin_clock.advance(60)
    assert tui.service.answer_pending(ReminderAnswer.STARTED)
    assert journal.answers() == ["started"]
    assert read_state(state_path).pending is None  # type: ignore[union-attr]
    assert tui.due() == local(11, 1)


def test_an_answer_given_elsewhere_is_not_overwritten_as_ignored(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    state_path = tmp_path / "reminders.json"
    journal = FakeJournal()
    daemon = Harness(
        berlin_clock, berlin_config, journal=journal, state_path=state_path, writer="daemon"
    )
    daemon.service.start()
    daemon.run_at()
    berlin_clock.advance(5 * 60)
    # `coach` opened at 10:05: it answers the daemon's break, and its state file says so.
    tui = Harness(berlin_clock, berlin_config, journal=journal, state_path=state_path)
    tui.service.start()
    assert tui.service.answer_pending(ReminderAnswer.STARTED)
    tui.service.stop()
    daemon.run_at()
    assert journal.answers() == ["started", "pending"]


def test_while_the_tui_reminds_the_daemon_keeps_quiet(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    tui_open = {"held": True}
    state_path = tmp_path / "reminders.json"
    harness = Harness(
        berlin_clock,
        berlin_config,
        suppress=lambda: tui_open["held"],
        state_path=state_path,
    )
    harness.service.start()
    assert harness.run_at() is None
    assert harness.shown == []
    assert not state_path.exists()  # the TUI owns the state file meanwhile
    assert harness.due() == local(11)
    tui_open["held"] = False
    assert harness.run_at() is not None


def test_when_the_tui_closes_the_daemon_carries_on_from_its_times(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    state_path = tmp_path / "reminders.json"
    tui_open = {"held": False}
    daemon = Harness(
        berlin_clock,
        berlin_config,
        suppress=lambda: tui_open["held"],
        state_path=state_path,
        writer="daemon",
    )
    daemon.service.start()
    berlin_clock.advance(20 * 60)
    tui_open["held"] = True  # 09:20: `coach` opens and runs its own reminders
    tui = Harness(berlin_clock, berlin_config, state_path=state_path)
    tui.service.start()
    assert tui.due() == local(10)  # the window keeps the daemon's plan
    reminder = tui.run_at()  # 10:00, shown in the TUI
    assert reminder is not None
    tui.service.answer(reminder, ReminderAnswer.SNOOZED)
    daemon.service.watch()
    assert daemon.due() == local(10)  # the daemon's own plan, which it will not use
    tui.service.stop()
    tui_open["held"] = False  # `coach` closed at 10:00
    daemon.service.watch()
    assert daemon.due() == local(10, 10)  # the TUI's snoozed reminder, not a second stream
    assert daemon.job_time() == local(10, 10)
    assert "the coach window closed: reminders continue here" in daemon.events
    state = read_state(state_path)
    assert state is not None and state.writer == "daemon"


def test_the_state_file_carries_todays_figures_and_follows_the_journal(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    state_path = tmp_path / "reminders.json"
    journal = FakeJournal()
    journal.water_today = 500
    harness = Harness(berlin_clock, berlin_config, journal=journal, state_path=state_path)
    harness.service.start()
    state = read_state(state_path)
    assert state is not None
    assert (state.day, state.water_ml) == ("2026-01-05", 500)
    journal.water_today = 750  # logged by `coach drink` or the TUI...
    harness.service.watch()
    assert read_state(state_path).water_ml == 500  # type: ignore[union-attr]
    journal.version += 1  # ...which the journal's data_version shows
    harness.service.watch()
    assert read_state(state_path).water_ml == 750  # type: ignore[union-attr]
    journal.water_today = 1000  # a glass logged here (same connection: same data_version)
    harness.service.water_logged()
    assert read_state(state_path).water_ml == 1000  # type: ignore[union-attr]


def test_water_reminders_stop_once_the_goal_is_reached(berlin_clock: FakeClock) -> None:
    journal = FakeJournal()
    harness = Harness(berlin_clock, Config(timezone="Europe/Berlin"), journal=journal)
    harness.service.start()
    journal.water_today = 500
    reminder = harness.run_at("water")
    assert reminder is not None and reminder.kind is WATER
    assert reminder.body == "A glass (250 ml) now. Today: 0.5 of 2.0 L."
    assert [action.label for action in reminder.actions] == ["Drank a glass", "Snooze 10m", "Skip"]
    harness.service.answer(reminder, ReminderAnswer.STARTED)
    assert journal.water == [(250, local(10, 30), "reminder")]
    journal.water_today = 2000
    assert harness.run_at("water") is None
    assert any("water goal reached" in event for event in harness.events)


def test_config_reload_replaces_the_jobs(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    config_path = tmp_path / "config.yaml"
    config_path.write_text("work:\n  timezone: Europe/Berlin\nwater:\n  enabled: false\n")
    harness = Harness(berlin_clock, berlin_config, config_path=config_path)
    harness.service.start()
    harness.service.watch()
    assert harness.due() == local(10)  # unchanged file: nothing reloaded
    berlin_clock.advance(10 * 60)
    config_path.write_text(
        "sitting:\n  every: 30m\nwork:\n  timezone: Europe/Berlin\nwater:\n  enabled: false\n"
    )
    harness.service.watch()
    assert harness.service.config.sitting_interval == 1800
    assert harness.due() == local(9, 30)  # the timer keeps its start (09:00)
    jobs = [job.id for job in harness.scheduler.get_jobs()]
    assert sorted(jobs) == ["coach-reminder-sitting", "coach-watch"]  # no duplicates
    assert harness.job_time() == local(9, 30)
    assert "config reloaded" in harness.events


def test_a_broken_config_on_reload_keeps_coach_running(
    berlin_clock: FakeClock, berlin_config: Config, tmp_path: Path
) -> None:
    config_path = tmp_path / "config.yaml"
    harness = Harness(berlin_clock, berlin_config, config_path=config_path)
    harness.service.start()
    config_path.write_text("sitting:\n  every: 20m\n  routine: [oops, Not An Id]\n")
    assert harness.service.reload()
    assert len(harness.config_errors) == 1
    assert "sitting.routine" in str(harness.config_errors[0])
    assert harness.service.config.sitting_interval == 1200  # the valid part applies


def test_overrides_apply_on_every_reload(berlin_clock: FakeClock) -> None:
    journal = FakeJournal()
    saturday_night = FakeClock(local(23, 0, day=10))
    harness = Harness(saturday_night, Config(), journal=journal)
    harness.service = ReminderService(
        harness.scheduler,
        saturday_night,
        Config(water_enabled=False),
        on_reminder=harness.shown.append,
        options=harness.options(adjust_config=with_overrides(every=2.0, anytime=True)),
    )
    harness.service.start()
    assert harness.due() == local(23, 0, day=10) + timedelta(seconds=2)
    harness.service.apply_config(Config(sitting_interval=7200, water_enabled=False))
    assert harness.service.config.sitting_interval == 2.0
    assert harness.service.config.anytime


def test_disabled_reminders_have_no_job(berlin_clock: FakeClock) -> None:
    harness = Harness(berlin_clock, Config(sitting_enabled=False, water_enabled=False))
    harness.service.start()
    assert harness.due() is None and harness.due("water") is None
    assert [job.id for job in harness.scheduler.get_jobs()] == ["coach-watch"]
    harness.service.stop()
    assert harness.scheduler.get_jobs() == []


@pytest.mark.parametrize("answer", [ReminderAnswer.STARTED, ReminderAnswer.SKIPPED])
def test_answers_reset_snoozes(
    berlin_clock: FakeClock, berlin_config: Config, answer: ReminderAnswer
) -> None:
    harness = Harness(berlin_clock, berlin_config)
    harness.service.start()
    reminder = harness.run_at()
    assert reminder is not None
    harness.service.answer(reminder, ReminderAnswer.SNOOZED)
    snoozed = harness.run_at()
    assert snoozed is not None and snoozed.snoozes_in_a_row == 1
    harness.service.answer(snoozed, answer)
    fresh = harness.run_at()
    assert fresh is not None and fresh.snoozes_in_a_row == 0 and fresh.can_snooze


def test_monday_nine_is_a_working_morning() -> None:
    assert MONDAY_9.weekday() == 0


@pytest.mark.parametrize(
    ("work_seconds", "natural_break"),
    [(0.0, False), (20.0, False), (60.0, True)],
    ids=["quit at once", "a third done", "mostly done"],
)
def test_only_a_routine_mostly_done_is_a_natural_break(
    berlin_clock: FakeClock,
    berlin_config: Config,
    tmp_path: Path,
    work_seconds: float,
    natural_break: bool,
) -> None:
    """The daemon sees routines through the real journal: one quit at once, or barely
    started, is no break, and the reminder comes as planned (issue 15 item 5)."""
    from coach.history.journal import Journal

    journal = Journal(tmp_path / "coach.db", zone=BERLIN)
    try:
        harness = Harness(berlin_clock, berlin_config, journal=journal)  # type: ignore[arg-type]
        harness.service.start()
        started = local(9, 40)
        session = journal.start_session(
            "desk-break", "Desk break", "posture", 90, started, planned_work_seconds=90
        )
        if work_seconds:
            journal.record_step(
                session, 0, "Chin tuck", "done", work_seconds, started, "",
                exercise="chin-tuck", planned_seconds=90, work_seconds=work_seconds,
            )  # fmt: skip
        journal.finish_session(
            session,
            ended_at=local(9, 42),
            status="quit",
            active_seconds=work_seconds,
            pain_before=None,
            pain_after=None,
        )
        reminder = harness.run_at()
        logged = any("natural break" in event for event in harness.events)
        assert logged is natural_break
        assert (reminder is None) is natural_break
        if natural_break:
            assert harness.due() == local(10, 42)
    finally:
        journal.close()
