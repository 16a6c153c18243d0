"""Hostile routine files for the fuzz of issue 19, and what must hold for each.

`documents()` draws routine files as an attacker or a careless hand writes them: huge,
tiny, negative, NaN and infinite numbers where durations, amounts and counts go, text
with markup and terminal escapes (written as YAML escapes, so they pass the raw-file
guard), doses at and past every limit, many steps; sometimes the text itself is cut or
spliced. `check()` says what coach promises for any file: a routine within the limits
that plans, exports under the import limit and imports back the same, or an InvalidFile
whose every error is located and safe to print, never any other exception.

Used by tests/hostile/test_fuzz.py (a few hundred examples) and bench/fuzz.py (many more).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import cache
from typing import Any

import yaml
from hypothesis import strategies as st

from coach.errors import CoachError, InvalidFile
from coach.routines.format import MAX_PHASES, MAX_STEPS
from coach.routines.library import load_library
from coach.routines.limits import limit_problems, longest_allowed
from coach.routines.loader import load_routine_text
from coach.routines.model import Exercise, Routine
from coach.routines.sharing import export_text
from coach.routines.timing import estimated_seconds, phase_count
from coach.session.plan import build_plan
from coach.yamlsafe import MAX_FILE_BYTES

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@cache
def library_exercises() -> dict[str, Exercise]:
    return dict(load_library().exercises)


@cache
def routine_validator() -> Any:
    import jsonschema

    from coach.routines.schema import routine_schema

    return jsonschema.Draft202012Validator(routine_schema())


HUGE = int("9" * 400)
_BAD_NUMBERS = [0, 501, 10**6, HUGE, -1, -HUGE, 0.4, 1e308, -1e308, math.inf, -math.inf]
_BAD_NUMBERS += [math.nan, 1e-300, True, "ten", None]
_BAD_TEXT = ["x" * 5000, "", "  ", "\x1b]0;title\x07", "\x1b[2J", "\x9b31m", "a\x00b"]
_BAD_TEXT += ["\x1b]8;;file:///etc/passwd\x1b\\x\x1b]8;;\x1b\\"]

# Each value: something coach accepts (markup is text, so it is fine), or something hostile.
GOOD: dict[str, st.SearchStrategy[Any]] = {
    "duration": st.one_of(
        st.sampled_from(["30s", "1s", "0.5s", "1m30s", "2m", "90 s", 10, 45]),
        st.integers(1, 120).map(lambda s: f"{s}s"),
    ),
    "count": st.integers(1, 12),
    "amount": st.sampled_from(["250ml", "1ml", "1l", "25cl", 300, "1000ml"]),
    "text": st.one_of(
        st.sampled_from(["Plain", "Cat–cow", "line\nnext", "[b]bold[/b]", "x [/] y"]),
        st.sampled_from(["[link=file:///etc/passwd]a[/link]", "[@click=app.quit]Q[/]"]),
        st.sampled_from(["Stretch [gently] for 30 s", "x" * 100]),
    ),
    "flag": st.booleans(),
    "pattern": st.sampled_from(["box", "4-7-8", "slow", "4-4", [4, 7, 8, 0], "3-1-4"]),
}
BAD: dict[str, st.SearchStrategy[Any]] = {
    "duration": st.one_of(
        st.sampled_from(_BAD_NUMBERS),
        st.sampled_from(["0s", "4h", "4h1s", "5h", "1:30", "1m3x", "abc", "", "-5s", "+5s"]),
        st.sampled_from(["9" * 400 + "s", ".inf", "nan", "1e309s"]),
    ),
    "count": st.sampled_from([*_BAD_NUMBERS, 500, 20, 200, 2.5, "10"]),
    "amount": st.sampled_from([*_BAD_NUMBERS, "0.4ml", "0.5ml", "2l", "1e3ml", "1m"]),
    "text": st.one_of(st.sampled_from(_BAD_TEXT), st.text(max_size=20)),
    "flag": st.sampled_from(["yes", "on", 1, None, "true"]),
    "pattern": st.sampled_from(["0-1", "61-1", "9" * 40 + "-1", "box-1", [], [HUGE, 1]]),
}


def value(draw: st.DrawFn, what: str, hostile: bool) -> Any:
    """A value of a kind: hostile one time in three in a hostile file, else fine."""
    if hostile and draw(st.integers(0, 2)) == 0:
        return draw(BAD[what])
    return draw(GOOD[what])


def _maybe(draw: st.DrawFn, mapping: dict[str, Any], key: str, what: str, hostile: bool) -> None:
    if draw(st.integers(0, 2)) == 0:
        mapping[key] = value(draw, what, hostile)


@st.composite
def figure_values(draw: st.DrawFn, hostile: bool) -> Any:
    """An exercise's `figure:`: a built-in's by name, or poses (hostile numbers too)."""
    if draw(st.booleans()):
        return {"like": draw(st.sampled_from(["bird-dog", "plank", "bird-dgo"]))}
    edges = [-360, -300, -271, 360] + (_BAD_NUMBERS if hostile else [])
    angle = st.one_of(st.integers(-360, 360), st.sampled_from(edges))
    frames = [
        {"trunk": draw(angle), "arms": [draw(angle), draw(angle)]}
        for _ in range(draw(st.integers(0 if hostile else 2, 9 if hostile else 3)))
    ]
    return {"view": draw(st.sampled_from(["side", "front", "top"])), "keyframes": frames}


@st.composite
def steps(draw: st.DrawFn, hostile: bool) -> dict[str, Any]:
    kind = draw(st.sampled_from(["exercise", "rest", "breathe", "drink", "therapy", "check_in"]))
    step: dict[str, Any]
    if kind == "exercise":
        known = sorted(library_exercises())
        ident = draw(st.sampled_from(known + (["own", "nope"] if hostile else ["own"])))
        step = {"exercise": ident}
        for key, what in (("hold", "duration"), ("reps", "count"), ("sets", "count")):
            _maybe(draw, step, key, what, hostile)
        if "reps" not in step and "sets" not in step and draw(st.integers(0, 3)) == 0:
            size = draw(st.integers(0, 22) if hostile else st.integers(1, 4))
            step["pyramid"] = [value(draw, "count", hostile) for _ in range(size)]
        _maybe(draw, step, "per_side", "flag", hostile)
        _maybe(draw, step, "rep_rest", "duration", hostile)
        _maybe(draw, step, "set_rest", "duration", hostile)
        if draw(st.integers(0, 3)) == 0:
            step["cues"] = [value(draw, "text", hostile) for _ in range(draw(st.integers(2, 4)))]
        if draw(st.integers(0, 3)) == 0:
            step["skip_if"] = [value(draw, "text", hostile)]
        if draw(st.integers(0, 4)) == 0:
            grow = "hold" if "hold" in step else "reps"
            step["progression"] = {
                grow: draw(st.sampled_from(["+5s", "+9999s"] if grow == "hold" else ["+1", 2])),
                "every": draw(st.sampled_from(["7d", "2w", 0, 400, "x"] if hostile else ["7d"])),
                "max": value(draw, "duration" if grow == "hold" else "count", hostile),
            }
    elif kind == "rest":
        step = {"rest": value(draw, "duration", hostile)}
    elif kind == "breathe":
        pattern = value(draw, "pattern", hostile)
        if draw(st.booleans()):
            step = {"breathe": pattern}
        else:
            step = {"breathe": {"pattern": pattern}}
            if draw(st.booleans()):
                _maybe(draw, step["breathe"], "rounds", "count", hostile)
            else:
                _maybe(draw, step["breathe"], "duration", "duration", hostile)
    elif kind == "drink":
        step = {"drink": value(draw, "amount", hostile)}
    elif kind == "therapy":
        mode = draw(st.sampled_from(["cold", "heat", "warm"] if hostile else ["cold", "heat"]))
        if draw(st.booleans()):
            step = {"therapy": mode}
        else:
            settings: dict[str, Any] = {"mode": mode}
            for key, what in (("on", "duration"), ("off", "duration"), ("bouts", "count")):
                _maybe(draw, settings, key, what, hostile)
            _maybe(draw, settings, "cue", "text", hostile)
            step = {"therapy": settings}
    else:
        step = {"check_in": draw(st.sampled_from(["before", "after"]))}
        _maybe(draw, step, "prompt", "text", hostile)
    _maybe(draw, step, "name", "text", hostile)
    _maybe(draw, step, "note", "text", hostile)
    return step


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A routine file's text: a fine one, or one with hostile values, cuts and sizes."""
    hostile = draw(st.booleans())
    document: dict[str, Any] = {}
    if draw(st.booleans()):
        document["version"] = draw(st.sampled_from([1, 2, "1", HUGE]) if hostile else st.just(1))
    document["name"] = value(draw, "text", hostile)
    kinds = ["core", "stretch", "therapy", "mixed"] + (["nope"] if hostile else [])
    document["kind"] = draw(st.sampled_from(kinds))
    _maybe(draw, document, "description", "text", hostile)
    if draw(st.integers(0, 2)) == 0:
        document["tags"] = [value(draw, "text", hostile)]
    if draw(st.integers(0, 2)) == 0:
        keys = ("get_ready", "rest", "set_rest", "switch_sides")
        document["defaults"] = {key: value(draw, "duration", hostile) for key in keys}
    if draw(st.integers(0, 3)) == 0:
        document["exercises"] = [
            {
                "id": "own",
                "name": value(draw, "text", hostile),
                "target": value(draw, "text", hostile),
                "cues": [value(draw, "text", hostile) for _ in range(2)],
                "dose": {"hold": value(draw, "duration", hostile)},
            }
        ]
        if draw(st.booleans()):
            document["exercises"][0]["figure"] = draw(figure_values(hostile))
    drawn = draw(st.lists(steps(hostile), min_size=0 if hostile else 1, max_size=8))
    repeat = draw(st.sampled_from([1, 1, 1, 1, 2, 30, MAX_STEPS + 1]))
    document["steps"] = drawn * repeat
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False)
    cut = draw(st.integers(0, 11)) if hostile else -1
    if cut == 0:  # cut short
        text = text[: draw(st.integers(0, len(text)))]
    elif cut == 1:  # spliced with garbage
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=8)) + text[at:]
    return text


def same(a: Routine, b: Routine) -> bool:
    return replace(a, source=None, builtin=False) == replace(b, source=None, builtin=False)


def check(text: str) -> str:
    """What coach promises for any routine file; returns "refused" or "accepted"."""
    exercises = library_exercises()
    try:
        routine = load_routine_text(text, "fuzz.yaml", exercises)
    except InvalidFile as error:
        assert error.errors, "an InvalidFile says what is wrong"
        for located in error.errors:
            assert located.location.path == "fuzz.yaml"
            assert located.location.line >= 0 and located.location.column >= 0
            assert located.message
            shown = str(located)
            assert not _CONTROL.search(shown), shown
            assert len(shown) < 600, "an error quotes at most a short excerpt"
        return "refused"
    # Within every whole-routine limit, by the model and by the plan itself.
    assert limit_problems(routine) == []
    assert 1 <= len(routine.steps) <= MAX_STEPS
    assert estimated_seconds(routine) <= longest_allowed(routine)
    count = phase_count(routine)
    assert count <= MAX_PHASES
    plan = build_plan(routine)
    assert len(plan.phases) == count
    assert math.isfinite(plan.estimated_seconds)
    # Export → import: never an export the import refuses, and the same routine back.
    try:
        exported = export_text(routine, exercises)
    except CoachError as error:
        assert "more than the 1 MB coach import reads" in str(error)
        return "accepted"
    assert len(exported.encode("utf-8")) <= MAX_FILE_BYTES
    back = load_routine_text(exported, "fuzz.yaml", {})
    assert same(back, routine), exported
    # The editor agrees: what the writer emits validates against the schema.
    document = yaml.safe_load(exported)
    assert not list(routine_validator().iter_errors(document)), exported
    return "accepted"
