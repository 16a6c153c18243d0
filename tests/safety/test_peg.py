"""The PEG scale: three questions, the mean of three, at most weekly, a 30% fall."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.safety import PEG_INTERVAL, PEG_QUESTIONS, peg_change, peg_due, peg_score

TODAY = date(2026, 3, 12)


def test_three_questions_about_the_past_week() -> None:
    assert [q.id for q in PEG_QUESTIONS] == ["pain", "enjoyment", "activity"]
    for question in PEG_QUESTIONS:
        assert "past week" in question.text and question.low and question.high
    assert PEG_QUESTIONS[0].low == "no pain"


@pytest.mark.parametrize(
    ("answers", "score"),
    [((0, 0, 0), 0.0), ((10, 10, 10), 10.0), ((6, 5, 4), 5.0), ((7, 5, 4), 5.3), ((1, 2, 2), 1.7)],
)
def test_the_score_is_the_mean_of_three(answers: tuple[int, int, int], score: float) -> None:
    assert peg_score(answers) == score


@pytest.mark.parametrize(
    "answers", [(), (5, 5), (5, 5, 5, 5), (5, 5, 11), (-1, 5, 5), (5, 5, 5.5), (True, 5, 5)]
)
def test_the_score_refuses_anything_but_three_answers_0_to_10(answers: tuple[object, ...]) -> None:
    with pytest.raises(ValueError, match="PEG"):
        peg_score(answers)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("last", "due"),
    [
        (None, True),
        (TODAY, False),
        (TODAY - timedelta(days=6), False),
        (TODAY - PEG_INTERVAL, True),
        (TODAY - timedelta(days=30), True),
    ],
)
def test_at_most_once_a_week(last: date | None, due: bool) -> None:
    assert peg_due(last, TODAY) is due


@pytest.mark.parametrize(
    ("baseline", "latest", "meaningful", "says"),
    [
        (6.0, 4.2, True, "down 30% from 6.0. A fall of 30% or more is a real improvement"),
        (6.0, 4.3, False, "down 28% from 6.0."),
        (5.0, 2.0, True, "down 60%"),
        (4.0, 5.0, False, "up 25% from 4.0."),
        (4.0, 4.0, False, "as it was (4.0)"),
        (0.0, 2.0, False, "is 2.0 (it was 0.0)"),
        (0.0, 0.0, False, "as it was (0.0)"),
    ],
)
def test_a_30_percent_fall_is_a_meaningful_improvement(
    baseline: float, latest: float, meaningful: bool, says: str
) -> None:
    change = peg_change(baseline, latest)
    assert change.meaningful is meaningful
    assert says in change.message
    assert ("real improvement" in change.message) is meaningful
