"""Routines in words: a step's name and dose as `coach show` (and later screens) print them."""

from __future__ import annotations

from coach.durations import duration_text, format_volume
from coach.routines.model import (
    BreathingStep,
    CheckInStep,
    Defaults,
    Dose,
    ExerciseStep,
    HydrationStep,
    Progression,
    RestStep,
    Step,
    TherapyStep,
)


def step_title(step: Step) -> str:
    if isinstance(step, TherapyStep) and not step.name:
        return "Cold pack" if step.mode == "cold" else "Heat pack"
    return step.name


def dose_text(dose: Dose, defaults: Defaults | None = None) -> str:
    """e.g. `6-4-2 reps, hold 10 s each, 30 s rest between sets` or `hold 20 s, each side`."""
    parts: list[str] = []
    reps_per_set = dose.reps_per_set
    sets = len(reps_per_set)
    hold = duration_text(dose.hold) if dose.hold is not None else ""
    if dose.pyramid:
        parts.append("-".join(str(r) for r in dose.pyramid) + " reps")
    elif dose.reps is not None:
        reps = f"{dose.reps} reps"
        parts.append(f"{sets} sets of {reps}" if sets > 1 else reps)
    elif hold:
        parts.append(f"{sets} × hold {hold}" if sets > 1 else f"hold {hold}")
    else:
        parts.append(f"{sets} sets at your own pace" if sets > 1 else "at your own pace")
    if dose.reps is not None or dose.pyramid:
        if hold:
            parts.append(f"hold {hold} each")
        if dose.rep_rest > 0:
            parts.append(f"{duration_text(dose.rep_rest)} between reps")
    if sets > 1:
        set_rest = dose.set_rest
        if set_rest is None and defaults is not None:
            set_rest = defaults.set_rest
        if set_rest:
            parts.append(f"{duration_text(set_rest)} rest between sets")
    if dose.per_side:
        parts.append("each side")
    return ", ".join(parts)


def progression_text(rule: Progression) -> str:
    """e.g. `hold +5 s every 7 days, up to 1 min, while pain stays below 4`."""
    if rule.field == "hold":
        text = f"hold +{duration_text(rule.step)} every {rule.every_days} days"
        text += f", up to {duration_text(rule.maximum)}"
    else:
        rep = "rep" if rule.step == 1 else "reps"
        text = f"+{rule.step:g} {rep} every {rule.every_days} days, up to {rule.maximum:g} reps"
    if rule.pain_below is not None:
        text += f", while pain stays below {rule.pain_below}"
    return text


def step_detail(step: Step, defaults: Defaults | None = None) -> str:
    """The dose or settings of any step, in one line."""
    if isinstance(step, ExerciseStep):
        return dose_text(step.dose, defaults)
    if isinstance(step, RestStep):
        return duration_text(step.seconds)
    if isinstance(step, BreathingStep):
        pattern = step.pattern
        return f"{pattern.label or 'custom'}, {step.rounds} rounds"
    if isinstance(step, HydrationStep):
        return format_volume(step.ml)
    if isinstance(step, TherapyStep):
        bouts = f"{step.bouts} × " if step.bouts > 1 else ""
        text = f"{step.mode}, {bouts}{duration_text(step.on)} on"
        if step.bouts > 1 and step.off > 0:
            text += f", {duration_text(step.off)} off between"
        return text
    if isinstance(step, CheckInStep):
        return f"pain 0–10, {step.moment}"
    raise TypeError(f"unknown step type {type(step).__name__}")  # pragma: no cover


def paragraphs(text: str) -> list[str]:
    """A description as its paragraphs: its own line breaks joined, a blank line kept as "".

    A YAML `|` block keeps the line breaks its author typed for an 80-column file; a
    narrower panel must re-wrap them. Lines that start a list (`- `, `* `, `• `) stay
    paragraphs of their own.
    """
    found: list[str] = []
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line:
            if found and found[-1]:
                found.append("")
        elif found and found[-1] and line[:2] not in ("- ", "* ", "• "):
            found[-1] += " " + line
        else:
            found.append(line)
    return found
