"""The flare-up plan, the education cards and the words around a cold or heat bout."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.routines.library import load_library
from coach.safety import (
    BOUT_END,
    CARDS,
    CARDS_BY_ID,
    FLARE_UP_PLAN,
    FLARE_UP_ROUTINE,
    OFF_PERIOD_CUES,
    format_flare_up_plan,
    pick_card,
)


def plan_text() -> str:
    return " ".join(" ".join((s.title, s.action, *s.items)) for s in FLARE_UP_PLAN)


@pytest.mark.parametrize(
    "words",
    [
        "Resting in bed slows recovery",  # stay gently active
        "90/90 position",
        "warmth or cold",
        "short walks",
        "slow breathing",
        "about two weeks",  # the 2-week rule
        "warning sign",  # when to get help
        "6 to 8 weeks",
        f"coach run {FLARE_UP_ROUTINE}",
    ],
)
def test_the_flare_up_plan_says(words: str) -> None:
    assert words in plan_text()


def test_the_flare_up_plan_points_to_a_routine_that_exists() -> None:
    assert FLARE_UP_ROUTINE in load_library().routines


def test_the_flare_up_plan_prints_wrapped() -> None:
    text = format_flare_up_plan(width=60)
    assert text.startswith("IF YOUR BACK FLARES UP\n")
    assert "KEEP GENTLY ACTIVE" in text and "WHEN TO GET HELP" in text
    assert all(len(line) <= 60 for line in text.splitlines())


def test_the_cards_cover_the_topics_and_are_short() -> None:
    assert {"sitting", "lifting", "sleep", "active", "stress"} <= set(CARDS_BY_ID)
    assert len(CARDS_BY_ID) == len(CARDS)  # ids are unique
    for card in CARDS:
        assert card.title and 2 <= len(card.lines) <= 4
        assert all(len(line) <= 160 for line in card.lines)


@pytest.mark.parametrize(
    ("card", "words"),
    [
        ("sitting", "eye level"),
        ("sitting", "arm's length"),
        ("lifting", "close to your waist"),
        ("lifting", "Turn with your feet"),
        ("sleep", "pillow between your knees"),
        ("active", "150 minutes"),
        ("stress", "slow-breathing"),
        ("food", "no advice on supplements"),
    ],
)
def test_each_card_says_what_it_is_for(card: str, words: str) -> None:
    assert words in " ".join(CARDS_BY_ID[card].lines)


def test_pick_card_is_the_same_for_the_same_seed_and_goes_round_them_all() -> None:
    assert pick_card(3) == pick_card(3 + len(CARDS))
    assert {pick_card(n).id for n in range(len(CARDS))} == set(CARDS_BY_ID)
    day = date(2026, 3, 12)
    assert pick_card(day) == pick_card(day)
    assert pick_card(day) != pick_card(day + timedelta(days=1))


def test_the_words_around_a_bout() -> None:
    assert BOUT_END == "Take the pack off."
    assert set(OFF_PERIOD_CUES) == {"cold", "heat"}
    assert "numb" in " ".join(OFF_PERIOD_CUES["cold"])
    assert "bright red" in " ".join(OFF_PERIOD_CUES["heat"])
