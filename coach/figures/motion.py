"""A figure in motion: the pose at any phase of a rep, interpolated between keyframes.

A rep is one cycle through the keyframes and back to the first: with keyframes K0..Kn-1 the
phase t (0..1) spends 1/n on each stretch K0→K1, ..., Kn-1→K0, eased in and out so the body
slows into each keyframe the way a person does. t = 0 and t = 1 are both K0, so the next
rep starts where this one ended; with two keyframes t = 0.5 is the end pose.

Pure functions of their arguments: no clock, no state.
"""

from __future__ import annotations

import math
from dataclasses import fields

from coach.figures.model import Figure, Limb, Pose


def pose_at(figure: Figure, t: float) -> Pose:
    """The pose at phase `t` of a rep (values outside 0..1 wrap around: t = 1.25 is 0.25)."""
    keys = figure.keyframes
    count = len(keys)
    if math.isnan(t) or math.isinf(t):
        t = 0.0
    where = (t % 1.0) * count
    index = min(int(where), count - 1)
    local = where - index
    if local <= 0.0:
        return keys[index]
    return blend(keys[index], keys[(index + 1) % count], ease(local))


def ease(x: float) -> float:
    """Smoothstep: 0 → 0 and 1 → 1, slow at both ends."""
    x = min(1.0, max(0.0, x))
    return x * x * (3.0 - 2.0 * x)


def blend(a: Pose, b: Pose, k: float) -> Pose:
    """The pose a fraction `k` of the way from `a` to `b` (angles as written, no wrapping)."""
    if k <= 0.0:
        return a
    if k >= 1.0:
        return b
    values: dict[str, object] = {}
    for spec in fields(Pose):
        x, y = getattr(a, spec.name), getattr(b, spec.name)
        if isinstance(x, Limb) and isinstance(y, Limb):
            values[spec.name] = Limb(
                _lerp(x.upper, y.upper, k),
                _lerp(x.lower, y.lower, k),
                _lerp(x.upper_length, y.upper_length, k),
                _lerp(x.lower_length, y.lower_length, k),
            )
        elif isinstance(x, tuple) and isinstance(y, tuple):
            values[spec.name] = tuple(_lerp(p, q, k) for p, q in zip(x, y, strict=True))
        else:
            values[spec.name] = _lerp(float(x), float(y), k)
    return Pose(**values)  # type: ignore[arg-type]


def _lerp(x: float, y: float, k: float) -> float:
    return x + (y - x) * k
