"""Which break a sitting reminder offers, and how it names it.

`sitting.routine` may name several routines: each reminder offers the next one in
turn (`rotate: in_turn`), or the one done least recently according to the journal
(`rotate: least_recent`), so the week's breaks cover different stretches. The
reminder names its routine and length: "Desk break · 3 min: chin tuck, seated twist…".

- `next_break_routine`: the rule, pure (a table test);
- `BreakOffer`: a routine as a reminder names it; `offer_for(routine)` builds one;
- `LibraryOffers`: for the daemon, which keeps no library in memory: the routines are
  read once when a reminder first needs one (in a worker thread) and kept as small
  offers until the routine files or the config change;
- `BreakPicker`: the service's part that chooses and remembers the last one offered
  (the state file carries it, so the turn survives restarts and the hand-over).

No Textual here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from coach.config import Config
    from coach.reminders.records import ReminderRecords
    from coach.routines.model import Routine

from coach.config.settings import ROTATIONS

IN_TURN, LEAST_RECENT = ROTATIONS  # the values `sitting.rotate` may take
NAMED_EXERCISES = 2  # the body names this many, then "…"


class BreakOffer(NamedTuple):
    """A break routine as a reminder names it."""

    routine_id: str
    name: str = ""  # "" when the routine cannot be read (a typo in the config)
    length: str = ""  # "3 min", "~4 min" (coach.routines.timing.length_text)
    exercises: tuple[str, ...] = ()  # its exercises' names, in order, each once

    def summary(self) -> str:
        """`Desk break · 3 min: chin tuck, seated twist…`"""
        if not self.name:
            return self.routine_id
        text = f"{self.name} · {self.length}" if self.length else self.name
        if self.exercises:
            names = ", ".join(_lower_first(name) for name in self.exercises[:NAMED_EXERCISES])
            more = "…" if len(self.exercises) > NAMED_EXERCISES else ""
            text += f": {names}{more}"
        return text


def _lower_first(name: str) -> str:
    """`Chin tuck` → `chin tuck` inside a sentence; `McGill curl-up` keeps its capital."""
    first = name.split(" ", 1)[0]
    if len(first) > 1 and first[1:].islower():
        return name[0].lower() + name[1:]
    return name


def offer_for(routine: Routine) -> BreakOffer:
    from coach.routines.model import ExerciseStep
    from coach.routines.timing import length_text

    names: list[str] = []
    for step in routine.steps:
        if isinstance(step, ExerciseStep) and step.name not in names:
            names.append(step.name)
    return BreakOffer(routine.id, routine.name, length_text(routine), tuple(names))


def next_break_routine(
    routines: Sequence[str],
    rotate: str,
    last_offered: str | None,
    last_done: Mapping[str, date | None],
) -> str:
    """The routine the next sitting reminder offers.

    `in_turn`: the one after the last offered (the first when that is not in the list).
    `least_recent`: the one done least recently (never done first); ties in list order.
    """
    if len(routines) == 1:
        return routines[0]
    if rotate == LEAST_RECENT:
        order = {routine: index for index, routine in enumerate(routines)}
        return min(routines, key=lambda r: (last_done.get(r) or date.min, order[r]))
    if last_offered is not None and last_offered in routines:
        return routines[(list(routines).index(last_offered) + 1) % len(routines)]
    return routines[0]


Describe = Callable[[str], BreakOffer | None]


class LibraryOffers:
    """Offers read from the routine library on first use, kept until `forget()`.

    Reading the library may import the loader and parse every routine file (a tenth of
    a second and a few MB, briefly; unpickled in a millisecond while no file changed):
    call it from a worker thread. A library that cannot
    be read leaves every offer nameless; the reminder still names the routine's id.
    """

    def __init__(self, load: Callable[[], Mapping[str, Routine]] | None = None) -> None:
        self._load = load or _load_routines
        self._offers: dict[str, BreakOffer] | None = None
        self._lock = threading.Lock()

    def __call__(self, routine_id: str) -> BreakOffer | None:
        with self._lock:
            if self._offers is None:
                self._offers = {rid: offer_for(r) for rid, r in self._load().items()}
            return self._offers.get(routine_id)

    def forget(self) -> None:
        """The routine files (or the config) changed: read them again next time."""
        with self._lock:
            self._offers = None


def _load_routines() -> Mapping[str, Routine]:
    """The routines as the window opens them: as last read while no file changed (no
    YAML parsed then), else read afresh."""
    from coach import paths
    from coach.routines.library import cached_library

    return dict(cached_library(paths.user_routines_dir()).routines)


class BreakPicker:
    """Chooses each sitting reminder's routine and names it; remembers the last offered."""

    def __init__(self, records: ReminderRecords, describe: Describe | None = None) -> None:
        self.records = records
        self.describe = describe
        self.last_offered: str | None = None

    def choose(self, config: Config, today: date) -> str:
        routines = config.break_routines
        last_done: Mapping[str, date | None] = {}
        if config.break_rotate == LEAST_RECENT and len(routines) > 1:
            last_done = self.records.last_done(routines, today)
        return next_break_routine(routines, config.break_rotate, self.last_offered, last_done)

    def offer(self, routine_id: str) -> BreakOffer:
        """The routine named for a reminder (may read the library: a worker thread)."""
        found = self.describe(routine_id) if self.describe is not None else None
        return found or BreakOffer(routine_id)

    def forget(self) -> None:
        """The routine files or the config changed: name the routines afresh."""
        if isinstance(self.describe, LibraryOffers):
            self.describe.forget()
