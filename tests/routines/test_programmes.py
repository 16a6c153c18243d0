"""Programmes over weeks (issue 15 item 4): the file kind, read with located errors, written
back, in the schema and the commands; the built-in six weeks of back care; and what a
programme says for today, from the start day and the history, on a fake clock."""

from __future__ import annotations

import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml

from coach import paths
from coach.cli import main
from coach.clock import FakeClock
from coach.errors import InvalidFile
from coach.history.calendar import local_day
from coach.history.journal import Journal
from coach.routines.library import load_library
from coach.routines.loader import LoadedProgramme, load_document_text, load_routine_text
from coach.routines.model import ExerciseStep
from coach.routines.programme_days import ProgrammeHistory, enrolment, programme_today, today_for
from coach.routines.programme_file import dump_programme, unknown_routines
from coach.routines.programmes import MoveOn, Programme, Stage
from coach.routines.schema import programme_schema, schema_json

REPO = Path(__file__).resolve().parents[2]
LIBRARY = load_library(Path("/nonexistent"))
BACK_CARE = LIBRARY.programmes["back-care-6-weeks"]
MONDAY = date(2026, 3, 2)


def load(text: str) -> Programme:
    document = load_document_text(textwrap.dedent(text), "p.yaml", LIBRARY.exercises)
    assert isinstance(document, LoadedProgramme)
    missing = unknown_routines("p.yaml", document.references, LIBRARY.routines)
    if missing is not None:
        raise missing
    return document.programme


def errors(text: str) -> list[str]:
    with pytest.raises(InvalidFile) as caught:
        load(text)
    return [str(error) for error in caught.value.errors]


# --------------------------------------------------------------------------- the built-in


def test_the_built_in_programme_is_six_weeks_of_sourced_routines() -> None:
    assert BACK_CARE.builtin and BACK_CARE.weeks == 6
    gentle, core, reps = BACK_CARE.stages
    assert [s.weeks for s in BACK_CARE.stages] == [2, 2, 2]
    # Weeks 1-2: gentle mobility and breathing only.
    kinds = {LIBRARY.routines[r].kind.value for r in gentle.routine_ids}
    assert kinds == {"stretch", "breathing"}
    # Weeks 3-4: McGill's core (curl-up, side plank, bird-dog) at its starting doses.
    mcgill = {"curl-up", "side-plank-knees", "bird-dog"}
    core_ids = [r for r in core.routine_ids if LIBRARY.routines[r].kind.value == "core"]
    assert core_ids == ["core-strength"]
    exercises = {
        s.exercise.id
        for s in LIBRARY.routines["core-strength"].steps
        if isinstance(s, ExerciseStep)
    }
    assert mcgill <= exercises
    # Weeks 5-6: the core work grows by reps (its progressions), never by longer holds.
    for routine_id in reps.routine_ids:
        for step in LIBRARY.routines[routine_id].steps:
            if isinstance(step, ExerciseStep) and step.exercise.id in mcgill:
                assert step.progression is None or step.progression.field == "reps"
    assert all(stage.move_on == MoveOn(8, True) for stage in BACK_CARE.stages)
    assert LIBRARY.problems == []


def test_the_built_in_file_points_at_its_schema_and_validates() -> None:
    path = REPO / "routines/back-care-6-weeks.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=programme.schema.json"
    assert (path.parent / "programme.schema.json").read_text() == schema_json("programme")
    assert (REPO / "docs/schema/programme.schema.json").read_text() == schema_json("programme")
    validator = jsonschema.Draft202012Validator(programme_schema())
    assert list(validator.iter_errors(yaml.safe_load(text))) == []


# --------------------------------------------------------------------------- today


def history(done: dict[str, list[date]] | None = None, pain: dict[date, int] | None = None):  # type: ignore[no-untyped-def]
    return ProgrammeHistory({k: frozenset(v) for k, v in (done or {}).items()}, pain or {})


def every_day(first: date, days: int, routine: str = "morning-mobility") -> dict[str, list[date]]:
    return {routine: [first + timedelta(days=n) for n in range(days)]}


def test_before_the_start_nothing_is_due() -> None:
    day = today_for(BACK_CARE, MONDAY, history(), MONDAY - timedelta(days=1))
    assert not day.started and day.routines == () and day.title == "Starts Mon 2 Mar"


def test_the_weeks_advance_when_the_routines_are_done() -> None:
    done = history(every_day(MONDAY, 50))

    def on(days: int):  # type: ignore[no-untyped-def]
        return today_for(BACK_CARE, MONDAY, done, MONDAY + timedelta(days=days))

    assert (on(0).week, on(0).stage_index, on(0).title) == (
        1,
        0,
        "Week 1 of 6 · Gentle mobility and breathing",
    )
    assert on(0).routines == ("morning-mobility", "slow-breathing")
    assert on(0).done == ("morning-mobility",) and on(0).to_do == ("slow-breathing",)
    assert (on(13).week, on(13).stage_index) == (2, 0)
    assert (on(14).week, on(14).stage_index, on(14).week_in_stage) == (3, 1, 1)
    assert on(14).routines == ("morning-mobility", "core-strength")  # a Monday
    assert on(15).routines == ("morning-mobility", "slow-breathing")  # a Tuesday
    assert (on(28).week, on(28).stage.name) == (5, "Progress by reps")
    assert on(29).routines == ("morning-mobility", "strength-basics")
    assert on(42).finished and on(42).title == "Done: Back care, six weeks, in 6 weeks"


def test_too_few_days_done_hold_a_stage_back_a_week() -> None:
    done = history(every_day(MONDAY, 5))  # 5 of the 8 days weeks 1-2 ask for
    day = today_for(BACK_CARE, MONDAY, done, MONDAY + timedelta(days=14))
    assert (day.week, day.stage_index, day.week_in_stage) == (3, 0, 3)
    assert day.held_back == ("5 of 8 days done: this stage lasts a week more",)
    assert day.title == "Week 3 of 7 · Gentle mobility and breathing"
    # Three more days in week 3 make 8 since the stage began: the next Monday moves on.
    more = every_day(MONDAY, 5)["morning-mobility"] + [
        MONDAY + timedelta(days=15 + n) for n in range(3)
    ]
    day = today_for(
        BACK_CARE, MONDAY, history({"slow-breathing": more}), MONDAY + timedelta(days=21)
    )
    assert (day.week, day.stage_index, day.held_back) == (4, 1, ())


def test_rising_pain_holds_a_stage_back() -> None:
    pain = {MONDAY + timedelta(days=n): 2 for n in range(7)}
    pain |= {MONDAY + timedelta(days=7 + n): 5 for n in range(7)}  # up 3 points in week 2
    day = today_for(
        BACK_CARE, MONDAY, history(every_day(MONDAY, 30), pain), MONDAY + timedelta(days=14)
    )
    assert day.stage_index == 0
    assert day.held_back == (
        "pain rose from 2 to 5 over these weeks: this stage lasts a week more",
    )
    pain |= {MONDAY + timedelta(days=14 + n): 3 for n in range(7)}  # settled again in week 3
    day = today_for(
        BACK_CARE, MONDAY, history(every_day(MONDAY, 30), pain), MONDAY + timedelta(days=21)
    )
    assert (day.stage_index, day.week) == (1, 4)


def test_the_week_advances_on_a_fake_clock_from_the_journal(tmp_path: Path) -> None:
    zone = ZoneInfo("Europe/London")
    clock = FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=zone))
    journal = Journal(tmp_path / "coach.db", zone=zone, now=clock.now())
    try:
        from coach.routines.programme_days import enrol

        assert programme_today(journal, LIBRARY.programmes, local_day(clock.now(), zone)) is None
        enrol(journal, "back-care-6-weeks", local_day(clock.now(), zone))
        assert enrolment(journal) is not None
        for _ in range(14):  # two weeks of mornings
            started = clock.now()
            session = journal.start_session(
                "morning-mobility", "Morning mobility", "stretch", 600, started
            )
            journal.record_step(session, 0, "Cat-cow", "done", 600, started + timedelta(minutes=10))
            journal.finish_session(
                session,
                ended_at=started + timedelta(minutes=10),
                status="completed",
                active_seconds=600,
                pain_before=None,
                pain_after=None,
            )
            today = programme_today(journal, LIBRARY.programmes, local_day(clock.now(), zone))
            assert today is not None and today.stage_index == 0
            assert "morning-mobility" in today.done
            clock.advance(24 * 3600)
        today = programme_today(journal, LIBRARY.programmes, local_day(clock.now(), zone))
        assert today is not None
        assert (today.week, today.stage.name, today.done) == (3, "McGill core at low doses", ())
    finally:
        journal.close()


# --------------------------------------------------------------------------- the file


SMALL = """\
kind: programme
name: Small
stages:
  - name: One
    weeks: 2
    every_day: desk-break
    mon: [core-strength, slow-breathing]
    move_on: {days_done: 4}
  - name: Two
    sat: [gentle-relief]
"""


def test_a_programme_reads_and_writes_back() -> None:
    programme = load(SMALL)
    one, two = programme.stages
    assert one == Stage(
        "One",
        2,
        ("desk-break",),
        (("core-strength", "slow-breathing"), (), (), (), (), (), ()),
        MoveOn(4, False),
    )
    assert two.routines_on(date(2026, 3, 7)) == ("gentle-relief",)
    text = dump_programme(programme)
    again = load_document_text(text, "p.yaml", LIBRARY.exercises)
    assert isinstance(again, LoadedProgramme) and again.programme.stages == programme.stages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "kind: programme\nname: P\nstages:\n  - name: A\n    every_day: [core-strenght]\n",
            [
                'p.yaml:5:17: stages[0].every_day[0]: unknown routine "core-strenght" (did you '
                'mean "core-strength"?); `coach list` shows them'
            ],
        ),
        (
            "kind: programme\nname: P\nstages:\n  - name: A\n",
            ["p.yaml:4:5: stages[0]: name its routines: `every_day:` or a weekday like `mon:`"],
        ),
        (
            "kind: programme\nname: P\nstages:\n  - name: A\n    monday: [desk-break]\n",
            [
                'p.yaml:5:5: stages[0].monday: unknown key (did you mean "mon"?)',
                "p.yaml:4:5: stages[0]: name its routines: `every_day:` or a weekday like `mon:`",
            ],
        ),
        (
            "kind: programme\nname: P\nstages:\n  - name: A\n    weeks: 13\n    mon: desk-break\n",
            ["p.yaml:5:12: stages[0].weeks: must be between 1 and 12, got 13"],
        ),
        (
            "kind: programme\nname: P\nstages:\n"
            + "  - {name: A, weeks: 12, mon: desk-break}\n" * 5,
            ["p.yaml:4:3: stages: 60 weeks in all; a programme lasts at most 52"],
        ),
        (
            "kind: programme\nname: P\nstages: []\n",
            ["p.yaml:3:9: stages: is empty; a programme needs at least one stage"],
        ),
        (
            "kind: programme\nstages:\n  - {name: A, mon: desk-break, move_on: {pain: yes}}\n",
            [
                "p.yaml:1:1: name: missing; every programme needs a name",
                "p.yaml:3:42: stages[0].move_on.pain: unknown key",
            ],
        ),
    ],
)
def test_mistakes_are_located(text: str, expected: list[str]) -> None:
    assert sorted(errors(text)) == sorted(expected)


def test_a_programme_is_not_a_routine() -> None:
    with pytest.raises(InvalidFile) as caught:
        load_routine_text(SMALL, "p.yaml", LIBRARY.exercises)
    assert [str(e) for e in caught.value.errors] == [
        "p.yaml:1:1: kind: this file is a programme of weeks, not a routine: `coach show` shows it"
    ]


# --------------------------------------------------------------------------- the commands


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_show_list_validate_and_follow(capsys: pytest.CaptureFixture[str]) -> None:
    code, shown = run(capsys, "show", "back-care-6-weeks")
    assert code == 0
    assert "Weeks 3–4 · McGill core at low doses" in shown
    assert "Mon, Wed, Fri: Core strength (core-strength, ~15 min)" in shown
    code, listed = run(capsys, "list")
    assert "back-care-6-weeks  Back care, six weeks  6 weeks" in listed
    assert run(capsys, "validate")[0] == 0
    code, out = run(capsys, "programme")
    assert "You follow no programme" in out
    code, out = run(capsys, "programme", "start", "back-care-6-weeks", "--on", "2020-01-06")
    assert code == 0 and "You follow Back care, six weeks from Mon 06 Jan 2020." in out
    assert "Back care, six weeks: Week " in out
    code, out = run(capsys, "programme", "start", "back-care-6-weks")
    assert code == 2 and 'did you mean "back-care-6-weeks"' in out
    assert run(capsys, "programme", "stop")[0] == 0
    assert "You follow no programme" in run(capsys, "programme")[1]
    code, out = run(capsys, "run", "back-care-6-weeks")
    assert code == 2 and "is a programme, not a routine" in out


def test_new_export_import_and_edit_like_a_routine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "new", "my-weeks", "--from", "back-care-6-weeks")[0] == 0
    folder = paths.user_routines_dir()
    copy = (folder / "my-weeks.yaml").read_text()
    assert copy.startswith("# yaml-language-server: $schema=../programme.schema.json\n")
    assert (folder.parent / "programme.schema.json").is_file()
    exported = tmp_path / "weeks.yaml"
    assert run(capsys, "export", "my-weeks", "-o", str(exported))[0] == 0
    exported.write_text(exported.read_text().replace("id: my-weeks", "id: shared-weeks"))
    code, out = run(capsys, "import", str(exported))
    assert code == 0 and "coach programme start shared-weeks" in out
    library = load_library()
    assert {"my-weeks", "shared-weeks", "back-care-6-weeks"} <= set(library.programmes)
    # A broken edit is located like a routine's, and the others still load.
    (folder / "my-weeks.yaml").write_text(copy.replace("core-strength]", "core-strenght]"))
    code, out = run(capsys, "validate")
    assert code == 2 and 'unknown routine "core-strenght"' in out
    assert "shared-weeks" in load_library().programmes


def test_the_watcher_follows_programme_files() -> None:
    from coach.routines.watch import RoutineWatcher

    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    watcher = RoutineWatcher.load(folder)
    (folder / "small.yaml").write_text(SMALL)
    watcher.poll()
    assert "small" in watcher.library.programmes
    (folder / "small.yaml").unlink()
    watcher.poll()
    assert "small" not in watcher.library.programmes
