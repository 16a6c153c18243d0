"""Finding a routine (`/` on home, the command palette): one ranking rule, and its words."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fakes import breathing_routine, hold_routine, short_routine, therapy_routine
from textual.fuzzy import Matcher
from tui_support import SIZE, screen_text

from coach.routines.model import Kind, Routine
from coach.tui.commands import RoutineCommands, ranked

ROUTINES = [
    replace(therapy_routine(), id="ice-heat", name="Cold pack cycle"),
    replace(therapy_routine(), id="heat-pack", name="Heat pack"),
    replace(therapy_routine(), id="heat-cold", name="Heat and cold"),
    replace(hold_routine(), id="core-strength", name="Core strength", kind=Kind.CORE),
    replace(hold_routine(), id="strength-basics", name="Strength basics", kind=Kind.CORE),
    replace(breathing_routine(), id="box-breathing", name="Box breathing"),
    replace(short_routine(), id="desk-break", name="Desk break", kind=Kind.POSTURE),
]


def found(query: str, routines: list[Routine] = ROUTINES) -> list[str]:
    scored = ranked(Matcher(query).match, routines)
    return [r.name for _, r in sorted(scored, key=lambda hit: -hit[0])]


@pytest.mark.parametrize(
    ("query", "first", "then"),
    [
        # a match in the name beats one in the id (ice-heat) …
        ("heat", {"Heat pack", "Heat and cold"}, ["Cold pack cycle"]),
        # … or in the kind (Core strength is the kind of Strength basics)
        ("core", {"Core strength"}, ["Strength basics"]),
        # "ice" is in no name: the id and the kind ("Ice and heat") still find them
        ("ice", {"Cold pack cycle", "Heat pack", "Heat and cold"}, []),
        ("posture", {"Desk break"}, []),
        ("box", {"Box breathing"}, []),
        ("zzz", set(), []),
    ],
)
def test_a_name_match_comes_before_an_id_or_kind_match(query, first, then):
    names = found(query)
    assert set(names[: len(first)]) == first
    assert names[len(first) :] == then


def test_within_the_name_matches_the_matcher_orders():
    # "heat a": Heat and cold holds it whole; Heat pack only in pieces.
    assert found("heat a")[:2] == ["Heat and cold", "Heat pack"]


def test_a_weak_name_match_still_beats_a_strong_id_match():
    weak_name = replace(ROUTINES[1], id="x", name="H e a t")  # h…e…a…t, far apart
    strong_id = replace(ROUTINES[0], id="heat")
    assert found("heat", [strong_id, weak_name]) == ["H e a t", "Cold pack cycle"]


def test_the_help_is_the_first_sentence_on_one_line():
    routine = replace(
        therapy_routine(),
        description="Two 15-minute bouts of cold with a\nbreak for the skin. Cold suits the\n",
    )
    assert RoutineCommands._help(routine) == (
        "Ice and heat · ~26 min — Two 15-minute bouts of cold with a break for the skin."
    )


async def test_slash_heat_on_home_offers_heat_pack_before_cold_pack_cycle(clock):
    from customize_support import live_app

    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"heat")
        await pilot.pause(0.3)  # the palette searches in a worker
        shown = screen_text(app)
        assert shown.index("Start Heat") < shown.index("Start Cold pack cycle")
