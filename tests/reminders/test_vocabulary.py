"""The reminder vocabulary: one set of words, the same on every surface and on disk."""

from __future__ import annotations

import pytest

from coach.reminders.vocabulary import (
    USER_ANSWERS,
    ReminderAnswer,
    ReminderKind,
    action_id,
    parse_action_id,
)


def test_the_answers_stored_in_the_journal_keep_their_words() -> None:
    # These strings are in every user's history database: renaming one loses history.
    assert [answer.value for answer in ReminderAnswer] == [
        "started",
        "snoozed",
        "skipped",
        "deferred",
        "ignored",
        "pending",
    ]
    # The journal keeps sitting and water rows; an eye break is never written there.
    assert [kind.value for kind in ReminderKind] == ["sitting", "water", "eyes"]


def test_a_person_answers_start_snooze_or_skip_in_that_order() -> None:
    assert USER_ANSWERS == (ReminderAnswer.STARTED, ReminderAnswer.SNOOZED, ReminderAnswer.SKIPPED)


@pytest.mark.parametrize(
    ("answer", "restarts"),
    [
        (ReminderAnswer.STARTED, True),
        (ReminderAnswer.SKIPPED, True),
        (ReminderAnswer.SNOOZED, False),
        (ReminderAnswer.IGNORED, False),
        (ReminderAnswer.DEFERRED, False),
        (ReminderAnswer.PENDING, False),
    ],
)
def test_which_answers_restart_the_timer(answer: ReminderAnswer, restarts: bool) -> None:
    assert answer.restarts_timer is restarts


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("sitting:started", (ReminderKind.SITTING, ReminderAnswer.STARTED)),
        ("water:snoozed", (ReminderKind.WATER, ReminderAnswer.SNOOZED)),
        ("sitting:skipped", (ReminderKind.SITTING, ReminderAnswer.SKIPPED)),
        ("sitting:ignored", None),  # not a button anyone can press
        ("sitting:start", None),
        ("standing:started", None),
        ("default", None),  # a click on the notification's body
        ("", None),
    ],
)
def test_notification_button_ids(text: str, parsed: object) -> None:
    assert parse_action_id(text) == parsed


def test_button_ids_read_back() -> None:
    for kind in ReminderKind:
        for answer in USER_ANSWERS:
            assert parse_action_id(action_id(kind, answer)) == (kind, answer)
