"""Customizing routines from the TUI: the glue between the home screen and the tools.

The home screen's keys (`n` new, `o` open in the builder, `e` edit in your editor)
and the command palette call the functions here; they find what they need on the
app (its library, its hot reload) and open the builder screen or the editor flow.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider

from coach.errors import CoachError, InvalidFile
from coach.routines.model import Exercise, Routine


def user_dir_of(app: App[Any]) -> Path:
    """The user routines folder: the watched one, else the XDG one."""
    reload = getattr(app, "hot_reload", None)
    if reload is not None:
        return Path(reload.user_dir)
    from coach import paths

    return paths.user_routines_dir()


def exercises_of(app: App[Any]) -> Mapping[str, Exercise]:
    return getattr(getattr(app, "library", None), "exercises", {}) or {}


def routines_of(app: App[Any]) -> Mapping[str, Routine]:
    return getattr(getattr(app, "library", None), "routines", {}) or {}


def refresh_routines(app: App[Any]) -> None:
    """coach wrote a routine file itself: show it on home now, not at the next poll."""
    reload = getattr(app, "hot_reload", None)
    if reload is not None:
        reload.poll_now()


def open_builder(app: App[Any], routine: Routine | None) -> None:
    """The builder on a new routine, or on `routine` (a built-in is copied to the user folder)."""
    from coach.routines.draft import Draft
    from coach.routines.user_files import read_routine_file, user_file_for
    from coach.tui.screens.builder import BuilderScreen

    exercises = exercises_of(app)
    user_dir = user_dir_of(app)
    if routine is None:
        draft = Draft()
    else:
        try:
            user_file = user_file_for(routine, exercises, user_dir)
        except (CoachError, OSError) as error:
            app.notify(f"Could not copy {routine.name}: {error}", severity="error", timeout=8)
            return
        if user_file.copied:
            app.notify(
                f"Copied the built-in {routine.name} to {user_file.path}; "
                "the original stays as it was.",
                title="Builder",
                timeout=6,
            )
            refresh_routines(app)
        try:
            loaded = read_routine_file(user_file.path, exercises)
        except InvalidFile as error:
            # Its last good version may still show on home; the file itself needs fixing.
            from coach.tui.editor import problems_question
            from coach.tui.screens.yes_no import YesNoScreen

            app.push_screen(
                YesNoScreen(problems_question(error, user_file.path, routine.name)),
                callback=partial(_edit_again, app, routine),
            )
            return
        draft = Draft.from_routine(loaded, user_file.path)
    app.push_screen(
        BuilderScreen(
            draft,
            exercises=exercises,
            routines=partial(routines_of, app),
            user_dir=user_dir,
            on_saved=lambda _path: refresh_routines(app),
        )
    )


def edit_in_editor(app: App[Any], routine: Routine) -> None:
    """`e`: the routine's file in $VISUAL/$EDITOR with coach suspended, then checked."""
    from coach.tui.editor import EditorFlow

    EditorFlow(app).edit_routine(routine)


def _edit_again(app: App[Any], routine: Routine, again: bool | None) -> None:
    if again:
        edit_in_editor(app, routine)


class CustomizeCommands(Provider):
    """The command palette: "New routine", "Open … in the builder", "Edit … in your editor"."""

    async def startup(self) -> None:
        routines = routines_of(self.app)
        self._routines = sorted(routines.values(), key=lambda r: r.name.lower())

    def _commands(self) -> list[tuple[str, Any, str]]:
        commands: list[tuple[str, Any, str]] = [
            ("New routine", partial(open_builder, self.app, None), "Build one from exercises")
        ]
        for routine in self._routines:
            commands.append(
                (
                    f"Open {routine.name} in the builder",
                    partial(open_builder, self.app, routine),
                    "A built-in is copied to your routines first",
                )
            )
            commands.append(
                (
                    f"Edit {routine.name} in your editor",
                    partial(edit_in_editor, self.app, routine),
                    "$VISUAL or $EDITOR; coach checks the file when you come back",
                )
            )
        return commands

    async def discover(self) -> Hits:
        name, run, help_text = self._commands()[0]
        yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, text=name, help=help_text)
