"""The weekly PEG over time: its trend for the History screen and `coach stats`, and when
the window may offer it.

The rules are `coach.safety.peg`'s (the questions, the score, at most once a week, a
30% fall from the first score is a real improvement); the answers are the journal's
(`log_peg`, `peg_entries`); this module puts them together for every surface, so the
History screen, `coach stats` and `coach peg` say the same. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from coach.history.calendar import local_day
from coach.history.rows import PegRow

if TYPE_CHECKING:
    from coach.history.ports import JournalReader
    from coach.safety.peg import PegChange


@dataclass(frozen=True)
class PegTrend:
    """Every PEG answered, oldest first, and whether it may be asked today."""

    entries: tuple[PegRow, ...]
    due: bool

    @property
    def latest(self) -> PegRow | None:
        return self.entries[-1] if self.entries else None

    @property
    def change(self) -> PegChange | None:
        """The latest score against the first (the baseline); None with fewer than two."""
        if len(self.entries) < 2:
            return None
        from coach.safety.peg import peg_change

        return peg_change(self.entries[0].score, self.entries[-1].score)

    @property
    def message(self) -> str:
        """One line on where the PEG stands; a 30% fall says so."""
        latest = self.latest
        if latest is None:
            return (
                "No PEG answers yet: three questions about your week, once a week "
                "(p on the home screen, or coach peg)."
            )
        change = self.change
        if change is None:
            return (
                f"Your PEG score is {latest.score:.1f}. Answer again in a week to see how it "
                "changes."
            )
        return change.message

    def to_dict(self) -> dict[str, Any]:
        change = self.change
        return {
            "entries": [entry.to_dict() for entry in self.entries],
            "baseline": self.entries[0].score if self.entries else None,
            "latest": self.latest.score if self.latest else None,
            "fall": round(change.fall, 3) if change and change.fall is not None else None,
            "meaningful": bool(change and change.meaningful),
            "due": self.due,
            "message": self.message,
        }


def peg_trend(journal: JournalReader, now: datetime, *, zone: tzinfo | None = None) -> PegTrend:
    from coach.safety.peg import peg_due

    entries = tuple(journal.peg_entries())
    today = local_day(now, zone if zone is not None else journal.zone)
    last = entries[-1].day if entries else None
    return PegTrend(entries, peg_due(last, today))


def peg_offer_due(journal: JournalReader, now: datetime) -> bool:
    """May the window offer the PEG today? It is due (`coach.safety.peg_due`: none answered
    for a week) and the window has not offered it within the week either, answered or not:
    it asks at most once a week."""
    from coach.safety.peg import peg_due

    today = local_day(now, journal.zone)
    return peg_trend(journal, now).due and peg_due(journal.peg_offered_on(), today)
