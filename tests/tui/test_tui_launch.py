"""Real start-up: the first run leaves a commented config file to edit."""

from __future__ import annotations

from coach import paths
from coach.config import load_config
from coach.tui.launch import _load_config


def test_first_start_writes_the_commented_default_config() -> None:
    assert not paths.config_file().exists()
    notices: list[str] = []
    config = _load_config(notices)
    text = paths.config_file().read_text(encoding="utf-8")
    assert text.lstrip().startswith("#")
    assert notices == []
    assert config == load_config(paths.config_file())


def test_an_existing_config_is_left_alone_and_its_errors_become_a_notice() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("sitting_intervall: 50m\n", encoding="utf-8")
    notices: list[str] = []
    _load_config(notices)
    assert path.read_text(encoding="utf-8") == "sitting_intervall: 50m\n"
    assert len(notices) == 1 and "config.yaml:1:1" in notices[0]


def test_coach_alone_opens_the_window_without_building_the_parser(monkeypatch) -> None:
    import sys

    import coach.cli
    import coach.commands.tui

    opened: list[object] = []

    def open_home(args: object) -> int:
        opened.append(args)
        return 0

    def build_parser(*args: object) -> None:
        raise AssertionError("`coach` alone built the parser")

    monkeypatch.setattr(coach.commands.tui, "open_home", open_home)
    monkeypatch.setattr(coach.cli, "build_parser", build_parser)
    monkeypatch.delitem(sys.modules, "coach.commands.list", raising=False)
    assert coach.cli.main([]) == 0
    assert opened == [None]
    assert "coach.commands.list" not in sys.modules  # no command module was registered


def test_the_window_runs_with_a_short_switch_interval_and_puts_it_back(monkeypatch) -> None:
    """Textual's writer thread gets the interpreter lock within 0.5 ms while the window
    is open (else a ready frame waits ~16 ms for it); afterwards the interval is as it was."""
    import sys

    import coach.commands.tui
    import coach.tui.launch

    seen: list[float] = []

    def run_app(start_routine: str | None = None) -> int:
        seen.append(sys.getswitchinterval())
        return 0

    before = sys.getswitchinterval()
    monkeypatch.setattr(coach.tui.launch, "run_app", run_app)
    assert coach.commands.tui.open_home(None) == 0
    assert seen == [coach.commands.tui.SWITCH_INTERVAL]
    assert coach.commands.tui.SWITCH_INTERVAL <= 0.001 < before
    assert sys.getswitchinterval() == before
