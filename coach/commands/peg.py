"""`coach peg [PAIN ENJOYMENT ACTIVITY]`: the weekly PEG questions, answered in the shell.

Three questions about the past week, 0 to 10 each (`coach.safety.peg`); kept in the
journal, then the score and how it compares with the first one (a 30% fall is a real
improvement: it says so). Without the three numbers it asks on the terminal.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import cast


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    peg = subparsers.add_parser(
        "peg",
        help="the weekly PEG: three questions on pain and what it stops you doing (0-10)",
        description=(
            "The PEG: over the past week, your average pain, how much pain got in the way "
            "of enjoying life, and of your everyday activities, each 0 to 10. Once a week "
            "is enough; coach shows how the score changes (coach stats, the History screen)."
        ),
    )
    peg.add_argument(
        "answers",
        nargs="*",
        metavar="N",
        help="the three answers in order (pain, enjoyment, activity); asked when left out",
    )
    peg.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from coach.clock import SystemClock
    from coach.commands._history_support import load_config, open_journal
    from coach.errors import CoachError
    from coach.history.outcomes import peg_trend
    from coach.safety.peg import PEG_INTRO, PEG_QUESTIONS, peg_score

    if args.answers:
        answers = read_answers(args.answers)
    elif sys.stdin.isatty():
        print(PEG_INTRO)
        answers = [
            ask(question.text, question.low, question.high, input) for question in PEG_QUESTIONS
        ]
    else:
        raise CoachError("peg: give the three answers, e.g. `coach peg 6 5 4` (0 to 10 each)")
    now = SystemClock().now()
    with open_journal(load_config(), writes=True) as journal:
        journal.log_peg(answers, now, source="cli")
        trend = peg_trend(journal, now)
    named = ", ".join(f"{q.id} {a}" for q, a in zip(PEG_QUESTIONS, answers, strict=True))
    print(f"Logged your PEG: {peg_score(answers):.1f} ({named}).")
    if trend.change is not None:
        print(trend.message)
    else:
        print("Answer again in a week to see how it changes (coach stats).")
    return 0


def read_answers(texts: Sequence[str]) -> list[int]:
    """Three answers 0-10 from the command line; a CoachError saying what is wrong."""
    from coach.errors import CoachError
    from coach.safety.peg import PEG_QUESTIONS

    if len(texts) != len(PEG_QUESTIONS):
        raise CoachError(
            f"peg: give {len(PEG_QUESTIONS)} answers (pain, enjoyment, activity), got {len(texts)}"
        )
    answers = [_number(text) for text in texts]
    try:
        checked(answers)
    except ValueError as error:
        raise CoachError(f"peg: {error}") from None
    return [int(answer) for answer in answers]


def ask(question: str, low: str, high: str, read: Callable[[str], str]) -> int:
    """One question on the terminal, asked again until the answer is 0-10."""
    from coach.errors import CoachError

    print()
    print(question)
    while True:
        try:
            text = read(f"0 = {low}, 10 = {high}: ")
        except EOFError:
            raise CoachError("peg: nothing was saved") from None
        answer = _number(text)
        try:
            checked([answer] * 3)
        except ValueError as error:
            message = str(error)
            print(message[:1].upper() + message[1:])
            continue
        return int(answer)


def checked(answers: Sequence[int | str]) -> None:
    """The PEG's own rule on what an answer is, and its words (ValueError); it checks the
    type of what it is given, so text that is no number is handed over as it is."""
    from coach.safety.peg import peg_score

    peg_score(cast("Sequence[int]", answers))


def _number(text: str) -> int | str:
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        return text
