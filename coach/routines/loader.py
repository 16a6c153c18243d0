"""Routine and exercise-library YAML → the model, with every problem located.

`coach.yamlsafe` reads and composes the file (its guards: size, UTF-8, control
characters, depth, alias bombs, tags; YAML 1.2 meanings), and the nodes are walked
here, so every problem becomes a `LocatedError` (`path:line:column: field: message`)
and all problems of a file are reported together in one `InvalidFile`.

Each value is read by the type `coach.routines.format` declares for its key; this
module keeps what a declaration cannot say: which step kind a mapping is, the short
forms (`breathe: box`, `therapy: cold`), rules across fields (a progression's
ceiling, rounds or duration), and exercise look-ups. Library entries and doses are
`coach.routines.entries`'. The format is described in docs/routines.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coach import yamlsafe
from coach.errors import InvalidFile, LocatedError, did_you_mean, excerpt
from coach.routines.entries import (
    check_easier,
    check_version,
    parse_library,
    read_dose,
    read_exercise_list,
)
from coach.routines.fields import INVALID
from coach.routines.format import (
    BREATH_PATTERNS,
    BREATH_PHASE_MAX,
    BREATHE,
    CHECK_IN_PROMPTS,
    COMMON_STEP,
    DEFAULT_BREATH_ROUNDS,
    DEFAULTS,
    DOSE,
    EXERCISE_CHANGES,
    MAX_ROUNDS,
    PROGRESSION,
    ROUTINE,
    STEP_KINDS,
    STEPS,
    THERAPY,
    THERAPY_CUES,
    THERAPY_DEFAULT_OFF,
    THERAPY_DEFAULT_ON,
    NamedPattern,
)
from coach.routines.limits import limit_problems
from coach.routines.model import (
    BreathingStep,
    BreathPattern,
    CheckInStep,
    Defaults,
    Dose,
    Exercise,
    ExerciseStep,
    HydrationStep,
    Kind,
    Progression,
    RestStep,
    Routine,
    Step,
    TherapyStep,
)
from coach.routines.nodes import NodeReader, describe
from coach.routines.programme_file import RoutineReference, is_programme, read_programme
from coach.routines.programmes import Programme
from coach.yamlsafe import is_null

# The exercise fields a step may change (its name is read with every step's), and
# a therapy step's settings besides its mode.
_STEP_CHANGES = EXERCISE_CHANGES.without("name")
_THERAPY_SETTINGS = THERAPY.without("mode")

# --------------------------------------------------------------------------- public API


def load_routine_file(
    path: Path, exercises: Mapping[str, Exercise], *, builtin: bool = False
) -> Routine:
    """The routine in `path`; its id is the file stem unless the file sets `id`.

    Raises InvalidFile with every problem found.
    """
    text = read_text(path)
    return load_routine_text(text, str(path), exercises, builtin=builtin)


def load_routine_text(
    text: str, path: str, exercises: Mapping[str, Exercise], *, builtin: bool = False
) -> Routine:
    """Parse routine YAML `text`; `path` names it in errors and gives the default id.

    A programme file (`kind: programme`) is an InvalidFile here that says so.
    """
    document = load_document_text(text, path, exercises, builtin=builtin)
    if isinstance(document, LoadedProgramme):
        kind = next(k for k, _ in document.root.value if getattr(k, "value", "") == "kind")
        message = "this file is a programme of weeks, not a routine: `coach show` shows it"
        raise InvalidFile(path, [LocatedError(NodeReader(path).at(kind), message, "kind")])
    return document


@dataclass(frozen=True)
class LoadedProgramme:
    """A programme file, read; its routines are checked once every routine is known
    (`coach.routines.programme_file.unknown_routines`)."""

    programme: Programme
    references: tuple[RoutineReference, ...]
    root: MappingNode


def load_document_text(
    text: str, path: str, exercises: Mapping[str, Exercise], *, builtin: bool = False
) -> Routine | LoadedProgramme:
    """A routine file or a programme file (`kind: programme`); InvalidFile on any problem."""
    reader = NodeReader(path)
    root = reader.compose(text)
    if root is not None and is_programme(root):
        assert isinstance(root, MappingNode)
        programme, references = read_programme(reader, root, builtin=builtin)
        if reader.errors or programme is None:
            raise reader.invalid()
        return LoadedProgramme(programme, references, root)
    routine = None
    if root is not None:
        routine = _RoutineParser(reader, exercises, builtin).parse(root)
    if reader.errors or routine is None:
        raise reader.invalid()
    return routine


def load_exercises_text(
    text: str, path: str, base: Mapping[str, Exercise] | None = None
) -> dict[str, Exercise]:
    exercises, error = read_exercises_text(text, path, base)
    if error is not None:
        raise error
    return exercises


def read_exercises_text(
    text: str, path: str, base: Mapping[str, Exercise] | None = None
) -> tuple[dict[str, Exercise], InvalidFile | None]:
    """Like `load_exercises_text`, but keeps every valid entry when others are broken.

    A broken entry in a library must not take every routine that does not use it down.
    """
    reader = NodeReader(path)
    merged = dict(base or {})
    root = reader.compose(text)
    if root is not None:
        merged = parse_library(reader, root, merged)
    return merged, (reader.invalid() if reader.errors else None)


def read_text(path: Path) -> str:
    """The file's text, refusing files over 1 MB and files that are not UTF-8."""
    return yamlsafe.read_text(path)


# --------------------------------------------------------------------------- the node reader


# --------------------------------------------------------------------------- routines


class _RoutineParser:
    def __init__(
        self, reader: NodeReader, exercises: Mapping[str, Exercise], builtin: bool
    ) -> None:
        self.reader = reader
        self.exercises: Mapping[str, Exercise] = exercises
        self.builtin = builtin
        self.broken: set[str] = set()  # the routine's own exercises that failed to load

    def parse(self, root: Node) -> Routine | None:
        reader = self.reader
        entries = reader.document(root, ROUTINE.keys, "name, kind, steps and so on", "a routine")
        if entries is None:
            return None
        values: dict[str, Any] = {}
        if "version" in entries:
            check_version(reader, entries["version"][1])
        routine_id: str | None = Path(reader.path).stem
        if "id" in entries:
            routine_id = _value(ROUTINE["id"].read(reader, entries["id"][1], "id"))
        name_node = reader.required(entries, root, "", "name", "every routine needs a name")
        name = (
            None if name_node is None else _value(ROUTINE["name"].read(reader, name_node, "name"))
        )
        kind_node = reader.required(
            entries, root, "", "kind", f"one of {', '.join(k.value for k in Kind)}"
        )
        kind = (
            None if kind_node is None else _value(ROUTINE["kind"].read(reader, kind_node, "kind"))
        )
        for key in ("description", "author", "prescribed_by", "notes", "tags"):
            if key in entries:
                values[key] = _value(ROUTINE[key].read(reader, entries[key][1], key))
        if "defaults" in entries:
            values["defaults"] = self.defaults(entries["defaults"][1])
        if "exercises" in entries:
            self.exercises = read_exercise_list(
                reader, entries["exercises"][1], "exercises", self.exercises, self.broken
            )
        steps = None
        steps_node = reader.required(entries, root, "", "steps", "list what to do under `steps:`")
        if steps_node is not None:
            steps = self.steps(steps_node)
        if (
            reader.errors
            or routine_id is None
            or name is None
            or kind is None
            or steps is None
            or any(v is None for v in values.values())
        ):
            return None
        routine = Routine(
            id=routine_id,
            name=name,
            kind=Kind(kind),
            steps=steps,
            source=Path(reader.path),
            builtin=self.builtin,
            **values,
        )
        assert isinstance(steps_node, SequenceNode)  # steps were read from it
        # The routine as a whole: steps, time and phases (each value had its own range).
        for problem in limit_problems(routine):
            index = problem.step_index
            reader.fail(steps_node.value[index], f"steps[{index}]", problem.message)
        return None if reader.errors else routine

    def defaults(self, node: Node) -> Defaults | None:
        entries = self.reader.mapping(node, "defaults", DEFAULTS.keys, "timings like `rest: 10s`")
        if entries is None:
            return None
        values: dict[str, float] = {}
        for key, (_, value) in entries.items():
            seconds = DEFAULTS[key].read(self.reader, value, f"defaults.{key}")
            if seconds is not INVALID:
                values[key] = seconds
        if len(values) < len(entries):
            return None
        return Defaults(**values)

    def steps(self, node: Node) -> tuple[Step, ...] | None:
        reader = self.reader
        if is_null(node) or (isinstance(node, SequenceNode) and not node.value):
            reader.fail(node, "steps", "is empty; a routine needs at least one step")
            return None
        items = reader.sequence(node, "steps", "a list of steps (lines starting with `- `)")
        if items is None:
            return None
        steps = [self.step(item, f"steps[{index}]") for index, item in enumerate(items)]
        if any(step is None for step in steps):
            return None
        return tuple(step for step in steps if step is not None)

    def step(self, node: Node, field: str) -> Step | None:
        reader = self.reader
        if not isinstance(node, MappingNode):
            if isinstance(node, ScalarNode) and str(node.value) in STEP_KINDS:
                message = f"write `{node.value}:` followed by its value, e.g. `- rest: 30s`"
                reader.fail(node, field, message)
            else:
                reader.fail(
                    node,
                    field,
                    f"expected a step like `- exercise: chin-tuck`, got {describe(node)}",
                )
            return None
        keys = [str(k.value) for k, _ in node.value if isinstance(k, ScalarNode)]
        kinds = [k for k in STEP_KINDS if k in keys]
        if len(kinds) > 1:
            listed = " and ".join(f"`{k}`" for k in kinds)
            reader.fail(
                node, field, f"a step is one thing, not {listed}: split it into {len(kinds)} steps"
            )
            return None
        if not kinds:
            all_keys = {k for ks in (shape.keys for shape in STEPS.values()) for k in ks}
            unknown = [k for k in keys if k not in all_keys]
            hint = next((h for h in (did_you_mean(k, STEP_KINDS) for k in unknown) if h), "")
            if not hint and any(k in STEPS["exercise"] for k in keys):
                hint = "; add `exercise: ID` to say which exercise"
            reader.fail(node, field, f"a step needs one of {', '.join(STEP_KINDS)}{hint}")
            return None
        kind = kinds[0]
        entries = self._step_entries(node, field, kind)
        if entries is None:
            return None
        name = note = None
        if "name" in entries:
            name = _value(COMMON_STEP["name"].read(reader, entries["name"][1], f"{field}.name"))
            if name is None:
                return None
        if "note" in entries:
            note = _value(COMMON_STEP["note"].read(reader, entries["note"][1], f"{field}.note"))
            if note is None:
                return None
        common: dict[str, Any] = {"note": note or ""}
        if name is not None and kind != "exercise":
            common["name"] = name
        value = entries[kind][1]
        path = f"{field}.{kind}"
        if kind == "exercise":
            return self.exercise_step(node, entries, field, name, note or "")
        if kind == "rest":
            seconds = _value(STEPS["rest"]["rest"].read(reader, value, path))
            return None if seconds is None else RestStep(seconds, **common)
        if kind == "breathe":
            return self.breathing_step(value, path, common)
        if kind == "drink":
            return self.drink_step(value, path, common)
        if kind == "therapy":
            return self.therapy_step(value, path, common)
        return self.check_in_step(value, path, entries, field, common)

    def _step_entries(
        self, node: MappingNode, field: str, kind: str
    ) -> dict[str, tuple[Node, Node]] | None:
        """Like `mapping`, but an unknown key that belongs to another step kind says so."""
        reader = self.reader
        allowed = STEPS[kind].keys
        before = len(reader.errors)
        entries = reader.mapping(node, field, allowed, "a step")
        # Replace generic "unknown key" messages by a more useful one where it applies.
        for i in range(before, len(reader.errors)):
            error = reader.errors[i]
            key = error.field.rsplit(".", 1)[-1]
            owners = [k for k, shape in STEPS.items() if key in shape and k != kind]
            if error.message.startswith("unknown key") and owners:
                label = kind.replace("_", "-")
                message = f"`{key}` does not belong in a {label} step (it is for {owners[0]} steps)"
                reader.errors[i] = replace(error, message=message)
        if entries is None or len(reader.errors) > before:
            return None
        return entries

    def exercise_step(
        self,
        node: Node,
        entries: dict[str, tuple[Node, Node]],
        field: str,
        name: str | None,
        note: str,
    ) -> ExerciseStep | None:
        reader = self.reader
        id_node = entries["exercise"][1]
        exercise_id = _value(
            STEPS["exercise"]["exercise"].read(reader, id_node, f"{field}.exercise")
        )
        if exercise_id is None:
            return None
        exercise = self.exercises.get(exercise_id)
        # An unknown exercise still has its other fields checked, so one run of
        # `coach validate` reports every problem of the step.
        if exercise is None and exercise_id not in self.broken:
            hint = did_you_mean(exercise_id, tuple(self.exercises))
            reader.fail(
                id_node,
                f"{field}.exercise",
                f'unknown exercise "{exercise_id}"{hint}; `coach list --exercises` shows them',
            )
        overrides: dict[str, Any] = {}
        if name is not None:
            overrides["name"] = name
        for spec in _STEP_CHANGES:
            if spec.key in entries:
                value_node = entries[spec.key][1]
                value = spec.read(reader, value_node, f"{field}.{spec.key}")
                if spec.key == "easier" and value is not INVALID:
                    check_easier(
                        reader, exercise_id, value, value_node, f"{field}.easier", self.exercises
                    )
                overrides[spec.key] = value
        patch = read_dose(reader, entries, field)
        if exercise is None:
            return None  # its error is reported above (or with its definition)
        if patch is None or INVALID in overrides.values():
            return None
        dose = patch.apply(exercise.dose)
        if overrides:
            exercise = replace(exercise, **overrides)
        progression = None
        if "progression" in entries:
            progression = self.progression(entries["progression"][1], f"{field}.progression", dose)
            if progression is None:
                return None
        return ExerciseStep(exercise=exercise, dose=dose, note=note, progression=progression)

    def progression(
        self, node: Node, field: str, dose: Dose, *, first: Progression | None = None
    ) -> Progression | None:
        """A step's progression; `first`: this is its `then:` stage, after that one."""
        reader = self.reader
        entries = reader.mapping(
            node, field, PROGRESSION.keys, "a progression like `{reps: +1, every: 14d, max: 10}`"
        )
        if entries is None:
            return None
        grows = [k for k in ("hold", "reps") if k in entries]
        if len(grows) != 1:
            reader.fail(node, field, "say what grows: either `hold: +5s` or `reps: +1`")
            return None
        grow = grows[0]
        if first is not None and "then" in entries:
            reader.fail(entries["then"][0], f"{field}.then", "a progression has two stages at most")
            return None
        if first is not None and grow == first.field:
            other = "reps" if grow == "hold" else "hold"
            reader.fail(
                entries[grow][0],
                f"{field}.{grow}",
                f"the second stage grows what the first does not: `{other}`",
            )
            return None
        step = _value(PROGRESSION[grow].read(reader, entries[grow][1], f"{field}.{grow}"))
        every = None
        every_node = reader.required(
            entries, node, field, "every", "say how often, like `every: 14d`"
        )
        if every_node is not None:
            every = _value(PROGRESSION["every"].read(reader, every_node, f"{field}.every"))
        maximum: float | None = None
        max_node = reader.required(entries, node, field, "max", "a progression needs a ceiling")
        if max_node is not None and is_null(max_node):
            reader.fail(max_node, f"{field}.max", "is empty; a progression needs a ceiling")
            max_node = None
        if max_node is not None:
            # The ceiling's type follows what grows: a duration for holds, reps for reps.
            ceiling = DOSE["hold"] if grow == "hold" else DOSE["reps"]
            maximum = _value(ceiling.read(reader, max_node, f"{field}.max"))
        pain_below = None
        if "while_pain_below" in entries:
            pain_below = _value(
                PROGRESSION["while_pain_below"].read(
                    reader, entries["while_pain_below"][1], f"{field}.while_pain_below"
                )
            )
            if pain_below is None:
                return None
        if step is None or every is None or maximum is None:
            return None
        if grow == "hold" and dose.hold is None:
            reader.fail(node, field, "grows the hold, but this step has no `hold`")
            return None
        if grow == "reps" and dose.reps is None and not dose.pyramid:
            reader.fail(node, field, "grows the reps, but this step has no `reps` or `pyramid`")
            return None
        start = dose.hold if grow == "hold" else max(dose.reps_per_set, key=lambda r: r or 0)
        if max_node is not None and start is not None and maximum < start:
            reader.fail(max_node, f"{field}.max", "is below the starting dose")
            return None
        field_name: Literal["hold", "reps"] = "hold" if grow == "hold" else "reps"
        rule = Progression(field_name, float(step), every, float(maximum), pain_below)
        if "then" in entries:
            then = self.progression(entries["then"][1], f"{field}.then", dose, first=rule)
            if then is None:
                return None
            rule = replace(rule, then=then)
        return rule

    def breathing_step(
        self, node: Node, field: str, common: dict[str, Any]
    ) -> BreathingStep | None:
        reader = self.reader
        pattern_node: Node = node
        rounds: int | None = DEFAULT_BREATH_ROUNDS
        if isinstance(node, MappingNode):
            entries = reader.mapping(node, field, BREATHE.keys, "a breathing pattern")
            if entries is None:
                return None
            given = reader.required(
                entries, node, field, "pattern", "say which, e.g. `pattern: box`"
            )
            if given is None:
                return None
            pattern_node = given
            if "rounds" in entries and "duration" in entries:
                reader.fail(
                    entries["duration"][0], f"{field}.duration", "give rounds or duration, not both"
                )
                return None
            if "rounds" in entries:
                rounds = _value(
                    BREATHE["rounds"].read(reader, entries["rounds"][1], f"{field}.rounds")
                )
        elif isinstance(node, SequenceNode) or (isinstance(node, ScalarNode) and not is_null(node)):
            entries = {}
        else:
            reader.fail(node, field, "expected a pattern like box, 4-7-8 or slow")
            return None
        named = self.pattern(
            pattern_node, f"{field}.pattern" if pattern_node is not node else field
        )
        if named is None or rounds is None:
            return None
        if "duration" in entries:
            duration_node = entries["duration"][1]
            seconds = _value(BREATHE["duration"].read(reader, duration_node, f"{field}.duration"))
            if seconds is None:
                return None
            rounds = max(1, round(seconds / named.pattern.cycle_seconds))
            if rounds > MAX_ROUNDS:
                reader.fail(
                    duration_node, f"{field}.duration", f"makes more than {MAX_ROUNDS} rounds"
                )
                return None
        common.setdefault("name", named.step_name)
        return BreathingStep(pattern=named.pattern, rounds=rounds, **common)

    def pattern(self, node: Node, field: str) -> NamedPattern | None:
        reader = self.reader
        if isinstance(node, ScalarNode) and not is_null(node):
            text = str(node.value).strip().lower()
            if text in BREATH_PATTERNS:
                return BREATH_PATTERNS[text]
            parts: list[Any] = text.split("-")
            if len(parts) < 2 or not all(re.fullmatch(r"\d+(\.\d+)?", p) for p in parts):
                names = ", ".join(BREATH_PATTERNS)
                hint = did_you_mean(text, tuple(BREATH_PATTERNS))
                reader.fail(
                    node,
                    field,
                    f'"{excerpt(node.value)}" is not a pattern: use {names}, '
                    f"or seconds like 4-7-8-0{hint}",
                )
                return None
            seconds: list[float | None] = [float(p) for p in parts]
        elif isinstance(node, SequenceNode):
            seconds = [reader.duration(item, f"{field}[{i}]") for i, item in enumerate(node.value)]
            if any(s is None for s in seconds):
                return None
        else:
            reader.fail(
                node, field, f"expected a pattern like box or [4, 7, 8, 0], got {describe(node)}"
            )
            return None
        return self._custom_pattern(node, field, [s or 0.0 for s in seconds])

    def _custom_pattern(self, node: Node, field: str, seconds: list[float]) -> NamedPattern | None:
        reader = self.reader
        if not 2 <= len(seconds) <= 4:
            reader.fail(
                node,
                field,
                "give 2 to 4 lengths: in-out, in-hold-out or in-hold-out-hold",
            )
            return None
        if len(seconds) == 2:
            inhale, hold_in, exhale, hold_out = seconds[0], 0.0, seconds[1], 0.0
        elif len(seconds) == 3:
            inhale, hold_in, exhale, hold_out = seconds[0], seconds[1], seconds[2], 0.0
        else:
            inhale, hold_in, exhale, hold_out = seconds
        if inhale <= 0 or exhale <= 0:
            reader.fail(node, field, "breathing in and out must each last more than 0 seconds")
            return None
        if max(seconds) > BREATH_PHASE_MAX:
            reader.fail(
                node, field, f"a breath phase over {BREATH_PHASE_MAX:g} seconds cannot be right"
            )
            return None
        label = "-".join(f"{s:g}" for s in seconds)
        for named in BREATH_PATTERNS.values():
            p = named.pattern
            if (p.inhale, p.hold_in, p.exhale, p.hold_out) == (inhale, hold_in, exhale, hold_out):
                return named
        return NamedPattern(BreathPattern(inhale, hold_in, exhale, hold_out, label), "Breathing")

    def drink_step(self, node: Node, field: str, common: dict[str, Any]) -> HydrationStep | None:
        ml = _value(STEPS["drink"]["drink"].read(self.reader, node, field))
        return None if ml is None else HydrationStep(ml=ml, **common)

    def therapy_step(self, node: Node, field: str, common: dict[str, Any]) -> TherapyStep | None:
        reader = self.reader
        if isinstance(node, ScalarNode) and not is_null(node):
            mode = _value(THERAPY["mode"].read(reader, node, field))
            if mode is None:
                return None
            return TherapyStep(
                _mode(mode),
                THERAPY_DEFAULT_ON,
                THERAPY_DEFAULT_OFF,
                1,
                THERAPY_CUES[mode],
                **common,
            )
        entries = reader.mapping(
            node, field, THERAPY.keys, "cold or heat settings like `{mode: cold, on: 15m}`"
        )
        if entries is None:
            return None
        mode_node = reader.required(entries, node, field, "mode", "cold or heat")
        values: dict[str, Any] = {spec.key: spec.default for spec in THERAPY if spec.has_default}
        if mode_node is not None:
            values["mode"] = THERAPY["mode"].read(reader, mode_node, f"{field}.mode")
        for spec in _THERAPY_SETTINGS:
            if spec.key in entries:
                values[spec.key] = spec.read(reader, entries[spec.key][1], f"{field}.{spec.key}")
        if mode_node is None or INVALID in values.values():
            return None
        mode = values["mode"]
        cue = values.get("cue") or THERAPY_CUES[mode]
        on, off, bouts = values["on"], values["off"], values["bouts"]
        return TherapyStep(_mode(mode), on, off, bouts, cue, **common)

    def check_in_step(
        self,
        node: Node,
        field: str,
        entries: dict[str, tuple[Node, Node]],
        step_field: str,
        common: dict[str, Any],
    ) -> CheckInStep | None:
        reader = self.reader
        moment = _value(STEPS["check_in"]["check_in"].read(reader, node, field))
        prompt = None
        if "prompt" in entries:
            prompt_node = entries["prompt"][1]
            prompt = _value(
                STEPS["check_in"]["prompt"].read(reader, prompt_node, f"{step_field}.prompt")
            )
            if prompt is None:
                return None
        if moment is None:
            return None
        when: Literal["before", "after"] = "before" if moment == "before" else "after"
        return CheckInStep(when, prompt or CHECK_IN_PROMPTS[moment], **common)


def _value(value: Any) -> Any:
    """A declared field's value, with INVALID (its error is reported) as None."""
    return None if value is INVALID else value


def _mode(mode: str) -> Literal["cold", "heat"]:
    return "cold" if mode == "cold" else "heat"
