"""Data shipped with coach: built-in routines and sound cues.

`routines` and `sounds` here are links to the repository's top-level folders,
so a wheel and an editable install find them the same way.
"""

from importlib.resources import files
from importlib.resources.abc import Traversable


def routines() -> Traversable:
    return files(__name__) / "routines"


def sounds() -> Traversable:
    return files(__name__) / "sounds"
