"""The home screen: routines by kind, today's figures, routine files that failed to load."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from coach.errors import InvalidFile, LocatedError, Location
from coach.routines.describe import paragraphs
from coach.routines.model import Kind, Routine
from coach.tui.display import count, kind_title, routine_about, routine_length, step_line
from coach.tui.literal import literal
from coach.tui.messages import BuildRoutine, EditRoutine, RoutineChosen
from coach.tui.widgets.care_note import CareNote
from coach.tui.widgets.prose import Para, Prose, ProseView
from coach.tui.widgets.reminder_status import ReminderStatus

if TYPE_CHECKING:
    from textual.command import Provider

    from coach.safety import SafetyNote
    from coach.tui.today import TodayFigures


def routine_commands_provider() -> type[Provider]:
    from coach.tui.commands import RoutineCommands

    return RoutineCommands


def customize_commands_provider() -> type[Provider]:
    from coach.tui.commands import CustomizeCommands

    return CustomizeCommands


class HomeScreen(Screen[None]):
    """Pick a routine. Enter starts it; `/` finds one by name."""

    # A callable, so the command palette's modules load when it first opens, not at start-up.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        routine_commands_provider,
        customize_commands_provider,
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "find_routine", "Find", id="find_routine"),
        Binding("n", "new_routine", "New", id="new_routine"),
        Binding("o", "open_in_builder", "Open", id="open_in_builder", tooltip="In the builder"),
        Binding("e", "edit_routine", "Edit", id="edit_routine"),
        Binding("h", "app.show_history", "History", id="show_history"),
        Binding("question_mark,f1", "app.show_safety", "Safety", id="show_safety"),
        Binding("b", "app.show_care", "Back care", id="show_care", show=False),
        Binding("w", "app.log_water", "+Water", id="log_water"),
        Binding("a", "app.log_activity", "+Activity", id="log_activity", show=False),
        Binding("c", "app.answer_peg", "Check-in", id="answer_peg", show=False),
        Binding("p", "app.pause_reminders", "Pause", id="pause_reminders", show=False),
        Binding("t", "app.start_next_due", "Next", id="start_next_due", show=False),
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
                yield CareNote(id="care-note")
                yield Static("", id="today")
                # The routine's details scroll when they are longer than the room left.
                yield ProseView(id="details")
                # The reminders part: "next break in …", water vs goal (hidden without them).
                with Vertical(id="reminders"):
                    yield ReminderStatus(id="reminder-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#routine-list").border_title = "Routines"
        self.query_one("#today").border_title = "Today"
        self.query_one("#details").border_title = "About"
        if self.problems:
            self._title_problems(self.query_one("#problems"))
        self.show_today(self._today)
        option_list = self.query_one("#routine-list", OptionList)
        option_list.focus()
        self.watch(option_list, "highlighted", self._highlight_moved)  # now, and at each move

    def on_resize(self, event: events.Resize) -> None:
        # Under 80 columns the home keys need the whole footer; ctrl+p still opens the palette.
        self.query_one(Footer).show_command_palette = event.size.width >= 80

    # ------------------------------------------------------------------ content

    def _options(self) -> list[Option | None]:
        listed = [r for group in self.routines_by_kind.values() for r in group]
        lengths = {r.id: routine_length(r) for r in listed}
        # Names, then lengths right-aligned in a column as wide as the usual ("~10 min");
        # a rare longer one ("~1 h 1 min") takes room from its row's name, not every row's.
        width = max((literal(r.name, one_line=True).cell_length for r in listed), default=10) + 1
        length_width = max(
            (len(length) for length in lengths.values() if len(length) <= 7), default=7
        )
        options: list[Option | None] = []
        for kind, routines in self.routines_by_kind.items():
            if not routines:
                continue
            title = Content.styled(kind_title(kind), "bold")
            options.append(Option(title, id=f"kind:{kind.value}", disabled=True))
            for routine in routines:
                length = lengths[routine.id]
                name = literal(routine.name, one_line=True)
                gap = max(width + length_width - name.cell_length - len(length), 1)
                prompt = Content.assemble(
                    "  ",
                    name.pad_right(gap),
                    (length, "$text-muted"),
                    ("  yours" if not routine.builtin else "", "$text-accent"),
                    (" ⚠" if self._has_errors(routine) else "", "$text-error"),
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
        return literal("\n".join(lines))

    def _title_problems(self, panel: Widget) -> None:
        title = f"{count(len(self.problems), 'routine file')} could not be loaded"
        panel.border_title = title
        # The list widens so the title shows whole (its errors wrap under it).
        self.query_one("#routines-pane").styles.min_width = cell_len(title) + 6
        panel.border_subtitle = "fix, then `coach validate`"

    def show_care_note(self, note: SafetyNote | None) -> None:
        """The "please see a clinician" note (coach.safety's three-days-running rule)."""
        self.query_one("#care-note", CareNote).show_note(note)

    def show_today(self, today: TodayFigures | None) -> None:
        self._today = today
        panel = self.query_one("#today", Static)
        panel.display = today is not None
        if today is None:
            return
        # With reminders on, their panel shows the water (next to "next break in …").
        water_below = any(status.display for status in self.query(ReminderStatus))
        from coach.tui.today import today_text  # the panel shows after the first frame

        panel.update(Content(today_text(today, with_water=not water_below)))

    def _show_details(self, option_id: str | None) -> None:
        routine = self.routines.get(option_id or "")
        about = self._about(routine) if routine is not None else []
        self.query_one("#details", ProseView).show(Prose(about))

    def _about(self, routine: Routine) -> list[Para]:
        """The About panel: name, kind and length, the description, the steps."""
        about = routine_about(routine)
        if not routine.builtin and routine.source is not None:
            about += f" · {routine.source.name}"
        lines = [Para(routine.name, "bold"), Para(about, "$text-muted")]
        if self._has_errors(routine):
            warning = "⚠ Its file has errors (see below): this is its last good version."
            lines.append(Para(warning, "$text-error"))
        if routine.description:
            lines.extend(Para(text) for text in paragraphs(routine.description))
        lines.append(Para(""))
        lines.extend(
            Para(f"{n}. {step_line(step, routine)}") for n, step in enumerate(routine.steps, 1)
        )
        return lines

    # ------------------------------------------------------------------ events and actions

    def _highlight_moved(self, index: int | None) -> None:
        """The About panel follows the highlight, in the frame that moves the highlight:
        a watcher runs at once, where an OptionHighlighted message would come after that
        frame and cost another."""
        options = self.query_one("#routine-list", OptionList).options
        self._show_details(
            options[index].id if index is not None and index < len(options) else None
        )

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

    # ------------------------------------------------------------------ customizing

    def highlighted_routine(self) -> Routine | None:
        option_list = self.query_one("#routine-list", OptionList)
        if option_list.highlighted is None:
            return None
        return self.routines.get(option_list.get_option_at_index(option_list.highlighted).id or "")

    def action_new_routine(self) -> None:
        self.post_message(BuildRoutine(None))

    def action_open_in_builder(self) -> None:
        routine = self._highlighted_or_say()
        if routine is not None:
            self.post_message(BuildRoutine(routine))

    def action_edit_routine(self) -> None:
        routine = self._highlighted_or_say()
        if routine is not None:
            self.post_message(EditRoutine(routine))

    def _highlighted_or_say(self) -> Routine | None:
        routine = self.highlighted_routine()
        if routine is None:
            self.notify("Highlight a routine first.", severity="warning", timeout=3)
        return routine

    def show_routines(
        self, routines_by_kind: dict[Kind, list[Routine]], problems: Sequence[InvalidFile] = ()
    ) -> None:
        """Show a new routine list (hot reload), keeping the highlighted routine where it is."""
        option_list = self.query_one("#routine-list", OptionList)
        kept = self.highlighted_routine()
        index = option_list.highlighted
        self.routines_by_kind = routines_by_kind
        self.problems = list(problems)
        self.routines = {r.id: r for group in routines_by_kind.values() for r in group}
        option_list.set_options(self._options())
        ids = [option.id for option in option_list.options]
        if kept is not None and kept.id in ids:
            option_list.highlighted = ids.index(kept.id)
        elif index is not None:
            # The routine went away: stay at the same height, on a routine, not a heading.
            choices = [i for i, option in enumerate(option_list.options) if not option.disabled]
            option_list.highlighted = min(choices, key=lambda i: abs(i - index), default=None)
        panel = self.query("#problems")
        if not self.problems:
            panel.remove()
            self.query_one("#routines-pane").styles.min_width = None
        else:
            if panel:
                shown = panel.first(Static)
                shown.update(self._problems_text())
            else:
                shown = Static(self._problems_text(), id="problems")
                self.query_one("#routines-pane").mount(shown)
            self._title_problems(shown)
        highlighted = option_list.highlighted
        self._show_details(
            None if highlighted is None else option_list.get_option_at_index(highlighted).id
        )

    def _has_errors(self, routine: Routine) -> bool:
        """A user routine whose file is broken now: the list shows its last good version."""
        if routine.builtin or routine.source is None:
            return False
        source = routine.source.absolute()
        return any(Path(p.path).absolute() == source for p in self.problems)
