"""`coach show ROUTINE`: a routine's steps, their doses and the total time."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "show",
        help="show a routine's steps, doses and total time",
        description="Show a routine: its steps with their doses, and how long it takes.",
    )
    parser.add_argument(
        "routine", help="a routine id (see `coach list`) or the path of a routine file"
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

    library = load_library()
    routine = _find(args.routine, library)
    # Doses that grow with practice are shown as they are today.
    routine, progress = progress_for_show(routine, SystemClock())
    for line in describe_routine(routine, verbose=args.verbose, progress=progress):
        print(line)
    return 0


def _find(name: str, library: Any) -> Any:
    from pathlib import Path

    from coach.routines.loader import load_routine_file

    path = Path(name)
    if name.endswith((".yaml", ".yml")) or path.is_file():
        return load_routine_file(path, library.exercises, builtin=False)
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
    for label, value in (
        ("Notes", routine.notes),
        ("Prescribed by", routine.prescribed_by),
        ("Author", routine.author),
    ):
        if value:
            lines.append("")
            lines.append(f"{label}:")
            lines += ["  " + line for line in _wrapped(value, textwrap)]
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
