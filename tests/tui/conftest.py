"""The TUI tests' app factory (the fakes and the other fixtures are shared: tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from fakes import FakeJournal, FakeLibrary, FakeSound

from coach.clock import FakeClock
from coach.tui.app import CoachApp, build_app


@pytest.fixture
def make_app(library: FakeLibrary, clock: FakeClock, journal: FakeJournal, sound: FakeSound):
    def make(**overrides: Any) -> CoachApp:
        arguments: dict[str, Any] = {
            "library": library,
            "clock": clock,
            "journal": journal,
            "sound": sound,
        }
        arguments.update(overrides)
        return build_app(**arguments)

    return make
