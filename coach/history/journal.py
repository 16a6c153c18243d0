"""The history: one SQLite file of sessions, steps, reminders, water and pain.

Written as things happen, by the TUI, the reminder daemon and the CLI at once.
`Journal` is built in layers, one module per concern:

- the file, its transactions, notices and settings: `coach.history.store`;
- the schema and its append-only migrations: `coach.history.schema`;
- the rows as values: `coach.history.rows`;
- the reads (sessions, per-day figures): `coach.history.queries`;
- what counts (a session, moderate activity, a break taken): `coach.history.activity`;
- the last entry of each kind, removed or corrected (undo): `coach.history.undo`;
- the writes, here: sessions step by step, reminders, water, pain, activity
  logged outside coach, time away, the weekly PEG answers. A session
  still marked "running" whose process is gone (crash, kill, power cut) is
  marked "interrupted" the next time any coach process opens the file.

Times: every moment is stored as UTC epoch seconds (`*_ts`, for order and
arithmetic) plus the UTC offset it was lived in (`*_offset`, to show the wall
time as it was), and each record carries the local calendar `day` it belongs
to, fixed when it is written (in the journal's zone, the computer's own by
default). Goals and streaks group by that day, so they never depend on DST
rules or on where the user is when reading: a session at 23:30 on Sunday stays
in Sunday's week, even across a clock change or a flight. A session counts on
the day it started.

No Textual here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Literal

from coach.errors import excerpt
from coach.history import activity
from coach.history.queries import PEG_OFFERED_KEY
from coach.history.rows import (
    PainContext,
    PainRow,
    ReminderAnswer,
    ReminderCounts,
    ReminderKind,
    SessionRow,
    SessionStatus,
    StepStatus,
    aware,
    check_pain,
)
from coach.history.schema import MIGRATIONS
from coach.history.store import (
    BUSY_TIMEOUT_SECONDS,
    SAFETY_ACKNOWLEDGED_KEY,
    DamagedHistory,
    JournalError,
    NoHistory,
    ReadOnlyHistory,
    owner_alive,
)
from coach.history.undo import Corrections

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "MIGRATIONS",
    "SAFETY_ACKNOWLEDGED_KEY",
    "DamagedHistory",
    "Journal",
    "JournalError",
    "NoHistory",
    "PainContext",
    "PainRow",
    "ReadOnlyHistory",
    "ReminderAnswer",
    "ReminderCounts",
    "ReminderKind",
    "SessionRow",
    "SessionStatus",
    "StepStatus",
]


class Journal(Corrections):
    """The history database. One per process; safe to share between threads."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        zone: tzinfo | None = None,
        now: datetime | None = None,
        create: bool = True,
        repair: bool = False,
    ) -> None:
        """Open (creating, migrating or recovering as allowed) the database at `path`.

        `zone` decides which local day a record belongs to (None: this computer's
        zone, DST-aware). `now` names moved-aside files (None: the real time).
        `create` and `repair`: see `coach.history.store.Store`. Sessions left
        "running" by a process that is gone are marked interrupted, with a notice.
        """
        super().__init__(path, zone=zone, now=now, create=create, repair=repair)
        if not self.read_only:
            self.mark_interrupted()

    # ------------------------------------------------------------------ sessions

    def start_session(
        self,
        routine_id: str,
        routine_name: str,
        kind: str,
        planned_seconds: float,
        started_at: datetime,
        *,
        tags: Iterable[str] = (),
        planned_work_seconds: float | None = None,
    ) -> int:
        """Start a session row; returns its id. `planned_work_seconds` is the work its plan
        holds (`coach.history.activity`; None: all of `planned_seconds`)."""
        day, ts, offset = self._stamp(started_at)
        tag_text = " " + " ".join(str(tag) for tag in tags) + " "
        planned_work = planned_seconds if planned_work_seconds is None else planned_work_seconds
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (routine_id, routine_name, kind, tags, day, started_ts,"
                " started_offset, planned_seconds, planned_work_seconds, owner)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    routine_id,
                    routine_name,
                    str(kind),
                    tag_text,
                    day,
                    ts,
                    offset,
                    float(planned_seconds),
                    float(planned_work),
                    self._owner,
                ),
            )
            return int(cursor.lastrowid or 0)

    def record_step(
        self,
        session_id: int,
        step_index: int,
        name: str,
        status: StepStatus,
        active_seconds: float,
        ended_at: datetime,
        dose: str = "",
        *,
        exercise: str = "",
        planned_seconds: float | None = None,
        work_seconds: float | None = None,
    ) -> None:
        """Record a finished step and bring the session's running totals up to date. Commits.

        `planned_seconds` and `work_seconds` are the step's planned and done work
        (`coach.history.activity.step_work`); None: all of its time is work.
        Steps without work planned (check-ins, drinks, rests) are no steps done
        or skipped; an `exercise` among `activity.MODERATE_EXERCISES` (a walk) adds
        its work to the session's moderate activity.
        """
        if status not in ("done", "skipped"):
            raise ValueError(f'a step is "done" or "skipped", not "{status}"')
        _day, ts, offset = self._stamp(ended_at)
        planned = float(active_seconds if planned_seconds is None else planned_seconds)
        if work_seconds is None:
            work_seconds = activity.step_work(status, active_seconds, planned)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO steps (session_id, step_index, name, status, active_seconds, dose,"
                " ended_ts, ended_offset, exercise, planned_seconds, work_seconds)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    step_index,
                    name,
                    status,
                    float(active_seconds),
                    dose,
                    ts,
                    offset,
                    exercise,
                    planned,
                    float(work_seconds),
                ),
            )
            # A step done again after going back has several rows: count it once,
            # and take its largest time (the engine's later record includes the earlier).
            conn.execute(
                f"""
                UPDATE sessions SET
                  steps_done = (SELECT count(DISTINCT step_index) FROM steps
                                WHERE session_id = :id AND status = 'done'
                                AND {activity.WORK_STEP_SQL}),
                  steps_skipped = (SELECT count(DISTINCT s.step_index) FROM steps s
                                   WHERE s.session_id = :id AND s.status = 'skipped'
                                   AND s.{activity.WORK_STEP_SQL}
                                   AND NOT EXISTS (SELECT 1 FROM steps d
                                                   WHERE d.session_id = :id
                                                   AND d.step_index = s.step_index
                                                   AND d.status = 'done')),
                  active_seconds = (SELECT coalesce(sum(most), 0) FROM
                                    (SELECT max(active_seconds) AS most FROM steps
                                     WHERE session_id = :id GROUP BY step_index)),
                  work_seconds = (SELECT coalesce(sum(most), 0) FROM
                                  (SELECT max(work_seconds) AS most FROM steps
                                   WHERE session_id = :id GROUP BY step_index)),
                  moderate_seconds = (SELECT coalesce(sum(most), 0) FROM
                                      (SELECT max(work_seconds) AS most FROM steps
                                       WHERE session_id = :id
                                       AND exercise IN {activity.MODERATE_EXERCISES_SQL}
                                       GROUP BY step_index))
                WHERE id = :id AND status = 'running'
                """,
                {"id": session_id},
            )

    def finish_session(
        self,
        session_id: int,
        *,
        ended_at: datetime,
        status: Literal["completed", "quit"],
        active_seconds: float,
        pain_before: int | None,
        pain_after: int | None,
        steps_done: int | None = None,
        steps_skipped: int | None = None,
    ) -> None:
        """Close a session. Its pain check-ins also go to the pain log (once each).

        The before check-in is logged at the session's start, the after one at its end.
        """
        if status not in ("completed", "quit"):
            raise ValueError(f'a session ends "completed" or "quit", not "{status}"')
        for level in (pain_before, pain_after):
            if level is not None:
                check_pain(level)
        _day, ts, offset = self._stamp(ended_at)
        with self._write() as conn:
            row = conn.execute(
                "SELECT started_ts, started_offset FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                raise JournalError(f"no session {session_id} in the history")
            conn.execute(
                """
                UPDATE sessions SET ended_ts = ?, ended_offset = ?, status = ?, active_seconds = ?,
                  pain_before = coalesce(?, pain_before), pain_after = coalesce(?, pain_after),
                  steps_done = coalesce(?, steps_done), steps_skipped = coalesce(?, steps_skipped)
                WHERE id = ?
                """,
                (
                    ts,
                    offset,
                    status,
                    float(active_seconds),
                    pain_before,
                    pain_after,
                    steps_done,
                    steps_skipped,
                    session_id,
                ),
            )
            started = aware(row[0], row[1])
            for context, level, at in (
                ("before", pain_before, started),
                ("after", pain_after, ended_at),
            ):
                if level is None:
                    continue
                exists = conn.execute(
                    "SELECT 1 FROM pain WHERE session_id = ? AND context = ?", (session_id, context)
                ).fetchone()
                if not exists:
                    self._insert_pain(conn, level, at, context, session_id)

    def mark_interrupted(self) -> int:
        """Mark sessions left "running" by a process that is gone as "interrupted".

        Their end is their last recorded step (or their start). Returns how many.
        """
        rows = self._read(
            "SELECT id, owner, routine_name, started_ts, started_offset, steps_done"
            " FROM sessions WHERE status = 'running'"
        )
        orphans = [row for row in rows if not owner_alive(row[1])]
        if not orphans:
            return 0
        with self._write() as conn:
            for session_id, _owner, name, started_ts, started_offset, steps in orphans:
                started = aware(started_ts, started_offset)
                self._keep_notice(
                    conn,
                    f'Your session "{excerpt(name)}" of {started:%a %d %b %H:%M} stopped '
                    f"without an end (coach was closed or killed): {_steps_kept(steps)}; "
                    "it is marked interrupted.",
                )
                conn.execute(
                    """
                    UPDATE sessions SET status = 'interrupted',
                      ended_ts = coalesce((SELECT max(ended_ts) FROM steps WHERE session_id = :id),
                                          started_ts),
                      ended_offset = coalesce((SELECT ended_offset FROM steps WHERE session_id = :id
                                               ORDER BY ended_ts DESC LIMIT 1), started_offset)
                    WHERE id = :id AND status = 'running'
                    """,
                    {"id": session_id},
                )
        return len(orphans)

    # ------------------------------------------------------------------ reminders, water, pain

    def record_reminder(self, kind: str, due_at: datetime, fired_at: datetime, answer: str) -> int:
        """A reminder that fired ("sitting" or "water") with its first answer; returns its id."""
        day, fired_ts, offset = self._stamp(fired_at)
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO reminders (kind, day, due_ts, fired_ts, fired_offset, answer)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (str(kind), day, due_at.timestamp(), fired_ts, offset, str(answer)),
            )
            return int(cursor.lastrowid or 0)

    def answer_reminder(self, reminder_id: int, answer: str, at: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE reminders SET answer = ?, answered_ts = ? WHERE id = ?",
                (str(answer), at.timestamp(), reminder_id),
            )

    def log_water(self, ml: int, at: datetime, source: str = "manual") -> None:
        if ml <= 0:
            raise ValueError(f"an amount of water must be more than 0 ml, got {ml}")
        day, ts, offset = self._stamp(at)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO water (day, ts, offset, ml, source) VALUES (?, ?, ?, ?, ?)",
                (day, ts, offset, int(ml), source),
            )

    def log_activity(self, kind: str, seconds: float, at: datetime, source: str = "cli") -> int:
        """Activity done outside coach (`coach log walk 30m`), ending at `at`; returns its id."""
        if kind not in activity.LOGGED_KINDS:
            raise ValueError(
                f'an activity is one of {", ".join(activity.LOGGED_KINDS)}, not "{kind}"'
            )
        if not seconds > 0:
            raise ValueError(f"an activity lasts more than 0 s, got {seconds}")
        day, ts, offset = self._stamp(at)
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO activity (day, ts, offset, kind, seconds, source)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (day, ts, offset, kind, float(seconds), source),
            )
            return int(cursor.lastrowid or 0)

    def log_away(self, start: datetime, end: datetime) -> None:
        """Time away from the computer long enough to be a break (`break_length`)."""
        if end < start:
            raise ValueError("time away ends after it starts")
        day, start_ts, offset = self._stamp(start)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO away (day, start_ts, end_ts, offset) VALUES (?, ?, ?, ?)",
                (day, start_ts, end.timestamp(), offset),
            )

    def log_peg(self, answers: Sequence[int], at: datetime, source: str = "cli") -> int:
        """The week's PEG answers (pain, enjoyment, activity: `coach.safety.PEG_QUESTIONS`,
        0-10 each; ValueError otherwise); returns its id."""
        from coach.safety.peg import peg_score

        peg_score(answers)  # the PEG's own rule on what an answer is
        day, ts, offset = self._stamp(at)
        pain, enjoyment, activity_ = answers
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO peg (day, ts, offset, pain, enjoyment, activity, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (day, ts, offset, pain, enjoyment, activity_, source),
            )
            return int(cursor.lastrowid or 0)

    def offer_peg(self, day: date) -> None:
        """Remember that the window offered the PEG on `day` (it offers once a week)."""
        self.set_setting(PEG_OFFERED_KEY, day.isoformat())

    def log_pain(
        self,
        level: int,
        at: datetime,
        context: PainContext,
        *,
        session_id: int | None = None,
    ) -> None:
        """Log a pain check-in. With a session, also set that session's before/after figure."""
        check_pain(level)
        if context not in ("before", "after", "manual"):
            raise ValueError(f'a pain check-in is "before", "after" or "manual", not "{context}"')
        with self._write() as conn:
            self._insert_pain(conn, level, at, context, session_id)
            if session_id is not None and context in ("before", "after"):
                conn.execute(
                    f"UPDATE sessions SET pain_{context} = ? WHERE id = ?", (level, session_id)
                )

    def _insert_pain(
        self,
        conn: sqlite3.Connection,
        level: int,
        at: datetime,
        context: str,
        session_id: int | None,
    ) -> None:
        day, ts, offset = self._stamp(at)
        conn.execute(
            "INSERT INTO pain (day, ts, offset, level, context, session_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (day, ts, offset, int(level), context, session_id),
        )


def _steps_kept(count: int) -> str:
    if count == 0:
        return "no step had been done yet"
    if count == 1:
        return "the step done is kept"
    return f"the {count} steps done are kept"
