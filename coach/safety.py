"""Safety: what coach is and is not, the red flags, the stop rules and the pain rules.

coach never diagnoses or treats. It asks how much it hurts, and when an answer
or a symptom calls for it, it says so plainly and points to a clinician. The
texts are data (sections of items) so the first-run screen, the help screen and
the CLI lay them out their own way. Each pain rule is a small pure function
returning a `SafetyNote` or None. No Textual here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

# Numeric rating scale, 0 (none) to 10 (worst imaginable): 1-3 mild, 4-6 moderate, 7-10 severe.
PAIN_MIN, PAIN_MAX = 0, 10
SEVERE_PAIN = 7
MEANINGFUL_CHANGE = 2  # the smallest change in pain that means something
PERSISTENT_DAYS = 3
PERSISTENT_RECENT_DAYS = 7  # a run of bad days older than this no longer shows
GENTLE_ROUTINES = ("spasm-relief", "ice-heat")

Urgency = Literal["emergency", "urgent", "soon"]


@dataclass(frozen=True)
class Section:
    """A block of the safety text: a title, what to do, and the items it is about."""

    id: str
    title: str
    action: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class RedFlagSection(Section):
    urgency: Urgency = "soon"


ABOUT = Section(
    id="about",
    title="What coach is, and what it is not",
    action=(
        "coach is a timer and a habit tracker for back-care routines. It is not a doctor, "
        "a physiotherapist or a medical device."
    ),
    items=(
        "It guides you through gentle routines, reminds you to move and drink, and keeps "
        "a private history on this computer.",
        "It does not diagnose anything, does not treat anything and cannot tell what is "
        "causing your pain.",
        "If a clinician has given you exercises or limits (on movement, fluids or heat), "
        "theirs come first: change or skip coach's routines to fit.",
        "Move within comfort. Mild stretching discomfort that fades soon after is normal; "
        "sharp or spreading pain is not.",
    ),
)

RED_FLAGS: tuple[RedFlagSection, ...] = (
    RedFlagSection(
        id="emergency",
        urgency="emergency",
        title="Get emergency help now",
        action=(
            "Stop, and call your local emergency number or go to an emergency department "
            "if back pain comes with any of these:"
        ),
        items=(
            "numbness or tingling around the genitals, the buttocks or the inner thighs, "
            "or wiping feels different",
            "new trouble passing urine, not being able to tell whether your bladder is full, "
            "or losing control of your bladder or bowels",
            "pain, weakness or numbness in both legs",
            "new problems with sexual function",
            "chest pain",
            "pain after a serious accident, such as a car crash or a bad fall",
        ),
    ),
    RedFlagSection(
        id="urgent",
        urgency="urgent",
        title="Get medical advice today",
        action=(
            "Speak to a doctor the same day (or an urgent advice line) if back pain comes "
            "with any of these:"
        ),
        items=(
            "a fever, or feeling very unwell",
            "losing weight without trying",
            "a past cancer",
            "pain that rest does not ease, or that is worse at night",
            "pain that gets worse when you cough or sneeze",
            "weakness in a leg that is getting worse, or a foot that drops or drags",
            "pain after a fall, above all with thin bones (osteoporosis) or long-term steroid use",
            "new back pain when you are over 50 or under 20",
            "a lump on your back, or a change in its shape",
        ),
    ),
    RedFlagSection(
        id="soon",
        urgency="soon",
        title="See a doctor or physiotherapist soon",
        action="Book an appointment if:",
        items=(
            "the pain is severe",
            "it has not improved after about two weeks of looking after yourself",
            "it keeps coming back",
            "it spreads below the knee, with numbness or tingling",
        ),
    ),
)

STOP_RULES = Section(
    id="stop",
    title="Stop the exercise if",
    action="Stop, rest, and skip that exercise today if any of these happen:",
    items=(
        "pain turns sharp or shooting",
        "pain spreads further down a leg (pain moving up toward the back is not a reason to stop)",
        "new numbness, tingling or weakness appears",
        "you feel dizzy or light-headed (in breathing exercises: go back to normal breathing)",
        "during a back-bend (press-up, standing extension): pain spreads below the knee",
    ),
)


def safety_sections() -> tuple[Section, ...]:
    """Everything the first-run safety screen shows, in order."""
    return (ABOUT, *RED_FLAGS, STOP_RULES)


def format_safety_text(width: int = 78) -> str:
    """The safety text as plain wrapped text, for the terminal."""
    import textwrap

    blocks = []
    for section in safety_sections():
        lines = [section.title.upper(), textwrap.fill(section.action, width)]
        lines += [
            textwrap.fill(
                item,
                width,
                initial_indent="  • ",
                subsequent_indent="    ",
                break_on_hyphens=False,  # keep "long-term" and routine ids whole
            )
            for item in section.items
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


# ----------------------------------------------------------------------------- pain


@dataclass(frozen=True)
class SafetyNote:
    """Advice from a pain rule, for the screen where it applies."""

    rule: Literal["severe-before", "pain-rose", "persistent-severe"]
    level: Literal["caution", "see-clinician"]
    title: str
    message: str
    suggested_routines: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.title}: {self.message}"


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
    if level <= 3:
        return "mild"
    if level < SEVERE_PAIN:
        return "moderate"
    return "severe"


_SEEK_CARE = (
    "If it came with numbness around the genitals or buttocks, bladder or bowel changes, "
    "weakness in both legs, a fever, or after a fall or accident, get urgent help now. "
    "If it stays this bad for more than a few days, or rest does not ease it, see a doctor."
)


def severe_pain_before(level: int | None) -> SafetyNote | None:
    """Pain of 7 or more before a session: offer a gentle routine instead, say when to get help."""
    if level is None or level < SEVERE_PAIN:
        return None
    return SafetyNote(
        rule="severe-before",
        level="caution",
        title="Go gently today",
        message=(
            f"Pain of {level}/10 is severe. Leave the harder routines for now: the gentle "
            f"spasm-relief routine or ice and heat timing suit today better. {_SEEK_CARE}"
        ),
        suggested_routines=GENTLE_ROUTINES,
    )


def pain_rose(before: int | None, after: int | None) -> SafetyNote | None:
    """Pain after the session 2 or more points above before: a caution for the summary."""
    if before is None or after is None or after - before < MEANINGFUL_CHANGE:
        return None
    return SafetyNote(
        rule="pain-rose",
        level="caution",
        title="Your pain went up",
        message=(
            f"It rose from {before} to {after} during this session. Rest, and next time make it "
            "easier: fewer reps, shorter holds, or skip the exercise that hurt. If it is still "
            "higher tomorrow, or it spreads down a leg, ask a doctor or physiotherapist."
        ),
    )


def persistent_severe_pain(
    max_pain_by_day: Mapping[date, int],
    today: date,
    *,
    recent_days: int = PERSISTENT_RECENT_DAYS,
) -> SafetyNote | None:
    """Pain of 7 or more logged on 3 days running: a "see a clinician" note for home.

    The run must end within the last `recent_days` days, and a later day with
    lower pain logged clears the note (things got better).
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
            f"You have logged severe pain (7 or more) on {len(latest_run)} days running. "
            "Pain this strong for this long should be checked by a doctor or physiotherapist; "
            "book an appointment. Get help the same day if a red flag appears."
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
