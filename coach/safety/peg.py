"""The PEG scale: a weekly outcome measure of pain and what it stops you doing.

Three questions about the past week, each 0–10: average pain (P), how much pain got
in the way of enjoying life (E) and of general activity (G) (Krebs et al., J Gen
Intern Med 2009; free to use). The score is the mean of the three. It is asked at
most once a week, and a fall of 30% or more from the first score is a meaningful
improvement (IMMPACT's threshold for a moderately important change). Pure rules and
the questions' words; storing answers is the journal's, showing them the screens'.
No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

PEG_MIN, PEG_MAX = 0, 10
PEG_INTERVAL = timedelta(days=7)  # at most once a week
MEANINGFUL_FALL = 0.30  # a 30% fall from the baseline


@dataclass(frozen=True)
class PegQuestion:
    id: str
    text: str
    low: str  # what 0 means
    high: str  # what 10 means


PEG_INTRO = "Three questions about the past week. Answer each from 0 to 10."

PEG_QUESTIONS: tuple[PegQuestion, ...] = (
    PegQuestion(
        "pain",
        "Over the past week, how bad has your pain been on average?",
        "no pain",
        "as bad as you can imagine",
    ),
    PegQuestion(
        "enjoyment",
        "Over the past week, how much has pain got in the way of enjoying life?",
        "not at all",
        "completely",
    ),
    PegQuestion(
        "activity",
        "Over the past week, how much has pain got in the way of your everyday activities?",
        "not at all",
        "completely",
    ),
)


def peg_score(answers: Sequence[int]) -> float:
    """The mean of the three answers, to one decimal. ValueError for anything else."""
    if len(answers) != len(PEG_QUESTIONS):
        raise ValueError(f"the PEG has {len(PEG_QUESTIONS)} answers, got {len(answers)}")
    for answer in answers:
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise ValueError(f"each PEG answer is a whole number 0–10, got {answer!r}")
        if not PEG_MIN <= answer <= PEG_MAX:
            raise ValueError(f"each PEG answer is a whole number 0–10, got {answer}")
    return round(sum(answers) / len(answers), 1)


def peg_due(last_taken: date | None, today: date) -> bool:
    """True when the PEG may be asked today: never asked, or a week or more since."""
    return last_taken is None or today - last_taken >= PEG_INTERVAL


@dataclass(frozen=True)
class PegChange:
    baseline: float
    latest: float
    fall: float | None  # the fall as a fraction of the baseline (negative: it rose); None: no base
    meaningful: bool

    @property
    def message(self) -> str:
        if self.latest == self.baseline:
            return f"Your PEG score is {self.latest:.1f}, as it was ({self.baseline:.1f})."
        if self.fall is None:  # from 0: no percentage to speak of
            return f"Your PEG score is {self.latest:.1f} (it was {self.baseline:.1f})."
        percent = round(abs(self.fall) * 100)
        if self.fall < 0:
            return f"Your PEG score is {self.latest:.1f}, up {percent}% from {self.baseline:.1f}."
        text = f"Your PEG score is {self.latest:.1f}, down {percent}% from {self.baseline:.1f}."
        if self.meaningful:
            text += " A fall of 30% or more is a real improvement: well done."
        return text


def peg_change(baseline: float, latest: float) -> PegChange:
    """How the latest score compares with the first (the baseline)."""
    if baseline <= 0:
        return PegChange(baseline, latest, None, False)
    fall = (baseline - latest) / baseline
    return PegChange(baseline, latest, fall, fall >= MEANINGFUL_FALL - 1e-9)
