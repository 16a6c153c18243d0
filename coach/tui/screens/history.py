"""The History screen: this week's goals and streak, moderate activity and water a day, pain
and the weekly PEG, sessions.

Four tabs so everything fits 80×24. The journal is read when the screen is
mounted, and again when another process writes to it (`JournalChanged`, from
`coach.tui.journal_watch`); every query is an index range scan (see
bench/history.py), for the day the injected clock says it is.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Grid, Middle, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Label,
    ProgressBar,
    Static,
    TabbedContent,
    TabPane,
)

from coach.clock import Clock
from coach.durations import format_volume
from coach.errors import CoachError
from coach.history import progress
from coach.history.journal import SessionRow
from coach.history.outcomes import PegTrend, peg_trend
from coach.history.ports import ReadWriteJournal
from coach.history.progress import DayFigures, Goals, HeatCell, Streaks, Week
from coach.history.undo import Entry
from coach.tui.messages import JournalChanged
from coach.tui.widgets.charts import BarChart, PainChart, PainPoint

logger = logging.getLogger(__name__)

RECENT_DAYS = 30
RECENT_SESSIONS = 50
ROUTINE_NAME_WIDTH = 24

TABS = ("week", "days", "pain", "sessions")


# What the History screen reads (and writes: `u` removes an entry).
HistoryJournal = ReadWriteJournal


# ----------------------------------------------------------------------------- data


@dataclass(frozen=True)
class HistoryData:
    days: tuple[DayFigures, ...]  # the last RECENT_DAYS days, oldest first
    weeks: tuple[tuple[HeatCell, ...], ...]  # 12 weeks of Monday..Sunday, oldest first
    week: Week
    streaks: Streaks
    pain: tuple[SessionRow, ...]  # sessions with a check-in, oldest first
    sessions: tuple[SessionRow, ...]  # newest first
    peg: PegTrend  # the weekly PEG answers and their trend

    @property
    def empty(self) -> bool:
        """Nothing to chart yet: no session ever, and no water, activity or pain lately."""
        return (
            not self.sessions
            and not self.pain
            and not self.peg.entries
            and not any(d.water_ml or d.moderate_minutes for d in self.days)
        )

    @property
    def water_today(self) -> int:
        return self.days[-1].water_ml if self.days else 0


def read_history(journal: HistoryJournal, now: datetime, goals: Goals) -> HistoryData:
    return HistoryData(
        days=tuple(progress.recent_days(journal, now, RECENT_DAYS)),
        weeks=tuple(tuple(row) for row in progress.heatmap(journal, now)),
        week=progress.week_progress(journal, now, goals),
        streaks=progress.streaks(journal, now),
        pain=tuple(progress.pain_over_time(journal, now, RECENT_DAYS)),
        sessions=tuple(journal.recent_sessions(RECENT_SESSIONS)),
        peg=peg_trend(journal, now),
    )


# ----------------------------------------------------------------------------- words


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def streak_text(streaks: Streaks) -> str:
    best = f"best {plural(streaks.best, 'day')}"
    if streaks.current == 0:
        if streaks.best == 0:
            return "No streak yet: a routine today starts one."
        return f"No streak running: a routine today starts one · {best}"
    today = "done today" if streaks.practised_today else "a routine today keeps it going"
    return f"Streak {plural(streaks.current, 'day')} · {best} · {today}"


def moderate_text(week: Week) -> str:
    return f"{round(week.moderate_minutes)} of {week.moderate_goal} min"


def strength_text(week: Week) -> str:
    return f"{week.strength_days} of {plural(week.strength_goal, 'day')}"


def water_text(water_ml: int, goal_ml: int) -> str:
    return f"{format_volume(water_ml)} of {format_volume(goal_ml)}"


def water_days_text(week: Week) -> str:
    return (
        f"Water goal reached on {week.water_days_met} of "
        f"{plural(week.days_so_far, 'day')} so far this week."
    )


def week_span(week: Week) -> str:
    """`9–15 Mar`, or `30 Mar – 5 Apr` across a month."""
    start, end = week.start, week.end
    if start.month == end.month:
        return f"{start.day}–{end.day} {end:%b}"
    return f"{start.day} {start:%b} – {end.day} {end:%b}"


def short_day(day: date) -> str:
    return f"{day.day} {day:%b}"


def time_text(seconds: float) -> str:
    """Work time for the table: `45 s` under a minute, else whole minutes."""
    if seconds < 60:
        return f"{round(seconds)} s"
    return f"{round(seconds / 60)} min"


def pain_text(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return ""
    return f"{'–' if before is None else before} → {'–' if after is None else after}"


def routine_text(session: SessionRow) -> str:
    name = session.routine_name or session.routine_id
    if len(name) > ROUTINE_NAME_WIDTH:
        return name[: ROUTINE_NAME_WIDTH - 1] + "…"
    return name


def session_cells(session: SessionRow) -> tuple[str | Text, ...]:
    """One DataTable row: when, routine, work time, what it did, pain before → after."""
    return (
        session.started_at.strftime("%a %d %b %H:%M"),
        routine_text(session),
        Text(time_text(session.work_seconds), justify="right"),
        session.outcome,
        Text(pain_text(session.pain_before, session.pain_after), justify="center"),
    )


def day_labels(days: Sequence[DayFigures]) -> dict[int, str]:
    """A label every week back from today (today last, so it is always there)."""
    last = len(days) - 1
    labels = {n: short_day(days[n].day) for n in range(last % 7, last, 7)}
    if days:
        labels[last] = "today"
    return labels


def week_labels(weeks: Sequence[Sequence[HeatCell]]) -> dict[int, str]:
    """Every other week's Monday, counted back from this week (labelled "this week")."""
    last = len(weeks) - 1
    labels = {n: short_day(weeks[n][0].day) for n in range(last % 2, last, 2)}
    if weeks:
        labels[last] = "now"
    return labels


def pain_points(sessions: Sequence[SessionRow]) -> list[PainPoint]:
    """A point per session, labelled by its day (by its time when all share one day)."""
    one_day = len({s.day for s in sessions}) == 1

    def label(session: SessionRow) -> str:
        return session.started_at.strftime("%H:%M") if one_day else short_day(session.day)

    return [PainPoint(label(s), s.pain_before, s.pain_after) for s in sessions]


PEG_SHOWN = 6  # the latest weekly scores on the Pain tab


def peg_text(trend: PegTrend) -> Content:
    """The Pain tab's PEG lines: the latest scores by day, then the trend in its words."""
    if not trend.entries:
        return Content(trend.message)
    scores = " · ".join(
        f"{entry.score:.1f} ({short_day(entry.day)})" for entry in trend.entries[-PEG_SHOWN:]
    )
    due = "  It is a new week: p on the home screen." if trend.due else ""
    return Content.assemble(
        ("Weekly PEG (0–10, lower is better): ", "bold"), scores, "\n", trend.message, due
    )


def empty_text(goals: Goals) -> Content:
    command = "bold $text-accent"
    return Content.assemble(
        ("No history yet.", "bold"),
        "\n\nFinish a routine from the home screen and your sessions, streak, "
        "moderate activity and water show up here. From a shell, ",
        ("coach drink", command),
        " logs a glass of water, ",
        ("coach log walk 30m", command),
        " a walk (or a ride, a swim, a run) and ",
        ("coach pain N", command),
        " a pain check-in.\n\n",
        f"Your goals: {goals.weekly_moderate_minutes} minutes of moderate activity and "
        f"strength work on {plural(goals.weekly_strength_days, 'day')} a week, "
        f"{format_volume(goals.water_goal_ml)} of water a day.",
    )


# ----------------------------------------------------------------------------- screen


class HistoryScreen(Screen[None]):
    """Progress over time. Escape or q goes back; 1–4 (or the tabs) switch views."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="close_history"),
        Binding("1", "show_tab('week')", "Week", show=False, id="history_week"),
        Binding("2", "show_tab('days')", "Days", show=False, id="history_days"),
        Binding("3", "show_tab('pain')", "Pain", show=False, id="history_pain"),
        Binding("4", "show_tab('sessions')", "Sessions", show=False, id="history_sessions"),
        Binding("u", "undo", "Undo…", id="history_undo"),
    ]

    def __init__(
        self,
        journal: HistoryJournal | None,
        clock: Clock,
        goals: Goals | None = None,
    ) -> None:
        super().__init__()
        self.journal = journal
        self.clock = clock
        self.goals = goals or Goals()
        self.data: HistoryData | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="✚")
        with Middle(id="history-empty"), Center():
            yield Static("", id="empty-text")
        with TabbedContent(id="history-tabs"):
            with TabPane("This week", id="week"):
                yield Label("", id="streak")
                with Vertical(id="goals"):
                    with Grid(id="goal-grid"):
                        yield Label("Moderate activity", classes="goal-name")
                        yield ProgressBar(id="moderate-bar", show_eta=False, show_percentage=False)
                        yield Label("", id="moderate-figure", classes="goal-figure")
                        yield Label("Strength days", classes="goal-name")
                        yield ProgressBar(id="strength-bar", show_eta=False, show_percentage=False)
                        yield Label("", id="strength-figure", classes="goal-figure")
                        yield Label("Water today", classes="goal-name")
                        yield ProgressBar(id="water-bar", show_eta=False, show_percentage=False)
                        yield Label("", id="water-figure", classes="goal-figure")
                    yield Label("", id="water-days")
                yield BarChart(id="weeks-chart", color="success")
            with TabPane("Activity & water", id="days"):
                yield BarChart(id="minutes-chart", color="success")
                yield BarChart(id="water-chart", color="primary")
            with TabPane("Pain", id="pain"):
                yield PainChart(id="pain-chart")
                yield Static("", id="pain-empty", classes="tab-note")
                yield Static("", id="peg-line")
            with TabPane("Sessions", id="sessions"):
                yield DataTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="sessions-empty", classes="tab-note")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "History"
        self.reload()

    def on_journal_changed(self, _message: JournalChanged) -> None:
        """Another process wrote (`coach drink`, `coach log`, the daemon): show it."""
        self.reload()

    def reload(self) -> None:
        """Read the journal for the clock's day and show it (on mount, and on changes)."""
        if self.journal is None:
            self._show_empty("History is off for this run: there is no history database.")
            return
        try:
            data = read_history(self.journal, self.clock.now(), self.goals)
        except (CoachError, OSError) as error:  # a damaged or locked file must not close the app
            logger.debug("history could not be read", exc_info=True)
            self._show_empty(f"Your history could not be read:\n{error}")
            return
        self.data = data
        if data.empty:
            self._show_empty(empty_text(self.goals))
            return
        self.query_one("#history-empty").display = False
        self.query_one("#history-tabs").display = True
        self._show_week(data)
        self._show_days(data)
        self._show_pain(data)
        self._show_sessions(data)

    # ------------------------------------------------------------------ tabs

    def _show_empty(self, text: str | Content) -> None:
        self.query_one("#history-tabs").display = False
        self.query_one("#history-empty").display = True
        # Plain strings (error messages) are shown as they are, never read as markup.
        self.query_one("#empty-text", Static).update(
            Content(text) if isinstance(text, str) else text
        )

    def _show_week(self, data: HistoryData) -> None:
        week, goals = data.week, self.goals
        self.query_one("#streak", Label).update(streak_text(data.streaks))
        self.query_one("#goals").border_title = f"This week · {week_span(week)}"
        for name, value, goal, text in (
            ("moderate", week.moderate_minutes, week.moderate_goal, moderate_text(week)),
            ("strength", week.strength_days, week.strength_goal, strength_text(week)),
            (
                "water",
                data.water_today,
                goals.water_goal_ml,
                water_text(data.water_today, goals.water_goal_ml),
            ),
        ):
            bar = self.query_one(f"#{name}-bar", ProgressBar)
            bar.update(total=max(goal, 1), progress=min(value, goal))
            self.query_one(f"#{name}-figure", Label).update(text)
        self.query_one("#water-days", Label).update(water_days_text(week))
        weekly_minutes = [sum(cell.minutes or 0.0 for cell in row) for row in data.weeks]
        self.query_one("#weeks-chart", BarChart).show(
            weekly_minutes,
            week_labels(data.weeks),
            title=f"Moderate activity a week (min), last {len(data.weeks)} weeks · line: goal",
            goal=week.moderate_goal,
        )

    def _show_days(self, data: HistoryData) -> None:
        minutes = [day.moderate_minutes for day in data.days]
        litres = [day.water_ml / 1000 for day in data.days]
        met = sum(1 for day in data.days if day.water_ml >= self.goals.water_goal_ml)
        labels = day_labels(data.days)
        self.query_one("#minutes-chart", BarChart).show(
            minutes,
            labels,
            title=(
                f"Moderate activity a day (min) · {len(data.days)} days: {round(sum(minutes))} min"
            ),
        )
        self.query_one("#water-chart", BarChart).show(
            litres,
            labels,
            title=(
                f"Water a day (L) · goal {format_volume(self.goals.water_goal_ml)} "
                f"reached on {plural(met, 'day')}"
            ),
            goal=self.goals.water_goal_ml / 1000,
        )

    def _show_pain(self, data: HistoryData) -> None:
        self.query_one("#peg-line", Static).update(peg_text(data.peg))
        chart = self.query_one("#pain-chart", PainChart)
        note = self.query_one("#pain-empty", Static)
        chart.display, note.display = bool(data.pain), not data.pain
        if not data.pain:
            note.update(
                f"No pain check-ins in the last {RECENT_DAYS} days. Routines that start or "
                "end with a check-in add their before and after figures here."
            )
            return
        chart.show(
            pain_points(data.pain),
            title=f"Pain (0–10) ● before → ◆ after, each session · last {RECENT_DAYS} days",
        )

    def _show_sessions(self, data: HistoryData) -> None:
        table = self.query_one("#sessions-table", DataTable)
        table.clear(columns=True)
        table.add_column("When", key="when")
        table.add_column("Routine", key="routine")
        table.add_column(Text("Work", justify="right"), key="work")
        table.add_column("Status", key="status")
        table.add_column("Pain", key="pain")
        for session in data.sessions:
            table.add_row(*session_cells(session), key=str(session.id))
        note = self.query_one("#sessions-empty", Static)
        table.display, note.display = bool(data.sessions), not data.sessions
        if not data.sessions:
            note.update("No sessions yet. Start a routine from the home screen.")

    # ------------------------------------------------------------------ actions

    def action_show_tab(self, tab: str) -> None:
        tabs = self.query_one("#history-tabs", TabbedContent)
        if tabs.display and tab in TABS:
            tabs.active = tab

    def action_close(self) -> None:
        self.dismiss(None)

    def action_undo(self) -> None:
        """The last entry of each kind, one removed after a yes (`coach.tui.screens.undo`)."""
        if self.journal is None:
            self.notify("History is off for this run: there is nothing to undo.")
            return
        try:
            entries = self.journal.last_entries()
        except (CoachError, OSError) as error:
            self.notify(f"Your history could not be read: {error}", severity="error")
            return
        if not entries:
            self.notify("Nothing to undo yet.")
            return
        from coach.tui.screens.undo import UndoScreen

        self.app.push_screen(UndoScreen(entries), callback=self._undo_chosen)

    def _undo_chosen(self, entry: Entry | None) -> None:
        if entry is None or self.journal is None:
            return
        try:
            self.journal.remove_entry(entry)
        except (CoachError, OSError) as error:
            self.notify(f"Nothing was removed: {error}", severity="error")
            return
        self.notify(f"Removed: {entry.describe()}", timeout=6)
        self.reload()
