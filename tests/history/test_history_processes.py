"""Real processes: a session killed mid-way, and two writers at once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from history_helpers import python, steps_of

from coach.history.journal import Journal

SESSION_THEN_HANG = """
import sys, time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from coach.history.journal import Journal

journal = Journal(Path(sys.argv[1]))
start = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
session = journal.start_session("morning", "Morning", "stretch", 600, start)
for index in range(3):
    journal.record_step(session, index, f"step {index}", "done", 60,
                        start + timedelta(minutes=index + 1))
print(session, flush=True)
time.sleep(120)  # mid-session: the test kills us here
"""

WRITER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from coach.history.journal import Journal

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
sys.stdin.readline()  # start together
journal = Journal(path)
now = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
for n in range(count):
    journal.log_water(1 + n, now, source=name)
    if n % 10 == 0:
        journal.log_pain(n % 11, now, "manual")
journal.close()
print("done", flush=True)
"""


def test_a_session_killed_mid_way_keeps_its_steps_and_shows_interrupted(db_path: Path) -> None:
    child = python(SESSION_THEN_HANG, str(db_path))
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip(), child.stderr.read() if child.stderr else ""
        session_id = int(line)

        # While its process lives, the session is running, not interrupted.
        with Journal(db_path) as journal:
            live = journal.session(session_id)
            assert live is not None and live.status == "running"

        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    with Journal(db_path) as journal:
        session = journal.session(session_id)
        assert session is not None
        assert session.status == "interrupted"
        assert session.steps_done == 3
        assert session.active_seconds == 180
        start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        assert session.ended_at == start + timedelta(minutes=3)  # its last step
        assert [step.name for step in steps_of(journal, session_id)] == [
            "step 0",
            "step 1",
            "step 2",
        ]


def test_a_session_of_a_dead_process_from_a_reused_pid_is_interrupted(db_path: Path) -> None:
    # Our own pid, but a start time that is not ours: the pid was reused.
    with Journal(db_path) as journal:
        start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        session_id = journal.start_session("m", "M", "stretch", 60, start)
        journal._conn.execute(
            "UPDATE sessions SET owner = ? WHERE id = ?",
            (f"{socket.gethostname()}:{os.getpid()}:1", session_id),
        )
    with Journal(db_path) as journal:
        session = journal.session(session_id)
        assert session is not None and session.status == "interrupted"
        assert session.ended_at == start  # no step: it ended where it began


def test_two_processes_writing_at_once_lose_no_row(db_path: Path) -> None:
    count = 200
    writers = [
        python(WRITER, str(db_path), name, str(count), stdin=subprocess.PIPE)
        for name in ("tui", "daemon")
    ]
    try:
        for writer in writers:  # both open the brand-new file at the same moment
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        for writer in writers:
            out, err = writer.communicate(timeout=60)
            assert writer.returncode == 0, err
            assert out.strip() == "done"
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait()

    with Journal(db_path) as journal:
        rows = journal._conn.execute(
            "SELECT source, count(*), sum(ml) FROM water GROUP BY source ORDER BY source"
        ).fetchall()
        pain = journal._conn.execute("SELECT count(*) FROM pain").fetchone()[0]
    expected_sum = count * (count + 1) // 2
    assert rows == [("daemon", count, expected_sum), ("tui", count, expected_sum)]
    assert pain == 2 * (count // 10)
