"""Undo: the last entry of each kind (water, pain, a session, activity logged), removed
or corrected.

`coach undo` and the History screen's `u` ask the user first; these methods only do
what they are told. A session removed takes its steps and its own pain check-ins
with it; a pain check-in removed or corrected also changes its session's before or
after figure. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from coach.durations import format_volume
from coach.history import activity
from coach.history.queries import Reads
from coach.history.rows import aware, check_pain
from coach.history.store import JournalError

UndoKind = Literal["session", "activity", "water", "pain"]
UNDO_KINDS: tuple[UndoKind, ...] = ("session", "activity", "water", "pain")
FIXABLE_KINDS: frozenset[UndoKind] = frozenset({"activity", "water", "pain"})


@dataclass(frozen=True)
class Entry:
    """One journal entry that can be undone."""

    kind: UndoKind
    id: int
    at: datetime
    value: float  # ml of water, a pain level, seconds of activity or of a session's work
    label: str  # the routine's name, the activity's kind, the water's source, pain's context
    check_ins: int = 0  # a session's own pain check-ins (removed with it)

    def describe(self) -> str:
        """`250 ml of water · Mon 05 Jan 14:02`, `Core strength, 12 min of work · …`."""
        when = self.at.strftime("%a %d %b %H:%M")
        if self.kind == "water":
            what = f"{format_volume(int(self.value))} of water"
        elif self.kind == "pain":
            what = f"pain {int(self.value)}/10" + (
                "" if self.label == "manual" else f" ({self.label})"
            )
        elif self.kind == "activity":
            what = activity.logged_text(self.label, self.value)
        else:
            what = f"{self.label}, {round(self.value / 60)} min of work"
            if self.check_ins:
                what += f", {self.check_ins} check-in{'s' * (self.check_ins > 1)}"
        return f"{what} · {when}"


class Corrections(Reads):
    """The journal's undo: reads the last entries, removes or corrects one."""

    def last_entries(self) -> dict[UndoKind, Entry]:
        """The last entry of each kind there is one of."""
        found = {kind: self.last_entry(kind) for kind in UNDO_KINDS}
        return {kind: entry for kind, entry in found.items() if entry is not None}

    def last_entry(self, kind: UndoKind) -> Entry | None:
        """The latest entry of that kind: for sessions, the latest one that counts and has
        ended (a session still running in the window is not undone from elsewhere)."""
        if kind == "session":
            rows = self._read(
                "SELECT s.id, s.started_ts, s.started_offset, s.work_seconds, s.routine_name,"
                " (SELECT count(*) FROM pain p WHERE p.session_id = s.id)"
                f" FROM sessions s WHERE s.status != 'running' AND {activity.counts_sql('s')}"
                " ORDER BY s.started_ts DESC LIMIT 1"
            )
        else:
            value, label = {
                "water": ("ml", "source"),
                "pain": ("level", "context"),
                "activity": ("seconds", "kind"),
            }[kind]
            rows = self._read(
                f"SELECT id, ts, offset, {value}, {label}, 0 FROM {kind} ORDER BY ts DESC, id DESC"
                " LIMIT 1"
            )
        if not rows:
            return None
        row_id, ts, offset, amount, text, check_ins = rows[0]
        return Entry(kind, row_id, aware(ts, offset), float(amount), str(text), int(check_ins))

    def remove_entry(self, entry: Entry) -> None:
        """Delete it (a session with its steps and check-ins). Raises JournalError when it
        is gone already."""
        with self._write() as conn:
            if entry.kind == "session":
                conn.execute("DELETE FROM pain WHERE session_id = ?", (entry.id,))
                conn.execute("DELETE FROM steps WHERE session_id = ?", (entry.id,))
                deleted = conn.execute("DELETE FROM sessions WHERE id = ?", (entry.id,))
            else:
                if entry.kind == "pain":
                    self._set_session_pain(entry, None)
                deleted = conn.execute(f"DELETE FROM {entry.kind} WHERE id = ?", (entry.id,))
            if deleted.rowcount != 1:
                raise JournalError(f"that {entry.kind} entry is no longer in the history")

    def correct_entry(self, entry: Entry, value: float) -> Entry:
        """Change its amount: ml of water, a pain level, seconds of activity."""
        if entry.kind == "session":
            raise ValueError("a session can be removed, not corrected")
        if entry.kind == "pain":
            if not float(value).is_integer():
                raise ValueError(f"pain is a whole number from 0 to 10, got {value:g}")
            check_pain(int(value))
        elif not value > 0:
            raise ValueError(f"an amount must be more than 0, got {value:g}")
        column = {"water": "ml", "pain": "level", "activity": "seconds"}[entry.kind]
        stored: float = int(value) if entry.kind in ("water", "pain") else float(value)
        with self._write() as conn:
            changed = conn.execute(
                f"UPDATE {entry.kind} SET {column} = ? WHERE id = ?", (stored, entry.id)
            )
            if changed.rowcount != 1:
                raise JournalError(f"that {entry.kind} entry is no longer in the history")
            if entry.kind == "pain":
                self._set_session_pain(entry, int(stored))
        return Entry(entry.kind, entry.id, entry.at, stored, entry.label, entry.check_ins)

    def _set_session_pain(self, entry: Entry, level: int | None) -> None:
        """A session's before/after figure follows its check-in (inside a write)."""
        if entry.label not in ("before", "after"):
            return
        self._conn.execute(
            f"UPDATE sessions SET pain_{entry.label} = ?"
            " WHERE id = (SELECT session_id FROM pain WHERE id = ?)",
            (level, entry.id),
        )
