"""The hostile-input corpus of issue 19: one file per case, each saying what coach must do.

Every file in `corpus/` starts with comment lines:

    # expect: 2                         coach validate's exit status (0 valid, 2 refused)
    # error: LINE:COLUMN: field: start  an error line coach must print (prefix match)
    # private                           no line, nor any ':'-separated part, is ever quoted
    # private-values                    no value (after `key: `) is ever quoted

and the whole suite (so CI) runs them through the real command line: `coach validate`,
`coach import`, and for valid files `coach list` and `coach show`. Whatever a file holds,
nothing coach prints carries a control character a terminal would act on, and no
traceback escapes.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from coach import paths
from coach.cli import main

CORPUS = Path(__file__).parent / "corpus"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Case:
    path: Path
    expect: int = 0
    errors: list[str] = field(default_factory=list)
    private: bool = False
    private_values: bool = False

    @property
    def content_lines(self) -> list[str]:
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [line for line in lines if line.strip() and not line.startswith("#")]


def read_case(path: Path) -> Case:
    case = Case(path)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header = line[1:].strip()
        if header.startswith("expect:"):
            case.expect = int(header.split(":", 1)[1])
        elif header.startswith("error:"):
            case.errors.append(header.split(":", 1)[1].strip())
        elif header == "private":
            case.private = True
        elif header == "private-values":
            case.private_values = True
    return case


CASES = sorted(CORPUS.glob("*.yaml"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_nothing_leaks(case: Case, output: str) -> None:
    assert not _CONTROL.search(output.replace("\n", "")), "a control character reached stdout"
    assert "Traceback" not in output
    if case.private:
        for line in case.content_lines:
            assert line.strip() not in output
            for part in line.split(":"):
                if len(part) >= 6:
                    assert part not in output, f"{part!r} was quoted"
    if case.private_values:
        for line in case.content_lines:
            key, _, value = line.partition(": ")
            if key != "name":
                assert value.strip() not in output, f"the value of {key} was quoted"


def test_the_corpus_holds_every_case() -> None:
    names = {path.stem for path in CASES}
    assert {"escape-title", "escape-clear", "osc8-link", "c1-csi", "markup-text"} <= names
    assert {"passwd-like", "shadow-like", "env-like"} <= names
    for path in CASES:
        case = read_case(path)
        assert case.expect in (0, 2), f"{path.name} says what coach must do"
        assert case.expect == 0 or case.errors, f"{path.name} names the error it expects"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_validate(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = read_case(path)
    code, output = run(capsys, "validate", str(path))
    assert code == case.expect, output
    lines = output.splitlines()
    for error in case.errors:
        expected = f"{path}:{error}"
        assert any(line.startswith(expected) for line in lines), f"{expected}\nnot in\n{output}"
    assert_nothing_leaks(case, output)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_import(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = read_case(path)
    # Through a symlink too: what it points at is read, and no more of it is quoted.
    link = paths.config_dir() / f"link-{path.name}"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(path)
    code, output = run(capsys, "import", str(link))
    assert code == case.expect, output
    assert_nothing_leaks(case, output)


@pytest.mark.parametrize(
    "path", [p for p in CASES if read_case(p).expect == 0], ids=lambda p: p.stem
)
def test_list_and_show_print_the_text_as_written(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = read_case(path)
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, folder / path.name)
    code, listing = run(capsys, "list")
    assert code == 0
    code, shown = run(capsys, "show", path.stem, "--verbose")
    assert code == 0
    assert_nothing_leaks(case, listing + shown)
    if path.stem == "markup-text":
        assert "[@click=app.quit]Q[/] [b]bold" in listing
        assert "[@click=app.quit]Q[/] [b]bold (markup-text)" in shown
        assert "Stretch [gently] for 30 s." in shown
        assert "[red]not red[/red]" in shown
