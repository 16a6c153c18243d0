from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.history.journal import Journal

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


@pytest.fixture
def journal(db_path: Path) -> Iterator[Journal]:
    opened = Journal(db_path, zone=LONDON)
    yield opened
    opened.close()
