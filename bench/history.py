"""How fast are the stats and the History screen's queries on 10 years of daily use?

Fills a temporary database through the Journal's own API (2-4 sessions a day
with their steps, 8 reminders, 8 glasses of water, a pain check-in and, every
other day, a walk or a ride logged), then
times every query the `coach stats` command and the History screen run and
prints each one's SQL query plan, to show that they read indexes rather than
scanning tables. Target: under 50 ms each.

    .venv/bin/python bench/history.py [--years 10] [--repeat 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from _quick import parse_with_quick  # beside this script

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach.history import progress
from coach.history.journal import Journal

TARGET_MS = 50.0
ZONE = ZoneInfo("Europe/London")  # DST changes twice a year, on purpose
ROUTINES = [
    ("morning-stretch", "Morning stretch", "stretch", 8),
    ("mcgill-big-three", "McGill big three", "core", 6),
    ("desk-break", "Desk break", "posture", 5),
    ("box-breathing", "Box breathing", "breathing", 1),
    ("ice-heat", "Ice and heat", "therapy", 2),
]


def fill(journal: Journal, years: int, today: datetime) -> dict[str, int]:
    rng = random.Random(5)
    counts = dict.fromkeys(
        ("days", "sessions", "steps", "reminders", "water", "pain", "activity"), 0
    )
    first = today - timedelta(days=365 * years)
    day = first
    while day <= today:
        with journal.batch():  # one transaction a day, only to keep the fill quick
            counts["days"] += 1
            morning = day.replace(hour=8, minute=0, second=0, microsecond=0)
            for n in range(rng.randint(2, 4)):
                routine_id, name, kind, step_count = rng.choice(ROUTINES)
                start = morning + timedelta(hours=3 * n, minutes=rng.randint(0, 50))
                session = journal.start_session(routine_id, name, kind, step_count * 60.0, start)
                counts["sessions"] += 1
                quit_at = step_count if rng.random() > 0.1 else rng.randint(0, step_count)
                for index in range(quit_at):
                    journal.record_step(
                        session,
                        index,
                        f"step {index}",
                        "skipped" if rng.random() < 0.05 else "done",
                        55.0,
                        start + timedelta(minutes=index + 1),
                        "hold 30 s",
                        exercise="walk" if index == step_count - 1 else "",
                        planned_seconds=60.0,
                    )
                    counts["steps"] += 1
                journal.finish_session(
                    session,
                    ended_at=start + timedelta(minutes=quit_at + 1),
                    status="completed" if quit_at == step_count else "quit",
                    active_seconds=55.0 * quit_at,
                    pain_before=rng.randint(0, 6) if n == 0 else None,
                    pain_after=rng.randint(0, 6) if n == 0 else None,
                )
            for hour in range(8):
                fired = morning + timedelta(hours=1 + hour)
                reminder = journal.record_reminder(
                    "sitting" if hour % 2 == 0 else "water", fired, fired, "pending"
                )
                answer = rng.choice(["started", "started", "snoozed", "skipped", "ignored"])
                journal.answer_reminder(reminder, answer, fired + timedelta(minutes=2))
                counts["reminders"] += 1
                journal.log_water(250, morning + timedelta(hours=hour, minutes=30), "reminder")
                counts["water"] += 1
            journal.log_pain(rng.randint(0, 8), morning + timedelta(hours=12), "manual")
            counts["pain"] += 1
            if rng.random() < 0.5:
                kind = rng.choice(["walk", "walk", "cycle", "run", "strength"])
                journal.log_activity(kind, rng.randint(15, 60) * 60, morning + timedelta(hours=10))
                counts["activity"] += 1
        day += timedelta(days=1)
    return counts


def measure(
    journal: Journal, call: Callable[[], Any], repeat: int
) -> tuple[float, float, list[str]]:
    """(median ms, worst ms, the SQL statements one call runs)."""
    statements: list[str] = []
    journal._conn.set_trace_callback(statements.append)
    call()
    journal._conn.set_trace_callback(None)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), statements


def plan(journal: Journal, sql: str) -> list[str]:
    rows = journal._conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    return [str(row[-1]) for row in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--plans", action=argparse.BooleanOptionalAction, default=True)
    args = parse_with_quick(parser, None, years=1, repeat=2)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "coach.db"
        now = datetime(2026, 6, 17, 18, 0, tzinfo=ZONE)  # a Wednesday
        journal = Journal(path, zone=ZONE)
        started = time.perf_counter()
        counts = fill(journal, args.years, now)
        fill_seconds = time.perf_counter() - started
        journal._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

        size_mb = path.stat().st_size / 1e6
        print(
            f"filled {args.years} years in {fill_seconds:.1f} s: "
            + ", ".join(f"{value} {key}" for key, value in counts.items())
            + f"; file {size_mb:.1f} MB"
        )

        today = now.date()
        goals = progress.Goals()
        queries: list[tuple[str, Callable[[], Any]]] = [
            ("open the journal (status, CLI)", lambda: Journal(path, zone=ZONE).close()),
            ("today", lambda: progress.today_progress(journal, now, goals)),
            ("week", lambda: progress.week_progress(journal, now, goals)),
            ("streaks (all 10 years)", lambda: progress.streaks(journal, now)),
            ("coach stats (all three)", lambda: progress.stats(journal, now, goals)),
            ("12-week heatmap", lambda: progress.heatmap(journal, now)),
            ("minutes/water per day, 30 d", lambda: progress.recent_days(journal, now, 30)),
            ("pain before/after, 30 d", lambda: progress.pain_over_time(journal, now, 30)),
            ("recent sessions (20)", lambda: journal.recent_sessions(20)),
            (
                "coach history --days 14",
                lambda: journal.recent_sessions(1_000_000, since=today - timedelta(days=13)),
            ),
            ("water today", lambda: journal.water_on(today)),
            ("last session end", journal.last_session_end),
        ]
        print(f"\n{'query':<32} {'median':>9} {'worst':>9}  target < {TARGET_MS:g} ms")
        results = []
        for name, call in queries:
            median, worst, statements = measure(journal, call, args.repeat)
            verdict = "ok" if median < TARGET_MS else "SLOW"
            print(f"{name:<32} {median:>7.2f}ms {worst:>7.2f}ms  {verdict}")
            results.append((name, statements))

        if args.plans:
            print("\nquery plans (EXPLAIN QUERY PLAN of every statement each query runs)")
            seen: set[str] = set()
            for name, statements in results:
                if name.startswith("open"):
                    continue
                print(f"\n== {name}")
                for sql in statements:
                    if not sql.lstrip().upper().startswith("SELECT"):
                        continue
                    short = " ".join(sql.split())
                    if short in seen:
                        print(f"  (same as above) {short[:70]}…")
                        continue
                    seen.add(short)
                    print(f"  {short[:150]}{'…' if len(short) > 150 else ''}")
                    for line in plan(journal, sql):
                        print(f"    {line}")
        journal.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
