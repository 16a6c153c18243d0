"""Every pain rule, table-driven: the scale, the offers before a session, the word after it,
the three-days-running note, and the answers to "this hurts"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.safety import (
    EASIER_FROM,
    GENTLE_ROUTINE,
    GENTLE_ROUTINES,
    HURT_ACTION_LABELS,
    HURT_LABELS,
    MEANINGFUL_CHANGE,
    NECK_STOP,
    RED_FLAGS,
    SEVERE_PAIN,
    Hurt,
    answer_hurt,
    is_severe,
    notes_for_logged_pain,
    pain_after_session,
    pain_band,
    pain_rose,
    parse_pain_level,
    persistent_severe_pain,
    severe_pain_before,
    severe_pain_offer,
    should_offer_easier,
)

TODAY = date(2026, 1, 10)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_the_thresholds_are_the_sourced_ones() -> None:
    # Numeric rating scale: severe from 7; the traffic light's amber from 4; a 2-point change.
    assert (SEVERE_PAIN, EASIER_FROM, MEANINGFUL_CHANGE) == (7, 4, 2)


# ----------------------------------------------------------------------------- the scale


@pytest.mark.parametrize(("text", "level"), [("0", 0), ("7", 7), (" 10 ", 10)])
def test_parse_pain_level(text: str, level: int) -> None:
    assert parse_pain_level(text) == level


@pytest.mark.parametrize("text", ["-1", "11", "seven", "7.5", ""])
def test_parse_pain_level_refuses_with_a_clear_message(text: str) -> None:
    with pytest.raises(ValueError, match=r"0 \(none\) to 10 \(worst imaginable\)"):
        parse_pain_level(text)


@pytest.mark.parametrize(
    ("level", "band", "severe"),
    [
        (0, "none", False),
        (1, "mild", False),
        (3, "mild", False),
        (4, "moderate", False),
        (6, "moderate", False),
        (7, "severe", True),
        (10, "severe", True),
    ],
)
def test_pain_bands(level: int, band: str, severe: bool) -> None:
    assert pain_band(level) == band
    assert is_severe(level) is severe


def test_no_answer_is_not_severe() -> None:
    assert not is_severe(None)


# ----------------------------------------------------------------------------- before a session


@pytest.mark.parametrize("level", [None, 0, 5, 6])
def test_pain_before_below_7_needs_no_note(level: int | None) -> None:
    assert severe_pain_before(level) is None


@pytest.mark.parametrize("level", [7, 9, 10])
def test_pain_of_7_or_more_points_to_the_gentle_routine_and_when_to_get_help(level: int) -> None:
    note = severe_pain_before(level)
    assert note is not None
    assert note.rule == "severe-before" and note.level == "caution"
    assert note.suggested_routines == GENTLE_ROUTINES == ("gentle-relief", "spasm-relief")
    assert f"{level}/10" in note.message and "gentle-relief" in note.message
    assert "ice-heat" not in note.message  # not the 51-minute cold cycle
    assert "emergency help now" in note.message and "See a doctor today" in note.message


@pytest.mark.parametrize(
    ("level", "routine_id", "kind", "offered"),
    [
        (None, "core-strength", "core", False),
        (6, "core-strength", "core", False),
        (7, "core-strength", "core", True),
        (10, "morning-mobility", "stretch", True),
        (8, None, None, True),
        (8, "my-own", "mixed", True),
        # already what the offer would suggest: no offer
        (8, "gentle-relief", "stretch", False),
        (8, "flare-up", "stretch", False),
        (8, "spasm-relief", "stretch", False),
        (8, "slow-breathing", "breathing", False),
        (8, "heat-pack", "therapy", False),
        (8, "hydration-break", "hydration", False),
    ],
)
def test_the_severe_pain_offer(
    level: int | None, routine_id: str | None, kind: str | None, offered: bool
) -> None:
    offer = severe_pain_offer(level, routine_id=routine_id, kind=kind)
    assert (offer is not None) is offered


def test_the_severe_pain_offer_gives_three_choices_in_order_and_never_refuses() -> None:
    offer = severe_pain_offer(8, routine_id="core-strength", kind="core")
    assert offer is not None
    assert [choice.id for choice in offer.choices] == ["gentle", "safety", "go-on"]
    gentle, safety, go_on = offer.choices
    assert gentle.routine_id == GENTLE_ROUTINE
    assert "10 minutes" in gentle.detail and "90/90" in gentle.detail
    assert "warning signs" in safety.detail
    assert go_on.label == "Go on anyway" and go_on.routine_id is None
    assert "8/10" in offer.note.message and "You decide" in offer.note.message
    assert "emergency help now" in offer.note.message


@pytest.mark.parametrize(
    ("pain_before", "last", "offer"),
    [
        (None, None, False),
        (0, None, False),
        (3, None, False),
        (4, None, True),  # the traffic light's amber
        (9, None, True),
        (None, (2, 4), True),  # rose by 2 last time
        (1, (2, 3), False),  # rose by 1: not meaningful
        (1, (5, 2), False),  # fell
        (1, (None, 6), False),  # no before figure: no rise to measure
        (1, (3, None), False),  # quit before the after check-in
        (3, (0, 2), True),
        (None, (10, 10), False),
    ],
)
def test_should_offer_easier(
    pain_before: int | None, last: tuple[int | None, int | None] | None, offer: bool
) -> None:
    assert should_offer_easier(pain_before, last) is offer


# ----------------------------------------------------------------------------- after a session


@pytest.mark.parametrize(
    ("before", "after"), [(None, 8), (3, None), (3, 3), (3, 4), (6, 2), (0, 1)]
)
def test_pain_that_did_not_rise_by_2_gives_no_caution(
    before: int | None, after: int | None
) -> None:
    assert pain_rose(before, after) is None


@pytest.mark.parametrize(("before", "after"), [(3, 5), (0, 2), (2, 9)])
def test_pain_that_rose_by_2_or_more_says_so_with_advice_for_next_time(
    before: int, after: int
) -> None:
    note = pain_rose(before, after)
    assert note is not None
    assert note.rule == "pain-rose" and note.level == "caution"
    assert f"from {before} to {after}" in note.message
    assert "next time" in note.message and "easier variants" in note.message


@pytest.mark.parametrize(
    ("before", "after", "rule", "says"),
    [
        (None, None, None, ()),
        (3, 4, None, ()),
        (6, None, None, ()),
        (None, 6, None, ()),
        (3, 5, "pain-rose", ("from 3 to 5", "easier")),
        (0, 2, "pain-rose", ("from 0 to 2",)),
        (5, 3, "pain-fell", ("From 5 to 3",)),
        (9, 7, "severe-after", ("7/10 is severe", "emergency help now")),
        (None, 8, "severe-after", ("8/10 is severe",)),
        (7, 7, "severe-after", ("7/10 is severe",)),
        (2, 7, "severe-after", ("rose from 2 to 7", "7/10 is severe")),
    ],
)
def test_the_summary_word_on_pain(
    before: int | None, after: int | None, rule: str | None, says: tuple[str, ...]
) -> None:
    note = pain_after_session(before, after)
    if rule is None:
        assert note is None
        return
    assert note is not None and note.rule == rule
    for words in says:
        assert words in note.message
    if rule == "severe-after":
        assert note.title == "Stop for today"
        assert "rose" not in note.message or before is not None


# ----------------------------------------------------------------------------- over the days


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


def run_ending(days_before_today: int) -> dict[date, int]:
    last = days_ago(days_before_today)
    return {last - timedelta(days=2): 8, last - timedelta(days=1): 8, last: 8}


@pytest.mark.parametrize(
    ("ended_days_ago", "recent_days", "shows"),
    [
        (0, 7, True),
        (5, 7, True),
        (6, 7, True),  # the last day the run still counts as recent
        (7, 7, False),  # a week old: no longer shown
        (8, 7, False),
        (2, 3, True),
        (3, 3, False),
    ],
)
def test_the_run_must_be_recent(ended_days_ago: int, recent_days: int, shows: bool) -> None:
    note = persistent_severe_pain(run_ending(ended_days_ago), TODAY, recent_days=recent_days)
    assert (note is not None) is shows


def test_a_longer_run_is_counted_in_full() -> None:
    pain = {days_ago(n): 8 for n in range(12)}
    note = persistent_severe_pain(pain, TODAY)
    assert note is not None and "12 days running" in note.message


def test_after_coach_pain_both_notes_can_apply() -> None:
    notes = notes_for_logged_pain(8, {days_ago(2): 8, days_ago(1): 8, TODAY: 8}, TODAY)
    assert [note.rule for note in notes] == ["severe-before", "persistent-severe"]
    assert notes_for_logged_pain(3, {TODAY: 3}, TODAY) == []


# ----------------------------------------------------------------------------- "this hurts"


@pytest.mark.parametrize(
    ("hurt", "exercise_id", "has_easier", "actions", "warns"),
    [
        (Hurt.SHARP, "plank", True, ("easier", "skip-exercise", "stop-today"), False),
        (Hurt.SHARP, "bird-dog", False, ("skip-exercise", "stop-today"), False),
        (Hurt.DOWN_THE_LEG, "press-up", True, ("skip-exercise", "stop-today"), False),
        (Hurt.DOWN_THE_LEG, "cat-cow", False, ("skip-exercise", "stop-today"), False),
        (Hurt.NUMB, "cat-cow", True, ("stop-today",), True),
        (Hurt.DIZZY, "cat-cow", False, ("stop-today",), True),
        (Hurt.DIZZY, None, False, ("stop-today",), True),
        (Hurt.SORE, "plank", True, ("carry-on", "easier", "skip-exercise"), False),
        (Hurt.SORE, "bird-dog", False, ("carry-on", "skip-exercise"), False),
    ],
)
def test_what_coach_answers_to_this_hurts(
    hurt: Hurt,
    exercise_id: str | None,
    has_easier: bool,
    actions: tuple[str, ...],
    warns: bool,
) -> None:
    answer = answer_hurt(hurt, exercise_id=exercise_id, has_easier=has_easier)
    assert answer.hurt is hurt
    assert answer.actions == actions
    assert bool(answer.warning_signs) is warns
    if warns:
        assert answer.warning_signs[: len(RED_FLAGS)] == RED_FLAGS
    assert ("easier variant" in answer.message) is ("easier" in actions)


def test_dizziness_in_a_neck_exercise_needs_advice_today_and_shows_the_necks_signs() -> None:
    answer = answer_hurt("dizzy", exercise_id="chin-tuck")
    assert "neck exercise needs medical advice today" in answer.message
    assert answer.warning_signs[-1] == NECK_STOP
    elsewhere = answer_hurt("dizzy", exercise_id="cat-cow")
    assert NECK_STOP not in elsewhere.warning_signs


def test_every_hurt_and_action_has_words() -> None:
    assert set(HURT_LABELS) == set(Hurt)
    assert [HURT_LABELS[h] for h in Hurt] == [
        "Sharp or shooting pain",
        "Pain going down my leg",
        "Numbness or tingling",
        "Dizzy or light-headed",
        "Just sore",
    ]
    every_action = {
        a for h in Hurt for e in (True, False) for a in answer_hurt(h, has_easier=e).actions
    }
    assert every_action == set(HURT_ACTION_LABELS)


def test_an_unknown_hurt_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        answer_hurt("itchy")


def test_the_severe_pain_offer_reads_a_routines_kind_as_the_model_gives_it() -> None:
    from coach.routines.model import Kind

    assert severe_pain_offer(8, routine_id="x", kind=Kind.BREATHING) is None
    assert severe_pain_offer(8, routine_id="x", kind=Kind.CORE) is not None
