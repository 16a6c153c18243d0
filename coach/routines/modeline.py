"""The schema line of the routine files coach writes, and the schema file it points at.

A file coach writes for the user to edit (`coach new`, a built-in copied for editing,
`coach import`) starts with MODELINE, `# yaml-language-server: $schema=../routine.schema.json`:
editors running yaml-language-server (VS Code's YAML extension, Neovim, Helix…) then
validate and complete it. The schema it names sits beside the user's routines folder
and is written whenever such a file is, and refreshed when the user's exercises change
(`refresh_schema`: the watcher, `coach list` and `coach validate` call it), so the
user's own exercise ids complete after `exercise: ` too. Built-in files point at the
`routine.schema.json` shipped beside them (a link to docs/schema/).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

SCHEMA_FILE = "routine.schema.json"  # in the config folder, beside routines/
MODELINE = f"# yaml-language-server: $schema=../{SCHEMA_FILE}"
_SCHEMA_LINE = "# yaml-language-server:"


def with_modeline(text: str) -> str:
    """`text` with MODELINE as its first line (any other schema line dropped)."""
    lines = [line for line in text.splitlines() if not line.startswith(_SCHEMA_LINE)]
    return "\n".join([MODELINE, *lines]) + "\n"


def schema_path(user_dir: Path) -> Path:
    """The schema the user's routine files point at (MODELINE): beside the routines folder."""
    return user_dir.parent / SCHEMA_FILE


def write_schema(path: Path, exercises: Iterable[str] | None = None) -> None:
    """Write the schema a MODELINE points at, completing the exercise ids `exercises`
    (default: the built-ins'), when it differs from what is there; best effort."""
    from coach.routines.schema import schema_json

    try:
        text = schema_json(exercise_ids=None if exercises is None else list(exercises))
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError:
        pass  # editors lose checking and completion, nothing else


def refresh_schema(user_dir: Path, exercises: Iterable[str]) -> None:
    """Bring the user's schema up to date with their exercises, if coach wrote one before."""
    path = schema_path(user_dir)
    if path.is_file():
        write_schema(path, exercises)
