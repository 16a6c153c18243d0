"""Shared fixtures. No test touches the real home: XDG folders point at a temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import (
    FakeJournal,
    FakeLibrary,
    FakeSound,
    breathing_routine,
    hold_routine,
    short_routine,
    therapy_routine,
    user_routine,
)

from coach.clock import FakeClock


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_RUNTIME_DIR", "run"),
    ):
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def library() -> FakeLibrary:
    routines = [short_routine(), hold_routine(), breathing_routine(), therapy_routine()]
    routines.append(user_routine())
    return FakeLibrary({r.id: r for r in routines})


@pytest.fixture
def journal() -> FakeJournal:
    return FakeJournal()


@pytest.fixture
def sound() -> FakeSound:
    return FakeSound()
