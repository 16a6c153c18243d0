from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from coach.clock import FakeClock
from coach.history.journal import Journal
from coach.routines.model import (
    Dose,
    Exercise,
    ExerciseStep,
    Kind,
    Progression,
    RestStep,
    Routine,
)
from coach.session.progression import (
    ProgressHistory,
    apply_progression,
    history_for_routine,
    periods_earned,
    progress_for_show,
    progressed_dose,
)

START = date(2026, 3, 2)
PLANK = Exercise("plank", "Front plank", "core", ("Body straight",))


def hold_step(hold: float = 40, pain_below: int | None = 4) -> ExerciseStep:
    rule = Progression("hold", step=5, every_days=7, maximum=60, pain_below=pain_below)
    return ExerciseStep(PLANK, Dose(hold=hold, sets=3), progression=rule)


@pytest.mark.parametrize(
    ("days_since_start", "expected"),
    [(0, 0), (6, 0), (7, 1), (13, 1), (14, 2), (70, 10)],
)
def test_periods_earned_counts_full_periods(days_since_start: int, expected: int) -> None:
    today = START + timedelta(days=days_since_start)
    assert periods_earned(START, today, 7, {}, 4) == expected


def test_a_painful_period_earns_nothing() -> None:
    pain = {START + timedelta(days=9): 5}  # inside the second week
    assert periods_earned(START, START + timedelta(days=21), 7, pain, 4) == 2
    assert periods_earned(START, START + timedelta(days=21), 7, pain, None) == 3


@pytest.mark.parametrize(
    ("worst_pain", "pain_below", "earned"),
    [
        (None, 4, 1),  # no pain logged in the week
        (3, 4, 1),
        (4, 4, 0),  # reaching the threshold stops growth: "while pain stays below 4"
        (5, 4, 0),
        (None, 1, 1),  # a day without a check-in counts as no pain
        (0, 1, 1),
        (1, 1, 0),
        (9, None, 1),  # no threshold: pain never stops it
    ],
)
def test_a_period_earns_only_while_pain_stays_below_the_threshold(
    worst_pain: int | None, pain_below: int | None, earned: int
) -> None:
    pain = {} if worst_pain is None else {START + timedelta(days=3): worst_pain}
    assert periods_earned(START, START + timedelta(days=7), 7, pain, pain_below) == earned


def test_no_history_means_the_base_dose() -> None:
    result = progressed_dose(hold_step(), ProgressHistory(None, {}), START)
    assert result.dose.hold == 40
    assert result.note == ""


def test_hold_grows_and_is_capped() -> None:
    history = ProgressHistory(START, {})
    week_one = progressed_dose(hold_step(), history, START + timedelta(days=7))
    assert week_one.dose.hold == 45
    assert week_one.note == "45s — up from 40s"
    much_later = progressed_dose(hold_step(), history, START + timedelta(days=365))
    assert much_later.dose.hold == 60


def test_reps_grow_per_set_in_a_pyramid_which_keeps_its_shape() -> None:
    """Every set grows alike and the largest stops at the max: 6-4-2 never flattens into
    10-10-10 (it used to: each set was capped on its own)."""
    rule = Progression("reps", step=1, every_days=7, maximum=8, pain_below=None)
    step = ExerciseStep(PLANK, Dose(hold=10, pyramid=(6, 4, 2)), progression=rule)
    history = ProgressHistory(START, {})
    result = progressed_dose(step, history, START + timedelta(days=14))
    assert result.dose.pyramid == (8, 6, 4)
    assert result.note == "8-6-4 reps — up from 6-4-2"
    forever = progressed_dose(step, history, START + timedelta(days=3650))
    assert forever.dose.pyramid == (8, 6, 4)


HOLDS_THEN_REPS = Progression("hold", 5, 14, 30, 4, then=Progression("reps", 1, 14, 5, 4))


def test_holds_grow_first_then_reps() -> None:
    step = ExerciseStep(PLANK, Dose(hold=20, reps=3), progression=HOLDS_THEN_REPS)
    history = ProgressHistory(START, {})

    def dose_after(days: int) -> tuple[float | None, int | None]:
        dose = progressed_dose(step, history, START + timedelta(days=days)).dose
        return dose.hold, dose.reps

    assert dose_after(13) == (20, 3)
    assert dose_after(14) == (25, 3)
    assert dose_after(28) == (30, 3)  # the hold is at its ceiling
    assert dose_after(41) == (30, 3)
    assert dose_after(42) == (30, 4)  # the reps' first period began on day 28
    assert dose_after(56) == (30, 5)
    assert dose_after(3650) == (30, 5)
    note = progressed_dose(step, history, START + timedelta(days=42)).note
    assert note == "30s, 4 reps — up from 20s, 3 reps"


def test_the_second_stage_waits_for_the_first_to_reach_its_ceiling() -> None:
    step = ExerciseStep(PLANK, Dose(hold=20, reps=3), progression=HOLDS_THEN_REPS)
    painful = {START + timedelta(days=15): 5}  # the second hold period earns nothing
    history = ProgressHistory(START, painful)
    dose = progressed_dose(step, history, START + timedelta(days=42)).dose
    assert (dose.hold, dose.reps) == (30, 3)  # the hold reached 30 s only on day 42
    dose = progressed_dose(step, history, START + timedelta(days=56)).dose
    assert (dose.hold, dose.reps) == (30, 4)


def test_a_hold_already_at_its_ceiling_starts_the_reps_at_once() -> None:
    step = ExerciseStep(PLANK, Dose(hold=30, reps=3), progression=HOLDS_THEN_REPS)
    dose = progressed_dose(step, ProgressHistory(START, {}), START + timedelta(days=14)).dose
    assert (dose.hold, dose.reps) == (30, 4)


def test_apply_progression_returns_notes_by_step_index() -> None:
    routine = Routine("r", "R", Kind.CORE, steps=(hold_step(),))
    progressed, notes = apply_progression(
        routine, ProgressHistory(START, {}), START + timedelta(days=14)
    )
    assert progressed.steps[0].dose.hold == 50  # type: ignore[union-attr]
    assert notes == {0: "50s — up from 40s"}


# --------------------------------------------------------------------------- from the journal


def test_weeks_without_practice_earn_nothing() -> None:
    done = frozenset({START, START + timedelta(days=8)})  # weeks 1 and 2, then a break
    assert periods_earned(START, START + timedelta(days=70), 7, {}, 4, done) == 2
    history = ProgressHistory(START, {}, done)
    assert progressed_dose(hold_step(), history, START + timedelta(days=70)).dose.hold == 50


def _session(
    journal: Journal,
    routine_id: str,
    day: date,
    *,
    status: str = "completed",
    pain: tuple[int | None, int | None] = (None, None),
) -> None:
    at = datetime.combine(day, time(9, 0)).astimezone()
    session = journal.start_session(routine_id, routine_id, "core", 600, at)
    if status != "quit":  # a session quit before any step did nothing
        journal.record_step(session, 0, "Plank", "done", 600, at + timedelta(minutes=10))
    journal.finish_session(
        session,
        ended_at=at + timedelta(minutes=10),
        status=status,  # type: ignore[arg-type]
        active_seconds=0 if status == "quit" else 600,
        pain_before=pain[0],
        pain_after=pain[1],
    )


def test_history_for_routine_reads_practice_days_and_pain(tmp_path: Path) -> None:
    with Journal(tmp_path / "coach.db") as journal:
        _session(journal, "other", START - timedelta(days=30))  # another routine: ignored
        _session(journal, "core", START - timedelta(days=3), status="quit")  # nothing done
        _session(journal, "core", START, pain=(2, 1))
        _session(journal, "core", START + timedelta(days=9), pain=(3, 5))
        _session(journal, "core", START + timedelta(days=40))  # after today: ignored
        journal.log_pain(
            1, datetime.combine(START - timedelta(days=10), time(8)).astimezone(), "manual"
        )
        history = history_for_routine(journal, "core", START + timedelta(days=21))
        empty = history_for_routine(journal, "never-done", START)
    assert history.first_done == START
    assert history.done_days == {START, START + timedelta(days=9)}
    assert history.pain_by_day == {START: 2, START + timedelta(days=9): 5}
    assert empty == ProgressHistory(None, {}, frozenset())


def _core_routine() -> Routine:
    return Routine("core", "Core", Kind.CORE, steps=(hold_step(), RestStep(10)))


def test_progress_for_show_grows_the_dose_from_the_journal(tmp_path: Path) -> None:
    database = tmp_path / "coach.db"
    with Journal(database) as journal:
        for week in range(3):
            _session(journal, "core", START + timedelta(days=7 * week), pain=(1, 2))
    clock = FakeClock(datetime.combine(START + timedelta(days=21), time(10)))
    routine, notes = progress_for_show(_core_routine(), clock, database=database)
    assert notes == {0: "55s — up from 40s"}
    assert routine.steps[0].dose.hold == 55  # type: ignore[union-attr]


def test_progress_for_show_without_history_touches_nothing(tmp_path: Path) -> None:
    database = tmp_path / "coach.db"
    routine = _core_routine()
    assert progress_for_show(routine, FakeClock(), database=database) == (routine, {})
    assert not database.exists()  # no history is created just to show a routine


def test_progress_for_show_ignores_routines_without_rules(tmp_path: Path) -> None:
    database = tmp_path / "not-a-database"
    database.write_text("garbage")
    routine = Routine("r", "R", Kind.CORE, steps=(RestStep(10),))
    assert progress_for_show(routine, FakeClock(), database=database) == (routine, {})
    assert database.read_text() == "garbage"  # never opened
