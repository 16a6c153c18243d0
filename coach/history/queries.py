"""Reading the journal: sessions and their steps, and the per-day figures.

Every per-day query is an index range scan on the `day` column (covering
indexes; `bench/history.py` prints their plans), so goals, streaks and charts
stay fast on years of history. No Textual here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from coach.history.activity import (
    BREAK_TAKEN_SQL,
    COUNTS_SQL,
    LOGGED_MODERATE_SQL,
    MOSTLY_DONE_SQL,
    STRENGTH_KINDS_SQL,
    STRENGTH_LOGGED_SQL,
    STRENGTH_TAG,
)
from coach.history.rows import (
    SESSION_COLUMNS,
    PainRow,
    PegRow,
    ReminderCounts,
    ReminderKind,
    SessionRow,
    aware,
    session_row,
)
from coach.history.store import Store

PEG_OFFERED_KEY = "peg_offered_on"  # the settings key: when the window last offered the PEG
_MAX_OFFSET = 14 * 3600  # the furthest any zone is ahead of UTC (Kiribati, UTC+14)


class Reads(Store):
    """The journal's queries (`coach.history.journal.Journal` adds the writes).

    What counts as a session, a practice day, moderate activity, a strength day or a
    break taken is `coach.history.activity`'s: these queries use its SQL twins.
    """

    # ------------------------------------------------------------------ sessions

    def session(self, session_id: int) -> SessionRow | None:
        """That session, whatever it did."""
        rows = self._read(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
        return session_row(rows[0]) if rows else None

    def recent_sessions(self, limit: int = 20, *, since: date | None = None) -> list[SessionRow]:
        """The latest sessions that count (some real work done), newest first; with
        `since`, only those from that local day on."""
        if since is None:
            rows = self._read(
                f"SELECT {SESSION_COLUMNS} FROM sessions WHERE {COUNTS_SQL}"
                " ORDER BY started_ts DESC LIMIT ?",
                (limit,),
            )
        else:
            # The day decides; the time bound (a day's start anywhere on Earth) lets
            # the search walk the start index from there instead of the whole table.
            earliest = datetime.combine(since, time.min, tzinfo=UTC).timestamp() - _MAX_OFFSET
            rows = self._read(
                f"SELECT {SESSION_COLUMNS} FROM sessions WHERE started_ts >= ? AND day >= ?"
                f" AND {COUNTS_SQL} ORDER BY started_ts DESC LIMIT ?",
                (earliest, since.isoformat(), limit),
            )
        return [session_row(row) for row in rows]

    def last_session_end(self) -> datetime | None:
        """When the latest routine mostly done ended (a natural break), or None."""
        rows = self._read(
            "SELECT ended_ts, ended_offset FROM sessions WHERE ended_ts IS NOT NULL"
            f" AND {MOSTLY_DONE_SQL} ORDER BY ended_ts DESC LIMIT 1"
        )
        return aware(rows[0][0], rows[0][1]) if rows else None

    def routine_days(self, routine_id: str, last: date) -> list[date]:
        """Local days up to `last` on which that routine was practised, oldest first."""
        rows = self._read(
            "SELECT DISTINCT day FROM sessions WHERE routine_id = ? AND day <= ?"
            f" AND {COUNTS_SQL} ORDER BY day",
            (routine_id, last.isoformat()),
        )
        return [date.fromisoformat(day) for (day,) in rows]

    # ------------------------------------------------------------------ per-day figures

    def sessions_by_day(self, first: date, last: date) -> dict[date, int]:
        """How many sessions counted each local day."""
        rows = self._read(
            f"SELECT day, count(*) FROM sessions WHERE day BETWEEN ? AND ? AND {COUNTS_SQL}"
            " GROUP BY day",
            (first.isoformat(), last.isoformat()),
        )
        return {date.fromisoformat(day): int(count) for day, count in rows}

    def moderate_seconds_by_day(self, first: date, last: date) -> dict[date, float]:
        """Seconds of moderate activity per local day: walking in routines that count,
        and activity logged outside coach (a vigorous minute counting as two)."""
        bounds = (first.isoformat(), last.isoformat())
        rows = self._read(
            "SELECT day, sum(seconds) FROM ("
            "  SELECT day, moderate_seconds AS seconds FROM sessions"
            f"  WHERE day BETWEEN ? AND ? AND moderate_seconds > 0 AND {COUNTS_SQL}"
            f"  UNION ALL SELECT day, {LOGGED_MODERATE_SQL} FROM activity"
            "  WHERE day BETWEEN ? AND ?"
            ") GROUP BY day",
            (*bounds, *bounds),
        )
        return {date.fromisoformat(day): float(total) for day, total in rows if total}

    def strength_days(self, first: date, last: date) -> set[date]:
        """Days with strength work: a core session (or one tagged `strength`) mostly
        done, or strength activity logged."""
        bounds = (first.isoformat(), last.isoformat())
        rows = self._read(
            "SELECT day FROM sessions WHERE day BETWEEN ? AND ?"
            f" AND (kind IN {STRENGTH_KINDS_SQL} OR tags LIKE ?) AND {MOSTLY_DONE_SQL}"
            " UNION SELECT day FROM activity WHERE day BETWEEN ? AND ?"
            f" AND kind IN {STRENGTH_LOGGED_SQL}",
            (*bounds, f"% {STRENGTH_TAG} %", *bounds),
        )
        return {date.fromisoformat(day) for (day,) in rows}

    def practice_days(self, first: date | None = None, last: date | None = None) -> list[date]:
        """Days with at least one session that counts, ascending (the streak)."""
        rows = self._read(
            "SELECT DISTINCT day FROM sessions WHERE day BETWEEN ? AND ?"
            f" AND {COUNTS_SQL} ORDER BY day",
            ((first or date.min).isoformat(), (last or date.max).isoformat()),
        )
        return [date.fromisoformat(day) for (day,) in rows]

    def water_on(self, day: date) -> int:
        """Millilitres drunk on that local day."""
        rows = self._read(
            "SELECT coalesce(sum(ml), 0) FROM water WHERE day = ?", (day.isoformat(),)
        )
        return int(rows[0][0])

    def water_since(self, since: datetime) -> int:
        """Millilitres logged from `since` on (the last hour: `coach.safety`'s caution)."""
        # The day bound (the earliest day `since` can be anywhere) keeps it on the index.
        earliest = (since - timedelta(seconds=_MAX_OFFSET)).date().isoformat()
        rows = self._read(
            "SELECT coalesce(sum(ml), 0) FROM water WHERE day >= ? AND ts >= ?",
            (earliest, since.timestamp()),
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
        """Reminders offered and answered each day; a sitting reminder is "taken" only
        when the break happened (`coach.history.activity`), a water one when answered."""
        taken = "r.answer = 'started'" if kind == "water" else BREAK_TAKEN_SQL
        rows = self._read(
            f"""
            SELECT r.day,
              sum(r.answer NOT IN ('deferred', 'snoozed')),
              sum({taken}), sum(r.answer = 'skipped'), sum(r.answer = 'ignored')
            FROM reminders r WHERE r.day BETWEEN ? AND ? AND r.kind = ? GROUP BY r.day
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
        """Sessions that count, of those days, with a pain check-in, oldest first (the
        pain before/after chart)."""
        rows = self._read(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE day BETWEEN ? AND ?"
            " AND (pain_before IS NOT NULL OR pain_after IS NOT NULL)"
            f" AND {COUNTS_SQL} ORDER BY started_ts",
            (first.isoformat(), last.isoformat()),
        )
        return [session_row(row) for row in rows]

    # ------------------------------------------------------------------ the weekly PEG

    def peg_entries(self, first: date | None = None, last: date | None = None) -> list[PegRow]:
        """PEG answers of those days (all of them by default), oldest first."""
        rows = self._read(
            "SELECT ts, offset, day, pain, enjoyment, activity FROM peg"
            " WHERE day BETWEEN ? AND ? ORDER BY ts",
            ((first or date.min).isoformat(), (last or date.max).isoformat()),
        )
        return [
            PegRow(aware(ts, offset), date.fromisoformat(day), (int(p), int(e), int(a)))
            for ts, offset, day, p, e, a in rows
        ]

    def peg_offered_on(self) -> date | None:
        """The day the window last offered the PEG questions (None: never)."""
        value = self.get_setting(PEG_OFFERED_KEY)
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            return None
