"""What the largest routines coach accepts cost to start (issue 19 item 2).

    .venv/bin/python bench/limits.py [--runs 5] [--quick]

The loader's whole-routine limits (coach/routines/limits.py: 200 steps, 5,000 phases,
4 h; 8 h with cold or heat) promise that an accepted routine starts in about 100 ms and
100 MB at most. For each of the biggest routines the limits allow, this prints the
median of `--runs` runs of:

- load: the YAML text read and checked (limits included) into a Routine;
- plan: `build_plan` (a phase each rep, set, side and rest) and the engine's `Session`;
- start in the window: the session screen mounted headless and its first frame drawn
  (`App.run_test`; the plan is built there again), minus the same for a one-step
  routine, each the fastest of runs interleaved with the small one's (what the size
  costs, with as little of the machine's noise as can be);
- a tick: the session screen's `tick()` (engine update and redraw) mid-routine;
- memory: the peak of Python allocations while loading and planning (tracemalloc),
  and the process's peak RSS at the end (`ru_maxrss`, whole process, Textual included).

Targets: start = load + the larger of plan and the window's extra time ≤ 100 ms, peak
traced memory ≤ 100 MB. On a busy machine the window figure is noisy (it can come out
below zero); the plan's time is its floor.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from _quick import parse_with_quick  # beside this script

REPO = Path(__file__).resolve().parent.parent

_NOTE = "x" * 4000  # the longest a note may be
BIGGEST = {
    "5,000 phases in one step": (
        "name: Phases\nkind: core\ndefaults: {get_ready: 5s}\nsteps:\n"
        "  - {exercise: plank, reps: 500, sets: 5, hold: 1s, rep_rest: 1s, set_rest: 0s}\n"
    ),
    "200 steps, 4,000-character notes, ~5,000 phases": (
        "name: Steps\nkind: core\ndefaults: {rest: 1s}\nsteps:\n"
        + "  - {exercise: bird-dog, reps: 6, hold: 1s, rep_rest: 1s, per_side: true, "
        f"note: {_NOTE}}}\n" * 200
    ),
    "5,000 breathing phases": (
        "name: Breath\nkind: breathing\nsteps:\n"
        + "  - {breathe: {pattern: [1, 1, 1, 1], rounds: 200}}\n" * 6
        + "  - {breathe: {pattern: [1, 1, 1, 1], rounds: 49}}\n"
    ),
    "8 h of cold and heat": (
        "name: Packs\nkind: therapy\nsteps:\n"
        "  - therapy: {mode: cold, on: 20m, off: 2h, bouts: 3}\n"
        "  - therapy: {mode: heat, on: 20m, off: 30m, bouts: 2}\n"
    ),
}
SMALL = "name: Small\nkind: core\nsteps:\n  - {exercise: plank, hold: 10s}\n"


def median_ms(work: Callable[[], float], runs: int) -> float:
    return statistics.median(work() for _ in range(runs)) * 1000


def load_seconds(text: str) -> float:
    from coach.routines.library import load_library
    from coach.routines.loader import load_routine_text

    exercises = load_library().exercises
    started = time.perf_counter()
    load_routine_text(text, "big.yaml", exercises)
    return time.perf_counter() - started


def plan_seconds(text: str) -> float:
    from coach.clock import FakeClock
    from coach.routines.library import load_library
    from coach.routines.loader import load_routine_text
    from coach.session.engine import Session
    from coach.session.plan import build_plan

    routine = load_routine_text(text, "big.yaml", load_library().exercises)
    started = time.perf_counter()
    Session(build_plan(routine), FakeClock())
    return time.perf_counter() - started


def traced_peak_mb(text: str) -> float:
    from coach.clock import FakeClock
    from coach.routines.library import load_library
    from coach.routines.loader import load_routine_text
    from coach.session.engine import Session
    from coach.session.plan import build_plan

    exercises = load_library().exercises
    tracemalloc.start()
    Session(build_plan(load_routine_text(text, "big.yaml", exercises)), FakeClock())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def window_seconds(text: str) -> tuple[float, float]:
    """(seconds to the session screen's first frame, seconds of one tick mid-routine)."""
    from coach.clock import FakeClock
    from coach.routines.library import load_library
    from coach.routines.loader import load_routine_text
    from coach.tui.app import build_app
    from coach.tui.screens.session import SessionScreen

    sys.path.insert(0, str(REPO / "tests" / "support"))
    from fakes import FakeJournal, FakeLibrary, FakeSound

    routine = load_routine_text(text, "big.yaml", load_library().exercises)
    clock = FakeClock()
    app = build_app(
        library=FakeLibrary({routine.id: routine}),
        clock=clock,
        journal=FakeJournal(),
        sound=FakeSound(),
        start_routine=routine.id,
    )

    async def run() -> tuple[float, float]:
        started = time.perf_counter()
        async with app.run_test(size=(80, 24)) as pilot:
            while not isinstance(app.screen, SessionScreen):
                await pilot.pause()
            await pilot.pause()
            first_frame = time.perf_counter() - started
            screen = app.screen
            clock.advance(600)
            ticked = time.perf_counter()
            screen.tick()
            tick = time.perf_counter() - ticked
        return first_frame, tick

    return asyncio.run(run())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    args = parse_with_quick(parser, None, runs=1)
    sys.path.insert(0, str(REPO))
    from coach.routines.library import load_library
    from coach.routines.loader import load_routine_text
    from coach.routines.timing import estimated_seconds, phase_count

    exercises = load_library().exercises
    window_seconds(SMALL)  # warm-up: imports, styles
    print(f"medians of {args.runs} runs (window: the fastest of them)")
    worst_start, worst_memory = 0.0, 0.0
    for title, text in BIGGEST.items():
        routine = load_routine_text(text, "big.yaml", exercises)
        load = median_ms(lambda text=text: load_seconds(text), args.runs)
        plan = median_ms(lambda text=text: plan_seconds(text), args.runs)
        windows, small = [], []
        for _ in range(args.runs):  # interleaved, so a busy moment slows both alike
            windows.append(window_seconds(text))
            small.append(window_seconds(SMALL)[0])
        frame = (min(w[0] for w in windows) - min(small)) * 1000
        tick = statistics.median(w[1] for w in windows) * 1000
        peak = traced_peak_mb(text)
        # The window builds the plan too: its extra time is at least the plan's.
        start = load + max(plan, frame)
        worst_start, worst_memory = max(worst_start, start), max(worst_memory, peak)
        print(
            f"{title}: {phase_count(routine):,} phases, {estimated_seconds(routine) / 3600:.1f} h, "
            f"{len(text) / 1000:.0f} kB · load {load:.1f} ms · plan {plan:.1f} ms · "
            f"window +{frame:.0f} ms · start {start:.0f} ms · tick {tick:.1f} ms · "
            f"traced peak {peak:.1f} MB"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "ok" if worst_start <= 100 and worst_memory <= 100 else "OVER"
    if args.runs < 3:
        verdict = "no verdict from so few runs"
    print(
        f"worst start {worst_start:.0f} ms (target ≤ 100), worst traced peak "
        f"{worst_memory:.1f} MB (target ≤ 100); process peak RSS {rss:.0f} MB · {verdict}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
