"""Reminders in the coach window: the banner, its keys, holding during a routine, `w`, home.

The service runs on a paused scheduler: nothing fires by itself. Each test moves the
FakeClock to a due time and awaits the job (`service.run_due(kind)`), as
APScheduler would on the real clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from fakes import NO_EXTRAS, FakeJournal, FakeLibrary, exercise
from scheduler_helpers import close_paused, paused_scheduler
from tui_support import SIZE, advance, screen_text, text_of

from coach.clock import FakeClock
from coach.config import Config
from coach.reminders.locks import InstanceLock, is_held
from coach.reminders.service import ReminderService
from coach.reminders.state import PendingReminder, ReminderState, write_state
from coach.reminders.vocabulary import ReminderKind
from coach.routines.model import Kind, Routine
from coach.tui.app import CoachApp, build_app
from coach.tui.reminders import ReminderOptions
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.reminder import ReminderScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.summary import SummaryScreen

LONDON = ZoneInfo("Europe/London")
MONDAY_9 = datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)  # a working day, in working hours
HOUR = 3600.0

SITTING = ReminderKind.SITTING
WATER = ReminderKind.WATER


class ReminderJournal(FakeJournal):
    """The conftest fake plus the journal's reminder rows (kind, due, fired, answer)."""

    path = None  # no database file to watch

    def __init__(self) -> None:
        super().__init__()
        self.reminders: dict[int, dict[str, Any]] = {}
        self.answered: list[tuple[int, str]] = []

    def practice_days(self, first: Any = None, last: Any = None) -> list[Any]:
        return []

    def record_reminder(self, kind: str, due_at: datetime, fired_at: datetime, answer: str) -> int:
        row = len(self.reminders) + 1
        self.reminders[row] = {"kind": kind, "fired_at": fired_at, "answer": answer}
        return row

    def answer_reminder(self, reminder_id: int, answer: str, at: datetime) -> None:
        self.answered.append((reminder_id, answer))
        if reminder_id in self.reminders:
            self.reminders[reminder_id]["answer"] = answer

    def answers(self, kind: str = "sitting") -> list[str]:
        return [row["answer"] for row in self.reminders.values() if row["kind"] == kind]


def desk_break() -> Routine:
    return Routine(
        "desk-break",
        "Desk break",
        Kind.POSTURE,
        (
            exercise("Chin tuck", hold=5, cues=("Slide the head straight back",)),
            exercise("Standing back bend", hold=5),
        ),
        defaults=NO_EXTRAS,
    )


@pytest.fixture
def library(library: FakeLibrary) -> FakeLibrary:
    library.routines["desk-break"] = desk_break()
    return library


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_9)


@pytest.fixture
def journal() -> ReminderJournal:
    return ReminderJournal()


@pytest.fixture
def scheduler() -> Iterator[AsyncIOScheduler]:
    """Started paused: real job stores, but no job runs unless a test runs it."""
    loop = asyncio.new_event_loop()
    scheduler = paused_scheduler(loop)
    yield scheduler
    close_paused(scheduler, loop)


CONFIG = Config(timezone="Europe/London")  # 1 h breaks, water every 1 h 30 m, 250 ml glasses


@pytest.fixture
def make_reminding_app(library, clock, journal, sound, scheduler):
    def make(config: Config = CONFIG, **options: Any) -> CoachApp:
        return build_app(
            library=library,
            clock=clock,
            journal=journal,
            sound=sound,
            config=config,
            reminders=ReminderOptions(scheduler=scheduler, watch_seconds=None, **options),
        )

    return make


def service_of(app: CoachApp) -> ReminderService:
    assert app.reminders is not None and app.reminders.service is not None
    return app.reminders.service


async def fire(pilot: Any, clock: FakeClock, kind: ReminderKind) -> None:
    """Move the clock to the reminder's due time and run its job."""
    service = service_of(pilot.app)
    due = service.due_at(kind)
    assert due is not None
    wait = (due - clock.now()).total_seconds()
    if wait > 0:
        clock.advance(wait)
    assert await service.run_due(kind) is not None
    await pilot.pause()


def panel_text(app: CoachApp) -> str:
    home = next(s for s in app.screen_stack if isinstance(s, HomeScreen))
    return str(home.query_one("#reminder-status").content)


# ---------------------------------------------------------------------- home


async def test_home_shows_the_next_break_and_the_water_so_far(make_reminding_app):
    app = make_reminding_app()
    async with app.run_test(size=SIZE):
        assert panel_text(app) == "Next break in 1h (10:00)\nWater 0 ml of 2.0 L"
        assert "Next break in 1h (10:00)" in screen_text(app)


async def test_the_next_break_counts_down_as_time_passes(make_reminding_app, clock):
    app = make_reminding_app()
    async with app.run_test(size=SIZE):
        clock.advance(23 * 60 + 10)
        app.screen.query_one("#reminder-status").refresh_figures()
        assert panel_text(app).startswith("Next break in 37m (10:00)")


async def test_w_on_home_logs_a_glass_and_restarts_the_water_timer(
    make_reminding_app, clock, journal
):
    app = make_reminding_app()
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(1200)
        await pilot.press("w")
        assert [(ml, source) for ml, _, source in journal.water] == [(250, "manual")]
        assert "Water 250 ml of 2.0 L" in panel_text(app)
        assert service_of(app).due_at(WATER) == clock.now() + timedelta(seconds=5400)


async def test_w_logs_water_without_reminders_too(make_app, journal):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        assert [ml for ml, _, _ in journal.water] == [250]
        assert not app.screen.query_one("#reminder-status").display  # no reminders: no panel


# ---------------------------------------------------------------------- the sitting banner


async def test_a_sitting_reminder_shows_over_home_and_b_starts_the_desk_break(
    make_reminding_app, clock, journal, sound
):
    app = make_reminding_app()
    async with app.run_test(size=SIZE) as pilot:
        await fire(pilot, clock, SITTING)
        assert isinstance(app.screen, ReminderScreen)
        assert "Time to stand up" in screen_text(app)
        # The routine by name, its length and its first exercises (issue 15 item 2).
        assert text_of(app, "#reminder-body") == (
            "You have been sitting for 1h. Desk break · 10 s: chin tuck, standing back bend"
        )
        assert sound.played == ["reminder"]
        assert "Break due now" in panel_text(app)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == "desk-break"
        await pilot.pause()
        assert text_of(app, "#phase-title") == "Chin tuck"
        assert journal.answers() == ["started"]


async def test_snooze_hides_the_banner_and_it_comes_back_after_the_snooze(
    make_reminding_app, clock, journal
):
    app = make_reminding_app()
    async with app.run_test(size=SIZE) as pilot:
        await fire(pilot, clock, SITTING)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert journal.answers() == ["snoozed"]
        assert panel_text(app).startswith("Next break in 10m")
        clock.advance(590)
        assert await service_of(app).run_due(SITTING) is None  # not yet
        await fire(pilot, clock, SITTING)
        assert isinstance(app.screen, ReminderScreen)
        assert "Snooze 10m (s)" in screen_text(app)


async def test_after_the_snooze_limit_the_banner_says_so_and_offers_no_snooze(
    make_reminding_app, clock, journal
):
    app = make_reminding_app()  # max_in_a_row: 2
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await fire(pilot, clock, SITTING)
            await pilot.press("s")
            await pilot.pause()
        await fire(pilot, clock, SITTING)
        screen = app.screen
        assert isinstance(screen, ReminderScreen)
        assert screen.has_class("-insist")
        assert "Stand up now" in screen_text(app)
        assert text_of(app, "#reminder-body").startswith(
            "You have snoozed this break twice; no more snoozing."
        )
        assert not screen.query_one("#reminder-snooze").display
        assert "Snooze" not in screen_text(app)
        await pilot.press("s")  # nothing: the banner stays
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert journal.answers() == ["snoozed", "snoozed", "started"]


async def test_skip_hides_the_banner_and_the_next_break_is_a_full_interval_away(
    make_reminding_app, clock, journal
):
    app = make_reminding_app()
    async with app.run_test(size=SIZE) as pilot:
        await fire(pilot, clock, SITTING)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert journal.answers() == ["skipped"]
        assert panel_text(app).startswith("Next break in 1h (11:00)")


async def test_a_reminder_shows_over_any_screen(make_reminding_app, clock):
    app = make_reminding_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await fire(pilot, clock, SITTING)
        assert isinstance(app.screen, ReminderScreen)
        await pilot.press("escape")  # escape skips
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"


async def test_an_unanswered_banner_is_replaced_by_the_next_reminder_not_stacked(
    make_reminding_app, clock, journal
):
    app = make_reminding_app()
    async with app.run_test(size=SIZE) as pilot:
        await fire(pilot, clock, SITTING)
        first = app.screen
        await fire(pilot, clock, SITTING)  # an hour later, still unanswered
        assert app.screen is first
        assert sum(isinstance(s, ReminderScreen) for s in app.screen_stack) == 1
        assert journal.answers() == ["ignored", "pending"]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert journal.answers() == ["ignored", "skipped"]


async def test_a_reminder_waiting_behind_the_banner_waits_for_the_break_it_started(
    make_reminding_app, clock, journal
):
    app = make_reminding_app(CONFIG)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(HOUR + 1800)  # 10:30: both are due
        assert await service_of(app).run_due(SITTING) is not None
        assert await service_of(app).run_due(WATER) is not None
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)
        assert "Time to stand up" in screen_text(app)  # the water one waits behind it
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert not any(isinstance(s, ReminderScreen) for s in app.screen_stack)
        await advance(pilot, clock, 5)
        await advance(pilot, clock, 5)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)
        assert "Drink some water" in screen_text(app)


# ---------------------------------------------------------------------- water


async def test_drank_a_glass_logs_it_and_the_figure_on_home_changes(
    make_reminding_app, clock, journal
):
    app = make_reminding_app()
    async with app.run_test(size=SIZE) as pilot:
        await fire(pilot, clock, WATER)
        assert isinstance(app.screen, ReminderScreen)
        shown = screen_text(app)
        assert "Drink some water" in shown
        assert "Drank a glass (w)" in shown
        assert "Start the break" not in shown
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [(ml, source) for ml, _, source in journal.water] == [(250, "reminder")]
        assert journal.answers("water") == ["started"]
        assert "Water 250 ml of 2.0 L" in panel_text(app)


async def test_the_eye_break_is_a_brief_note_not_a_banner(make_reminding_app, clock):
    from dataclasses import replace

    app = make_reminding_app(replace(CONFIG, eyes_enabled=True))
    async with app.run_test(size=SIZE) as pilot:
        await fire(pilot, clock, ReminderKind.EYES)
        assert isinstance(app.screen, HomeScreen)  # nothing to answer
        [note] = list(app._notifications)
        assert note.title == "Eye break" and note.timeout == 20
        assert "6 m (20 feet) away for 20 s" in note.message


async def test_start_break_on_the_daemons_notification_starts_it_in_the_open_window(
    make_reminding_app, clock, journal, tmp_path
):
    """The daemon's "Start break" while this window is open: the break starts here."""
    from coach.reminders.handover import HandOver

    request = tmp_path / "break-request.json"
    app = make_reminding_app(request_path=request)
    async with app.run_test(size=SIZE) as pilot:
        await fire(pilot, clock, SITTING)  # a banner is up, as the daemon's notice was
        HandOver("daemon", request_path=request).request_break("desk-break")
        service_of(app).watch()  # the window's watch (every few seconds) takes the request
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == "desk-break"
        assert journal.answers() == ["started"]
        assert not request.exists()


# ---------------------------------------------------------------------- pause


async def test_p_on_home_pauses_reminders_and_p_r_resumes_them(make_reminding_app, clock, tmp_path):
    from coach.reminders.pause import read_pause
    from coach.tui.screens.reminder import PauseScreen

    pause_path = tmp_path / "pause.json"
    app = make_reminding_app(pause_path=pause_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, PauseScreen)
        assert "2  1 hour" in screen_text(app)
        await pilot.press("2")  # an hour
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert read_pause(pause_path) == MONDAY_9 + timedelta(hours=1)
        assert panel_text(app).startswith("Paused until 10:00")
        assert service_of(app).due_at(SITTING) == MONDAY_9 + timedelta(hours=2)
        clock.advance(600)
        await pilot.press("p")
        assert "Reminders are paused until 10:00" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert read_pause(pause_path) is None
        assert panel_text(app).startswith("Next break in 1h (10:10)")


async def test_the_palette_pauses_reminders_until_tomorrow(make_reminding_app, tmp_path):
    from coach.reminders.pause import read_pause

    pause_path = tmp_path / "pause.json"
    app = make_reminding_app(pause_path=pause_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"pause rem")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert read_pause(pause_path) == datetime(2026, 1, 6, 9, 0, tzinfo=LONDON)
        assert panel_text(app).startswith("Paused until Tue 09:00")


# ---------------------------------------------------------------------- during a routine


async def test_a_routine_is_never_interrupted_and_completing_it_counts_as_the_break(
    make_reminding_app, clock, journal
):
    app = make_reminding_app()
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(HOUR - 5)
        app.start_session(app.library.get("desk-break"))
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await fire(pilot, clock, SITTING)
        assert isinstance(app.screen, SessionScreen)  # held, not shown
        await advance(pilot, clock, 5)
        await advance(pilot, clock, 5)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert journal.answers() == ["started"]  # the routine was the break
        assert app.last_summary is not None
        ended = app.last_summary.ended_at
        assert service_of(app).due_at(SITTING) == ended + timedelta(hours=1)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # no banner after it


async def test_a_routine_skipped_through_is_not_a_break(make_reminding_app, clock, journal):
    """Pressing N through a routine runs it to its end, but no work was done: the held
    reminder still shows and the sitting timer does not restart (issue 15 item 5)."""
    app = make_reminding_app()
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(HOUR)
        app.start_session(app.library.get("desk-break"))
        await pilot.pause()
        await fire(pilot, clock, SITTING)  # due now: held behind the routine
        due_after_reminder = service_of(app).due_at(SITTING)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("N", "N")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.last_summary is not None and app.last_summary.completed  # ran to its end
        assert service_of(app).due_at(SITTING) == due_after_reminder  # but was no break
        assert journal.answers() == ["pending"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)  # the break is still asked for


async def test_a_reminder_held_during_a_quit_routine_shows_afterwards(
    make_reminding_app, clock, journal
):
    app = make_reminding_app()
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(HOUR - 2)
        app.start_session(app.library.get("holds"))
        await pilot.pause()
        await fire(pilot, clock, SITTING)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)  # not over the summary either
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)
        assert journal.answers() == ["pending"]


async def test_on_first_run_a_reminder_waits_for_the_safety_screen(
    library, clock, sound, scheduler
):
    class FirstRunJournal(ReminderJournal):
        acknowledged_at: datetime | None = None

        def safety_acknowledged_at(self) -> datetime | None:
            return self.acknowledged_at

        def acknowledge_safety(self, at: datetime) -> None:
            self.acknowledged_at = at

    app = build_app(
        library=library,
        clock=clock,
        journal=FirstRunJournal(),
        sound=sound,
        config=CONFIG,
        reminders=ReminderOptions(scheduler=scheduler, watch_seconds=None),
    )
    async with app.run_test(size=SIZE) as pilot:
        await fire(pilot, clock, SITTING)
        assert type(app.screen).__name__ == "SafetyScreen"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)


# ---------------------------------------------------------------------- a break left by the daemon


def pending_state(path: Path, fired_at: datetime, record_id: int = 7) -> None:
    write_state(
        ReminderState(
            writer="daemon",
            pid=1,
            updated_at=fired_at,
            next_sitting=fired_at + timedelta(hours=1),
            next_water=None,
            water_goal_ml=2000,
            glass_ml=250,
            pending=PendingReminder("sitting", fired_at, record_id, "desk-break"),
        ),
        path,
    )


async def test_a_break_the_daemon_offered_is_offered_when_coach_opens(
    make_reminding_app, clock, journal, tmp_path
):
    state = tmp_path / "reminders.json"
    pending_state(state, clock.now() - timedelta(minutes=10))
    app = make_reminding_app(state_path=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReminderScreen)
        assert "A break is waiting" in screen_text(app)
        assert text_of(app, "#reminder-body").startswith(
            "coach reminded you at 08:50 while this window was closed."
        )
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert journal.answered == [(7, "started")]


async def test_an_old_pending_break_is_not_offered(make_reminding_app, clock, journal, tmp_path):
    state = tmp_path / "reminders.json"
    pending_state(state, clock.now() - timedelta(hours=16))  # yesterday evening
    app = make_reminding_app(state_path=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert journal.answered == [(7, "ignored")]


# ---------------------------------------------------------------------- lock, config


async def test_the_window_holds_the_tui_lock_while_open_so_the_daemon_keeps_quiet(
    make_reminding_app, tmp_path
):
    lock = tmp_path / "tui.lock"
    app = make_reminding_app(lock_path=lock)
    async with app.run_test(size=SIZE):
        assert is_held(lock)
        assert app.reminders is not None and app.reminders.reminding
    assert not is_held(lock)


async def test_a_second_window_leaves_the_reminders_to_the_first(make_reminding_app, tmp_path):
    lock_path = tmp_path / "tui.lock"
    with InstanceLock(lock_path):
        app = make_reminding_app(lock_path=lock_path)
        async with app.run_test(size=SIZE):
            assert app.reminders is not None and app.reminders.service is None
            assert "Reminders come from your other coach window" in " ".join(
                panel_text(app).split()
            )


async def test_home_follows_a_saved_config_change(make_reminding_app, clock, tmp_path):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("work:\n  timezone: Europe/London\n")
    app = make_reminding_app(config_path=config_file)
    async with app.run_test(size=SIZE) as pilot:
        assert panel_text(app).startswith("Next break in 1h")
        config_file.write_text(
            "sitting:\n  every: 20m\nwater:\n  goal: 3l\n  glass: 300ml\n"
            "work:\n  timezone: Europe/London\n"
        )
        service_of(app).watch()  # the 5-second watch job
        await pilot.pause()
        assert panel_text(app) == "Next break in 20m (09:20)\nWater 0 ml of 3.0 L"
        assert app.config.glass_ml == 300
        await pilot.press("w")
        assert "Water 300 ml of 3.0 L" in panel_text(app)


# ---------------------------------------------------------------------- snapshot


def test_snapshot_home_with_the_reminder_banner(snap_compare, make_reminding_app, clock):
    async def remind(pilot) -> None:
        await fire(pilot, clock, SITTING)

    app = make_reminding_app()
    assert snap_compare(app, terminal_size=SIZE, run_before=remind)


async def test_without_a_sound_player_a_reminder_rings_the_terminal_bell(
    library, clock, journal, scheduler, monkeypatch
):
    app = build_app(
        library=library,
        clock=clock,
        journal=journal,
        config=CONFIG,
        reminders=ReminderOptions(scheduler=scheduler, watch_seconds=None),
    )
    rings: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(1))
    async with app.run_test(size=SIZE) as pilot:
        await fire(pilot, clock, SITTING)
        assert rings == [1]


async def test_the_sound_players_bell_fallback_rings_through_the_app_on_its_loop():
    import asyncio
    import threading

    from coach.sound import TerminalBell
    from coach.tui.launch import LazySound

    rings: list[bool] = []
    sound = LazySound(volume=0.5, muted=False)
    sound.ring = lambda: rings.append(threading.current_thread() is threading.main_thread())
    backend = sound._backend()
    bells = [b for b in backend.backends if isinstance(b, TerminalBell)]
    assert len(bells) == 1
    # The player's worker thread rings it; the ring itself runs on the app's loop.
    worker = threading.Thread(target=bells[0].play, args=(None,))
    worker.start()
    worker.join()
    await asyncio.sleep(0)
    assert rings == [True]


# ---------------------------------------------------------------------- the panel's words


def figures(due: datetime | None, **changes: Any) -> Any:
    from coach.tui.widgets.reminder_status import ReminderFigures

    values: dict[str, Any] = {
        "reminding": True,
        "sitting_enabled": True,
        "next_break": due,
        "break_waiting": False,
        "water_ml": 750,
        "water_goal_ml": 2000,
        "zone": LONDON,
    }
    values.update(changes)
    return ReminderFigures(**values)


@pytest.mark.parametrize(
    ("seconds", "shown", "next_change"),
    [
        (23 * 60 + 20, "Next break in 23m (09:23)", 50.05),  # 23m until 22m30s
        (23 * 60 + 40, "Next break in 24m (09:23)", 10.05),
        (45, "Next break in <1m", 45.05),
        (0, "Break due now", 600.0),
        (14 * 3600, "Next break Mon 23:00", 2 * 3600),  # capped at 10 min anyway
    ],
)
def test_the_next_break_in_words_and_when_they_change(
    seconds: float, shown: str, next_change: float
) -> None:
    from coach.tui.widgets.reminder_status import break_text, seconds_until_change

    due = MONDAY_9 + timedelta(seconds=seconds)
    assert break_text(figures(due), MONDAY_9) == shown
    assert seconds_until_change(figures(due), MONDAY_9) == pytest.approx(min(next_change, 600))


def test_the_panel_says_why_there_is_no_countdown() -> None:
    from coach.tui.widgets.reminder_status import break_text, water_text

    assert break_text(figures(None, sitting_enabled=False), MONDAY_9) == "Sitting breaks are off"
    assert break_text(figures(None, starting=True), MONDAY_9) == "Reminders are starting…"
    assert break_text(figures(MONDAY_9, break_waiting=True), MONDAY_9) == "Break due now"
    assert water_text(figures(None)) == "Water 750 ml of 2.0 L"
    assert water_text(figures(None, water_ml=2250)) == "Water 2.2 L of 2.0 L ✓"
    assert water_text(figures(None, water_ml=None)) == "Water goal 2.0 L (history off)"


def test_real_options_do_not_load_the_scheduler_before_the_first_frame() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from coach.tui.reminders import ReminderOptions\n"
        "ReminderOptions.real()\n"
        "print(sorted(m for m in ('apscheduler', 'coach.reminders.service') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_the_windows_reminders_never_import_the_app() -> None:
    """They talk up with messages; the app imports them, never the reverse."""
    import grimp

    graph = grimp.build_graph("coach")
    for module in (
        "coach.tui.reminders",
        "coach.tui.screens.reminder",
        "coach.tui.widgets.reminder_status",
    ):
        assert not graph.chain_exists(importer=module, imported="coach.tui.app"), module
