"""coach.text: user text shown as written, control characters as signs (issue 19 item 6)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.errors import LocatedError, Location, excerpt
from coach.text import control_problem, visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Cat–cow [gently]", "Cat–cow [gently]"),
        ("\x1b]0;title\x07", "␛]0;title␇"),
        ("\x1b[2J", "␛[2J"),
        ("\x1b]8;;file:///etc/passwd\x1b\\x\x1b]8;;\x1b\\", "␛]8;;file:///etc/passwd␛\\x␛]8;;␛\\"),
        ("\x9b31m", "\ufffd31m"),
        ("a\x7fb\x00", "a␡b␀"),
        ("one\ntwo\tthree\r", "one\ntwo\tthree␍"),
    ],
)
def test_visible_shows_every_control_character_as_a_sign(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_one_line_flattens_line_breaks() -> None:
    assert visible("one\ntwo\tthree\u2028four", one_line=True) == "one two three four"


@given(st.text())
def test_visible_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    shown = visible(text)
    assert not any(ord(c) < 0x20 and c not in "\n\t" for c in shown)
    assert not any(0x7F <= ord(c) <= 0x9F for c in shown)
    assert len(shown) == len(text)  # one sign per character: columns stay aligned


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Plain text, tabs\tand\nlines", None),
        ("\x1b]0;title\x07", "U+001B ESC"),
        ("x\x9b31m", "U+009B CSI"),
        ("bell\x07", "U+0007 BEL"),
        ("\x01", "U+0001"),
    ],
)
def test_control_problem_names_the_character(text: str, problem: str | None) -> None:
    found = control_problem(text)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_errors_never_pass_a_control_character_on() -> None:
    error = LocatedError(Location("\x1b]0;x\x07.yaml", 1, 2), "bad \x1b[2J", "k\x9b")
    assert str(error) == "␛]0;x␇.yaml:1:2: k\ufffd: bad ␛[2J"
    assert excerpt("a\x1bb\nc" + "x" * 50) == "a␛b c" + "x" * 34 + "…"
