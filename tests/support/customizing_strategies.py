"""Hypothesis strategies for routines the loader would accept, over the real exercise library."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from coach.figures.model import Figure
from coach.routines import loader
from coach.routines.library import load_library
from coach.routines.limits import limit_problems
from coach.routines.model import (
    BreathingStep,
    BreathPattern,
    CheckInStep,
    Defaults,
    Dose,
    Exercise,
    ExerciseStep,
    HydrationStep,
    Kind,
    Progression,
    RestStep,
    Routine,
    Step,
    TherapyStep,
)


@cache
def library_exercises() -> dict[str, Exercise]:
    return dict(load_library().exercises)


# Printable text without line breaks YAML would fold (NEL, LS, PS) or control characters.
_CHARS = st.characters(
    categories=("L", "N", "P", "S", "Zs"),
    exclude_characters="\x85\u2028\u2029",
)
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)


def text(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(_CHARS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


def paragraph() -> st.SearchStrategy[str]:
    """Text that may run over several lines (descriptions, notes)."""
    return st.lists(text(30), min_size=1, max_size=3).map("\n".join)


optional_text = st.one_of(st.just(""), paragraph())
durations = st.one_of(st.integers(1, 3600).map(float), st.sampled_from([0.5, 2.5, 12.25, 90.5]))
rest_durations = st.one_of(st.just(0.0), durations)
tempos = st.one_of(st.integers(1, 30).map(float), st.sampled_from([0.5, 2.5, 3.25]))
cues = st.lists(text(60), min_size=2, max_size=4).map(tuple)
skip_ifs = st.lists(text(60), max_size=2).map(tuple)


@st.composite
def doses(draw: st.DrawFn, base: Dose | None = None) -> Dose:
    hold = draw(st.one_of(st.none(), durations))
    if draw(st.booleans()):
        pyramid = tuple(draw(st.lists(st.integers(1, 20), min_size=1, max_size=4)))
        reps, sets = None, 1
    else:
        pyramid = ()
        reps = draw(st.one_of(st.none(), st.integers(1, 30)))
        sets = draw(st.integers(1, 5))
    # `set_rest` cannot be cleared back to "the routine's default" once the base sets it.
    set_rest_options = (
        [rest_durations]
        if base and base.set_rest is not None
        else [
            st.none(),
            rest_durations,
        ]
    )
    # Nor can `tempo` (`reps_by: self` is how a step counts by hand).
    tempo_options = [tempos] if base and base.tempo is not None else [st.none(), tempos]
    return Dose(
        hold=hold,
        reps=reps,
        sets=sets,
        pyramid=pyramid,
        per_side=draw(st.booleans()),
        rep_rest=draw(rest_durations),
        set_rest=draw(st.one_of(*set_rest_options)),
        tempo=draw(st.one_of(*tempo_options)),
        reps_by=draw(st.sampled_from(["tempo", "self"])),
    )


@st.composite
def progressions(draw: st.DrawFn, dose: Dose) -> Progression | None:
    choices = []
    if dose.hold is not None:
        choices.append("hold")
    if dose.reps is not None or dose.pyramid:
        choices.append("reps")
    if not choices or draw(st.booleans()):
        return None
    pain_below = draw(st.one_of(st.none(), st.integers(1, 10)))
    every = draw(st.integers(1, 365))
    grow = draw(st.sampled_from(choices))
    rule = _stage(draw, dose, grow, every, pain_below)
    if len(choices) == 2 and draw(st.booleans()):  # a second stage grows the other field
        other = "reps" if grow == "hold" else "hold"
        then = _stage(draw, dose, other, draw(st.integers(1, 365)), pain_below)
        rule = replace(rule, then=then)
    return rule


def _stage(
    draw: st.DrawFn, dose: Dose, grow: str, every: int, pain_below: int | None
) -> Progression:
    if grow == "hold":
        assert dose.hold is not None
        step = float(draw(st.integers(1, 30)))
        maximum = dose.hold + draw(st.integers(0, 600))
        return Progression("hold", step, every, maximum, pain_below)
    start = max(r or 0 for r in dose.reps_per_set)
    maximum = float(draw(st.integers(start, start + 20)))
    return Progression("reps", float(draw(st.integers(1, 5))), every, maximum, pain_below)


@st.composite
def local_exercises(draw: st.DrawFn) -> Exercise:
    """An exercise the library does not have: the routine must define it itself."""
    library = library_exercises()
    exercise_id = draw(IDS.filter(lambda i: i not in library))
    return Exercise(
        id=exercise_id,
        name=draw(text()),
        target=draw(text()),
        cues=draw(cues),
        dose=draw(doses()),
        skip_if=draw(skip_ifs),
        easier=draw(st.one_of(st.none(), st.sampled_from(sorted(library)))),
        description=draw(optional_text),
        figure=draw(figures()),
    )


@st.composite
def figures(draw: st.DrawFn) -> Figure | None:
    """None, a built-in figure by `like:`, or a built-in figure's poses as its own."""
    from coach.figures.library import builtin_figures

    known = builtin_figures()
    choice = draw(st.sampled_from(["none", "like", "own"]))
    if choice == "none":
        return None
    name = draw(st.sampled_from(sorted(known)))
    return replace(known[name], like=name if choice == "like" else None)


@st.composite
def exercise_steps(draw: st.DrawFn, local: Exercise | None = None) -> ExerciseStep:
    library = library_exercises()
    base = local if local is not None else library[draw(st.sampled_from(sorted(library)))]
    changes: dict[str, Any] = {}
    if draw(st.booleans()):
        changes["name"] = draw(text())
    if draw(st.booleans()):
        changes["target"] = draw(text())
    if draw(st.booleans()):
        changes["cues"] = draw(cues)
    if draw(st.booleans()):
        changes["skip_if"] = draw(skip_ifs)
    if draw(st.booleans()):
        others = sorted(i for i in library if i != base.id)
        changes["easier"] = draw(st.sampled_from(others))
    if draw(st.booleans()):
        changes["description"] = draw(paragraph())
    dose = draw(doses(base.dose))
    return ExerciseStep(
        exercise=replace(base, **changes),
        dose=dose,
        note=draw(optional_text),
        progression=draw(progressions(dose)),
    )


def _named(default: str) -> st.SearchStrategy[str]:
    return st.one_of(st.just(default), text())


@st.composite
def breathing_steps(draw: st.DrawFn) -> BreathingStep:
    rounds = draw(st.integers(1, 200))
    if draw(st.booleans()):
        named = loader.BREATH_PATTERNS[draw(st.sampled_from(sorted(loader.BREATH_PATTERNS)))]
        return BreathingStep(named.pattern, rounds, name=draw(_named(named.step_name)))
    # 2 to 4 lengths, as users write them: in-out, in-hold-out or in-hold-out-hold.
    seconds = draw(st.lists(st.integers(0, 20), min_size=2, max_size=4))
    exhale_at = 1 if len(seconds) == 2 else 2
    seconds[0] = max(seconds[0], 1)  # breathing in and out take time
    seconds[exhale_at] = max(seconds[exhale_at], 1)
    full = [seconds[0], 0, seconds[1], 0] if len(seconds) == 2 else [*seconds, 0][:4]
    inhale, hold_in, exhale, hold_out = (float(s) for s in full)
    label = "-".join(f"{s:g}" for s in seconds)
    pattern = BreathPattern(inhale, hold_in, exhale, hold_out, label)
    for named in loader.BREATH_PATTERNS.values():
        p = named.pattern
        if (p.inhale, p.hold_in, p.exhale, p.hold_out) == (inhale, hold_in, exhale, hold_out):
            return BreathingStep(p, rounds, name=draw(_named(named.step_name)))
    return BreathingStep(pattern, rounds, name=draw(_named("Breathing")))


@st.composite
def therapy_steps(draw: st.DrawFn) -> TherapyStep:
    mode = draw(st.sampled_from(["cold", "heat"]))
    standard = draw(st.booleans())
    return TherapyStep(
        mode,
        loader.THERAPY_DEFAULT_ON if standard else float(draw(st.integers(1, 1800))),
        loader.THERAPY_DEFAULT_OFF if standard else draw(rest_durations),
        1 if standard else draw(st.integers(1, 4)),
        loader.THERAPY_CUES[mode] if standard else draw(text(200)),
        name=draw(st.one_of(st.just(""), text())),
    )


@st.composite
def check_in_steps(draw: st.DrawFn) -> CheckInStep:
    moment = draw(st.sampled_from(["before", "after"]))
    prompt = draw(st.one_of(st.just(loader.CHECK_IN_PROMPTS[moment]), text(200)))
    return CheckInStep(moment, prompt, name=draw(_named("Pain check-in")))


@st.composite
def other_steps(draw: st.DrawFn) -> Step:
    step: Step = draw(
        st.one_of(
            st.builds(RestStep, durations, name=_named("Rest")),
            st.builds(HydrationStep, st.integers(1, 1000), name=_named("Drink water")),
            breathing_steps(),
            therapy_steps(),
            check_in_steps(),
        )
    )
    return replace(step, note=draw(optional_text))


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    local = draw(st.one_of(st.none(), local_exercises()))
    steps: list[Step] = draw(
        st.lists(st.one_of(exercise_steps(), other_steps()), min_size=1, max_size=5)
    )
    if local is not None:
        steps.insert(draw(st.integers(0, len(steps))), draw(exercise_steps(local)))
    defaults = Defaults(
        get_ready=draw(rest_durations),
        rest=draw(rest_durations),
        set_rest=draw(rest_durations),
        switch_sides=draw(rest_durations),
    )
    routine = Routine(
        id=draw(IDS),
        name=draw(text()),
        kind=draw(st.sampled_from(list(Kind))),
        steps=tuple(steps),
        description=draw(optional_text),
        tags=tuple(draw(st.lists(text(20), max_size=3))),
        defaults=draw(st.one_of(st.just(Defaults()), st.just(defaults))),
        author=draw(st.one_of(st.just(""), text())),
        prescribed_by=draw(st.one_of(st.just(""), text())),
        notes=draw(optional_text),
        source=None,
        builtin=False,
    )
    # Within the whole-routine limits, as the loader accepts: the last steps go first.
    while len(routine.steps) > 1 and limit_problems(routine):
        routine = replace(routine, steps=routine.steps[:-1])
    assume(not limit_problems(routine))
    return routine
