"""Which sound cue goes with which session event.

| event                                   | cue      |
|-----------------------------------------|----------|
| PHASE_STARTED of a WORK or THERAPY_ON   | start    |
| PHASE_STARTED of a THERAPY_OFF          | rest     |
| COUNTDOWN (3, 2, 1)                     | tick     |
| REP (each new paced rep)                | tick     |
| HALFWAY                                 | halfway  |
| SWITCH_SIDES                            | switch   |
| REST                                    | rest     |
| SESSION_DONE                            | done     |

Breathing phases get no ticks: with a 3-2-1 before the end of every inhale, hold and exhale
long enough to count down, ticks would sound all through a breathing step. Events that
arrive late (the engine catching up after a stall or a suspend) are dropped, except "done":
a stale countdown tick is worse than none.

Kinds are compared by their string values, so this module needs nothing from
`coach.session.events` at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from coach.session.events import Event

MAX_LATENESS = 1.0  # s: a cue later than this has missed its moment

_CUE_FOR_EVENT = {
    "countdown": "tick",
    "rep": "tick",
    "halfway": "halfway",
    "switch_sides": "switch",
    "rest": "rest",
    "session_done": "done",
}
_CUE_FOR_PHASE_START = {"work": "start", "therapy_on": "start", "therapy_off": "rest"}
_BREATHING_PHASES = frozenset({"inhale", "hold_in", "exhale", "hold_out"})
_ALWAYS_PLAYED = frozenset({"done"})


class CuePlayer(Protocol):
    def play(self, cue: str) -> None: ...


def cue_for_event(event: Event) -> str | None:
    """The cue an engine event should sound, or None for a silent one."""
    kind = str(event.kind)
    phase_kind = str(event.phase.kind) if event.phase is not None else None
    if kind == "phase_started":
        return _CUE_FOR_PHASE_START.get(phase_kind or "")
    if kind == "countdown" and phase_kind in _BREATHING_PHASES:
        return None
    return _CUE_FOR_EVENT.get(kind)


def play_cue_for_event(player: CuePlayer, event: Event) -> None:
    """Play the event's cue, if it has one and is not stale.

    A session listener: `SoundPlayer.play` never raises, and should another player
    raise, the session's event delivery logs it and carries on.
    """
    cue = cue_for_event(event)
    if cue is None:
        return
    if cue not in _ALWAYS_PLAYED and event.late > MAX_LATENESS:
        return
    player.play(cue)
