"""Undo: the last entry of each kind, removed or corrected, never without a yes."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest
from history_helpers import add_session, steps_of

import coach.clock
from coach.cli import main
from coach.clock import FakeClock
from coach.history.journal import Journal, JournalError

NOW = datetime(2026, 3, 4, 15, 0).astimezone()


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' clock (SystemClock) reads NOW."""
    monkeypatch.setattr(coach.clock, "SystemClock", lambda: FakeClock(NOW))


class Terminal(io.StringIO):
    """A stdin that is a terminal, with the user's answers typed in."""

    def isatty(self) -> bool:
        return True


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled() -> Journal:
    """A morning: a session with its check-ins, a walk, water, a manual pain entry."""
    with Journal() as journal:
        session = add_session(
            journal, NOW - timedelta(hours=3), minutes=10, pain_before=5, pain_after=3
        )
        assert session
        journal.log_activity("walk", 1800, NOW - timedelta(hours=2))
        journal.log_water(250, NOW - timedelta(hours=2))
        journal.log_water(500, NOW - timedelta(hours=1))
        journal.log_pain(6, NOW - timedelta(minutes=30), "manual")
    return Journal()


# ----------------------------------------------------------------------------- the journal


def test_the_last_entry_of_each_kind(filled: Journal) -> None:
    entries = filled.last_entries()
    assert set(entries) == {"session", "activity", "water", "pain"}
    assert entries["water"].value == 500  # the last glass, not the first
    assert entries["pain"].describe().startswith("pain 6/10 · ")
    assert entries["activity"].describe().startswith("a 30 min walk · ")
    assert entries["session"].describe().startswith("Morning, 10 min of work, 2 check-ins · ")


def test_removing_a_session_takes_its_steps_and_check_ins(filled: Journal) -> None:
    entry = filled.last_entries()["session"]
    filled.remove_entry(entry)
    assert filled.recent_sessions() == []
    assert steps_of(filled, entry.id) == []
    levels = [p.level for p in filled.pain_entries(NOW.date() - timedelta(days=1), NOW.date())]
    assert levels == [6]  # the manual entry stays
    with pytest.raises(JournalError, match="no longer in the history"):
        filled.remove_entry(entry)  # gone already: said, not ignored


def test_a_session_check_in_corrected_or_removed_changes_the_session(filled: Journal) -> None:
    filled.remove_entry(filled.last_entries()["pain"])  # the manual 6
    after = filled.last_entries()["pain"]
    assert (after.value, after.label) == (3, "after")
    filled.correct_entry(after, 4)
    (session,) = filled.recent_sessions()
    assert (session.pain_before, session.pain_after) == (5, 4)
    filled.remove_entry(filled.last_entries()["pain"])
    (session,) = filled.recent_sessions()
    assert session.pain_after is None


def test_corrections_change_the_figures(filled: Journal) -> None:
    entries = filled.last_entries()
    fixed = filled.correct_entry(entries["water"], 330)
    assert fixed.value == 330
    assert filled.water_on(NOW.date()) == 250 + 330
    filled.correct_entry(entries["activity"], 20 * 60)
    assert filled.last_entries()["activity"].value == 1200


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("session", 60, "removed, not corrected"),
        ("pain", 11, "0 to 10"),
        ("pain", 4.5, "whole number"),
        ("water", 0, "more than 0"),
    ],
)
def test_corrections_are_checked(filled: Journal, kind: str, value: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        filled.correct_entry(filled.last_entries()[kind], value)


def test_a_session_still_running_is_not_offered() -> None:
    with Journal() as journal:
        add_session(journal, NOW - timedelta(minutes=5), status="running")
        assert "session" not in journal.last_entries()


# ----------------------------------------------------------------------------- coach undo


def test_nothing_changes_without_a_terminal_or_yes(
    filled: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "undo", "water")
    assert code == 1
    assert "The last water entry: 500 ml of water" in out
    assert "Nothing changed: confirm with --yes" in out
    assert filled.last_entries()["water"].value == 500


@pytest.mark.parametrize(("answer", "removed"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_undo_asks_on_the_terminal(
    filled: Journal,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    removed: bool,
) -> None:
    monkeypatch.setattr("sys.stdin", Terminal(answer))
    code, out, _ = run(capsys, "undo")  # the latest entry of any kind: the manual pain
    assert "The last pain entry: pain 6/10" in out and "Remove it? [y/N]" in out
    assert code == (0 if removed else 1)
    assert ("pain" in filled.last_entries() and filled.last_entries()["pain"].value == 6) is (
        not removed
    )


def test_undo_fix_corrects_with_the_commands_own_grammar(
    filled: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "undo", "water", "--fix", "0.33l", "--yes")
    assert code == 0 and "Changed: 330 ml of water" in out
    code, out, _ = run(capsys, "undo", "activity", "--fix", "45m", "-y")
    assert code == 0 and "Changed: a 45 min walk" in out
    _code, out, _ = run(capsys, "stats", "--json")
    assert json.loads(out)["today"]["moderate_minutes"] == 45


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["session", "--fix", "5m"], "a session can be removed, not corrected"),
        (["pain", "--fix", "12"], "0 (none) to 10"),
        (["water", "--fix", "lots"], "undo: expected an amount"),
        (["activity", "--fix", "30"], 'undo: "30": give the unit'),
    ],
)
def test_undo_refuses_a_bad_fix(
    filled: Journal, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    before = filled.last_entries()
    code, _out, err = run(capsys, "undo", *argv, "--yes")
    assert code == 2 and message in err and "Traceback" not in err
    assert filled.last_entries() == before


def test_nothing_to_undo(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "undo")[1] == "Nothing to undo yet.\n"
    assert run(capsys, "undo", "session")[1] == "No session entry to undo.\n"
