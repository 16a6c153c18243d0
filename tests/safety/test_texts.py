"""The safety texts: what coach is not, the red flags by urgency, the stop rules."""

from __future__ import annotations

import pytest

from coach.safety import (
    ABOUT,
    BREATHING_STOP_LINE,
    EXTENSION_EXERCISES,
    GENERAL_STOP,
    NECK_EXERCISES,
    NECK_SIGNS,
    RED_FLAGS,
    STOP_RULES,
    format_safety_text,
    safety_sections,
    stop_lines,
)


def items_of(urgency: str) -> str:
    (section,) = [s for s in RED_FLAGS if s.urgency == urgency]
    return " ".join(section.items)


def test_red_flags_come_in_three_levels_of_urgency() -> None:
    assert [section.urgency for section in RED_FLAGS] == ["emergency", "urgent", "soon"]
    assert all(section.items for section in RED_FLAGS)
    assert "emergency" in RED_FLAGS[0].action


# Every red flag content.md lists, by the group it belongs to (a word or two of each).
@pytest.mark.parametrize(
    ("urgency", "words"),
    [
        ("emergency", "genitals"),
        ("emergency", "bladder"),
        ("emergency", "both legs"),
        ("emergency", "sexual function"),
        ("emergency", "chest pain"),
        ("emergency", "serious accident"),
        ("emergency", "urine or stool pass"),  # loss of feeling when passing them
        ("emergency", "give way"),  # difficulty walking, legs giving way
        ("urgent", "fever"),
        ("urgent", "weight without trying"),
        ("urgent", "cancer"),
        ("urgent", "worse at night"),
        ("urgent", "cough or sneeze"),
        ("urgent", "foot that drops"),
        ("urgent", "osteoporosis"),
        ("urgent", "over 50 or under 20"),
        ("urgent", "change in its shape"),
        ("urgent", "upper back, between the shoulder blades"),
        ("urgent", "inject drugs"),
        ("urgent", "immune system is weakened"),
        ("soon", "severe"),
        ("soon", "two weeks"),
        ("soon", "keeps coming back"),
        ("soon", "below the knee"),
        ("soon", "morning stiffness"),  # the inflammatory pattern
        ("soon", "second half of the night"),
    ],
)
def test_every_red_flag_is_in_its_group(urgency: str, words: str) -> None:
    assert words in items_of(urgency)


def test_coach_says_it_does_not_diagnose_or_treat() -> None:
    text = " ".join((ABOUT.action, *ABOUT.items))
    assert "does not diagnose" in text and "does not treat" in text
    assert "Pregnant" in text and "on your side or standing" in text  # ACOG


def test_the_page_shows_about_red_flags_and_stop_rules_in_order() -> None:
    assert [section.id for section in safety_sections()] == [
        "about",
        "emergency",
        "urgent",
        "soon",
        "stop",
    ]
    text = format_safety_text(width=60)
    assert all(len(line) <= 60 for line in text.splitlines())
    assert "GET EMERGENCY HELP NOW" in text and "STOP THE EXERCISE IF" in text


def test_the_stop_section_holds_the_general_rules_and_each_exercises_own() -> None:
    stop = " ".join(STOP_RULES.items)
    assert all(item in STOP_RULES.items for item in GENERAL_STOP.items)
    assert "back-bend (press-up, standing extension): pain spreads below the knee" in stop
    assert "neck exercise (chin tuck, neck side stretch)" in stop
    assert all(sign in stop for sign in NECK_SIGNS)
    assert "same day" in stop


@pytest.mark.parametrize(
    ("exercise_id", "own"),
    [
        (None, ()),
        ("cat-cow", ()),
        ("press-up", ("below the knee",)),
        ("standing-extension", ("below the knee",)),
        ("chin-tuck", ("double vision", "today")),
        ("neck-side-stretch", ("swallowing", "today")),
    ],
)
def test_each_step_gets_the_general_stop_line_then_its_own(
    exercise_id: str | None, own: tuple[str, ...]
) -> None:
    lines = stop_lines(exercise_id)
    assert lines[0] == GENERAL_STOP.line
    assert len(lines) == 1 + bool(own)
    for words in own:
        assert words in lines[1]


def test_the_exercise_groups_and_the_breathing_line() -> None:
    assert set(EXTENSION_EXERCISES) == {"press-up", "standing-extension"}
    assert set(NECK_EXERCISES) == {"chin-tuck", "neck-side-stretch"}
    assert "normal" in BREATHING_STOP_LINE
    for word in ("sharp", "down a leg", "numb", "dizzy"):
        assert word in GENERAL_STOP.line
