"""Reading YAML nodes with every problem located: the walker under the routine loader.

`NodeReader` collects `LocatedError`s (`path:line:column: field: message`) while the
loader walks a composed file; each getter returns None on a problem, so one pass
reports every problem of a file. The field types of `coach.routines.fields` read
their values through it. Composing, and the guards that come before it, are
`coach.yamlsafe`'s.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coach import ids, yamlsafe
from coach.durations import format_duration, parse_duration, parse_volume
from coach.errors import InvalidFile, LocatedError, Location, did_you_mean, excerpt
from coach.text import control_problem
from coach.yamlsafe import is_null

MAX_SECONDS = 4 * 3600.0  # any single duration above this is a typo, not a plan
# A file whose top level has more unknown keys than this is not quoted key by key: its
# keys may be lines of something private (a shadow file's `user:hash:...:` lines).
MAX_UNKNOWN_TOP_KEYS = 3
_KEY_CHARS = 30  # at most this much of an unknown key is quoted

_STR, _INT, _FLOAT, _BOOL = yamlsafe.STR, yamlsafe.INT, yamlsafe.FLOAT, yamlsafe.BOOL


class NodeReader:
    """Collects located errors while reading nodes; each getter returns None on a problem."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[LocatedError] = []

    def invalid(self) -> InvalidFile:
        errors = sorted(self.errors, key=lambda e: (e.location.line, e.location.column))
        return InvalidFile(self.path, errors)

    def at(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def fail(self, node: Node | None, field: str, message: str) -> None:
        location = self.at(node) if node is not None else Location(self.path, 1, 1)
        self.errors.append(LocatedError(location, message, field))

    def fail_at(self, line: int, column: int, message: str) -> None:
        self.errors.append(LocatedError(Location(self.path, line, column), message))

    # -- composing and guarding

    def compose(self, text: str) -> Node | None:
        """The root node, or None (with errors) when the text cannot be read safely."""
        return yamlsafe.compose(text, self.path, self.errors)

    # -- structure

    def document(
        self, node: Node, keys: Collection[str], what: str, noun: str
    ) -> dict[str, tuple[Node, Node]] | None:
        """The top-level mapping of a file meant to be `noun` ("a routine").

        A file that is not one (text, a list, or a mapping without one key of ours, like
        /etc/passwd or a shadow file offered by mistake) gets one error that quotes none
        of it, and nothing else is reported; a file with more than MAX_UNKNOWN_TOP_KEYS
        unknown keys has the first few named and the rest counted.
        """
        if not isinstance(node, MappingNode):
            self.fail(
                node, "", f"does not look like {noun} ({what}): this file holds {shape(node)}"
            )
            return None
        names = [str(k.value) for k, _ in node.value if isinstance(k, ScalarNode)]
        if names and not any(name in keys for name in names):
            count = len(node.value)
            self.fail(
                node,
                "",
                f"does not look like {noun} ({what}): "
                + ("its top-level key is" if count == 1 else f"its {count} top-level keys are")
                + " none of those",
            )
            return None
        return self.mapping(node, "", keys, what, max_unknown=MAX_UNKNOWN_TOP_KEYS, noun=noun)

    def mapping(
        self,
        node: Node,
        field: str,
        keys: Collection[str],
        what: str,
        *,
        max_unknown: int | None = None,
        noun: str = "",
    ) -> dict[str, tuple[Node, Node]] | None:
        """The entries of a mapping node; unknown and repeated keys are reported."""
        if not isinstance(node, MappingNode):
            self.fail(node, field, f"expected {what}, got {describe(node)}")
            return None
        entries: dict[str, tuple[Node, Node]] = {}
        unknown = 0
        first_unsaid: Node | None = None
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, field, "expected a plain name as a key")
                continue
            name = str(key_node.value)
            path = join(field, excerpt(name, _KEY_CHARS))
            if name in entries:
                line = entries[name][0].start_mark.line + 1
                self.fail(key_node, path, f"is set twice (first on line {line}); keep one")
                continue
            if name == "<<":
                self.fail(key_node, path, "merge keys (<<) are not supported; write the keys out")
                continue
            if name not in keys:
                unknown += 1
                if max_unknown is None or unknown <= max_unknown:
                    self.fail(key_node, path, f"unknown key{did_you_mean(name, tuple(keys))}")
                elif first_unsaid is None:
                    first_unsaid = key_node
                continue
            entries[name] = (key_node, value_node)
        if first_unsaid is not None and max_unknown is not None:
            more = unknown - max_unknown
            self.fail(
                first_unsaid,
                field,
                f"{more} more unknown {'key' if more == 1 else 'keys'} from here on "
                f"(not quoted): is this {noun}?",
            )
        return entries

    def sequence(self, node: Node, field: str, what: str) -> list[Node] | None:
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.fail(node, field, f"expected {what}, got {describe(node)}")
        return None

    # -- scalars

    def text(self, node: Node, field: str, *, max_chars: int = 4000) -> str | None:
        if not isinstance(node, ScalarNode) or is_null(node):
            self.fail(node, field, f"expected text, got {describe(node)}")
            return None
        value = str(node.value).strip()
        if not value:
            self.fail(node, field, "is empty")
            return None
        problem = control_problem(value)  # `"\e[2J"` is ESC once YAML unescaped it
        if problem is not None:
            self.fail(node, field, problem)
            return None
        if len(value) > max_chars:
            self.fail(node, field, f"is {len(value)} characters long; keep it under {max_chars}")
            return None
        return value

    def optional_text(self, node: Node, field: str) -> str | None:
        """Text where an empty value means none; None only on a problem."""
        if isinstance(node, ScalarNode) and (is_null(node) or not str(node.value).strip()):
            return ""
        return self.text(node, field)

    def texts(self, node: Node, field: str, *, max_chars: int = 200) -> tuple[str, ...] | None:
        """A list of text (a single text is a list of one)."""
        if isinstance(node, ScalarNode):
            if is_null(node):
                return ()
            value = self.text(node, field, max_chars=max_chars)
            return None if value is None else (value,)
        items = self.sequence(node, field, "a list of text")
        if items is None:
            return None
        values = [
            self.text(item, f"{field}[{i}]", max_chars=max_chars) for i, item in enumerate(items)
        ]
        if any(value is None for value in values):
            return None
        return tuple(v for v in values if v is not None)

    def identifier(self, node: Node, field: str, what: str) -> str | None:
        value = self.text(node, field, max_chars=64)
        if value is None:
            return None
        problem = ids.id_problem(value, what, "chin-tuck" if what == "exercise" else "my-break")
        if problem is not None:
            self.fail(node, field, problem)
            return None
        return value

    def integer(self, node: Node, field: str, low: int, high: int, what: str = "") -> int | None:
        what = what or "a whole number"
        if not isinstance(node, ScalarNode) or node.tag != _INT:
            self.fail(node, field, f"expected {what}, got {describe(node)}")
            return None
        try:
            value = int(yamlsafe.number(node))
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            self.fail(node, field, f"must be between {low} and {high}, got {shown(node)}")
            return None
        return value

    def boolean(self, node: Node, field: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != _BOOL:
            message = yamlsafe.yaml11_bool_message(node)
            self.fail(node, field, message or f"expected true or false, got {describe(node)}")
            return None
        return str(node.value).lower() == "true"

    def duration(
        self,
        node: Node,
        field: str,
        *,
        allow_zero: bool = True,
        maximum: float = MAX_SECONDS,
        why: str = "that cannot be right",
    ) -> float | None:
        value = self._duration_value(node, field)
        if value is None:
            return None
        if not allow_zero and value == 0:
            self.fail(node, field, "must be longer than 0s")
            return None
        if value > maximum:
            self.fail(
                node,
                field,
                f"{shown(node)} is longer than {format_duration(maximum)}; {why}",
            )
            return None
        return value

    def _duration_value(self, node: Node, field: str) -> float | None:
        if not isinstance(node, ScalarNode) or node.tag not in (_STR, _INT, _FLOAT):
            self.fail(
                node, field, f"expected a duration like 30s, 2m or 1m30s, got {describe(node)}"
            )
            return None
        base60 = yamlsafe.yaml11_duration_message(node)
        if base60 is not None:
            self.fail(node, field, base60)
            return None
        raw: object = node.value
        try:
            if node.tag in (_INT, _FLOAT):
                raw = yamlsafe.number(node)
            if isinstance(raw, float) and math.isnan(raw):
                self.fail(node, field, f"expected a duration like 30s, got {shown(node)}")
                return None
            if isinstance(raw, float) and math.isinf(raw) and raw > 0:
                return raw  # said as "longer than" the field's limit
            return parse_duration(raw)
        except ValueError as error:
            self.fail(node, field, str(error))
            return None

    def amount(self, node: Node, field: str, maximum: int) -> int | None:
        """Millilitres, 1 ml to `maximum`."""
        if not isinstance(node, ScalarNode) or node.tag not in (_STR, _INT, _FLOAT):
            self.fail(node, field, f"expected an amount like 250ml, got {describe(node)}")
            return None
        raw: object = node.value
        try:
            if node.tag in (_INT, _FLOAT):
                raw = yamlsafe.number(node)
            ml = parse_volume(raw)
        except ValueError as error:
            self.fail(node, field, str(error))
            return None
        if ml > maximum:
            self.fail(
                node,
                field,
                f"{ml} ml at once is too much; keep a drink to {maximum} ml or less",
            )
            return None
        return ml

    def choice(self, node: Node, field: str, choices: Collection[str]) -> str | None:
        listed = ", ".join(choices)
        if not isinstance(node, ScalarNode) or is_null(node):
            self.fail(node, field, f"expected one of {listed}, got {describe(node)}")
            return None
        value = str(node.value).strip()
        if value not in choices:
            hint = did_you_mean(value, tuple(choices))
            self.fail(node, field, f'"{excerpt(value)}" is not one of {listed}{hint}')
            return None
        return value

    def required(
        self, entries: dict[str, tuple[Node, Node]], node: Node, field: str, key: str, why: str
    ) -> Node | None:
        if key in entries:
            return entries[key][1]
        self.fail(node, join(field, key), f"missing; {why}")
        return None


def join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def describe(node: Node) -> str:
    """How a value looks to a user, for "expected X, got Y"."""
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    if is_null(node):
        return "nothing"
    if node.tag == _BOOL:
        return f"{excerpt(node.value)} (true/false)"
    if node.tag in (_INT, _FLOAT):
        return excerpt(node.value)
    return f'"{excerpt(node.value)}"'


def shape(node: Node) -> str:
    """What a value is, quoting none of it (for a file that may be anything)."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if is_null(node):
        return "nothing"
    if node.tag == _BOOL:
        return "true or false"
    if node.tag in (_INT, _FLOAT):
        return "a number"
    lines = str(node.value).count("\n") + 1
    return "text" if lines == 1 else f"{lines} lines of text"


def shown(node: Node) -> str:
    return excerpt(node.value) if isinstance(node, ScalarNode) else describe(node)
