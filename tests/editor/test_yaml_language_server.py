"""The editor and coach agree (issue 20), checked with the real yaml-language-server 1.25.0
(what VS Code's YAML extension, Neovim and Helix run), spoken to over its protocol.

`./dev setup` installs it into .cache/editor from tests/editor/package.json and its lock
file (npm ci); without node or without that install these tests are skipped, saying so.

- every built-in copied with `coach new --from`, every built-in's export, the TUI's edit
  copy and a routine `coach import` installed: no diagnostics at all;
- probe files: coach's verdict (`coach validate` exit 0 or 2) and the editor's (no
  diagnostics, or some) agree on every one;
- completion: after `  - e` the editor offers `exercise`; after `exercise: ` it offers
  `cat-cow` and the user's own exercise ids, also ids added after the schema was written;
- hover: every key of a routine has a description.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from lsp_client import YamlLanguageServer

from coach import paths
from coach.cli import main
from coach.routines.library import load_library
from coach.routines.modeline import MODELINE, PROGRAMME_MODELINE, schema_path
from coach.routines.schema import schema_json

REPO = Path(__file__).resolve().parents[2]
SERVER = REPO / ".cache/editor/node_modules/yaml-language-server/bin/yaml-language-server"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[YamlLanguageServer]:
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the editor tests need it (and ./dev setup)")
    if not SERVER.is_file():
        pytest.skip(f"yaml-language-server is not installed in {SERVER.parents[3]}: ./dev setup")
    language_server = YamlLanguageServer(SERVER, {}, tmp_path_factory.mktemp("workspace"))
    yield language_server
    language_server.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> int:
    code = main(list(argv))
    capsys.readouterr()
    return code


def messages(server: YamlLanguageServer, path: Path) -> list[str]:
    found = server.diagnostics(path, path.read_text(encoding="utf-8"))
    return [f"{d['range']['start']['line'] + 1}: {d['message']}" for d in found]


BUILT_IN = sorted(load_library(Path("/nonexistent")).routines)
PROGRAMMES = sorted(load_library(Path("/nonexistent")).programmes)
OWN_EXERCISES = """\
version: 1
exercises:
  - id: wall-angel
    name: Wall angel
    target: upper back
    cues: [Back and arms against the wall., Slide the arms up and down slowly.]
    dose: {reps: 8}
"""


def test_every_file_coach_writes_for_editing_gets_no_false_error(
    server: YamlLanguageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "exercises.yaml").write_text(OWN_EXERCISES, encoding="utf-8")
    # `coach new`'s template and a copy of every built-in.
    assert run(capsys, "new", "mine") == 0
    for routine_id in BUILT_IN:
        assert run(capsys, "new", f"copy-of-{routine_id}", "--from", routine_id) == 0
    for programme_id in PROGRAMMES:  # a programme is copied the same way, with its schema
        assert run(capsys, "new", f"copy-of-{programme_id}", "--from", programme_id) == 0
    # The TUI's edit copy of a built-in (coach.routines.user_files), in its own folder.
    from coach.routines.user_files import user_file_for

    library = load_library()
    edit_copy = user_file_for(library.routines["desk-break"], library.exercises, folder).path
    # A routine `coach import` installed (it gets the schema line too).
    shared = folder.parent / "shared.yaml"
    shared.write_text("name: Shared\nkind: core\nsteps:\n  - exercise: wall-angel\n")
    assert run(capsys, "import", str(shared)) == 0
    files = sorted(folder.glob("*.yaml"))
    assert edit_copy in files and folder / "shared.yaml" in files
    assert len(files) >= len(BUILT_IN) + len(PROGRAMMES) + 4
    for path in files:
        if path.name == "exercises.yaml":
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == (PROGRAMME_MODELINE if "copy-of-back-care" in path.name else MODELINE)
        assert messages(server, path) == [], path.name
    assert run(capsys, "validate") == 0  # and coach says the same


def test_every_built_in_export_validates(
    server: YamlLanguageServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Exports carry no schema line: mapped by a glob, as docs/routines.md shows for VS Code."""
    exports = tmp_path / "exports"
    exports.mkdir()
    schema = tmp_path / "routine.schema.json"
    assert run(capsys, "schema", "-o", str(schema)) == 0
    server.configure({str(schema): f"{exports}/*.yaml"})  # as docs/routines.md shows
    try:
        for routine_id in BUILT_IN:
            path = exports / f"{routine_id}.yaml"
            assert run(capsys, "export", routine_id, "-o", str(path)) == 0
            assert messages(server, path) == [], routine_id
        programme_schema = tmp_path / "programme.schema.json"
        programme_schema.write_text(schema_json("programme"), encoding="utf-8")
        server.configure(
            {str(schema): f"{exports}/*.yaml", str(programme_schema): f"{tmp_path}/weeks/*.yaml"}
        )
        (tmp_path / "weeks").mkdir()
        for programme_id in PROGRAMMES:
            path = tmp_path / "weeks" / f"{programme_id}.yaml"
            assert run(capsys, "export", programme_id, "-o", str(path)) == 0
            assert messages(server, path) == [], programme_id
        # The mapping is what checks them: a broken export is flagged.
        broken = exports / "broken.yaml"
        broken.write_text("name: B\nkind: core\nsteps:\n  - rest: 1m3x\n")
        assert messages(server, broken)
    finally:
        server.configure({})


PROBES = {
    "valid": "steps:\n  - exercise: plank\n    hold: 20s\n",
    "per_side: yes": "steps:\n  - exercise: plank\n    hold: 20s\n    per_side: yes\n",
    "hold: 1:30": "steps:\n  - exercise: plank\n    hold: 1:30\n",
    "on: and off:": "steps:\n  - therapy: {mode: cold, on: 15m, off: 20m, bouts: 2}\n",
    "hold: 1m3x": "steps:\n  - exercise: plank\n    hold: 1m3x\n",
    "drink: 0.4ml": "steps:\n  - drink: 0.4ml\n",
    "drink: 0.6ml": "steps:\n  - drink: 0.6ml\n",
    "an unknown key": "steps:\n  - exercise: plank\n    holdd: 20s\n",
    "every: 7x": (
        "steps:\n  - exercise: plank\n    hold: 20s\n"
        "    progression: {hold: +5s, every: 7x, max: 30s}\n"
    ),
    "hold: 5h": "steps:\n  - exercise: plank\n    hold: 5h\n",
    "drink: 2l": "steps:\n  - drink: 2l\n",
    "drink: 1l": "steps:\n  - drink: 1l\n",
    "pyramid and reps": "steps:\n  - exercise: curl-up\n    pyramid: [3, 2]\n    reps: 3\n",
    "an escape in a name": 'steps:\n  - rest: 5s\n    name: "\\e[2J"\n',
    "markup in a name": 'steps:\n  - rest: 5s\n    name: "[b]x[/b]"\n',
    "201 steps": "steps:\n" + "  - rest: 1s\n" * 201,
    "0s hold": "steps:\n  - exercise: plank\n    hold: 0s\n",
}


@pytest.mark.parametrize("probe", PROBES)
def test_coach_and_the_editor_agree(
    server: YamlLanguageServer, capsys: pytest.CaptureFixture[str], probe: str
) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    assert run(capsys, "new", "template") == 0  # writes the schema the probes point at
    path = folder / "probe.yaml"
    path.write_text(f"{MODELINE}\nversion: 1\nname: P\nkind: core\n{PROBES[probe]}")
    coach_says_valid = run(capsys, "validate", str(path)) == 0
    editor_says = messages(server, path)
    assert coach_says_valid == (editor_says == []), editor_says
    if probe in ("hold: 1m3x", "every: 7x"):  # the message says what a duration looks like
        assert "Incorrect type" not in " ".join(editor_says)


def test_completion_offers_step_kinds_and_exercise_ids(
    server: YamlLanguageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    assert run(capsys, "new", "mine") == 0
    path = folder / "mine.yaml"
    head = f"{MODELINE}\nversion: 1\nname: P\nkind: core\nsteps:\n"
    assert "exercise" in server.completion(path, head + "  - e", 5, 5)
    ids = server.completion(path, head + "  - exercise: ", 5, 14)
    assert "cat-cow" in ids and "wall-angel" not in ids
    # The user adds an exercise of their own; the next coach command refreshes the schema.
    (folder / "exercises.yaml").write_text(OWN_EXERCISES, encoding="utf-8")
    assert run(capsys, "list") == 0
    assert '"wall-angel"' in schema_path(folder).read_text(encoding="utf-8")
    server.file_changed(schema_path(folder))  # as an editor watching the file says
    ids = server.completion(path, head + "  - exercise: ", 5, 14)
    assert "cat-cow" in ids and "wall-angel" in ids


def test_hover_describes_every_key(server: YamlLanguageServer, tmp_path: Path) -> None:
    schema = tmp_path / "routine.schema.json"
    schema.write_text(schema_json(), encoding="utf-8")
    text = (
        "# yaml-language-server: $schema=routine.schema.json\n"
        "version: 1\nname: P\nkind: core\ndescription: d\nnotes: n\nauthor: a\n"
        "steps:\n  - breathe: {pattern: box, rounds: 4}\n"
        "  - therapy: {mode: cold, on: 15m, off: 20m, bouts: 2}\n"
        "  - exercise: plank\n    hold: 20s\n    per_side: false\n"
    )
    path = tmp_path / "hover.yaml"
    path.write_text(text)
    keys = ["version", "name", "kind", "description", "notes", "author", "steps"]
    keys += ["breathe", "pattern", "rounds", "therapy", "mode", "on", "off", "bouts"]
    keys += ["exercise", "hold", "per_side"]
    lines = text.splitlines()
    for key in keys:
        line = next(i for i, t in enumerate(lines) if f"{key}:" in t.replace("- ", "  "))
        column = lines[line].index(f"{key}:")
        shown = server.hover(path, text, line, column + 1)
        assert shown.startswith("#### "), f"no description for {key}: {shown!r}"
        assert len(shown.split("\n\n")[1]) > 5, key
