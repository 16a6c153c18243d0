"""Helpers for the history tests: journals in a temp folder and sessions in one call."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from coach.history.journal import Journal

ROOT = Path(__file__).resolve().parents[2]


def add_session(
    journal: Journal,
    started_at: datetime,
    *,
    minutes: float = 10,
    kind: str = "stretch",
    routine_id: str = "morning",
    status: str = "completed",
    planned_minutes: float | None = None,
    tags: tuple[str, ...] = (),
    pain_before: int | None = None,
    pain_after: int | None = None,
    steps: int = 2,
    exercise: str = "",
) -> int:
    """A finished session with `steps` done steps sharing `minutes` of work (of
    `planned_minutes`, all of it by default); `exercise="walk"` makes it walking."""
    planned = (planned_minutes if planned_minutes is not None else minutes) * 60
    session_id = journal.start_session(
        routine_id, routine_id.title(), kind, planned, started_at, tags=tags
    )
    for index in range(steps):
        journal.record_step(
            session_id,
            index,
            f"step {index}",
            "done",
            minutes * 60 / steps,
            started_at + timedelta(minutes=minutes * (index + 1) / steps),
            exercise=exercise,
            planned_seconds=planned / steps,
        )
    if status != "running":
        journal.finish_session(
            session_id,
            ended_at=started_at + timedelta(minutes=minutes),
            status=status,  # type: ignore[arg-type]
            active_seconds=minutes * 60,
            pain_before=pain_before,
            pain_after=pain_after,
        )
    return session_id


def at(text: str, zone: tzinfo) -> datetime:
    """`2026-10-25 23:30` as an aware time in `zone`."""
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def python(code: str, *args: str, stdin: int | None = None) -> subprocess.Popen[str]:
    """Start a fresh Python running `code` with coach importable, output as text lines."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


@dataclass(frozen=True)
class Step:
    """A row of the journal's `steps` table, as a test reads it."""

    name: str
    status: str
    active_seconds: float
    dose: str
    exercise: str
    planned_seconds: float
    work_seconds: float


def steps_of(journal: Journal, session_id: int) -> list[Step]:
    """A session's steps in order, read straight from the file (coach itself has no use
    for them one by one)."""
    with sqlite3.connect(journal.path) as conn:
        rows = conn.execute(
            "SELECT name, status, active_seconds, dose, exercise, planned_seconds, work_seconds"
            " FROM steps WHERE session_id = ? ORDER BY step_index, id",
            (session_id,),
        ).fetchall()
    conn.close()
    return [Step(*row) for row in rows]


def activity_of(journal: Journal, day: date) -> list[tuple[str, float, str]]:
    """(kind, seconds, source) of the activity logged on a day, oldest first."""
    with sqlite3.connect(journal.path) as conn:
        rows = conn.execute(
            "SELECT kind, seconds, source FROM activity WHERE day = ? ORDER BY ts",
            (day.isoformat(),),
        ).fetchall()
    conn.close()
    return [(kind, float(seconds), source) for kind, seconds, source in rows]
