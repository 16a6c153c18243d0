"""The routine builder: pick exercises, set their doses, add rests, breathing, water, check-ins.

Everything edits one `coach.routines.draft.Draft`; the screen redraws from it. Saving
writes tidy YAML through the routine writer into the user routines folder, after
the loader has read the text back (so the file is one `coach validate` accepts);
saving over a file this builder did not open asks first.

Keys are `Binding`s with ids (config.yaml's `keymap:` can move them). Letters act
when a list has the focus; while typing in a field they type. Everything has a
button or a click too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from coach.errors import CoachError
from coach.routines.describe import step_title
from coach.routines.draft import (
    Draft,
    DraftError,
    SaveTarget,
    breathing_step,
    check_in_step,
    drink_step,
    exercise_step,
    rest_step,
    save_target,
    write_draft,
)
from coach.routines.model import Exercise, Kind, Routine, Step
from coach.tui.display import count, routine_length, step_line
from coach.tui.literal import literal
from coach.tui.messages import RoutineSaved
from coach.tui.screens.yes_no import Question, YesNoScreen
from coach.tui.widgets.controls import ControlButton
from coach.tui.widgets.exercise_picker import ExerciseList, exercise_about, exercise_options
from coach.tui.widgets.prose import Prose, ProseView
from coach.tui.widgets.step_editor import StepEditor

KIND_CHOICES: list[tuple[str, Kind]] = [
    ("stretching", Kind.STRETCH),
    ("core", Kind.CORE),
    ("posture", Kind.POSTURE),
    ("breathing", Kind.BREATHING),
    ("water", Kind.HYDRATION),
    ("ice/heat", Kind.THERAPY),
    ("mixed", Kind.MIXED),
]


class BuilderScreen(Screen[Path | None]):
    """Build or change one routine. Dismissed with the path last saved (None: not saved).

    Each save posts `RoutineSaved`, so the app shows the file on home at once.
    """

    AUTO_FOCUS = None  # on_mount decides: the list whose keys the footer shows
    # -cramped under 80 columns (two panes of equal width), else the app's classes.
    # (Textual declares these as instance attributes, so not annotated ClassVar here.)
    HORIZONTAL_BREAKPOINTS = [(0, "-cramped"), (80, "-narrow"), (120, "-wide")]  # noqa: RUF012

    _MOVE = Binding.Group("Move", compact=True)
    # The footer shows the keys that work where the focus is (letters type in a field);
    # `/` is on the search field itself.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="builder_save", priority=True),
        Binding("escape", "close", "Back", id="builder_close"),
        Binding("slash", "find_exercise", "Find", id="builder_find", show=False),
        Binding("a", "add_exercise", "Add", id="builder_add"),
        Binding("x,delete", "remove_step", "Remove", id="builder_remove"),
        Binding(
            "shift+up,ctrl+up",
            "move_step(-1)",
            "Up",
            id="builder_move_up",
            key_display="⇧↑",
            group=_MOVE,
        ),
        Binding(
            "shift+down,ctrl+down",
            "move_step(1)",
            "Down",
            id="builder_move_down",
            key_display="⇧↓",
            group=_MOVE,
        ),
        Binding("r", "add_rest", "Rest", id="builder_add_rest"),
        Binding("b", "add_breathing", "Breathe", id="builder_add_breathing"),
        Binding("d", "add_drink", "Drink", id="builder_add_drink"),
        Binding("c", "add_check_in", "Check-in", id="builder_add_check_in"),
    ]

    def __init__(
        self,
        draft: Draft,
        *,
        exercises: Mapping[str, Exercise],
        routines: Callable[[], Mapping[str, Routine]],
        user_dir: Path,
    ) -> None:
        super().__init__()
        self.draft = draft
        self.exercises = dict(exercises)
        self.routines = routines  # every routine now, to tell when saving would hide one
        self.user_dir = user_dir
        self.saved_path: Path | None = None
        self._clean = draft.routine()  # what is on disk (or nothing yet): unsaved changes differ
        self._selected_step: int | None = 0 if draft.steps else None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header(icon="✚")
        with Horizontal(id="builder-fields"):
            yield Label("Name", classes="field-label")
            yield Input(self.draft.name, placeholder="My routine", id="builder-name", compact=True)
            yield Label("id", classes="field-label")
            yield Input(
                self.draft.routine_id,
                placeholder="my-routine",
                id="builder-id",
                compact=True,
                restrict=r"[a-z0-9-]*",
                max_length=64,
            )
            yield Select(
                KIND_CHOICES,
                value=self.draft.kind,
                allow_blank=False,
                id="builder-kind",
                compact=True,
            )
        with Horizontal(id="builder-body"):
            with Vertical(id="exercise-pane"):
                yield Input(placeholder="Search exercises  (/)", id="exercise-search", compact=True)
                yield ExerciseList(*exercise_options(self.exercises.values()), id="exercise-list")
                yield ProseView(id="exercise-about", can_focus=False)
                with Horizontal(classes="button-row"):
                    yield ControlButton("Add →", "screen.add_exercise", id="add-button")
            with Vertical(id="steps-pane"):
                yield OptionList(id="step-list")
                yield StepEditor(id="step-editor")
                yield Label("", id="builder-message")
                # Four to a row; two under 80 columns (see builder.tcss).
                with Grid(classes="button-row"):
                    yield ControlButton("+Rest", "screen.add_rest", id="add-rest-button")
                    yield ControlButton("+Breathe", "screen.add_breathing", id="add-breath-button")
                    yield ControlButton("+Drink", "screen.add_drink", id="add-drink-button")
                    yield ControlButton("+Check-in", "screen.add_check_in", id="add-check-button")
                with Grid(classes="button-row"):
                    yield ControlButton("↑", "screen.move_step(-1)", id="up-button")
                    yield ControlButton("↓", "screen.move_step(1)", id="down-button")
                    yield ControlButton("Remove", "screen.remove_step", id="remove-button")
                    yield ControlButton("Save", "screen.save", id="save-button")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._changed()
        self.query_one("#exercise-list").border_title = "Exercises"
        self.query_one("#exercise-about").border_title = "About"
        self.query_one("#step-list").border_title = "Steps"
        self._show_steps()
        if self.draft.copies_builtin:
            self._message(
                "A built-in: your first save writes your copy, used from then on "
                "(the original stays as shipped).",
                error=False,
            )
        exercise_list = self.query_one("#exercise-list", ExerciseList)
        if exercise_list.option_count:
            exercise_list.highlighted = 0
            self._show_exercise(exercise_list.get_option_at_index(0).id)
        # Where the footer's keys work: a new routine's exercises (Enter or a adds one), or
        # the steps of one being changed. Its name comes first on saving, if still missing.
        self.query_one("#step-list" if self.draft.steps else "#exercise-list").focus()

    # ------------------------------------------------------------------ drawing

    def _show_steps(self) -> None:
        """The step list, the total time and the highlighted step's form."""
        step_list = self.query_one("#step-list", OptionList)
        routine = self.draft.routine()
        options = [
            Option(_step_prompt(index, step, routine), id=f"step-{index}")
            for index, step in enumerate(self.draft.steps)
        ]
        step_list.set_options(options)
        if self._selected_step is not None and options:
            self._selected_step = min(self._selected_step, len(options) - 1)
            step_list.highlighted = self._selected_step
        else:
            self._selected_step = None
        self._show_total()
        self._show_editor()
        self.refresh_bindings()  # Remove and the moves apply only with a step highlighted

    def _show_total(self) -> None:
        step_list = self.query_one("#step-list", OptionList)
        if not self.draft.steps:
            step_list.border_subtitle = "no steps yet"
            return
        total = routine_length(self.draft.routine())
        step_list.border_subtitle = f"{count(len(self.draft.steps), 'step')} · {total}"

    def _show_editor(self) -> None:
        step = None if self._selected_step is None else self.draft.steps[self._selected_step]
        self.query_one(StepEditor).show_step(step)

    def _show_exercise(self, exercise_id: str | None) -> None:
        about = self.query_one("#exercise-about", ProseView)
        exercise = self.exercises.get(exercise_id or "")
        if exercise is None:
            about.show(Prose([]))
            return
        easier = self.exercises.get(exercise.easier) if exercise.easier else None
        about.show(exercise_about(exercise, easier))

    def _message(self, text: str, *, error: bool = True) -> None:
        message = self.query_one("#builder-message", Label)
        message.update(literal(text))
        message.set_class(error and bool(text), "-error")

    def _changed(self) -> None:
        self.set_class(self.dirty, "-dirty")
        self.sub_title = "routine builder" + (" · not saved" if self.dirty else "")

    @property
    def dirty(self) -> bool:
        return self.draft.routine() != self._clean

    # ------------------------------------------------------------------ fields

    @on(Input.Changed, "#builder-name")
    def _name_changed(self, event: Input.Changed) -> None:
        self.draft.set_name(event.input.value)  # the field now: keys may have come since
        id_field = self.query_one("#builder-id", Input)
        if id_field.value != self.draft.routine_id:
            # Following the name is not the user typing an id: no Changed from it, or a
            # late one would undo the name typed since (a paste arrives all at once).
            with id_field.prevent(Input.Changed):
                id_field.value = self.draft.routine_id
        self._changed()

    @on(Input.Changed, "#builder-id")
    def _id_changed(self, event: Input.Changed) -> None:
        if event.input.value != self.draft.routine_id:
            self.draft.set_id(event.input.value)
            self._changed()

    @on(Select.Changed, "#builder-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, Kind):
            self.draft.kind = event.value
            self._changed()

    @on(Input.Changed, "#exercise-search")
    def _search(self, event: Input.Changed) -> None:
        exercise_list = self.query_one("#exercise-list", ExerciseList)
        exercise_list.set_options(exercise_options(self.exercises.values(), event.value))
        first = exercise_list.get_option_at_index(0) if exercise_list.option_count else None
        if first is not None and not first.disabled:
            exercise_list.highlighted = 0
            self._show_exercise(first.id)
        else:
            self._show_exercise(None)

    @on(Input.Submitted, "#exercise-search")
    def _search_done(self) -> None:
        self.query_one("#exercise-list").focus()

    @on(Input.Submitted, "#step-editor Input")
    def _dose_done(self) -> None:
        self.query_one("#step-list").focus()

    # ------------------------------------------------------------------ lists

    @on(OptionList.OptionHighlighted, "#exercise-list")
    def _exercise_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_exercise(event.option.id)

    @on(OptionList.OptionSelected, "#exercise-list")
    def _exercise_selected(self, event: OptionList.OptionSelected) -> None:
        self._add_exercise(event.option.id)

    @on(OptionList.OptionHighlighted, "#step-list")
    def _step_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self._selected_step:
            self._selected_step = event.option_index
            self._message("")
            self._show_editor()

    @on(OptionList.OptionSelected, "#step-list")
    def _step_selected(self) -> None:
        # Enter on a step: go and change its dose.
        self.query_one(StepEditor).focus_form()

    @on(StepEditor.Edited)
    def _step_edited(self, event: StepEditor.Edited) -> None:
        if self._selected_step is None:
            return
        index = self._selected_step
        self.draft.replace(index, event.step)
        step_list = self.query_one("#step-list", OptionList)
        step_list.replace_option_prompt_at_index(
            index, _step_prompt(index, event.step, self.draft.routine())
        )
        self._show_total()
        self._changed()

    @on(StepEditor.Invalid)
    def _step_invalid(self, event: StepEditor.Invalid) -> None:
        self._message(event.message)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("remove_step", "move_step"):
            return self._selected_step is not None
        return True

    def action_find_exercise(self) -> None:
        self.query_one("#exercise-search", Input).focus()

    def action_add_exercise(self) -> None:
        exercise_list = self.query_one("#exercise-list", ExerciseList)
        option = exercise_list.highlighted_option
        if option is None or option.disabled:
            self._message("Pick an exercise in the list first.")
            return
        self._add_exercise(option.id)

    def _add_exercise(self, exercise_id: str | None) -> None:
        exercise = self.exercises.get(exercise_id or "")
        if exercise is not None:
            self._add(exercise_step(exercise))

    def action_add_rest(self) -> None:
        self._add(rest_step())

    def action_add_breathing(self) -> None:
        self._add(breathing_step())

    def action_add_drink(self) -> None:
        self._add(drink_step())

    def action_add_check_in(self) -> None:
        # A check-in at the start asks before the work; anywhere else, after it.
        moment: Literal["before", "after"] = "after" if self.draft.steps else "before"
        self._add(check_in_step(moment))

    def _add(self, step: Step) -> None:
        self._selected_step = self.draft.add(step, after=self._selected_step)
        self._message(f"Added {step_title(step)}.", error=False)
        self._show_steps()
        self._changed()

    def action_remove_step(self) -> None:
        if self._selected_step is None:
            return
        removed = self.draft.steps[self._selected_step]
        self._selected_step = self.draft.remove(self._selected_step)
        self._message(f"Removed {step_title(removed)}.", error=False)
        self._show_steps()
        self._changed()

    def action_move_step(self, delta: int) -> None:
        if self._selected_step is None:
            return
        self._selected_step = self.draft.move(self._selected_step, delta)
        self._show_steps()
        self._changed()

    def action_save(self) -> None:
        try:
            routine, text = self.draft.check(self.exercises)
            target = save_target(self.draft, self.routines(), self.user_dir)
        except DraftError as error:
            self._message("Not saved: " + "; ".join(error.problems))
            if not self.draft.name.strip():
                self.query_one("#builder-name").focus()  # what to fix first
            return
        except CoachError as error:
            self._message(f"Not saved: {error}")
            return
        if target.exists or target.hides_builtin:
            self.app.push_screen(
                YesNoScreen(replace_question(target, routine.name)),
                callback=lambda yes: self._write(text, target) if yes else self._not_saved(),
            )
            return
        self._write(text, target)

    def _not_saved(self) -> None:
        self._message("Not saved.", error=False)

    def _write(self, text: str, target: SaveTarget) -> None:
        try:
            write_draft(text, target)
        except OSError as error:
            self._message(f"Not saved: {error}")
            return
        self.draft.source = target.path
        self.saved_path = target.path
        self._clean = self.draft.routine()
        self._changed()
        self._message(f"Saved {target.path}", error=False)
        self.notify(f"Saved {self.draft.name} ({target.path.name})", title="Builder", timeout=4)
        self.post_message(RoutineSaved(target.path))

    def action_close(self) -> None:
        if not self.dirty:
            self.dismiss(self.saved_path)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(self.saved_path)

        self.app.push_screen(YesNoScreen(LEAVE_QUESTION), callback=answered)


LEAVE_QUESTION = Question(
    "Leave without saving?",
    detail="Your changes to this routine are not saved (ctrl+s saves).",
    yes="Leave",
    no="Stay",
)


def replace_question(target: SaveTarget, name: str) -> Question:
    """Saving would replace a file the builder did not open, or hide a built-in: ask first."""
    if target.exists:
        return Question(
            f"Replace {target.path.name}?",
            detail=f"{target.path} already exists; saving writes {name} over it.",
            yes="Replace",
            no="Cancel",
        )
    return Question(
        "Replace the built-in routine for you?",
        detail=(
            f'A built-in routine has the id "{target.path.stem}". Saving puts yours in '
            "its place; the built-in file stays untouched (delete yours to get it back)."
        ),
        yes="Replace",
        no="Cancel",
    )


def _step_prompt(index: int, step: Step, routine: Routine) -> Content:
    """`3. Plank · hold 20 s (grows)`: a row of the step list."""
    return literal(f"{index + 1}. {step_line(step, routine, mark_growth=True)}")
