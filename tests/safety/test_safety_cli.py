"""`coach safety [--flare-up]`, and the safety words `coach pain` prints."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

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
