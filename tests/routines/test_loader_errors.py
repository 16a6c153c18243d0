"""Every kind of bad input gives located errors (`path:line:column: field: message`), all of
them at once, and never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from routines_helpers import LoadErrors

from coach import yamlsafe
from coach.errors import InvalidFile
from coach.routines.loader import (
    load_exercises_text,
    load_routine_file,
    load_routine_text,
    read_exercises_text,
)
from coach.yamlsafe import MAX_DEPTH


def test_all_problems_of_a_file_are_reported_in_order(errors: LoadErrors) -> None:
    found = errors(
        """\
        version: 1
        name: Broken
        kind: stretchy
        descripton: oops
        defaults: {get_ready: -5s, rest: abc}
        steps:
          - exercise: chin-tuk
            reps: 10
          - exercise: plank
            hold: 5h
        """
    )
    assert found == [
        'r.yaml:3:7: kind: "stretchy" is not one of stretch, core, posture, hydration, '
        'breathing, therapy, mixed (did you mean "stretch"?)',
        'r.yaml:4:1: descripton: unknown key (did you mean "description"?)',
        "r.yaml:5:23: defaults.get_ready: a duration cannot be negative, got -5s",
        'r.yaml:5:34: defaults.rest: expected a duration like 30s, 2m or 1m30s, got "abc"',
        'r.yaml:7:15: steps[0].exercise: unknown exercise "chin-tuk" (did you mean '
        '"chin-tuck"?); `coach list --exercises` shows them',
        "r.yaml:10:11: steps[1].hold: 5h is longer than 4h; that cannot be right",
    ]


def test_broken_yaml_syntax_gives_its_line(errors: LoadErrors) -> None:
    found = errors("name: N\nkind: core\nsteps: [\n  {rest: 5s},\n  {rest: 6s\n")
    assert len(found) == 1
    assert found[0].startswith("r.yaml:6:1: not valid YAML:")


def test_tabs_say_to_use_spaces(errors: LoadErrors) -> None:
    (found,) = errors("name: N\nkind: core\nsteps:\n\t- rest: 5s\n")
    assert found.startswith("r.yaml:4:1: not valid YAML")
    assert "indent with spaces, not tabs" in found


def test_two_documents_in_one_file(errors: LoadErrors) -> None:
    (found,) = errors("name: N\n---\nname: M\n")
    assert found.startswith("r.yaml:2:1: not valid YAML: but found another document")


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("rest: abc", 'steps[0].rest: expected a duration like 30s, 2m or 1m30s, got "abc"'),
        ("rest: -5", "steps[0].rest: a duration cannot be negative, got -5"),
        ("rest: 0s", "steps[0].rest: must be longer than 0s"),
        ("rest: 4h1s", "steps[0].rest: 4h1s is longer than 4h; that cannot be right"),
        ("rest: [1, 2]", "steps[0].rest: expected a duration like 30s, 2m or 1m30s, got a list"),
        # YAML 1.2: yes is text, and 1:30 no longer a number of seconds
        ("rest: yes", 'steps[0].rest: expected a duration like 30s, 2m or 1m30s, got "yes"'),
        ("rest: 1:30", "steps[0].rest: 1:30 is text in YAML 1.2, not a duration: write 1m30s"),
        ("rest: .nan", "steps[0].rest: expected a duration like 30s, got .nan"),
        ("rest: .inf", "steps[0].rest: .inf is longer than 4h; that cannot be right"),
        ("drink: lots", 'steps[0].drink: expected an amount like 250ml or 0.5l, got "lots"'),
        (
            "drink: 3l",
            "steps[0].drink: 3000 ml at once is too much; keep a drink to 1000 ml or less",
        ),
        ("check_in: during", 'steps[0].check_in: "during" is not one of before, after'),
        ("therapy: warm", 'steps[0].therapy: "warm" is not one of cold, heat'),
    ],
)
def test_wrong_values(errors: LoadErrors, step: str, expected: str) -> None:
    column = len("  - ") + step.index(":") + 3  # the value, after "key: "
    assert errors(f"name: N\nkind: core\nsteps:\n  - {step}\n") == [
        f"r.yaml:4:{column}: {expected}"
    ]


@pytest.mark.parametrize(
    ("step", "where", "expected"),
    [
        (
            "exercise: chin-tuck\n    reps: ten",
            "5:11",
            'steps[0].reps: expected a whole number, got "ten"',
        ),
        (
            "exercise: chin-tuck\n    reps: 0",
            "5:11",
            "steps[0].reps: must be between 1 and 500, got 0",
        ),
        (
            "exercise: chin-tuck\n    reps: 1.5",
            "5:11",
            "steps[0].reps: expected a whole number, got 1.5",
        ),
        (
            "exercise: chin-tuck\n    sets: 99",
            "5:11",
            "steps[0].sets: must be between 1 and 20, got 99",
        ),
        (
            "exercise: chin-tuck\n    per_side: sometimes",
            "5:15",
            'steps[0].per_side: expected true or false, got "sometimes"',
        ),
        (
            "exercise: chin-tuck\n    pyramid: [6, x]",
            "5:18",
            'steps[0].pyramid[1]: expected a number of reps, got "x"',
        ),
        (
            "exercise: chin-tuck\n    pyramid: [6, 4]\n    sets: 2",
            "6:5",
            "steps[0].sets: use either pyramid or reps and sets, not both",
        ),
        (
            "exercise: chin-tuck\n    cues: [just one]",
            "5:11",
            "steps[0].cues: give 2 to 4 short cues, got 1",
        ),
        (
            "exercise: chin-tuck\n    easier: nope",
            "5:13",
            'steps[0].easier: unknown exercise "nope"',
        ),
        (
            "exercise: Chin Tuck",
            "4:15",
            'steps[0].exercise: "Chin Tuck" is not a valid exercise id: use 1 to 64 lowercase '
            "letters, digits, dashes and underscores, starting with a letter or digit, "
            "like chin-tuck",
        ),
        (
            "breathe: {pattern: squares}",
            "4:24",
            'steps[0].breathe.pattern: "squares" is not a pattern: use box, 4-7-8, slow, or '
            "seconds like 4-7-8-0",
        ),
        (
            "breathe: {pattern: box, rounds: 0}",
            "4:37",
            "steps[0].breathe.rounds: must be between 1 and 200, got 0",
        ),
        (
            "breathe: {pattern: box, rounds: 2, duration: 1m}",
            "4:40",
            "steps[0].breathe.duration: give rounds or duration, not both",
        ),
        (
            "breathe: [0, 4]",
            "4:14",
            "steps[0].breathe: breathing in and out must each last more than 0 seconds",
        ),
        (
            "breathe: 4-7-8-0-2",
            "4:14",
            "steps[0].breathe: give 2 to 4 lengths: in-out, in-hold-out or in-hold-out-hold",
        ),
        (
            "therapy: {mode: cold, on: 45m}",
            "4:31",
            "steps[0].therapy.on: 45m is longer than 30m; longer on the skin risks burns",
        ),
        (
            "therapy: {on: 15m}",
            "4:14",
            "steps[0].therapy.mode: missing; cold or heat",
        ),
        (
            "therapy: {mode: cold, bouts: 9}",
            "4:34",
            "steps[0].therapy.bouts: must be between 1 and 4, got 9",
        ),
        (
            "exercise: plank\n    progression: {hold: +5s, every: 7d}",
            "5:18",
            "steps[0].progression.max: missing; a progression needs a ceiling",
        ),
        (
            "exercise: plank\n    progression: {hold: +5s, every: often, max: 1m}",
            "5:37",
            'steps[0].progression.every: expected days or weeks like 7d or 2w, got "often"',
        ),
        (
            "exercise: plank\n    progression: {hold: +5s, every: 7d, max: 10s}",
            "5:46",
            "steps[0].progression.max: is below the starting dose",
        ),
        (
            "exercise: cat-cow\n    progression: {hold: +5s, every: 7d, max: 1m}",
            "5:18",
            "steps[0].progression: grows the hold, but this step has no `hold`",
        ),
        (
            "exercise: plank\n    progression: {every: 7d, max: 1m}",
            "5:18",
            "steps[0].progression: say what grows: either `hold: +5s` or `reps: +1`",
        ),
    ],
)
def test_wrong_step_fields(errors: LoadErrors, step: str, where: str, expected: str) -> None:
    assert errors(f"name: N\nkind: core\nsteps:\n  - {step}\n") == [f"r.yaml:{where}: {expected}"]


def test_unknown_keys_suggest_the_right_one(errors: LoadErrors) -> None:
    found = errors(
        """\
        name: N
        kind: core
        steps:
          - exercise: plank
            hodl: 20s
          - rest: 10s
            hold: 5s
          - drink: 250ml
            nmae: Water
        """
    )
    assert found == [
        'r.yaml:5:5: steps[0].hodl: unknown key (did you mean "hold"?)',
        "r.yaml:7:5: steps[1].hold: `hold` does not belong in a rest step "
        "(it is for exercise steps)",
        'r.yaml:9:5: steps[2].nmae: unknown key (did you mean "name"?)',
    ]


def test_a_step_needs_exactly_one_kind(errors: LoadErrors) -> None:
    found = errors(
        """\
        name: N
        kind: core
        steps:
          - rest: 30s
            drink: 250ml
          - hold: 30s
          - excercise: plank
          - rest
        """
    )
    assert found == [
        "r.yaml:4:5: steps[0]: a step is one thing, not `rest` and `drink`: split it into 2 steps",
        "r.yaml:6:5: steps[1]: a step needs one of exercise, rest, breathe, drink, therapy, "
        "check_in; add `exercise: ID` to say which exercise",
        "r.yaml:7:5: steps[2]: a step needs one of exercise, rest, breathe, drink, therapy, "
        'check_in (did you mean "exercise"?)',
        "r.yaml:8:5: steps[3]: write `rest:` followed by its value, e.g. `- rest: 30s`",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: N\nkind: core\nsteps: []\n",
            ["r.yaml:3:8: steps: is empty; a routine needs at least one step"],
        ),
        (
            "name: N\nkind: core\nsteps:\n",
            ["r.yaml:3:7: steps: is empty; a routine needs at least one step"],
        ),
        (
            "kind: core\nsteps: [{rest: 5s}]\n",
            ["r.yaml:1:1: name: missing; every routine needs a name"],
        ),
        (
            "name: N\n",
            [
                "r.yaml:1:1: kind: missing; one of stretch, core, posture, hydration, breathing, "
                "therapy, mixed",
                "r.yaml:1:1: steps: missing; list what to do under `steps:`",
            ],
        ),
        ("", ["r.yaml:1:1: the file is empty"]),
        ("# only a comment\n", ["r.yaml:1:1: the file is empty"]),
        (
            "- rest: 5s\n",
            [
                "r.yaml:1:1: does not look like a routine (name, kind, steps and so on): "
                "this file holds a list"
            ],
        ),
        (
            "just text\n",
            [
                "r.yaml:1:1: does not look like a routine (name, kind, steps and so on): "
                "this file holds text"
            ],
        ),
        (
            "name: N\nkind: core\nsteps: {rest: 5s}\n",
            [
                "r.yaml:3:8: steps: expected a list of steps (lines starting with `- `), "
                "got a mapping (key: value lines)"
            ],
        ),
        (
            "name: N\nname: M\nkind: core\nsteps: [{rest: 5s}]\n",
            ["r.yaml:2:1: name: is set twice (first on line 1); keep one"],
        ),
        (
            "version: 2\nname: N\nkind: core\nsteps: [{rest: 5s}]\n",
            ["r.yaml:1:10: version: format version 2 is not one this coach reads (it reads 1)"],
        ),
        (
            "id: My Routine\nname: N\nkind: core\nsteps: [{rest: 5s}]\n",
            [
                'r.yaml:1:5: id: "My Routine" is not a valid routine id: use 1 to 64 lowercase '
                "letters, digits, dashes and underscores, starting with a letter or digit, "
                "like my-break"
            ],
        ),
        (
            "name: [a, b]\nkind: core\nsteps: [{rest: 5s}]\n",
            ["r.yaml:1:7: name: expected text, got a list"],
        ),
        (
            "name: N\nkind: core\ntags: {a: 1}\nsteps: [{rest: 5s}]\n",
            ["r.yaml:3:7: tags: expected a list of text, got a mapping (key: value lines)"],
        ),
    ],
)
def test_structure_errors(errors: LoadErrors, text: str, expected: list[str]) -> None:
    assert errors(text) == expected


def test_routine_exercises_are_checked(errors: LoadErrors) -> None:
    found = errors(
        """\
        name: N
        kind: core
        exercises:
          - id: wall-slide
            name: Wall slide
          - id: wall-slide
            name: Again
            target: t
            cues: [a, b]
        steps:
          - exercise: wall-slide
        """
    )
    assert found == [
        "r.yaml:4:5: exercises[0].target: missing; every exercise needs a target",
        "r.yaml:4:5: exercises[0].cues: missing; give 2 to 4 short cues",
        'r.yaml:6:9: exercises[1].id: "wall-slide" is already used by exercises[0]; '
        "ids must be unique",
    ]


def test_python_object_tags_are_refused(errors: LoadErrors) -> None:
    found = errors(
        "name: N\nkind: core\nsteps:\n  - rest: !!python/object/apply:os.system ['true']\n"
    )
    assert found == [
        "r.yaml:4:11: the tag !!python/object/apply:os.system is not allowed: coach files hold "
        "plain text, numbers and lists"
    ]
    assert errors("name: !foo N\nkind: core\nsteps: [{rest: 5s}]\n") == [
        "r.yaml:1:7: the tag !foo is not allowed: coach files hold plain text, numbers and lists"
    ]


def test_merge_keys_are_refused(errors: LoadErrors) -> None:
    found = errors("base: &b {name: N}\n<<: *b\nkind: core\nsteps: [{rest: 5s}]\n")
    assert found == ["r.yaml:2:1: merge keys (<<) are not supported; write the keys out"]


def test_aliases_that_stay_small_are_fine(load) -> None:  # type: ignore[no-untyped-def]
    routine = load(
        "name: N\nkind: core\nsteps:\n  - rest: &pause 20s\n  - exercise: plank\n  - rest: *pause\n"
    )
    assert routine.steps[2] == routine.steps[0]


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"name: *a{levels}")
    return "\n".join(lines) + "\n"


def test_a_yaml_bomb_is_refused_fast(errors: LoadErrors) -> None:
    started = time.perf_counter()
    found = errors(billion_laughs())
    assert time.perf_counter() - started < 1.0
    assert found == [
        "r.yaml:1:1: holds more than 50,000 values once its aliases (*name) are expanded; "
        "coach does not read files built to explode"
    ]


TOO_DEEP = f"nests lists or mappings more than {MAX_DEPTH} levels deep; a routine needs about 5"


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each depth test runs on libyaml and on PyYAML's pure-Python parser: the answer is
    coach's, whichever parser (or version of it) read the file first."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlsafe, "_Loader", yamlsafe.PurePythonLoader)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml here")
    return str(request.param)


def test_deep_flow_nesting_is_refused_without_crashing(errors: LoadErrors, parser: str) -> None:
    # libyaml's composer recurses in C and (from PyYAML 6.0.4) its scanner stops at its own
    # limit of 1,000 levels; neither may decide what the user reads.
    depth = 100_000
    started = time.perf_counter()
    found = errors("name: " + "[" * depth + "]" * depth + "\n")
    assert time.perf_counter() - started < 1.0
    # The root mapping is the first level, so the 20th bracket goes one level too deep.
    assert found == [f"r.yaml:1:{6 + MAX_DEPTH}: {TOO_DEEP}"]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 999, 1001, 5000])
def test_flow_nesting_around_the_parsers_own_limits_gives_one_message(
    errors: LoadErrors, parser: str, depth: int
) -> None:
    found = errors("steps: " + "[" * depth + "]" * depth + "\n")
    assert found == [f"r.yaml:1:{7 + MAX_DEPTH}: {TOO_DEEP}"]


def test_nesting_up_to_the_limit_is_only_a_shape_problem(errors: LoadErrors, parser: str) -> None:
    # 20 levels in all (the root mapping is one): not too deep, just not a name.
    found = errors("name: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    assert not any(TOO_DEEP in line for line in found)
    assert "r.yaml:1:7: name: expected text, got a list" in found


def test_deep_block_nesting_through_aliases_is_refused(errors: LoadErrors, parser: str) -> None:
    nested = "".join("  " * level + f"k{level}:\n" for level in range(1, 40))
    (found,) = errors(f"deep: &d\n{nested}name: *d\nkind: core\nsteps: [{{rest: 5s}}]\n")
    assert TOO_DEEP in found


@pytest.mark.parametrize("levels", [MAX_DEPTH + 5, 1300])
def test_deep_block_nesting_is_refused_at_its_21st_level(
    errors: LoadErrors, parser: str, levels: int
) -> None:
    # 1,300 levels, indentation growing a column per level, is about all 1 MB holds; libyaml
    # from PyYAML 6.0.4 refuses past 1,000 in its own words, older ones compose it.
    nested = "".join(" " * level + f"k{level}:\n" for level in range(1, levels))
    started = time.perf_counter()
    found = errors(f"name: N\nkind: core\nsteps: [{{rest: 5s}}]\nnotes:\n{nested}")
    assert time.perf_counter() - started < 2.0
    # notes is level 2, so the mapping under k19 (line 24, column 21) is level 21.
    assert found == [f"r.yaml:24:21: {TOO_DEEP}"]


def test_a_recursive_alias_is_refused(errors: LoadErrors) -> None:
    (found,) = errors("name: &x [*x]\nkind: core\nsteps: [{rest: 5s}]\n")
    assert "nests lists or mappings more than" in found


def test_control_characters_are_located(errors: LoadErrors) -> None:
    assert errors("name: N\nkind: co\x07re\n") == [
        "r.yaml:2:9: contains a control character (U+0007) YAML does not allow"
    ]


def test_text_over_a_megabyte_is_refused(errors: LoadErrors) -> None:
    assert errors("name: N\n# " + "x" * 1_000_001 + "\n") == [
        "r.yaml: is larger than 1 MB; routine files are small"
    ]


def test_files_over_a_megabyte_are_not_read_whole(tmp_path: Path, exercises: dict) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * 2_000_000)
    with pytest.raises(InvalidFile) as caught:
        load_routine_file(path, exercises)
    assert [str(e) for e in caught.value.errors] == [
        f"{path}: is larger than 1 MB; routine files are small"
    ]


def test_a_file_that_is_not_utf8(tmp_path: Path, exercises: dict) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: N\nkind: core\nnotes: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InvalidFile) as caught:
        load_routine_file(path, exercises)
    assert [str(e) for e in caught.value.errors] == [
        f"{path}:3:11: is not UTF-8 text (byte 0xe9); save it as UTF-8 in your editor"
    ]


def test_missing_files_and_folders(tmp_path: Path, exercises: dict) -> None:
    with pytest.raises(InvalidFile, match="no such file"):
        load_routine_file(tmp_path / "nope.yaml", exercises)
    with pytest.raises(InvalidFile, match="is a folder, not a file"):
        load_routine_file(tmp_path, exercises)


def test_exercise_library_errors_keep_the_good_entries() -> None:
    text = """\
version: 1
exercises:
  - id: good
    name: Good
    target: back
    cues: [One., Two.]
  - id: bad
    name: Bad
    target: back
    cues: [Only one.]
  - id: lazy
    name: Lazy
    target: back
    cues: [One., Two.]
    easier: nobody
  - id: good
    name: Twice
    target: back
    cues: [One., Two.]
  - id: self
    name: Self
    target: back
    cues: [One., Two.]
    easier: self
"""
    exercises, error = read_exercises_text(text, "exercises.yaml")
    assert error is not None
    assert [str(e) for e in error.errors] == [
        "exercises.yaml:10:11: exercises[1].cues: give 2 to 4 short cues, got 1",
        'exercises.yaml:15:13: exercises[2].easier: unknown exercise "nobody" '
        '(did you mean "good"?)',
        'exercises.yaml:16:9: exercises[3].id: "good" is already used by exercises[0]; '
        "ids must be unique",
        "exercises.yaml:24:13: exercises[4].easier: an exercise cannot be its own easier variant",
    ]
    assert sorted(exercises) == ["good", "lazy", "self"]
    with pytest.raises(InvalidFile):
        load_exercises_text(text, "exercises.yaml")


def test_cues_must_be_short() -> None:
    text = "exercises:\n  - id: x\n    name: X\n    target: t\n    cues: [ok, " + "y" * 101 + "]\n"
    _, error = read_exercises_text(text, "e.yaml")
    assert error is not None
    assert [str(e) for e in error.errors] == [
        "e.yaml:5:16: exercises[0].cues[1]: is 101 characters long; keep it under 100"
    ]


def test_never_a_traceback_for_odd_but_valid_yaml(exercises: dict) -> None:
    odd = [
        "? [a, b]\n: c\n",
        "name: N\nkind: core\nsteps: [{? [x]\n : y}]\n",
        "name: 2024-01-01\nkind: core\nsteps: [{rest: 1:30}]\n",
        "name: N\nkind: core\nsteps: [{exercise: {id: x}}]\n",
        "name: N\nkind: core\nsteps: [{breathe: {pattern: null}}]\n",
        "name: N\nkind: core\nsteps: [{therapy: null}]\n",
        "name: N\nkind: core\nsteps: [{breathe: [a, b]}]\n",
        "name: N\nkind: core\nsteps: [{exercise: plank, progression: [1]}]\n",
        "name: N\nkind: core\ndefaults: 5\nsteps: [{rest: 5s}]\n",
        "name: N\nkind: core\nexercises: {}\nsteps: [{rest: 5s}]\n",
    ]
    for text in odd:
        try:
            load_routine_text(text, "r.yaml", exercises)
        except InvalidFile as error:
            assert error.errors and all(e.location.path == "r.yaml" for e in error.errors)


def test_a_step_with_an_unknown_exercise_still_reports_its_other_fields(
    errors: LoadErrors,
) -> None:
    found = errors("name: N\nkind: core\nsteps:\n  - exercise: plankk\n    hold: abc\n")
    assert found == [
        'r.yaml:4:15: steps[0].exercise: unknown exercise "plankk" (did you mean "plank"?); '
        "`coach list --exercises` shows them",
        'r.yaml:5:11: steps[0].hold: expected a duration like 30s, 2m or 1m30s, got "abc"',
    ]
