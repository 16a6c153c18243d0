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
PROGRAMME_SCHEMA_FILE = "programme.schema.json"  # the same, for programme files
MODELINE = f"# yaml-language-server: $schema=../{SCHEMA_FILE}"
PROGRAMME_MODELINE = f"# yaml-language-server: $schema=../{PROGRAMME_SCHEMA_FILE}"
_SCHEMA_LINE = "# yaml-language-server:"


def with_modeline(text: str) -> str:
    """`text` with the schema line of its kind first (any other schema line dropped)."""
    from coach.routines.programmes import looks_like_programme

    line = PROGRAMME_MODELINE if looks_like_programme(text) else MODELINE
    lines = [line for line in text.splitlines() if not line.startswith(_SCHEMA_LINE)]
    return "\n".join([line, *lines]) + "\n"


def schema_path(user_dir: Path) -> Path:
    """The schema the user's routine files point at (MODELINE): beside the routines folder."""
    return user_dir.parent / SCHEMA_FILE


def write_schema(
    path: Path, exercises: Iterable[str] | None = None, routines: Iterable[str] | None = None
) -> None:
    """Write the schema a MODELINE points at, completing the exercise ids `exercises`
    (default: the built-ins'), and the programme schema beside it (completing `routines`),
    when they differ from what is there; best effort."""
    from coach.routines.schema import schema_json

    wanted = {
        path: schema_json(exercise_ids=None if exercises is None else list(exercises)),
        path.with_name(PROGRAMME_SCHEMA_FILE): schema_json(
            "programme", routine_ids=None if routines is None else list(routines)
        ),
    }
    for target, text in wanted.items():
        try:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        except OSError:
            pass  # editors lose checking and completion, nothing else


def refresh_schema(
    user_dir: Path, exercises: Iterable[str], routines: Iterable[str] | None = None
) -> None:
    """Bring the user's schemas up to date with their exercises (and routines), if coach
    wrote them before."""
    path = schema_path(user_dir)
    if path.is_file():
        write_schema(path, exercises, routines)
