"""The layers hold: nothing outside coach/tui imports Textual (checked on the source, with ast)."""

from __future__ import annotations

import ast
from pathlib import Path

import coach

PACKAGE = Path(coach.__file__).parent
# Command modules may import the TUI lazily, inside the function that opens it.
LAZY_TUI_ALLOWED = {"commands/tui.py"}


def imported_modules(tree: ast.AST, *, top_level_only: bool) -> set[str]:
    nodes = tree.body if top_level_only and isinstance(tree, ast.Module) else ast.walk(tree)
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def domain_files() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "tui" not in p.relative_to(PACKAGE).parts[:1]]


def test_there_are_domain_files_to_check() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in domain_files()}
    assert {"engine.py", "journal.py", "schedule.py", "sound.py", "cli.py"} <= names


def test_no_domain_module_imports_textual_or_the_tui() -> None:
    offenders = []
    for path in domain_files():
        relative = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lazy_ok = relative in LAZY_TUI_ALLOWED
        names = imported_modules(tree, top_level_only=lazy_ok)
        bad = {n for n in names if n.split(".")[0] == "textual" or n.startswith("coach.tui")}
        if bad:
            offenders.append(f"{relative}: {sorted(bad)}")
    assert offenders == []
