"""What counts: one definition of activity for every surface.

The Today panel, the History screen, `coach stats`, `coach history`, the
streaks, the weekly goals and "breaks taken" all ask this module (through the
journal's queries, which use the SQL twins below, and `coach.session.recording`,
which measures the work as it is written).

**What a session did.** Only the work counts: exercise phases, breathing and
the "pack on" part of cold and heat; not check-ins, drinks, rests, "get ready"
or "switch sides". A step's work is its unpaused time, up to its planned time
(a phase that waits for a key, "8 reps · press space when done", counts at most
its estimate however long it waits), and nothing when it was skipped.

- A session *counts* (it is shown and counted as a session) once it did real
  work: 30 seconds of it, or half its plan if that is less. Quitting at the first
  check-in, or skipping through every step, is no session.
- A session is *mostly done* when at least half of its planned work was done;
  it is *completed* when it also ran to its end. Pressing `N` through a routine
  runs it to its end, but it is "partly done", not completed.

**The weekly goals** (CDC, WHO: 150 minutes of moderate aerobic activity, and
muscle strengthening on 2 days, a week):

- *Moderate activity*: activity logged with `coach log` (walk, cycle, swim, run,
  other; a run is vigorous and counts double, as the guidelines count it) and
  the walking steps inside routines (exercise `walk`). Stretching, breathing,
  cold/heat and posture breaks are good for the back but are not aerobic
  activity: they count toward practice days and breaks taken instead.
- *Strength days*: days with a core session, or one tagged `strength`, mostly
  done; or with strength activity logged.
- A *practice day* (the streak): a day with a session that counts.
- A *break taken*: a sitting reminder answered "start the break", followed within
  half an hour by a routine mostly done, or by time away from the computer
  (`break_length`, noticed by the reminders).

No Textual here, and no SQL but the fragments the journal's queries use.
"""

from __future__ import annotations

from typing import Literal

# ----------------------------------------------------------------------------- a session

# Phase kinds (coach.session.engine.PhaseKind values) that are work.
WORK_PHASES: frozenset[str] = frozenset(
    {"work", "inhale", "hold_in", "exhale", "hold_out", "therapy_on"}
)
MOSTLY = 0.5  # "most of its planned work": at least this share of it
COUNTS_AFTER_SECONDS = 30.0  # real work: this much, or MOSTLY of a shorter plan

Outcome = Literal["completed", "partly done", "quit", "interrupted", "in progress", "no work"]


def is_work_phase(kind: str, *, inserted: bool) -> bool:
    """A phase whose time is work (not one the plan inserted around it)."""
    return not inserted and kind in WORK_PHASES


def step_work(status: str, spent_seconds: float, planned_seconds: float) -> float:
    """A step's work: its unpaused time, up to its planned work; none when skipped."""
    if status == "skipped" or planned_seconds <= 0:
        return 0.0
    return max(0.0, min(spent_seconds, planned_seconds))


def mostly_done(work_seconds: float, planned_seconds: float) -> bool:
    return work_seconds > 0 and work_seconds >= MOSTLY * planned_seconds


def counts(work_seconds: float, planned_seconds: float) -> bool:
    """A session at all: some real work was done."""
    return work_seconds > 0 and (
        work_seconds >= COUNTS_AFTER_SECONDS or work_seconds >= MOSTLY * planned_seconds
    )


def outcome(status: str, work_seconds: float, planned_seconds: float) -> Outcome:
    """What a session did, in the words the History screen and `coach history` use."""
    if status == "running":
        return "in progress"
    if not counts(work_seconds, planned_seconds):
        return "no work"
    if status == "completed":
        return "completed" if mostly_done(work_seconds, planned_seconds) else "partly done"
    return "interrupted" if status == "interrupted" else "quit"


# The same rules over the `sessions` table's columns (a test checks they agree).


def counts_sql(table: str = "") -> str:
    """`counts` over the `sessions` columns (of `table`, an alias, when given)."""
    t = f"{table}." if table else ""
    return (
        f"({t}work_seconds > 0 AND ({t}work_seconds >= {COUNTS_AFTER_SECONDS!r}"
        f" OR {t}work_seconds >= {MOSTLY!r} * {t}planned_work_seconds))"
    )


def mostly_done_sql(table: str = "") -> str:
    """`mostly_done` over the `sessions` columns (of `table`, an alias, when given)."""
    t = f"{table}." if table else ""
    return f"({t}work_seconds > 0 AND {t}work_seconds >= {MOSTLY!r} * {t}planned_work_seconds)"


COUNTS_SQL = counts_sql()
MOSTLY_DONE_SQL = mostly_done_sql()
# A step is a step of work (done or skipped) when it had work planned.
WORK_STEP_SQL = "planned_seconds > 0"

# ----------------------------------------------------------------------------- the goals

# What `coach log` records (its minutes), and how each kind counts.
LOGGED_KINDS: tuple[str, ...] = ("walk", "cycle", "swim", "run", "strength", "other")
VIGOROUS_KINDS: frozenset[str] = frozenset({"run"})  # a vigorous minute counts as two
VIGOROUS_FACTOR = 2.0
STRENGTH_LOGGED_KINDS: frozenset[str] = frozenset({"strength"})  # a strength day, not aerobic
# Exercises inside routines that are moderate activity.
MODERATE_EXERCISES: frozenset[str] = frozenset({"walk"})
# Sessions that make a strength day (when mostly done).
STRENGTH_SESSION_KINDS: frozenset[str] = frozenset({"core"})
STRENGTH_TAG = "strength"


LOGGED_MOST_SECONDS = 12 * 3600  # one activity; a longer one is a typo
LOGGED_LEAST_SECONDS = 60


def read_logged_duration(text: str) -> float:
    """Seconds of a logged activity from `30m`, `1h15m` (`coach log`, the window's form):
    a minute to 12 hours, with its unit. ValueError saying what is wrong."""
    from coach.durations import parse_duration

    if text.strip().replace(".", "", 1).isdigit():
        raise ValueError(f'"{text}": give the unit, e.g. {text.strip()}m or 1h')
    seconds = parse_duration(text)
    if seconds < LOGGED_LEAST_SECONDS:
        raise ValueError(f'"{text}" is less than a minute: give it in minutes, e.g. 20m')
    if seconds > LOGGED_MOST_SECONDS:
        raise ValueError(f'"{text}" is more than coach logs at once (12 h)')
    return seconds


def moderate_seconds(kind: str, seconds: float) -> float:
    """How much of a logged activity counts toward the weekly moderate activity."""
    if kind in STRENGTH_LOGGED_KINDS:
        return 0.0
    return seconds * (VIGOROUS_FACTOR if kind in VIGOROUS_KINDS else 1.0)


_NOUNS = {"walk": "walk", "cycle": "bike ride", "swim": "swim", "run": "run"}


def logged_text(kind: str, seconds: float) -> str:
    """Logged activity in words: `a 30 min walk`, `40 min of strength work`."""
    minutes = f"{round(seconds / 60)} min"
    if kind in _NOUNS:
        return f"a {minutes} {_NOUNS[kind]}"
    return f"{minutes} of {'strength work' if kind in STRENGTH_LOGGED_KINDS else 'other activity'}"


def _sql_list(values: frozenset[str]) -> str:
    return ", ".join(f"'{value}'" for value in sorted(values))


# A logged activity's moderate seconds, over the `activity` table's columns.
LOGGED_MODERATE_SQL = (
    f"(CASE WHEN kind IN ({_sql_list(STRENGTH_LOGGED_KINDS)}) THEN 0"
    f" WHEN kind IN ({_sql_list(VIGOROUS_KINDS)}) THEN seconds * {VIGOROUS_FACTOR!r}"
    " ELSE seconds END)"
)
MODERATE_EXERCISES_SQL = f"({_sql_list(MODERATE_EXERCISES)})"
STRENGTH_KINDS_SQL = f"({_sql_list(STRENGTH_SESSION_KINDS)})"
STRENGTH_LOGGED_SQL = f"({_sql_list(STRENGTH_LOGGED_KINDS)})"

# ----------------------------------------------------------------------------- breaks

BREAK_WINDOW_SECONDS = 30 * 60  # after "start the break": the routine or the time away
BREAK_EARLY_SECONDS = 60  # a routine started just before the answer was written

# A sitting reminder (alias r) answered "started" that became a break.
BREAK_TAKEN_SQL = (
    "(r.answer = 'started' AND ("
    " EXISTS (SELECT 1 FROM sessions s"
    f"  WHERE s.started_ts BETWEEN coalesce(r.answered_ts, r.fired_ts) - {BREAK_EARLY_SECONDS}"
    f"  AND coalesce(r.answered_ts, r.fired_ts) + {BREAK_WINDOW_SECONDS}"
    f"  AND {mostly_done_sql('s')})"
    " OR EXISTS (SELECT 1 FROM away a"
    f"  WHERE a.start_ts BETWEEN coalesce(r.answered_ts, r.fired_ts) - {BREAK_EARLY_SECONDS}"
    f"  AND coalesce(r.answered_ts, r.fired_ts) + {BREAK_WINDOW_SECONDS})))"
)
