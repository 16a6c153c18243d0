"""Whole-routine limits (issue 19 item 2): steps, planned time and phases, checked at load
with a located message, counted by the engine's rules without building the plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from routines_helpers import LoadErrors, LoadText
from test_timing import routines as timing_routines

from coach.routines import format as fmt
from coach.routines.library import load_library
from coach.routines.limits import limit_problems, longest_allowed
from coach.routines.model import Routine
from coach.routines.timing import phase_count
from coach.session.plan import build_plan

LIBRARY = load_library()
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("routine_id", sorted(LIBRARY.routines))
def test_built_in_phase_counts_match_the_engine(routine_id: str) -> None:
    routine = LIBRARY.routines[routine_id]
    assert phase_count(routine) == len(build_plan(routine).phases)
    assert limit_problems(routine) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timing_routines())
def test_generated_phase_counts_match_the_engine(routine: Routine) -> None:
    assert phase_count(routine) == len(build_plan(routine).phases)


def steps(*lines: str, count: int = 1) -> str:
    return "name: N\nkind: core\nsteps:\n" + "".join(lines) * count


def test_too_many_phases_is_located_at_the_step_that_passes_the_limit(errors: LoadErrors) -> None:
    # Issue 19's step: 500 reps × 20 sets, each side, with a rest between reps.
    big = "  - {exercise: plank, reps: 500, sets: 20, hold: 1s, per_side: true, rep_rest: 1s}\n"
    found = errors(steps("  - rest: 5s\n", big))
    assert (
        "r.yaml:5:5: steps[1]: here the routine passes 5,000 parts (one per rep, set, side "
        "and rest), the most coach runs (in all it would have 40,001): use fewer reps or sets, "
        "or no rep_rest"
    ) in found


def test_a_routine_just_under_the_phase_limit_loads(load: LoadText) -> None:
    # A get-ready, then 2,500 reps held with a rest between each in a set: 4,996 phases.
    step = "  - {exercise: plank, reps: 500, sets: 5, hold: 1s, rep_rest: 1s, set_rest: 0s}\n"
    routine = load("name: N\nkind: core\ndefaults: {get_ready: 5s}\nsteps:\n" + step)
    assert phase_count(routine) == 1 + 5 * 999 == 4_996
    assert phase_count(routine) <= fmt.MAX_PHASES


def test_too_long_is_located_and_says_how_long(errors: LoadErrors) -> None:
    found = errors(steps("  - rest: 1h\n", count=5))
    assert found == [
        "r.yaml:8:5: steps[4]: here the routine passes 4 h, the most a routine may last "
        "(in all it would last about 5 h): make it shorter or split it"
    ]


def test_cold_and_heat_routines_may_last_longer(load: LoadText, errors: LoadErrors) -> None:
    bouts = "  - therapy: {mode: cold, on: 20m, off: 2h, bouts: 3}\n"  # 4 h 60 min
    routine = load(steps(bouts))
    assert longest_allowed(routine) == fmt.MAX_THERAPY_ROUTINE_SECONDS
    found = errors(steps(bouts, "  - rest: 4h\n"))
    assert "the most a routine (with cold or heat) may last" in found[0]


def test_too_many_steps_is_said_once_at_the_first_step_too_many(errors: LoadErrors) -> None:
    found = errors(steps("  - rest: 1s\n", count=fmt.MAX_STEPS + 5))
    assert found == [
        f"r.yaml:{4 + fmt.MAX_STEPS}:5: steps[{fmt.MAX_STEPS}]: a routine holds at most "
        f"{fmt.MAX_STEPS} steps, this one {fmt.MAX_STEPS + 5}: split it into several routines"
    ]


def test_issue_19s_four_kilobyte_file_is_refused_quickly(errors: LoadErrors) -> None:
    import time

    big = "  - {exercise: plank, reps: 500, sets: 20, hold: 1s, per_side: true, rep_rest: 1s}\n"
    text = steps(big, count=50)
    assert len(text) < 5_000
    started = time.perf_counter()
    found = errors(text)
    assert time.perf_counter() - started < 1.0  # no plan of 2 million phases is built
    assert any("here the routine passes 5,000 parts" in line for line in found)


def test_docs_state_the_limits_the_loader_checks() -> None:
    text = (REPO / "docs/routines.md").read_text(encoding="utf-8")
    limits = text.split("### Limits", 1)[1].split("\n## ", 1)[0]
    hours = fmt.MAX_ROUTINE_SECONDS / 3600
    therapy_hours = fmt.MAX_THERAPY_ROUTINE_SECONDS / 3600
    assert re.search(rf"at most {hours:g} hours", limits)
    assert re.search(rf"{therapy_hours:g} hours with a cold or heat step", limits)
    assert f"{fmt.MAX_STEPS} steps" in limits
    assert f"{fmt.MAX_PHASES:,} parts" in limits
