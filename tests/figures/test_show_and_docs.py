"""`coach show EXERCISE` prints the figure beside the dose and cues; docs/exercises.md is
generated from the library and fails this test when stale."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from coach import paths
from coach.cli import main
from coach.figures.draw import COLUMNS, ROWS

Capture = pytest.CaptureFixture[str]
REPO = Path(__file__).resolve().parents[2]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def braille_rows(out: str) -> list[str]:
    return [line for line in out.splitlines() if line[:1] and 0x2800 <= ord(line[0]) < 0x2900]


def test_show_an_exercise_prints_start_and_end_poses_dose_cues_and_skip_if(
    capsys: Capture,
) -> None:
    code, out, err = run(capsys, "show", "glute-bridge")
    assert (code, err) == (0, "")
    assert out.startswith("Glute bridge (glute-bridge)\nglutes, back extensors · built-in\n")
    rows = braille_rows(out)
    assert len(rows) == ROWS
    start, end = rows[0][:COLUMNS], rows[0][COLUMNS + 3 :]
    assert len(end) <= COLUMNS and len(start) == COLUMNS
    assert "start" in out and "end" in out
    assert "Dose: 2 sets of 10 reps, hold 3 s each, 1 s between reps" in out
    assert "  · Squeeze your buttocks and lift the hips" in out
    assert "Skip or take care if: neck problems" in out
    assert "Easier: Pelvic tilt (pelvic-tilt)" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_show_prints_three_poses_when_they_fit(capsys: Capture) -> None:
    out = run(capsys, "show", "sit-to-stand")[1]
    assert all(len(row) == 3 * COLUMNS + 2 * 3 for row in braille_rows(out))
    assert "start" in out and "then" in out and "end" in out


def test_a_routine_id_still_shows_the_routine(capsys: Capture) -> None:
    out = run(capsys, "show", "desk-break")[1]
    assert out.startswith("Desk break (desk-break)") and not braille_rows(out)


def test_show_exercise_flag_and_misspelt_exercise_ids(capsys: Capture) -> None:
    assert run(capsys, "show", "--exercise", "plank")[1].startswith("Front plank (plank)")
    code, out, err = run(capsys, "show", "bird-dgo")
    assert (code, out) == (2, "")
    assert err == (
        'coach: unknown exercise "bird-dgo" (did you mean "bird-dog"?); '
        "`coach list --exercises` shows them all\n"
    )
    code, _, err = run(capsys, "show", "-e", "desk-break")
    assert code == 2 and 'unknown exercise "desk-break"' in err


def test_your_own_exercise_is_shown_without_a_figure(capsys: Capture) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "exercises.yaml").write_text(
        "exercises:\n"
        "  - id: wall-angel\n    name: Wall angel\n    target: upper back\n"
        "    cues: [Back to the wall, slide the arms up.]\n    dose: {reps: 8}\n"
        "  - id: plank\n    cues: [Your own cue., And another.]\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "show", "wall-angel")
    assert code == 0 and out.startswith("Wall angel (wall-angel)\nupper back · yours\n")
    assert not braille_rows(out) and "Dose: 8 reps" in out
    out = run(capsys, "show", "plank")[1]
    assert "whole core · built-in, changed in your exercises.yaml" in out
    assert braille_rows(out) and "  · Your own cue." in out


def _generator() -> ModuleType:
    path = REPO / "scripts/make_exercise_docs.py"
    spec = importlib.util.spec_from_file_location("make_exercise_docs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_docs_exercises_md_is_current() -> None:
    generated = _generator().render()
    committed = (REPO / "docs/exercises.md").read_text(encoding="utf-8")
    assert committed == generated, "run: python scripts/make_exercise_docs.py"


def test_the_generator_writes_and_checks(tmp_path: Path) -> None:
    generator = _generator()
    out = tmp_path / "exercises.md"
    assert generator.main(["--check", "--out", str(out)]) == 1  # missing is stale
    assert generator.main(["--out", str(out)]) == 0
    assert generator.main(["--check", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("```text") == 28 and "## Bird-dog (`bird-dog`)" in text
    out.write_text(text.replace("Bird-dog", "Bird dog"), encoding="utf-8")
    assert generator.main(["--check", "--out", str(out)]) == 1
