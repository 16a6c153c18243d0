"""The hand-over between the coach window and the daemon: one stream of reminders.

While the window is open it holds the TUI lock (`coach.reminders.locks`) and
reminds; the daemon sees the lock held, keeps quiet and leaves the state file to
the window. Each side keeps the other's plan:

- the window, opening, keeps the due times the daemon planned (when they are
  fresh and sane: `handed_over_due`) and offers the break it left unanswered;
- the daemon, when the window lets go of the lock, carries on from the window's
  due times and pending break.

`HandOver` is one side of that: who writes (`writer`), the state file, and
whether the other side reminds right now. It also carries a break asked for on
the daemon's notification while the window is open: the break starts in the window
(which holds the hand-over), through a small request file the window takes.
No scheduler, no journal.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coach.reminders.schedule import clock_gap, looks_like_resume
from coach.reminders.state import ReminderState, read_state, write_state
from coach.reminders.vocabulary import ReminderKind


def handed_over_due(
    planned: datetime | None,
    *,
    now: datetime,
    written_at: datetime,
    interval: float,
    gap: float | None = None,
    own: bool = False,
) -> datetime | None:
    """The due time another coach process planned, if this one should keep it.

    Opening the window must not postpone the break the daemon planned. Kept when
    the plan is fresh (written at most one `interval` ago, and no suspend or clock
    jump since: `gap` as from `clock_gap`, None when unknown; after a suspend the
    timers restart, as always) and sane (still ahead, at most one `interval`
    away). `own`: the plan is this process's own, written before it slept
    (coach.reminders.sleeper), and is kept whatever its age while still ahead and no
    suspend came in between. None: plan anew from now.
    """
    if planned is None or planned.tzinfo is None or written_at.tzinfo is None:
        return None
    if own:
        resumed = gap is not None and looks_like_resume(gap)
        return planned if planned > now and not resumed else None
    if not 0 <= (now - written_at).total_seconds() <= interval:
        return None
    if gap is not None and looks_like_resume(gap):
        return None
    if not 0 < (planned - now).total_seconds() <= interval:
        return None
    return planned


def planned_times(state: ReminderState) -> dict[ReminderKind, datetime | None]:
    """The due times a state file holds, by kind."""
    return {ReminderKind.SITTING: state.next_sitting, ReminderKind.WATER: state.next_water}


def times_to_keep(
    state: ReminderState | None,
    *,
    writer: str,
    now: datetime,
    monotonic: float,
    intervals: Mapping[ReminderKind, float],
    pid: int | None = None,
) -> dict[ReminderKind, datetime]:
    """On start: the other side's due times to keep, for the kinds in `intervals`.

    `monotonic` is this process's monotonic clock now (system-wide, like the
    writer's), to see a suspend since the file was written. `pid`: this process's, when
    a state file it wrote itself before it slept is its own plan to carry on with.
    """
    own = state is not None and pid is not None and (state.writer, state.pid) == (writer, pid)
    if state is None or (state.writer == writer and not own):
        return {}
    gap = None  # unknown for a state file from an older coach
    if state.monotonic is not None and state.updated_at.tzinfo is not None:
        gap = clock_gap(state.monotonic, state.updated_at, monotonic, now)
    kept = {}
    for kind, planned in planned_times(state).items():
        if kind not in intervals:
            continue
        due = handed_over_due(
            planned,
            now=now,
            written_at=state.updated_at,
            interval=intervals[kind],
            gap=gap,
            own=own,
        )
        if due is not None:
            kept[kind] = due
    return kept


@dataclass
class HandOver:
    """This process's side of the hand-over.

    `other_reminds()`: True while the other process reminds instead (the daemon
    passes "the TUI lock is held"); None: this side always reminds (the window).
    """

    writer: str  # "daemon" | "tui": who wrote the state file
    state_path: Path | None = None
    other_reminds: Callable[[], bool] | None = None
    request_path: Path | None = None  # a break asked for on the daemon's notification
    # The daemon's pid: a state file it wrote before it slept holds its own plan.
    pid: int | None = None
    _was_quiet: bool = False

    @classmethod
    def for_daemon(cls) -> HandOver:
        """The daemon's side: quiet while a coach window holds the TUI lock."""
        from coach.reminders import state
        from coach.reminders.locks import break_request_path, is_held, tui_lock_path

        return cls(
            "daemon",
            state.state_file(),
            lambda: is_held(tui_lock_path()),
            request_path=break_request_path(),
            pid=os.getpid(),
        )

    @classmethod
    def for_window(cls, state_path: Path | None, request_path: Path | None = None) -> HandOver:
        """The window's side: it holds the TUI lock, so it always reminds."""
        return cls("tui", state_path, request_path=request_path)

    def request_break(self, routine_id: str) -> None:
        """Ask the open window to start this break (the daemon's "Start break"). Raises
        OSError when the request cannot be written."""
        if self.request_path is None:
            raise OSError("no place for a break request")
        self.request_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.request_path.with_name(f".{self.request_path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"routine": routine_id}), encoding="utf-8")
        os.replace(tmp, self.request_path)

    def take_break_request(self) -> str | None:
        """The routine the daemon asked this window to start, once; None when none."""
        if self.request_path is None:
            return None
        try:
            text = self.request_path.read_text(encoding="utf-8")
            self.request_path.unlink()
        except OSError:
            return None
        try:
            routine = json.loads(text).get("routine")
        except (ValueError, AttributeError):
            return None
        return routine if isinstance(routine, str) and routine else None

    def quiet(self) -> bool:
        """True while the other process reminds: this one neither reminds nor writes."""
        quiet = self.other_reminds is not None and self.other_reminds()
        self._was_quiet = self._was_quiet or quiet
        return quiet

    def start(self) -> ReminderState | None:
        """On start: whether the other side reminds now, and the state an earlier run left."""
        self._was_quiet = self.quiet()
        return self.read()

    def read(self) -> ReminderState | None:
        return read_state(self.state_path) if self.state_path is not None else None

    def handed_back(self) -> ReminderState | None:
        """The state the other side left, once, when it has just stopped reminding."""
        if self.other_reminds is None:
            return None
        was_quiet = self._was_quiet
        self._was_quiet = self.other_reminds()
        if not was_quiet or self._was_quiet:
            return None
        state = self.read()
        return state if state is not None and state.writer != self.writer else None

    def answered_elsewhere(self, record_id: int | None) -> bool:
        """The other side answered this pending reminder (it is gone from the state file)."""
        on_file = self.read()
        return on_file is not None and (
            on_file.pending is None or on_file.pending.record_id != record_id
        )

    def owns_state_file(self) -> bool:
        """Whether this side writes the state file now (the side that reminds does)."""
        return self.state_path is not None and not self.quiet()

    def publish(self, state: ReminderState) -> None:
        """Replace the state file (call when `owns_state_file()`). Raises OSError."""
        if self.state_path is not None:
            write_state(state, self.state_path)
