"""How light is `coach remind`? Memory, CPU, wakeups and reminder lateness.

Starts `coach remind --every 2s --anytime` in a throwaway HOME, samples it from
/proc for N seconds, and prints one figure per line beside the peers' figures.

    .venv/bin/python bench/daemon.py               # 60 s
    .venv/bin/python bench/daemon.py --seconds 20
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

from _quick import parse_with_quick  # beside this script

PEERS = (
    "Workrave 41 MB / 80 ms CPU a minute; Safe Eyes 75 MB / 190 ms; "
    "Python+APScheduler+PyYAML floor 25 MB / 0 ms"
)
TARGET_MB = 40.0
LINE = re.compile(r"reminder (\w+) due=(\S+) fired=(\S+)")


def read_status(pid: int) -> dict[str, str]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def cpu_seconds(pid: int) -> float:
    """utime + stime of the whole process, from /proc/PID/stat."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    after_name = stat.rsplit(")", 1)[1].split()
    utime, stime = int(after_name[11]), int(after_name[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def voluntary_switches(pid: int) -> int:
    """Voluntary context switches summed over every thread: how often it went to sleep."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            status = (task / "status").read_text()
        except OSError:
            continue
        match = re.search(r"^voluntary_ctxt_switches:\s+(\d+)", status, re.MULTILINE)
        total += int(match.group(1)) if match else 0
    return total


def kb(text: str) -> float:
    return int(text.split()[0]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to sample")
    parser.add_argument("--every", default="2s", help="the reminder interval to run with")
    args = parse_with_quick(parser, None, seconds=3.0, every="1s")

    home = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "PYTHONUNBUFFERED": "1",
    }
    (home / "run").mkdir(parents=True)
    started_at = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "coach", "remind", "--every", args.every, "--anytime"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line.rstrip("\n"))
            if "started" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(30):
        process.kill()
        print("coach remind did not start:\n" + "\n".join(lines), file=sys.stderr)
        return 1
    startup = time.monotonic() - started_at
    pid = process.pid
    cpu_start, switches_start = cpu_seconds(pid), voluntary_switches(pid)
    window_start = time.monotonic()
    rss_samples = []
    while time.monotonic() - window_start < args.seconds:
        if process.poll() is not None:
            print("coach remind exited early:\n" + "\n".join(lines), file=sys.stderr)
            return 1
        rss_samples.append(kb(read_status(pid)["VmRSS"]))
        time.sleep(1)
    elapsed = time.monotonic() - window_start
    status = read_status(pid)
    cpu_used = cpu_seconds(pid) - cpu_start
    switches = voluntary_switches(pid) - switches_start
    threads = int(status["Threads"])
    process.send_signal(signal.SIGTERM)
    exit_code = process.wait(10)

    lateness_ms = []
    for line in lines:
        match = LINE.search(line)
        if match:
            due, fired = datetime.fromisoformat(match[2]), datetime.fromisoformat(match[3])
            lateness_ms.append((fired - due).total_seconds() * 1000)

    per_minute = 60 / elapsed
    rss = kb(status["VmRSS"])
    hwm = kb(status["VmHWM"])
    print(f"sampled: {elapsed:.0f} s of `coach remind --every {args.every} --anytime`")
    print(f"start-up to first log line: {startup * 1000:.0f} ms")
    print(f"RSS now: {rss:.1f} MB (median {statistics.median(rss_samples):.1f} MB)")
    verdict = "within" if hwm < TARGET_MB else "OVER"
    print(f"RSS peak (VmHWM): {hwm:.1f} MB ({verdict} the {TARGET_MB:.0f} MB target)")
    cpu_ms = cpu_used * 1000
    print(f"CPU: {cpu_ms:.0f} ms in {elapsed:.0f} s = {cpu_ms * per_minute:.0f} ms a minute")
    print(
        f"wakeups (voluntary context switches): {switches} = {switches * per_minute:.0f} a minute"
    )
    print(f"threads: {threads}")
    if lateness_ms:
        print(
            f"reminders: {len(lateness_ms)}; lateness due→fired: median "
            f"{statistics.median(lateness_ms):.1f} ms, max {max(lateness_ms):.1f} ms"
        )
    else:
        print("reminders: none seen")
    print(f"exit status after SIGTERM: {exit_code}")
    print(f"peers: {PEERS}")
    return 0 if exit_code == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
