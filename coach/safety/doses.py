"""Safe doses: the sourced ranges per exercise, cold/heat mode and breathing pattern.

The ranges are data (`doses.yaml` beside this module, each with its source); this
module reads them once and answers "is this dose inside its range?" with the
problems in words (empty: fine, or no range known for that id). It knows doses
only by their fields (`DoseLike`), so the base layer never imports the routine
model: tests/safety/test_doses.py walks every built-in routine, easier variant and
progression cap through it, and `coach.session.variants` asks `dose_fits` before
keeping a step's dose on an easier variant. No Textual here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

SKIP_IF_NONE_KNOWN = "none known"


class DoseLike(Protocol):
    """The fields of `coach.routines.model.Dose` this module reads."""

    @property
    def hold(self) -> float | None: ...

    @property
    def sets(self) -> int: ...

    @property
    def pyramid(self) -> tuple[int, ...]: ...

    @property
    def per_side(self) -> bool: ...

    @property
    def rep_rest(self) -> float: ...

    @property
    def set_rest(self) -> float | None: ...

    @property
    def reps_per_set(self) -> tuple[int | None, ...]: ...


@dataclass(frozen=True)
class Range:
    low: float
    high: float

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.low <= value <= self.high

    def __str__(self) -> str:
        return f"{_number(self.low)}–{_number(self.high)}"


@dataclass(frozen=True)
class DoseRange:
    """What a dose of one exercise may be, and where that comes from."""

    exercise: str
    hold: Range | None  # None: the exercise is not held
    reps: Range | None  # reps per set; None: not counted in reps
    sets: Range
    per_side: bool | None  # None: either
    rest: Range
    skip_if_none_known: bool
    source: str


@dataclass(frozen=True)
class TherapyRange:
    mode: str
    on: Range
    off_at_least: float
    bouts: Range
    source: str


@dataclass(frozen=True)
class BreathingRange:
    name: str
    pattern: tuple[float, float, float, float]
    rounds: Range
    source: str


@dataclass(frozen=True)
class DoseRanges:
    exercises: Mapping[str, DoseRange]
    therapy: Mapping[str, TherapyRange]
    breathing: Sequence[BreathingRange]
    sources: Mapping[str, str] = field(default_factory=dict)


@cache
def dose_ranges() -> DoseRanges:
    """The ranges shipped with coach (read once)."""
    from importlib.resources import files

    text = (files(__package__) / "doses.yaml").read_text(encoding="utf-8")
    return parse_dose_ranges(text)


def parse_dose_ranges(text: str) -> DoseRanges:
    """`doses.yaml`'s text → DoseRanges. ValueError naming the entry for a malformed one."""
    import yaml

    data = yaml.safe_load(text)
    default_rest = _range(data.get("defaults", {}).get("rest", [0, 60]), "defaults.rest")
    exercises = {
        ident: _exercise_range(ident, entry, default_rest)
        for ident, entry in data.get("exercises", {}).items()
    }
    therapy = {
        mode: TherapyRange(
            mode,
            _range(entry["bout"], f"therapy.{mode}.bout"),  # not `on`: YAML 1.1 reads it as true
            float(entry["off_at_least"]),
            _range(entry["bouts"], f"therapy.{mode}.bouts"),
            str(entry["source"]),
        )
        for mode, entry in data.get("therapy", {}).items()
    }
    breathing = [
        BreathingRange(
            name,
            _pattern(entry["pattern"], f"breathing.{name}.pattern"),
            _range(entry["rounds"], f"breathing.{name}.rounds"),
            str(entry["source"]),
        )
        for name, entry in data.get("breathing", {}).items()
    ]
    return DoseRanges(exercises, therapy, breathing, dict(data.get("sources", {})))


def _exercise_range(ident: str, entry: Mapping[str, Any], rest: Range) -> DoseRange:
    where = f"exercises.{ident}"
    unknown = set(entry) - {"hold", "reps", "sets", "per_side", "rest", "skip_if", "source"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    if "source" not in entry:
        raise ValueError(f"{where}: every range names its source")
    skip_if = entry.get("skip_if")
    if skip_if not in (None, SKIP_IF_NONE_KNOWN):
        raise ValueError(
            f'{where}.skip_if: only "{SKIP_IF_NONE_KNOWN}" (reasons go in exercises.yaml)'
        )
    per_side = entry.get("per_side", False)
    if per_side not in (True, False, "either"):
        raise ValueError(f"{where}.per_side: true, false or either")
    return DoseRange(
        exercise=ident,
        hold=_range(entry["hold"], f"{where}.hold") if "hold" in entry else None,
        reps=_range(entry["reps"], f"{where}.reps") if "reps" in entry else None,
        sets=_range(entry.get("sets", [1, 1]), f"{where}.sets"),
        per_side=None if per_side == "either" else bool(per_side),
        rest=_range(entry["rest"], f"{where}.rest") if "rest" in entry else rest,
        skip_if_none_known=skip_if == SKIP_IF_NONE_KNOWN,
        source=str(entry["source"]),
    )


def _range(value: object, where: str) -> Range:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int | float) for v in value)
        or value[0] > value[1]
    ):
        raise ValueError(f"{where}: expected [low, high], got {value!r}")
    return Range(float(value[0]), float(value[1]))


def _pattern(value: object, where: str) -> tuple[float, float, float, float]:
    if not isinstance(value, list) or len(value) != 4:
        raise ValueError(f"{where}: expected [in, hold, out, hold], got {value!r}")
    return (float(value[0]), float(value[1]), float(value[2]), float(value[3]))


# ----------------------------------------------------------------------------- checks


def dose_problems(exercise_id: str, dose: DoseLike, ranges: DoseRanges | None = None) -> list[str]:
    """What is outside the sourced range for this exercise's dose, in words.

    Empty when the dose is inside its range, or when no range is known for the id
    (a user's own exercise). `set_rest` None (the routine's default) is not checked.
    """
    known = (ranges or dose_ranges()).exercises.get(exercise_id)
    if known is None:
        return []
    problems = []
    if dose.hold is not None and (known.hold is None or dose.hold not in known.hold):
        allowed = "not held" if known.hold is None else f"{known.hold} s"
        problems.append(f"hold {_number(dose.hold)} s (range: {allowed})")
    reps = [r for r in dose.reps_per_set if r is not None]
    for count in reps:
        if known.reps is None or count not in known.reps:
            allowed = "not counted in reps" if known.reps is None else str(known.reps)
            problems.append(f"{count} reps in a set (range: {allowed})")
            break
    if dose.hold is None and not reps:
        problems.append("neither a hold nor reps")
    sets = len(dose.pyramid) if dose.pyramid else dose.sets
    if sets not in known.sets:
        problems.append(f"{sets} sets (range: {known.sets})")
    if known.per_side is not None and dose.per_side != known.per_side:
        done = "one side at a time" if known.per_side else "both sides at once"
        problems.append(f"per_side {str(dose.per_side).lower()} (it is done {done})")
    for name, rest in (("rep_rest", dose.rep_rest), ("set_rest", dose.set_rest)):
        if rest is not None and rest not in known.rest:
            problems.append(f"{name} {_number(rest)} s (range: {known.rest} s)")
    return problems


def dose_fits(exercise_id: str, dose: DoseLike) -> bool:
    """True when `dose_problems` finds nothing (or knows no range for the id)."""
    return not dose_problems(exercise_id, dose)


def therapy_problems(
    mode: str, on: float, off: float, bouts: int, ranges: DoseRanges | None = None
) -> list[str]:
    """Cold or heat bouts outside their range, in words (empty: fine or unknown mode)."""
    known = (ranges or dose_ranges()).therapy.get(mode)
    if known is None:
        return []
    problems = []
    if on not in known.on:
        problems.append(
            f"{mode} for {_minutes(on)} (range: {_minutes(known.on.low)}–{_minutes(known.on.high)})"
        )
    if bouts not in known.bouts:
        problems.append(f"{bouts} bouts (range: {known.bouts})")
    if bouts > 1 and off < known.off_at_least:
        problems.append(
            f"{_minutes(off)} off between bouts (at least {_minutes(known.off_at_least)})"
        )
    return problems


def breathing_problems(
    pattern: tuple[float, float, float, float], rounds: int, ranges: DoseRanges | None = None
) -> list[str]:
    """Rounds of a known breathing pattern outside their range (empty: fine or own pattern)."""
    for known in (ranges or dose_ranges()).breathing:
        if tuple(float(p) for p in pattern) == known.pattern:
            if rounds not in known.rounds:
                return [f"{rounds} rounds of {known.name} (range: {known.rounds})"]
            return []
    return []


def skip_if_problem(
    exercise_id: str, skip_if: Sequence[str], ranges: DoseRanges | None = None
) -> str:
    """An exercise must list its reasons to skip, or the ranges must say "none known" (not both).

    Empty when it is in order, or when no range is known for the id.
    """
    known = (ranges or dose_ranges()).exercises.get(exercise_id)
    if known is None:
        return ""
    if skip_if and known.skip_if_none_known:
        return 'lists skip_if, but doses.yaml says "none known"'
    if not skip_if and not known.skip_if_none_known:
        return 'has no skip_if, and doses.yaml does not say "none known"'
    return ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _minutes(seconds: float) -> str:
    return f"{_number(seconds / 60)} min"
