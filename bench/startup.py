"""How fast coach starts and reads routines, each figure beside its baseline.

    .venv/bin/python bench/startup.py [--runs 15] [--files 1000]

Prints one line per figure: the median wall time of the whole process (interpreter
start-up included), the baseline's median beside it, the ratio and the target:

- `coach --version`          vs `python -c pass`                   target ≤ 3×
- `coach list`               vs `python -c "import yaml, argparse"` target ≤ 1.5×
  (steady state: the listing comes from its cache; a second line times the run
  that rebuilds the cache after a routine file changed)
- `coach validate`           vs the same baseline                  (reported)
- loading and validating 1,000 generated routine files, in process  target < 1 s
  (and, for comparison, with the pure-Python YAML loader)

Every process runs in a throwaway HOME (XDG folders inside it), so the user's own
routines do not change the figures. Runs are interleaved (baseline, command,
baseline, …) so a busy machine slows both alike.

To add a figure (e.g. the TUI's time to first frame), append a `Figure` to
`figures()`: either a `Process` (an argv timed from spawn to exit) or an
`InProcess` (a function returning seconds), with the baseline to print beside it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from _quick import parse_with_quick  # beside this script

REPO = Path(__file__).resolve().parent.parent


def venv_python() -> str:
    candidate = REPO / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def coach_command() -> list[str]:
    script = Path(venv_python()).parent / "coach"
    if script.exists():
        return [str(script)]
    return [venv_python(), "-m", "coach"]


@dataclass(frozen=True)
class Process:
    """A command timed from spawn to exit."""

    argv: Sequence[str]
    before: Callable[[dict[str, str]], None] | None = None  # untimed, before each run

    def run_once(self, env: dict[str, str]) -> float:
        if self.before is not None:
            self.before(env)
        started = time.perf_counter()
        result = subprocess.run(
            list(self.argv), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        elapsed = time.perf_counter() - started
        if result.returncode not in (0, 2):
            raise SystemExit(f"{' '.join(self.argv)} failed: {result.stderr.decode()[-500:]}")
        return elapsed


@dataclass(frozen=True)
class InProcess:
    """A function that does the work once and returns the seconds it took."""

    work: Callable[[], float]

    def run_once(self, env: dict[str, str]) -> float:
        return self.work()


Timed = Process | InProcess


@dataclass(frozen=True)
class Figure:
    name: str
    timed: Timed
    baseline_name: str = ""
    baseline: Timed | None = None
    max_ratio: float | None = None  # target: at most this many times the baseline
    max_seconds: float | None = None  # target: at most this long
    runs: int | None = None  # default: --runs


def figures(args: argparse.Namespace, home: Path) -> list[Figure]:
    python = venv_python()
    coach = coach_command()
    bare = Process([python, "-c", "pass"])
    yaml_argparse = Process([python, "-c", "import yaml, argparse"])
    routines = generated_routines(home / "generated", args.files)
    return [
        Figure("coach --version", Process([*coach, "--version"]), "python -c pass", bare, 3.0),
        Figure(
            "coach list",
            Process([*coach, "list"]),
            "python -c 'import yaml, argparse'",
            yaml_argparse,
            1.5,
        ),
        Figure(
            "coach list, first run after a change (cache rebuilt)",
            Process([*coach, "list"], before=drop_list_cache),
            "python -c 'import yaml, argparse'",
            yaml_argparse,
        ),
        Figure(
            "coach validate",
            Process([*coach, "validate"]),
            "python -c 'import yaml, argparse'",
            yaml_argparse,
        ),
        Figure(
            f"load + validate {args.files:,} routine files (libyaml)",
            InProcess(lambda: load_folder_seconds(routines, c_loader=True)),
            max_seconds=1.0,
            runs=5,
        ),
        Figure(
            f"load + validate {args.files:,} routine files (pure-Python YAML, for comparison)",
            InProcess(lambda: load_folder_seconds(routines, c_loader=False)),
            runs=1,
        ),
        *tui_figures(home, Figure, InProcess),  # bench/tui_bench.py: first frame, key latency
    ]


def tui_figures(home: Path, figure: type[Figure], in_process: type[InProcess]) -> list[Figure]:
    import tui_bench  # beside this script

    return tui_bench.figures(home, figure, in_process)


def drop_list_cache(env: dict[str, str]) -> None:
    """`coach list` caches its listing (coach/routines/catalog.py); this times a miss."""
    cache = Path(env["XDG_CACHE_HOME"]) / "coach" / "routine-list.json"
    cache.unlink(missing_ok=True)


# --------------------------------------------------------------------------- generated files

_VARIANTS = [
    """\
version: 1
name: Generated {n}
kind: core
description: A generated routine for the benchmark.
tags: [bench, core]
defaults: {{get_ready: 5s, rest: 10s, set_rest: 30s, switch_sides: 5s}}
steps:
  - check_in: before
  - exercise: cat-cow
    reps: {reps}
  - exercise: curl-up
    pyramid: [6, 4, 2]
    hold: 10s
    progression: {{reps: +1, every: 14d, max: 10, while_pain_below: 4}}
  - exercise: side-plank-knees
    hold: {hold}s
    per_side: true
  - exercise: bird-dog
    reps: 6
    hold: 8s
  - rest: 30s
  - exercise: plank
    name: Plank on knees
    hold: 20s
    sets: 3
  - check_in: after
""",
    """\
version: 1
name: Generated {n}
kind: mixed
defaults: {{get_ready: 3s}}
steps:
  - exercise: chin-tuck
    reps: {reps}
    hold: 3s
  - exercise: seated-twist
    hold: {hold}s
  - breathe: {{pattern: box, rounds: 4}}
  - breathe: {{pattern: 4-2-6-0, duration: 1m}}
  - drink: 250ml
  - therapy: {{mode: heat, on: 15m}}
  - exercise: walk
    hold: 1m
    note: Refill your water.
""",
]


def generated_routines(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        text = _VARIANTS[n % len(_VARIANTS)].format(n=n, reps=5 + n % 6, hold=10 + n % 20)
        (folder / f"generated-{n:04d}.yaml").write_text(text, encoding="utf-8")
    return folder


def load_folder_seconds(folder: Path, *, c_loader: bool) -> float:
    from coach import yamlsafe
    from coach.routines.library import builtin_dir, load_folder
    from coach.routines.loader import load_exercises_text

    exercises = load_exercises_text(
        (builtin_dir() / "exercises.yaml").read_text(encoding="utf-8"), "exercises.yaml"
    )
    saved = yamlsafe._Loader
    if not c_loader:
        yamlsafe._Loader = yamlsafe.PurePythonLoader
    try:
        started = time.perf_counter()
        routines, problems, _ = load_folder(folder, exercises, builtin=False)
        elapsed = time.perf_counter() - started
    finally:
        yamlsafe._Loader = saved
    if problems:
        raise SystemExit(f"generated routines failed to load: {problems[0]}")
    if not routines:
        raise SystemExit("no generated routines loaded")
    return elapsed


# --------------------------------------------------------------------------- running


def measure(figure: Figure, env: dict[str, str], runs: int) -> tuple[float, float | None]:
    ours: list[float] = []
    theirs: list[float] = []
    figure.timed.run_once(env)  # warm the page cache and the .pyc files
    if figure.baseline is not None:
        figure.baseline.run_once(env)
    for _ in range(runs if figure.runs is None else min(figure.runs, runs)):
        if figure.baseline is not None:
            theirs.append(figure.baseline.run_once(env))
        ours.append(figure.timed.run_once(env))
    return statistics.median(ours), (statistics.median(theirs) if theirs else None)


def line(figure: Figure, ours: float, baseline: float | None) -> str:
    text = f"{figure.name}: {ours * 1000:.1f} ms"
    verdicts: list[bool] = []
    if baseline is not None:
        ratio = ours / baseline
        text += f"  (baseline {figure.baseline_name}: {baseline * 1000:.1f} ms; {ratio:.2f}×"
        if figure.max_ratio is not None:
            text += f", target ≤ {figure.max_ratio:g}×"
            verdicts.append(ratio <= figure.max_ratio)
        text += ")"
    if figure.max_seconds is not None:
        text += f"  (target < {figure.max_seconds * 1000:.0f} ms)"
        verdicts.append(ours < figure.max_seconds)
    if verdicts:
        text += "  ok" if all(verdicts) else "  MISSED"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per process figure")
    parser.add_argument("--files", type=int, default=1000, help="generated routine files")
    args = parse_with_quick(parser, None, runs=1, files=20)
    home = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    try:
        env = {
            **os.environ,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "XDG_CACHE_HOME": str(home / ".cache"),
        }
        # Installed code runs from .pyc files; a shell that forbids writing them would
        # time the compiler on every run instead (the warm-up run writes them).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        print(f"python: {venv_python()} · {os.cpu_count()} CPUs · medians of {args.runs} runs")
        for figure in figures(args, home):
            ours, baseline = measure(figure, env, args.runs)
            print(line(figure, ours, baseline), flush=True)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
