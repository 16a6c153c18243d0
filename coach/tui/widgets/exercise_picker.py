"""The builder's exercise list: search it, read about an exercise, add it.

A single click only highlights an exercise (so reading about one never adds it);
a double click, Enter or `a` adds it.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coach.routines.describe import dose_text
from coach.routines.model import Exercise
from coach.tui.literal import literal
from coach.tui.widgets.prose import Para, Prose


class ExerciseList(OptionList):
    """An OptionList whose single click highlights and double click selects."""

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()  # OptionList's own handler selects on any click
        clicked = event.style.meta.get("option")
        if clicked is None or self.get_option_at_index(clicked).disabled:
            return
        self.highlighted = clicked
        if event.chain >= 2:
            self.action_select()


def matches(exercise: Exercise, query: str) -> bool:
    """Every word of the query is in the exercise's name, id or target area."""
    haystack = f"{exercise.name} {exercise.id} {exercise.target}".lower()
    return all(word in haystack for word in query.lower().split())


def exercise_options(exercises: Iterable[Exercise], query: str = "") -> list[Option]:
    found = [e for e in exercises if matches(e, query)]
    start = query.strip().lower()
    # Names that start with what was typed first, then the rest, each by name.
    found.sort(key=lambda e: (not e.name.lower().startswith(start), e.name.lower()))
    if not found:
        return [Option(Content.styled("No exercise matches.", "$text-muted"), disabled=True)]
    return [Option(literal(e.name), id=e.id) for e in found]


def exercise_about(exercise: Exercise, easier: Exercise | None = None) -> Prose:
    """Name, target area, starting dose, cues and skip-if notes, then its figure in the
    held pose (`figure_preview`), for the About panel."""
    lines = [
        Para(exercise.name, "bold"),
        Para(exercise.target, "$text-secondary"),
        Para(f"starts at {dose_text(exercise.dose)}", "$text-muted"),
    ]
    lines.extend(Para(f"• {cue}") for cue in exercise.cues)
    if exercise.skip_if:
        lines.append(Para("Skip if " + "; ".join(exercise.skip_if), "$text-warning"))
    if easier is not None:
        lines.append(Para(f"Easier: {easier.name}", "$text-muted"))
    lines.extend(Para(line) for line in figure_preview(exercise))
    return Prose(lines)


def figure_preview(exercise: Exercise) -> list[str]:
    """The exercise's figure in its held pose (blank top rows left out), after a blank
    line; [] for an exercise without one. Braille cells hold no spaces, so no line wraps."""
    from coach.figures.draw import render
    from coach.figures.library import figure_for

    figure = figure_for(exercise.id, exercise.figure)
    if figure is None:
        return []
    lines = render(figure, figure.keyframes[figure.hold], None).lines
    drawn = [line for line in lines if line.strip("\u2800 ")]
    first = lines.index(drawn[0]) if drawn else len(lines)
    return ["", *lines[first:]]
