"""`coach new ID [--from ROUTINE]`: start a routine file of your own in the user folder."""

from __future__ import annotations

import argparse

TEMPLATE = """\
{modeline}
# A coach routine. The format: docs/routines.md, or `coach schema` for editors.
# Check it:  coach validate {path}
# Look:      coach show {id}
# Each step is one of: exercise, rest, breathe, drink, therapy, check_in.
version: 1
name: {name}
kind: mixed             # stretch, core, posture, hydration, breathing, therapy or mixed
description: >
  What this routine is for, in a sentence or two.
tags: [mine]
defaults:
  get_ready: 5s         # a countdown before the first exercise
  rest: 5s              # between steps (0s for none)
  set_rest: 30s         # between sets
  switch_sides: 5s      # to change sides in per-side exercises

steps:
  - check_in: before    # asks for pain 0-10
  # An exercise from the library (`coach list --exercises`). Every field you
  # write replaces the library's: hold, reps, sets, pyramid, per_side,
  # rep_rest, set_rest, and name, cues, skip_if, target, description.
  - exercise: chin-tuck
    reps: 8
    hold: 3s            # each rep held 3 seconds
  - exercise: seated-twist
    hold: 20s
    per_side: true      # left, then right
  - exercise: plank
    name: Plank on knees
    hold: 20s
    sets: 2
    progression: {{hold: +5s, every: 7d, max: 45s, while_pain_below: 4}}
  # - exercise: curl-up
  #   pyramid: [6, 4, 2]  # reps in each set
  #   hold: 10s
  - rest: 20s
  - breathe: {{pattern: box, rounds: 4}}   # box, 4-7-8, slow, or seconds like 4-2-6-0
  - drink: 250ml
  # - therapy: {{mode: heat, on: 15m}}     # cold or heat, with bouts and breaks
  - check_in: after
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "new",
        help="write a new routine file in your routines folder",
        description=(
            "Write a commented routine file ID.yaml into your routines folder and print its "
            "path. With --from, copy an existing routine instead (a copy with a built-in's id "
            "replaces that built-in). Never overwrites a file."
        ),
    )
    parser.add_argument(
        "id", help="the new routine's id: lowercase letters, digits, dashes and underscores"
    )
    parser.add_argument("--from", dest="source", metavar="ROUTINE", help="copy this routine")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coach import ids, paths
    from coach.errors import CoachError
    from coach.routines.user_files import MODELINE, SCHEMA_FILE, copy_of_source, write_schema

    routine_id: str = args.id
    problem = ids.id_problem(routine_id)
    if problem is not None:
        raise CoachError(problem)
    folder = paths.user_routines_dir()
    target = folder / f"{routine_id}.yaml"
    for existing in (target, target.with_suffix(".yml")):
        if existing.exists():
            raise CoachError(f"{existing} already exists; edit it, or choose another id")
    library = None
    if args.source is not None or _is_builtin_id(routine_id):
        from coach.routines.library import load_library

        library = load_library()
    if args.source is not None:
        assert library is not None
        text = copy_of_source(library.get(args.source), routine_id)
    else:
        text = TEMPLATE.format(
            modeline=MODELINE, path=target, id=routine_id, name=_name_from(routine_id)
        )
    try:
        paths.create_private_text(target, text)  # never overwrites, even in a race; 0600
    except FileExistsError:
        raise CoachError(f"{target} already exists; edit it, or choose another id") from None
    write_schema(folder.parent / SCHEMA_FILE)
    print(target)
    if (
        library is not None
        and routine_id in library.routines
        and library.routines[routine_id].builtin
    ):
        print(f"It replaces the built-in routine {routine_id} while it exists.")
    return 0


def _is_builtin_id(routine_id: str) -> bool:
    from coach.builtin import routines

    return (routines() / f"{routine_id}.yaml").is_file()


def _name_from(routine_id: str) -> str:
    words = routine_id.replace("_", "-").split("-")
    return " ".join(words).capitalize()
