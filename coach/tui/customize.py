"""Customizing routines from the TUI: the controller behind home's `n` / `o` / `e`.

The home screen and the command palette ask with messages (`BuildRoutine`,
`EditRoutine`); the app hands them to its `Customizer`, which copies a built-in into
the user folder when needed and opens the builder screen or the editor flow. What
it needs is given to it (the library as it is now, the user folder, how to show a
file coach just wrote), so it reaches into nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from textual.app import App

from coach.errors import CoachError, InvalidFile
from coach.routines.model import Exercise, Routine
from coach.tui.ports import RoutineLibrary


class Customizer:
    """Opens the builder (`build`) and the user's editor (`edit`) on routines."""

    def __init__(
        self,
        app: App[Any],
        *,
        library: Callable[[], RoutineLibrary],
        user_dir: Path,
        refresh: Callable[[], None],
    ) -> None:
        self.app = app
        self.library = library  # the app's library as it is now (hot reload replaces it)
        self.user_dir = user_dir
        self.refresh = refresh  # coach wrote a file: show it on home now

    def exercises(self) -> Mapping[str, Exercise]:
        return self.library().exercises

    def routines(self) -> Mapping[str, Routine]:
        return self.library().routines

    def build(self, routine: Routine | None) -> None:
        """The builder on a new routine, or on `routine`.

        A built-in opens as it is: the builder's first save writes the user's copy, so
        looking at one and leaving writes nothing. A user file already named after it
        (say, a broken edit that left the built-in showing) is opened instead.
        """
        from coach.routines.draft import Draft
        from coach.routines.user_files import existing_user_file, read_routine_file
        from coach.tui.screens.builder import BuilderScreen

        app = self.app
        exercises = self.exercises()
        if routine is None:
            draft = Draft()
        else:
            try:
                path = existing_user_file(routine, self.user_dir)
                loaded = routine if path is None else read_routine_file(path, exercises)
            except InvalidFile as error:
                # Its last good version may still show on home; the file itself needs fixing.
                from coach.tui.editor import problems_question
                from coach.tui.screens.yes_no import YesNoScreen

                question = problems_question(error, Path(error.path), routine.name)
                app.push_screen(
                    YesNoScreen(question),
                    callback=lambda again: self.edit(routine) if again else None,
                )
                return
            except (CoachError, OSError) as error:
                app.notify(f"Could not open {routine.name}: {error}", severity="error", timeout=8)
                return
            # A built-in without a file of the user's opens as it is; its first save copies it.
            draft = Draft.from_routine(loaded, path)
        app.push_screen(
            BuilderScreen(
                draft, exercises=exercises, routines=self.routines, user_dir=self.user_dir
            )
        )

    def edit(self, routine: Routine) -> None:
        """The routine's file in $VISUAL/$EDITOR with coach suspended, then checked."""
        from coach.tui.editor import EditorFlow

        EditorFlow(
            self.app, exercises=self.exercises, user_dir=self.user_dir, refresh=self.refresh
        ).edit_routine(routine)
