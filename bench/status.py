"""What `coach status` costs a status bar: one run (target: well under 100 ms), and the CPU
a minute of a bar updating every second, polling `coach status` vs `coach status --follow`.

    .venv/bin/python bench/status.py [--runs 20] [--seconds 60]

Times the whole process (interpreter start-up included), in a throwaway HOME
with a state file and a held daemon lock, as a status bar would see it. The bar's
minute: a new `coach status` process every second, against one `--follow` process
that prints when its line changes (here once a minute: the countdown).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _quick import parse_with_quick  # beside this script

TARGET_MS = 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0, help="the bar's minute")
    args = parse_with_quick(parser, None, runs=2, seconds=3.0)

    home = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_RUNTIME_DIR": str(home / "run"),
    }
    (home / "run").mkdir(parents=True)
    os.environ.update(env)  # so the state and lock below land in the throwaway HOME
    from coach.reminders.locks import InstanceLock, daemon_lock_path
    from coach.reminders.state import ReminderState, write_state

    now = datetime.now(UTC)
    try:  # a journal with a little history, as a real user has
        from coach.history.journal import Journal

        journal = Journal()
        journal.log_water(1000, now)
        journal.close()
    except ImportError:
        pass
    coach = shutil.which("coach") or ""
    command = [coach, "status"] if coach else [sys.executable, "-m", "coach", "status"]
    print(f"command: {' '.join(command)}")

    def measure(label: str) -> None:
        timings, cpu = [], []
        output = ""
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            timings.append((time.perf_counter() - started) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
            output = result.stdout.strip()
        median = statistics.median(timings)
        verdict = "within" if median < TARGET_MS else "OVER"
        print(
            f"{label}: median {median:.0f} ms, min {min(timings):.0f} ms, "
            f"max {max(timings):.0f} ms over {args.runs} runs "
            f"({verdict} the {TARGET_MS:.0f} ms target); CPU median "
            f"{statistics.median(cpu):.0f} ms -> {output}"
        )

    # The usual case: a daemon runs and its state file carries today's figures.
    today = now.astimezone().date().isoformat()
    write_state(
        ReminderState(
            "daemon",
            1,
            now,
            now + timedelta(minutes=23),
            None,
            2000,
            250,
            day=today,
            water_ml=1000,
            streak_days=4,
        )
    )
    with InstanceLock(daemon_lock_path()):
        measure("coach status, daemon running")
        bar_minute(command, env, args.seconds)
    # Nothing runs: status opens the journal itself.
    measure("coach status, nothing running (reads the journal)")

    baseline = []
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        baseline.append((time.perf_counter() - started) * 1000)
    print(
        f"bare `python -c pass`: median {statistics.median(baseline):.0f} ms, "
        f"min {min(baseline):.0f} ms (the floor)"
    )
    return 0


def cpu_of(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def bar_minute(command: list[str], env: dict[str, str], seconds: float) -> None:
    """CPU a minute of a bar updating every second: polling vs --follow, side by side."""
    follower = subprocess.Popen([*command, "--follow"], env=env, stdout=subprocess.PIPE, text=True)
    assert follower.stdout is not None
    follower.stdout.readline()  # up and printing
    follow_start = cpu_of(follower.pid)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.monotonic()
    polls = 0
    while time.monotonic() - began < seconds:
        subprocess.run(command, env=env, capture_output=True, check=True)
        polls += 1
        time.sleep(max(0.0, began + polls - time.monotonic()))
    elapsed = time.monotonic() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    follow_cpu = cpu_of(follower.pid) - follow_start
    follower.terminate()
    follower.wait(5)
    poll_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    per_minute = 60 / elapsed
    polling, following = poll_cpu * per_minute, follow_cpu * per_minute
    print(
        f"a bar updating every second, CPU a minute: polling `coach status` "
        f"{polling * 1000:.0f} ms ({polls} runs in {elapsed:.0f} s) vs `--follow` "
        f"{following * 1000:.0f} ms (one process)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
