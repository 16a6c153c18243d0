"""The built-in figures: `routines/figures/figures.yaml`, read once, by exercise id.

The file sits in a folder of its own so the routine library, which reads every `*.yaml`
of `routines/` as a routine, never sees it. `figure_for` never raises: an exercise
without a figure (a user's, or a broken file) is shown as it always was, without one.
"""

from __future__ import annotations

import functools
import logging

from coach.errors import InvalidFile
from coach.figures.format import read_figures_text
from coach.figures.model import Figure

logger = logging.getLogger(__name__)

FIGURES_FOLDER = "figures"
FIGURES_FILE = "figures.yaml"


def builtin_figures_text() -> tuple[str, str]:
    """(text, name) of the built-in figures file."""
    from coach import builtin

    resource = builtin.routines() / FIGURES_FOLDER / FIGURES_FILE
    return resource.read_text(encoding="utf-8"), f"routines/{FIGURES_FOLDER}/{FIGURES_FILE}"


@functools.cache
def builtin_figures() -> dict[str, Figure]:
    """Every built-in figure by exercise id; InvalidFile if the shipped file is broken."""
    text, name = builtin_figures_text()
    figures, problems = read_figures_text(text, name)
    if problems:
        raise InvalidFile(name, problems)
    return figures


def figure_for(exercise_id: str, own: Figure | None = None) -> Figure | None:
    """An exercise's figure: its own (`own`, from its `figure:` key: `exercise.figure`),
    else the built-in figure of its id, else None (no figure: shown as before)."""
    if own is not None:
        return own
    try:
        return builtin_figures().get(exercise_id)
    except (InvalidFile, OSError) as error:
        logger.debug("figures: none for %s: %s", exercise_id, error)
        return None
