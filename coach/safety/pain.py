"""Pain: the 0–10 scale, its bands, and every rule that acts on what the user reports.

The one owner of the pain thresholds and their words. The session's check-ins
(easier variants, the severe-pain offer), the "this hurts" key, the summary screen,
`coach pain` and home's clinician note all ask here. Each rule is a small pure
function returning what to offer or say (a `SafetyNote`, a `PainOffer`, a
`HurtAnswer`), or None when it has nothing to say. coach never refuses: an offer
always includes going on.

The thresholds follow the numeric rating scale (mild 1–3, moderate 4–6, severe
7–10), the physio "traffic light" rule (0–3 fine; from 4, ease off) and the
2-point change that people feel (Physiotherapy Association of Canada). No Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from coach.safety.texts import NECK_EXERCISES, NECK_STOP, RED_FLAGS, Section

PAIN_MIN, PAIN_MAX = 0, 10
MILD_MAX = 3
SEVERE_PAIN = 7
EASIER_FROM = 4  # the traffic light's amber: from here, offer the easier variants
MEANINGFUL_CHANGE = 2  # the smallest change in pain that means something
PERSISTENT_DAYS = 3
PERSISTENT_RECENT_DAYS = 7  # a run of bad days older than this no longer shows
# How far back to read pain for that rule: the rule needs 9 days (a 3-day run ending within
# 7); a month lets the note count a longer run in full ("on 12 days running") everywhere.
PERSISTENT_LOOKBACK_DAYS = 30

GENTLE_ROUTINE = "gentle-relief"  # about 10 minutes: warmth, breathing, knees to chest, 90/90
FLARE_UP_ROUTINE = "flare-up"
# The routines the severe-pain note points to, first choice first.
GENTLE_ROUTINES = (GENTLE_ROUTINE, "spasm-relief")
# Sessions the severe-pain offer leaves alone: they already are what it would offer.
NO_OFFER_ROUTINES = frozenset({GENTLE_ROUTINE, FLARE_UP_ROUTINE, "spasm-relief"})
NO_OFFER_KINDS = frozenset({"breathing", "therapy", "hydration"})

Rule = Literal["severe-before", "severe-after", "pain-rose", "pain-fell", "persistent-severe"]
Level = Literal["info", "caution", "see-clinician"]


@dataclass(frozen=True)
class SafetyNote:
    """Advice from a rule, for the screen where it applies."""

    rule: str
    level: Level
    title: str
    message: str
    suggested_routines: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.title}: {self.message}"


# ----------------------------------------------------------------------------- the scale


def parse_pain_level(value: object) -> int:
    """A pain level from user input: a whole number 0..10. ValueError with a clear message."""
    text = str(value).strip()
    try:
        level = int(text)
    except ValueError:
        raise ValueError(
            f'pain is a whole number from 0 (none) to 10 (worst imaginable), got "{text}"'
        ) from None
    if not PAIN_MIN <= level <= PAIN_MAX:
        raise ValueError(
            f"pain is a whole number from 0 (none) to 10 (worst imaginable), got {level}"
        )
    return level


def pain_band(level: int) -> Literal["none", "mild", "moderate", "severe"]:
    if level <= 0:
        return "none"
    if level <= MILD_MAX:
        return "mild"
    if level < SEVERE_PAIN:
        return "moderate"
    return "severe"


def is_severe(level: int | None) -> bool:
    return level is not None and level >= SEVERE_PAIN


# When severe pain needs more than rest: the red flags in one breath (texts.RED_FLAGS
# has them in full).
SEEK_CARE = (
    "Get emergency help now if it comes with numbness around the genitals or buttocks, "
    "new bladder or bowel trouble, or weakness in both legs. See a doctor today if you "
    "also have a fever, it began after a fall, or rest does not ease it."
)
SEE_A_CLINICIAN = "see a doctor or physiotherapist"


# ----------------------------------------------------------------------------- before a session


def severe_pain_before(level: int | None) -> SafetyNote | None:
    """Pain of 7 or more before a session or from `coach pain`: go gently; when to get help."""
    if not is_severe(level):
        return None
    return SafetyNote(
        rule="severe-before",
        level="caution",
        title="Go gently today",
        message=(
            f"Pain of {level}/10 is severe. Leave the harder routines for now: the "
            f"{GENTLE_ROUTINE} routine (about 10 minutes of warmth, slow breathing, knees to "
            f"chest and the 90/90 rest position) or spasm-relief suit today better. "
            f"{SEEK_CARE}"
        ),
        suggested_routines=GENTLE_ROUTINES,
    )


OfferChoiceId = Literal["gentle", "safety", "go-on"]


@dataclass(frozen=True)
class OfferChoice:
    """One answer to an offer: what to show, and what the answer starts."""

    id: OfferChoiceId
    label: str
    detail: str
    routine_id: str | None = None  # for "gentle": the routine to start instead


@dataclass(frozen=True)
class PainOffer:
    """What to say before the first exercise, and the choices in order (the first: default)."""

    note: SafetyNote
    choices: tuple[OfferChoice, ...]


def severe_pain_offer(
    level: int | None, *, routine_id: str | None = None, kind: str | None = None
) -> PainOffer | None:
    """A check-in of 7 or more before a session: pause before the first exercise and offer,
    in order, the gentle routine, the safety page, or going on anyway.

    None below 7, and for sessions that already are gentle (the gentle, flare-up and
    spasm-relief routines; breathing, cold/heat and water routines).
    """
    if not is_severe(level):
        return None
    if routine_id in NO_OFFER_ROUTINES or (kind is not None and str(kind) in NO_OFFER_KINDS):
        return None
    note = SafetyNote(
        rule="severe-before",
        level="caution",
        title="Go gently today",
        message=(
            f"Pain of {level}/10 is severe. A short gentle routine suits today better than "
            f"this one. You decide. {SEEK_CARE}"
        ),
        suggested_routines=(GENTLE_ROUTINE,),
    )
    return PainOffer(
        note=note,
        choices=(
            OfferChoice(
                "gentle",
                "Gentle relief instead",
                "About 10 minutes: warmth, slow breathing, knees to chest, the 90/90 rest "
                "position.",
                routine_id=GENTLE_ROUTINE,
            ),
            OfferChoice(
                "safety", "When to get help", "The warning signs, and when to stop an exercise."
            ),
            OfferChoice(
                "go-on",
                "Go on anyway",
                "Move within comfort; stop any exercise that brings sharp or spreading pain.",
            ),
        ),
    )


def should_offer_easier(
    pain_before: int | None,
    last_session_pain: tuple[int | None, int | None] | None,
) -> bool:
    """Offer easier variants when pain is 4 or more now, or rose by 2 or more last time.

    `last_session_pain` is (before, after) of the previous session of the same
    routine; either may be unknown (None), and then that rule says nothing.
    """
    if pain_before is not None and pain_before >= EASIER_FROM:
        return True
    if last_session_pain is None:
        return False
    before, after = last_session_pain
    return _rose(before, after)


def _rose(before: int | None, after: int | None) -> bool:
    return before is not None and after is not None and after - before >= MEANINGFUL_CHANGE


# ----------------------------------------------------------------------------- after a session


def pain_rose(before: int | None, after: int | None) -> SafetyNote | None:
    """Pain after the session 2 or more points above before: say so, with advice for next time."""
    if not _rose(before, after):
        return None
    return SafetyNote(
        rule="pain-rose",
        level="caution",
        title="Your pain went up",
        message=(
            f"It rose from {before} to {after} during this session. Rest, and make it easier "
            "next time: fewer reps, shorter holds, or leave out the exercise that hurt. When "
            "you next start this routine, coach offers its easier variants where it has any. "
            f"If the pain is still higher tomorrow, or spreads down a leg, {SEE_A_CLINICIAN}."
        ),
    )


def pain_after_session(before: int | None, after: int | None) -> SafetyNote | None:
    """The summary's word on the check-ins: severe after, a rise of 2+, a fall of 2+, or None."""
    if after is not None and is_severe(after):
        rose = ""
        if _rose(before, after):
            rose = f"It rose from {before} to {after} during this session. "
        return SafetyNote(
            rule="severe-after",
            level="caution",
            title="Stop for today",
            message=(
                f"{rose}Pain of {after}/10 is severe: leave the exercises for today and rest "
                f"in a position that eases it. {SEEK_CARE}"
            ),
        )
    rose_note = pain_rose(before, after)
    if rose_note is not None:
        return rose_note
    if before is not None and after is not None and before - after >= MEANINGFUL_CHANGE:
        return SafetyNote(
            rule="pain-fell",
            level="info",
            title="Your pain went down",
            message=f"From {before} to {after}: a change you can feel. Well done.",
        )
    return None


# ----------------------------------------------------------------------------- over the days


def persistent_severe_pain(
    max_pain_by_day: Mapping[date, int],
    today: date,
    *,
    recent_days: int = PERSISTENT_RECENT_DAYS,
) -> SafetyNote | None:
    """Pain of 7 or more logged on 3 days running: a "see a clinician" note for home.

    The run must end less than `recent_days` days before today, and a later day
    with lower pain logged clears the note (things got better).
    """
    run: list[date] = []
    latest_run: list[date] = []
    for day in sorted(day for day in max_pain_by_day if day <= today):
        if max_pain_by_day[day] < SEVERE_PAIN:
            run = []
            latest_run = []  # a better day since: the old run no longer applies
            continue
        run = [*run, day] if run and day - run[-1] == timedelta(days=1) else [day]
        if len(run) >= PERSISTENT_DAYS:
            latest_run = run
    if not latest_run or (today - latest_run[-1]).days >= recent_days:
        return None
    return SafetyNote(
        rule="persistent-severe",
        level="see-clinician",
        title="Please see a clinician",
        message=(
            f"You have logged severe pain ({SEVERE_PAIN} or more) on {len(latest_run)} days "
            f"running. Pain this strong for this long should be checked: {SEE_A_CLINICIAN} "
            "and book an appointment. Get help the same day if a red flag appears."
        ),
    )


def notes_for_logged_pain(
    level: int, max_pain_by_day: Mapping[date, int], today: date
) -> list[SafetyNote]:
    """What to say after `coach pain N`: the severe-pain advice and the persistent-pain note."""
    notes = [note for note in (severe_pain_before(level),) if note is not None]
    persistent = persistent_severe_pain(max_pain_by_day, today)
    if persistent is not None:
        notes.append(persistent)
    return notes


# ----------------------------------------------------------------------------- "this hurts"


class Hurt(StrEnum):
    """What the user says happened, from the session's "this hurts" key."""

    SHARP = "sharp"
    DOWN_THE_LEG = "down-the-leg"
    NUMB = "numb-or-tingling"
    DIZZY = "dizzy"
    SORE = "just-sore"


HURT_LABELS: Mapping[Hurt, str] = {
    Hurt.SHARP: "Sharp or shooting pain",
    Hurt.DOWN_THE_LEG: "Pain going down my leg",
    Hurt.NUMB: "Numbness or tingling",
    Hurt.DIZZY: "Dizzy or light-headed",
    Hurt.SORE: "Just sore",
}

HurtAction = Literal["carry-on", "easier", "skip-exercise", "stop-today"]

HURT_ACTION_LABELS: Mapping[HurtAction, str] = {
    "carry-on": "Carry on, within comfort",
    "easier": "Switch to the easier variant",
    "skip-exercise": "Go on without this exercise",
    "stop-today": "Stop for today",
}


@dataclass(frozen=True)
class HurtAnswer:
    """What coach answers to "this hurts": words, the actions to offer in order (the first
    is the default), and the warning signs to show when it says stop for today."""

    hurt: Hurt
    title: str
    message: str
    actions: tuple[HurtAction, ...]
    warning_signs: tuple[Section, ...] = ()


def answer_hurt(
    hurt: Hurt | str, *, exercise_id: str | None = None, has_easier: bool = False
) -> HurtAnswer:
    """The answer to "this hurts" during an exercise (`exercise_id`; None between exercises).

    `has_easier`: the exercise has an easier variant to switch to.
    """
    hurt = Hurt(hurt)
    easier: tuple[HurtAction, ...] = ("easier",) if has_easier else ()
    if hurt is Hurt.SHARP:
        return HurtAnswer(
            hurt,
            "Stop this exercise",
            "Sharp pain means stop: leave this exercise for today. "
            + ("Try its easier variant, or go on " if has_easier else "Go on ")
            + "with the rest of the routine without it. If the pain stays sharp once you "
            "rest, stop for today.",
            (*easier, "skip-exercise", "stop-today"),
        )
    if hurt is Hurt.DOWN_THE_LEG:
        return HurtAnswer(
            hurt,
            "Stop this exercise",
            "Pain spreading down a leg means stop this exercise (pain moving up toward the "
            "back is fine). Go on without it, or stop for today. If it reaches below the "
            f"knee with numbness or tingling, {SEE_A_CLINICIAN} soon.",
            ("skip-exercise", "stop-today"),
        )
    if hurt is Hurt.NUMB:
        return HurtAnswer(
            hurt,
            "Stop for today",
            "New numbness or tingling is a reason to stop. Rest in a position that eases "
            "it. Numbness around the genitals or buttocks, or in both legs, needs "
            "emergency help now: see the warning signs below.",
            ("stop-today",),
            warning_signs=RED_FLAGS,
        )
    if hurt is Hurt.DIZZY:
        neck = exercise_id in NECK_EXERCISES
        return HurtAnswer(
            hurt,
            "Stop for today",
            "Sit or lie down and breathe normally until it passes. "
            + (
                "Dizziness during a neck exercise needs medical advice today."
                if neck
                else "If it does not pass, or comes with chest pain, get help now."
            ),
            ("stop-today",),
            warning_signs=(*RED_FLAGS, NECK_STOP) if neck else RED_FLAGS,
        )
    return HurtAnswer(
        hurt,
        "Sore is normal",
        "Mild soreness while you move is normal and settles soon after: hurt is not harm. "
        "Carry on within comfort, or ease off"
        + (" with the easier variant" if has_easier else "")
        + ". If it turns sharp or keeps building, stop.",
        ("carry-on", *easier, "skip-exercise"),
    )
