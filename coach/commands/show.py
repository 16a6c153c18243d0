"""`coach show ROUTINE`: a routine's steps, their doses and the total time.

`coach show EXERCISE` (or `--exercise ID`): an exercise of the library with its figure
(start and end pose side by side), dose, cues and who should skip it. A routine id wins
when a routine and an exercise share it; `--exercise` asks for the exercise.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "show",
        help="show a routine's steps, doses and total time, or an exercise with its figure",
        description="Show a routine: its steps with their doses, and how long it takes. "
        "Given an exercise id, show the exercise: its figure, dose, cues and who should skip it.",
    )
    parser.add_argument(
        "routine",
        help="a routine id (see `coach list`), the path of a routine file, "
        "or an exercise id (see `coach list --exercises`)",
    )
    parser.add_argument(
        "-e",
        "--exercise",
        action="store_true",
        help="show the exercise with this id even if a routine has the same id",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also show each exercise's cues and who should skip it",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach.clock import SystemClock
    from coach.routines.library import load_library
    from coach.session.progression import progress_for_show
    from coach.text import visible

    library = load_library()
    if args.routine in library.programmes and args.routine not in library.routines:
        for line in describe_programme(library.programmes[args.routine], library.routines):
            print(visible(line))
        return 0
    if _wants_exercise(args.routine, library, forced=args.exercise):
        return show_exercise(args.routine, library)
    routine = _find(args.routine, library)
    # Doses that grow with practice are shown as they are today.
    routine, progress = progress_for_show(routine, SystemClock())
    for line in describe_routine(routine, verbose=args.verbose, progress=progress):
        print(visible(line))  # names, cues and notes are the file's: shown, never acted on
    return 0


def _wants_exercise(name: str, library: Any, *, forced: bool) -> bool:
    """True for `--exercise`, or a name that is (or looks like) an exercise id, not a routine.

    A misspelt name closer to an exercise than to any routine gets the exercise's "did
    you mean"; a path or a routine id always means the routine.
    """
    from pathlib import Path

    from coach.errors import did_you_mean

    if forced or (name in library.exercises and name not in library.routines):
        return True
    if name in library.routines or name.endswith((".yaml", ".yml")) or Path(name).is_file():
        return False
    routines = (*library.routines, *library.programmes)
    exercises = tuple(library.exercises)
    return not did_you_mean(name, routines) and bool(did_you_mean(name, exercises))


def _find(name: str, library: Any) -> Any:
    from pathlib import Path

    from coach.errors import did_you_mean
    from coach.routines.loader import load_routine_file

    path = Path(name)
    if name.endswith((".yaml", ".yml")) or path.is_file():
        return load_routine_file(path, library.exercises, builtin=False)
    if name not in library.routines:
        hint = did_you_mean(name, (*library.routines, *library.programmes))
        if hint:
            from coach.errors import CoachError

            raise CoachError(f'unknown routine "{name}"{hint}; `coach list` shows them all')
    return library.get(name)


def describe_routine(
    routine: Any, *, verbose: bool = False, progress: Mapping[int, str] | None = None
) -> list[str]:
    """The lines `coach show` prints."""
    import textwrap

    from coach.durations import rounded_duration_text as total_text
    from coach.routines.describe import progression_text, step_detail, step_title
    from coach.routines.model import ExerciseStep
    from coach.routines.timing import estimated_seconds, step_seconds

    source = "built-in" if routine.builtin else f"yours, {routine.source}"
    lines = [f"{routine.name} ({routine.id})", f"{routine.kind.value} · {source}"]
    if routine.tags:
        lines[-1] += " · " + ", ".join(routine.tags)
    if routine.description:
        lines.append("")
        lines += _wrapped(routine.description, textwrap)
    lines.append("")
    width = len(str(len(routine.steps)))
    for number, step in enumerate(routine.steps, 1):
        title = step_title(step)
        detail = step_detail(step, routine.defaults)
        length = total_text(step_seconds(step, routine))
        lines.append(f"{number:>{width}}. {title} — {detail} (~{length})")
        indent = " " * (width + 2)
        if step.note:
            lines.append(f"{indent}{step.note}")
        if isinstance(step, ExerciseStep):
            if step.progression is not None:
                lines.append(f"{indent}grows: {progression_text(step.progression)}")
            if progress and (number - 1) in progress:
                lines.append(f"{indent}today: {progress[number - 1]}")
            if verbose:
                lines += [f"{indent}· {cue}" for cue in step.exercise.cues]
                if step.exercise.skip_if:
                    lines.append(
                        f"{indent}skip or take care if: " + "; ".join(step.exercise.skip_if)
                    )
    lines.append("")
    lines.append(f"Total: about {total_text(estimated_seconds(routine))}")
    lines += _credits(routine.notes, routine.prescribed_by, routine.author)
    return lines


def _credits(notes: str, prescribed_by: str, author: str) -> list[str]:
    """A routine's or a programme's notes, who prescribed it and who wrote it, each under
    its label (none of them when empty)."""
    import textwrap

    lines: list[str] = []
    for label, value in (("Notes", notes), ("Prescribed by", prescribed_by), ("Author", author)):
        if value:
            lines += ["", f"{label}:", *("  " + line for line in _wrapped(value, textwrap))]
    return lines


def _wrapped(text: str, textwrap: Any) -> list[str]:
    lines: list[str] = []
    for paragraph in text.strip().split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lead = len(paragraph) - len(paragraph.lstrip(" -"))
        lines += textwrap.wrap(paragraph, width=78, subsequent_indent=" " * lead) or [""]
    return lines


# --------------------------------------------------------------------------- exercises


def show_exercise(exercise_id: str, library: Any) -> int:
    """Print `describe_exercise` for an exercise of the library; CoachError if unknown."""
    from coach.errors import CoachError, did_you_mean
    from coach.figures.library import figure_for
    from coach.text import visible

    exercise = library.exercises.get(exercise_id)
    if exercise is None:
        hint = did_you_mean(exercise_id, tuple(library.exercises))
        raise CoachError(
            f'unknown exercise "{exercise_id}"{hint}; `coach list --exercises` shows them all'
        )
    builtin = library.builtin_exercises.get(exercise_id)
    if builtin is None:
        source = "yours"
    elif builtin == exercise:
        source = "built-in"
    else:
        source = "built-in, changed in your exercises.yaml"
    names = {e.id: e.name for e in library.exercises.values()}
    figure = figure_for(exercise_id, exercise.figure)  # its own figure, else the built-in's
    for line in describe_exercise(exercise, figure, source=source, names=names):
        print(visible(line))
    return 0


def describe_exercise(
    exercise: Any,
    figure: Any = None,
    *,
    source: str = "built-in",
    names: Mapping[str, str] | None = None,
) -> list[str]:
    """The lines `coach show EXERCISE` prints: name, figure, dose, cues, who should skip it.

    An exercise without a figure is shown without one.
    """
    import textwrap

    from coach.routines.describe import dose_text

    lines = [f"{exercise.name} ({exercise.id})", f"{exercise.target} · {source}"]
    if figure is not None:
        from coach.figures.text import figure_text

        lines.append("")
        lines += figure_text(figure)
    lines.append("")
    lines.append(f"Dose: {dose_text(exercise.dose)}")
    lines.append("")
    lines.append("How:")
    for cue in exercise.cues:
        lines += textwrap.wrap(cue, width=78, initial_indent="  · ", subsequent_indent="    ")
    if exercise.skip_if:
        lines.append("")
        skip = "Skip or take care if: " + "; ".join(exercise.skip_if)
        lines += textwrap.wrap(skip, width=78, subsequent_indent="  ")
    if exercise.easier:
        easier = (names or {}).get(exercise.easier)
        lines.append("")
        lines.append(
            f"Easier: {easier} ({exercise.easier})" if easier else f"Easier: {exercise.easier}"
        )
    if exercise.description:
        lines.append("")
        lines += _wrapped(exercise.description, textwrap)
    return lines


# --------------------------------------------------------------------------- programmes


def describe_programme(programme: Any, routines: Mapping[str, Any]) -> list[str]:
    """The lines `coach show PROGRAMME` prints: its stages, what each day holds, the rules."""
    import textwrap

    from coach.durations import rounded_duration_text
    from coach.routines.programmes import WEEKDAY_NAMES
    from coach.routines.timing import estimated_seconds

    def named(routine_ids: tuple[str, ...]) -> str:
        shown = []
        for routine_id in routine_ids:
            routine = routines.get(routine_id)
            if routine is None:
                shown.append(routine_id)
            else:
                length = rounded_duration_text(estimated_seconds(routine))
                shown.append(f"{routine.name} ({routine_id}, ~{length})")
        return ", ".join(shown)

    source = "built-in" if programme.builtin else f"yours, {programme.source}"
    lines = [
        f"{programme.name} ({programme.id})",
        f"programme · {source} · {programme.weeks} weeks",
    ]
    if programme.description:
        lines.append("")
        lines += _wrapped(programme.description, textwrap)
    week = 1
    for stage in programme.stages:
        lines.append("")
        span = f"Week {week}" if stage.weeks == 1 else f"Weeks {week}–{week + stage.weeks - 1}"
        lines.append(f"{span} · {stage.name}")
        week += stage.weeks
        if stage.every_day:
            lines += textwrap.wrap(
                f"every day: {named(stage.every_day)}",
                78,
                subsequent_indent="    ",
                initial_indent="  ",
            )
        groups: dict[tuple[str, ...], list[str]] = {}
        for day_name, routine_ids in zip(WEEKDAY_NAMES, stage.days, strict=True):
            if routine_ids:
                groups.setdefault(routine_ids, []).append(day_name)
        for routine_ids, day_names in groups.items():
            lines += textwrap.wrap(
                f"{', '.join(day_names)}: {named(routine_ids)}",
                78,
                initial_indent="  ",
                subsequent_indent="    ",
            )
        rules = []
        if stage.move_on.days_done:
            rules.append(f"{stage.move_on.days_done} days done")
        if stage.move_on.pain_not_rising:
            rules.append("pain not rising")
        if rules:
            rule = f"moves on with {' and '.join(rules)}; else a week more"
            lines += textwrap.wrap(rule, 78, initial_indent="  ", subsequent_indent="    ")
        if stage.note:
            lines += textwrap.wrap(stage.note, 78, initial_indent="  ", subsequent_indent="  ")
    lines += _credits(programme.notes, programme.prescribed_by, programme.author)
    lines.append("")
    lines.append(f"Follow it: coach programme start {programme.id}")
    return lines
