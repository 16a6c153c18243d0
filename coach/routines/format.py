"""The routine format (version 1), declared once: every key, its type, range, default,
title and help text.

From this declaration come the loader's checks of each value
(`coach.routines.loader`, which keeps only what a declaration cannot say: rules
across fields, exercise look-ups, short forms), the JSON Schema (`schema.py`,
`coach schema`), the writer's values and key order (`writer.py`), the builder's
inputs (`draft.py`, `tui/widgets/step_editor.py`: labels, help, reading typed
values) and the key lists `coach import` checks. docs/routines.md describes it
for people.

A new optional key is one `Field` here (and the code that uses its value).
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.figures.format import figure_schema
from coach.routines.fields import (
    Amount,
    Choice,
    Count,
    Duration,
    Every,
    Field,
    Flag,
    Ident,
    Idents,
    Shape,
    Shaped,
    Text,
    Texts,
)
from coach.routines.model import FORMAT_VERSION, BreathPattern, Defaults, Dose, Kind

MAX_SECONDS = 4 * 3600.0  # any single duration above this is a typo, not a plan
MAX_REPS = 500
MAX_TEMPO = 30.0  # seconds a rep: slower than this is a hold, not a rep
MAX_SETS = 20
MAX_ROUNDS = 200
MAX_BOUTS = 4
MAX_THERAPY_ON = 30 * 60.0  # longer on the skin risks cold or heat burns
MAX_DRINK_ML = 1000
MAX_CUE_CHARS = 100
MAX_NAME_CHARS = 80
MAX_PROMPT_CHARS = 300
# Whole-routine limits (coach.routines.limits): a routine coach accepts starts at once.
MAX_STEPS = 200
MAX_PHASES = 5_000  # a 5,000-phase plan is built in about 25 ms (bench/limits.py)
MAX_ROUTINE_SECONDS = 4 * 3600.0
MAX_THERAPY_ROUTINE_SECONDS = 8 * 3600.0  # cold or heat bouts with an hour or two between
DEFAULT_BREATH_ROUNDS = 4
BREATH_PHASE_MAX = 60.0
THERAPY_DEFAULT_ON = 15 * 60.0
THERAPY_DEFAULT_OFF = 20 * 60.0
STEP_KINDS = ("exercise", "rest", "breathe", "drink", "therapy", "check_in")


@dataclass(frozen=True)
class NamedPattern:
    pattern: BreathPattern
    step_name: str


BREATH_PATTERNS: dict[str, NamedPattern] = {
    "box": NamedPattern(BreathPattern(4, 4, 4, 4, "box 4-4-4-4"), "Box breathing"),
    "4-7-8": NamedPattern(BreathPattern(4, 7, 8, 0, "4-7-8"), "4-7-8 breathing"),
    "slow": NamedPattern(BreathPattern(5, 0, 5, 0, "slow 5-5"), "Slow breathing"),
}

THERAPY_CUES: dict[str, str] = {
    "cold": (
        "Wrap the cold pack in a thin towel: ice never touches bare skin. "
        "Take it off if the skin goes numb, blotchy or blisters."
    ),
    "heat": (
        "Warm, not hot, with a cloth between pack and skin; never fall asleep on it. "
        "Take it off if the skin turns bright red or blisters."
    ),
}

CHECK_IN_PROMPTS: dict[str, str] = {
    "before": "Before you start: how is your back? 0 = no pain, 10 = worst imaginable.",
    "after": "How is your back now? 0 = no pain, 10 = worst imaginable.",
}

# --------------------------------------------------------------------------- values

DURATION = Duration(MAX_SECONDS)
NAME = Text(MAX_NAME_CHARS)
NOTE_TEXT = Text(optional=True)

_NUMBER = r"\d+(?:\.\d+)?"
BREATH_PATTERN_SCHEMA = {
    "anyOf": [
        {"type": "string", "enum": list(BREATH_PATTERNS)},
        {
            "type": "string",
            "pattern": rf"^{_NUMBER}(?:-{_NUMBER}){{1,3}}$",
            "patternErrorMessage": "Expected box, 4-7-8, slow, or seconds like 4-7-8-0.",
        },
        {
            "type": "array",
            "items": {"type": ["number", "string"], "minimum": 0, "maximum": BREATH_PHASE_MAX},
            "minItems": 2,
            "maxItems": 4,
        },
    ]
}

# --------------------------------------------------------------------------- doses

DOSE = Shape(
    (
        Field(
            "hold",
            Duration(MAX_SECONDS, positive=True, nullable=True),
            "Hold",
            "How long to hold; with reps, how long each rep is held. null removes the "
            "library's hold.",
            default=Dose.hold,
            label="hold",
        ),
        Field(
            "reps",
            Count(1, MAX_REPS, nullable=True),
            "Reps",
            f"Reps per set (1 to {MAX_REPS}). Without a hold they follow the tempo, or the "
            "session waits for you to press space when done. null removes the library's reps.",
            default=Dose.reps,
            label="reps",
        ),
        Field(
            "sets",
            Count(1, MAX_SETS),
            "Sets",
            f"Number of sets (1 to {MAX_SETS}), with set_rest between them.",
            default=Dose.sets,
            label="sets",
        ),
        Field(
            "pyramid",
            Shaped(
                {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 1, "maximum": MAX_REPS},
                    "minItems": 1,
                    "maxItems": MAX_SETS,
                }
            ),
            "Pyramid",
            "Reps in each set, like [6, 4, 2]; it replaces reps and sets.",
        ),
        Field(
            "per_side",
            Flag(),
            "Each side",
            "true: the whole dose on the left, a pause to switch sides, then the right.",
            default=Dose.per_side,
            label="each side",
        ),
        Field(
            "rep_rest",
            DURATION,
            "Rest between reps",
            "A rest between reps.",
            default=Dose.rep_rest,
        ),
        Field(
            "set_rest",
            DURATION,
            "Rest between sets",
            "The rest between sets (default: the routine's defaults.set_rest).",
            default=Dose.set_rest,
            label="rest between sets",
        ),
        Field(
            "tempo",
            Duration(MAX_TEMPO, positive=True, why="slower than that is a hold"),
            "Tempo",
            "Seconds a rep, for reps without a hold: the session counts them for you at "
            f"this pace, hands-free (at most {MAX_TEMPO:g} s). Without it you count them.",
            default=Dose.tempo,
        ),
        Field(
            "reps_by",
            Choice(("tempo", "self")),
            "Reps counted by",
            "tempo: reps without a hold follow the tempo; self: you count them (c) and "
            "press space when done.",
            default=Dose.reps_by,
        ),
    )
)

# --------------------------------------------------------------------------- exercises

# The exercise fields a routine step may change for itself.
EXERCISE_CHANGES = Shape(
    (
        Field("name", NAME, "Name", "The name shown."),
        Field("target", Text(200), "Target", "What it works, e.g. `low back, glutes`."),
        Field(
            "cues",
            Texts(MAX_CUE_CHARS, 2, 4, "short cues"),
            "Cues",
            f"2 to 4 short cues (each under {MAX_CUE_CHARS} characters), shown during it.",
        ),
        Field("skip_if", Texts(200), "Skip if", "Who should skip it or take care."),
        Field("easier", Ident("exercise"), "Easier variant", "The id of an easier exercise."),
        Field("description", Text(), "Description", "A short explanation."),
    )
)

EXERCISE = Shape(
    (
        Field("id", Ident("exercise"), "Id", "The exercise's id.", required=True),
        *EXERCISE_CHANGES.without("easier", "description").fields,
        Field(
            "dose",
            Shaped(DOSE.object_schema()),
            "Dose",
            "The default dose (the keys of an exercise step); a routine step may change any part.",
        ),
        Field(
            "easier",
            Ident("exercise", nullable=True),
            "Easier variant",
            "The id of an easier exercise (null: none).",
        ),
        Field("description", NOTE_TEXT, "Description", "A short explanation."),
        Field(
            "figure",
            Shaped({"anyOf": [*figure_schema()["anyOf"], {"type": "null"}]}),
            "Figure",
            "The figure drawn for it: {like: bird-dog} reuses a built-in exercise's, or its "
            "own poses (view, props, anchor and 2 to 8 keyframes of joint angles; see "
            "coach/figures/format.py). Without one, a built-in exercise keeps its own figure "
            "and a new one is shown without a figure. null: none of its own.",
        ),
    )
)

# `version:` in every kind of file (routines, the exercise library, programmes).
VERSION = Field(
    "version",
    Shaped({"const": FORMAT_VERSION}),
    "Format version",
    f"The format version: {FORMAT_VERSION}.",
)

LIBRARY = Shape(
    (
        VERSION,
        Field("exercises", Shaped({}), "Exercises", "The exercises.", required=True),
    )
)

# --------------------------------------------------------------------------- steps

PROGRESSION = Shape(
    (
        Field(
            "hold",
            Duration(300, positive=True, signed=True, why="grow holds in small steps"),
            "Hold grows by",
            "Seconds added to the hold each period, e.g. +5s.",
        ),
        Field(
            "reps",
            Count(1, 50, "a number of reps to add, like +1", signed=True),
            "Reps grow by",
            "Reps added each period (to every set of a pyramid), e.g. +1.",
        ),
        Field("every", Every(), "Every", "How often it grows: 7d, 2w, or a number of days."),
        Field(
            "max",
            Shaped(
                {
                    "anyOf": [
                        {"type": "integer", "minimum": 1, "maximum": MAX_REPS},
                        DURATION.schema(),
                    ]
                }
            ),
            "Up to",
            "The ceiling: a duration for holds, a number for reps; not below the starting dose.",
            required=True,
        ),
        Field(
            "while_pain_below",
            Count(1, 10),
            "While pain below",
            "A period adds nothing if your pain reached this (0-10) on any day of it.",
        ),
    )
)
_ONE_GROWS = [{"required": ["hold"]}, {"required": ["reps"]}]
PROGRESSION = PROGRESSION + Shape(
    (
        Field(
            "then",
            Shaped(PROGRESSION.object_schema(oneOf=_ONE_GROWS)),
            "Then",
            "A second stage, once this one reaches its max: it grows the other field, e.g. "
            "holds up to 30s, then {reps: +1, every: 14d, max: 5}.",
        ),
    )
)

BREATHE = Shape(
    (
        Field(
            "pattern",
            Shaped(BREATH_PATTERN_SCHEMA),
            "Pattern",
            "box (4-4-4-4), 4-7-8, slow (5-5), or 2 to 4 lengths in-hold-out-hold like "
            f"4-7-8-0 or [4, 7, 8, 0]; no phase over {BREATH_PHASE_MAX:g} s.",
            required=True,
        ),
        Field(
            "rounds",
            Count(1, MAX_ROUNDS),
            "Rounds",
            f"How many breaths (1 to {MAX_ROUNDS}).",
            default=DEFAULT_BREATH_ROUNDS,
            label="rounds",
        ),
        Field(
            "duration",
            Duration(3600, positive=True),
            "Duration",
            "Instead of rounds: about how long; coach picks the nearest number of rounds.",
        ),
    )
)

THERAPY = Shape(
    (
        Field("mode", Choice(("cold", "heat")), "Mode", "cold or heat.", required=True),
        Field(
            "on",
            Duration(MAX_THERAPY_ON, positive=True, why="longer on the skin risks burns"),
            "Each bout",
            f"How long the pack stays on, at most {MAX_THERAPY_ON / 60:g} minutes.",
            default=THERAPY_DEFAULT_ON,
        ),
        Field("off", DURATION, "Off between", "The break between bouts.", THERAPY_DEFAULT_OFF),
        Field("bouts", Count(1, MAX_BOUTS), "Bouts", f"1 to {MAX_BOUTS} bouts.", default=1),
        Field(
            "cue",
            Text(MAX_PROMPT_CHARS),
            "Safety cue",
            "The safety line shown throughout (default: by mode).",
        ),
    )
)

COMMON_STEP = Shape(
    (
        Field("name", NAME, "Name", "The title shown (each kind has a sensible default)."),
        Field("note", NOTE_TEXT, "Note", "One line shown under it during the session."),
    )
)

STEPS: dict[str, Shape] = {
    "exercise": Shape(
        (
            Field(
                "exercise",
                Ident("exercise"),
                "Exercise",
                "The id of an exercise from the library (`coach list --exercises`).",
                required=True,
            ),
            *DOSE.fields,
            Field(
                "progression",
                Shaped(PROGRESSION.object_schema(oneOf=_ONE_GROWS)),
                "Progression",
                "Grow the dose over the weeks, e.g. {reps: +1, every: 14d, max: 10}, or holds "
                "first and then reps: {hold: +5s, every: 14d, max: 30s, then: {reps: +1, "
                "every: 14d, max: 5}}.",
            ),
            *EXERCISE_CHANGES.without("name").fields,
        )
    )
    + COMMON_STEP,
    "rest": Shape(
        (
            Field(
                "rest",
                Duration(MAX_SECONDS, positive=True),
                "Rest",
                "A rest of this length.",
                required=True,
                label="rest for",
            ),
        )
    )
    + COMMON_STEP,
    "breathe": Shape(
        (
            Field(
                "breathe",
                Shaped(
                    {
                        "anyOf": [
                            BREATH_PATTERN_SCHEMA,
                            BREATHE.object_schema(not_={"required": ["rounds", "duration"]}),
                        ]
                    }
                ),
                "Breathe",
                f"A breathing pattern (box, 4-7-8, slow…), or {{pattern, rounds}} or "
                f"{{pattern, duration}}; {DEFAULT_BREATH_ROUNDS} rounds unless said.",
                required=True,
            ),
        )
    )
    + COMMON_STEP,
    "drink": Shape(
        (
            Field(
                "drink",
                Amount(MAX_DRINK_ML),
                "Drink",
                f"How much water to drink (at most {MAX_DRINK_ML} ml); it counts toward the "
                "day's goal once you confirm.",
                required=True,
                label="drink",
            ),
        )
    )
    + COMMON_STEP,
    "therapy": Shape(
        (
            Field(
                "therapy",
                Shaped({"anyOf": [THERAPY["mode"].type.schema(), THERAPY.object_schema()]}),
                "Cold or heat",
                "cold or heat (one 15-minute bout), or {mode, on, off, bouts, cue}.",
                required=True,
            ),
        )
    )
    + COMMON_STEP,
    "check_in": Shape(
        (
            Field(
                "check_in",
                Choice(("before", "after")),
                "Pain check-in",
                "Ask for pain 0-10, before or after the work.",
                required=True,
                label="ask for pain",
            ),
            Field(
                "prompt",
                Text(MAX_PROMPT_CHARS),
                "Question",
                "The question asked (default: by moment).",
            ),
        )
    )
    + COMMON_STEP,
}

# --------------------------------------------------------------------------- routine

DEFAULTS = Shape(
    (
        Field(
            "get_ready",
            DURATION,
            "Get ready",
            "A countdown before the first exercise, breathing or therapy step (0s: none).",
            default=Defaults.get_ready,
        ),
        Field(
            "rest",
            DURATION,
            "Rest between steps",
            "A rest between steps (0s: none); never next to a rest or check_in step.",
            default=Defaults.rest,
        ),
        Field(
            "set_rest",
            DURATION,
            "Rest between sets",
            "The rest between sets, unless a step gives its own set_rest.",
            default=Defaults.set_rest,
        ),
        Field(
            "switch_sides",
            DURATION,
            "Switch sides",
            "The pause to change sides in a per_side exercise.",
            default=Defaults.switch_sides,
        ),
    )
)

ROUTINE = Shape(
    (
        VERSION,
        Field(
            "id",
            Ident("routine"),
            "Id",
            "The routine's id; defaults to the file name without .yaml.",
        ),
        Field(
            "name",
            NAME,
            "Name",
            f"Shown in lists and at the top of a session (up to {MAX_NAME_CHARS} characters).",
            required=True,
        ),
        Field(
            "kind",
            Choice(tuple(k.value for k in Kind)),
            "Kind",
            "What sort of routine it is; home groups routines by kind.",
            required=True,
        ),
        Field(
            "description",
            NOTE_TEXT,
            "Description",
            "A few sentences: what it is for, who should skip it, when to stop.",
        ),
        Field("tags", Texts(40), "Tags", "Words to search and group by, like [desk, quick]."),
        Field(
            "defaults",
            Shaped(DEFAULTS.object_schema()),
            "Defaults",
            "Timings for the whole routine: get_ready, rest, set_rest, switch_sides.",
        ),
        Field(
            "steps",
            Shaped(
                {
                    "type": "array",
                    "items": {"$ref": "#/$defs/step"},
                    "minItems": 1,
                    "maxItems": MAX_STEPS,
                }
            ),
            "Steps",
            "What to do, in order: each step is an exercise, rest, breathe, drink, therapy "
            f"or check_in; at most {MAX_STEPS} steps, about {MAX_ROUTINE_SECONDS / 3600:g} "
            "hours in all.",
            required=True,
        ),
        Field(
            "exercises",
            Shaped({"$ref": "#/$defs/exercises"}),
            "Exercises",
            "Exercises for this routine only (added to the library or changing its entries, "
            "for this file alone).",
        ),
        Field("author", NOTE_TEXT, "Author", "Who wrote it."),
        Field("prescribed_by", NOTE_TEXT, "Prescribed by", "Who prescribed it."),
        Field("notes", NOTE_TEXT, "Notes", "Notes shown with the routine, e.g. how often."),
    )
)


# --------------------------------------------------------------------------- programmes

MAX_STAGES = 20
MAX_STAGE_WEEKS = 12
MAX_PROGRAMME_WEEKS = 52

MOVE_ON = Shape(
    (
        Field(
            "days_done",
            Count(1, 7 * MAX_STAGE_WEEKS),
            "Days done",
            "Move on only after this many days, since the stage began, on which one of its "
            "routines was done.",
        ),
        Field(
            "pain_not_rising",
            Flag(),
            "Pain not rising",
            "true: move on only if the worst pain of the stage's last week is not 2 or more "
            "points above its first week's (the smallest change that means something).",
            default=False,
        ),
    )
)

_WEEKDAY_TITLES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}

STAGE = Shape(
    (
        Field(
            "name",
            NAME,
            "Name",
            "What this stage is, e.g. `Gentle mobility and breathing`.",
            required=True,
        ),
        Field(
            "weeks",
            Count(1, MAX_STAGE_WEEKS),
            "Weeks",
            f"How many weeks it lasts (1 to {MAX_STAGE_WEEKS}) before its move_on rules are "
            "looked at; a week more each time they are not met.",
            default=1,
        ),
        Field(
            "every_day",
            Idents("routine"),
            "Every day",
            "The routines to do every day of this stage, by id (`coach list`).",
        ),
        *(
            Field(day, Idents("routine"), title, f"The routines to do on a {title}, by id.")
            for day, title in _WEEKDAY_TITLES.items()
        ),
        Field(
            "move_on",
            Shaped(MOVE_ON.object_schema()),
            "Move on",
            "What it takes to go on to the next stage when the weeks are over, e.g. "
            "{days_done: 8, pain_not_rising: true}; nothing: go on.",
        ),
        Field("note", NOTE_TEXT, "Note", "A line shown with this stage."),
    )
)

PROGRAMME = Shape(
    (
        VERSION,
        Field(
            "kind",
            Choice(("programme",)),
            "Kind",
            "programme: this file is a programme of weeks, not a routine.",
            required=True,
        ),
        Field("id", Ident("routine"), "Id", "The programme's id; defaults to the file name."),
        Field("name", NAME, "Name", "Shown in lists and on the Today panel.", required=True),
        Field(
            "description",
            NOTE_TEXT,
            "Description",
            "What it is for, who should skip it, when to stop.",
        ),
        Field(
            "stages",
            Shaped(
                {
                    "type": "array",
                    "items": {"$ref": "#/$defs/stage"},
                    "minItems": 1,
                    "maxItems": MAX_STAGES,
                }
            ),
            "Stages",
            f"The stages in order, each some weeks long (at most {MAX_STAGES} stages, "
            f"{MAX_PROGRAMME_WEEKS} weeks in all).",
            required=True,
        ),
        Field("author", NOTE_TEXT, "Author", "Who wrote it."),
        Field("prescribed_by", NOTE_TEXT, "Prescribed by", "Who prescribed it."),
        Field("notes", NOTE_TEXT, "Notes", "Notes shown with the programme."),
    )
)
