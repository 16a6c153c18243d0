"""What a figure is: a jointed body's keyframes, the view, and the props around it.

Frozen dataclasses with no I/O. A `Pose` gives every segment of a stick body its direction
as an angle in degrees, as drawn for the first side (or an exercise without sides):

- 0 points the way the figure faces (the drawing's right), 90 up, 180 back, -90 down;
- `trunk` runs from the hips to the base of the neck, `head` from there to the head;
- each limb is two segments: `upper` (upper arm, thigh) and `lower` (forearm, shin).

Angles are absolute (not relative to the parent segment), so a keyframe reads as a picture:
"arm: [0, 0]" is an arm held straight forward whatever the trunk does. Interpolating absolute
angles moves each joint's relative angle linearly too. The other side is the mirror image,
made by the renderer, so a pose is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# Segment lengths in figure units: one unit is one Braille dot at the default size, where a
# standing figure is about 32 dots (8 rows of cells) tall.
TRUNK = 10.0
NECK = 1.5
HEAD_RADIUS = 2.0
UPPER_ARM = 5.0
FOREARM = 5.0
THIGH = 7.5
SHIN = 7.5
SHOULDER_HALF_WIDTH = 3.0  # front view: from the middle of the shoulders to each shoulder
HIP_HALF_WIDTH = 1.5  # front view: from the middle of the hips to each hip joint


class View(StrEnum):
    SIDE = "side"  # seen from the side, facing right, standing on the floor
    FRONT = "front"  # facing the viewer, on the floor: shoulders and hips have a width
    TOP = "top"  # seen from above, lying on the floor (no floor line): like front, centred


class Prop(StrEnum):
    """Things drawn around the body. The floor is always drawn."""

    CHAIR = "chair"  # a seat under the hips of the first keyframe
    DESK = "desk"  # a desk and screen in front of the knees (side view)
    WALL = "wall"  # a wall behind the figure
    TOWEL = "towel"  # a towel or strap from the front hand to the front foot
    PACK = "pack"  # a cold or heat pack on the low back


class Anchor(StrEnum):
    """The part that stays put while the figure moves (its lowest point rests on the floor)."""

    HIP = "hip"
    FOOT = "foot"
    KNEE = "knee"
    HAND = "hand"


@dataclass(frozen=True)
class Limb:
    """An arm or a leg: the directions of its two segments, and how long each looks.

    A length below 1 foreshortens a segment that points toward the viewer (the thighs of
    someone sitting, seen from the front).
    """

    upper: float
    lower: float
    upper_length: float = 1.0
    lower_length: float = 1.0


HANGING = Limb(-90.0, -90.0)


@dataclass(frozen=True)
class Pose:
    """One keyframe, every value resolved (see `coach.figures.format` for the YAML)."""

    trunk: float = 90.0
    bend: float = 0.0  # how far the middle of the back bows out toward the back (units)
    head: float = 90.0
    face: float = 0.0  # where the nose points (side view); set from `head` when not given
    shoulder: tuple[float, float] = (0.0, 0.0)  # shoulders moved forward/up from the trunk top
    turn: float = 0.0  # front view: the trunk turned by this many degrees (shoulders narrow)
    gaze: float = 0.0  # a dotted line of sight this long from the face (looking far)
    arm: Limb = HANGING  # drawn on top: the near arm (side view), or the one on the right
    arm2: Limb = HANGING
    leg: Limb = HANGING
    leg2: Limb = HANGING


@dataclass(frozen=True)
class Figure:
    """An exercise's figure: at least two keyframes, played as one cycle per rep.

    A rep runs through the keyframes in order and back to the first, so reps follow each
    other without a jump. `hold` is the keyframe held during a timed hold (the end pose).
    """

    keyframes: tuple[Pose, ...]
    view: View = View.SIDE
    props: tuple[Prop, ...] = ()
    anchor: Anchor = Anchor.HIP
    hold: int = 1
    like: str | None = field(default=None, compare=False)  # the built-in it was copied from

    def __post_init__(self) -> None:
        if len(self.keyframes) < 2:
            raise ValueError("a figure needs at least two keyframes")
        if not 0 <= self.hold < len(self.keyframes):
            raise ValueError(f"hold {self.hold} is not a keyframe")

    @property
    def start(self) -> Pose:
        return self.keyframes[0]

    @property
    def end(self) -> Pose:
        """The pose held during a hold, shown as the end pose."""
        return self.keyframes[self.hold]

    @property
    def hold_t(self) -> float:
        """The phase (0..1) of a rep at which the held pose is reached."""
        return self.hold / len(self.keyframes)
