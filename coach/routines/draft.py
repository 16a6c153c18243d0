"""A routine being built in the builder screen: plain data and checks, no Textual.

The builder screen keeps one `Draft` and redraws from it; every edit goes through
the functions here, so the rules (what a step starts with, how a typed dose is
read, what makes a routine savable) are tested without a terminal.

Saving goes through the same path as every user file: `writer.dump_routine` turns
the routine into tidy YAML, the loader reads that text back (so nothing is written
that `coach validate` would refuse), and `sharing.write_user_file` writes it
atomically into the user routines folder as `<id>.yaml`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from coach import ids
from coach.durations import parse_duration
from coach.errors import CoachError, InvalidFile
from coach.routines.format import (
    BREATH_PATTERNS,
    BREATHE,
    CHECK_IN_PROMPTS,
    DEFAULT_BREATH_ROUNDS,
    DOSE,
    STEPS,
)
from coach.routines.model import (
    BreathingStep,
    CheckInStep,
    Dose,
    Exercise,
    ExerciseStep,
    HydrationStep,
    Kind,
    RestStep,
    Routine,
    Step,
)
from coach.routines.sharing import user_routine_path
from coach.routines.timing import estimated_seconds

DEFAULT_REST_SECONDS = 30.0
DEFAULT_DRINK_ML = 250
BREATHING_CHOICES = tuple(BREATH_PATTERNS)  # "box", "4-7-8", "slow"


class DraftError(CoachError):
    """Why a draft cannot be saved: one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


# --------------------------------------------------------------------------- new steps


def exercise_step(exercise: Exercise) -> ExerciseStep:
    """The exercise with the library's starting dose."""
    return ExerciseStep(exercise, exercise.dose)


def rest_step(seconds: float = DEFAULT_REST_SECONDS) -> RestStep:
    return RestStep(seconds)


def breathing_step(pattern: str = "box", rounds: int = DEFAULT_BREATH_ROUNDS) -> BreathingStep:
    """A named pattern (box, 4-7-8, slow) as the loader builds it, so it saves as `breathe: box`."""
    named = BREATH_PATTERNS[pattern]
    return BreathingStep(named.pattern, rounds, name=named.step_name)


def breathing_choice(step: BreathingStep) -> str | None:
    """Which named pattern a breathing step uses, or None for a custom one."""
    for key, named in BREATH_PATTERNS.items():
        if named.pattern == step.pattern:
            return key
    return None


def drink_step(ml: int = DEFAULT_DRINK_ML) -> HydrationStep:
    return HydrationStep(ml)


def check_in_step(moment: Literal["before", "after"]) -> CheckInStep:
    """A check-in with the prompt the loader gives one, so it saves as `check_in: before`."""
    return CheckInStep(moment, prompt=CHECK_IN_PROMPTS[moment])


# --------------------------------------------------------------------------- typed values


@dataclass(frozen=True)
class DoseFields:
    """A dose as the builder's small inputs show it (text the user can edit)."""

    hold: str = ""
    reps: str = ""  # "10", or a pyramid "6-4-2"
    sets: str = "1"
    per_side: bool = False
    set_rest: str = ""  # empty: the routine's default


def dose_fields(dose: Dose) -> DoseFields:
    reps = "-".join(str(r) for r in dose.pyramid) if dose.pyramid else str(dose.reps or "")
    return DoseFields(
        hold=DOSE["hold"].show(dose.hold),
        reps=reps,
        sets="" if dose.pyramid else DOSE["sets"].show(dose.sets),
        per_side=dose.per_side,
        set_rest=DOSE["set_rest"].show(dose.set_rest),
    )


def read_dose(fields: DoseFields, base: Dose) -> Dose:
    """The dose the inputs describe, laid over `base` (which keeps what the inputs don't show).

    Each input is read by its field's declared type (`coach.routines.format.DOSE`);
    raises ValueError("hold: …") naming the input that is wrong.
    """
    try:
        hold = DOSE["hold"].parse(fields.hold)
    except ValueError as error:
        if fields.hold.strip() and _is_zero(fields.hold):
            raise ValueError(f"{error} (leave it empty for reps you count)") from None
        raise
    pyramid: tuple[int, ...] = ()
    reps: int | None = None
    text = fields.reps.strip()
    if re.fullmatch(r"\d+(\s*[-,]\s*\d+)+", text):
        pyramid = tuple(DOSE["reps"].parse(part) for part in re.split(r"\s*[-,]\s*", text))
    elif text:
        reps = DOSE["reps"].parse(text)
    sets = 1 if pyramid else DOSE["sets"].parse(fields.sets.strip() or "1")
    if hold is None and reps is None and not pyramid:
        raise ValueError("hold: give a hold (like 30s) or a number of reps")
    set_rest = DOSE["set_rest"].parse(fields.set_rest)
    return replace(
        base,
        hold=hold,
        reps=reps,
        sets=sets,
        pyramid=pyramid,
        per_side=fields.per_side,
        set_rest=set_rest,
    )


def _is_zero(text: str) -> bool:
    try:
        return parse_duration(text.strip()) == 0
    except ValueError:
        return False


def read_seconds(text: str, name: str) -> float:
    """A required duration from an input: `30s`, `1m`, `90` (a rest step's length)."""
    seconds = STEPS["rest"]["rest"].parse(text)
    if seconds is None:
        raise ValueError(f"{name}: give a duration like 30s or 1m")
    return float(seconds)


def read_rounds(text: str) -> int:
    return int(BREATHE["rounds"].parse(text))


def read_drink(text: str) -> int:
    return int(STEPS["drink"]["drink"].parse(text))


slug = ids.slug


# --------------------------------------------------------------------------- the draft


@dataclass
class Draft:
    """The routine on the builder screen. `base` keeps what the builder does not edit
    (description, tags, defaults, author…) of a routine opened in it."""

    name: str = ""
    routine_id: str = ""
    kind: Kind = Kind.MIXED
    steps: list[Step] = field(default_factory=list)
    base: Routine | None = None
    source: Path | None = None  # the file opened or last saved: saving there never asks
    id_follows_name: bool = True  # until the user types an id of their own

    @classmethod
    def from_routine(cls, routine: Routine, source: Path | None = None) -> Draft:
        """A draft of `routine`. A built-in's draft has no file yet: its first save writes
        the user's copy, which takes the built-in's place (`save_target`)."""
        if source is None and not routine.builtin:
            source = routine.source
        return cls(
            name=routine.name,
            routine_id=routine.id,
            kind=routine.kind,
            steps=list(routine.steps),
            base=routine,
            source=source,
            id_follows_name=False,
        )

    @property
    def copies_builtin(self) -> str | None:
        """The id of the built-in this draft was opened from, while it keeps that id."""
        base = self.base
        if base is not None and base.builtin and base.id == self.routine_id:
            return base.id
        return None

    def set_name(self, name: str) -> None:
        self.name = name
        if self.id_follows_name:
            self.routine_id = slug(name)

    def set_id(self, routine_id: str) -> None:
        self.routine_id = routine_id
        self.id_follows_name = routine_id == slug(self.name)

    # ------------------------------------------------------------------ steps

    def add(self, step: Step, after: int | None = None) -> int:
        """Insert after the step at `after` (at the end when None); the new step's index."""
        index = len(self.steps) if after is None else min(after + 1, len(self.steps))
        self.steps.insert(index, step)
        return index

    def remove(self, index: int) -> int | None:
        """Remove a step; the index to highlight next (None when no step is left)."""
        if not 0 <= index < len(self.steps):
            return None if not self.steps else min(index, len(self.steps) - 1)
        del self.steps[index]
        if not self.steps:
            return None
        return min(index, len(self.steps) - 1)

    def move(self, index: int, delta: int) -> int:
        """Move a step up (-1) or down (+1); its new index."""
        target = index + delta
        if not (0 <= index < len(self.steps) and 0 <= target < len(self.steps)):
            return index
        self.steps[index], self.steps[target] = self.steps[target], self.steps[index]
        return target

    def replace(self, index: int, step: Step) -> None:
        self.steps[index] = step

    # ------------------------------------------------------------------ the routine

    def routine(self) -> Routine:
        """The routine as it stands (not checked)."""
        base = self.base or Routine(self.routine_id, self.name, self.kind, ())
        return replace(
            base,
            id=self.routine_id,
            name=self.name.strip(),
            kind=self.kind,
            steps=tuple(self.steps),
            source=None,
            builtin=False,
        )

    def total_seconds(self) -> float:
        return estimated_seconds(self.routine())

    def check(self, exercises: Mapping[str, Exercise]) -> tuple[Routine, str]:
        """The routine and its YAML text, read back by the loader; DraftError otherwise."""
        from coach.routines.loader import load_routine_text
        from coach.routines.writer import dump_routine

        problems: list[str] = []
        if not self.name.strip():
            problems.append("name: give the routine a name")
        id_problem = ids.id_problem(self.routine_id)
        if id_problem is not None:
            problems.append(f"id: {id_problem}")
        if not self.steps:
            problems.append("steps: add at least one step")
        if problems:
            raise DraftError(problems)
        routine = self.routine()
        file_name = f"{routine.id}.yaml"
        text = dump_routine(routine, exercises, file_name=file_name)
        try:
            loaded = load_routine_text(text, file_name, exercises, builtin=False)
        except InvalidFile as error:
            raise DraftError([_step_message(e.field, e.message) for e in error.errors]) from None
        if replace(loaded, source=None) != routine:
            # The writer promises a round trip; say so rather than save something else.
            raise DraftError(["this routine would not read back the same; please report it"])
        return routine, text


def _step_message(field_name: str, message: str) -> str:
    """`steps[2].reps: …` → `step 3, reps: …` (the user sees numbered steps, not a file)."""
    match = re.match(r"steps\[(\d+)\]\.?(.*)", field_name)
    if match is None:
        return f"{field_name}: {message}" if field_name else message
    number, rest = int(match.group(1)) + 1, match.group(2)
    return f"step {number}{', ' + rest if rest else ''}: {message}"


# --------------------------------------------------------------------------- saving


@dataclass(frozen=True)
class SaveTarget:
    path: Path
    exists: bool  # a file is there that this draft did not come from: ask first
    hides_builtin: bool  # a built-in has this id; the user's file will take its place


def save_target(draft: Draft, routines: Mapping[str, Routine], user_dir: Path) -> SaveTarget:
    """Where the draft goes, and what saving there would replace. CoachError when it can't."""
    path = user_routine_path(draft.routine_id, user_dir)
    holder = routines.get(draft.routine_id)
    if (
        holder is not None
        and not holder.builtin
        and holder.source is not None
        and _absolute(holder.source) != _absolute(path)
    ):
        raise CoachError(
            f'id: "{draft.routine_id}" is already used by {holder.source.name}; choose another id'
        )
    same_file = draft.source is not None and _absolute(draft.source) == _absolute(path)
    exists = os.path.lexists(path) and not same_file
    # A built-in opened to be changed is meant to be replaced by the user's copy.
    hides_builtin = (
        holder is not None
        and holder.builtin
        and not same_file
        and draft.copies_builtin != holder.id
    )
    return SaveTarget(path, exists, hides_builtin)


def write_draft(text: str, target: SaveTarget) -> None:
    from coach.routines.sharing import write_user_file

    write_user_file(target.path, text)


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))
