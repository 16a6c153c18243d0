"""The TUI's start-up and key figures, measured in a real pseudo-terminal.

    .venv/bin/python bench/tui_bench.py [--runs 15] [--keys 40]

- time to first frame: from spawning the process until its first screen has been
  written to the terminal (a word of that screen appears in the output), for
  `coach` (the home screen) beside a bare Textual hello-world app in the same run,
  interleaved;                                                        target ≤ 1.3×
- keypress to repaint: on coach's home screen, from writing a key (down / up) to the
  pty until the last byte of the repaint it causes;                   target ≤ 50 ms

`bench/startup.py` prints the same figures beside its own (it imports this module).
Every process runs in a throwaway HOME, at 80×24, with TERM=xterm-256color.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _quick import parse_with_quick  # beside this script

REPO = Path(__file__).resolve().parent.parent
HELLO_WORLD = """\
from textual.app import App
from textual.widgets import Label


class Hello(App):
    def compose(self):
        yield Label("Hello, world")


Hello().run()
"""
SIZE = (80, 24)
QUIET = 0.1  # s without output that ends a repaint
TARGET_RATIO = 1.3
TARGET_KEY_SECONDS = 0.050


def venv_python() -> str:
    candidate = REPO / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def coach_argv() -> list[str]:
    script = Path(venv_python()).parent / "coach"
    return [str(script)] if script.exists() else [venv_python(), "-m", "coach"]


def hello_argv() -> list[str]:
    return [venv_python(), "-c", HELLO_WORLD]


def bench_env(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TERM": "xterm-256color",
        "COLUMNS": str(SIZE[0]),
        "LINES": str(SIZE[1]),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TEXTUAL", None)  # no devtools
    skip_first_run(home)
    return env


def skip_first_run(home: Path) -> None:
    """The benched user has acknowledged the first-run safety screen: home opens."""
    from datetime import datetime

    from coach.history.journal import Journal

    database = home / ".local/share" / "coach" / "coach.db"  # paths.database_file() there
    database.parent.mkdir(parents=True, exist_ok=True)
    with Journal(database) as journal:
        if journal.safety_acknowledged_at() is None:
            journal.acknowledge_safety(datetime.now().astimezone())


class Terminal:
    """A process on the slave side of a pty; we read and write the master side."""

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        columns, lines = SIZE
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.output = b""

    def read(self, timeout: float) -> tuple[bytes, float]:
        """Bytes written within `timeout`, and when the last of them arrived."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b"", time.perf_counter()
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the process is gone
            return b"", time.perf_counter()
        self.output += data
        return data, time.perf_counter()

    def wait_for(self, marker: bytes, timeout: float = 20.0) -> float:
        """Seconds from spawn until `marker` has been written."""
        deadline = time.perf_counter() + timeout
        while marker not in self.output:
            if time.perf_counter() > deadline:
                tail = self.output[-400:]
                raise SystemExit(f"no {marker!r} within {timeout} s; last output: {tail!r}")
            _, at = self.read(0.5)
            if marker in self.output:
                return at - self.started
        return time.perf_counter() - self.started

    def settle(self) -> None:
        """Read until the program has been quiet for a while."""
        while True:
            data, _ = self.read(QUIET * 3)
            if not data:
                return

    def key_to_repaint(self, key: bytes, timeout: float = 2.0) -> float:
        """Seconds from writing `key` until the last byte of the repaint it causes."""
        self.settle()
        sent = time.perf_counter()
        os.write(self.master, key)
        last = None
        deadline = sent + timeout
        while time.perf_counter() < deadline:
            data, at = self.read(QUIET)
            if data:
                last = at
            elif last is not None:
                return last - sent
        raise SystemExit(f"no repaint within {timeout} s after {key!r}")

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.master)


def first_frame_seconds(argv: Sequence[str], marker: str, env: dict[str, str]) -> float:
    terminal = Terminal(argv, env)
    try:
        return terminal.wait_for(marker.encode())
    finally:
        terminal.close()


def coach_first_frame(env: dict[str, str]) -> float:
    return first_frame_seconds(coach_argv(), "Routines", env)


def hello_first_frame(env: dict[str, str]) -> float:
    return first_frame_seconds(hello_argv(), "Hello, world", env)


def key_latencies(env: dict[str, str], presses: int) -> list[float]:
    """Keypress-to-repaint times on coach's home screen (down and up in turn)."""
    terminal = Terminal(coach_argv(), env)
    try:
        terminal.wait_for(b"Routines")
        keys = (b"\x1b[B", b"\x1b[A")  # down, up: the highlight and the details change
        return [terminal.key_to_repaint(keys[n % 2]) for n in range(presses)]
    finally:
        terminal.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="first-frame runs of each app")
    parser.add_argument("--keys", type=int, default=40, help="keypresses timed")
    args = parse_with_quick(parser, argv, runs=1, keys=3)
    home = Path(tempfile.mkdtemp(prefix="coach-bench-tui-"))
    try:
        env = bench_env(home)
        coach_first_frame(env)  # warm the page cache, .pyc files and the history file
        hello_first_frame(env)
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(args.runs):
            theirs.append(hello_first_frame(env))
            ours.append(coach_first_frame(env))
        coach_median, hello_median = statistics.median(ours), statistics.median(theirs)
        ratio = coach_median / hello_median
        verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
        print(f"python: {venv_python()} · {os.cpu_count()} CPUs · medians of {args.runs} runs")
        print(
            f"coach: time to first frame: {coach_median * 1000:.1f} ms  (baseline Textual "
            f"hello world: {hello_median * 1000:.1f} ms; {ratio:.2f}×, target ≤ "
            f"{TARGET_RATIO:g}×)  {verdict}"
        )
        latencies = key_latencies(env, args.keys)
        median = statistics.median(latencies)
        worst = max(latencies)
        verdict = "ok" if median <= TARGET_KEY_SECONDS else "MISSED"
        print(
            f"coach: keypress to repaint: median {median * 1000:.1f} ms, max "
            f"{worst * 1000:.1f} ms over {len(latencies)} keys  (target ≤ "
            f"{TARGET_KEY_SECONDS * 1000:.0f} ms)  {verdict}"
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())


def figures(home: Path, figure: Any, in_process: Any) -> list[Any]:
    """These figures as `bench/startup.py` prints them (its Figure and InProcess types)."""
    env = bench_env(home)
    keys_per_run = 10
    return [
        figure(
            "coach: time to first frame (home screen, in a pty)",
            in_process(lambda: coach_first_frame(env)),
            "Textual hello world: first frame",
            in_process(lambda: hello_first_frame(env)),
            TARGET_RATIO,
        ),
        figure(
            f"coach: keypress to repaint (median of {keys_per_run} keys on the home screen)",
            in_process(lambda: statistics.median(key_latencies(env, keys_per_run))),
            max_seconds=TARGET_KEY_SECONDS,
            runs=5,
        ),
    ]
