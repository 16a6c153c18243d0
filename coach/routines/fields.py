"""The kinds of value a routine file holds, each knowing every way it is used.

A field type (a duration, an amount, a count, a flag, text, an id, a choice…)
carries its range, and from it come

- `read(reader, node, path)`: the value of a YAML node, or `INVALID` with a located
  error in the reader (the loader);
- `schema()`: its JSON Schema (`coach schema`, editors);
- `dump(value)`: what the writer puts in a file (`30s`, `250ml`);
- `parse(text)` / `show(value)`: a value typed in the builder's small inputs, and
  back (ValueError with a message fit for a user).

`Field` gives a type its key, title, help text and default; `Shape` is an ordered set
of fields (a routine, a dose, a step kind…). `coach.routines.format` declares the
format with them. No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from yaml.nodes import ScalarNode

from coach import ids
from coach.durations import format_duration, parse_duration, parse_volume
from coach.errors import excerpt
from coach.yamlsafe import INT, STR, is_null

if TYPE_CHECKING:
    from yaml.nodes import Node

    from coach.routines.nodes import NodeReader


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()  # what `read` returns after reporting a problem
NO_DEFAULT: Any = object()

_NUMBER = r"\d+(?:\.\d+)?"
EVERY_PATTERN = r"^\s*\d+\s*(?:d|days?|w|weeks?|D|W)\s*$"
# Text a terminal would act on: the loader refuses it (coach.text), and so does the schema.
TEXT_PATTERN = "^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]*$"
TEXT_MESSAGE = "Control characters (like \\e) are not allowed: coach shows text as written."


def _whole_at_most(top: int) -> str:
    """A regex for the whole numbers 0 … `top`, leading zeros allowed."""
    digits = str(top)
    width = len(digits)
    parts = ["0"]
    if width > 1:
        parts.append(rf"[1-9]\d{{0,{width - 2}}}")  # fewer digits than `top`
    for i, digit in enumerate(map(int, digits)):
        lowest = 1 if i == 0 else 0
        if i == 0 and width == 1:
            lowest = 0
        if digit > lowest:
            rest = width - i - 1
            parts.append(f"{digits[:i]}[{lowest}-{digit - 1}]" + (rf"\d{{{rest}}}" if rest else ""))
    parts.append(digits)
    return "0*(?:" + "|".join(parts) + ")"


def number_at_most(high: float) -> str:
    """A regex for decimal numbers from 0 to `high` (a whole number's fraction: zeros)."""
    top = int(high)
    if top == 0:
        return r"0*(?:\.\d+)?"  # below 1: the schema does not try to be exact
    below = _whole_at_most(top - 1)
    return rf"(?:{below}(?:\.\d+)?|0*{top}(?:\.0+)?)"


def duration_pattern(high: float, *, positive: bool = False, signed: bool = False) -> str:
    """What `parse_duration` reads (30s, 2m, 1m30s, 1h, 1.5h, 45, " 2 m "), each part at
    most `high` in its own unit: `5h` or `300m` fails where the longest is 4 h. The sum of
    the parts is not checked (`3h90m` passes here, the loader says it is too long); a
    value coach accepts never fails. `positive`: some digit is not zero."""
    s, m, h = number_at_most(high), number_at_most(high / 60), number_at_most(high / 3600)
    body = (
        rf"\s*{s}\s*"
        rf"|\s*(?=\d)(?:{h}\s*[hH]\s*)?(?:{m}\s*[mM](?![lL])\s*)?(?:{s}\s*[sS]\s*)?"
    )
    nonzero = "(?=.*[1-9])" if positive else ""
    sign = r"\+?" if signed else ""
    return rf"^{nonzero}{sign}(?:{body})$"


def volume_pattern(high: int) -> str:
    """What `parse_volume` reads (250ml, 0.3l, 25cl, a number of ml), from 1 ml to `high`."""
    ml = rf"(?=0*[1-9]){number_at_most(high)}"
    cl = rf"(?=0*(?:[1-9]|\.[1-9])){number_at_most(high / 10)}"
    litres = rf"(?=0*(?:[1-9]|\.[1-9]|\.0[1-9]|\.00[1-9])){number_at_most(high / 1000)}"
    return rf"^\s*(?:{ml}\s*(?:[mM][lL])?|{cl}\s*[cC][lL]|{litres}\s*[lL])\s*$"


class FieldType(Protocol):
    def read(self, reader: NodeReader, node: Node, path: str) -> Any: ...
    def schema(self) -> dict[str, Any]: ...
    def dump(self, value: Any) -> Any: ...


def _nullable(schema: dict[str, Any], nullable: bool) -> dict[str, Any]:
    if not nullable:
        return schema
    kind = schema.get("type")
    if isinstance(kind, list):
        return {**schema, "type": [*kind, "null"]}
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def written_duration(seconds: float) -> str:
    """`30s`, `1m30s`, `1h`; a fraction of a second as plain seconds, `2.5s`."""
    if float(seconds).is_integer():
        return format_duration(seconds)
    return f"{number_text(seconds)}s"


def number_text(value: float) -> str:
    """The shortest text that reads back as exactly this number, never in e-notation."""
    if float(value).is_integer():
        return str(int(value))
    from decimal import Decimal  # only the writer needs it: kept off the loader's import

    return format(Decimal(repr(float(value))), "f")


@dataclass(frozen=True)
class Duration:
    """A length: `30s`, `2m`, `1m30s`, `1h` or a number of seconds, up to `high`."""

    high: float = 4 * 3600.0
    positive: bool = False  # 0s is refused
    nullable: bool = False  # `null` clears it (a dose's hold)
    why: str = "that cannot be right"
    signed: bool = False  # an increment, written `+5s`

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        if self.nullable and is_null(node):
            return None
        if self.signed and node.tag == STR and str(node.value).startswith("+"):
            node = ScalarNode(STR, str(node.value)[1:], node.start_mark, node.end_mark)
        value = reader.duration(
            node, path, allow_zero=not self.positive, maximum=self.high, why=self.why
        )
        return INVALID if value is None else value

    def schema(self) -> dict[str, Any]:
        limit = {"exclusiveMinimum": 0} if self.positive else {"minimum": 0}
        shown = format_duration(self.high)
        lowest = "longer than 0s, " if self.positive else ""
        wanted = f"a duration like 30s, 2m or 1m30s ({lowest}at most {shown})"
        if self.signed:
            wanted = f"an increment like +5s ({lowest}at most {shown})"
        return _nullable(
            {
                "type": ["string", "number"],
                "pattern": duration_pattern(self.high, positive=self.positive, signed=self.signed),
                **limit,
                "maximum": self.high,
                "patternErrorMessage": f"Expected {wanted}.",
                "errorMessage": f"Expected {wanted}.",
            },
            self.nullable,
        )

    def dump(self, value: Any) -> Any:
        if value is None:
            return None
        return ("+" if self.signed else "") + written_duration(value)

    def parse(self, text: str) -> float | None:
        """A typed length; None for an empty input."""
        text = text.strip()
        if not text:
            return None
        seconds = parse_duration(text)
        if seconds > self.high:
            raise ValueError(f"at most {format_duration(self.high)}")
        if self.positive and seconds == 0:
            raise ValueError("must be more than 0 s")
        return seconds

    def show(self, value: float | None) -> str:
        return "" if value is None else format_duration(value)


@dataclass(frozen=True)
class Amount:
    """Water: `250ml`, `0.3l`, `25cl` or a number of millilitres, 1 ml up to `high`."""

    high: int = 1000

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        value = reader.amount(node, path, self.high)
        return INVALID if value is None else value

    def schema(self) -> dict[str, Any]:
        wanted = f"an amount like 250ml or 0.3l (1 ml to {self.high} ml)"
        return {
            "type": ["string", "number"],
            "pattern": volume_pattern(self.high),
            "minimum": 1,
            "maximum": self.high,
            "patternErrorMessage": f"Expected {wanted}.",
            "errorMessage": f"Expected {wanted}.",
        }

    def dump(self, value: Any) -> Any:
        return f"{value}ml"

    def parse(self, text: str) -> int:
        ml = parse_volume(text.strip())
        if ml > self.high:
            raise ValueError(f"between 1 and {self.high} ml")
        return ml

    def show(self, value: int) -> str:
        return f"{value}ml"


@dataclass(frozen=True)
class Count:
    """A whole number from `low` to `high` (`+1` when signed: an increment)."""

    low: int
    high: int
    what: str = ""  # "a number of reps to add, like +1"
    nullable: bool = False
    signed: bool = False

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        if self.nullable and is_null(node):
            return None
        value = reader.integer(node, path, self.low, self.high, self.what)
        return INVALID if value is None else value

    def schema(self) -> dict[str, Any]:
        return _nullable(
            {"type": "integer", "minimum": self.low, "maximum": self.high}, self.nullable
        )

    def dump(self, value: Any) -> Any:
        return value

    def parse(self, text: str) -> int:
        text = text.strip()
        if not re.fullmatch(r"\d{1,18}", text):
            raise ValueError(f'expected a whole number, got "{excerpt(text)}"')
        value = int(text)
        if not self.low <= value <= self.high:
            raise ValueError(f"between {self.low} and {self.high}")
        return value

    def show(self, value: int | None) -> str:
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Flag:
    """true or false."""

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        value = reader.boolean(node, path)
        return INVALID if value is None else value

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def dump(self, value: Any) -> Any:
        return bool(value)


@dataclass(frozen=True)
class Text:
    """A line (or a block) of text, at most `max_chars`; `optional`: empty means none."""

    max_chars: int = 4000
    optional: bool = False

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        if self.optional:
            value = reader.optional_text(node, path)
        else:
            value = reader.text(node, path, max_chars=self.max_chars)
        return INVALID if value is None else value

    def schema(self) -> dict[str, Any]:
        plain = {"pattern": TEXT_PATTERN, "patternErrorMessage": TEXT_MESSAGE}
        if self.optional:
            return {"type": ["string", "null"], "maxLength": self.max_chars, **plain}
        return {"type": "string", "minLength": 1, "maxLength": self.max_chars, **plain}

    def dump(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class Texts:
    """A list of short lines (one line is a list of one)."""

    max_chars: int = 200
    min_items: int = 0
    max_items: int | None = None
    items: str = "lines"  # how the count is named in a message: "short cues"

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        values = reader.texts(node, path, max_chars=self.max_chars)
        if values is None:
            return INVALID
        count = len(values)
        if count < self.min_items or (self.max_items is not None and count > self.max_items):
            reader.fail(
                node, path, f"give {self.min_items} to {self.max_items} {self.items}, got {count}"
            )
            return INVALID
        return values

    def schema(self) -> dict[str, Any]:
        item = {
            "type": "string",
            "minLength": 1,
            "maxLength": self.max_chars,
            "pattern": TEXT_PATTERN,
            "patternErrorMessage": TEXT_MESSAGE,
        }
        many: dict[str, Any] = {"type": "array", "items": item}
        if self.min_items:
            many["minItems"] = self.min_items
        if self.max_items is not None:
            many["maxItems"] = self.max_items
        if self.min_items > 1:
            return many
        return {"anyOf": [item, many]}

    def dump(self, value: Any) -> Any:
        return list(value)


# Marks the schema of an exercise id, so `coach.routines.schema` can list the ids the
# library has as `examples` (what editors complete after `exercise: `).
EXERCISE_ID_MARK = "coach: an exercise id"


@dataclass(frozen=True)
class Ident:
    """An id (`coach.ids`): of an exercise, or of the routine itself."""

    what: str = "exercise"
    nullable: bool = False

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        if self.nullable and is_null(node):
            return None
        value = reader.identifier(node, path, self.what)
        return INVALID if value is None else value

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "string",
            "pattern": f"^{ids.PATTERN}$",
            "patternErrorMessage": f"An id: {ids.RULE}.",
        }
        if self.what == "exercise":
            schema["$comment"] = EXERCISE_ID_MARK
        return _nullable(schema, self.nullable)

    def dump(self, value: Any) -> Any:
        return value


ROUTINE_ID_MARK = "coach: a routine id"  # coach.routines.schema lists the routine ids here


@dataclass(frozen=True)
class Idents:
    """A list of ids (one id is a list of one): the routines of a programme's day."""

    what: str = "routine"
    max_items: int = 10

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        if isinstance(node, ScalarNode) and not is_null(node):
            value = reader.identifier(node, path, self.what)
            return INVALID if value is None else (value,)
        items = reader.sequence(node, path, f"a list of {self.what} ids like [desk-break]")
        if items is None:
            return INVALID
        if len(items) > self.max_items:
            reader.fail(node, path, f"give at most {self.max_items}, got {len(items)}")
            return INVALID
        values = [
            reader.identifier(item, f"{path}[{i}]", self.what) for i, item in enumerate(items)
        ]
        if any(value is None for value in values):
            return INVALID
        return tuple(v for v in values if v is not None)

    def schema(self) -> dict[str, Any]:
        one = {
            "type": "string",
            "pattern": f"^{ids.PATTERN}$",
            "patternErrorMessage": f"An id: {ids.RULE}.",
            "$comment": ROUTINE_ID_MARK if self.what == "routine" else EXERCISE_ID_MARK,
        }
        return {"anyOf": [one, {"type": "array", "items": one, "maxItems": self.max_items}]}

    def dump(self, value: Any) -> Any:
        return list(value)


@dataclass(frozen=True)
class Choice:
    """One word of a fixed list."""

    values: tuple[str, ...]

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        value = reader.choice(node, path, self.values)
        return INVALID if value is None else value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}

    def dump(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class Every:
    """How often: days (`7d`, or a number) or weeks (`2w`), 1 day to a year."""

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        if node.tag == INT:
            value = reader.integer(node, path, 1, 365, "a number of days")
            return INVALID if value is None else value
        match = None
        if node.tag == STR:
            match = re.fullmatch(r"\s*(\d{1,6})\s*(d|days?|w|weeks?)\s*", str(node.value).lower())
        if match is None:
            from coach.routines.nodes import describe

            reader.fail(node, path, f"expected days or weeks like 7d or 2w, got {describe(node)}")
            return INVALID
        days = int(match.group(1)) * (7 if match.group(2).startswith("w") else 1)
        if not 1 <= days <= 365:
            reader.fail(node, path, f"must be between 1 day and a year, got {days} days")
            return INVALID
        return days

    def schema(self) -> dict[str, Any]:
        # One branch for both forms, so an editor says what is wrong with `7x` (its
        # pattern's message) rather than "expected an integer".
        wanted = "Expected days or weeks like 7d or 2w, or a number of days (1 to 365)."
        return {
            "type": ["integer", "string"],
            "minimum": 1,
            "maximum": 365,
            "pattern": EVERY_PATTERN,
            "patternErrorMessage": wanted,
            "errorMessage": wanted,
        }

    def dump(self, value: Any) -> Any:
        return f"{value}d"


@dataclass(frozen=True)
class Shaped:
    """A value read by the loader's own code (a pattern, a list of reps…): the
    declaration gives only its schema and help."""

    json: dict[str, Any]

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        raise NotImplementedError("read by the loader")  # pragma: no cover

    def schema(self) -> dict[str, Any]:
        return dict(self.json)

    def dump(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its type, its title and help text, its default."""

    key: str
    type: FieldType
    title: str
    help: str
    default: Any = NO_DEFAULT
    required: bool = False
    label: str = ""  # the builder's short label, when it has an input for it

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT

    def read(self, reader: NodeReader, node: Node, path: str) -> Any:
        return self.type.read(reader, node, path)

    def dump(self, value: Any) -> Any:
        return self.type.dump(value)

    def schema(self) -> dict[str, Any]:
        description = self.help
        if self.has_default and self.default is not None:
            shown = self.type.dump(self.default)
            if isinstance(shown, bool):
                shown = str(shown).lower()
            description += f" Default: {shown}."
        return {**self.type.schema(), "title": self.title, "description": description}

    def parse(self, text: str) -> Any:
        """The value typed in the builder; ValueError("label: message")."""
        parse = getattr(self.type, "parse", None)
        if parse is None:  # pragma: no cover - only typed inputs are parsed
            raise TypeError(f"{self.key} has no text input")
        try:
            return parse(text)
        except ValueError as error:
            raise ValueError(f"{self.label or self.key}: {error}") from None

    def show(self, value: Any) -> str:
        show = getattr(self.type, "show", None)
        return str(value) if show is None else str(show(value))


@dataclass(frozen=True)
class Shape:
    """The keys a mapping may hold, in the order files write them."""

    fields: tuple[Field, ...]
    _index: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)
    keys: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((f.key, f) for f in self.fields)
        object.__setattr__(self, "keys", tuple(f.key for f in self.fields))

    def __getitem__(self, key: str) -> Field:
        return self._index[key]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def __add__(self, other: Shape) -> Shape:
        return Shape(self.fields + other.fields)

    def without(self, *keys: str) -> Shape:
        return Shape(tuple(f for f in self.fields if f.key not in keys))

    def properties(self) -> dict[str, Any]:
        return {f.key: f.schema() for f in self.fields}

    def object_schema(self, **extra: Any) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "object", "properties": self.properties()}
        required = [f.key for f in self.fields if f.required]
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        # `not_`: Python's keyword, spelled with an underscore here.
        return {**schema, **{key.rstrip("_"): value for key, value in extra.items()}}
