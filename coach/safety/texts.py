"""The safety texts: what coach is and is not, the red flags, and the stop rules.

Data, not layout: sections of items, so the first-run page, the in-session safety
page, `coach safety` and the README say the same thing their own way. The red flags
come in three groups by urgency (emergency now / today / soon); the stop rules are
the general ones plus each exercise's own (back-bends, neck exercises), and
`stop_lines(exercise_id)` gives the short lines a session step shows under its cues.
Sources: NHS and NHS inform, NICE NG59, the UK cauda equina symptom card, the ASAS
criteria (inflammatory back pain), NYU Langone (extension exercises); see
/docs/architecture.md. No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

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
        "Pregnant, past the first three months? Avoid lying on your back for long: do "
        "those exercises on your side or standing, or leave them out.",
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
            "not feeling urine or stool pass as you normally would",
            "pain, weakness or numbness in both legs",
            "trouble walking, or legs that feel weak or give way",
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
            "new pain in the upper back, between the shoulder blades, rather than low down",
            "a higher risk of infection: you inject drugs, your immune system is weakened "
            "(HIV, chemotherapy, transplant medicines, long-term steroids), or you have "
            "recently had an infection",
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
            "it started before about 40, crept on slowly and has lasted more than three "
            "months, with morning stiffness of over half an hour that movement eases and "
            "rest does not, or it wakes you in the second half of the night",
        ),
    ),
)


# ----------------------------------------------------------------------------- stop rules

EXTENSION_EXERCISES = ("press-up", "standing-extension")
NECK_EXERCISES = ("chin-tuck", "neck-side-stretch")


@dataclass(frozen=True)
class StopRule:
    """When to stop: `line` goes under a step's cues, `items` onto the safety page.

    `exercises` names the exercises the rule is for; empty means every exercise.
    """

    line: str
    items: tuple[str, ...]
    exercises: tuple[str, ...] = ()

    def applies_to(self, exercise_id: str | None) -> bool:
        return not self.exercises or exercise_id in self.exercises


GENERAL_STOP = StopRule(
    line=(
        "Stop if the pain turns sharp or spreads down a leg, or you feel numb, tingly, "
        "weak or dizzy."
    ),
    items=(
        "pain turns sharp or shooting",
        "pain spreads further down a leg (pain moving up toward the back is not a reason to stop)",
        "new numbness, tingling or weakness appears",
        "you feel dizzy or light-headed (in breathing exercises: go back to normal breathing)",
    ),
)

# The neck's own warning signs (stop, and get advice the same day).
NECK_SIGNS = (
    "dizziness",
    "double vision",
    "trouble speaking or swallowing",
    "a sudden fall",
    "numbness in the face",
    "new weakness in an arm",
)


def _spoken_list(items: tuple[str, ...]) -> str:
    return ", ".join(items[:-1]) + " or " + items[-1]


NECK_STOP = Section(
    id="neck",
    title="Neck exercises: get advice today",
    action="Stop the neck exercise and speak to a doctor the same day if it brings:",
    items=NECK_SIGNS,
)

EXERCISE_STOP_RULES: tuple[StopRule, ...] = (
    StopRule(
        exercises=EXTENSION_EXERCISES,
        line="Stop if pain spreads below the knee.",
        items=("during a back-bend (press-up, standing extension): pain spreads below the knee",),
    ),
    StopRule(
        exercises=NECK_EXERCISES,
        line=f"Stop, and get medical advice today, with {_spoken_list(NECK_SIGNS)}.",
        items=(
            "during a neck exercise (chin tuck, neck side stretch): "
            f"{_spoken_list(NECK_SIGNS)} (get medical advice the same day)",
        ),
    ),
)

BREATHING_STOP_LINE = "Light-headed? Go back to breathing normally."

STOP_RULES = Section(
    id="stop",
    title="Stop the exercise if",
    action="Stop, rest, and skip that exercise today if any of these happen:",
    items=tuple(item for rule in (GENERAL_STOP, *EXERCISE_STOP_RULES) for item in rule.items),
)


def stop_lines(exercise_id: str | None) -> tuple[str, ...]:
    """The stop rules for one exercise step, shortest first: the general one, then its own."""
    return tuple(
        rule.line for rule in (GENERAL_STOP, *EXERCISE_STOP_RULES) if rule.applies_to(exercise_id)
    )


def safety_sections() -> tuple[Section, ...]:
    """Everything the safety page shows, in order."""
    return (ABOUT, *RED_FLAGS, STOP_RULES)


def format_sections(sections: Iterable[Section], width: int = 78) -> str:
    """Sections as plain wrapped text for the terminal: TITLE, what to do, bulleted items."""
    import textwrap

    blocks = []
    for section in sections:
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


def format_safety_text(width: int = 78) -> str:
    """The safety page as plain wrapped text, for `coach safety`."""
    return format_sections(safety_sections(), width)
