"""`coach history`, `stats`, `drink`, `pain` and `safety` through coach.cli.main."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from history_helpers import activity_of, add_session

from coach import paths
from coach.cli import main
from coach.commands.history import CSV_COLUMNS
from coach.history.journal import Journal


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def now() -> datetime:
    return datetime.now().astimezone()


def write_config(text: str) -> None:
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(text)


def seed_sessions() -> None:
    with Journal() as journal:
        add_session(
            journal,
            now() - timedelta(hours=1),
            minutes=12,
            kind="core",
            pain_before=4,
            pain_after=3,
        )
        add_session(
            journal, now() - timedelta(days=3), minutes=5, routine_id="desk-break", kind="posture"
        )
        add_session(journal, now() - timedelta(days=40), minutes=5, routine_id="old")


# ----------------------------------------------------------------------------- drink


def test_drink_logs_a_glass_and_shows_the_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "drink")
    assert code == 0
    assert "Logged 250 ml" in out and "250 ml of 2.0 L" in out
    code, out, _ = run(capsys, "drink", "0.5l")
    assert "Logged 500 ml" in out and "750 ml of 2.0 L" in out
    with Journal() as journal:
        assert journal.water_on(now().date()) == 750


def test_drink_uses_the_configured_glass_and_goal(capsys: pytest.CaptureFixture[str]) -> None:
    write_config("water:\n  glass: 330ml\n  goal: 1.5l\n")
    code, out, _ = run(capsys, "drink")
    assert code == 0
    assert "Logged 330 ml" in out and "of 1.5 L" in out


def test_drink_says_when_the_goal_is_reached(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run(capsys, "drink", "2l")
    assert "goal reached" in out


@pytest.mark.parametrize("amount", ["lots", "0", "0ml", "9l"])
def test_drink_refuses_a_bad_amount(capsys: pytest.CaptureFixture[str], amount: str) -> None:
    code, _out, err = run(capsys, "drink", amount)
    assert code == 2
    assert err.startswith("coach: drink: ") and "Traceback" not in err
    with Journal() as journal:
        assert journal.water_on(now().date()) == 0


# ----------------------------------------------------------------------------- log


def test_log_records_a_walk_as_moderate_activity(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "log", "walk", "30m")
    assert code == 0
    assert out.startswith("Logged a 30 min walk. Moderate activity this week: ")
    with Journal() as journal:
        assert activity_of(journal, now().date()) == [("walk", 1800, "cli")]
    _code, out, _ = run(capsys, "stats", "--json")
    assert json.loads(out)["today"]["moderate_minutes"] == 30


def test_log_says_a_run_counts_double_and_strength_makes_a_strength_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _code, out, _ = run(capsys, "log", "run", "20m")
    assert "(vigorous: it counts as 40 min)" in out
    _code, out, _ = run(capsys, "log", "strength", "40m")
    assert out.startswith("Logged 40 min of strength work: a strength day (1 of 2 this week)")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["walk", "30"], 'log: "30": give the unit, e.g. 30m or 1h'),
        (["walk", "10s"], "less than a minute"),
        (["walk", "13h"], "more than coach logs at once"),
        (["walk", "soon"], "expected a duration like 30s"),
    ],
)
def test_log_refuses_a_bad_duration(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _out, err = run(capsys, "log", *argv)
    assert code == 2 and message in err and "Traceback" not in err
    with Journal() as journal:
        assert activity_of(journal, now().date()) == []


def test_log_refuses_an_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["log", "yoga", "30m"])
    assert stopped.value.code == 2
    assert "choose from 'walk', 'cycle', 'swim', 'run', 'strength', 'other'" in (
        capsys.readouterr().err
    )


# ----------------------------------------------------------------------------- pain


def test_pain_logs_a_mild_level_quietly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "pain", "3")
    assert code == 0
    assert "Logged pain 3/10 (mild)" in out
    assert "clinician" not in out and "gently" not in out


def test_pain_of_7_or_more_gets_advice(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "pain", "8")
    assert code == 0
    assert "Go gently today" in out and "spasm-relief" in out
    assert "coach safety" in out


def test_pain_severe_three_days_running_says_see_a_clinician(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with Journal() as journal:
        for days in (1, 2):
            journal.log_pain(8, now() - timedelta(days=days), "manual")
    code, out, _ = run(capsys, "pain", "9")
    assert code == 0
    assert "Please see a clinician" in out


@pytest.mark.parametrize("level", ["11", "-1", "bad", "5.5"])
def test_pain_refuses_a_bad_level(capsys: pytest.CaptureFixture[str], level: str) -> None:
    code, _, err = run(capsys, "pain", level) if level != "-1" else run(capsys, "pain", "--", level)
    assert code == 2
    assert "0 (none) to 10 (worst imaginable)" in err
    with Journal() as journal:
        assert journal.pain_entries(now().date() - timedelta(days=1), now().date()) == []


# ----------------------------------------------------------------------------- history


def test_history_table(capsys: pytest.CaptureFixture[str]) -> None:
    seed_sessions()
    code, out, _ = run(capsys, "history")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Sessions in the last 14 days")
    assert "Morning" in lines[2] and "4 → 3" in lines[2]  # newest first
    assert "Desk-Break" in lines[3]
    assert "Old" not in out


def test_history_when_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "history", "--days", "1")
    assert code == 0 and out.startswith("No sessions today")


def test_history_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    seed_sessions()
    code, out, _ = run(capsys, "history", "--days", "60", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["days"] == 60 and set(data) == {"days", "from", "to", "sessions"}
    assert [s["routine_id"] for s in data["sessions"]] == ["morning", "desk-break", "old"]
    first = data["sessions"][0]
    assert first["status"] == "completed" and first["active_seconds"] == 720
    assert (first["pain_before"], first["pain_after"]) == (4, 3)
    datetime.fromisoformat(first["started_at"])  # ISO-8601 with its offset
    assert datetime.fromisoformat(first["started_at"]).utcoffset() is not None


def test_history_csv_has_a_header_and_a_row_per_session(capsys: pytest.CaptureFixture[str]) -> None:
    seed_sessions()
    code, out, _ = run(capsys, "history", "--csv")
    assert code == 0
    reader = csv.reader(io.StringIO(out))
    header = next(reader)
    assert tuple(header) == CSV_COLUMNS
    rows = list(reader)
    assert len(rows) == 2
    assert rows[0][header.index("kind")] == "core"


@pytest.mark.parametrize("argv", [["--days", "0"], ["--days", "x"], ["--json", "--csv"]])
def test_history_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["history", *argv])
    assert stopped.value.code == 2
    assert "coach history: error" in capsys.readouterr().err


# ----------------------------------------------------------------------------- stats


def test_stats_text(capsys: pytest.CaptureFixture[str]) -> None:
    seed_sessions()
    code, out, _ = run(capsys, "stats")
    assert code == 0
    assert "Today (" in out and "This week (" in out and "Streak" in out
    assert "of 150 min" in out and "of 2 days" in out
    assert "moderate activity  0 of 150 min" in out  # a core routine is no aerobic activity
    assert "sessions           1" in out or now().hour == 0


def test_stats_json_shape_and_configured_goals(capsys: pytest.CaptureFixture[str]) -> None:
    write_config("goals:\n  active_minutes: 200\n  strength_days: 3\n")
    seed_sessions()
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"today", "week", "streaks", "peg", "goals"}
    assert data["goals"]["weekly_moderate_minutes"] == 200
    assert data["week"]["moderate_goal"] == 200 and data["week"]["strength_goal"] == 3
    assert data["today"]["sessions"] == 1 or now().hour == 0
    assert data["today"]["moderate_minutes"] == 0  # a core routine is no aerobic activity
    assert data["streaks"]["practised_today"] in (True, False)
    assert len(data["week"]["days"]) == 7


def test_drink_cautions_on_what_was_drunk_within_the_hour(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three 400 ml glasses in 50 minutes: none is too much alone, together they are.
    import coach.clock

    clock = coach.clock.FakeClock(datetime(2026, 3, 4, 15, 0).astimezone())
    monkeypatch.setattr(coach.clock, "SystemClock", lambda: clock)
    for glass in range(3):
        code, out, _ = run(capsys, "drink", "400ml")
        assert code == 0
        assert ("within an hour" in " ".join(out.split())) is (glass == 2)
        clock.advance(25 * 60)
    clock.advance(40 * 60)  # the first two glasses are more than an hour ago now
    _, out, _ = run(capsys, "drink", "400ml")
    assert "within an hour" not in out


# ----------------------------------------------------------------------------- recovery, safety


def test_a_corrupt_database_is_kept_until_an_explicit_repair(
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = paths.database_file()
    database.parent.mkdir(parents=True, exist_ok=True)
    database.write_bytes(b"not sqlite" * 100)
    # A plain command changes nothing and says, in one line, how to repair.
    code, out, err = run(capsys, "drink")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "coach doctor --repair" in err and "Traceback" not in err
    assert sorted(p.name for p in database.parent.iterdir()) == ["coach.db"]
    code, out, _ = run(capsys, "doctor")
    assert code == 1 and "-- database" in out and "coach doctor --repair" in out
    # The explicit repair says where the old file went; then the history works again.
    code, out, _ = run(capsys, "doctor", "--repair")
    (moved,) = database.parent.glob("coach.db.corrupt-*")
    assert moved.read_bytes() == b"not sqlite" * 100
    assert str(moved) in out and "ok database" in out
    code, out, err = run(capsys, "drink")
    assert code == 0 and "Logged 250 ml" in out and err == ""


def test_a_newer_coachs_history_is_shown_and_never_written(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sqlite3

    run(capsys, "drink", "100ml")
    conn = sqlite3.connect(paths.database_file())
    conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    conn.execute("UPDATE settings SET value = '7.0' WHERE key = 'coach_version'")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["today"]["water_ml"] == 100  # shown
    assert err.count("\n") == 1 and "coach 7.0" in err and "read-only" in err
    code, out, err = run(capsys, "drink")
    assert code == 2 and out == "" and err.count("\n") == 1 and "coach 7.0" in err
    code, out, _ = run(capsys, "doctor")
    assert "-- database" in out and "read-only" in out
    assert sorted(p.name for p in paths.data_dir().iterdir() if ".db." in p.name) == []
    with Journal() as journal:
        assert journal.water_on(now().date()) == 100


def test_safety_prints_the_red_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "safety")
    assert code == 0
    assert "GET EMERGENCY HELP NOW" in out and "does not diagnose" in out


def test_history_commands_do_not_import_textual(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from coach.cli import main; "
        "main(['drink']); main(['stats']); main(['history']); main(['pain', '2']); "
        "main(['log', 'walk', '30m']); "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    env = {
        "XDG_DATA_HOME": str(tmp_path / "d"),
        "XDG_CONFIG_HOME": str(tmp_path / "c"),
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
