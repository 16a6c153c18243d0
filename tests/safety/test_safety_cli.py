"""`coach safety [--flare-up]`, and the safety words `coach pain` and `coach drink` print."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from coach import paths
from coach.cli import main
from coach.history.journal import Journal
from coach.safety import format_flare_up_plan, format_safety_text


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_safety_prints_the_page_and_points_to_the_flare_up_plan(capsys) -> None:
    code, out, _ = run(capsys, "safety")
    assert code == 0
    assert out.startswith(format_safety_text())
    assert "coach safety --flare-up" in out
    for words in ("GET MEDICAL ADVICE TODAY", "between the shoulder blades", "give way"):
        assert words in out


def test_safety_flare_up_prints_the_plan(capsys) -> None:
    code, out, _ = run(capsys, "safety", "--flare-up")
    assert code == 0
    assert out == format_flare_up_plan() + "\n"
    assert "90/90" in out and "two weeks" in out


def test_pain_of_8_points_to_gentle_relief_and_the_red_flags(capsys) -> None:
    code, out, _ = run(capsys, "pain", "8")
    assert code == 0
    out = " ".join(out.split())
    assert "Go gently today" in out and "gentle-relief routine" in out
    assert "ice-heat" not in out
    assert "coach safety" in out


def test_pain_counts_a_long_run_of_severe_days_in_full(capsys) -> None:
    now = datetime.now().astimezone()
    with Journal() as journal:
        for days in range(1, 12):
            journal.log_pain(8, now - timedelta(days=days), "manual")
    _code, out, _ = run(capsys, "pain", "9")
    assert "on 12 days running" in out  # the same 30-day window as home's note


def test_drink_cautions_past_a_litre_within_an_hour(capsys) -> None:
    code, out, _ = run(capsys, "drink", "1.5l")
    assert code == 0
    assert "Logged 1.5 L." in out
    assert "1.5 L within an hour" in " ".join(out.split())


def test_drink_says_nothing_more_for_a_glass(capsys) -> None:
    _code, out, _ = run(capsys, "drink")
    assert out.count("\n") == 1 and "sodium" not in out


def test_drink_cautions_past_4_litres_a_day_but_not_past_a_goal_set_higher(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coach.clock

    now = datetime(2026, 3, 4, 15, 0).astimezone()
    monkeypatch.setattr(coach.clock, "SystemClock", lambda: coach.clock.FakeClock(now))
    with Journal() as journal:  # a litre an hour, earlier today: no hour past a litre
        for hours in range(1, 5):
            journal.log_water(1000, now - timedelta(hours=hours, minutes=5))
    _code, out, _ = run(capsys, "drink", "500ml")
    assert "4.5 L today" in " ".join(out.split())

    paths.config_dir().mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text("water:\n  goal: 5l\n")
    _code, out, _ = run(capsys, "drink", "250ml")
    assert "sodium" not in out


def test_drink_10_litres_is_refused_and_says_why(capsys) -> None:
    code, out, err = run(capsys, "drink", "10l")
    assert code != 0 and out == ""
    assert "10.0 L at once is more than coach logs" in err and "about a litre" in err
    with Journal() as journal:
        assert journal.water_on(datetime.now().astimezone().date()) == 0
