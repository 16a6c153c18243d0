"""User text is text: how coach shows what a user (or a shared file) wrote.

Names, descriptions, cues, notes, ids and file names come from files anyone may have
written. Every surface shows them literally:

- never with control characters: a terminal acts on ESC, CSI (C1 0x9B), OSC (set the
  title, print a link), BEL, CR…, so `visible()` swaps each for a sign you can see
  (ESC → ␛, the other C0 controls → their control pictures, DEL → ␡, C1 → �). The
  loader refuses them in loaded text (`control_problem`, after YAML unescaping), so
  `visible()` mostly meets file names and what older versions wrote in the journal;
- never parsed as markup: the CLI prints plain text, and the TUI wraps user text with
  `coach.tui.literal` (Textual parses a plain `str` as markup), which calls `visible()`.

No imports beyond `re`: every layer may use it.
"""

from __future__ import annotations

import re

# What a terminal acts on: C0 controls except tab and line feed, DEL, and the C1 range.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("[\n\t\u2028\u2029]")
_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x0B: "VT",
    0x0C: "FF",
    0x0D: "CR",
    0x1B: "ESC",
    0x7F: "DEL",
    0x90: "DCS",
    0x9B: "CSI",
    0x9D: "OSC",
}
REPLACEMENT = "\ufffd"


def control_problem(text: str) -> str | None:
    """Why `text` cannot be shown as written (it holds a control character), or None."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    code = ord(found.group())
    name = _NAMES.get(code)
    shown = f"U+{code:04X}" + (f" {name}" if name else "")
    return (
        f"contains a control character ({shown}) that a terminal would act on; "
        "coach shows text only as it is written, so remove it"
    )


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ … ␛ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def visible(text: object, *, one_line: bool = False) -> str:
    """`text` with every control character shown as a sign instead of acted on.

    `one_line`: line breaks and tabs become spaces too (a table cell, a palette entry).
    """
    shown = str(text)
    if one_line:
        shown = _LINE_BREAKS.sub(" ", shown)
    return _CONTROL.sub(_picture, shown)
