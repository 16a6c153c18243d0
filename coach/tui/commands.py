"""The command palette's routine commands: ctrl+p (or `/` on the home screen), type a name.

Providers only say what the user chose, with the messages of `coach.tui.messages`
(the app starts the session or opens the builder); they read the routines from the
screen the palette was opened over, which lists them (`RoutineSource`: home).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from coach.routines.model import Routine
from coach.tui.display import first_sentence, kind_title, routine_about
from coach.tui.literal import highlighted, literal, palette_text
from coach.tui.messages import BuildRoutine, EditRoutine, RoutineChosen


@runtime_checkable
class RoutineSource(Protocol):
    """A screen that lists routines (the home screen): what the palette offers."""

    @property
    def routines(self) -> Mapping[str, Routine]: ...


def routines_by_name(source: object) -> list[Routine]:
    """The routines `source` lists, by name; none when it lists none."""
    routines = source.routines if isinstance(source, RoutineSource) else {}
    return sorted(routines.values(), key=lambda r: r.name.lower())


def ranked(
    match: Callable[[str], float], routines: Sequence[Routine]
) -> list[tuple[float, Routine]]:
    """The routines a query finds, each with its score, by one rule: a match in the name
    beats any match in the id or the kind ("heat": Heat pack before Cold pack cycle, whose
    id is ice-heat), and the matcher's own scores order each group.

    `match` is the palette's fuzzy matcher; name matches keep its scores (so they sort
    among other providers' hits as before), the others go below the weakest of them.
    """
    found = [(match(r.name), max(match(r.id), match(kind_title(r.kind))), r) for r in routines]
    floor = min((name for name, _, _ in found if name > 0), default=None)
    scored: list[tuple[float, Routine]] = []
    for name, other, routine in found:
        if name > 0:
            scored.append((name, routine))
        elif other > 0:
            scored.append((other if floor is None else floor * other / (other + 1), routine))
    return scored


class RoutineCommands(Provider):
    """One command per routine: "Start Desk break"."""

    async def startup(self) -> None:
        self._routines = routines_by_name(self.screen)

    def _start(self, routine: Routine) -> None:
        self.app.post_message(RoutineChosen(routine))

    @staticmethod
    def _help(routine: Routine) -> str:
        text = routine_about(routine)
        if routine.description:
            text += f" — {first_sentence(routine.description)}"
        return palette_text(text)  # the routine's own words: never markup

    async def discover(self) -> Hits:
        for routine in self._routines:
            yield DiscoveryHit(
                literal(f"Start {routine.name}", one_line=True),
                partial(self._start, routine),
                text=f"Start {routine.name}",
                help=self._help(routine),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for score, routine in ranked(matcher.match, self._routines):
            command = f"Start {routine.name}"
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, command),
                    partial(self._start, routine),
                    text=command,
                    help=self._help(routine),
                )


class CustomizeCommands(Provider):
    """ "New routine", "Open … in the builder", "Edit … in your editor"."""

    async def startup(self) -> None:
        self._routines = routines_by_name(self.screen)

    def _build(self, routine: Routine | None) -> None:
        self.app.post_message(BuildRoutine(routine))

    def _edit(self, routine: Routine) -> None:
        self.app.post_message(EditRoutine(routine))

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        commands: list[tuple[str, Callable[[], None], str]] = [
            ("New routine", partial(self._build, None), "Build one from exercises")
        ]
        for routine in self._routines:
            commands.append(
                (
                    f"Open {routine.name} in the builder",
                    partial(self._build, routine),
                    "A built-in is copied into your routines when you first save it",
                )
            )
            commands.append(
                (
                    f"Edit {routine.name} in your editor",
                    partial(self._edit, routine),
                    "$VISUAL or $EDITOR; coach checks the file when you come back",
                )
            )
        return commands

    async def discover(self) -> Hits:
        name, run, help_text = self._commands()[0]
        yield DiscoveryHit(literal(name), run, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), run, text=name, help=help_text)
