"""A session with a moving figure, in a real pseudo-terminal: its CPU and its key latency.

    .venv/bin/python bench/session_figure.py [--seconds 10] [--keys 20]

`coach run` of a routine of paced cat–cows (the figure redrawn 8 times a second from the
engine's clock) beside one of a plank hold (the figure eases in, then holds still, the
countdown ticking once a second), each for `--seconds` after its first frame:

- CPU: the process's user + system time over that span, as a share of one core;
- keypress to repaint in the moving session: `m` (mute) written to the pty until its
  repaint shows "muted";                                              target ≤ 50 ms

Linux only (it reads /proc/PID/stat). Every process runs in a throwaway HOME, at 80×24.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _quick import parse_with_quick  # beside this script
from tui_bench import TARGET_KEY_SECONDS, Terminal, bench_env, coach_argv

MOVING = """\
version: 1
name: Figure bench moving
kind: core
defaults: {get_ready: 0s}
steps:
  - exercise: cat-cow
    reps: 200
    tempo: 3s
"""
STILL = """\
version: 1
name: Figure bench still
kind: core
defaults: {get_ready: 0s}
steps:
  - exercise: plank
    hold: 10m
    sets: 1
"""


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def drain(terminal: Terminal, seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        terminal.read(0.1)


def session_cpu(routine_id: str, env: dict[str, str], seconds: float) -> float:
    """The share of one core a `coach run` uses over `seconds` after its first frame."""
    terminal = Terminal([*coach_argv(), "run", routine_id], env)
    try:
        terminal.wait_for(b"Figure bench")
        drain(terminal, 1.0)  # past the first frames (a moving figure is never quiet)
        used, started = cpu_seconds(terminal.process.pid), time.perf_counter()
        drain(terminal, seconds)  # keep the pty drained, as a terminal would
        spent = time.perf_counter() - started
        return (cpu_seconds(terminal.process.pid) - used) / spent
    finally:
        terminal.close()


def moving_key_latencies(env: dict[str, str], presses: int) -> list[float]:
    """Keypress-to-repaint times while the figure moves (`m` mutes and unmutes)."""
    terminal = Terminal([*coach_argv(), "run", "figure-bench-moving"], env)
    try:
        terminal.wait_for(b"Figure bench")
        drain(terminal, 1.0)
        return [key_to_own_repaint(terminal) for _ in range(presses)]
    finally:
        terminal.close()


_ESCAPE = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def key_to_own_repaint(terminal: Terminal, timeout: float = 2.0) -> float:
    """From writing `m` (mute) to the repaint that shows "muted" in the top bar. The figure
    keeps writing frames, so the repaint is found by its word, not by silence; `m` again
    unmutes, untimed, for the next press."""
    terminal.output = b""
    sent = time.perf_counter()
    os.write(terminal.master, b"m")
    deadline = sent + timeout
    while time.perf_counter() < deadline:
        _, at = terminal.read(0.02)
        if b"muted" in _ESCAPE.sub(b"", terminal.output):
            os.write(terminal.master, b"m")
            drain(terminal, 0.3)
            return at - sent
    raise SystemExit(f"no repaint within {timeout} s after m")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of each session")
    parser.add_argument("--keys", type=int, default=20, help="keypresses timed")
    args = parse_with_quick(parser, argv, seconds=2.0, keys=3)
    if not Path("/proc/self/stat").exists():
        print("session_figure: needs /proc (Linux); skipped")
        return 0
    home = Path(tempfile.mkdtemp(prefix="coach-bench-figure-"))
    try:
        env = bench_env(home)
        routines = home / ".config" / "coach" / "routines"
        routines.mkdir(parents=True, exist_ok=True)
        (routines / "figure-bench-moving.yaml").write_text(MOVING, encoding="utf-8")
        (routines / "figure-bench-still.yaml").write_text(STILL, encoding="utf-8")
        moving = session_cpu("figure-bench-moving", env, args.seconds)
        still = session_cpu("figure-bench-still", env, args.seconds)
        print(f"python: {sys.executable} · {os.cpu_count()} CPUs · {args.seconds:g} s each")
        print(
            f"coach: CPU of a session with a moving figure (8 frames/s): {moving:.1%} of a "
            f"core  (a held pose and a countdown: {still:.1%})"
        )
        latencies = moving_key_latencies(env, args.keys)
        median = statistics.median(latencies)
        verdict = "ok" if median <= TARGET_KEY_SECONDS else "MISSED"
        print(
            f"coach: keypress to repaint with the figure moving: median {median * 1000:.1f} ms, "
            f"max {max(latencies) * 1000:.1f} ms over {len(latencies)} keys  (target ≤ "
            f"{TARGET_KEY_SECONDS * 1000:.0f} ms)  {verdict}"
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
