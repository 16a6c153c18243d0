"""The layers hold: import-linter's contracts in pyproject.toml ([tool.importlinter]) pass.

They say that arrows point down (command line and TUI, then the domain packages, then
the shared base), that nothing below the TUI imports Textual or coach.tui, that the
command line reaches the TUI only through its one launcher, and that inside the TUI the
app sits over its controllers, which sit over screens that import no other screen.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept() -> None:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("import-linter is not installed (the dev extra)")
    result = subprocess.run(
        [command], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
