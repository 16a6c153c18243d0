"""From home: the weekly PEG (offered at most once a week, `p` any time) and activity done
away from coach (`a`), into the journal, in the window's words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fakes import FakeJournal
from tui_support import SIZE, screen_text

from coach.clock import FakeClock
from coach.history.journal import Journal
from coach.tui.screens.activity import ActivityScreen, read_minutes
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.peg import PegScreen


def said(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_p_asks_the_three_questions_and_keeps_the_answers(make_app, journal: FakeJournal):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, PegScreen)
        shown = screen_text(app)
        assert "Three questions about the past week" in shown
        assert "1 of 3" in shown and "how bad has your pain been on average?" in shown
        assert "0 = no pain · 10 = as bad as you can imagine" in shown
        await pilot.press("6", "enter")
        assert "2 of 3" in screen_text(app) and "enjoying life" in screen_text(app)
        await pilot.press("1", "0", "enter")  # 1 then 0 is 10
        await pilot.click("#pain-4")  # a click answers at once
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        (row,) = journal.peg
        assert row.answers == (6, 10, 4)
        assert said(app)[-1] == (
            "Your PEG score this week: 6.7. Answer again in a week to see how it changes."
        )


async def test_a_30_percent_fall_is_named_when_it_happens(make_app, journal: FakeJournal, clock):
    journal.log_peg((7, 6, 5), clock.now() - timedelta(weeks=4))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "4", "enter", "4", "enter", "4", "enter")
        await pilot.pause()
        assert "down 33% from 6.0. A fall of 30% or more is a real improvement" in said(app)[-1]


async def test_escape_leaves_it_for_now(make_app, journal: FakeJournal):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "5", "enter", "escape")
        assert isinstance(app.screen, HomeScreen)
    assert journal.peg == []


async def test_the_window_offers_it_at_most_once_a_week(make_app, journal: FakeJournal, clock):
    journal.peg_offered = None  # never offered
    for _ in range(2):  # the second start, the same day: not again
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            offers = [text for text in said(app) if "press p to answer" in text]
        assert len(offers) == (1 if _ == 0 else 0)
        assert journal.peg_offered == clock.now().date()
    clock.advance(timedelta(days=7).total_seconds())
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("press p to answer" in text for text in said(app))


async def test_no_offer_while_a_history_cannot_keep_the_answers(make_app, tmp_path, clock):
    import sqlite3

    with Journal(tmp_path / "coach.db") as journal:
        journal.acknowledge_safety(clock.now())
    conn = sqlite3.connect(tmp_path / "coach.db")
    conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    conn.commit()
    conn.close()
    with Journal(tmp_path / "coach.db") as read_only:
        app = make_app(journal=read_only)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not any("press p to answer" in text for text in said(app))
            await pilot.press("p", "5", "enter", "5", "enter", "5", "enter")
            await pilot.pause()
            assert said(app)[-1].startswith("Your answers were not saved: the history was written")


# ----------------------------------------------------------------------------- activity


async def test_a_logs_a_walk_from_home(make_app, journal: FakeJournal, clock: FakeClock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, ActivityScreen)
        assert "a bike ride" in screen_text(app)
        await pilot.press("enter")  # a walk, the first choice
        await pilot.press("3", "0", "enter")
        assert isinstance(app.screen, HomeScreen)
    ((kind, seconds, at, source),) = journal.activity
    assert (kind, seconds, at, source) == ("walk", 1800, clock.now(), "window")
    assert said(app)[-1].startswith("Logged a 30 min walk: moderate activity this week:")


async def test_the_form_says_what_is_wrong_and_keeps_asking(make_app, journal: FakeJournal):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "down", "down", "down", "enter")  # a run
        await pilot.press("3", "0", "s", "enter")
        assert isinstance(app.screen, ActivityScreen)
        assert "less than a minute" in screen_text(app)
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press("1", "h", "enter")
        assert isinstance(app.screen, HomeScreen)
    assert [(kind, seconds) for kind, seconds, _, _ in journal.activity] == [("run", 3600)]


async def test_escape_logs_nothing(make_app, journal: FakeJournal):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "escape")
        assert isinstance(app.screen, HomeScreen)
    assert journal.activity == []


@pytest.mark.parametrize(
    ("text", "seconds"), [("30", 1800), ("1h15m", 4500), (" 45 ", 2700), ("90m", 5400)]
)
def test_the_form_reads_minutes_as_coach_log_reads_durations(text: str, seconds: float) -> None:
    assert read_minutes(text) == seconds


@pytest.mark.parametrize(("text", "error"), [("0", "less than a minute"), ("13h", "12 h")])
def test_the_form_refuses_what_coach_log_refuses(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        read_minutes(text)


# ----------------------------------------------------------------------------- water


async def test_w_cautions_when_the_hour_runs_past_a_litre(
    make_app, journal: FakeJournal, clock: FakeClock
):
    journal.log_water(500, clock.now() - timedelta(minutes=40), "manual")
    journal.log_water(400, clock.now() - timedelta(minutes=10), "manual")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")  # a 250 ml glass: 1.1 L within the hour
        await pilot.pause()
        assert any("1.1 L within an hour" in text for text in said(app))


async def test_w_says_nothing_more_for_an_ordinary_glass(make_app, journal: FakeJournal, clock):
    journal.log_water(500, clock.now() - timedelta(minutes=70), "manual")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert not any("within an hour" in text for text in said(app))
