"""What the TUI needs from the parts it is given (real ones or test fakes)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from coach.errors import InvalidFile
from coach.routines.model import Exercise, Kind, Routine

if TYPE_CHECKING:
    # The session's modules load with the first session, the history's after the first
    # frame (coach.tui.launch): neither at start-up.
    from coach.history.ports import ReadWriteJournal
    from coach.session.events import Event

    # `coach.history.journal.Journal` as the window uses it: it reads and writes.
    Journal = ReadWriteJournal


class RoutineLibrary(Protocol):
    """`coach.routines.library.Library`, as far as the TUI reads it."""

    @property
    def routines(self) -> Mapping[str, Routine]: ...

    @property
    def problems(self) -> Sequence[InvalidFile]: ...

    @property
    def exercises(self) -> Mapping[str, Exercise]: ...

    def get(self, routine_id: str) -> Routine: ...

    def by_kind(self) -> Mapping[Kind, Sequence[Routine]]: ...


class Sound(Protocol):
    """`coach.sound.SoundPlayer`."""

    muted: bool

    def play(self, cue: str) -> None: ...


class Voice(Protocol):
    """`coach.voice.Speaker`: spoken cues (never blocks, a newer phrase cuts an older)."""

    muted: bool

    def say(self, text: str) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class CueForEvent(Protocol):
    def __call__(self, player: Sound, event: Event) -> None: ...
