"""The routine model: what a routine *is*, once loaded and checked.

Frozen dataclasses with no I/O. The loader builds them from YAML, the engine
turns them into timed phases, the TUI and CLI display them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from coach.figures.model import Figure

FORMAT_VERSION = 1

# Untimed reps ("10 reps, press space when done") have no fixed length; totals
# and progress bars count them at this pace.
ESTIMATED_SECONDS_PER_REP = 3.0


class Kind(StrEnum):
    STRETCH = "stretch"
    CORE = "core"
    POSTURE = "posture"
    HYDRATION = "hydration"
    BREATHING = "breathing"
    THERAPY = "therapy"
    MIXED = "mixed"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Dose:
    """How much of an exercise: holds, reps, sets, sides and the rests between them.

    - a timed hold: `hold` only (with `sets` > 1, repeated with `set_rest` between);
    - reps: `reps`, each held for `hold` seconds when given, else confirmed by the user;
    - a pyramid: reps per set, e.g. (6, 4, 2), in place of `reps` and `sets`;
    - `per_side`: the whole dose runs on the left, then on the right;
    - `tempo`: seconds a rep for reps without a hold, which then run on their own at that
      pace (`paced`), unless `reps_by` is "self": the user counts and says when done.
    `set_rest` None means the routine's default.
    """

    hold: float | None = None
    reps: int | None = None
    sets: int = 1
    pyramid: tuple[int, ...] = ()
    per_side: bool = False
    rep_rest: float = 0.0
    set_rest: float | None = None
    tempo: float | None = None  # seconds a rep, for reps without a hold
    reps_by: Literal["tempo", "self"] = "tempo"

    @property
    def paced(self) -> bool:
        """Reps without a hold that follow the tempo on their own: no key needed."""
        has_reps = self.reps is not None or bool(self.pyramid)
        return has_reps and self.hold is None and self.tempo is not None and self.reps_by != "self"

    @property
    def reps_per_set(self) -> tuple[int | None, ...]:
        """Reps in each set (None for a plain hold)."""
        if self.pyramid:
            return self.pyramid
        return (self.reps,) * self.sets

    @property
    def sides(self) -> tuple[Side | None, ...]:
        return (Side.LEFT, Side.RIGHT) if self.per_side else (None,)


@dataclass(frozen=True)
class Exercise:
    """An entry of the exercise library."""

    id: str
    name: str
    target: str
    cues: tuple[str, ...]
    dose: Dose = field(default_factory=Dose)
    skip_if: tuple[str, ...] = ()
    easier: str | None = None  # id of an easier variant
    description: str = ""
    # Its own figure (`figure:`); None: the built-in figure of its id, if any
    # (`coach.figures.library.figure_for(exercise.id, exercise.figure)`).
    figure: Figure | None = None


@dataclass(frozen=True)
class Progression:
    """Grow a dose with time: `hold` +5 s every 14 days while pain stays below 4, up to 30 s.

    `then`: a second stage that starts once this one has reached its `maximum` and grows
    the other field (holds first, then reps: McGill's "progress by reps, not longer holds"
    once a hold reaches its sourced length).
    """

    field: Literal["hold", "reps"]
    step: float
    every_days: int
    maximum: float
    pain_below: int | None = None
    then: Progression | None = None


@dataclass(frozen=True)
class ExerciseStep:
    """An exercise with its dose. `exercise` already carries the step's overrides."""

    exercise: Exercise
    dose: Dose
    note: str = ""
    progression: Progression | None = None

    @property
    def name(self) -> str:
        return self.exercise.name


@dataclass(frozen=True)
class RestStep:
    seconds: float
    name: str = "Rest"
    note: str = ""


@dataclass(frozen=True)
class BreathPattern:
    """Seconds of each phase of one breath; a zero hold is left out."""

    inhale: float
    hold_in: float
    exhale: float
    hold_out: float
    label: str = ""

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold_in + self.exhale + self.hold_out


@dataclass(frozen=True)
class BreathingStep:
    pattern: BreathPattern
    rounds: int
    name: str = "Breathing"
    note: str = ""


@dataclass(frozen=True)
class HydrationStep:
    """Drink an amount; it counts toward the day's water once confirmed."""

    ml: int
    name: str = "Drink water"
    note: str = ""


@dataclass(frozen=True)
class TherapyStep:
    """Cold or heat in bouts (`on`), with off-periods between them."""

    mode: Literal["cold", "heat"]
    on: float
    off: float
    bouts: int
    cue: str
    name: str = ""
    note: str = ""


@dataclass(frozen=True)
class CheckInStep:
    """Ask for pain 0–10, before or after the work."""

    moment: Literal["before", "after"]
    prompt: str = "How is your back right now? 0 = no pain, 10 = worst imaginable."
    name: str = "Pain check-in"
    note: str = ""


Step = ExerciseStep | RestStep | BreathingStep | HydrationStep | TherapyStep | CheckInStep


@dataclass(frozen=True)
class Defaults:
    """Routine-wide timings a step may override."""

    get_ready: float = 5.0
    rest: float = 0.0  # between steps; 0 means none is inserted
    set_rest: float = 30.0
    switch_sides: float = 5.0


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    kind: Kind
    steps: tuple[Step, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    defaults: Defaults = field(default_factory=Defaults)
    author: str = ""
    prescribed_by: str = ""
    notes: str = ""
    version: int = FORMAT_VERSION
    source: Path | None = None  # the file it came from
    builtin: bool = True
