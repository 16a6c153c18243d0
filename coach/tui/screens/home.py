"""The home screen: routines by kind, today's figures, routine files that failed to load."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from coach.durations import format_volume
from coach.errors import InvalidFile, LocatedError, Location
from coach.routines.describe import step_detail, step_title
from coach.routines.model import CheckInStep, ExerciseStep, HydrationStep, Kind, Routine, Step
from coach.routines.timing import estimated_seconds, total_text
from coach.tui.messages import RoutineChosen
from coach.tui.today import TodayFigures

if TYPE_CHECKING:
    from textual.command import Provider

KIND_TITLES: dict[Kind, str] = {
    Kind.STRETCH: "Stretching",
    Kind.CORE: "Core strength",
    Kind.POSTURE: "Posture breaks",
    Kind.BREATHING: "Breathing",
    Kind.HYDRATION: "Water",
    Kind.THERAPY: "Ice and heat",
    Kind.MIXED: "Mixed",
}


def routine_length(routine: Routine) -> str:
    """`3 min`, or `~3 min` when some steps wait for the user and the time is an estimate."""
    seconds = estimated_seconds(routine)
    waits = any(
        isinstance(step, HydrationStep | CheckInStep)
        or (isinstance(step, ExerciseStep) and step.dose.hold is None)
        for step in routine.steps
    )
    return ("~" if waits else "") + total_text(seconds)


def step_line(step: Step, routine: Routine) -> str:
    """One line per step for the details panel: `Cat-cow · 10 reps`."""
    detail = step_detail(step, routine.defaults)
    return f"{step_title(step)} · {detail}" if detail else step_title(step)


def routine_commands_provider() -> type[Provider]:
    from coach.tui.commands import RoutineCommands

    return RoutineCommands


class HomeScreen(Screen[None]):
    """Pick a routine. Enter starts it; `/` finds one by name."""

    # A callable, so the command palette's modules load when it first opens, not at start-up.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        routine_commands_provider
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "find_routine", "Find", id="find_routine"),
        Binding("q", "app.quit", "Quit", id="quit_app"),
    ]

    def __init__(
        self,
        routines_by_kind: dict[Kind, list[Routine]],
        problems: Sequence[InvalidFile] = (),
    ) -> None:
        super().__init__()
        self.routines_by_kind = routines_by_kind
        self.problems = list(problems)
        self.routines = {r.id: r for group in routines_by_kind.values() for r in group}
        self._today: TodayFigures | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="✚")
        with Horizontal(id="home-body"):
            with Vertical(id="routines-pane"):
                yield OptionList(*self._options(), id="routine-list")
                if self.problems:
                    yield Static(self._problems_text(), id="problems")
            with Vertical(id="side"):
                yield Static("", id="today")
                yield Static("", id="details")
                # The reminders part fills this ("next break in …", water vs goal).
                yield Vertical(id="reminders")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#routine-list").border_title = "Routines"
        self.query_one("#today").border_title = "Today"
        self.query_one("#details").border_title = "About"
        if self.problems:
            count = len(self.problems)
            problems = self.query_one("#problems")
            plural = "s" if count != 1 else ""
            problems.border_title = f"{count} routine file{plural} could not be loaded"
            problems.border_subtitle = "fix, then `coach validate`"
        self.show_today(self._today)
        option_list = self.query_one("#routine-list", OptionList)
        option_list.focus()
        if option_list.highlighted is not None:
            self._show_details(option_list.get_option_at_index(option_list.highlighted).id)

    # ------------------------------------------------------------------ content

    def _options(self) -> list[Option | None]:
        names = [r.name for group in self.routines_by_kind.values() for r in group]
        width = max((len(name) for name in names), default=10) + 2
        options: list[Option | None] = []
        for kind, routines in self.routines_by_kind.items():
            if not routines:
                continue
            title = Content.styled(KIND_TITLES.get(kind, kind.value.title()), "bold")
            options.append(Option(title, id=f"kind:{kind.value}", disabled=True))
            for routine in routines:
                length = routine_length(routine)
                prompt = Content.assemble(
                    "  ",
                    Content(routine.name.ljust(width)),
                    (f"{length:>7}", "$text-muted"),
                    ("  yours" if not routine.builtin else "", "$text-accent"),
                )
                options.append(Option(prompt, id=routine.id))
        if not options:
            options.append(
                Option(Content("No routines found. See `coach list`."), id="none", disabled=True)
            )
        return options

    def _problems_text(self) -> Content:
        """Each located error as `name.yaml:4:11: field: message` (the folder would wrap)."""
        lines: list[str] = []
        for problem in self.problems:
            errors = problem.errors or [LocatedError(Location(problem.path), str(problem))]
            for error in errors:
                location = replace(error.location, path=Path(error.location.path).name)
                lines.append(str(replace(error, location=location)))
        return Content("\n".join(lines))

    def show_today(self, today: TodayFigures | None) -> None:
        self._today = today
        panel = self.query_one("#today", Static)
        panel.display = today is not None
        if today is None:
            return
        sessions = f"{today.sessions} session{'s' if today.sessions != 1 else ''}"
        minutes = f"{round(today.minutes)} min active"
        water = f"{format_volume(today.water_ml)} of {format_volume(today.water_goal_ml)} water"
        panel.update(Content(f"{sessions} · {minutes}\n{water}"))

    def _show_details(self, option_id: str | None) -> None:
        details = self.query_one("#details", Static)
        routine = self.routines.get(option_id or "")
        if routine is None:
            details.update("")
            return
        length = routine_length(routine)
        lines = [Content.styled(routine.name, "bold")]
        about = f"{KIND_TITLES.get(routine.kind, routine.kind.value)} · {length}"
        if not routine.builtin and routine.source is not None:
            about += f" · {routine.source.name}"
        lines.append(Content.styled(about, "$text-muted"))
        if routine.description:
            lines.append(Content(routine.description.strip()))
        lines.append(Content(""))
        lines.extend(
            Content(f"{n}. {step_line(step, routine)}") for n, step in enumerate(routine.steps, 1)
        )
        details.update(Content("\n").join(lines), layout=False)

    # ------------------------------------------------------------------ events and actions

    @on(OptionList.OptionHighlighted, "#routine-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_details(event.option.id)

    @on(OptionList.OptionSelected, "#routine-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        routine = self.routines.get(event.option.id or "")
        if routine is not None:
            self.post_message(RoutineChosen(routine))

    def action_find_routine(self) -> None:
        from textual.command import CommandPalette

        self.app.push_screen(
            CommandPalette(providers=[routine_commands_provider()], placeholder="Find a routine…")
        )
