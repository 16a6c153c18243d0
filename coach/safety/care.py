"""Everyday back care: the flare-up plan, short education cards, and what to say around
a cold or heat bout.

Data in coach's own words, from NICE NG59, the NHS, UK HSE manual-handling guidance,
the CSP and the articles coach was built on. The flare-up plan is sections like the
safety page (`coach safety --flare-up` prints it; a screen lays it out the same way);
a card is a title and a few lines, and `pick_card` chooses one for a break screen or
home. No Textual here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from coach.safety.pain import FLARE_UP_ROUTINE, SEE_A_CLINICIAN
from coach.safety.texts import Section, format_sections

# ----------------------------------------------------------------------------- the flare-up plan

FLARE_UP_TITLE = "If your back flares up"

FLARE_UP_PLAN: tuple[Section, ...] = (
    Section(
        id="flare-active",
        title="Keep gently active",
        action="Resting in bed slows recovery. Little and often helps more:",
        items=(
            "keep to your normal day as far as the pain allows, even if you do less of it",
            "take short walks, a few minutes at a time, several times a day",
            "change position often; do not sit or lie still for long",
            f"the {FLARE_UP_ROUTINE} routine (`coach run {FLARE_UP_ROUTINE}`) is gentle "
            "enough to repeat a few times a day",
            "once it has settled, keep up the exercises for 6 to 8 weeks: it helps stop "
            "it coming back",
        ),
    ),
    Section(
        id="flare-ease",
        title="Ease the spasm",
        action="When it grips:",
        items=(
            "rest in the 90/90 position for a few minutes: on your back, calves up on a "
            "chair seat or sofa, hips and knees at right angles; then move gently again",
            "warmth or cold, whichever feels better: 15 to 20 minutes with a cloth between "
            "pack and skin (no heat after a fall or on swelling)",
            "slow breathing: five counts in, five out, for a few minutes",
            "at night, lie on your side with a pillow between your knees, or on your back "
            "with one under them",
        ),
    ),
    Section(
        id="flare-help",
        title="When to get help",
        action="Most back pain eases within a few weeks. Get help if:",
        items=(
            "any warning sign appears (`coach safety`): the emergency ones need help now",
            f"the pain is severe, or has not eased after about two weeks: {SEE_A_CLINICIAN}",
            "flare-ups keep coming back",
        ),
    ),
)


def format_flare_up_plan(width: int = 78) -> str:
    """The flare-up plan as plain wrapped text, for `coach safety --flare-up`."""
    return f"{FLARE_UP_TITLE.upper()}\n\n{format_sections(FLARE_UP_PLAN, width)}"


# ----------------------------------------------------------------------------- education cards


@dataclass(frozen=True)
class Card:
    """A short piece of back-care know-how: a title and two to four lines."""

    id: str
    title: str
    lines: tuple[str, ...]


CARDS: tuple[Card, ...] = (
    Card(
        "sitting",
        "Sitting and your screen",
        (
            "Top of the screen at or a little below eye level, about an arm's length away.",
            "Feet flat, knees about level with your hips, your lower back supported.",
            "Shoulders relaxed, elbows near a right angle; sit back in the chair.",
            "Change position often, and get up every hour: short and often beats long and rare.",
        ),
    ),
    Card(
        "lifting",
        "Lifting",
        (
            "Plan the lift and clear the way. Stand with your feet apart.",
            "Bend hips and knees, keep your back's natural curve, hold the load close to "
            "your waist.",
            "Turn with your feet rather than twisting; lift smoothly, without jerking.",
            "Know your limit, and ask for help.",
        ),
    ),
    Card(
        "sleep",
        "Sleeping positions",
        (
            "On your side, with a pillow between your knees.",
            "Or on your back, with a pillow under your knees.",
            "Never fall asleep on a heat pad.",
        ),
    ),
    Card(
        "active",
        "Staying active",
        (
            "Keep up your normal activities as far as the pain allows: bed rest slows recovery.",
            "Aim for 150 minutes of moderate activity a week (brisk walking, cycling, "
            "swimming: you can talk but not sing) and strength work on 2 days.",
            "Walking, swimming and yoga keep the back strong and supple.",
        ),
    ),
    Card(
        "stress",
        "Stress, sleep and pain",
        (
            "Stress tenses the back muscles, and poor sleep makes pain feel worse.",
            "Slow breathing and relaxation help (`coach run slow-breathing`).",
            "Care for back pain includes psychological approaches alongside exercise: ask "
            "your doctor if stress keeps the pain going.",
        ),
    ),
    Card(
        "load",
        "Everyday load",
        (
            "Supportive, low-heeled shoes spare the back.",
            "A healthy weight takes load off it.",
        ),
    ),
    Card(
        "food",
        "Food for muscles",
        (
            "Magnesium and potassium help muscles work: leafy greens, nuts, seeds, beans, "
            "whole grains, bananas and potatoes have them.",
            "Take supplements only on a clinician's advice: potassium can be dangerous "
            "with some kidney problems and medicines.",
            "coach gives no advice on supplements or medicines.",
        ),
    ),
    Card(
        "massage",
        "A tennis ball massage",
        (
            "Stand with a tennis ball between your back and a wall, on the muscles beside "
            "the spine, never on the bones of the spine.",
            "Lean in gently for a minute or two, moving the ball a little.",
            "Stop if the pain sharpens.",
        ),
    ),
)

CARDS_BY_ID: Mapping[str, Card] = {card.id: card for card in CARDS}


def pick_card(seed: int | date) -> Card:
    """One card, chosen the same way for the same seed: a day (one card a day) or a
    counter (a new card each break)."""
    number = seed.toordinal() if isinstance(seed, date) else seed
    return CARDS[number % len(CARDS)]


# ----------------------------------------------------------------------------- cold and heat

# Said (and sounded) when a bout ends; the pack comes off for the skin to recover.
BOUT_END = "Take the pack off."

# Shown through an off-period between bouts, by mode.
OFF_PERIOD_CUES: Mapping[str, tuple[str, ...]] = {
    "cold": (
        "Pack off: let the skin warm up and its colour and feeling come back.",
        "Skin numb, blotchy or blistered? No more cold today.",
    ),
    "heat": (
        "Pack off: let the skin cool down.",
        "Skin bright red or blistered? No more heat today.",
    ),
}
