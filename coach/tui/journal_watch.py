"""One truth, seen everywhere: the open window shows what another process wrote.

`coach drink` in a shell, `coach log`, the daemon answering a reminder: they write
to the same journal from another process. Once a second (`EVERY_SECONDS`) the window
asks the journal's `data_version()` — one PRAGMA on the open connection, no table
read, and it changes only when *another* connection committed — and when it moved,
refreshes the home screen's Today and Reminders panels and tells every screen with a
`JournalChanged` message (the History screen reads itself again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from coach.errors import CoachError
from coach.tui.messages import JournalChanged

if TYPE_CHECKING:
    from textual.screen import Screen

    from coach.history.ports import JournalReader

logger = logging.getLogger(__name__)

EVERY_SECONDS = 1.0  # what another process wrote shows within about this long


class WatchHost(Protocol):
    """What the watch needs of the app (the app passes itself)."""

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    def refresh_today(self) -> None: ...

    def set_interval(self, interval: float, callback: Callable[[], object]) -> Any: ...


class JournalWatch:
    """Polls the journal's `data_version` on a timer (`schedule`: the app's `set_interval`)."""

    def __init__(
        self,
        app: WatchHost,
        journal: JournalReader,
        *,
        every: float = EVERY_SECONDS,
        schedule: Callable[[float, Callable[[], object]], Any] | None = None,
    ) -> None:
        self.app = app
        self.journal = journal
        self.every = every
        self._schedule = schedule
        self._seen: int | None = None
        self.timer: Any = None

    def start(self) -> JournalWatch:
        self._seen = self._version()
        schedule = self._schedule or (lambda every, call: self.app.set_interval(every, call))
        self.timer = schedule(self.every, self.check)
        return self

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    def check(self) -> bool:
        """Refresh what shows the journal if another process wrote since the last look."""
        version = self._version()
        if version is None or version == self._seen:
            return False
        self._seen = version
        from coach.tui.widgets.reminder_status import ReminderStatus

        self.app.refresh_today()
        for screen in self.app.screen_stack:
            for panel in screen.query(ReminderStatus):
                panel.refresh_figures()
            screen.post_message(JournalChanged())
        return True

    def _version(self) -> int | None:
        try:
            return int(self.journal.data_version())
        except (CoachError, OSError):  # locked or gone for now: look again next time
            logger.debug("journal watch: no data_version", exc_info=True)
            return None
