"""The builder's small form for the highlighted step: its dose, or its settings.

One form per kind of step (exercise, rest, breathing, drink, check-in), in a
ContentSwitcher. Labels, tooltips and the reading of typed values come from the
fields declared in `coach.routines.format`. Every change is read back through
`coach.routines.draft` and posted as `StepEditor.Edited(step)`; a value that does
not read posts
`StepEditor.Invalid(message)` and leaves the step as it was, so a half-typed
"1m3" never reaches the routine.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox, ContentSwitcher, Input, Label, Select, Static

from coach.routines.draft import (
    DoseFields,
    breathing_choice,
    dose_fields,
    read_dose,
    read_drink,
    read_rounds,
    read_seconds,
)
from coach.routines.fields import Field
from coach.routines.format import BREATH_PATTERNS, BREATHE, CHECK_IN_PROMPTS, DOSE, STEPS
from coach.routines.model import (
    BreathingStep,
    CheckInStep,
    ExerciseStep,
    HydrationStep,
    RestStep,
    Step,
)

CUSTOM_PATTERN = "custom"
_PATTERN_LABELS = {"box": "box 4-4-4-4", "4-7-8": "4-7-8", "slow": "slow 5-5"}
_MOMENTS: list[tuple[str, str]] = [("before the work", "before"), ("after the work", "after")]
_EMPTY_HINT = (
    "Add exercises from the list (Enter or a), or a rest (r), breathing (b), "
    "a drink (d) or a pain check-in (c)."
)


class StepEditor(Vertical):
    """Edits one step; the screen owns the routine and listens for `Edited`."""

    class Edited(Message):
        def __init__(self, step: Step) -> None:
            super().__init__()
            self.step = step

    class Invalid(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.step: Step | None = None
        self._complained = False  # an Invalid with a message was posted last

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="edit-none", id="step-forms"):
            yield Static(_EMPTY_HINT, id="edit-none")
            with Vertical(id="edit-exercise"):
                with Horizontal(classes="form-row"):
                    yield _label(DOSE["hold"])
                    yield _small("dose-hold", "none", width="short", spec=DOSE["hold"])
                    yield _label(DOSE["reps"])
                    yield _small("dose-reps", "none", width="medium", spec=DOSE["reps"])
                    yield _label(DOSE["sets"])
                    yield _small("dose-sets", "1", width="tiny", restrict=r"\d*", spec=DOSE["sets"])
                with Horizontal(classes="form-row"):
                    yield _label(DOSE["set_rest"])
                    yield _small("dose-set-rest", "default", width="short", spec=DOSE["set_rest"])
                    yield Checkbox(
                        DOSE["per_side"].label,
                        id="dose-per-side",
                        compact=True,
                        tooltip=DOSE["per_side"].help,
                    )
            with Horizontal(id="edit-rest", classes="form-row"):
                yield _label(STEPS["rest"]["rest"])
                yield _small("rest-seconds", "30s", width="short", spec=STEPS["rest"]["rest"])
            with Horizontal(id="edit-breathing", classes="form-row"):
                yield Select(
                    _pattern_options(None),
                    id="breath-pattern",
                    allow_blank=False,
                    compact=True,
                )
                yield _label(BREATHE["rounds"])
                yield _small(
                    "breath-rounds", "4", width="tiny", restrict=r"\d*", spec=BREATHE["rounds"]
                )
            with Horizontal(id="edit-drink", classes="form-row"):
                yield _label(STEPS["drink"]["drink"])
                yield _small("drink-amount", "250ml", width="short", spec=STEPS["drink"]["drink"])
            with Horizontal(id="edit-check-in", classes="form-row"):
                yield _label(STEPS["check_in"]["check_in"])
                yield Select(_MOMENTS, id="check-in-moment", allow_blank=False, compact=True)
            yield Static("", id="edit-other")

    # ------------------------------------------------------------------ showing a step

    def show_step(self, step: Step | None) -> None:
        """Fill the form for `step` (None: the hint for an empty routine).

        Filling a field is not an edit: it posts no Changed, so no late one can overwrite
        what the user types next.
        """
        self.step = step
        self._complained = False
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            self._fill(step)

    def _fill(self, step: Step | None) -> None:
        forms = self.query_one("#step-forms", ContentSwitcher)
        if step is None:
            forms.current = "edit-none"
        elif isinstance(step, ExerciseStep):
            fields = dose_fields(step.dose)
            self._set("#dose-hold", fields.hold)
            self._set("#dose-reps", fields.reps)
            self._set("#dose-sets", fields.sets or "1")
            self._show_sets(step)
            self._set("#dose-set-rest", fields.set_rest)
            self.query_one("#dose-per-side", Checkbox).value = fields.per_side
            forms.current = "edit-exercise"
        elif isinstance(step, RestStep):
            self._set("#rest-seconds", STEPS["rest"]["rest"].show(step.seconds))
            forms.current = "edit-rest"
        elif isinstance(step, BreathingStep):
            choice = breathing_choice(step)
            pattern = self.query_one("#breath-pattern", Select)
            pattern.set_options(_pattern_options(None if choice else step))
            pattern.value = choice or CUSTOM_PATTERN
            self._set("#breath-rounds", str(step.rounds))
            forms.current = "edit-breathing"
        elif isinstance(step, HydrationStep):
            self._set("#drink-amount", STEPS["drink"]["drink"].show(step.ml))
            forms.current = "edit-drink"
        elif isinstance(step, CheckInStep):
            self.query_one("#check-in-moment", Select).value = step.moment
            forms.current = "edit-check-in"
        else:
            self.query_one("#edit-other", Static).update(
                Content("Cold and heat steps: edit their timing in your editor (e on home).")
            )
            forms.current = "edit-other"

    def focus_form(self) -> None:
        """Focus the first field of the form on show (Enter on a step)."""
        forms = self.query_one("#step-forms", ContentSwitcher)
        current = forms.visible_content
        if current is None:
            return
        fields = current.query("Input, Select")
        if fields:
            fields.first().focus()

    def _set(self, selector: str, value: str) -> None:
        field = self.query_one(selector, Input)
        if field.value != value:
            field.value = value

    def _show_sets(self, step: ExerciseStep) -> None:
        """With a pyramid the sets field shows its sets (one per number) and is read-only."""
        sets = self.query_one("#dose-sets", Input)
        pyramid = step.dose.pyramid
        if pyramid:
            self._set("#dose-sets", str(len(pyramid)))
        elif sets.disabled:  # no longer a pyramid: its sets are the dose's again
            self._set("#dose-sets", dose_fields(step.dose).sets or "1")
        sets.disabled = bool(pyramid)
        sets.tooltip = "a pyramid: one set per number" if pyramid else DOSE["sets"].help

    # ------------------------------------------------------------------ reading it back

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        step = self.step
        if step is None:
            return
        try:
            edited = self._read(step)
        except ValueError as error:
            self._complained = True
            self.post_message(self.Invalid(str(error)))
            return
        if self._complained:  # the value reads again: take the complaint back
            self._complained = False
            self.post_message(self.Invalid(""))
        if isinstance(edited, ExerciseStep):
            with self.prevent(Input.Changed):
                self._show_sets(edited)
        if edited != step:
            self.step = edited
            self.post_message(self.Edited(edited))

    def _read(self, step: Step) -> Step:
        if isinstance(step, ExerciseStep):
            fields = DoseFields(
                hold=self._value("#dose-hold"),
                reps=self._value("#dose-reps"),
                sets=self._value("#dose-sets"),
                per_side=self.query_one("#dose-per-side", Checkbox).value,
                set_rest=self._value("#dose-set-rest"),
            )
            return replace(step, dose=read_dose(fields, step.dose))
        if isinstance(step, RestStep):
            return replace(step, seconds=read_seconds(self._value("#rest-seconds"), "rest"))
        if isinstance(step, BreathingStep):
            rounds = read_rounds(self._value("#breath-rounds"))
            choice = self.query_one("#breath-pattern", Select).value
            if not isinstance(choice, str) or choice not in BREATH_PATTERNS:
                return replace(step, rounds=rounds)
            named = BREATH_PATTERNS[choice]
            default_names = {n.step_name for n in BREATH_PATTERNS.values()} | {"Breathing"}
            name = named.step_name if step.name in default_names else step.name
            return replace(step, pattern=named.pattern, rounds=rounds, name=name)
        if isinstance(step, HydrationStep):
            return replace(step, ml=read_drink(self._value("#drink-amount")))
        if isinstance(step, CheckInStep):
            moment = self.query_one("#check-in-moment", Select).value
            if moment not in ("before", "after") or moment == step.moment:
                return step
            prompt = step.prompt
            if prompt == CHECK_IN_PROMPTS[step.moment]:
                prompt = CHECK_IN_PROMPTS[moment]  # the standard question follows the moment
            return replace(step, moment=moment, prompt=prompt)
        return step

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value


def _label(spec: Field) -> Label:
    """A form label from the field's declaration (its short label, its help as tooltip)."""
    label = Label(spec.label)
    label.tooltip = spec.help
    return label


def _small(
    field_id: str,
    placeholder: str,
    *,
    width: str,
    spec: Field,
    restrict: str | None = None,
) -> Input:
    return Input(
        placeholder=placeholder,
        id=field_id,
        compact=True,
        restrict=restrict,
        classes=f"-{width}",
        select_on_focus=True,
        tooltip=spec.help,
    )


def _pattern_options(custom: BreathingStep | None) -> list[tuple[str, str]]:
    options = [(_PATTERN_LABELS.get(key, key), key) for key in BREATH_PATTERNS]
    if custom is not None:
        label = custom.pattern.label or "custom"
        options.append((f"custom {label}", CUSTOM_PATTERN))
    return options
