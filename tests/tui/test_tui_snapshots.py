"""Snapshots at 80×24 (and the session and summary at 60×20) on a fake clock, so the
countdowns show the same text on every run.

Update after a deliberate change with `pytest tests/tui --snapshot-update`, then look at
the SVGs in tests/tui/__snapshots__/.
"""

from __future__ import annotations

import pytest
from tui_support import SIZE, advance

from coach.clock import FakeClock


def test_home_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE)


SIZES = pytest.mark.parametrize("size", [SIZE, (60, 20)], ids=["80x24", "60x20"])


@SIZES
def test_a_hold(snap_compare, make_app, clock: FakeClock, size):
    async def into_the_hold(pilot) -> None:
        await pilot.press("right")  # past "Get ready"
        await advance(pilot, clock, 12.4)

    app = make_app(start_routine="holds")
    assert snap_compare(app, terminal_size=size, run_before=into_the_hold)


def test_a_breathing_phase(snap_compare, make_app, clock: FakeClock):
    async def mid_inhale(pilot) -> None:
        await advance(pilot, clock, 2.5)

    app = make_app(start_routine="box")
    assert snap_compare(app, terminal_size=SIZE, run_before=mid_inhale)


@SIZES
def test_the_summary(snap_compare, make_app, clock: FakeClock, size):
    async def through_the_routine(pilot) -> None:
        await pilot.press("3", "enter")
        await advance(pilot, clock, 10)
        await pilot.press("c", "space")
        await advance(pilot, clock, 10)
        await pilot.press("space", "1", "enter")

    app = make_app(start_routine="short")
    assert snap_compare(app, terminal_size=size, run_before=through_the_routine)
