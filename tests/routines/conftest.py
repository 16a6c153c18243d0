"""Helpers for the routine tests: the built-in exercise library and small loaders."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from routines_helpers import LoadErrors, LoadText

from coach import paths
from coach.errors import InvalidFile
from coach.routines.library import load_library
from coach.routines.loader import load_routine_text
from coach.routines.model import Exercise, Routine


@pytest.fixture(scope="session")
def exercises() -> dict[str, Exercise]:
    library = load_library(Path("/nonexistent/coach-user-dir"))
    assert not library.problems
    return library.exercises


@pytest.fixture
def load(exercises: dict[str, Exercise]) -> LoadText:
    """Load dedented routine YAML as `r.yaml` with the built-in exercises."""

    def load(text: str) -> Routine:
        return load_routine_text(textwrap.dedent(text), "r.yaml", exercises)

    return load


@pytest.fixture
def errors(exercises: dict[str, Exercise]) -> LoadErrors:
    """The error lines (`r.yaml:line:col: field: message`) of dedented YAML that must fail."""

    def errors(text: str) -> list[str]:
        with pytest.raises(InvalidFile) as caught:
            load_routine_text(textwrap.dedent(text), "r.yaml", exercises)
        assert caught.value.errors, "an InvalidFile always carries located errors"
        return [str(error) for error in caught.value.errors]

    return errors


@pytest.fixture
def user_dir() -> Path:
    """The user's routines folder (inside the test's XDG_CONFIG_HOME), created."""
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder
