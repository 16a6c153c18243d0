"""The command palette's routine commands: ctrl+p (or `/` on the home screen), type a name.

Providers only say what the user chose, with the messages of `coach.tui.messages`
(the app starts the session or opens the builder); they read the routines from the
screen the palette was opened over, which lists them (`RoutineSource`: home).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from coach.routines.model import Routine
from coach.tui.display import routine_about
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
            first = routine.description.strip().split(". ")[0].rstrip(".")
            text += f" — {first}."
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
        for routine in self._routines:
            command = f"Start {routine.name}"
            score = max(matcher.match(command), matcher.match(routine.id))
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
                    "A built-in is copied to your routines first",
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
