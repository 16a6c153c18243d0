"""Drift bench: does a session end when its plan says, on the real clock, under a busy UI?

Runs a routine of many short phases (default 200 phases over 60 s) through:

- `engine`: the session engine on the system clock, with a loop that sleeps until
  `Session.next_wakeup()` and then, like a busy UI, sometimes stalls a few more milliseconds
  before calling `update()`;
- `naive`: a countdown that decrements a counter once per `sleep(1/N)` tick, with the same
  kind of stalls: what a timer that counts ticks does.

Both run at the same time (one thread each) and the script prints, per driver, the end-time
error (when the end was seen minus when the plan says) and the per-phase jitter (when each
phase was seen to start minus its planned start: mean and max). Target for the engine: end
error ≤ 20 ms.

    .venv/bin/python bench/drift.py                 # 60 s
    .venv/bin/python bench/drift.py --seconds 10

Importable: a new driver (e.g. the real Textual app, headless) is a function
`driver(plan, probe)` that starts the session, calls `probe.begin()` as it starts,
`probe.phase_seen(index)` when a phase is shown and `probe.end_seen()` when the end is; pass
it to `run_drivers()` beside `engine_driver()` and `naive_driver()`, then `report()`:

    sys.path.insert(0, "bench"); import drift
    plan = drift.drift_plan(seconds=60)
    runs = drift.run_drivers(plan, {"engine": drift.engine_driver(drift.Busy()), "app": my_driver})
    print(drift.report(plan, runs))
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from _quick import parse_with_quick  # beside this script

from coach.clock import SystemClock
from coach.routines.model import (
    BreathingStep,
    BreathPattern,
    Defaults,
    Dose,
    Exercise,
    ExerciseStep,
    Kind,
    RestStep,
    Routine,
    Step,
)
from coach.session.engine import Session
from coach.session.events import Event, EventKind
from coach.session.plan import Plan, build_plan

TARGET_END_ERROR = 0.020  # seconds

# Relative lengths of the ten phases of one block: 3 held reps with 2 rests between them,
# one breath (in, hold, out, hold) and a rest step.
_BLOCK_WEIGHTS = (8, 3, 8, 3, 8, 6, 5, 8, 3, 8)


def drift_plan(seconds: float = 60.0, phases: int = 200, ticks_per_second: int = 20) -> Plan:
    """A routine of `phases` short phases (a multiple of 10) lasting about `seconds`.

    Every phase lasts a whole number of naive ticks (at least one), so the naive countdown
    would be exact on an idle machine with a perfect sleep: its error is its own.
    """
    if phases < 10 or phases % 10:
        raise ValueError("phases must be a positive multiple of 10")
    if seconds * ticks_per_second < phases:
        shortest = phases / ticks_per_second
        raise ValueError(f"{phases} phases of at least one tick need {shortest:g} s or more")
    blocks = phases // 10
    block_ticks = seconds * ticks_per_second / blocks
    ticks = [max(1, round(w * block_ticks / sum(_BLOCK_WEIGHTS))) for w in _BLOCK_WEIGHTS]
    length = [t / ticks_per_second for t in ticks]
    hold, rep_rest, inhale, hold_in, exhale, hold_out, rest = (
        length[0],
        length[1],
        length[5],
        length[6],
        length[7],
        length[8],
        length[9],
    )
    reach = Exercise("reach", "Reach", "back", ("Slow and easy",))
    steps: list[Step] = []
    for _ in range(blocks):
        steps.append(ExerciseStep(reach, Dose(hold=hold, reps=3, rep_rest=rep_rest)))
        steps.append(BreathingStep(BreathPattern(inhale, hold_in, exhale, hold_out), rounds=1))
        steps.append(RestStep(rest))
    routine = Routine(
        "drift",
        "Drift bench",
        Kind.MIXED,
        tuple(steps),
        defaults=Defaults(get_ready=0, rest=0, set_rest=0, switch_sides=0),
    )
    plan = build_plan(routine)
    assert len(plan.phases) == phases
    return plan


@dataclass
class Busy:
    """A busy UI: on a share of wake-ups, stall for a random few milliseconds."""

    max_ms: float = 10.0
    chance: float = 0.5
    seed: int = 1

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def stall(self) -> None:
        if self.max_ms > 0 and self._random.random() < self.chance:
            time.sleep(self._random.uniform(0, self.max_ms) / 1000)


@dataclass
class Probe:
    """Where a driver reports what it shows, on the real monotonic clock."""

    name: str
    started: float = 0.0
    seen: dict[int, float] = field(default_factory=dict)  # phase index -> seconds after start
    end: float | None = None
    engine_end: float | None = None  # where the engine itself put the end, if it knows

    def begin(self) -> None:
        self.started = time.monotonic()

    def phase_seen(self, index: int) -> None:
        self.seen.setdefault(index, time.monotonic() - self.started)

    def end_seen(self, engine_end: float | None = None) -> None:
        self.end = time.monotonic() - self.started
        self.engine_end = engine_end


Driver = Callable[[Plan, Probe], None]


def engine_driver(busy: Busy) -> Driver:
    """The engine on the system clock, with one sleep per `next_wakeup()`."""

    def drive(plan: Plan, probe: Probe) -> None:
        session = Session(plan, SystemClock())

        def on_event(event: Event) -> None:
            if event.kind is EventKind.PHASE_STARTED and event.phase is not None:
                probe.phase_seen(event.phase.index)

        session.subscribe(on_event)
        probe.begin()
        session.start()
        while not session.finished:
            wait = session.next_wakeup()
            if wait is None:  # an untimed phase: the bench user answers at once
                session.confirm()
                continue
            time.sleep(wait)
            busy.stall()
            session.update()
        started, ended = session.started_monotonic, session.ended_monotonic
        assert started is not None and ended is not None
        probe.end_seen(engine_end=ended - started)

    return drive


def naive_driver(busy: Busy, ticks_per_second: int = 20) -> Driver:
    """Counts ticks: each phase lasts `seconds * N` sleeps of 1/N s, stalls and all."""

    def drive(plan: Plan, probe: Probe) -> None:
        tick = 1 / ticks_per_second
        probe.begin()
        for phase in plan.phases:
            probe.phase_seen(phase.index)
            counter = round((phase.seconds or 0) * ticks_per_second)
            while counter > 0:
                time.sleep(tick)
                busy.stall()
                counter -= 1
        probe.end_seen()

    return drive


def run_drivers(plan: Plan, drivers: Mapping[str, Driver], *, parallel: bool = True) -> list[Probe]:
    """Run each driver over the plan (side by side in threads, or one after the other).

    Raises DriverFailed, naming the driver, when one raises or does not see every phase
    and the end: a broken driver must not pass for a slow one.
    """
    probes = [Probe(name) for name in drivers]
    failures: dict[str, BaseException] = {}

    def run(driver: Driver, probe: Probe) -> None:
        try:
            driver(plan, probe)
        except BaseException as error:  # a thread's exception would only be printed
            failures[probe.name] = error

    jobs = [
        threading.Thread(target=run, args=(driver, probe), name=f"drift-{probe.name}")
        for probe, driver in zip(probes, drivers.values(), strict=True)
    ]
    if parallel:
        for job in jobs:
            job.start()
        for job in jobs:
            job.join()
    else:
        for job in jobs:
            job.start()
            job.join()
    for name, error in failures.items():
        raise DriverFailed(f"the {name} driver failed: {error!r}") from error
    for probe in probes:
        missed = [p.index for p in plan.phases if p.index not in probe.seen]
        if missed or probe.end is None:
            what = f"phases {missed[:5]}…" if missed else "the end"
            raise DriverFailed(f"the {probe.name} driver never reported {what}")
    return probes


class DriverFailed(RuntimeError):
    """A driver crashed or did not report the whole plan."""


@dataclass(frozen=True)
class Figures:
    end_error: float
    jitter_mean: float
    jitter_max: float
    engine_end_error: float | None


def figures(plan: Plan, probe: Probe) -> Figures:
    planned_starts: list[float] = []
    total = 0.0
    for phase in plan.phases:
        planned_starts.append(total)
        total += phase.seconds or 0.0
    jitter = [abs(probe.seen[p.index] - planned_starts[p.index]) for p in plan.phases]
    assert probe.end is not None, f"{probe.name} never reported its end"
    return Figures(
        end_error=probe.end - plan.planned_seconds,
        jitter_mean=statistics.fmean(jitter),
        jitter_max=max(jitter),
        engine_end_error=(
            probe.engine_end - plan.planned_seconds if probe.engine_end is not None else None
        ),
    )


def report(plan: Plan, probes: Sequence[Probe], busy: Busy | None = None) -> str:
    results = {probe.name: figures(plan, probe) for probe in probes}

    def row(label: str, values: Mapping[str, str], extra: str = "") -> str:
        cells = "  ".join(f"{name} {value:>10}" for name, value in values.items())
        return f"{label:<26}{cells}{('   ' + extra) if extra else ''}"

    def ms(value: float, signed: bool = False) -> str:
        return f"{value * 1000:+.2f}" if signed else f"{value * 1000:.2f}"

    lines = [
        f"drift: {len(plan.phases)} phases, {plan.planned_seconds:.2f} s planned"
        + (
            f", busy UI: 0-{busy.max_ms:g} ms stall on {busy.chance:.0%} of wake-ups"
            if busy and busy.max_ms > 0 and busy.chance > 0
            else ", idle UI"
        ),
        row(
            "end error (ms)",
            {n: ms(f.end_error, signed=True) for n, f in results.items()},
            f"target ≤ {TARGET_END_ERROR * 1000:g} ms",
        ),
        row("phase jitter mean (ms)", {n: ms(f.jitter_mean) for n, f in results.items()}),
        row("phase jitter max (ms)", {n: ms(f.jitter_max) for n, f in results.items()}),
    ]
    for name, result in results.items():
        if result.engine_end_error is not None:
            verdict = "ok" if abs(result.end_error) <= TARGET_END_ERROR else "MISSED"
            micros = round(result.engine_end_error * 1e6, 1) + 0.0  # no "-0.0"
            lines.append(
                f"{name}: deadline-chain end {micros:+.1f} µs"
                f" from plan; end seen within target: {verdict}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="routine length (60)")
    parser.add_argument("--phases", type=int, default=200, help="phases, a multiple of 10")
    parser.add_argument("--ticks", type=int, default=20, help="naive ticks per second (20)")
    parser.add_argument("--busy-ms", type=float, default=10.0, help="longest UI stall (10)")
    parser.add_argument("--busy-chance", type=float, default=0.5, help="share of stalls (0.5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--serial", action="store_true", help="one driver after the other")
    args = parse_with_quick(parser, argv, seconds=2.0, phases=20)

    try:
        plan = drift_plan(args.seconds, args.phases, args.ticks)
    except ValueError as error:
        parser.error(str(error))
    busy = Busy(args.busy_ms, args.busy_chance, args.seed)
    drivers: dict[str, Driver] = {
        "engine": engine_driver(busy),
        "naive": naive_driver(Busy(args.busy_ms, args.busy_chance, args.seed + 1), args.ticks),
    }
    probes = run_drivers(plan, drivers, parallel=not args.serial)
    print(report(plan, probes, busy))
    return 0


if __name__ == "__main__":
    sys.exit(main())
