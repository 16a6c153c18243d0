"""The safety texts and every pain rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.safety import (
    ABOUT,
    GENTLE_ROUTINES,
    RED_FLAGS,
    STOP_RULES,
    format_safety_text,
    notes_for_logged_pain,
    pain_band,
    pain_rose,
    parse_pain_level,
    persistent_severe_pain,
    safety_sections,
    severe_pain_before,
)

TODAY = date(2026, 1, 10)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


# ----------------------------------------------------------------------------- texts


def test_red_flags_come_in_three_levels_of_urgency() -> None:
    assert [section.urgency for section in RED_FLAGS] == ["emergency", "urgent", "soon"]
    assert all(section.items for section in RED_FLAGS)
    emergency = " ".join(RED_FLAGS[0].items)
    for symptom in ("genitals", "bladder", "both legs", "chest pain"):
        assert symptom in emergency
    assert "emergency" in RED_FLAGS[0].action


def test_coach_says_it_does_not_diagnose_or_treat() -> None:
    text = " ".join((ABOUT.action, *ABOUT.items))
    assert "does not diagnose" in text and "does not treat" in text


def test_the_screen_shows_about_red_flags_and_stop_rules_in_order() -> None:
    assert [section.id for section in safety_sections()] == [
        "about",
        "emergency",
        "urgent",
        "soon",
        "stop",
    ]
    assert any("below the knee" in item for item in STOP_RULES.items)
    text = format_safety_text(width=60)
    assert all(len(line) <= 60 for line in text.splitlines())
    assert "GET EMERGENCY HELP NOW" in text


# ----------------------------------------------------------------------------- pain input


@pytest.mark.parametrize(("text", "level"), [("0", 0), ("7", 7), (" 10 ", 10)])
def test_parse_pain_level(text: str, level: int) -> None:
    assert parse_pain_level(text) == level


@pytest.mark.parametrize("text", ["-1", "11", "seven", "7.5", ""])
def test_parse_pain_level_refuses_with_a_clear_message(text: str) -> None:
    with pytest.raises(ValueError, match=r"0 \(none\) to 10 \(worst imaginable\)"):
        parse_pain_level(text)


@pytest.mark.parametrize(
    ("level", "band"),
    [
        (0, "none"),
        (1, "mild"),
        (3, "mild"),
        (4, "moderate"),
        (6, "moderate"),
        (7, "severe"),
        (10, "severe"),
    ],
)
def test_pain_bands(level: int, band: str) -> None:
    assert pain_band(level) == band


# ----------------------------------------------------------------------------- rule 1


@pytest.mark.parametrize("level", [None, 0, 5, 6])
def test_pain_before_below_7_needs_no_note(level: int | None) -> None:
    assert severe_pain_before(level) is None


@pytest.mark.parametrize("level", [7, 9, 10])
def test_pain_before_of_7_or_more_suggests_a_gentle_routine_and_when_to_seek_care(
    level: int,
) -> None:
    note = severe_pain_before(level)
    assert note is not None
    assert note.rule == "severe-before"
    assert note.suggested_routines == GENTLE_ROUTINES == ("spasm-relief", "ice-heat")
    assert f"{level}/10" in note.message
    assert "urgent help" in note.message and "see a doctor" in note.message


# ----------------------------------------------------------------------------- rule 2


@pytest.mark.parametrize(
    ("before", "after"), [(None, 8), (3, None), (3, 3), (3, 4), (6, 2), (0, 1)]
)
def test_pain_that_did_not_rise_by_2_gives_no_caution(
    before: int | None, after: int | None
) -> None:
    assert pain_rose(before, after) is None


@pytest.mark.parametrize(("before", "after"), [(3, 5), (0, 2), (2, 9)])
def test_pain_that_rose_by_2_or_more_gives_a_caution(before: int, after: int) -> None:
    note = pain_rose(before, after)
    assert note is not None
    assert note.rule == "pain-rose" and note.level == "caution"
    assert f"from {before} to {after}" in note.message


# ----------------------------------------------------------------------------- rule 3


def test_severe_pain_three_days_running_says_see_a_clinician() -> None:
    note = persistent_severe_pain({days_ago(2): 7, days_ago(1): 8, TODAY: 9}, TODAY)
    assert note is not None
    assert note.rule == "persistent-severe" and note.level == "see-clinician"
    assert "3 days running" in note.message


@pytest.mark.parametrize(
    "pain",
    [
        {},
        {days_ago(1): 8, TODAY: 9},  # only two days
        {days_ago(3): 8, days_ago(1): 8, TODAY: 9},  # not consecutive
        {days_ago(2): 7, days_ago(1): 6, TODAY: 9},  # one day below 7
        {days_ago(4): 8, days_ago(3): 8, days_ago(2): 8, days_ago(1): 3},  # it got better since
        {days_ago(12): 8, days_ago(11): 8, days_ago(10): 8},  # long ago
        {days_ago(1): 2, TODAY: 9, TODAY + timedelta(days=1): 9},  # the future does not count
    ],
)
def test_no_clinician_note_without_three_recent_severe_days_in_a_row(
    pain: dict[date, int],
) -> None:
    assert persistent_severe_pain(pain, TODAY) is None


def test_a_recent_run_without_a_log_today_still_shows() -> None:
    note = persistent_severe_pain({days_ago(5): 7, days_ago(4): 7, days_ago(3): 7}, TODAY)
    assert note is not None and "3 days" in note.message


def test_after_coach_pain_both_notes_can_apply() -> None:
    notes = notes_for_logged_pain(8, {days_ago(2): 8, days_ago(1): 8, TODAY: 8}, TODAY)
    assert [note.rule for note in notes] == ["severe-before", "persistent-severe"]
    assert notes_for_logged_pain(3, {TODAY: 3}, TODAY) == []
