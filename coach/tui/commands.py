"""Routines in Textual's command palette: ctrl+p (or `/` on the home screen), type a name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from coach.routines.model import Routine
from coach.tui.display import routine_about
from coach.tui.messages import RoutineChosen


class RoutineCommands(Provider):
    """One command per routine: "Start Desk break"."""

    async def startup(self) -> None:
        routines = getattr(self.screen, "routines", None)
        if not routines:
            # Opened over another screen (`/` pushes the palette over home): ask the app.
            routines = getattr(self.app, "routines", {})
        self._routines: list[Routine] = sorted(routines.values(), key=lambda r: r.name.lower())

    def _start(self, routine: Routine) -> None:
        self.app.post_message(RoutineChosen(routine))

    @staticmethod
    def _help(routine: Routine) -> str:
        text = routine_about(routine)
        if routine.description:
            first = routine.description.strip().split(". ")[0].rstrip(".")
            text += f" — {first}."
        return text

    async def discover(self) -> Hits:
        for routine in self._routines:
            yield DiscoveryHit(
                f"Start {routine.name}",
                partial(self._start, routine),
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
                    matcher.highlight(command),
                    partial(self._start, routine),
                    text=command,
                    help=self._help(routine),
                )
