"""What coach says aloud at each session event (spoken cues; `coach.voice` says it).

| event                                              | phrase                              |
|----------------------------------------------------|-------------------------------------|
| PHASE_STARTED of GET_READY                         | "Get ready. Next: <step>."          |
| PHASE_STARTED of the first WORK of an exercise     | "<exercise name>. <first cue>"      |
| ... when its reps follow the tempo (paced)         | "<exercise name>. One."             |
| REP (the next paced rep starts)                    | "Two.", "Three.", …                 |
| ... of the first WORK of its second side           | "Other side."                       |
| ... of the first WORK of a later set               | "Set 2 of 3." (paced: "… One.")     |
| ... of a later held rep                            | "Rep 2 of 6."                       |
| PHASE_STARTED of a REST before the next step       | "Rest. Next: <step>."               |
| ... of a REST between reps or sets (3 s or more)   | "Rest."                             |
| ... of a rest step                                 | "<its name>."                       |
| PHASE_STARTED of breathing, drink, packs, check-in | the phase's title ("Breathe in.",   |
|                                                    | "Put the cold pack on.",            |
|                                                    | "Take the pack off.")               |
| COUNTDOWN (not while breathing)                    | "3", "2", "1"                       |
| HALFWAY                                            | "Halfway."                          |
| SWITCH_SIDES                                       | "Switch sides."                     |
| SESSION_DONE (not after quitting)                  | "Well done."                        |

A breathing step's first phase starts with the step's name ("Box breathing. Breathe in.").
Paced reps are counted aloud, one word a rep: a first cue would still be speaking when the
second rep's count cuts it short, so a paced set starts with the name and "One." instead.
Rests shorter than 3 s between reps stay quiet: the next rep's number follows at once.
Like the tones (`coach.session.cues`), phrases for events that arrive late are dropped,
except "Well done.". A pure mapping from the event: no clock, no state.

The session screen subscribes `voice_listener(speaker)` next to the tones' listener.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from coach.routines.describe import step_title as step_name
from coach.routines.model import BreathingStep, ExerciseStep
from coach.session.cues import MAX_LATENESS
from coach.session.events import EndReason, EventKind
from coach.session.plan import PhaseKind

if TYPE_CHECKING:
    from coach.session.events import Event
    from coach.session.plan import Phase

logger = logging.getLogger(__name__)

QUIET_REST_SECONDS = 3.0  # rests between reps shorter than this are not announced

_BREATHING = frozenset({PhaseKind.INHALE, PhaseKind.HOLD_IN, PhaseKind.EXHALE, PhaseKind.HOLD_OUT})
_TITLED = _BREATHING | {
    PhaseKind.DRINK,
    PhaseKind.PACK_ON,
    PhaseKind.THERAPY_ON,
    PhaseKind.THERAPY_OFF,
    PhaseKind.CHECK_IN,
}


class Voice(Protocol):
    def say(self, text: str) -> None: ...


def phrase_for_event(event: Event) -> str | None:
    """The phrase an engine event should say, or None for a silent one."""
    phase = event.phase
    if event.kind is EventKind.SESSION_DONE:
        summary = event.summary
        quit_ = summary is not None and summary.ended_by is EndReason.QUIT
        return None if quit_ else "Well done."
    if phase is None:
        return None
    if event.kind is EventKind.PHASE_STARTED:
        return _phase_phrase(phase)
    if event.kind is EventKind.COUNTDOWN and phase.kind not in _BREATHING and event.value:
        return str(event.value)
    if event.kind is EventKind.HALFWAY:
        return "Halfway."
    if event.kind is EventKind.REP and event.value:
        return f"{count_word(event.value)}."
    if event.kind is EventKind.SWITCH_SIDES:
        return "Switch sides."
    return None  # REST is said when its phase starts; the rest say nothing


def _phase_phrase(phase: Phase) -> str | None:
    kind = phase.kind
    if kind is PhaseKind.GET_READY:
        return f"Get ready. Next: {step_name(phase.step)}."
    if kind is PhaseKind.WORK:
        return _work_phrase(phase)
    if kind is PhaseKind.REST:
        return _rest_phrase(phase)
    if kind in _TITLED:
        phrase = _sentence(phase.title)
        first = phase.round_number in (None, 1) and kind is _first_kind(phase)
        if isinstance(phase.step, BreathingStep) and first:
            return f"{_sentence(step_name(phase.step))} {phrase}"
        return phrase
    return None  # SWITCH_SIDES: the SWITCH_SIDES event says it


def _work_phrase(phase: Phase) -> str | None:
    step = phase.step
    first_set = phase.set_number in (None, 1)
    first_rep = phase.rep_number in (None, 1)
    if not isinstance(step, ExerciseStep):
        return _sentence(phase.title)
    sides = step.dose.sides
    first_side = phase.side is None or phase.side == sides[0]
    one = " One." if phase.tempo else ""
    if first_set and first_rep:
        if first_side:
            cues = step.exercise.cues
            if phase.tempo or not cues:
                return f"{_sentence(step.name)}{one}"
            return f"{_sentence(step.name)} {cues[0]}"
        return f"Other side.{one}"
    if first_rep and phase.set_number is not None and phase.sets:
        return f"Set {phase.set_number} of {phase.sets}.{one}"
    if phase.rep_number is not None and phase.reps:
        return f"Rep {phase.rep_number} of {phase.reps}."
    return None


def _rest_phrase(phase: Phase) -> str | None:
    if not phase.inserted:
        return _sentence(phase.title)  # a rest step, maybe with its own name
    if phase.set_number is None and phase.rep_number is None:
        return f"Rest. Next: {step_name(phase.step)}."  # the lead-in of the next step
    if phase.seconds is not None and phase.seconds < QUIET_REST_SECONDS:
        return None
    return "Rest."


def _first_kind(phase: Phase) -> PhaseKind | None:
    """The kind of the first phase of a breathing round (inhale, unless it is zero)."""
    step = phase.step
    if not isinstance(step, BreathingStep):
        return phase.kind
    pattern = step.pattern
    for kind, seconds in (
        (PhaseKind.INHALE, pattern.inhale),
        (PhaseKind.HOLD_IN, pattern.hold_in),
        (PhaseKind.EXHALE, pattern.exhale),
        (PhaseKind.HOLD_OUT, pattern.hold_out),
    ):
        if seconds > 0:
            return kind
    return None


_COUNT_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


def count_word(number: int) -> str:
    """`Two`: a rep's number as a word to say (digits past twenty)."""
    if 0 <= number < len(_COUNT_WORDS):
        return _COUNT_WORDS[number].capitalize()
    return str(number)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else f"{text}."


def say_phrase_for_event(voice: Voice, event: Event) -> None:
    """Say the event's phrase, if it has one and is not stale. Never raises."""
    try:
        phrase = phrase_for_event(event)
        if phrase is None:
            return
        if event.kind is not EventKind.SESSION_DONE and event.late > MAX_LATENESS:
            return
        voice.say(phrase)
    except Exception as error:  # a listener must never break the session
        logger.debug("voice: no phrase for %r: %s", event, error)


def voice_listener(voice: Voice) -> Callable[[Event], None]:
    """A session listener: `session.subscribe(voice_listener(speaker))`."""
    return functools.partial(say_phrase_for_event, voice)
