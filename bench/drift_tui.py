"""Drift bench, with the real Textual app: does a session end on time under a busy UI?

Runs `bench/drift.py`'s routine of many short phases (default 200 phases, 60 s) through
three drivers at once, on the real clock:

- `app`: the real coach app (build_app → SessionScreen, its one timer armed from
  `Session.next_wakeup()`), headless, with a busy UI: a timer on the same event loop
  stalls it for 0–10 ms on half of every 20 ms;
- `engine` and `naive`: drift.py's bare engine loop and tick-counting countdown.

and prints, per driver, the end-time error (when the end was seen minus the plan) and
the per-phase jitter. Target for the app: end error ≤ 20 ms.

    .venv/bin/python bench/drift_tui.py               # 60 s
    .venv/bin/python bench/drift_tui.py --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _quick import parse_with_quick  # beside this script

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import drift

from coach.clock import SystemClock
from coach.errors import CoachError
from coach.routines.model import Kind, Routine
from coach.session.events import Event, EventKind
from coach.session.plan import Plan

UI_LOAD_EVERY = 0.020  # s between stalls of the busy UI


class OneRoutine:
    """A library holding just the bench routine."""

    def __init__(self, routine: Routine) -> None:
        self.routines = {routine.id: routine}
        self.problems: list[object] = []
        self.exercises: dict[str, object] = {}

    def get(self, routine_id: str) -> Routine:
        if routine_id not in self.routines:
            raise CoachError(f"unknown routine {routine_id!r}")
        return self.routines[routine_id]

    def by_kind(self) -> dict[Kind, list[Routine]]:
        return {r.kind: [r] for r in self.routines.values()}


def app_driver(busy: drift.Busy) -> drift.Driver:
    """The real app, headless, on the system clock, with `busy` stalling its event loop."""

    def drive(plan: Plan, probe: drift.Probe) -> None:
        from coach.tui.app import CoachApp, build_app
        from coach.tui.screens.session import SessionScreen

        class ProbedApp(CoachApp):
            def on_mount(self) -> None:
                self.set_interval(UI_LOAD_EVERY, busy.stall, name="busy-ui")
                super().on_mount()

            def session_screen(self, routine: Routine, **options: Any) -> SessionScreen:
                screen = super().session_screen(routine, **options)
                session = screen.session

                def watch(event: Event) -> None:
                    if event.kind is EventKind.PHASE_STARTED and event.phase is not None:
                        if event.phase.index == 0:
                            probe.begin()
                        probe.phase_seen(event.phase.index)
                    elif event.kind is EventKind.SESSION_DONE:
                        started, ended = session.started_monotonic, session.ended_monotonic
                        assert started is not None and ended is not None
                        probe.end_seen(engine_end=ended - started)
                        self.call_later(self.exit)

                session.subscribe(watch)
                return screen

        app = build_app(
            library=OneRoutine(plan.routine),
            clock=SystemClock(),
            start_routine=plan.routine.id,
            freeze_gc=True,  # as `coach run` does
            app_class=ProbedApp,
        )
        asyncio.run(app.run_async(headless=True, size=(80, 24)))
        if app.return_code:  # the app crashed (its traceback is above): say so, loudly
            raise RuntimeError(f"the app exited with status {app.return_code}")

    return drive


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="routine length (60)")
    parser.add_argument("--phases", type=int, default=200, help="phases, a multiple of 10")
    parser.add_argument("--busy-ms", type=float, default=10.0, help="longest UI stall (10)")
    parser.add_argument("--busy-chance", type=float, default=0.5, help="share of stalls (0.5)")
    parser.add_argument("--seed", type=int, default=1)
    args = parse_with_quick(parser, argv, seconds=2.0, phases=20)
    plan = drift.drift_plan(args.seconds, args.phases)
    busy = drift.Busy(args.busy_ms, args.busy_chance, args.seed)
    drivers: dict[str, drift.Driver] = {
        "app": app_driver(busy),
        "engine": drift.engine_driver(drift.Busy(args.busy_ms, args.busy_chance, args.seed + 1)),
        "naive": drift.naive_driver(drift.Busy(args.busy_ms, args.busy_chance, args.seed + 2)),
    }
    probes = drift.run_drivers(plan, drivers)
    print(drift.report(plan, probes, busy))
    print(f"app: UI stalls every {UI_LOAD_EVERY * 1000:g} ms on the app's own event loop")
    return 0


if __name__ == "__main__":
    sys.exit(main())
