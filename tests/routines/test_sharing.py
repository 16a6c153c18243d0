"""`coach export` and `coach import`, including files built to do harm."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from coach import paths, yamlsafe
from coach.cli import main
from coach.routines import format, loader
from coach.routines.library import load_library
from coach.routines.loader import load_routine_file

GOOD = """\
id: my-stretches
name: My stretches
kind: stretch
author: Sam
prescribed_by: Dr. Lee
steps:
  - exercise: knee-to-chest
    hold: 25s
  - rest: 10s
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def installed() -> list[str]:
    folder = paths.user_routines_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- export


def test_export_prints_a_self_contained_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("export", "core-strength", capsys=capsys)
    assert code == 0
    assert out.startswith("# coach routine: Core strength\n")
    assert "\nexercises:\n" in out
    library = load_library()
    back = loader.load_routine_text(out, "core-strength.yaml", {})  # no library needed
    original = library.get("core-strength")
    assert replace(back, source=None) == replace(original, source=None, builtin=False)


def test_export_to_a_file_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = write(tmp_path, "out.yaml", "precious\n")
    code, _, err = run("export", "desk-break", "-o", str(target), capsys=capsys)
    assert code == 2
    assert "already exists" in err
    assert target.read_text() == "precious\n"
    code, out, _ = run("export", "desk-break", "-o", str(target), "--force", capsys=capsys)
    assert code == 0 and "coach import" in out
    assert "id: desk-break" in target.read_text()


def test_export_of_an_unknown_routine_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run("export", "desk-brake", capsys=capsys)
    assert code == 2
    assert 'unknown routine "desk-brake"' in err and "desk-break" in err


def test_export_then_import_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "shared.yaml"
    assert run("export", "core-strength", "-o", str(exported), capsys=capsys)[0] == 0
    text = exported.read_text().replace("id: core-strength", "id: friends-core")
    exported.write_text(text)
    # Another machine: another config folder, whose exercise library lacks everything.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    code, out, _ = run("import", str(exported), capsys=capsys)
    assert code == 0, out
    assert installed() == ["friends-core.yaml"]
    routine = load_library().get("friends-core")
    assert routine.steps == load_library().get("core-strength").steps


# --------------------------------------------------------------------------- import


def test_import_installs_as_id_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "from-my-physio.yaml", GOOD)
    code, out, _ = run("import", str(source), capsys=capsys)
    assert code == 0
    assert installed() == ["my-stretches.yaml"]
    assert "coach run my-stretches" in out
    routine = load_library().get("my-stretches")
    assert (routine.author, routine.prescribed_by, routine.builtin) == ("Sam", "Dr. Lee", False)
    # The file is installed as written, comments and all, under coach's schema line (issue
    # 20: an editor then checks it), and the schema that line names is there.
    from coach.routines.modeline import MODELINE, schema_path

    installed_text = (paths.user_routines_dir() / "my-stretches.yaml").read_text()
    assert installed_text == f"{MODELINE}\n{GOOD}"
    schema = paths.user_routines_dir() / MODELINE.rsplit("=", 1)[1]
    assert schema.resolve() == schema_path(paths.user_routines_dir()).resolve()
    assert '"title": "coach routine"' in schema.read_text()


def test_import_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "a.yaml", GOOD)
    assert run("import", str(source), capsys=capsys)[0] == 0
    target = paths.user_routines_dir() / "my-stretches.yaml"
    target.write_text(GOOD.replace("25s", "35s"))  # the user's own edit
    code, _, err = run("import", str(source), capsys=capsys)
    assert code == 2
    assert "already installed" in err and "--force" in err
    assert "35s" in target.read_text()
    code, out, _ = run("import", str(source), "--force", capsys=capsys)
    assert code == 0 and out.startswith("Replaced")
    assert "25s" in target.read_text()


def test_import_asks_for_force_to_hide_a_builtin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "desk.yaml", GOOD.replace("my-stretches", "desk-break"))
    code, _, err = run("import", str(source), capsys=capsys)
    assert code == 2 and "built-in" in err
    assert installed() == []
    code, out, _ = run("import", str(source), "--force", capsys=capsys)
    assert code == 0 and "replaces the built-in" in out
    assert load_library().get("desk-break").name == "My stretches"


def test_import_refuses_an_id_another_user_file_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(GOOD)  # id: my-stretches, in a file of another name
    source = write(tmp_path, "new.yaml", GOOD)
    code, _, err = run("import", str(source), "--force", capsys=capsys)
    assert code == 2
    assert "mine.yaml" in err
    assert installed() == ["mine.yaml"]


def test_import_reports_located_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "bad.yaml", GOOD.replace("hold: 25s", "hold: 25 parsecs"))
    code, out, err = run("import", str(source), capsys=capsys)
    assert code == 2
    assert f"{source}:8:11: steps[0].hold: " in err
    assert "was not imported (1 problem)" in err
    assert out == ""
    assert installed() == []


# --------------------------------------------------------------------------- hostile files

BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{chr(ord('b') + i)}: &{chr(ord('b') + i)} [{','.join(['*' + chr(ord('a') + i)] * 9)}]"
            for i in range(8)
        ),
    ]
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "tag.yaml",
            "!!python/object/apply:os.system ['touch {marker}']\n",
            "the tag !!python/object/apply:os.system is not allowed",
        ),
        (
            "tag-inside.yaml",
            GOOD.replace(
                "author: Sam", "author: !!python/object/apply:os.system ['touch {marker}']"
            ),
            "is not allowed",
        ),
        (
            "traversal.yaml",
            GOOD.replace("id: my-stretches", "id: ../../etc/passwd"),
            "is not a valid routine id",
        ),
        ("absolute.yaml", GOOD.replace("id: my-stretches", "id: /etc/passwd"), "not a valid"),
        ("reserved.yaml", GOOD.replace("id: my-stretches", "id: exercises"), "reserved"),
        ("dotted.yaml", GOOD.replace("id: my-stretches", "id: my.stretches"), "not a valid"),
        ("dashed.yaml", GOOD.replace("id: my-stretches", "id: -my-stretches"), "not a valid"),
        ("bomb.yaml", BOMB, "aliases"),
        ("huge.yaml", GOOD + "# " + "x" * 1_100_000 + "\n", "larger than 1 MB"),
        ("latin1.yaml", GOOD.replace("Sam", "Sérgio").encode("latin-1"), "is not UTF-8"),
        ("command.yaml", GOOD + "command: rm -rf ~\n", "command: unknown key"),
        ("include.yaml", GOOD + "include: /etc/passwd\n", "include: unknown key"),
        ("merge.yaml", "base: &b {name: x}\n<<: *b\n", "merge keys"),
        (
            "deep.yaml",
            "steps: " + "[" * 5000 + "]" * 5000 + "\n",
            f":1:{7 + yamlsafe.MAX_DEPTH}: nests lists or mappings more than "
            f"{yamlsafe.MAX_DEPTH} levels deep",
        ),
    ],
)
def test_hostile_files_are_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    message: str,
) -> None:
    marker = tmp_path / "pwned"
    if isinstance(content, str):
        content = content.replace("{marker}", str(marker))
    source = write(tmp_path, name, content)
    code, _, err = run("import", str(source), capsys=capsys)
    assert code == 2
    assert message in err
    assert f"coach: {source} was not imported" in err
    assert "Traceback" not in err
    assert not marker.exists()
    assert installed() == []
    assert not (tmp_path.parent / "etc").exists()


@pytest.mark.parametrize("depth", [30, 1001, 5000])
def test_too_deep_a_file_reads_the_same_in_validate_import_and_the_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int
) -> None:
    # Around libyaml's own limit (1,000 levels from PyYAML 6.0.4 on) and far past it.
    text = GOOD + "notes: " + "[" * depth + "]" * depth + "\n"
    source = write(tmp_path, "my-stretches.yaml", text)
    line = text.count("\n", 0, text.index("notes:")) + 1
    expected = (
        f"{source}:{line}:{7 + yamlsafe.MAX_DEPTH}: nests lists or mappings more than "
        f"{yamlsafe.MAX_DEPTH} levels deep; a routine needs about 5"
    )
    code, validate_out, _ = run("validate", str(source), capsys=capsys)
    assert code == 2
    assert expected in validate_out.splitlines()
    code, _, import_err = run("import", str(source), capsys=capsys)
    assert code == 2
    assert expected in import_err.splitlines()
    # The TUI's problem list shows the library's problems: the same words.
    paths.user_routines_dir().mkdir(parents=True, exist_ok=True)
    placed = paths.user_routines_dir() / "my-stretches.yaml"
    placed.write_text(text, encoding="utf-8")
    (problem,) = load_library().problems
    assert [str(error) for error in problem.errors] == [expected.replace(str(source), str(placed))]


def test_a_file_name_that_is_no_id_needs_an_id_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "My Routine.yaml", GOOD.replace("id: my-stretches\n", ""))
    code, _, err = run("import", str(source), capsys=capsys)
    assert code == 2
    assert "add an `id:` line" in err
    assert installed() == []


def test_a_link_to_a_device_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    code, _, err = run("import", str(link), capsys=capsys)
    assert code == 2 and "not a regular file" in err


def test_a_fifo_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    code, _, err = run("import", str(fifo), capsys=capsys)  # would block forever if opened
    assert code == 2 and "not a regular file" in err


def test_force_replaces_a_planted_symlink_not_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = write(tmp_path, "bashrc", "export IMPORTANT=1\n")
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "my-stretches.yaml").symlink_to(outside)
    source = write(tmp_path, "a.yaml", GOOD)
    code, _, err = run("import", str(source), capsys=capsys)
    assert code == 2 and "already installed" in err  # a dangling or live link counts as taken
    code, _, _ = run("import", str(source), "--force", capsys=capsys)
    assert code == 0
    assert outside.read_text() == "export IMPORTANT=1\n"
    installed_file = folder / "my-stretches.yaml"
    assert not installed_file.is_symlink()
    assert installed_file.read_text().endswith(GOOD)


def test_a_symlinked_routines_folder_is_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Dotfile managers link ~/.config folders; the file lands in the real folder."""
    real = tmp_path / "dotfiles" / "routines"
    real.mkdir(parents=True)
    folder = paths.user_routines_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.symlink_to(real)
    source = write(tmp_path, "a.yaml", GOOD)
    assert run("import", str(source), capsys=capsys)[0] == 0
    assert (real / "my-stretches.yaml").read_text().endswith(GOOD)
    assert load_routine_file(folder / "my-stretches.yaml", load_library().exercises).id == (
        "my-stretches"
    )


FORBIDDEN_KEYS = {"command", "run", "exec", "shell", "script", "file", "path", "include", "import"}


def test_the_format_has_no_key_that_runs_or_reads_anything() -> None:
    keys = {
        *format.ROUTINE.keys,
        *format.DEFAULTS.keys,
        *format.DOSE.keys,
        *format.EXERCISE.keys,
        *format.LIBRARY.keys,
        *format.BREATHE.keys,
        *format.THERAPY.keys,
        *format.PROGRESSION.keys,
        *(key for shape in format.STEPS.values() for key in shape.keys),
    }
    assert keys.isdisjoint(FORBIDDEN_KEYS)
    assert not any(key.endswith(("_file", "_path", "_command")) for key in keys)


def test_no_file_is_left_behind_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    source = write(tmp_path, "a.yaml", GOOD)
    with pytest.raises(OSError):
        main(["import", str(source)])
    assert installed() == []
