"""The safety screen (first run and from the help), the clinician note for home, and CareNote."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from screen_host import NOW, ZONE, ScreenHost
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Static
from tui_support import SIZE, screen_text

from coach.history.journal import Journal, JournalError
from coach.safety import ABOUT, RED_FLAGS, STOP_RULES, SafetyNote
from coach.tui.screens.safety import SafetyScreen, SafetySection
from coach.tui.widgets.care_note import CareNote, clinician_note


def footer_key(app: App[Any], key: str) -> tuple[str, bool]:
    """The footer's word for `key` and whether it works now."""
    from textual.widgets._footer import FooterKey

    for shown in app.screen.query(FooterKey):
        if shown.key == key:
            return shown.description, not shown.has_class("-disabled")
    raise AssertionError(f"{key} is not in the footer")


def safety_app(first_run: bool) -> ScreenHost:
    return ScreenHost(lambda: SafetyScreen(first_run=first_run))


def shown_items(app: App[Any]) -> list[str]:
    return [str(item.content) for item in app.screen.query(".item").results(Static)]


# ----------------------------------------------------------------------------- content


async def test_it_shows_what_coach_is_not_every_red_flag_and_the_stop_rules():
    app = safety_app(first_run=True)
    async with app.run_test(size=SIZE):
        sections = list(app.screen.query(SafetySection))
        assert [s.id for s in sections] == [
            "section-about",
            "section-emergency",
            "section-urgent",
            "section-soon",
            "section-stop",
        ]
        assert [s.border_title for s in sections] == [
            ABOUT.title,
            *(section.title for section in RED_FLAGS),
            STOP_RULES.title,
        ]
        every_item = [*ABOUT.items, *(i for s in RED_FLAGS for i in s.items), *STOP_RULES.items]
        assert shown_items(app) == every_item
        shown = screen_text(app)
        assert "does not diagnose or treat" in shown
        assert "What coach is, and what it is not" in shown


async def test_the_urgency_groups_are_told_apart_by_class_as_well_as_by_title():
    app = safety_app(first_run=False)
    async with app.run_test(size=SIZE):
        emergency = app.screen.query_one("#section-emergency")
        assert emergency.has_class("-emergency")
        assert emergency.border_title == "Get emergency help now"
        assert app.screen.query_one("#section-urgent").has_class("-urgent")
        assert app.screen.query_one("#section-soon").has_class("-soon")


async def test_the_text_scrolls_and_never_needs_sideways_scrolling():
    app = safety_app(first_run=False)
    async with app.run_test(size=SIZE) as pilot:
        text = app.screen.query_one("#safety-text", VerticalScroll)
        assert app.focused is text
        assert text.max_scroll_y > 0  # more than one 80×24 screen of text
        assert text.max_scroll_x == 0
        assert "Stop the exercise if" not in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert text.scroll_y == text.max_scroll_y
        shown = screen_text(app)
        assert "Stop the exercise if" in shown
        assert "coach safety prints the same text in a shell." in shown


# ----------------------------------------------------------------------------- first run


async def test_first_run_enter_acknowledges():
    app = safety_app(first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        assert "I understand (Enter)" in screen_text(app)
        await pilot.press("enter")
        assert app.results == [True]
        assert not isinstance(app.screen, SafetyScreen)


async def test_first_run_the_button_acknowledges():
    app = safety_app(first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        assert await pilot.click("#acknowledge")
        await pilot.pause()
        assert app.results == [True]
        assert not isinstance(app.screen, SafetyScreen)


async def test_first_run_can_be_read_to_the_end_before_acknowledging():
    app = safety_app(first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "end")
        assert app.results == []
        await pilot.press("enter")
        assert app.results == [True]


async def test_first_run_escape_and_q_do_not_skip_it_unread():
    app = safety_app(first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "q")
        assert isinstance(app.screen, SafetyScreen)
        assert app.results == []
        assert footer_key(app, "escape") == ("Close", False)  # shown, not yet working


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_first_run_once_read_to_the_end_escape_or_q_closes_it(key):
    app = safety_app(first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")
        await pilot.press(key)
        assert app.results == []  # not at the end yet
        await pilot.press("end")
        await pilot.pause()
        assert footer_key(app, "escape") == ("Close", True)
        await pilot.press(key)
        assert app.results == [True]  # read: it counts as acknowledged
        assert not isinstance(app.screen, SafetyScreen)


async def test_first_run_on_a_screen_it_fits_can_be_closed_at_once():
    app = safety_app(first_run=True)
    async with app.run_test(size=(120, 200)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        assert app.results == [True]


# ----------------------------------------------------------------------------- from the help


async def test_from_the_help_escape_closes_it_and_there_is_nothing_to_acknowledge():
    app = safety_app(first_run=False)
    async with app.run_test(size=SIZE) as pilot:
        assert not app.screen.query(Button)
        await pilot.press("enter")
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("escape")
        assert app.results == [False]


# ----------------------------------------------------------------------------- clinician note


@pytest.fixture
def journal(tmp_path: Path) -> Any:
    journal = Journal(tmp_path / "coach.db", zone=ZONE, now=NOW)
    yield journal
    journal.close()


def log_daily_pain(journal: Journal, levels: list[int]) -> None:
    """One check-in a day, the last one today."""
    for days_ago, level in enumerate(reversed(levels)):
        journal.log_pain(level, NOW - timedelta(days=days_ago), "manual")


def test_severe_pain_on_three_days_running_gives_the_clinician_note(journal):
    log_daily_pain(journal, [7, 8, 7])
    note = clinician_note(journal, NOW)
    assert note is not None
    assert note.rule == "persistent-severe"
    assert "3 days running" in note.message


def test_two_severe_days_give_no_note(journal):
    log_daily_pain(journal, [3, 8, 7])
    assert clinician_note(journal, NOW) is None


def test_no_journal_or_an_unreadable_one_gives_no_note():
    class LockedJournal:
        zone = None

        def max_pain_by_day(self, *args: Any) -> dict[Any, int]:
            raise JournalError("the history database stayed busy for 5 s")

    assert clinician_note(None, NOW) is None
    assert clinician_note(LockedJournal(), NOW) is None


NOTE = SafetyNote("persistent-severe", "see-clinician", "Please see a clinician", "Book it.")


class NoteHost(App[None]):
    def __init__(self, note: SafetyNote | None) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        yield CareNote(self.note, id="care-note")


async def test_care_note_shows_a_note_and_hides_without_one():
    app = NoteHost(NOTE)
    async with app.run_test(size=SIZE):
        widget = app.query_one(CareNote)
        assert widget.display
        assert widget.border_title == "Please see a clinician"
        assert widget.has_class("-see-clinician")
        assert "Book it." in screen_text(app)
        widget.show_note(None)
        assert not widget.display


async def test_care_note_starts_hidden_without_a_note():
    app = NoteHost(None)
    async with app.run_test(size=SIZE):
        assert not app.query_one(CareNote).display


# ----------------------------------------------------------------------------- snapshots


def test_snapshot_first_run(snap_compare):
    assert snap_compare(safety_app(first_run=True), terminal_size=SIZE)


def test_snapshot_from_the_help_at_the_end(snap_compare):
    assert snap_compare(safety_app(first_run=False), terminal_size=SIZE, press=["end"])
