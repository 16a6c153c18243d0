"""Faults keep what was done: a full disk, a read-only data folder, kill -9 mid-session and
a history from a newer coach. Each keeps what was done, says what happened in one line and
never shows a traceback.

The disk faults are real: a small tmpfs mounted as the data folder (root only; elsewhere
they are skipped, and tests/session/test_recording.py covers the same rules on a fake).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fakes import FakeLibrary
from history_helpers import python
from tui_support import SIZE, advance, screen_text, text_of

from coach import paths
from coach.cli import main
from coach.clock import FakeClock
from coach.history.journal import Journal
from coach.tui.app import build_app
from coach.tui.screens.summary import SummaryScreen


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A 400 kB tmpfs as the data folder (XDG_DATA_HOME)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    monkeypatch.setenv("XDG_DATA_HOME", str(mount))
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Take every free byte of the disk; returns the file to remove to free it again."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    with contextlib.suppress(OSError):
        while True:
            os.write(descriptor, b"x" * 4096)
    os.close(descriptor)
    return filler


def remount(disk: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(disk)], check=True)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def today() -> datetime:
    return datetime.now().astimezone()


def history(clock: FakeClock) -> Journal:
    journal = Journal()
    journal.acknowledge_safety(clock.now())
    return journal


async def run_short_session(pilot, app, clock: FakeClock, *, before_bird_dog=None) -> None:
    """The short test routine to its summary: cat cow held, then the rest."""
    await pilot.press("3", "enter")  # pain before
    await advance(pilot, clock, 10.1)  # the cat cow hold, done
    if before_bird_dog is not None:
        before_bird_dog()
    await pilot.press("space")  # bird dog done
    await pilot.press("right", "right")  # the breath, skipped
    await pilot.press("space")  # the drink
    await pilot.press("2", "enter")  # pain after: the end
    await pilot.pause()
    assert isinstance(app.screen, SummaryScreen)


# ----------------------------------------------------------------------------- a full disk


async def test_a_full_disk_mid_session_keeps_what_was_done_and_says_what_was_not(
    small_disk: Path, clock: FakeClock, library: FakeLibrary
) -> None:
    journal = history(clock)
    app = build_app(library=library, clock=clock, journal=journal, start_routine="short")
    async with app.run_test(size=SIZE) as pilot:
        await run_short_session(pilot, app, clock, before_bird_dog=lambda: fill(small_disk))
        line = text_of(app, "#saved")
        assert line.startswith("Saved to your history, except")
        assert "the disk is full" in line and "\n" not in line
        assert "Saved to your history." not in screen_text(app)
    journal.close()
    (small_disk / "filler").unlink()
    with Journal() as after:
        (row,) = after._read("SELECT status, steps_done FROM sessions")
        assert row == ("running", 1)  # the check-in and cat cow were kept; the end never came


async def test_a_disk_that_frees_up_before_the_end_loses_nothing(
    small_disk: Path, clock: FakeClock, library: FakeLibrary
) -> None:
    journal = history(clock)
    app = build_app(library=library, clock=clock, journal=journal, start_routine="short")
    filler: list[Path] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter")
        await advance(pilot, clock, 10.1)
        filler.append(fill(small_disk))
        await pilot.press("space")  # bird dog: cannot be written now
        filler[0].unlink()  # the disk has room again
        await pilot.press("right", "right", "space", "2", "enter")
        await pilot.pause()
        assert text_of(app, "#saved") == "Saved to your history."
    row = journal.session(1)
    assert row is not None and (row.status, row.steps_done, row.steps_skipped) == (
        "completed",
        2,  # cat cow and bird dog (the one written late)
        1,  # the breath
    )
    assert journal.water_on(clock.now().date()) == 250
    journal.close()


def test_commands_on_a_full_disk_say_so_in_one_line(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "drink", "100ml")
    filler = fill(small_disk)
    code, out, err = run(capsys, "drink")
    assert code == 2 and out == "" and err.count("\n") == 1 and "disk" in err and "full" in err
    code, out, _ = run(capsys, "status")
    assert code == 0 and "water 0.1/2.0 L" in out  # what it holds, not 0
    code, out, err = run(capsys, "stats", "--json")
    assert json.loads(out)["today"]["water_ml"] == 100 and "full" in err
    code, out, _ = run(capsys, "doctor")
    assert "-- database" in out
    filler.unlink()
    code, out, _ = run(capsys, "drink")
    assert code == 0 and "Today: 350 ml" in out  # the 100 ml before were kept


# ----------------------------------------------------------------------------- read-only


def test_a_read_only_data_folder_shows_the_history_and_writes_nothing(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "drink", "100ml")
    remount(small_disk, "ro")
    code, out, err = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["today"]["water_ml"] == 100
    assert err.count("\n") == 1 and "read-only" in err
    code, out, err = run(capsys, "drink")
    assert code == 2 and out == "" and err.count("\n") == 1 and "read-only" in err
    code, out, _ = run(capsys, "status")
    assert code == 0 and "water 0.1/2.0 L" in out
    code, out, _ = run(capsys, "doctor")
    assert "-- database" in out and "read-only" in out
    remount(small_disk, "rw")
    code, out, _ = run(capsys, "drink")
    assert code == 0 and "Today: 350 ml" in out


async def test_the_window_on_a_read_only_folder_runs_a_session_and_says_not_saved(
    small_disk: Path, clock: FakeClock, library: FakeLibrary
) -> None:
    history(clock).close()
    remount(small_disk, "ro")
    journal = Journal()
    assert journal.read_only is not None
    app = build_app(
        library=library,
        clock=clock,
        journal=journal,
        start_routine="short",
        notices=journal.notices,
    )
    async with app.run_test(size=SIZE) as pilot:
        await run_short_session(pilot, app, clock)
        line = text_of(app, "#saved")
        assert line.startswith("Not saved to your history") and "read-only" in line
    journal.close()


# ----------------------------------------------------------------------------- kill -9

SESSION_THEN_HANG = """
import sys, time
from coach.clock import FakeClock
from coach.history.journal import Journal
from coach.session.engine import Session
from coach.session.plan import build_plan
from coach.session.recording import SessionRecorder
sys.path.insert(0, "tests/support")
from fakes import short_routine

clock = FakeClock()
journal = Journal()
session = Session(build_plan(short_routine()), clock)
SessionRecorder(session, journal).attach()
session.start()
session.check_in(4)
clock.advance(10)
session.update()  # cat cow done
clock.advance(9)
for _ in range(3):
    session.count_rep()  # bird dog done
print("two steps", flush=True)
time.sleep(120)  # mid-session: the test kills us here
"""


def test_kill_9_mid_session_keeps_the_steps_and_says_so_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    child = python(SESSION_THEN_HANG)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "two steps", (
            child.stderr.read() if child.stderr else ""
        )
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    code, out, err = run(capsys, "history", "--json", "--days", "3650")
    assert code == 0
    (session,) = json.loads(out)["sessions"]
    assert session["status"] == "interrupted" and session["steps_done"] == 2
    assert err.count("\n") == 1
    assert "stopped without an end" in err and "the 2 steps done are kept" in err
    _, _, err = run(capsys, "history")
    assert err == ""  # said once


# ----------------------------------------------------------------------------- newer coach


async def test_the_window_on_a_newer_coachs_history_shows_it_and_saves_nothing(
    clock: FakeClock, library: FakeLibrary
) -> None:
    history(clock).close()
    conn = sqlite3.connect(paths.database_file())
    conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    conn.execute("UPDATE settings SET value = '9.9' WHERE key = 'coach_version'")
    conn.commit()
    conn.close()
    journal = Journal(repair=True)
    app = build_app(
        library=library,
        clock=clock,
        journal=journal,
        start_routine="short",
        notices=journal.notices,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said[:1] == journal.notices  # the one line, as the window opens
        assert "coach 9.9" in said[0] and "read-only" in said[0]
        await run_short_session(pilot, app, clock)
        line = text_of(app, "#saved")
        assert line.startswith("Not saved to your history (nor the 250 ml of water): ")
        assert line.endswith(
            "written by coach 9.9, and this coach only reads it (update coach to record again)."
        )
    journal.close()
    assert sorted(p.name for p in paths.data_dir().glob("coach.db.*")) == []
