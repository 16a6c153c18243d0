"""build_plan: a routine flattened into phases."""

from __future__ import annotations

import pytest
from engine_helpers import NO_EXTRAS, breathing, exercise, routine, therapy

from coach.routines.model import (
    ESTIMATED_SECONDS_PER_REP,
    CheckInStep,
    Defaults,
    HydrationStep,
    RestStep,
    Routine,
    Side,
)
from coach.routines.timing import BOUT_END_SECONDS, THERAPY_GET_READY
from coach.session.plan import PhaseKind, build_plan

K = PhaseKind


def kinds(plan_routine: Routine) -> list[PhaseKind]:
    return [p.kind for p in build_plan(plan_routine).phases]


def test_held_reps_per_side_with_sets_rep_rest_and_switch() -> None:
    defaults = Defaults(get_ready=5, rest=0, set_rest=30, switch_sides=4)
    step = exercise(hold=10, reps=2, sets=2, per_side=True, rep_rest=3, set_rest=15)
    plan = build_plan(routine(step, defaults=defaults))
    half = [K.WORK, K.REST, K.WORK, K.REST, K.WORK, K.REST, K.WORK]
    assert [p.kind for p in plan.phases] == [K.GET_READY, *half, K.SWITCH_SIDES, *half]
    seconds = [p.seconds for p in plan.phases]
    assert seconds == [5, 10, 3, 10, 15, 10, 3, 10, 4, 10, 3, 10, 15, 10, 3, 10]
    work = [p for p in plan.phases if p.kind is K.WORK]
    assert [p.side for p in work] == [Side.LEFT] * 4 + [Side.RIGHT] * 4
    assert [(p.set_number, p.rep_number) for p in work[:4]] == [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert all(p.sets == 2 and p.reps == 2 for p in work)
    assert work[3].detail == "Left side · set 2 of 2 · rep 2 of 2 · hold 10 s"
    assert plan.phases[8].title == "Switch sides"
    assert plan.phases[8].detail == "Now the right side"
    assert plan.phases[8].side is Side.RIGHT
    assert plan.phases[4].detail == "Left side · next: set 2 of 2 · 2 reps"
    assert [p.index for p in plan.phases] == list(range(len(plan.phases)))
    assert plan.planned_seconds == sum(seconds)


def test_detail_reads_like_the_contract_example() -> None:
    plan = build_plan(routine(exercise(hold=10, reps=6, sets=3)))
    fourth_of_second_set = [p for p in plan.phases if p.set_number == 2][3]
    assert fourth_of_second_set.detail == "Set 2 of 3 · rep 4 of 6 · hold 10 s"
    assert fourth_of_second_set.title == "Bird-dog"


def test_plain_hold_is_one_work_phase_per_set_with_the_routine_set_rest() -> None:
    defaults = Defaults(get_ready=0, rest=0, set_rest=20, switch_sides=0)
    plan = build_plan(routine(exercise(hold=30, sets=3), defaults=defaults))
    assert [(p.kind, p.seconds) for p in plan.phases] == [
        (K.WORK, 30),
        (K.REST, 20),
        (K.WORK, 30),
        (K.REST, 20),
        (K.WORK, 30),
    ]
    assert plan.phases[0].detail == "Set 1 of 3"  # the countdown says the time
    single = build_plan(routine(exercise(hold=90)))
    assert single.phases[0].detail == ""  # no "hold 1 min 30 s": a walk is not a hold


def test_reps_without_a_hold_wait_for_the_user_once_per_set() -> None:
    plan = build_plan(routine(exercise(reps=10, sets=2, set_rest=5)))
    assert [(p.kind, p.seconds, p.reps) for p in plan.phases] == [
        (K.WORK, None, 10),
        (K.REST, 5, None),
        (K.WORK, None, 10),
    ]
    assert plan.phases[0].detail == "Set 1 of 2 · 10 reps · press space when done"
    assert plan.planned_seconds == 5
    assert plan.estimated_seconds == 5 + 2 * 10 * ESTIMATED_SECONDS_PER_REP


def test_pyramid_sets_count_down_reps() -> None:
    plan = build_plan(routine(exercise(hold=8, pyramid=(3, 2, 1), set_rest=30)))
    work = [p for p in plan.phases if p.kind is K.WORK]
    assert [(p.set_number, p.rep_number, p.reps) for p in work] == [
        (1, 1, 3),
        (1, 2, 3),
        (1, 3, 3),
        (2, 1, 2),
        (2, 2, 2),
        (3, 1, 1),
    ]
    assert kinds(routine(exercise(hold=8, pyramid=(3, 2, 1), set_rest=30))).count(K.REST) == 2


def test_get_ready_comes_before_the_first_physical_step_and_belongs_to_it() -> None:
    steps = (CheckInStep("before"), exercise(hold=10), CheckInStep("after"))
    plan = build_plan(routine(*steps, defaults=Defaults(get_ready=5, rest=0)))
    assert [(p.kind, p.step_index) for p in plan.phases] == [
        (K.CHECK_IN, 0),
        (K.GET_READY, 1),
        (K.WORK, 1),
        (K.CHECK_IN, 2),
    ]
    assert plan.phases[1].inserted and plan.phases[1].detail == "Next: Bird-dog"
    no_get_ready = build_plan(routine(*steps, defaults=Defaults(get_ready=0, rest=0)))
    assert K.GET_READY not in [p.kind for p in no_get_ready.phases]


def test_rest_between_steps_skips_rests_check_ins_and_the_end() -> None:
    steps = (
        exercise("One", hold=10),
        exercise("Two", hold=10),
        RestStep(30),
        exercise("Three", hold=10),
        CheckInStep("after"),
        HydrationStep(250),
        exercise("Four", hold=10),
    )
    plan = build_plan(routine(*steps, defaults=Defaults(get_ready=0, rest=8)))
    assert [(p.kind, p.step_index, p.seconds) for p in plan.phases] == [
        (K.WORK, 0, 10),
        (K.REST, 1, 8),  # between One and Two, lead-in of Two
        (K.WORK, 1, 10),
        (K.REST, 2, 30),  # the rest step itself, no extra rest around it
        (K.WORK, 3, 10),
        (K.CHECK_IN, 4, None),
        (K.DRINK, 5, None),
        (K.REST, 6, 8),
        (K.WORK, 6, 10),
    ]
    assert plan.phases[1].detail == "Next: Two"
    assert plan.phases[1].inserted and not plan.phases[3].inserted


def test_get_ready_replaces_the_step_rest_and_a_zero_get_ready_keeps_it() -> None:
    steps = (HydrationStep(250), exercise(hold=10))
    with_get_ready = build_plan(routine(*steps, defaults=Defaults(get_ready=5, rest=8)))
    assert [p.kind for p in with_get_ready.phases] == [K.DRINK, K.GET_READY, K.WORK]
    without = build_plan(routine(*steps, defaults=Defaults(get_ready=0, rest=8)))
    assert [p.kind for p in without.phases] == [K.DRINK, K.REST, K.WORK]


def test_breathing_leaves_out_zero_holds() -> None:
    plan = build_plan(routine(breathing(4, 7, 8, 0, rounds=2)))
    assert [(p.kind, p.seconds, p.round_number) for p in plan.phases] == [
        (K.INHALE, 4, 1),
        (K.HOLD_IN, 7, 1),
        (K.EXHALE, 8, 1),
        (K.INHALE, 4, 2),
        (K.HOLD_IN, 7, 2),
        (K.EXHALE, 8, 2),
    ]
    assert [p.title for p in plan.phases[:3]] == ["Breathe in", "Hold", "Breathe out"]
    assert plan.phases[3].detail == "Round 2 of 2"
    box = build_plan(routine(breathing(4, 4, 4, 4, rounds=1)))
    assert [p.kind for p in box.phases] == [K.INHALE, K.HOLD_IN, K.EXHALE, K.HOLD_OUT]


def test_each_bout_waits_for_the_pack_and_ends_by_taking_it_off() -> None:
    # Issue 14: the bout starts when the user says the pack is on, and "Take the pack off."
    # ends every bout (the off-period between bouts, a short one after the last).
    plan = build_plan(routine(therapy(on=900, off=1200, bouts=2)))
    assert [(p.kind, p.seconds) for p in plan.phases] == [
        (K.PACK_ON, None),
        (K.THERAPY_ON, 900),
        (K.THERAPY_OFF, 1200),
        (K.PACK_ON, None),
        (K.THERAPY_ON, 900),
        (K.THERAPY_OFF, BOUT_END_SECONDS),
    ]
    assert plan.phases[0].title == "Put the cold pack on"
    assert plan.phases[0].detail == "Bout 1 of 2 · press Enter when it is on"
    assert plan.phases[1].title == "Cold pack"
    assert plan.phases[1].detail == "Bout 1 of 2 · cold"
    assert plan.phases[2].title == plan.phases[5].title == "Take the pack off."
    assert all(p.inserted for p in plan.phases if p.kind is not K.THERAPY_ON)


def test_a_therapy_step_first_gets_time_to_fetch_the_pack() -> None:
    defaults = Defaults(get_ready=10, rest=0, set_rest=0, switch_sides=0)
    plan = build_plan(routine(therapy(on=900, off=0, bouts=1), defaults=defaults))
    assert (plan.phases[0].kind, plan.phases[0].seconds) == (K.GET_READY, THERAPY_GET_READY)
    exercise_first = build_plan(routine(exercise(hold=10), defaults=defaults))
    assert exercise_first.phases[0].seconds == 10


def test_drink_and_check_in_wait_for_the_user() -> None:
    plan = build_plan(routine(HydrationStep(250), CheckInStep("after")))
    drink, check_in = plan.phases
    assert drink.kind is K.DRINK and drink.seconds is None
    assert drink.detail == "250 ml · press space when done"
    assert check_in.kind is K.CHECK_IN and check_in.seconds is None
    assert "0 = no pain" in check_in.detail
    assert plan.planned_seconds == 0
    assert plan.estimated_seconds > 0


def test_a_step_with_nothing_to_do_is_refused() -> None:
    with pytest.raises(ValueError, match="nothing to do"):
        build_plan(routine(breathing(rounds=0)))


def test_empty_routine_has_an_empty_plan() -> None:
    plan = build_plan(routine())
    assert plan.phases == () and plan.planned_seconds == 0


def test_routine_defaults_only_apply_when_positive() -> None:
    plan = build_plan(routine(exercise(hold=10, sets=2, per_side=True), defaults=NO_EXTRAS))
    assert [p.kind for p in plan.phases] == [K.WORK] * 4
