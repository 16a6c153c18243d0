"""Real start-up: the user's config, routines, history and sound, then the app.

The CLI calls `run_app()`; tests call `coach.tui.app.build_app()` with fakes instead.
A broken config never stops coach (its errors become one notification and the
defaults are used); a history or sound that cannot start leaves coach running
without it, saying so once.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coach.clock import SystemClock
from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.config import Config
    from coach.history.journal import Journal

logger = logging.getLogger(__name__)


def run_app(start_routine: str | None = None) -> int:
    from coach.routines.watch import RoutineWatcher

    notices: list[str] = []
    config = _load_config(notices)
    # The watcher loads the library and keeps it in step with the user folder (hot reload).
    watcher = RoutineWatcher.load()
    library = watcher.library
    if start_routine is not None:
        library.get(start_routine)  # an unknown id is a CLI error, before any screen
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Without a terminal Textual would write escape codes into a file or pipe and
        # spin on a closed input; say what to do instead.
        raise CoachError(
            "the coach window needs a terminal; for scripts, see `coach list`, "
            "`coach status` and `coach history`"
        )
    # The history opens just after the first frame (its modules and the database cost
    # ~6 ms), except on a first run, whose safety page must come before anything else,
    # and for `coach run X`, whose session reads it at once.
    opened: list[Journal] = []

    def open_history(problems: list[str]) -> Journal | None:
        journal = _open_journal(config, problems)
        opened.extend([journal] if journal is not None else [])
        return journal

    open_later = open_history if start_routine is None and _history_exists() else None
    journal = None if open_later is not None else open_history(notices)
    sound = _open_sound(config, notices)
    try:
        from coach.tui.app import build_app
        from coach.tui.reminders import ReminderOptions

        app = build_app(
            library=library,
            clock=SystemClock(),
            journal=journal,
            sound=sound,
            config=config,
            start_routine=start_routine,
            notices=notices,
            freeze_gc=True,
            watcher=watcher,
            reminders=ReminderOptions.real(),
            voice=make_speaker,
            open_journal=open_later,
        )
        if sound is not None:
            sound.ring = app.bell  # the terminal-bell fallback goes through Textual's output
        app.run()
        return app.return_code or 0
    finally:
        if sound is not None:
            with contextlib.suppress(Exception):  # the window has closed: quit regardless
                sound.close()
        for journal in opened:
            journal.close()  # never raises: everything was committed as it happened


def _load_config(notices: list[str]) -> Config:
    from coach.config import ensure_config_file, fix_hint, load_config_cached

    try:
        ensure_config_file()  # first run: a commented file to edit, as the daemon writes too
    except OSError as write_error:
        notices.append(f"could not write the default config file: {write_error}")
    config, error = load_config_cached()  # as last read while the file is unchanged
    if error is not None:
        notices.append(f"{error}\n{fix_hint(error)}")
    return config


def _history_exists() -> bool:
    from coach import paths

    return paths.database_file().exists()


def _open_journal(config: Config, notices: list[str]) -> Journal | None:
    """The history, its days in the user's zone (`coach.history.calendar`), or None."""
    from coach.history.calendar import open_journal
    from coach.paths import tighten_private_files

    notices.extend(filter(None, [tighten_private_files()]))  # with a note when it did

    try:
        journal = open_journal(config, repair=True)
    except (CoachError, OSError) as error:
        notices.append(f"History is off for this run: {error}")
        return None
    with contextlib.suppress(CoachError):  # shown again next time; nothing is lost
        notices.extend(journal.notices)
        journal.dismiss_notices()
    return journal


def make_speaker(config: Config) -> Any:
    """Spoken cues for one session (`coach.voice.Speaker`), or None without a synthesiser.

    Made for every session, so a config change applies from the next one; it follows the
    sound's mute and volume. Nothing runs until the first phrase (a worker thread then).
    """
    from coach.voice import Speaker, VoiceSettings

    settings = VoiceSettings(
        rate=config.voice_rate, voice=config.voice_name or "", volume=config.volume
    )
    speaker = Speaker(settings, muted=not config.sound)
    return speaker if speaker.available else None


def _open_sound(config: Any, notices: list[str]) -> LazySound | None:
    from importlib.util import find_spec

    if find_spec("coach.sound") is None:  # found, not imported: it loads with the first cue
        return None
    return LazySound(
        volume=getattr(config, "volume", 0.8), muted=not getattr(config, "sound", True)
    )


class LazySound:
    """The SoundPlayer, built on the first cue: probing the audio backends need not
    delay the first frame. Mute works before and after."""

    def __init__(self, *, volume: float, muted: bool) -> None:
        self._volume = volume
        self._muted = muted
        self._player: Any = None
        self._failed = False
        # Rings the terminal bell when no audio backend works (the app's `bell`); called
        # on the event loop, since the player's worker thread must not write to the screen.
        self.ring: Callable[[], None] | None = None

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        self._volume = value
        if self._player is not None:
            self._player.volume = value

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = value
        if self._player is not None:
            self._player.muted = value

    def play(self, cue: str) -> None:
        if self._muted or self._failed:
            return
        if self._player is None:
            try:
                from coach.sound import SoundPlayer

                self._player = SoundPlayer(
                    volume=self.volume, muted=self._muted, backend=self._backend()
                )
            except Exception:  # sound must never stop coach
                logger.debug("no sound player", exc_info=True)
                self._failed = True
                return
        self._player.play(cue)

    def _backend(self) -> Any:
        """The default backend chain with its bell rung through `ring` (None: the default)."""
        if self.ring is None:
            return None
        import asyncio

        from coach.sound import FallbackChain, TerminalBell, default_backend

        loop, ring = asyncio.get_running_loop(), self.ring  # play() runs on the app's loop

        def ring_on_the_loop() -> None:
            loop.call_soon_threadsafe(ring)

        chain = default_backend()
        backends = [
            TerminalBell(ring_on_the_loop) if isinstance(backend, TerminalBell) else backend
            for backend in chain.backends
        ]
        return FallbackChain(backends, skipped=chain.skipped)

    def close(self) -> None:
        if self._player is not None:
            self._player.close()
