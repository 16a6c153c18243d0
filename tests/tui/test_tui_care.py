"""Back care in the window (issue 14 item 5): the flare-up plan and every education card
reachable from home (`b`, the palette), and one card on the summary of a break."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fakes import FakeLibrary, exercise
from tui_support import SIZE, advance, from_palette, screen_text

from coach.clock import FakeClock
from coach.config import Config
from coach.history.journal import Journal
from coach.routines.model import Defaults, Kind, Routine
from coach.safety import CARDS, FLARE_UP_PLAN, FLARE_UP_TITLE, pick_card
from coach.tui.app import CoachApp, build_app
from coach.tui.screens.care import CareScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.summary import SummaryScreen


def routine(routine_id: str, kind: Kind) -> Routine:
    return Routine(
        routine_id,
        routine_id.replace("-", " ").capitalize(),
        kind,
        (exercise("Stand tall", hold=5),),
        defaults=Defaults(get_ready=0, rest=0),
    )


def app_with(*routines: Routine, clock: FakeClock, **config: Any) -> CoachApp:
    library = FakeLibrary({r.id: r for r in routines})
    return build_app(library=library, clock=clock, config=Config(**config))


async def test_b_on_home_opens_the_flare_up_plan_and_every_card(clock: FakeClock) -> None:
    app = app_with(routine("posture-check", Kind.POSTURE), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, CareScreen)
        shown = "\n".join(
            [str(block.border_title) for block in app.screen.query(".care-block")]
            + [str(block.content) for block in app.screen.query(".care-block")]
        )
        assert FLARE_UP_TITLE in screen_text(app)
        for section in FLARE_UP_PLAN:
            assert section.title in shown and section.items[0] in shown
        for card in CARDS:
            assert card.title in shown and card.lines[-1] in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_palette_offers_back_care(clock: FakeClock) -> None:
    app = app_with(routine("posture-check", Kind.POSTURE), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await from_palette(pilot, "back care")
        assert isinstance(app.screen, CareScreen)


async def run_through(app: CoachApp, pilot: Any, clock: FakeClock) -> None:
    await pilot.press("enter")  # the highlighted (only) routine starts
    await pilot.pause()
    await advance(pilot, clock, 10)
    await pilot.pause()


@pytest.mark.parametrize(
    ("kind", "config", "card_shown"),
    [
        (Kind.POSTURE, {}, True),  # a posture break
        (Kind.STRETCH, {"break_routines": ("stretch-break",)}, True),  # the break on offer
        (Kind.CORE, {}, False),  # not a break: no tip
    ],
)
async def test_a_break_ends_with_one_back_care_card(
    kind: Kind, config: dict[str, Any], card_shown: bool, clock: FakeClock
) -> None:
    app = app_with(routine("stretch-break", kind), clock=clock, **config)
    async with app.run_test(size=SIZE) as pilot:
        await run_through(app, pilot, clock)
        assert isinstance(app.screen, SummaryScreen)
        cards = list(app.screen.query("#card"))
        assert bool(cards) is card_shown
        if card_shown:
            now = clock.now()
            card = pick_card(now.toordinal() * 24 + now.hour)
            assert cards[0].border_title == f"Tip · {card.title}"
            text = screen_text(app)
            assert card.lines[0].split()[0] in text
            assert "more: b on home" in text


async def test_a_break_skipped_through_shows_no_tip(clock: FakeClock, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "coach.db")
    journal.acknowledge_safety(clock.now())
    library = FakeLibrary({"posture-check": routine("posture-check", Kind.POSTURE)})
    app = build_app(library=library, clock=clock, journal=journal, config=Config())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await advance(pilot, clock, 2)  # a moment of getting ready, then skipped
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Stopped before any work" in screen_text(app)
        assert not app.screen.query("#card")
    journal.close()
