"""Hot reload: the user routines folder, polled once a second while coach runs.

`RoutineWatcher.poll()` costs one `scandir` when nothing changed (bench/watch.py),
so a plain Textual interval is enough: no threads, no inotify. When a poll reports
a change, `on_library` gets the watcher's new library (the app makes it its own and
redraws every home screen's list). A file that breaks keeps its routine's last good
version in the list (the watcher sees to that) and its errors show under the list,
so nothing vanishes while the user is fixing it.

After the builder or the editor flow wrote a file, the app calls `poll_now()`, so
what they saved is on the home screen at once rather than a second later.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.routines.library import Library
from coach.routines.watch import ReloadReport, RoutineWatcher
from coach.tui.display import count

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0


class HotReload:
    """Keeps the app's library in step with the user routines folder."""

    def __init__(
        self,
        app: App[Any],
        watcher: RoutineWatcher,
        *,
        on_library: Callable[[Library], None],
    ) -> None:
        self.app = app  # its interval timer, and notifications
        self.watcher = watcher
        self.on_library = on_library  # a new library to show (the app's, on every home)
        self.timer: Timer | None = None
        self._failed = False

    @property
    def user_dir(self) -> Path:
        return self.watcher.user_dir

    def start(self, interval: float = POLL_SECONDS) -> HotReload:
        self.timer = self.app.set_interval(interval, self.poll, name="routine-watch")
        return self

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    def poll(self) -> ReloadReport:
        """Look at the folder now; apply and announce what changed."""
        return self._poll(quiet=False)

    def poll_now(self) -> ReloadReport:
        """After coach wrote a file itself: apply the change without announcing it."""
        return self._poll(quiet=True)

    def _poll(self, *, quiet: bool) -> ReloadReport:
        try:
            report = self.watcher.poll()
        except Exception:  # the 1 s timer's callback: nothing the watcher raises may stop coach
            if not self._failed:
                logger.exception("could not reload the routines folder")
                self._failed = True
            return ReloadReport()
        self._failed = False
        if report.changed:
            self.on_library(self.watcher.library)
            if not quiet:
                self._announce(report)
        return report

    def _announce(self, report: ReloadReport) -> None:
        library = self.watcher.library
        kept_files = {
            os.path.abspath(routine.source)
            for routine in library.routines.values()
            if routine.id in report.kept and routine.source is not None
        }
        for problem in report.broken:
            name = Path(problem.path).name
            kept = ""
            if os.path.abspath(problem.path) in kept_files:
                kept = " The last good version stays in use until it is fixed."
            self.app.notify(
                f"{name} has {count(len(problem.errors), 'problem')}.{kept}",
                title="Routine file",
                severity="warning",
                timeout=6,
            )
        for path in report.fixed:
            self.app.notify(f"{Path(path).name} loads again.", title="Routine file", timeout=4)
