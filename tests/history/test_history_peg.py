"""The weekly PEG: kept in the journal, its trend (a 30% fall said), asked at most once a
week, and `coach peg` / `coach stats` in the shell."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from history_helpers import at

from coach.cli import main
from coach.history.journal import Journal
from coach.history.outcomes import peg_offer_due, peg_trend

LONDON = ZoneInfo("Europe/London")
MONDAY = at("2026-03-02 09:00", LONDON)


def test_answers_are_kept_with_their_day_and_score(journal: Journal) -> None:
    journal.log_peg([6, 7, 5], MONDAY)
    journal.log_peg((3, 4, 5), MONDAY + timedelta(days=7))
    first, second = journal.peg_entries()
    assert (first.day, first.answers, first.score) == (date(2026, 3, 2), (6, 7, 5), 6.0)
    assert (second.day, second.score) == (date(2026, 3, 9), 4.0)
    assert journal.peg_entries(date(2026, 3, 5), date(2026, 3, 31)) == [second]
    assert first.to_dict() == {
        "day": "2026-03-02",
        "pain": 6,
        "enjoyment": 7,
        "activity": 5,
        "score": 6.0,
    }


@pytest.mark.parametrize("answers", [[6, 7], [6, 7, 11], [6, -1, 5], [6, 7, True]])
def test_answers_outside_the_scale_are_refused(journal: Journal, answers: list[int]) -> None:
    with pytest.raises(ValueError, match="PEG"):
        journal.log_peg(answers, MONDAY)
    assert journal.peg_entries() == []


@pytest.mark.parametrize(
    ("scores", "words", "meaningful"),
    [
        ([], "No PEG answers yet", False),
        ([(6, 6, 6)], "Answer again in a week", False),
        ([(6, 6, 6), (5, 5, 5)], "down 17% from 6.0.", False),
        ([(6, 6, 6), (5, 5, 5), (4, 4, 4)], "down 33% from 6.0. A fall of 30% or more", True),
        ([(4, 4, 4), (6, 6, 6)], "up 50% from 4.0.", False),
    ],
)
def test_the_trend_compares_the_latest_with_the_first_and_says_a_30_percent_fall(
    journal: Journal, scores: list[tuple[int, int, int]], words: str, meaningful: bool
) -> None:
    for week, answers in enumerate(scores):
        journal.log_peg(answers, MONDAY + timedelta(weeks=week))
    trend = peg_trend(journal, MONDAY + timedelta(weeks=len(scores)))
    assert words in trend.message
    assert trend.to_dict()["meaningful"] is meaningful
    json.dumps(trend.to_dict())


def test_it_is_due_a_week_after_the_last_answer(journal: Journal) -> None:
    assert peg_trend(journal, MONDAY).due
    journal.log_peg([5, 5, 5], MONDAY)
    assert not peg_trend(journal, MONDAY + timedelta(days=6)).due
    assert peg_trend(journal, MONDAY + timedelta(days=7)).due


def test_the_window_offers_it_at_most_once_a_week(journal: Journal) -> None:
    assert peg_offer_due(journal, MONDAY)
    journal.offer_peg(MONDAY.date())  # offered, not answered ("not now")
    assert not peg_offer_due(journal, MONDAY + timedelta(days=3))
    assert peg_offer_due(journal, MONDAY + timedelta(days=7))
    journal.log_peg([5, 5, 5], MONDAY + timedelta(days=8))  # answered with `coach peg`
    journal.offer_peg((MONDAY + timedelta(days=7)).date())
    assert not peg_offer_due(journal, MONDAY + timedelta(days=14))  # a week after the answer
    assert peg_offer_due(journal, MONDAY + timedelta(days=15))


# ----------------------------------------------------------------------------- the shell


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_coach_peg_keeps_the_answers_and_says_the_change(
    capsys: pytest.CaptureFixture[str],
) -> None:
    last_month = datetime.now().astimezone() - timedelta(weeks=4)
    with Journal() as journal:
        journal.log_peg([7, 6, 5], last_month)
    code, out, _ = run(capsys, "peg", "4", "4", "4")
    assert code == 0
    assert "Logged your PEG: 4.0 (pain 4, enjoyment 4, activity 4)." in out
    assert "down 33% from 6.0" in out and "real improvement" in out
    code, out, _ = run(capsys, "stats")
    assert "Weekly PEG           4.0 on" in out and "(first 6.0 on" in out
    assert "down 33% from 6.0. A fall of 30% or more" in out
    code, out, _ = run(capsys, "stats", "--json")
    peg = json.loads(out)["peg"]
    assert (peg["baseline"], peg["latest"], peg["meaningful"], peg["due"]) == (
        6.0,
        4.0,
        True,
        False,
    )


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["4", "4"], "give 3 answers (pain, enjoyment, activity), got 2"),
        (["4", "x", "4"], "each PEG answer is a whole number 0–10, got 'x'"),
        (["4", "12", "4"], "each PEG answer is a whole number 0–10, got 12"),
    ],
)
def test_coach_peg_refuses_bad_answers_in_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], error: str
) -> None:
    code, out, err = run(capsys, "peg", *argv)
    assert (code, out) == (2, "")
    assert err == f"coach: peg: {error}\n"


def test_coach_peg_asks_on_a_terminal_until_each_answer_fits(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    typed = iter(["6", "eleven", "11", "5", "4"])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(typed))
    code, out, _ = run(capsys, "peg")
    assert code == 0
    assert "Over the past week, how bad has your pain been on average?" in out
    assert out.count("Each PEG answer is a whole number 0–10") == 2
    assert "Logged your PEG: 5.0 (pain 6, enjoyment 5, activity 4)." in out


def test_coach_peg_without_a_terminal_says_how(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "peg")
    assert code == 2 and "coach peg 6 5 4" in err


def test_stats_without_a_peg_says_how_to_answer(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "stats")
    assert "Weekly PEG           not answered yet: `coach peg`" in out
