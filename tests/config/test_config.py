from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from coach import paths
from coach.config import (
    Config,
    ConfigWatcher,
    default_config_text,
    ensure_config_file,
    load_config,
    load_config_or_default,
    parse_config_text,
    parse_days,
)
from coach.errors import InvalidFile


def parse(text: str) -> tuple[Config, list[str]]:
    config, error = parse_config_text(text, "config.yaml")
    return config, [str(problem) for problem in error.errors] if error else []


def test_the_commented_default_file_means_the_defaults() -> None:
    config, errors = parse(default_config_text())
    assert errors == []
    assert config == Config()


def test_first_run_writes_the_commented_file_once() -> None:
    path = ensure_config_file()
    assert path == paths.config_file()
    assert "# coach settings" in path.read_text()
    path.write_text("sitting:\n  every: 50m\n")
    ensure_config_file()
    assert path.read_text() == "sitting:\n  every: 50m\n"
    assert load_config().sitting_interval == 50 * 60


def test_a_missing_or_empty_file_means_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "nope.yaml") == Config()
    assert parse("") == (Config(), [])
    assert parse("# only a comment\n") == (Config(), [])


def test_settings_are_read() -> None:
    config, errors = parse(
        """\
sitting:
  every: 50m
  routine: neck-release
  break_length: 3m
water:
  every: 2h
  goal: 2.5l
  glass: 300ml
work:
  days: [mon, wed, fri]
  start: 8:30      # unquoted: YAML 1.1 would read a base-60 number
  end: 17:00
  timezone: Europe/Berlin
quiet_hours: ["12:30-13:30", "22:00-07:00"]
snooze:
  length: 5m
  max_in_a_row: 3
sound:
  enabled: false
  volume: 60%
meetings:
  defer_when_mic_in_use: false
  defer_if: "pgrep -x zoom"
  max_defer: 45m
goals:
  active_minutes: 200
  strength_days: 3
keymap:
  start_break: b
  log_water: ctrl+w
"""
    )
    assert errors == []
    assert config.sitting_interval == 3000
    assert config.break_routine == "neck-release"
    assert config.break_length == 180
    assert (config.water_interval, config.water_goal_ml, config.glass_ml) == (7200, 2500, 300)
    assert config.work_days == frozenset({0, 2, 4})
    assert (config.work_start, config.work_end) == (time(8, 30), time(17, 0))
    assert config.timezone == "Europe/Berlin"
    assert config.quiet_hours == ((time(12, 30), time(13, 30)), (time(22, 0), time(7, 0)))
    assert (config.snooze, config.max_snoozes) == (300, 3)
    assert (config.sound, config.volume) == (False, 0.6)
    assert config.defer_when_mic_in_use is False
    assert config.defer_if == "pgrep -x zoom"
    assert config.max_defer == 45 * 60
    assert (config.weekly_active_minutes, config.weekly_strength_days) == (200, 3)
    assert config.keymap == {"start_break": "b", "log_water": "ctrl+w"}


def test_clock_aligned_reminders_and_anytime() -> None:
    config, errors = parse("sitting:\n  at_minute: 50\nwork: always\n")
    assert errors == []
    assert config.align_minute == 50
    assert config.anytime is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "sitting:\n  evry: 1h\n",
            'config.yaml:2:3: sitting.evry: unknown setting (did you mean "every"?)',
        ),
        (
            "sittin:\n  every: 1h\n",
            'config.yaml:1:1: sittin: unknown setting (did you mean "sitting"?)',
        ),
        (
            "sitting:\n  every: 1 hour\n",
            "config.yaml:2:10: sitting.every: "
            'expected a duration like 30s, 2m or 1m30s, got "1 hour"',
        ),
        (
            "sitting:\n  every: 5s\n",
            'config.yaml:2:10: sitting.every: expected between 1m and 24h, got "5s"',
        ),
        (
            "work:\n  start: 25:00\n",
            'config.yaml:2:10: work.start: expected a time like "09:00", got "25:00"',
        ),
        (
            "work:\n  days: [mon, tus]\n",
            'config.yaml:2:15: work.days: unknown day "tus" (did you mean "tue"?); '
            "use mon, tue, wed, thu, fri, sat, sun or a range like mon-fri",
        ),
        (
            "work:\n  timezone: Europe/Berln\n",
            'config.yaml:2:13: work.timezone: unknown time zone "Europe/Berln" '
            '(did you mean "Europe/Berlin"?)',
        ),
        (
            'quiet_hours: ["12:00-13:00", "noon"]\n',
            'config.yaml:1:30: quiet_hours: expected a range like "12:30-13:30", got "noon"',
        ),
        (
            "sound:\n  volume: 3\n",
            "config.yaml:2:11: sound.volume: expected from 0 to 1 (or 0% to 100%), got 3",
        ),
        (
            "sound:\n  enabled: maybe\n",
            'config.yaml:2:12: sound.enabled: expected true or false, got "maybe"',
        ),
        (
            "snooze:\n  max_in_a_row: -1\n",
            "config.yaml:2:17: snooze.max_in_a_row: expected a whole number from 0 to 10, got -1",
        ),
        (
            "water:\n  goal: lots\n",
            'config.yaml:2:9: water.goal: expected an amount like 250ml or 0.5l, got "lots"',
        ),
        (
            "water:\n  goal: 1l\n  glass: 2l\n",
            "config.yaml:3:10: water.glass: a glass cannot hold more than the daily goal",
        ),
        (
            "sitting:\n  every: 1h\n  at_minute: 50\n",
            "config.yaml:3:14: sitting.at_minute: use either `every` or `at_minute`, not both",
        ),
        (
            'work:\n  start: "09:00"\n  end: "09:00"\n',
            "config.yaml:3:8: work.end: the working day needs an end different from its start",
        ),
        (
            "sitting: 1h\n",
            "config.yaml:1:10: sitting: expected settings under it "
            "(enabled, every, at_minute, routine, rotate, break_length)",
        ),
        (
            "- sitting\n",
            "config.yaml:1:1: expected settings like `sitting:` and `water:` at the top",
        ),
        (
            "sitting:\n  every: 1h\n  every: 2h\n",
            "config.yaml:3:3: sitting.every: set twice; keep one",
        ),
        (
            "keymap:\n  Start Break: b\n",
            "config.yaml:2:3: keymap.Start Break: expected a binding id like start_break",
        ),
        (
            "sitting:\n  every: [1h\n",
            "config.yaml:3:1: not valid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence on line 2)",
        ),
        # YAML 1.2, as for routines: yes/no/on/off are text, 1:30 is no number
        (
            "sound:\n  enabled: off\n",
            "config.yaml:2:12: sound.enabled: off is text in YAML 1.2: use true or false "
            "(write false)",
        ),
        (
            "sitting:\n  every: 1:30\n",
            "config.yaml:2:10: sitting.every: 1:30 is text in YAML 1.2, not a duration: "
            "write 1m30s",
        ),
    ],
)
def test_mistakes_are_located_and_explained(text: str, expected: str) -> None:
    _, errors = parse(text)
    assert errors == [expected]


def test_a_broken_setting_falls_back_to_its_default_and_keeps_the_rest() -> None:
    config, errors = parse(
        "sitting:\n  every: soon\n  routine: neck-release\nsnooze:\n  length: 5m\n"
    )
    assert len(errors) == 1
    assert config.sitting_interval == Config.sitting_interval
    assert config.break_routine == "neck-release"
    assert config.snooze == 300


def test_load_config_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("sitting:\n  every: soon\nwater:\n  goal: lots\n")
    with pytest.raises(InvalidFile) as caught:
        load_config(path)
    assert [error.location.line for error in caught.value.errors] == [2, 4]
    assert str(caught.value).startswith(f"{path}:2:10: sitting.every:")
    config, error = load_config_or_default(path)
    assert error is not None and config == Config()


@pytest.mark.parametrize(
    ("items", "days"),
    [
        (["mon-fri"], {0, 1, 2, 3, 4}),
        (["mon", "wed", "fri"], {0, 2, 4}),
        (["fri-mon"], {4, 5, 6, 0}),
        (["weekdays"], {0, 1, 2, 3, 4}),
        (["weekends"], {5, 6}),
        (["daily"], set(range(7))),
        (["Monday, Tuesday"], {0, 1}),
        (["sat", "sun", "sat"], {5, 6}),
    ],
)
def test_days(items: list[str], days: set[int]) -> None:
    assert parse_days(items) == frozenset(days)


def test_the_watcher_sees_each_change_once(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    watcher = ConfigWatcher(path)
    assert not watcher.changed()
    path.write_text("sitting:\n  every: 50m\n")
    assert watcher.changed()
    assert not watcher.changed()
    path.write_text("sitting:\n  every: 40m\n  routine: desk-break\n")
    assert watcher.changed()
    path.unlink()
    assert watcher.changed()
