"""The words every surface uses for a reminder: its kinds and the answers it gets.

One owner for this vocabulary. The service records these answers, the daemon's
notification buttons and the window's banner give them, the journal stores their
values (the strings on disk: "started", "snoozed", …) and `coach status` reads the
kinds from the state file. Import-light on purpose (only `enum`, which Python has
loaded anyway): `coach status` reads it.
"""

from __future__ import annotations

from enum import StrEnum


class ReminderKind(StrEnum):
    SITTING = "sitting"
    WATER = "water"
    EYES = "eyes"  # the 20-20-20 eye break: shown briefly, no answer, never a sitting break


class ReminderAnswer(StrEnum):
    """What became of a reminder. The values are what the journal stores."""

    STARTED = "started"  # took the break (sitting) or drank a glass (water)
    SNOOZED = "snoozed"
    SKIPPED = "skipped"
    DEFERRED = "deferred"  # coach waited: microphone in use or `defer_if`
    IGNORED = "ignored"  # a newer reminder came and this one had no answer
    PENDING = "pending"  # fired, no answer yet

    @property
    def restarts_timer(self) -> bool:
        """The user dealt with it (took the break or skipped it): a full interval to the next."""
        return self in (ReminderAnswer.STARTED, ReminderAnswer.SKIPPED)


# The answers a person gives (a notification button, a key on the banner), in button order.
USER_ANSWERS = (ReminderAnswer.STARTED, ReminderAnswer.SNOOZED, ReminderAnswer.SKIPPED)


def action_id(kind: ReminderKind, answer: ReminderAnswer) -> str:
    """A notification button's id: `sitting:snoozed`."""
    return f"{kind}:{answer}"


def parse_action_id(text: str) -> tuple[ReminderKind, ReminderAnswer] | None:
    """The kind and answer a notification button stands for; None for anything else."""
    kind, _, answer = text.partition(":")
    try:
        parsed = ReminderKind(kind), ReminderAnswer(answer)
    except ValueError:
        return None
    return parsed if parsed[1] in USER_ANSWERS else None
