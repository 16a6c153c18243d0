"""How light is `coach remind`? Memory, CPU and wakeups beside the bare floor, and lateness.

Three processes (four with dbus-daemon) side by side in one run, each in its own
throwaway HOME, sampled from /proc over the same N seconds:

- the floor: a bare Python + APScheduler + PyYAML process (an AsyncIOScheduler with one
  job a day away), the least any such daemon can cost;
- `coach remind` outside working hours (working days set to a day that is not today):
  what it costs most of the week; issue 17's targets are ≤ 1 context switch a minute
  and ≤ 27 MB RSS. With nothing due for hours it sleeps as a small process
  (coach.reminders.sleeper, same pid) until shortly before the next reminder;
- `coach remind --every 2s --anytime`: reminding all the time, for the lateness of
  reminders (due → fired);
- where `dbus-daemon` is installed, `coach remind` outside working hours once more with
  a bus standing in for the system bus (DBUS_SYSTEM_BUS_ADDRESS): what a desktop with
  systemd-logind costs, where the daemon listens for the sleep signal through dbus-fast.

    .venv/bin/python bench/daemon.py               # 60 s
    .venv/bin/python bench/daemon.py --seconds 20
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from _quick import parse_with_quick  # beside this script

PEERS = "Workrave 41 MB / 80 ms CPU / ~720 switches a minute; Safe Eyes 75 MB / 190 ms / ~255"
TARGET_MB = 27.0
TARGET_SWITCHES = 1.0
LINE = re.compile(r"reminder (\w+) due=(\S+) fired=(\S+)")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

FLOOR = """
import asyncio, yaml
from datetime import UTC, datetime, timedelta
from apscheduler.schedulers.asyncio import AsyncIOScheduler

async def main():
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.start()
    async def job():
        pass
    scheduler.add_job(job, "date", run_date=datetime.now(UTC) + timedelta(days=1))
    print("started", flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
"""


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


def switches(pid: int) -> int:
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


def mb(text: str) -> float:
    return int(text.split()[0]) / 1024


def private_bus() -> tuple[subprocess.Popen[str], str] | None:
    """A private dbus-daemon and its address (None without dbus-daemon): it stands in
    for the system bus, so the daemon subscribes to logind's sleep signal as on a desktop."""
    if shutil.which("dbus-daemon") is None:
        return None
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    if not address:
        bus.kill()
        return None
    return bus, address


def idle_home(prefix: str) -> dict[str, str]:
    """A throwaway HOME whose working days leave out today: the daemon is outside hours."""
    home, env = home_env(prefix)
    other_day = DAYS[(datetime.now().weekday() + 3) % 7]
    config = home / ".config" / "coach" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(f"work:\n  days: [{other_day}]\n")
    return env


def home_env(prefix: str) -> tuple[Path, dict[str, str]]:
    home = Path(tempfile.mkdtemp(prefix=prefix))
    (home / "run").mkdir(parents=True)
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
    return home, env


@dataclass
class Sampled:
    label: str
    command: list[str]
    env: dict[str, str]
    process: subprocess.Popen[str] | None = None
    lines: list[str] = field(default_factory=list)
    startup: float = 0.0
    rss: list[float] = field(default_factory=list)
    cpu: float = 0.0
    switches: int = 0
    threads: int = 0
    hwm: float = 0.0

    def start(self) -> None:
        ready = threading.Event()
        began = time.monotonic()
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

        def read() -> None:
            assert self.process is not None and self.process.stdout is not None
            for line in self.process.stdout:
                self.lines.append(line.rstrip("\n"))
                if "started" in line:
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(30):
            self.process.kill()
            raise SystemExit(f"{self.label} did not start:\n" + "\n".join(self.lines))
        self.startup = time.monotonic() - began

    def begin(self) -> None:
        assert self.process is not None
        time.sleep(1.0)  # let start-up settle: what is measured is the idle process
        self._cpu0, self._switches0 = cpu_seconds(self.process.pid), switches(self.process.pid)

    def sample(self) -> None:
        assert self.process is not None
        if self.process.poll() is not None:
            raise SystemExit(f"{self.label} exited early:\n" + "\n".join(self.lines))
        self.rss.append(mb(read_status(self.process.pid)["VmRSS"]))

    def end(self) -> int:
        assert self.process is not None
        pid = self.process.pid
        status = read_status(pid)
        self.cpu = cpu_seconds(pid) - self._cpu0
        self.switches = switches(pid) - self._switches0
        self.threads = int(status["Threads"])
        self.hwm = mb(status["VmHWM"])
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to sample")
    parser.add_argument("--every", default="2s", help="the busy daemon's reminder interval")
    args = parse_with_quick(parser, None, seconds=3.0, every="1s")

    _, floor_env = home_env("coach-bench-floor-")
    idle_env = idle_home("coach-bench-idle-")
    idle_env.pop("DBUS_SYSTEM_BUS_ADDRESS", None)  # no system bus: what the target is for
    _, busy_env = home_env("coach-bench-busy-")
    coach = [sys.executable, "-m", "coach", "remind"]
    runs = [
        Sampled("floor (Python + APScheduler + PyYAML)", [sys.executable, "-c", FLOOR], floor_env),
        Sampled("coach remind, outside working hours", coach, idle_env),
        Sampled(
            f"coach remind --every {args.every} --anytime",
            [*coach, "--every", args.every, "--anytime"],
            busy_env,
        ),
    ]
    bus = private_bus()
    if bus is not None:
        desktop_env = {**idle_home("coach-bench-desktop-"), "DBUS_SYSTEM_BUS_ADDRESS": bus[1]}
        runs.append(Sampled("coach remind, outside hours, system bus", coach, desktop_env))
    for run in runs:
        run.start()
    for run in runs:
        run.begin()
    began = time.monotonic()
    while time.monotonic() - began < args.seconds:
        for run in runs:
            run.sample()
        time.sleep(1)
    elapsed = time.monotonic() - began
    # The floor has no SIGTERM handler: it dies of it (-15), which is fine.
    codes = [
        0 if code == -signal.SIGTERM and run is runs[0] else code
        for run in runs
        for code in [run.end()]
    ]
    if bus is not None:
        bus[0].terminate()
        bus[0].wait(10)
    per_minute = 60 / elapsed

    print(f"sampled: {elapsed:.0f} s, the {len(runs)} processes side by side")
    width = max(len(run.label) for run in runs)
    heads = f"{'RSS median':>10}  {'peak':>6}  {'CPU/min':>8}  {'switches/min':>12}"
    print(f"{'':{width}}  {heads}  threads  start-up")
    for run in runs:
        print(
            f"{run.label:{width}}  {statistics.median(run.rss):7.1f} MB  {run.hwm:4.1f} MB"
            f"  {run.cpu * 1000 * per_minute:5.0f} ms  {run.switches * per_minute:12.1f}"
            f"  {run.threads:7d}  {run.startup * 1000:5.0f} ms"
        )
    floor, idle, busy = runs[:3]
    idle_rss = statistics.median(idle.rss)
    idle_switches = idle.switches * per_minute
    over_floor = idle_rss - statistics.median(floor.rss)
    rss_verdict = "within" if idle_rss <= TARGET_MB else "OVER"
    switch_verdict = "within" if idle_switches <= TARGET_SWITCHES else "OVER"
    print(
        f"outside working hours: {idle_rss:.1f} MB RSS, {abs(over_floor):.1f} MB"
        f" {'over' if over_floor >= 0 else 'under'} the floor ({rss_verdict} the"
        f" {TARGET_MB:.0f} MB target); {idle_switches:.1f} switches a minute"
        f" ({switch_verdict} the target of {TARGET_SWITCHES:.0f})"
    )
    asleep = [line for line in idle.lines if "sleeping as a small process" in line]
    if asleep:
        print("it went to sleep: " + asleep[0].split("coach remind: ", 1)[1])
    woken = [line for line in idle.lines if "woken by:" in line]
    if woken:
        print("woken by:" + woken[0].split("woken by:", 1)[1])
    for desktop in runs[3:]:
        woken = [line for line in desktop.lines if "woken by:" in line]
        print(
            f"with a system bus (a desktop): {statistics.median(desktop.rss):.1f} MB RSS, "
            f"{desktop.switches * per_minute:.1f} switches a minute; woken by:"
            + (woken[0].split("woken by:", 1)[1] if woken else " ?")
        )
    lateness_ms = []
    for line in busy.lines:
        match = LINE.search(line)
        if match:
            due, fired = datetime.fromisoformat(match[2]), datetime.fromisoformat(match[3])
            lateness_ms.append((fired - due).total_seconds() * 1000)
    if lateness_ms:
        print(
            f"reminders while busy: {len(lateness_ms)}; lateness due→fired: median "
            f"{statistics.median(lateness_ms):.1f} ms, max {max(lateness_ms):.1f} ms"
        )
    else:
        print("reminders while busy: none seen")
    # Memory that grows with every reminder would show here, over a long enough run.
    print(
        f"while busy, RSS from the first sample to the last: {busy.rss[0]:.1f} → "
        f"{busy.rss[-1]:.1f} MB over {elapsed:.0f} s ({len(lateness_ms)} reminders)"
    )
    print(f"exit status after SIGTERM: {', '.join(str(code) for code in codes)}")
    print(f"peers: {PEERS}")
    return 0 if not any(codes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
