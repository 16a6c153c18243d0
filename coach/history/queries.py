"""Reading the journal: sessions and their steps, and the per-day figures.

Every per-day query is an index range scan on the `day` column (covering
indexes; `bench/history.py` prints their plans), so goals, streaks and charts
stay fast on years of history. No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

from coach.history.rows import (
    SESSION_COLUMNS,
    PainRow,
    ReminderCounts,
    ReminderKind,
    SessionRow,
    StepRow,
    aware,
    session_row,
)
from coach.history.store import Store

_MAX_OFFSET = 14 * 3600  # the furthest any zone is ahead of UTC (Kiribati, UTC+14)


class Reads(Store):
    """The journal's queries (`coach.history.journal.Journal` adds the writes)."""

    def session(self, session_id: int) -> SessionRow | None:
        rows = self._read(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
        return session_row(rows[0]) if rows else None

    def session_steps(self, session_id: int) -> list[StepRow]:
        rows = self._read(
            "SELECT session_id, step_index, name, status, active_seconds, dose, ended_ts,"
            " ended_offset FROM steps WHERE session_id = ? ORDER BY step_index, id",
            (session_id,),
        )
        return [
            StepRow(sid, index, name, status, seconds, dose, aware(ts, offset))
            for sid, index, name, status, seconds, dose, ts, offset in rows
        ]

    def recent_sessions(self, limit: int = 20, *, since: date | None = None) -> list[SessionRow]:
        """The latest sessions, newest first; with `since`, only those from that local day on."""
        if since is None:
            rows = self._read(
                f"SELECT {SESSION_COLUMNS} FROM sessions ORDER BY started_ts DESC LIMIT ?",
                (limit,),
            )
        else:
            # The day decides; the time bound (a day's start anywhere on Earth) lets
            # the search walk the start index from there instead of the whole table.
            earliest = datetime.combine(since, time.min, tzinfo=UTC).timestamp() - _MAX_OFFSET
            rows = self._read(
                f"SELECT {SESSION_COLUMNS} FROM sessions WHERE started_ts >= ? AND day >= ?"
                " ORDER BY started_ts DESC LIMIT ?",
                (earliest, since.isoformat(), limit),
            )
        return [session_row(row) for row in rows]

    def last_session_end(self) -> datetime | None:
        rows = self._read(
            "SELECT ended_ts, ended_offset FROM sessions WHERE ended_ts IS NOT NULL"
            " ORDER BY ended_ts DESC LIMIT 1"
        )
        return aware(rows[0][0], rows[0][1]) if rows else None

    def routine_days(self, routine_id: str, last: date) -> list[date]:
        """Local days up to `last` on which that routine was practised, oldest first."""
        rows = self._read(
            "SELECT DISTINCT day FROM sessions WHERE routine_id = ? AND day <= ?"
            " AND (status = 'completed' OR steps_done > 0) ORDER BY day",
            (routine_id, last.isoformat()),
        )
        return [date.fromisoformat(day) for (day,) in rows]

    # ------------------------------------------------------------------ per-day figures

    def active_seconds_by_day(
        self, first: date, last: date, kinds: Iterable[str]
    ) -> dict[date, float]:
        """Seconds of activity per local day (sessions of these kinds, finished or not)."""
        kind_list = sorted(set(kinds))
        if not kind_list:
            return {}
        marks = ", ".join("?" * len(kind_list))
        rows = self._read(
            f"SELECT day, sum(active_seconds) FROM sessions WHERE day BETWEEN ? AND ?"
            f" AND kind IN ({marks}) GROUP BY day",
            (first.isoformat(), last.isoformat(), *kind_list),
        )
        return {date.fromisoformat(day): float(total) for day, total in rows}

    def strength_days(
        self, first: date, last: date, kinds: Iterable[str], tag: str = "strength"
    ) -> set[date]:
        """Days with a strength session: a kind in `kinds` or tagged `tag`,
        completed or at least half done (a session quit after a minute is no strength day)."""
        kind_list = sorted(set(kinds))
        marks = ", ".join("?" * len(kind_list)) if kind_list else "NULL"
        rows = self._read(
            f"SELECT DISTINCT day FROM sessions WHERE day BETWEEN ? AND ?"
            f" AND (kind IN ({marks}) OR tags LIKE ?)"
            " AND (status = 'completed' OR active_seconds * 2 >= planned_seconds)",
            (first.isoformat(), last.isoformat(), *kind_list, f"% {tag} %"),
        )
        return {date.fromisoformat(day) for (day,) in rows}

    def practice_days(self, first: date | None = None, last: date | None = None) -> list[date]:
        """Days with at least one routine done (completed, or at least one step done), ascending."""
        rows = self._read(
            "SELECT DISTINCT day FROM sessions WHERE day BETWEEN ? AND ?"
            " AND (status = 'completed' OR steps_done > 0) ORDER BY day",
            ((first or date.min).isoformat(), (last or date.max).isoformat()),
        )
        return [date.fromisoformat(day) for (day,) in rows]

    def water_on(self, day: date) -> int:
        """Millilitres drunk on that local day."""
        rows = self._read(
            "SELECT coalesce(sum(ml), 0) FROM water WHERE day = ?", (day.isoformat(),)
        )
        return int(rows[0][0])

    def water_by_day(self, first: date, last: date) -> dict[date, int]:
        rows = self._read(
            "SELECT day, sum(ml) FROM water WHERE day BETWEEN ? AND ? GROUP BY day",
            (first.isoformat(), last.isoformat()),
        )
        return {date.fromisoformat(day): int(total) for day, total in rows}

    def reminders_by_day(
        self, first: date, last: date, kind: ReminderKind
    ) -> dict[date, ReminderCounts]:
        rows = self._read(
            """
            SELECT day,
              sum(answer NOT IN ('deferred', 'snoozed')),
              sum(answer = 'started'), sum(answer = 'skipped'), sum(answer = 'ignored')
            FROM reminders WHERE day BETWEEN ? AND ? AND kind = ? GROUP BY day
            """,
            (first.isoformat(), last.isoformat(), kind),
        )
        return {
            date.fromisoformat(day): ReminderCounts(int(o), int(t), int(s), int(i))
            for day, o, t, s, i in rows
        }

    def max_pain_by_day(self, first: date, last: date) -> dict[date, int]:
        """The highest pain logged each day (any context)."""
        rows = self._read(
            "SELECT day, max(level) FROM pain WHERE day BETWEEN ? AND ? GROUP BY day",
            (first.isoformat(), last.isoformat()),
        )
        return {date.fromisoformat(day): int(level) for day, level in rows}

    def pain_entries(self, first: date, last: date) -> list[PainRow]:
        """Every pain check-in of those days, oldest first."""
        rows = self._read(
            "SELECT ts, offset, day, level, context, session_id FROM pain"
            " WHERE day BETWEEN ? AND ? ORDER BY ts",
            (first.isoformat(), last.isoformat()),
        )
        return [
            PainRow(aware(ts, offset), date.fromisoformat(day), level, context, session_id)
            for ts, offset, day, level, context, session_id in rows
        ]

    def session_pain(self, first: date, last: date) -> list[SessionRow]:
        """Sessions of those days with a pain check-in, oldest first (pain before/after chart)."""
        rows = self._read(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE day BETWEEN ? AND ?"
            " AND (pain_before IS NOT NULL OR pain_after IS NOT NULL) ORDER BY started_ts",
            (first.isoformat(), last.isoformat()),
        )
        return [session_row(row) for row in rows]
