"""Drawing a figure: a pose becomes joints, lines and a head; props go around it; the
whole is placed on a floor in a box of terminal cells and rendered as Braille text.

Placement is what keeps a moving figure steady:

- in every frame the body's lowest point rests on the floor (a bridge lifts the hips, the
  shoulders and feet stay down; sit-to-stand rises from the feet);
- across the frames, the figure's anchor joint (hips unless the figure says otherwise)
  keeps its place, and that place is chosen once per figure so every frame of the rep,
  props included, is centred in the box;
- each figure is drawn as big as its widest and tallest frame allow (up to 1.6 dots a
  unit), so one on all fours fills the box as well as one standing; nothing is cut off.

`frame_at(figure, t, side)` is the whole pipeline and a pure function: the session screen
calls it with the phase of the rep computed from the engine's clock.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass

from coach.figures.canvas import BrailleCanvas, mirror_lines
from coach.figures.model import (
    FOREARM,
    HEAD_RADIUS,
    HIP_HALF_WIDTH,
    NECK,
    SHIN,
    SHOULDER_HALF_WIDTH,
    THIGH,
    TRUNK,
    UPPER_ARM,
    Anchor,
    Figure,
    Limb,
    Pose,
    Prop,
    View,
)
from coach.figures.motion import pose_at

# The default box: beside the countdown on an 80 × 24 terminal, and in `coach show`.
COLUMNS = 22
ROWS = 9

Point = tuple[float, float]
_SAMPLES = 24  # phases sampled per rep to find the space a moving figure needs
_MARGIN = 1.0  # units kept free on the left and right of the figure
_MAX_SCALE = 1.6  # dots per unit: a low figure (on all fours) may grow until it fills the box


@dataclass(frozen=True)
class Frame:
    """A rendered figure: `rows` lines of exactly `columns` characters each."""

    lines: tuple[str, ...]
    clipped: int = 0  # dots that fell outside the box (0 for every built-in figure)

    def __str__(self) -> str:
        return "\n".join(self.lines)

    @property
    def columns(self) -> int:
        return len(self.lines[0]) if self.lines else 0

    @property
    def rows(self) -> int:
        return len(self.lines)


@dataclass(frozen=True)
class Body:
    """A pose's joints in figure units, hips at (0, 0), y up."""

    pose: Pose
    view: View
    hip: Point
    neck: Point
    spine: tuple[Point, ...]  # hips to neck, bowed by `bend`
    shoulders: tuple[Point, Point]  # where `arm` and `arm2` hang from
    hips: tuple[Point, Point]  # where `leg` and `leg2` start
    head: Point
    arm: tuple[Point, Point]  # elbow, hand
    arm2: tuple[Point, Point]
    leg: tuple[Point, Point]  # knee, foot
    leg2: tuple[Point, Point]

    def points(self) -> list[Point]:
        """Every point the body reaches (the head as its outline's extremes)."""
        hx, hy = self.head
        r = HEAD_RADIUS
        return [
            *self.spine,
            *self.shoulders,
            *self.hips,
            *self.arm,
            *self.arm2,
            *self.leg,
            *self.leg2,
            (hx - r, hy),
            (hx + r, hy),
            (hx, hy - r),
            (hx, hy + r),
        ]

    def joint(self, anchor: Anchor) -> Point:
        return {
            Anchor.HIP: self.hip,
            Anchor.FOOT: self.leg[1],
            Anchor.KNEE: self.leg[0],
            Anchor.HAND: self.arm[1],
        }[anchor]


def _toward(origin: Point, degrees: float, length: float) -> Point:
    angle = math.radians(degrees)
    return (origin[0] + length * math.cos(angle), origin[1] + length * math.sin(angle))


def _limb(root: Point, limb: Limb, upper: float, lower: float) -> tuple[Point, Point]:
    middle = _toward(root, limb.upper, upper * limb.upper_length)
    return middle, _toward(middle, limb.lower, lower * limb.lower_length)


def body(pose: Pose, view: View) -> Body:
    """The joints of a pose."""
    hip = (0.0, 0.0)
    neck = _toward(hip, pose.trunk, TRUNK)
    # The back bows out on the side 90° counterclockwise of the trunk: up for a trunk
    # pointing forward (a cat's back), backward for an upright trunk (a slouch).
    normal = math.radians(pose.trunk + 90.0)
    spine = tuple(
        (
            neck[0] * s + pose.bend * math.sin(math.pi * s) * math.cos(normal),
            neck[1] * s + pose.bend * math.sin(math.pi * s) * math.sin(normal),
        )
        for s in (i / 6 for i in range(7))
    )
    top = (neck[0] + pose.shoulder[0], neck[1] + pose.shoulder[1])
    if view is not View.SIDE:
        # Shoulders and hips run across the trunk: `arm` and `leg` on the side 90° clockwise
        # of it (the drawing's right for an upright trunk), `arm2` and `leg2` opposite.
        half = SHOULDER_HALF_WIDTH * math.cos(math.radians(pose.turn))
        across = pose.trunk - 90.0
        shoulders = (_toward(top, across, half), _toward(top, across, -half))
        hips = (_toward(hip, across, HIP_HALF_WIDTH), _toward(hip, across, -HIP_HALF_WIDTH))
    else:
        shoulders = (top, top)
        hips = (hip, hip)
    head = _toward(neck, pose.head, NECK + HEAD_RADIUS)
    return Body(
        pose=pose,
        view=view,
        hip=hip,
        neck=neck,
        spine=spine,
        shoulders=shoulders,
        hips=hips,
        head=head,
        arm=_limb(shoulders[0], pose.arm, UPPER_ARM, FOREARM),
        arm2=_limb(shoulders[1], pose.arm2, UPPER_ARM, FOREARM),
        leg=_limb(hips[0], pose.leg, THIGH, SHIN),
        leg2=_limb(hips[1], pose.leg2, THIGH, SHIN),
    )


def _placed(figure: Figure, pose: Pose) -> Body:
    """The body moved so its anchor is at x = 0 and its lowest point on the floor (y = 0).

    Seen from above there is no floor: the anchor stays at (0, 0).
    """
    raw = body(pose, figure.view)
    ax, ay = raw.joint(figure.anchor)
    if figure.view is View.TOP:
        return _shifted(raw, -ax, -ay)
    lowest = min(y for _, y in raw.points())
    return _shifted(raw, -ax, -lowest)


def _shifted(b: Body, dx: float, dy: float) -> Body:
    def move(p: Point) -> Point:
        return (p[0] + dx, p[1] + dy)

    def pair(ps: tuple[Point, Point]) -> tuple[Point, Point]:
        return (move(ps[0]), move(ps[1]))

    return Body(
        pose=b.pose,
        view=b.view,
        hip=move(b.hip),
        neck=move(b.neck),
        spine=tuple(move(p) for p in b.spine),
        shoulders=pair(b.shoulders),
        hips=pair(b.hips),
        head=move(b.head),
        arm=pair(b.arm),
        arm2=pair(b.arm2),
        leg=pair(b.leg),
        leg2=pair(b.leg2),
    )


# --------------------------------------------------------------------------- props


@dataclass(frozen=True)
class Scenery:
    """The props that stay put, in floor units (x from the anchor, y up from the floor)."""

    lines: tuple[tuple[Point, Point], ...]
    wall_x: float | None = None


@functools.lru_cache(maxsize=128)
def scenery(figure: Figure) -> Scenery:
    """Chair, desk and wall, placed from the first keyframe (they do not move with the body)."""
    first = _placed(figure, figure.start)
    lines: list[tuple[Point, Point]] = []
    seat = first.hip[1] - 1.0
    hx = first.hip[0]
    if Prop.CHAIR in figure.props:
        if figure.view is not View.SIDE:
            front, back = hx + 5.0, hx - 5.0
            lines += [((back, seat), (front, seat)), ((back, seat), (back, 0.0))]
            lines += [((front, seat), (front, 0.0))]
        else:
            back, front = hx - 3.5, hx + 4.0
            lines += [((back, seat), (front, seat))]
            lines += [((back, 0.0), (back, seat + 9.0)), ((front, seat), (front, 0.0))]
    if Prop.DESK in figure.props:
        knee_x = max(first.leg[0][0], first.leg2[0][0])
        near, far = knee_x + 2.0, knee_x + 13.0
        top = seat + 6.5
        eye = first.head[1]
        screen = far - 3.0
        lines += [((near, top), (far, top)), ((far - 1.0, top), (far - 1.0, 0.0))]
        lines += [((screen, top), (screen, eye - 3.0)), ((screen, eye - 3.0), (screen, eye + 3.0))]
        lines += [((screen + 1.0, eye - 3.0), (screen + 1.0, eye + 3.0))]
    wall_x = None
    if Prop.WALL in figure.props:
        wall_x = min(x for pose in _sampled(figure) for x, _ in _placed(figure, pose).points())
        wall_x -= 1.5
    return Scenery(tuple(lines), wall_x)


def _sampled(figure: Figure) -> list[Pose]:
    return [*figure.keyframes, *(pose_at(figure, i / _SAMPLES) for i in range(_SAMPLES))]


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Layout:
    """Where floor units land in the box: dot x = left + x·scale, dot y = floor − y·scale."""

    left: float
    floor: float
    scale: float


@functools.lru_cache(maxsize=128)
def layout(figure: Figure, columns: int = COLUMNS, rows: int = ROWS) -> Layout:
    """Scale and offset that fit every frame of the figure, props included, in the box."""
    width, height = 2 * columns, 4 * rows
    xs: list[float] = []
    ys: list[float] = []
    for pose in _sampled(figure):
        b = _placed(figure, pose)
        for x, y in [*b.points(), *_towel(figure, b)]:
            xs.append(x)
            ys.append(y)
        if b.pose.gaze > 0:
            gx, gy = _gaze_end(b)
            xs.append(gx)
            ys.append(gy)
    scene = scenery(figure)
    for a, b2 in scene.lines:
        xs += [a[0], b2[0]]
        ys += [a[1], b2[1]]
    if scene.wall_x is not None:
        xs.append(scene.wall_x)
    low, high = min(xs) - _MARGIN, max(xs) + _MARGIN
    biggest = _MAX_SCALE * rows / ROWS  # a bigger box draws a bigger figure
    if figure.view is View.TOP:
        bottom, top = min(ys) - _MARGIN, max(ys) + _MARGIN
        scale = min(biggest, (width - 1) / (high - low), (height - 1) / (top - bottom))
        floor = (height - 1 + (top - bottom) * scale) / 2 + bottom * scale
    else:
        floor = height - 2.0  # the floor line is the bottom dot row; feet stand on the one above
        scale = min(biggest, (width - 1) / (high - low), floor / max(max(ys), 1.0))
    left = (width - 1 - (high - low) * scale) / 2 - low * scale
    return Layout(left, floor, scale)


# --------------------------------------------------------------------------- rendering


def frame_at(
    figure: Figure, t: float, side: str | None = None, *, columns: int = COLUMNS, rows: int = ROWS
) -> Frame:
    """The figure at phase `t` (0..1) of a rep, for `side` ("right" mirrors it).

    A pure function: the same arguments always give the same text.
    """
    return render(figure, pose_at(figure, t), side, columns=columns, rows=rows)


def render(
    figure: Figure, pose: Pose, side: str | None = None, *, columns: int = COLUMNS, rows: int = ROWS
) -> Frame:
    """One pose of the figure, with its props and the floor, as `rows` lines of Braille."""
    place = layout(figure, columns, rows)
    canvas = BrailleCanvas(columns, rows)
    pen = _Pen(canvas, place)
    b = _placed(figure, pose)
    scene = scenery(figure)
    for a, c in scene.lines:
        pen.line(a, c)
    if scene.wall_x is not None:
        x = pen.x(scene.wall_x)
        canvas.line(x, 0, x, canvas.height - 1)
    _draw_body(pen, b)
    if Prop.TOWEL in figure.props:
        hand, foot = _towel(figure, b)
        pen.line(hand, foot, every=2)
    if Prop.PACK in figure.props:
        _draw_pack(pen, b)
    if figure.view is not View.TOP:
        canvas.line(0, canvas.height - 1, canvas.width - 1, canvas.height - 1)  # the floor
    lines = canvas.lines()
    if side == "right":
        lines = mirror_lines(lines)
    return Frame(lines, canvas.clipped)


class _Pen:
    def __init__(self, canvas: BrailleCanvas, place: Layout) -> None:
        self.canvas = canvas
        self.place = place

    def x(self, x: float) -> int:
        return round(self.place.left + x * self.place.scale)

    def y(self, y: float) -> int:
        return round(self.place.floor - y * self.place.scale)

    def line(self, a: Point, b: Point, *, every: int = 1) -> None:
        self.canvas.line(self.x(a[0]), self.y(a[1]), self.x(b[0]), self.y(b[1]), every=every)

    def dot(self, p: Point) -> None:
        self.canvas.dot(self.x(p[0]), self.y(p[1]))

    def ring(self, centre: Point, radius: float) -> None:
        r = radius * self.place.scale
        cx, cy = self.place.left + centre[0] * self.place.scale, self.y(centre[1])
        steps = max(8, round(8 * r))
        for i in range(steps):
            angle = 2 * math.pi * i / steps
            self.canvas.dot(round(cx + r * math.cos(angle)), round(cy + r * math.sin(angle)))


def _draw_body(pen: _Pen, b: Body) -> None:
    for limb, root in ((b.leg2, b.hips[1]), (b.arm2, b.shoulders[1])):
        pen.line(root, limb[0])
        pen.line(limb[0], limb[1])
    for a, c in itertools.pairwise(b.spine):
        pen.line(a, c)
    if b.view is not View.SIDE:
        pen.line(b.shoulders[1], b.shoulders[0])
        pen.line(b.hips[1], b.hips[0])
    elif b.shoulders[0] != b.neck:
        pen.line(b.neck, b.shoulders[0])
    for limb, root in ((b.leg, b.hips[0]), (b.arm, b.shoulders[0])):
        pen.line(root, limb[0])
        pen.line(limb[0], limb[1])
    neck_end = _toward(b.neck, b.pose.head, NECK)
    pen.line(b.neck, neck_end)
    pen.ring(b.head, HEAD_RADIUS)
    nose = _nose(b, 1.0 / pen.place.scale)
    if nose is not None:
        pen.dot(nose)
    if b.pose.gaze > 0:
        start = _toward(b.head, b.pose.face, HEAD_RADIUS + 2.0)
        pen.line(start, _gaze_end(b), every=2)


def _nose(b: Body, dot: float) -> Point | None:
    """One dot just outside the head where the face looks (`dot` is one dot in units)."""
    if b.view is not View.SIDE:
        turn = math.sin(math.radians(b.pose.turn))
        if abs(turn) < 0.2:
            return None  # facing the viewer: no nose to show
        return (b.head[0] + math.copysign(HEAD_RADIUS + dot, turn), b.head[1])
    return _toward(b.head, b.pose.face, HEAD_RADIUS + dot)


def _gaze_end(b: Body) -> Point:
    return _toward(b.head, b.pose.face, HEAD_RADIUS + 2.0 + b.pose.gaze)


def _towel(figure: Figure, b: Body) -> list[Point]:
    if Prop.TOWEL not in figure.props:
        return []
    foot = b.leg[1]
    beyond = _toward(foot, b.pose.leg.lower, 1.0)  # looped round the sole
    return [b.arm[1], beyond]


def _draw_pack(pen: _Pen, b: Body) -> None:
    middle = b.spine[len(b.spine) // 3]
    normal = b.pose.trunk + 90.0
    centre = _toward(middle, normal, 2.0)
    for dx in (-1.0, 0.0, 1.0):
        for dy in (-0.5, 0.5):
            pen.dot((centre[0] + dx, centre[1] + dy))
