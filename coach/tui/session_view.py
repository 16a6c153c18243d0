"""What the session screen says about a phase, in words: its title, cues, warnings, stop
rules, what comes next and the hint of a phase that waits. No Textual, no clock: pure
functions of the plan and the session's state, so each rule has a table test.

- A swapped exercise is named as a swap: "Plank on knees (easier, instead of Front plank)".
- Cues are the exercise's, then the step's note unless it repeats them (a clause of the
  note whose words are all in one cue is left out: "refill your water" under "Refill your
  water on the way.").
- Warnings are "Skip if …" (or a pack's skin cue); the stop rules come from
  `coach.safety` (`stop_lines`, `BREATHING_STOP_LINE`), never written here.
- "Next:" names the next *step* (the get-ready and the rest before a step already say it),
  never the rest between two reps.
- The off-period between cold or heat bouts shows `coach.safety.OFF_PERIOD_CUES`, not the
  note about the pack being on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from coach.durations import duration_text
from coach.durations import format_volume as volume_text
from coach.routines.describe import step_title
from coach.routines.model import (
    BreathingStep,
    CheckInStep,
    ExerciseStep,
    HydrationStep,
    Step,
    TherapyStep,
)
from coach.safety import BREATHING_STOP_LINE, OFF_PERIOD_CUES, stop_lines
from coach.session.plan import Phase, PhaseKind, Plan
from coach.tui.display import step_line

LAST_ONE = "Next: that's the last one"
_WORD = re.compile(r"[a-z0-9']+")


def swapped_title(name: str, step_index: int, swapped: Mapping[int, str]) -> str:
    """`Plank on knees (easier, instead of Front plank)` for a swapped step, else the name."""
    original = swapped.get(step_index)
    return f"{name} (easier, instead of {original})" if original else name


def phase_title(phase: Phase, swapped: Mapping[int, str]) -> str:
    if phase.kind is PhaseKind.WORK and isinstance(phase.step, ExerciseStep):
        return swapped_title(phase.title, phase.step_index, swapped)
    return phase.title


def phase_detail(phase: Phase, swapped: Mapping[int, str]) -> str:
    """The line under the title: the plan's, with a swap named in a lead-in's "Next: …"."""
    if phase.kind is PhaseKind.CHECK_IN:
        return ""  # the pad asks the question
    if is_lead_in(phase) and phase.step_index in swapped:
        return f"Next: {swapped_title(step_title(phase.step), phase.step_index, swapped)}"
    return phase.detail


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if len(word) > 2}


def without_repeats(note: str, cues: tuple[str, ...]) -> str:
    """The note without the clauses that repeat a cue ("" when all of it does)."""
    note = note.strip()
    if not note or not cues:
        return note
    cue_words = [_words(cue) for cue in cues]
    parts = re.split(r"([;,])", note)
    kept: list[str] = []
    for index in range(0, len(parts), 2):
        clause = parts[index]
        words = _words(clause)
        if words and any(words <= known for known in cue_words):
            continue
        if kept:
            kept.append(parts[index - 1])
        kept.append(clause)
    text = "".join(kept).strip().rstrip(";,").strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."


def cue_lines(phase: Phase) -> list[str]:
    """The how-to lines of a phase: the exercise's cues and the step's note."""
    step = phase.step
    if phase.kind is PhaseKind.THERAPY_OFF and isinstance(step, TherapyStep):
        return list(OFF_PERIOD_CUES.get(step.mode, ()))
    cues: tuple[str, ...] = step.exercise.cues if isinstance(step, ExerciseStep) else ()
    note = without_repeats(step.note, cues)
    return [*cues, *([note] if note else [])]


def warning_line(phase: Phase) -> str:
    """Who should skip the exercise, or a pack's skin cue ("" off the skin)."""
    step = phase.step
    if isinstance(step, ExerciseStep) and step.exercise.skip_if:
        return "Skip if " + "; ".join(step.exercise.skip_if)
    if isinstance(step, TherapyStep) and phase.kind is not PhaseKind.THERAPY_OFF:
        return step.cue
    return ""


def stop_rule_lines(phase: Phase) -> tuple[str, ...]:
    """When to stop, under the cues of an exercise or a breathing step (`coach.safety`)."""
    step = phase.step
    if isinstance(step, ExerciseStep):
        return stop_lines(step.exercise.id)
    if isinstance(step, BreathingStep):
        return (BREATHING_STOP_LINE,)
    return ()


def is_lead_in(phase: Phase) -> bool:
    """A get-ready or rest the plan put before a step's own work (it says "Next: …")."""
    if not phase.inserted or phase.kind not in (PhaseKind.GET_READY, PhaseKind.REST):
        return False
    return phase.set_number is None and phase.rep_number is None and phase.side is None


def next_step_text(plan: Plan, phase: Phase, swapped: Mapping[int, str]) -> str:
    """`Next: Bird-dog`, the step after this one ("" in a lead-in: its detail says it)."""
    if is_lead_in(phase):
        return ""
    steps = plan.routine.steps
    following = phase.step_index + 1
    if following >= len(steps):
        return LAST_ONE
    return f"Next: {step_text(steps[following], following, plan, swapped)}"


def step_text(step: Step, index: int, plan: Plan, swapped: Mapping[int, str]) -> str:
    """An exercise by its name (a swap said as one); other steps with their length."""
    if isinstance(step, ExerciseStep):
        return swapped_title(step.exercise.name, index, swapped)
    if isinstance(step, CheckInStep):
        return step_title(step)
    return step_line(step, plan.routine)


def waiting_hint(phase: Phase) -> str:
    """What to do to end a phase that waits for the user (reps are the screen's)."""
    step = phase.step
    if phase.kind is PhaseKind.DRINK and isinstance(step, HydrationStep):
        return f"Drink {volume_text(step.ml)}, then press space."
    if phase.kind is PhaseKind.PACK_ON and isinstance(step, TherapyStep):
        return f"Put the wrapped pack on, then press Enter: {duration_text(step.on)} starts."
    return "Press space when done."
