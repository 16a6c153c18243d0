"""Figures as YAML: one figure's mapping → `Figure`, every problem a located error.

A figure is written the way an exercise will carry it under `figure:`:

    figure: {like: bird-dog}            # the built-in figure of another exercise

    figure:
      view: side                        # side (default) or front
      props: [chair, desk]              # chair, desk, wall, towel, pack; the floor is always there
      anchor: hip                       # the part that stays put: hip (default), foot, knee, hand
      keyframes:                        # 2 to 8; a rep runs through them and back to the first
        - trunk: 0                      # hips → neck; 0 forward, 90 up, 180 back, -90 down
          arms: [-90, -90]              # upper arm, forearm; `arm` / `arm2` set one arm
          legs: [-90, 180]              # thigh, shin; `leg` / `leg2` set one leg
        - arm: [0, 0]
          leg2: [180, 180]
          hold: true                    # the pose held during a hold (default: the second)

A key left out of a keyframe keeps its value from the keyframe before; the first keyframe
starts from standing. `head` follows the trunk and `face` looks ahead of the head (down
when on all fours, up when lying on the back) until a keyframe sets them.

Keyframe keys: trunk, bend, head, face, shoulder, turn, gaze, arms, arm, arm2, legs, leg,
leg2, hold (see `coach.figures.model.Pose` and docs/exercises.md). Limbs are
`[upper, lower]` or `[upper, lower, upper_length, lower_length]` (lengths 0–1.5 foreshorten).

The built-in figures sit in `routines/figures/figures.yaml`: `figures:` maps exercise ids to
figures. `read_figure_node` reads one figure from already-composed YAML nodes, so the routine
loader can read an exercise's `figure:` with its own guards and locations; `figure_fields`
is its inverse (the routine writer's), and `figure_schema` the JSON Schema of a `figure:`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coach import yamlsafe
from coach.errors import InvalidFile, LocatedError, Location, did_you_mean, excerpt
from coach.figures.model import HANGING, Anchor, Figure, Limb, Pose, Prop, View

FORMAT_VERSION = 1
MAX_KEYFRAMES = 8
FIGURE_KEYS = ("like", "view", "props", "anchor", "keyframes")
KEYFRAME_KEYS = (
    "trunk",
    "bend",
    "head",
    "face",
    "shoulder",
    "turn",
    "gaze",
    "arms",
    "arm",
    "arm2",
    "legs",
    "leg",
    "leg2",
    "hold",
)
FILE_KEYS = ("version", "figures")
# Ranges: an angle may be written either way round (-90 or 270), so up to a full turn.
ANGLE = (-360.0, 360.0)
BEND = (-6.0, 6.0)
SHOULDER = (-4.0, 4.0)
TURN = (-90.0, 90.0)
GAZE = (0.0, 40.0)
LENGTH = (0.0, 1.5)

_TAG = "tag:yaml.org,2002:"
_INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("int", "float", "bool", "null"))
_SCALARS = SafeConstructor()
_KEY_CHARS = 30  # at most this much of an unknown key is quoted
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class _Reader:
    """Collects located errors; each getter returns None on a problem."""

    path: str
    errors: list[LocatedError] = field(default_factory=list)

    def fail(self, node: Node, where: str, message: str) -> None:
        mark = node.start_mark
        location = Location(self.path, mark.line + 1, mark.column + 1)
        self.errors.append(LocatedError(location, message, where))

    def mapping(self, node: Node, where: str, keys: tuple[str, ...], what: str) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            self.fail(node, where, f"expected {what}, got {_describe(node)}")
            return {}
        entries: dict[str, Node] = {}
        for key, value in node.value:
            name = str(key.value) if isinstance(key, ScalarNode) else ""
            shown = excerpt(name, _KEY_CHARS)
            here = f"{where}.{shown}" if where else shown
            if name not in keys:
                self.fail(key, here, f"unknown key{did_you_mean(name, keys)}")
            elif name in entries:
                line = entries[name].start_mark.line + 1
                self.fail(key, here, f"is set twice (first near line {line}); keep one")
            else:
                entries[name] = value
        return entries

    def number(self, node: Node, where: str, bounds: tuple[float, float]) -> float | None:
        low, high = bounds
        if not isinstance(node, ScalarNode) or node.tag not in (_INT, _FLOAT):
            self.fail(node, where, f"expected a number, got {_describe(node)}")
            return None
        try:
            value = float(yamlsafe.number(node))  # never OverflowError, whatever the digits
        except ValueError as error:
            self.fail(node, where, str(error))
            return None
        if math.isnan(value) or not low <= value <= high:
            shown = excerpt(node.value)
            self.fail(node, where, f"must be between {low:g} and {high:g}, got {shown}")
            return None
        return value

    def numbers(
        self, node: Node, where: str, counts: tuple[int, ...], bounds: list[tuple[float, float]]
    ) -> list[float] | None:
        shown = " or ".join(str(c) for c in counts)
        if not isinstance(node, SequenceNode) or len(node.value) not in counts:
            self.fail(node, where, f"expected a list of {shown} numbers, got {_describe(node)}")
            return None
        values = [
            self.number(item, f"{where}[{i}]", bounds[i]) for i, item in enumerate(node.value)
        ]
        return None if any(v is None for v in values) else [float(v or 0.0) for v in values]

    def choice(self, node: Node, where: str, choices: tuple[str, ...]) -> str | None:
        listed = ", ".join(choices)
        if not isinstance(node, ScalarNode) or node.tag in (_NULL, _BOOL, _INT, _FLOAT):
            self.fail(node, where, f"expected one of {listed}, got {_describe(node)}")
            return None
        value = str(node.value).strip()
        if value not in choices:
            hint = did_you_mean(value, choices)
            self.fail(node, where, f'"{excerpt(value)}" is not one of {listed}{hint}')
            return None
        return value

    def boolean(self, node: Node, where: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != _BOOL:
            self.fail(node, where, f"expected true or false, got {_describe(node)}")
            return None
        return bool(_SCALARS.construct_yaml_bool(node))


def _describe(node: Node) -> str:
    """How a value looks to a user, for "expected X, got Y"."""
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return f"a list of {len(node.value)}"
    if node.tag == _NULL:
        return "nothing"
    if node.tag in (_BOOL, _INT, _FLOAT):
        return excerpt(node.value)
    return f'"{excerpt(node.value)}"'


# --------------------------------------------------------------------------- one figure


def read_figure_node(
    node: Node, where: str, path: str, known: Mapping[str, Figure] | None = None
) -> tuple[Figure | None, list[LocatedError]]:
    """One figure from its YAML node; `where` is its field (e.g. `exercises[3].figure`).

    `known` are the figures `like:` may name. Returns the figure (None when it has
    problems) and the problems, each located in `path`.
    """
    reader = _Reader(path)
    figure = _figure(reader, node, where, known or {})
    return (figure if not reader.errors else None), reader.errors


def _figure(reader: _Reader, node: Node, where: str, known: Mapping[str, Figure]) -> Figure | None:
    entries = reader.mapping(node, where, FIGURE_KEYS, "a figure (like: or keyframes:)")
    if not entries:
        if isinstance(node, MappingNode):
            reader.fail(node, where, "is empty; give `like: EXERCISE` or `keyframes:`")
        return None
    if "like" in entries:
        for key in entries:
            if key != "like":
                reader.fail(
                    entries[key],
                    f"{where}.{key}",
                    "cannot go with `like:`, which copies a whole figure",
                )
        like_node = entries["like"]
        name = str(like_node.value).strip() if isinstance(like_node, ScalarNode) else ""
        if name in known:
            return replace(known[name], like=name)
        reader.fail(
            like_node,
            f"{where}.like",
            f'no figure named "{excerpt(name)}"{did_you_mean(name, tuple(known))}',
        )
        return None
    view = View.SIDE
    if "view" in entries:
        view = View(reader.choice(entries["view"], f"{where}.view", tuple(View)) or View.SIDE)
    anchor = Anchor.HIP
    if "anchor" in entries:
        chosen = reader.choice(entries["anchor"], f"{where}.anchor", tuple(Anchor))
        anchor = Anchor(chosen or Anchor.HIP)
    props = _props(reader, entries.get("props"), f"{where}.props")
    if "keyframes" not in entries:
        reader.fail(node, f"{where}.keyframes", "missing; a figure needs at least two keyframes")
        return None
    keyframes, hold = _keyframes(reader, entries["keyframes"], f"{where}.keyframes", view)
    if keyframes is None:
        return None
    return Figure(keyframes, view=view, props=props, anchor=anchor, hold=hold)


def _props(reader: _Reader, node: Node | None, where: str) -> tuple[Prop, ...]:
    if node is None:
        return ()
    if not isinstance(node, SequenceNode):
        reader.fail(node, where, f"expected a list like [chair, desk], got {_describe(node)}")
        return ()
    props: list[Prop] = []
    for i, item in enumerate(node.value):
        name = reader.choice(item, f"{where}[{i}]", tuple(Prop))
        if name is not None and Prop(name) not in props:
            props.append(Prop(name))
    return tuple(props)


def _keyframes(
    reader: _Reader, node: Node, where: str, view: View
) -> tuple[tuple[Pose, ...] | None, int]:
    if not isinstance(node, SequenceNode) or not 2 <= len(node.value) <= MAX_KEYFRAMES:
        reader.fail(
            node,
            where,
            f"expected a list of 2 to {MAX_KEYFRAMES} keyframes, got {_describe(node)}",
        )
        return None, 1
    before = len(reader.errors)
    poses: list[Pose] = []
    held: list[int] = []
    state = _Carried(Pose(), head_set=False, face_set=False)
    for i, item in enumerate(node.value):
        state, hold = _keyframe(reader, item, f"{where}[{i}]", state, view)
        poses.append(state.pose)
        if hold:
            held.append(i)
    if len(held) > 1:
        reader.fail(node, where, f"hold: true is on keyframes {held[0]} and {held[1]}; keep one")
    if len(reader.errors) > before:
        return None, 1
    return tuple(poses), (held[0] if held else 1)


@dataclass(frozen=True)
class _Carried:
    pose: Pose
    head_set: bool
    face_set: bool


def _keyframe(
    reader: _Reader, node: Node, where: str, before: _Carried, view: View
) -> tuple[_Carried, bool]:
    entries = reader.mapping(node, where, KEYFRAME_KEYS, "a keyframe (trunk:, arms:, legs: ...)")
    values: dict[str, Any] = {}
    for key, bounds in (
        ("trunk", ANGLE),
        ("bend", BEND),
        ("head", ANGLE),
        ("face", ANGLE),
        ("turn", TURN),
        ("gaze", GAZE),
    ):
        if key in entries:
            value = reader.number(entries[key], f"{where}.{key}", bounds)
            if value is not None:
                values[key] = value
    if "shoulder" in entries:
        pair = reader.numbers(entries["shoulder"], f"{where}.shoulder", (2,), [SHOULDER] * 2)
        if pair is not None:
            values["shoulder"] = (pair[0], pair[1])
    for both, one, two in (("arms", "arm", "arm2"), ("legs", "leg", "leg2")):
        for key in (both, one, two):
            if key not in entries:
                continue
            limb = _limb(reader, entries[key], f"{where}.{key}")
            if limb is None:
                continue
            if key == both:
                values[one] = values[two] = limb
            else:
                values[key] = limb  # `arm` / `arm2` after `arms`: the single one wins
    hold = False
    if "hold" in entries:
        hold = bool(reader.boolean(entries["hold"], f"{where}.hold"))
    pose = replace(before.pose, **values)
    head_set = before.head_set or "head" in values
    face_set = before.face_set or "face" in values
    if not head_set:
        pose = replace(pose, head=pose.trunk)
    if not face_set:
        face = pose.head - 90.0
        # The same direction inside the range a file may write, so a figure written out
        # (the routine writer's `figure_fields`) reads back.
        pose = replace(pose, face=face + 360.0 if face < ANGLE[0] else face)
    return _Carried(pose, head_set, face_set), hold


def _limb(reader: _Reader, node: Node, where: str) -> Limb | None:
    values = reader.numbers(node, where, (2, 4), [ANGLE, ANGLE, LENGTH, LENGTH])
    if values is None:
        return None
    return Limb(*values)


# --------------------------------------------------------------------------- a file of figures


def read_figures_text(
    text: str, path: str, known: Mapping[str, Figure] | None = None
) -> tuple[dict[str, Figure], list[LocatedError]]:
    """`figures:` of a figures file: {id: figure}, keeping every good entry, and the problems.

    `like:` may name a figure of the same file (one with its own keyframes) or of `known`.
    For coach's own file: a user's figures arrive inside exercises, through the routine
    loader's guards (size, depth, aliases, tags).
    """
    reader = _Reader(path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = error.problem or error.context or "cannot be read"
        return {}, [LocatedError(Location(path, line, column), f"not valid YAML: {problem}")]
    except yaml.YAMLError as error:
        return {}, [LocatedError(Location(path), f"not valid YAML: {error}")]
    if root is None:
        return {}, [LocatedError(Location(path, 1, 1), "the file is empty")]
    entries = reader.mapping(root, "", FILE_KEYS, "a mapping with version: and figures:")
    if "version" in entries:
        version = reader.number(entries["version"], "version", (1, 1))
        if version is None:
            return {}, reader.errors
    if "figures" not in entries:
        if isinstance(root, MappingNode):
            reader.fail(root, "figures", "missing; map exercise ids to their figures")
        return {}, reader.errors
    listed = entries["figures"]
    if not isinstance(listed, MappingNode):
        reader.fail(
            listed, "figures", f"expected a mapping of ids to figures, got {_describe(listed)}"
        )
        return {}, reader.errors
    figures: dict[str, Figure] = {}
    likes: list[tuple[str, Node]] = []
    seen: set[str] = set()
    for key, value in listed.value:
        name = str(key.value) if isinstance(key, ScalarNode) else ""
        if not name or name in seen:
            reader.fail(
                key, f"figures.{name}", "is set twice; keep one" if name else "expected an id"
            )
            continue
        seen.add(name)
        if _is_like(value):
            likes.append((name, value))
            continue
        figure, problems = read_figure_node(value, f"figures.{name}", path)
        reader.errors += problems
        if figure is not None:
            figures[name] = figure
    base = {**(known or {}), **figures}
    for name, value in likes:
        figure, problems = read_figure_node(value, f"figures.{name}", path, base)
        reader.errors += problems
        if figure is not None:
            figures[name] = figure
    reader.errors.sort(key=lambda e: (e.location.line, e.location.column))
    return figures, reader.errors


def _is_like(node: Node) -> bool:
    return isinstance(node, MappingNode) and any(
        isinstance(k, ScalarNode) and k.value == "like" for k, _ in node.value
    )


def load_figures_file(path: Path, known: Mapping[str, Figure] | None = None) -> dict[str, Figure]:
    """The figures in `path`; InvalidFile with every problem if any entry is broken."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidFile(
            path, [LocatedError(Location(str(path)), f"cannot read it: {error}")]
        ) from None
    figures, problems = read_figures_text(text, str(path), known)
    if problems:
        raise InvalidFile(path, problems)
    return figures


# --------------------------------------------------------------------------- writing, schema


def figure_fields(figure: Figure) -> dict[str, Any]:
    """A figure as `read_figure_node` reads it back equal: `{like: id}` for a built-in's
    copy, else every value of every keyframe written out (nothing left to carry over)."""
    if figure.like is not None:
        return {"like": figure.like}
    fields: dict[str, Any] = {}
    if figure.view is not View.SIDE:
        fields["view"] = figure.view.value
    if figure.props:
        fields["props"] = [prop.value for prop in figure.props]
    if figure.anchor is not Anchor.HIP:
        fields["anchor"] = figure.anchor.value
    keyframes = []
    for index, pose in enumerate(figure.keyframes):
        keyframe: dict[str, Any] = {
            "trunk": _number(pose.trunk),
            "bend": _number(pose.bend),
            "head": _number(pose.head),
            "face": _number(pose.face),
            "shoulder": [_number(v) for v in pose.shoulder],
            "turn": _number(pose.turn),
            "gaze": _number(pose.gaze),
        }
        for key in ("arm", "arm2", "leg", "leg2"):
            keyframe[key] = _limb_values(getattr(pose, key))
        if index == figure.hold:
            keyframe["hold"] = True
        keyframes.append(keyframe)
    fields["keyframes"] = keyframes
    return fields


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _limb_values(limb: Limb) -> list[int | float]:
    values = [_number(limb.upper), _number(limb.lower)]
    if (limb.upper_length, limb.lower_length) != (HANGING.upper_length, HANGING.lower_length):
        values += [_number(limb.upper_length), _number(limb.lower_length)]
    return values


FIGURE_ID_MARK = "coach: a figure id"  # coach.routines.schema lists the built-in ids here


def figure_schema() -> dict[str, Any]:
    """The JSON Schema of a `figure:` (the ranges are this module's)."""

    def number(bounds: tuple[float, float], title: str, description: str) -> dict[str, Any]:
        low, high = bounds
        return {
            "type": "number",
            "minimum": low,
            "maximum": high,
            "title": title,
            "description": f"{description} ({low:g} to {high:g}).",
        }

    def limb(title: str, which: str) -> dict[str, Any]:
        return {
            "type": "array",
            "minItems": 2,
            "maxItems": 4,
            "items": {"type": "number", "minimum": ANGLE[0], "maximum": ANGLE[1]},
            "title": title,
            "description": f"{which}: [upper, lower] angles in degrees (0 forward, 90 up, -90 "
            "down), or [upper, lower, upper length, lower length] with lengths 0 to 1.5.",
        }

    angle = "Degrees: 0 the way the figure faces, 90 up, 180 back, -90 down"
    keyframe: dict[str, Any] = {
        "type": "object",
        "title": "keyframe",
        "description": "A pose; a key left out keeps its value from the keyframe before.",
        "properties": {
            "trunk": number(ANGLE, "Trunk", f"Hips to neck. {angle}"),
            "bend": number(BEND, "Bend", "How far the middle of the back bows out"),
            "head": number(ANGLE, "Head", f"The head's direction. {angle}"),
            "face": number(ANGLE, "Face", f"Where the nose points. {angle}"),
            "shoulder": {
                "type": "array",
                "items": {"type": "number", "minimum": SHOULDER[0], "maximum": SHOULDER[1]},
                "minItems": 2,
                "maxItems": 2,
                "title": "Shoulder",
                "description": "The shoulders moved [forward, up] from the top of the trunk.",
            },
            "turn": number(TURN, "Turn", "Front view: the trunk turned by this many degrees"),
            "gaze": number(GAZE, "Gaze", "A dotted line of sight this long from the face"),
            "arms": limb("Arms", "Both arms"),
            "arm": limb("Arm", "The near (or right) arm"),
            "arm2": limb("Other arm", "The far (or left) arm"),
            "legs": limb("Legs", "Both legs"),
            "leg": limb("Leg", "The near (or right) leg"),
            "leg2": limb("Other leg", "The far (or left) leg"),
            "hold": {
                "type": "boolean",
                "title": "Held",
                "description": "true: the pose held during a hold (default: the second).",
            },
        },
        "additionalProperties": False,
    }
    drawn = {
        "type": "object",
        "title": "own figure",
        "properties": {
            "view": {
                "type": "string",
                "enum": [v.value for v in View],
                "title": "View",
                "description": "side (default), front or top.",
            },
            "props": {
                "type": "array",
                "items": {"type": "string", "enum": [p.value for p in Prop]},
                "title": "Props",
                "description": "Drawn around the body: chair, desk, wall, towel, pack.",
            },
            "anchor": {
                "type": "string",
                "enum": [a.value for a in Anchor],
                "title": "Anchor",
                "description": "The part that stays put: hip (default), foot, knee or hand.",
            },
            "keyframes": {
                "type": "array",
                "items": keyframe,
                "minItems": 2,
                "maxItems": MAX_KEYFRAMES,
                "title": "Keyframes",
                "description": f"2 to {MAX_KEYFRAMES} poses; a rep runs through them and back.",
            },
        },
        "required": ["keyframes"],
        "additionalProperties": False,
    }
    like = {
        "type": "object",
        "title": "a built-in figure",
        "properties": {
            "like": {
                "type": "string",
                "$comment": FIGURE_ID_MARK,
                "title": "Like",
                "description": "The exercise whose built-in figure to reuse, e.g. bird-dog.",
            }
        },
        "required": ["like"],
        "additionalProperties": False,
    }
    return {"anyOf": [like, drawn]}
