"""Breaks that vary: a list of routines offered in turn or by least recent, each named with
its length; the eye break as its own short reminder (issue 15 item 2)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from fakes import NO_EXTRAS, exercise

from coach.clock import FakeClock
from coach.config import Config, parse_config_text
from coach.reminders.breaks import (
    BreakOffer,
    LibraryOffers,
    next_break_routine,
    offer_for,
)
from coach.reminders.state import read_state
from coach.reminders.vocabulary import ReminderKind
from coach.routines.model import Kind, Routine
from tests.reminders.conftest import BERLIN, FakeJournal, Harness

ROUTINES = ("desk-break", "neck-release", "posture-check")
MONDAY, TUESDAY = date(2026, 1, 5), date(2026, 1, 6)


@pytest.mark.parametrize(
    ("rotate", "last_offered", "last_done", "expected"),
    [
        ("in_turn", None, {}, "desk-break"),
        ("in_turn", "desk-break", {}, "neck-release"),
        ("in_turn", "posture-check", {}, "desk-break"),  # round again
        ("in_turn", "gone-from-the-list", {}, "desk-break"),
        ("least_recent", None, {"desk-break": TUESDAY, "neck-release": MONDAY}, "posture-check"),
        (
            "least_recent",
            "posture-check",
            {"desk-break": TUESDAY, "neck-release": MONDAY, "posture-check": TUESDAY},
            "neck-release",
        ),
        ("least_recent", None, {r: MONDAY for r in ROUTINES}, "desk-break"),  # ties: list order
    ],
)
def test_which_break_comes_next(
    rotate: str, last_offered: str | None, last_done: dict[str, date], expected: str
) -> None:
    assert next_break_routine(ROUTINES, rotate, last_offered, last_done) == expected


def test_one_routine_is_always_the_one() -> None:
    assert next_break_routine(("desk-break",), "least_recent", "desk-break", {}) == "desk-break"


def desk_break() -> Routine:
    return Routine(
        "desk-break",
        "Desk break",
        Kind.POSTURE,
        (
            exercise("Chin tuck", hold=30),
            exercise("Seated twist", hold=30),
            exercise("Chin tuck", hold=30),
            exercise("McGill curl-up", hold=30),
        ),
        defaults=NO_EXTRAS,
    )


def test_a_break_is_named_with_its_length_and_first_exercises() -> None:
    offer = offer_for(desk_break())
    assert offer == BreakOffer(
        "desk-break", "Desk break", "2 min", ("Chin tuck", "Seated twist", "McGill curl-up")
    )
    assert offer.summary() == "Desk break · 2 min: chin tuck, seated twist…"
    assert offer._replace(exercises=("McGill curl-up",)).summary() == (
        "Desk break · 2 min: McGill curl-up"
    )
    assert BreakOffer("my-typo").summary() == "my-typo"  # a routine that cannot be found


def test_the_daemon_reads_the_routines_once_until_they_change() -> None:
    loads: list[int] = []

    def load() -> dict[str, Routine]:
        loads.append(1)
        return {"desk-break": desk_break()}

    offers = LibraryOffers(load)
    assert offers("desk-break") is not None
    assert offers("nope") is None
    assert len(loads) == 1
    offers.forget()  # a routine file or the config changed
    assert offers("desk-break") is not None
    assert len(loads) == 2


def test_the_daemon_names_a_break_from_the_library_as_the_window_opens_it() -> None:
    """The user's routines are read as the window reads them (the cached library): a
    user routine is named, kept under the files' signature, and read again once a file
    changed and the offers were forgotten."""
    import os

    from coach import paths
    from coach.cache import cache_dir

    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    routine = folder / "lunch.yaml"
    text = "version: 1\nname: {name}\nkind: stretch\nsteps:\n  - exercise: cat-cow\n    reps: 8\n"
    routine.write_text(text.format(name="Lunch stretch"), encoding="utf-8")
    offers = LibraryOffers()
    offer = offers("lunch")
    assert offer is not None and offer.name == "Lunch stretch"
    assert (cache_dir() / "library.pickle").is_file()  # kept for the window and the next run
    routine.write_text(text.format(name="Lunch stretches"), encoding="utf-8")
    os.utime(routine, ns=(1, 1))  # another signature, even within the clock's resolution
    offers.forget()  # what the daemon does when a routine file changes
    offer = offers("lunch")
    assert offer is not None and offer.name == "Lunch stretches"


# ---------------------------------------------------------------------- the config


def test_sitting_routine_may_be_a_list_with_a_rotation() -> None:
    text = "sitting:\n  routine: [desk-break, neck-release]\n  rotate: least_recent\n"
    config, error = parse_config_text(text, "config.yaml")
    assert error is None
    assert config.break_routines == ("desk-break", "neck-release")
    assert config.break_rotate == "least_recent"
    assert config.break_routine == "desk-break"
    config, error = parse_config_text("sitting:\n  routine: neck-release\n", "config.yaml")
    assert error is None and config.break_routines == ("neck-release",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "sitting:\n  routine: [desk-break, Bad Id]\n",
            "config.yaml:2:25: sitting.routine: expected a routine id like desk-break",
        ),
        ("sitting:\n  routine: []\n", "config.yaml:2:12: sitting.routine: expected at least one"),
        (
            "sitting:\n  rotate: least-recent\n",
            'config.yaml:2:11: sitting.rotate: expected in_turn or least_recent, got "least-recent"'
            ' (did you mean "least_recent"?)',
        ),
        ("eyes:\n  every: 1m\n", "config.yaml:2:10: eyes.every: expected between 5m and 24h"),
    ],
)
def test_a_wrong_break_setting_is_located(text: str, message: str) -> None:
    config, error = parse_config_text(text, "config.yaml")
    assert error is not None
    assert str(error.errors[0]).startswith(message)
    assert config.break_routines == ("desk-break",)  # the default for what is broken


def test_the_eye_break_is_off_by_default_and_every_20_minutes_when_on() -> None:
    assert not Config().eyes_enabled
    config, error = parse_config_text("eyes:\n  enabled: true\n", "config.yaml")
    assert error is None and config.eyes_enabled and config.eyes_interval == 1200


# ---------------------------------------------------------------------- the service


def berlin(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, 5, hour, minute, tzinfo=BERLIN)


def offers(routine_id: str) -> BreakOffer | None:
    names = {"desk-break": "Desk break", "neck-release": "Neck release"}
    return BreakOffer(routine_id, names[routine_id], "3 min") if routine_id in names else None


def test_each_reminder_offers_the_next_routine_and_the_turn_survives_a_restart(
    tmp_path: Path,
) -> None:
    config = Config(
        timezone="Europe/Berlin", water_enabled=False, break_routines=("desk-break", "neck-release")
    )
    clock = FakeClock(berlin(9))
    state_path = tmp_path / "reminders.json"
    harness = Harness(clock, config, state_path=state_path)
    harness.service.parts.breaks.describe = offers
    harness.service.start()
    first = harness.run_at()
    assert first is not None and first.routine_id == "desk-break"
    assert first.body == "You have been sitting for 1h. Desk break · 3 min"
    second = harness.run_at()
    assert second is not None and second.routine_id == "neck-release"
    state = read_state(state_path)
    assert state is not None and state.last_break_routine == "neck-release"
    harness.service.stop()

    later = Harness(clock, config, state_path=state_path, writer="daemon")
    later.service.start()
    third = later.run_at()
    assert third is not None and third.routine_id == "desk-break"  # the turn goes on


def test_least_recent_asks_the_journal() -> None:
    journal = FakeJournal()
    journal.done = {"desk-break": [MONDAY], "neck-release": [date(2025, 12, 1)]}
    config = Config(
        timezone="Europe/Berlin",
        water_enabled=False,
        break_routines=("desk-break", "neck-release"),
        break_rotate="least_recent",
    )
    harness = Harness(FakeClock(berlin(9)), config, journal=journal)
    harness.service.start()
    reminder = harness.run_at()
    assert reminder is not None and reminder.routine_id == "neck-release"
    assert reminder.body.endswith("neck-release")  # no library here: named by its id


def test_the_eye_break_is_brief_unanswered_unrecorded_and_no_sitting_break() -> None:
    journal = FakeJournal()
    config = Config(timezone="Europe/Berlin", water_enabled=False, eyes_enabled=True)
    harness = Harness(FakeClock(berlin(9)), config, journal=journal)
    harness.service.start()
    assert harness.due("eyes") == berlin(9, 20)
    eyes = harness.run_at("eyes")
    assert eyes is not None and eyes.kind is ReminderKind.EYES
    assert eyes.brief and eyes.actions == () and not eyes.can_snooze
    assert eyes.title == "Eye break"
    assert journal.reminders == {}  # not a journal row
    assert harness.due("eyes") == berlin(9, 40)
    assert harness.due("sitting") == berlin(10)  # the sitting timer did not move
    sitting = harness.run_at("sitting")
    assert sitting is not None and "sitting for 1h" in sitting.body


def test_the_readmes_config_example_is_valid() -> None:
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reminders\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, flags=re.DOTALL)
    assert blocks
    for block in blocks:
        config, error = parse_config_text(block, "README.md")
        assert error is None, error
    assert config.break_rotate == "least_recent" and config.eyes_enabled
    from coach.routines.library import load_library

    assert set(config.break_routines) <= set(load_library().routines)  # built-ins, all
