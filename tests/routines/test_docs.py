"""The YAML examples in the README and docs/routines.md load as they say they do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.routines.loader import load_exercises_text, load_routine_text
from coach.routines.model import Exercise

REPO = Path(__file__).resolve().parents[2]
HEADER = "name: N\nkind: mixed\n"


def yaml_blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.name == "README.md":  # only the Routines section is ours
        text = text.split("<!-- section:routines -->", 1)[1].split("<!-- section:", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)


def as_document(block: str) -> tuple[str, str] | None:
    """(what, text): a routine, a programme or an exercise library to load; None for
    fragments of keys."""
    if "\nkind: programme" in block:
        return "programme", block
    if block.lstrip().startswith("exercises:") or "\nexercises:\n  - id:" in block:
        return "library", block
    if "\nsteps:" in block or block.startswith("steps:"):
        return "routine", block if "\nname:" in "\n" + block else HEADER + block
    if block.startswith("  - "):
        return "routine", HEADER + "steps:\n" + block
    return None


def examples() -> list[tuple[str, str, str]]:
    found = []
    for name in ("README.md", "docs/routines.md"):
        for number, block in enumerate(yaml_blocks(REPO / name)):
            document = as_document(block)
            if document is not None:
                found.append((f"{name}#{number}", *document))
    return found


def test_the_docs_have_examples_of_every_step_kind() -> None:
    text = "".join(block for _, _, block in examples())
    for key in ("exercise:", "rest:", "breathe:", "drink:", "therapy:", "check_in:", "pyramid:"):
        assert key in text


@pytest.mark.parametrize(("where", "what", "text"), examples(), ids=[e[0] for e in examples()])
def test_example_loads(where: str, what: str, text: str, exercises: dict[str, Exercise]) -> None:
    if what == "library":
        load_exercises_text(text, where, exercises)
    elif what == "programme":
        from coach.routines.library import load_library
        from coach.routines.loader import LoadedProgramme, load_document_text
        from coach.routines.programme_file import unknown_routines

        document = load_document_text(text, where, exercises)
        assert isinstance(document, LoadedProgramme)
        assert unknown_routines(where, document.references, load_library().routines) is None
    else:
        assert load_routine_text(text, where, exercises).steps


def _table_rows(text: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 2:
            for key in re.findall(r"`([a-z_]+)`", cells[0]):
                rows.setdefault(key, cells[1:])
    return rows


def test_docs_routines_md_says_what_the_declaration_says() -> None:
    """Every declared key is described, and the defaults and ranges the tables state are
    the declaration's (coach/routines/format.py), so the docs cannot drift from it."""
    from coach.routines import format as fmt
    from coach.routines.fields import Count

    text = (REPO / "docs/routines.md").read_text(encoding="utf-8")
    shapes = [fmt.ROUTINE, fmt.DEFAULTS, fmt.DOSE, fmt.EXERCISE, fmt.BREATHE, fmt.THERAPY]
    shapes += [fmt.PROGRESSION, *fmt.STEPS.values(), fmt.PROGRAMME, fmt.STAGE, fmt.MOVE_ON]
    for shape in shapes:
        for spec in shape:
            assert f"`{spec.key}" in text, f"docs/routines.md does not mention {spec.key}"
    defaults_table = text.split("`defaults`:", 1)[1].split("\n\n", 2)[1]
    therapy_table = text.split("### therapy", 1)[1].split("### check_in", 1)[0]
    for shape, table in ((fmt.DEFAULTS, defaults_table), (fmt.THERAPY, therapy_table)):
        rows = _table_rows(table)
        for spec in shape:
            if spec.has_default:
                assert rows[spec.key][0] == f"`{spec.dump(spec.default)}`", spec.key
    rows = _table_rows(text)
    for shape in (fmt.DOSE, fmt.BREATHE, fmt.THERAPY):
        for spec in shape:
            if isinstance(spec.type, Count) and spec.key in rows:
                stated = f"{spec.type.low}–{spec.type.high}"
                assert any(stated in cell for cell in rows[spec.key]), spec.key
