"""The home screen's safety note: "please see a clinician" after days of severe pain.

`clinician_note()` reads the note from the journal (coach.safety's three-days-running
rule); `CareNote` shows it, or hides when there is none.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual.widgets import Static

from coach.errors import CoachError
from coach.tui.widgets.prose import Prose

if TYPE_CHECKING:  # coach.safety loads when the history is first read, after the first frame
    from coach.history.ports import JournalReader
    from coach.safety import SafetyNote

logger = logging.getLogger(__name__)


def clinician_note(journal: JournalReader | None, now: datetime) -> SafetyNote | None:
    """The note for home, or None when the rule does not apply.

    Also None when there is no journal or it cannot be read (locked, damaged): home
    must open whatever state the history is in.
    """
    if journal is None:
        return None
    try:
        from coach.history.calendar import local_day
        from coach.safety import PERSISTENT_LOOKBACK_DAYS, persistent_severe_pain

        today = local_day(now, journal.zone)
        first = today - timedelta(days=PERSISTENT_LOOKBACK_DAYS)
        return persistent_severe_pain(journal.max_pain_by_day(first, today), today)
    except (CoachError, OSError):
        logger.debug("no clinician note: the history could not be read", exc_info=True)
        return None


class CareNote(Static):
    """Shows a `coach.safety.SafetyNote`; hidden while there is none."""

    DEFAULT_CSS = """
    CareNote {
        height: auto;
        padding: 0 1;
        color: $text-warning;
        border: round $warning 60%;
        border-title-color: $text-warning;
        border-title-style: bold;
    }
    CareNote.-see-clinician {
        color: $text-error;
        border: round $error 70%;
        border-title-color: $text-error;
    }
    """

    def __init__(self, note: SafetyNote | None = None, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.note: SafetyNote | None = None
        self._initial = note

    def on_mount(self) -> None:
        self.show_note(self._initial)

    def show_note(self, note: SafetyNote | None) -> None:
        self.note = note
        self.display = note is not None
        self.set_class(note is not None and note.level == "see-clinician", "-see-clinician")
        if note is None:
            self.update("")
            return
        self.border_title = note.title
        self.update(Prose([note.message]))
