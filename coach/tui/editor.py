"""Edit a routine in your own editor, then have coach check it.

`e` on the home screen: the routine's file (a built-in is copied into the user
folder first) opens in `$VISUAL`, else `$EDITOR`, else `nano`, else `vi`, while
coach steps out of the terminal (`App.suspend()`). When the editor exits, coach
reads the file again:

- it loads: the home screen shows the new version at once;
- it does not: a dialog lists every problem with its line and column, `e` opens
  the editor again, and the routine's last good version stays in use until the
  file is fixed (the hot reload keeps it; its errors show under the routine list).

The two steps that need a real terminal, suspending the app and running the
editor, are module functions (`suspend_app`, `run_editor`) so tests can replace
them: Textual's headless test driver cannot suspend.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported
from textual.content import Content

from coach.errors import CoachError, InvalidFile
from coach.routines.model import Exercise, Routine
from coach.text import visible
from coach.tui.display import count
from coach.tui.screens.yes_no import Question, YesNoScreen

FALLBACK_EDITORS = ("nano", "vi")


def editor_command(
    environ: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> list[str]:
    """The user's editor as a command line: $VISUAL, $EDITOR, then nano, then vi."""
    environ = os.environ if environ is None else environ
    for variable in ("VISUAL", "EDITOR"):
        value = environ.get(variable, "").strip()
        if value:
            try:
                words = shlex.split(value)  # "code --wait" is a command with an option
            except ValueError:
                words = [value]
            if words:
                return words
    for name in FALLBACK_EDITORS:
        if which(name):
            return [name]
    raise CoachError("no editor found: set $EDITOR, for example `export EDITOR=nano`")


def suspend_app(app: App[Any]) -> AbstractContextManager[None]:
    """Give the terminal to another program for the duration of the `with` block."""
    return app.suspend()


def run_editor(command: list[str]) -> int:
    """Run the editor in this terminal and wait for it; its exit status."""
    try:
        return subprocess.run(command, check=False).returncode
    except FileNotFoundError:
        raise CoachError(
            f'cannot run the editor "{command[0]}": not found; set $VISUAL or $EDITOR'
        ) from None
    except OSError as error:
        raise CoachError(f'cannot run the editor "{command[0]}": {error}') from None


class EditorFlow:
    """One round of "edit, come back, check", repeated while the user asks to."""

    def __init__(
        self,
        app: App[Any],
        *,
        exercises: Callable[[], Mapping[str, Exercise]],
        user_dir: Path,
        refresh: Callable[[], None],
    ) -> None:
        self.app = app
        self.exercises = exercises  # the library's, as they are now
        self.user_dir = user_dir
        self.refresh = refresh  # coach wrote a file: show it on home now

    def edit_routine(self, routine: Routine) -> None:
        from coach.routines.user_files import user_file_for

        try:
            user_file = user_file_for(routine, self.exercises(), self.user_dir)
        except (CoachError, OSError) as error:
            self.app.notify(f"Could not copy {routine.name}: {error}", severity="error")
            return
        if user_file.copied:
            self.refresh()  # the copy is the good version to fall back on
        self.edit_file(user_file.path, routine.name, copied=user_file.copied)

    def edit_file(self, path: Path, name: str, *, copied: bool = False) -> None:
        from coach.routines.user_files import problems_of

        status = 0
        failure: CoachError | None = None
        try:
            command = [*editor_command(), str(path)]
            with suspend_app(self.app):
                # Nothing may escape this block: App.suspend resumes only on a normal exit.
                try:
                    status = run_editor(command)
                except CoachError as error:
                    failure = error
                except KeyboardInterrupt:
                    failure = CoachError("the editor was interrupted")
        except CoachError as error:
            failure = error
        except SuspendNotSupported as error:  # no terminal to lend (a headless or web driver)
            self.app.notify(
                f"Cannot open an editor here ({error}); the file is {path}",
                title="Editor",
                severity="error",
                timeout=8,
            )
            return
        if failure is not None:
            self.app.notify(str(failure), title="Editor", severity="error", timeout=8)
            return
        self.refresh()
        problems = problems_of(path, self.exercises())
        if problems is not None:
            self.app.push_screen(
                YesNoScreen(problems_question(problems, path, name)),
                callback=lambda again: self._answered(again, path, name),
            )
            return
        where = f"copied to {path}" if copied else str(path.name)
        note = f" (the editor exited with status {status})" if status else ""
        self.app.notify(f"{name}: {where} is fine{note}.", title="Editor", timeout=4)

    def _answered(self, again: bool | None, path: Path, name: str) -> None:
        if again:
            self.edit_file(path, name)


def problems_question(problems: InvalidFile, path: Path, name: str) -> Question:
    """A routine file that does not load: its problems, line by line. Yes: edit it again."""
    return Question(
        f"{path.name} has {count(len(problems.errors) or 1, 'problem')}",
        body=problem_lines(problems),
        note=f"Until the file is fixed coach keeps the last good version of {name}.",
        yes="Edit again",
        no="Later",
        yes_keys=("e", "y"),
        no_keys=("escape", "q", "n"),
        default=True,
        tone="error",
    )


def problem_lines(problems: InvalidFile) -> Content:
    """`line 4, column 11: steps[0].hold: …` for each error (the file name is the title)."""
    lines: list[Content] = []
    for error in problems.errors:
        location = error.location
        where = f"line {location.line}, column {location.column}" if location.line else "file"
        field = f"{error.field}: " if error.field else ""
        lines.append(Content.assemble((where, "bold"), visible(f": {field}{error.message}")))
    if not lines:
        lines.append(Content(visible(problems)))
    return Content("\n").join(lines)
