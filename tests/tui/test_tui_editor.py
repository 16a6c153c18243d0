"""Edit in your editor: `e` runs $EDITOR on the routine's file, then coach checks it.

Textual's headless test driver cannot suspend (App.suspend raises
SuspendNotSupported there), so these tests replace only that step
(`coach.tui.editor.suspend_app`); the editor itself is a real program, a small
shell script that writes a broken file the first time and a fixed one after.
"""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from customize_support import (
    BROKEN_YAML,
    ROUTINE_YAML,
    highlight_routine,
    home,
    live_app,
    routine_rows,
    user_dir,
    write_routine,
)
from tui_support import SIZE, question_on_screen, screen_text

from coach.clock import FakeClock
from coach.errors import CoachError
from coach.routines.library import builtin_dir
from coach.tui import editor
from coach.tui.editor import editor_command

FAKE_EDITOR = """\
#!/bin/sh
# Writes the next prepared version over the file it is given: 1.yaml, then 2.yaml, ...
count=$(cat "{log}" 2>/dev/null | wc -l)
next="{versions}/$((count + 1)).yaml"
echo "$@" >> "{log}"
if [ -f "$next" ]; then cp "$next" "$1"; fi
"""


@pytest.fixture
def suspended(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replaces App.suspend (headless apps cannot suspend) and records each use."""
    uses: list[str] = []

    @contextlib.contextmanager
    def fake_suspend(app: object) -> Iterator[None]:
        uses.append("suspended")
        yield
        uses.append("resumed")

    monkeypatch.setattr(editor, "suspend_app", fake_suspend)
    return uses


@pytest.fixture
def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR: a script writing versions/1.yaml, then 2.yaml… over the file; returns versions/."""
    versions = tmp_path / "versions"
    versions.mkdir()
    log = tmp_path / "editor.log"
    script = tmp_path / "fake-editor"
    script.write_text(FAKE_EDITOR.format(log=log, versions=versions), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    return versions


def notifications(app) -> str:
    """Every notification shown so far, one per line (toasts are not in the screen text)."""
    return "\n".join(n.message for n in app._notifications)


def editor_calls(versions: Path) -> list[str]:
    log = versions.parent / "editor.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


async def test_a_broken_edit_shows_its_errors_and_keeps_the_last_good_version(
    clock: FakeClock, suspended: list[str], fake_editor: Path
):
    path = write_routine("Lunch", "lunch", reps=8)
    (fake_editor / "1.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    (fake_editor / "2.yaml").write_text(ROUTINE_YAML.format(name="Lunch", reps=12), "utf-8")
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        highlight_routine(app, "lunch")
        await pilot.press("e")

        assert suspended == ["suspended", "resumed"]
        assert editor_calls(fake_editor) == [str(path)]
        assert question_on_screen(app) == "lunch.yaml has 1 problem"
        shown = screen_text(app)
        assert "lunch.yaml has 1 problem" in shown
        assert "line 6, column 11: steps[0].reps:" in shown
        assert "keeps the last good version of Lunch" in shown

        # Meanwhile the routine is still there, on its last good version, marked.
        routine = app.library.routines["lunch"]
        assert routine.steps[0].dose.reps == 8
        assert routine_rows(app)["lunch"].endswith("⚠")

        await pilot.press("e")  # edit again: the editor writes the fixed version
        assert len(editor_calls(fake_editor)) == 2
        home(app)
        assert app.library.routines["lunch"].steps[0].dose.reps == 12
        assert not routine_rows(app)["lunch"].endswith("⚠")
        assert not app.library.problems


async def test_later_closes_the_problems_and_the_list_keeps_showing_them(
    clock: FakeClock, suspended: list[str], fake_editor: Path
):
    write_routine("Lunch", "lunch")
    (fake_editor / "1.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        highlight_routine(app, "lunch")
        await pilot.press("e")
        await pilot.press("escape")
        home(app)
        assert "lunch.yaml:6:11: steps[0].reps:" in screen_text(app)


async def test_editing_a_built_in_edits_a_copy(
    clock: FakeClock, suspended: list[str], fake_editor: Path
):
    shipped = builtin_dir() / "desk-break.yaml"
    shipped_text = shipped.read_text(encoding="utf-8")
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        highlight_routine(app, "desk-break")
        await pilot.press("e")  # no prepared version: the "editor" changes nothing
        copy = user_dir() / "desk-break.yaml"
        assert editor_calls(fake_editor) == [str(copy)]
        assert copy.is_file()
        assert shipped.read_text(encoding="utf-8") == shipped_text
        home(app)
        assert routine_rows(app)["desk-break"].endswith("yours")
        assert f"Desk break: copied to {copy} is fine." in notifications(app)


async def test_without_a_terminal_to_lend_coach_says_so(clock: FakeClock, fake_editor: Path):
    """The real App.suspend under the headless driver: a message, never a crash."""
    write_routine("Lunch", "lunch")
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        highlight_routine(app, "lunch")
        await pilot.press("e")
        await pilot.pause()
        home(app)
        assert "Cannot open an editor here" in notifications(app)
        assert editor_calls(fake_editor) == []


async def test_an_editor_that_cannot_run_is_reported(
    clock: FakeClock, suspended: list[str], monkeypatch: pytest.MonkeyPatch
):
    write_routine("Lunch", "lunch")
    monkeypatch.setenv("VISUAL", "/nonexistent/editor --wait")
    app = live_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        highlight_routine(app, "lunch")
        await pilot.press("e")
        await pilot.pause()
        home(app)
        assert 'cannot run the editor "/nonexistent/editor"' in notifications(app)
        # The failure stays inside the suspended block, so the app always comes back.
        assert suspended == ["suspended", "resumed"]


# --------------------------------------------------------------------------- which editor


def test_visual_comes_before_editor_and_may_carry_options():
    environ = {"VISUAL": "code --wait", "EDITOR": "vim"}
    assert editor_command(environ, which=lambda name: None) == ["code", "--wait"]
    assert editor_command({"EDITOR": "vim"}, which=lambda name: None) == ["vim"]


def test_without_variables_nano_then_vi():
    assert editor_command({}, which=lambda name: f"/usr/bin/{name}") == ["nano"]
    only_vi = {"vi": "/usr/bin/vi"}
    assert editor_command({"EDITOR": "  "}, which=only_vi.get) == ["vi"]
    with pytest.raises(CoachError, match=r"no editor found: set \$EDITOR"):
        editor_command({}, which=lambda name: None)
