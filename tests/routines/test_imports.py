"""`coach --version`, `list`, `validate` and the other routine commands never import Textual,
and the fast paths stay fast: `--version` loads no command, a cached `list` no YAML."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from coach.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:  # --version exits from argparse
    code = stop.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imported(*argv: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `coach ARGV`."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        env=os.environ.copy(),  # the test's own XDG folders (conftest)
        timeout=60,
        check=False,
    )
    last = result.stdout.strip().splitlines()[-1]
    data = json.loads(last)
    assert data["code"] in (0, None), result.stderr
    return set(data["modules"])


def textual_modules(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m == "textual" or m.startswith("textual."))


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["list"],
        ["list", "--json"],
        ["list", "--exercises"],
        ["validate"],
        ["show", "desk-break"],
        ["schema"],
        ["new", "probe"],
    ],
    ids=" ".join,
)
def test_routine_commands_never_import_textual(argv: list[str]) -> None:
    assert textual_modules(imported(*argv)) == []


def test_version_imports_no_command_module_and_no_yaml() -> None:
    modules = imported("--version")
    assert not any(m.startswith("coach.commands.") for m in modules)
    assert "yaml" not in modules


def test_a_cached_list_parses_no_yaml() -> None:
    first = imported("list")
    assert "coach.routines.loader" in first  # the first run builds the cache
    second = imported("list")
    assert "yaml" not in second
    assert "coach.routines.loader" not in second
    assert "coach.routines.model" not in second
