"""A routine → tidy, commented YAML in the v1 format (docs/routines.md).

What the loader reads back is the same routine (`source` and `builtin` aside):

- an exercise step is `exercise: id`, the step's dose written out (so a reader
  sees it without opening the library), and only the exercise fields the step
  changes (name, target, cues, skip_if, easier, description);
- durations read `30s`, `1m30s`; amounts `250ml`; a step kind's short form
  (`breathe: box`, `therapy: cold`, `check_in: before`) whenever it says it all;
- exercises the library does not know go into the routine's own `exercises:`
  list. With `inline_exercises=True` every exercise the routine uses goes there
  (and the easier variants they name), complete, so the file means the same on
  a machine whose library differs: that is the export format.

Values go through PyYAML's safe emitter, so quoting is always right; the
comments are ours, and text put into them is flattened to one line so a name can
never break out of its comment. No I/O here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from coach import __version__
from coach.routines.fields import number_text, written_duration
from coach.routines.format import (
    BREATH_PATTERNS,
    CHECK_IN_PROMPTS,
    DEFAULT_BREATH_ROUNDS,
    DEFAULTS,
    DOSE,
    PROGRESSION,
    STEPS,
    THERAPY,
    THERAPY_CUES,
    THERAPY_DEFAULT_OFF,
    THERAPY_DEFAULT_ON,
)
from coach.routines.model import (
    FORMAT_VERSION,
    BreathingStep,
    CheckInStep,
    Defaults,
    Dose,
    Exercise,
    ExerciseStep,
    HydrationStep,
    Progression,
    RestStep,
    Routine,
    Step,
    TherapyStep,
)

# Names the model gives a step when the file sets none; an equal name is not written.
_DEFAULT_NAMES = {RestStep: "Rest", HydrationStep: "Drink water", CheckInStep: "Pain check-in"}

_LINE_WIDTH = 96


def dump_routine(
    routine: Routine,
    exercises: Mapping[str, Exercise],
    *,
    inline_exercises: bool = False,
    file_name: str | None = None,
) -> str:
    """The routine as YAML text the loader accepts and reads back unchanged.

    `exercises` is the library the file will be loaded with. `file_name` is only
    used in the header's "check it with" line (default `<id>.yaml`).
    """
    own = _own_exercises(routine, exercises, inline_exercises)
    lines = _header(routine, file_name or f"{routine.id}.yaml", inline_exercises)
    lines += _dump(_routine_fields(routine))
    if own:
        lines.append("")
        if inline_exercises:
            lines.append("# The exercises this routine uses, written out in full so the file")
            lines.append("# works the same wherever it is imported.")
        else:
            lines.append("# Exercises of this routine that coach's library does not have.")
        lines.append("exercises:")
        for exercise in own.values():
            lines += _indent(_dump([_exercise_entry(exercise, complete=inline_exercises)]), 2)
    lines.append("")
    lines.append("steps:")
    bases = {**exercises, **own}
    for number, step in enumerate(routine.steps, start=1):
        lines.append(f"  # {number}. {_one_line(_step_title(step))}")
        fields = _step_fields(step, bases)
        lines += _indent(_dump([fields]), 2)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the parts


def _header(routine: Routine, file_name: str, inline: bool) -> list[str]:
    lines = [
        f"# coach routine: {_one_line(routine.name)}",
        "# The format is described in coach's docs/routines.md. Durations read 30s, 2m or",
        "# 1m30s; amounts read 250ml. Lines starting with # are comments.",
        f"# Check this file with: coach validate {_one_line(file_name)}",
    ]
    if inline:
        lines.append(f"# Exported by coach {__version__}; install it with: coach import FILE")
    return lines


def _routine_fields(routine: Routine) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "id": routine.id,
        "name": routine.name,
        "kind": routine.kind.value,
    }
    for key in ("description", "author", "prescribed_by", "notes"):
        value = getattr(routine, key)
        if value:
            fields[key] = value
    if routine.tags:
        fields["tags"] = _Flow(routine.tags)
    defaults = _defaults(routine.defaults)
    if defaults:
        fields["defaults"] = defaults
    return fields


def _defaults(defaults: Defaults) -> dict[str, str]:
    return {
        spec.key: spec.dump(getattr(defaults, spec.key))
        for spec in DEFAULTS
        if getattr(defaults, spec.key) != spec.default
    }


def _own_exercises(
    routine: Routine, library: Mapping[str, Exercise], inline: bool
) -> dict[str, Exercise]:
    """Exercises the file must define itself, in order of first use, easier variants after."""
    used: dict[str, Exercise] = {}
    for step in routine.steps:
        if isinstance(step, ExerciseStep):
            # A step's exercise carries the step's changes; the library entry is the base.
            used.setdefault(step.exercise.id, library.get(step.exercise.id, step.exercise))
    # Easier variants named anywhere must resolve too: follow them (they may chain).
    pending = [e.easier for e in used.values()] + [
        step.exercise.easier for step in routine.steps if isinstance(step, ExerciseStep)
    ]
    while pending:
        variant_id = pending.pop(0)
        if variant_id is None or variant_id in used or variant_id not in library:
            continue
        used[variant_id] = library[variant_id]
        pending.append(library[variant_id].easier)
    if inline:
        return used
    return {key: exercise for key, exercise in used.items() if key not in library}


def _exercise_entry(exercise: Exercise, *, complete: bool) -> dict[str, Any]:
    """A library entry. `complete` also writes empty and default values, so the entry
    replaces whatever a library with the same id holds instead of patching it."""
    entry: dict[str, Any] = {
        "id": exercise.id,
        "name": exercise.name,
        "target": exercise.target,
        "cues": list(exercise.cues),
    }
    if exercise.skip_if or complete:
        entry["skip_if"] = list(exercise.skip_if)
    dose = _full_dose(exercise.dose) if complete else _dose_patch(exercise.dose, Dose())
    if dose:
        entry["dose"] = _FlowMap(dose)
    if exercise.easier or complete:
        entry["easier"] = exercise.easier
    if exercise.description or complete:
        entry["description"] = exercise.description
    if exercise.figure is not None:
        from coach.figures.format import figure_fields

        entry["figure"] = _figure(figure_fields(exercise.figure))
    elif complete:
        entry["figure"] = None  # none of its own: a same-named entry's figure must not show
    return entry


def _figure(fields: dict[str, Any]) -> dict[str, Any]:
    """A figure's mapping with each keyframe and list written on one line."""
    shown = dict(fields)
    if "like" in shown:
        return _FlowMap(shown)
    if "props" in shown:
        shown["props"] = _Flow(shown["props"])
    shown["keyframes"] = [
        _FlowMap({k: _Flow(v) if isinstance(v, list) else v for k, v in frame.items()})
        for frame in shown["keyframes"]
    ]
    return shown


def _step_title(step: Step) -> str:
    if isinstance(step, ExerciseStep):
        return step.exercise.name
    if isinstance(step, TherapyStep):
        return step.name or f"{step.mode.capitalize()} pack"
    return step.name


def _step_fields(step: Step, bases: Mapping[str, Exercise]) -> dict[str, Any]:
    if isinstance(step, ExerciseStep):
        fields = _exercise_step(step, bases.get(step.exercise.id, step.exercise))
    elif isinstance(step, RestStep):
        fields = {"rest": _duration(step.seconds)}
        _name_unless(fields, step.name, _DEFAULT_NAMES[RestStep])
    elif isinstance(step, HydrationStep):
        fields = {"drink": STEPS["drink"]["drink"].dump(step.ml)}
        _name_unless(fields, step.name, _DEFAULT_NAMES[HydrationStep])
    elif isinstance(step, CheckInStep):
        fields = {"check_in": step.moment}
        _name_unless(fields, step.name, _DEFAULT_NAMES[CheckInStep])
        if step.prompt != CHECK_IN_PROMPTS.get(step.moment):
            fields["prompt"] = step.prompt
    elif isinstance(step, BreathingStep):
        fields = _breathing_step(step)
    else:
        fields = _therapy_step(step)
    if step.note:
        fields["note"] = step.note
    return fields


def _name_unless(fields: dict[str, Any], name: str, default: str) -> None:
    if name and name != default:
        fields["name"] = name


def _exercise_step(step: ExerciseStep, base: Exercise) -> dict[str, Any]:
    exercise = step.exercise
    fields: dict[str, Any] = {"exercise": exercise.id}
    if exercise.name != base.name:
        fields["name"] = exercise.name
    fields.update(_dose_patch(step.dose, base.dose))
    if step.progression is not None:
        fields["progression"] = _FlowMap(_progression(step.progression))
    if exercise.target != base.target:
        fields["target"] = exercise.target
    if exercise.cues != base.cues:
        fields["cues"] = list(exercise.cues)
    if exercise.skip_if != base.skip_if:
        fields["skip_if"] = list(exercise.skip_if)
    if exercise.easier != base.easier and exercise.easier:
        fields["easier"] = exercise.easier
    if exercise.description != base.description and exercise.description:
        fields["description"] = exercise.description
    return fields


# Dose keys that shape the dose together (a pyramid stands for reps and sets).
_DOSE_SHAPERS = frozenset({"hold", "reps", "sets", "pyramid"})


def _dose_patch(dose: Dose, base: Dose) -> dict[str, Any]:
    """The dose keys that turn `base` into `dose` when the loader lays them over it.

    Every non-default value is written even when the base has it already, so the
    step reads complete; a value the base has and the step drops is cleared
    (`hold: null`). A pyramid stands for reps and sets, and reps or sets clear a
    pyramid, as the loader reads them.
    """
    patch: dict[str, Any] = {}
    if dose.hold is not None:
        patch["hold"] = _duration(dose.hold)
    elif base.hold is not None:
        patch["hold"] = None
    if dose.pyramid:
        patch["pyramid"] = _Flow(dose.pyramid)
    else:
        if dose.reps is not None:
            patch["reps"] = dose.reps
        elif base.reps is not None:
            patch["reps"] = None
        if dose.sets != 1 or base.sets != 1 or base.pyramid:
            patch["sets"] = dose.sets
    # The other dose keys as declared: written when not the default, or to clear a
    # value the base has (when the default can be written).
    for spec in DOSE:
        if spec.key in _DOSE_SHAPERS:
            continue
        value, base_value = getattr(dose, spec.key), getattr(base, spec.key)
        if value != spec.default or (base_value != spec.default and value is not None):
            patch[spec.key] = spec.dump(value)
    return patch


def _full_dose(dose: Dose) -> dict[str, Any]:
    """Every dose key, so nothing of a same-named library entry shows through."""
    full: dict[str, Any] = {"hold": _duration(dose.hold) if dose.hold is not None else None}
    if dose.pyramid:
        full["pyramid"] = _Flow(dose.pyramid)
    else:
        full["reps"] = dose.reps
        full["sets"] = dose.sets
    for spec in DOSE:
        value = getattr(dose, spec.key)
        if spec.key not in _DOSE_SHAPERS and value is not None:
            full[spec.key] = spec.dump(value)
    return full


def _progression(rule: Progression) -> dict[str, Any]:
    fields: dict[str, Any]
    if rule.field == "hold":
        fields = {
            "hold": PROGRESSION["hold"].dump(rule.step),
            "every": PROGRESSION["every"].dump(rule.every_days),
            "max": _duration(rule.maximum),
        }
    else:
        fields = {
            "reps": _PlusInt(round(rule.step)),
            "every": PROGRESSION["every"].dump(rule.every_days),
        }
        fields["max"] = round(rule.maximum)
    if rule.pain_below is not None:
        fields["while_pain_below"] = rule.pain_below
    if rule.then is not None:
        fields["then"] = _FlowMap(_progression(rule.then))
    return fields


def _breathing_step(step: BreathingStep) -> dict[str, Any]:
    pattern = step.pattern
    shown = None
    default_name = "Breathing"
    for key, named in BREATH_PATTERNS.items():
        if named.pattern == pattern:
            shown, default_name = key, named.step_name
            break
    if shown is None:
        shown = _pattern_text(step)
    fields: dict[str, Any]
    if step.rounds == DEFAULT_BREATH_ROUNDS:
        fields = {"breathe": shown}
    else:
        fields = {"breathe": _FlowMap({"pattern": shown, "rounds": step.rounds})}
    _name_unless(fields, step.name, default_name)
    return fields


def _pattern_text(step: BreathingStep) -> str:
    """The pattern as `in-hold-out-hold` seconds; its own label when that says the same."""
    pattern = step.pattern
    values = (pattern.inhale, pattern.hold_in, pattern.exhale, pattern.hold_out)
    label = pattern.label
    if re.fullmatch(r"\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?){1,3}", label):
        given = [float(part) for part in label.split("-")]
        if len(given) == 2:
            given = [given[0], 0.0, given[1], 0.0]
        elif len(given) == 3:
            given.append(0.0)
        if tuple(given) == values:
            return label
    return "-".join(_number_text(value) for value in values)


def _therapy_step(step: TherapyStep) -> dict[str, Any]:
    fields: dict[str, Any]
    standard_cue = THERAPY_CUES.get(step.mode)
    standard = (
        step.on == THERAPY_DEFAULT_ON
        and step.off == THERAPY_DEFAULT_OFF
        and step.bouts == 1
        and step.cue == standard_cue
    )
    if standard:
        fields = {"therapy": step.mode}
    else:
        values: dict[str, Any] = {"mode": step.mode, "on": step.on, "off": step.off}
        values["bouts"] = step.bouts
        if step.cue != standard_cue:
            values["cue"] = step.cue
        settings = {spec.key: spec.dump(values[spec.key]) for spec in THERAPY if spec.key in values}
        fields = {"therapy": settings}
    if step.name:
        fields["name"] = step.name
    return fields


# --------------------------------------------------------------------------- values


_duration = written_duration
_number_text = number_text


def _one_line(text: str) -> str:
    """Text safe inside a comment: every line break or control character becomes a space."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", text).strip()


class _Flow(tuple[Any, ...]):
    """A list written on one line: `[6, 4, 2]`."""


class _FlowMap(dict[str, Any]):
    """A mapping written on one line: `{hold: +5s, every: 7d}`."""


class _PlusInt(int):
    """A whole number written with its sign: `+1`."""


class _Dumper(yaml.SafeDumper):
    """Safe YAML out: block style, literal blocks for text with line breaks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key (`cues:\n  - a`), as people write them.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value.strip():
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


def _represent_flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


def _represent_flow_map(dumper: yaml.SafeDumper, value: _FlowMap) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", dict(value), flow_style=True)


def _represent_plus_int(dumper: yaml.SafeDumper, value: _PlusInt) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:int", f"+{int(value)}")


def _represent_none(dumper: yaml.SafeDumper, value: None) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "null")


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(_FlowMap, _represent_flow_map)
_Dumper.add_representer(_PlusInt, _represent_plus_int)
_Dumper.add_representer(type(None), _represent_none)


def _dump(data: object) -> list[str]:
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=_LINE_WIDTH,
    )
    return text.rstrip("\n").split("\n")


dump_yaml = _dump  # the programme writer's too (coach.routines.programme_file)


def _indent(lines: list[str], spaces: int) -> list[str]:
    pad = " " * spaces
    return [pad + line if line else line for line in lines]
