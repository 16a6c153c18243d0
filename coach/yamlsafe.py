"""Reading a user's YAML file safely, with YAML 1.2 meanings and every problem located.

The one YAML reader of coach: routine files, exercise libraries and config.yaml all
come through here. It owns

- the file guards: regular files only (a FIFO or a device is never opened for
  long), a size limit read one byte past (a device may claim size 0), UTF-8
  (a bad byte is reported by line and column), control characters YAML forbids;
- the shape guards: nesting depth (checked on the iterative event stream before
  libyaml's composer, which recurses in C, sees a file with many brackets), the
  number of values once aliases are expanded ("billion laughs"), and tags: only
  plain scalars, lists and mappings; nothing is ever constructed from a tag;
- YAML 1.2 core-schema meanings, as editors read the same file: `true`/`false`
  are the only booleans, `yes`/`no`/`on`/`off` are text, `1:30` is text (no
  base-60 numbers), `010` is ten. Where a file relied on a YAML 1.1 meaning,
  `yaml11_hint` says what to write instead;
- located syntax errors (with "indent with spaces, not tabs" where it applies).

Composing uses libyaml's C parser with a resolver subclass (about ten times faster
than the pure-Python composer); the answer never depends on which parser, or which
version of PyYAML or libyaml, read the file first. Callers walk the nodes themselves
and report `LocatedError`s (`path:line:column: field: message`).
"""

from __future__ import annotations

import math
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coach.durations import format_duration
from coach.errors import InvalidFile, LocatedError, Location, excerpt

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20  # a routine needs 5 levels, the config 3; the margin is for users' own layouts
MAX_NODES = 50_000  # counted with aliases expanded: far above any real file
MAX_DIGITS = 30  # a number written with more digits than this is never meant
# libyaml's composer recurses in C: thousands of nested `[` crash the interpreter, so
# files with many brackets get their depth checked on the (iterative) event stream first.
_BRACKETS_BEFORE_DEPTH_SCAN = 64

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (TAG + t for t in ("str", "int", "float", "bool", "null"))
_MERGE = TAG + "merge"
_SCALAR_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL})
_SEQ_TAG, _MAP_TAG = TAG + "seq", TAG + "map"

# YAML forbids these; finding them ourselves gives an exact line and column.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


class Resolver12(yaml.resolver.BaseResolver):
    """The YAML 1.2 core schema's plain scalars: null, true/false, decimal, 0o and 0x
    integers, floats with .inf/.nan; everything else is text. `<<` still resolves to a
    merge key, so a file that uses one hears it is not supported."""


Resolver12.add_implicit_resolver(
    BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# Integers before floats: the first resolver that matches a scalar wins.
Resolver12.add_implicit_resolver(
    INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
Resolver12.add_implicit_resolver(
    FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
Resolver12.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
Resolver12.add_implicit_resolver(_MERGE, re.compile(r"^(?:<<)$"), ["<"])


class PurePythonLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    Resolver12,
):
    """PyYAML's pure-Python composer with the YAML 1.2 resolver (no constructor)."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        Resolver12.__init__(self)


_CParser: Any = getattr(yaml.cyaml, "CParser", None) if yaml.__with_libyaml__ else None
if _CParser is not None:

    class CLoader(_CParser, Resolver12):  # type: ignore[misc]  # _CParser is Any
        """libyaml's C parser and composer with the YAML 1.2 resolver."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            Resolver12.__init__(self)

    _Loader: Any = CLoader
else:  # PyYAML built without libyaml
    _Loader = PurePythonLoader


# --------------------------------------------------------------------------- files


def read_text(path: Path, *, what: str = "routine files") -> str:
    """The file's text, refusing what is not a regular file, over 1 MB or not UTF-8.

    `what` names the kind of file in the size message ("routine files are small").
    Raises InvalidFile with a located error.
    """
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO for reading never waits for a writer; fstat then
        # says what was opened, so nothing can be swapped in between a check and the read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise unreadable(name, "no such file") from None
    except IsADirectoryError:
        raise unreadable(name, "is a folder, not a file") from None
    except OSError as error:
        raise unreadable(name, f"cannot read it: {error.strerror or error}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise unreadable(name, "is a folder, not a file")
        # A pipe or a device would block or never end: only regular files are read.
        raise unreadable(name, "is not a regular file")
    with os.fdopen(fd, "rb") as file:
        try:
            # Read one byte past the limit instead of trusting the size a file claims.
            data = file.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise unreadable(name, f"cannot read it: {error.strerror or error}") from None
    return decode_text(data, name, what=what)


def decode_text(data: bytes, name: str, *, what: str = "routine files") -> str:
    """UTF-8 text from a file's bytes (a BOM is dropped); InvalidFile if too big or not UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        raise unreadable(name, _too_big_message(what))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        message = (
            f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8 in your editor"
        )
        raise InvalidFile(name, [LocatedError(Location(name, line, column), message)]) from None


def unreadable(name: str, message: str) -> InvalidFile:
    return InvalidFile(name, [LocatedError(Location(name), message)])


def _too_big_message(what: str) -> str:
    return f"is larger than {MAX_FILE_BYTES // 1_000_000} MB; {what} are small"


# --------------------------------------------------------------------------- composing


def compose(
    text: str,
    path: str,
    errors: list[LocatedError],
    *,
    what: str = "routine files",
    empty_is_error: bool = True,
) -> Node | None:
    """The root node, or None (with errors appended) when the text cannot be read safely.

    An empty document is None too: an error ("the file is empty") unless
    `empty_is_error` is False (an empty config means the defaults).
    """
    return _Composer(path, errors, what).compose(text, empty_is_error)


class _Composer:
    def __init__(self, path: str, errors: list[LocatedError], what: str) -> None:
        self.path = path
        self.errors = errors
        self.what = what

    def fail_at(self, line: int, column: int, message: str) -> None:
        self.errors.append(LocatedError(Location(self.path, line, column), message))

    def fail(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.fail_at(mark.line + 1, mark.column + 1, message)

    def compose(self, text: str, empty_is_error: bool) -> Node | None:
        what = self.what
        if len(text) > MAX_FILE_BYTES // 4 and len(text.encode("utf-8")) > MAX_FILE_BYTES:
            self.errors.append(LocatedError(Location(self.path), _too_big_message(what)))
            return None
        control = _CONTROL_CHARS.search(text)
        if control is not None:
            line = text.count("\n", 0, control.start()) + 1
            column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
            code = f"U+{ord(control.group()):04X}"
            self.fail_at(line, column, f"contains a control character ({code}) YAML does not allow")
            return None
        if text.count("[") + text.count(
            "{"
        ) > _BRACKETS_BEFORE_DEPTH_SCAN and not self._flow_depth_ok(text):
            return None
        try:
            root = yaml.compose(text, Loader=_Loader)
        except (yaml.YAMLError, RecursionError) as error:
            # Too deep is said in coach's words whoever noticed first: libyaml stops at its
            # own limit (1,000 levels from PyYAML 6.0.4 on) and the pure-Python composer
            # runs out of stack, but the event stream reaches MAX_DEPTH long before either.
            if not self._flow_depth_ok(text):
                return None
            if isinstance(error, yaml.MarkedYAMLError):
                self._yaml_error(error, text)
            elif isinstance(error, yaml.YAMLError):
                self.errors.append(LocatedError(Location(self.path), f"not valid YAML: {error}"))
            else:
                self.errors.append(LocatedError(Location(self.path), too_deep_message(self.what)))
            return None
        if root is None or is_null(root):
            if empty_is_error:
                self.fail_at(1, 1, "the file is empty")
            return None
        # Depth, tags and size with aliases expanded, on every file: a walk of the composed
        # nodes (about a tenth of the load time) so the answer never depends on the parser.
        if not self._shape_ok(root):
            return None
        return root

    def _yaml_error(self, error: yaml.MarkedYAMLError, text: str) -> None:
        mark = error.problem_mark or error.context_mark
        message = f"not valid YAML: {error.problem or error.context or 'cannot be read'}"
        context_mark = error.context_mark
        if (
            error.problem
            and error.context
            and context_mark is not None
            and mark is not None
            and context_mark.line != mark.line  # "while parsing a flow sequence" started earlier
        ):
            message += f" ({error.context} on line {context_mark.line + 1})"
        if mark is None:
            self.errors.append(LocatedError(Location(self.path), message))
            return
        lines = text.splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in line[: mark.column + 1]:
            message += "; indent with spaces, not tabs"
        self.fail_at(mark.line + 1, mark.column + 1, message)

    def _flow_depth_ok(self, text: str) -> bool:
        """False (with the error) when lists or mappings nest deeper than MAX_DEPTH.

        The event stream is read iteratively, so nothing recurses. libyaml's scanner may
        read far ahead and stop at its own nesting limit before the first event; the
        pure-Python parser then reads the same text with a bounded look-ahead, so the
        answer and its place never depend on the PyYAML or libyaml version.
        """
        for loader in dict.fromkeys((_Loader, PurePythonLoader)):
            depth = 0
            try:
                for event in yaml.parse(text, Loader=loader):
                    if isinstance(event, yaml.CollectionStartEvent):
                        depth += 1
                        if depth > MAX_DEPTH:
                            mark = event.start_mark
                            line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
                            self.fail_at(line, column, too_deep_message(self.what))
                            return False
                    elif isinstance(event, yaml.CollectionEndEvent):
                        depth -= 1
            except yaml.YAMLError:
                continue  # a syntax error (reported by compose() with its place), or a limit
            return True
        return True

    def _shape_ok(self, root: Node) -> bool:
        """Depth, size with aliases expanded, and tags; iterative so nothing recurses."""
        stack: list[tuple[Node, int]] = [(root, 1)]
        visited = 0
        tag_errors = 0
        while stack:
            node, depth = stack.pop()
            visited += 1
            if visited > MAX_NODES:
                self.fail(
                    root,
                    f"holds more than {MAX_NODES:,} values once its aliases (*name) are "
                    "expanded; coach does not read files built to explode",
                )
                return False
            if depth > MAX_DEPTH and isinstance(node, SequenceNode | MappingNode):
                self.fail(node, too_deep_message(self.what))
                return False
            if not _tag_ok(node):
                tag_errors += 1
                self.fail(node, _tag_message(node))
                continue
            if isinstance(node, SequenceNode):
                stack.extend((child, depth + 1) for child in reversed(node.value))
            elif isinstance(node, MappingNode):
                for key, value in reversed(node.value):
                    stack.append((value, depth + 1))
                    stack.append((key, depth + 1))
        return tag_errors == 0


_DEPTH_NEEDED = {"routine files": "a routine needs about 5", "config files": "the config needs 3"}


def too_deep_message(what: str = "routine files") -> str:
    needed = _DEPTH_NEEDED.get(what, "")
    return f"nests lists or mappings more than {MAX_DEPTH} levels deep" + (
        f"; {needed}" if needed else ""
    )


def _tag_ok(node: Node) -> bool:
    tag = str(node.tag)
    if isinstance(node, ScalarNode):
        return tag in _SCALAR_TAGS
    if isinstance(node, SequenceNode):
        return tag == _SEQ_TAG
    return tag == _MAP_TAG


def _tag_message(node: Node) -> str:
    tag = str(node.tag)
    if tag == _MERGE:
        return "merge keys (<<) are not supported; write the keys out"
    shown = "!!" + tag.removeprefix(TAG) if tag.startswith(TAG) else tag
    return f"the tag {shown} is not allowed: coach files hold plain text, numbers and lists"


# --------------------------------------------------------------------------- scalars


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL


def is_plain(node: Node) -> bool:
    """A scalar written without quotes (only those had YAML 1.1 meanings)."""
    # libyaml marks a plain scalar with style "", PyYAML's own parser with None.
    return isinstance(node, ScalarNode) and not node.style


def number(node: ScalarNode) -> int | float:
    """The value of an int or float scalar by the YAML 1.2 core schema.

    Raises ValueError (a message fit for a user) for numbers written with more than
    MAX_DIGITS digits: no setting means them, and they would not fit a float.
    """
    text = str(node.value).replace("_", "")
    if node.tag == INT:
        sign = -1 if text.startswith("-") else 1
        body = text.lstrip("+-")
        if body.startswith("0o"):
            digits, base = body[2:], 8
        elif body.startswith("0x"):
            digits, base = body[2:], 16
        else:
            digits, base = body, 10
        if len(digits.lstrip("0")) > MAX_DIGITS:
            raise ValueError(f"{excerpt(node.value)} is far too large a number")
        return sign * int(digits, base)
    lowered = text.lower()
    if lowered.endswith(".nan"):
        return math.nan
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    mantissa = re.split("[eE]", text)[0].lstrip("+-")
    if len(mantissa.replace(".", "").lstrip("0")) > MAX_DIGITS:
        raise ValueError(f"{excerpt(node.value)} is far too large a number")
    return float(text)


_YAML11_TRUE = frozenset({"y", "Y", "yes", "Yes", "YES", "on", "On", "ON"})
_YAML11_FALSE = frozenset({"n", "N", "no", "No", "NO", "off", "Off", "OFF"})
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")


def yaml11_bool(node: Node) -> bool | None:
    """What YAML 1.1 read an unquoted `yes`, `no`, `on`, `off` (…) as; None for other values."""
    if not is_plain(node) or node.tag != STR:
        return None
    value = str(node.value)
    if value in _YAML11_TRUE:
        return True
    if value in _YAML11_FALSE:
        return False
    return None


def yaml11_seconds(node: Node) -> float | None:
    """What YAML 1.1 read an unquoted base-60 number like `1:30` as; None for others."""
    if not is_plain(node) or node.tag != STR:
        return None
    value = str(node.value)
    if not _SEXAGESIMAL.fullmatch(value):
        return None
    total = 0.0
    for part in value.lstrip("+-").replace("_", "").split(":"):
        total = total * 60 + float(part)
    return -total if value.startswith("-") else total


def yaml11_bool_message(node: Node) -> str | None:
    """What to say about an unquoted `yes`, `off`… where true or false belongs; else None."""
    meaning = yaml11_bool(node)
    if meaning is None:
        return None
    return f"{node.value} is text in YAML 1.2: use true or false (write {str(meaning).lower()})"


def yaml11_duration_message(node: Node) -> str | None:
    """What to say about an unquoted base-60 `1:30` where a duration belongs; else None."""
    seconds = yaml11_seconds(node)
    if seconds is None:
        return None
    if seconds < 0:
        return f"a duration cannot be negative, got {excerpt(node.value)}"
    written = format_duration(seconds)
    return f"{excerpt(node.value)} is text in YAML 1.2, not a duration: write {written}"
