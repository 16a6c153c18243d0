"""Changing one setting in the user's config (`coach.config.edit`): the value on its own
line, the comment and everything else kept, read back before it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.config import default_config_text, load_config
from coach.config.edit import edited_text, set_values
from coach.errors import CoachError

WATER = {"goal": "1.5l", "enabled": "false"}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # the values replaced in place, their comments kept in their column
            "water:\n  enabled: true         # remind me\n  goal: 2l              # per day\n",
            "water:\n  enabled: false        # remind me\n  goal: 1.5l            # per day\n",
        ),
        (  # a missing key added at the end of its section, in its indent
            "water:\n    every: 1h\n\nwork:\n  days: daily\n",
            "water:\n    every: 1h\n    goal: 1.5l\n    enabled: false\n\nwork:\n  days: daily\n",
        ),
        (  # a missing section added at the end
            "sound: true",
            "sound: true\nwater:\n  goal: 1.5l\n  enabled: false\n",
        ),
        (  # a commented-out key is not the key: a live line is added
            "water:\n  # goal: 3l\n  enabled: true\n",
            "water:\n  # goal: 3l\n  enabled: false\n  goal: 1.5l\n",
        ),
    ],
)
def test_a_value_is_set_on_its_own_line(before: str, after: str) -> None:
    assert edited_text(before, "water", WATER) == after


def test_the_default_file_changes_only_on_the_two_lines(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    config = set_values("water", WATER, lambda c: c.water_goal_ml == 1500, path)
    assert (config.water_goal_ml, config.water_enabled) == (1500, False)
    assert load_config(path) == config
    before = default_config_text().splitlines()
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert [new.split("#")[0].strip() for _, new in changed] == ["enabled: false", "goal: 1.5l"]
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("text", "values", "said"),
    [
        ("water: {goal: 2l}\n", {"goal": "1.5l"}, "could not change the config"),  # flow
    ],
)
def test_a_change_the_file_would_not_mean_is_refused_and_nothing_written(
    tmp_path: Path, text: str, values: dict[str, str], said: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CoachError) as raised:
        set_values("water", values, lambda c: c.water_goal_ml == 1500, path)
    message = str(raised.value)
    assert said in message and "yourself" in message and str(path) in message
    assert path.read_text(encoding="utf-8") == text


def test_a_value_out_of_range_is_said_in_the_configs_own_words(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("water:\n  goal: 2l\n", encoding="utf-8")
    with pytest.raises(CoachError) as raised:
        set_values("water", {"goal": "50l"}, lambda c: True, path)
    message = str(raised.value)
    assert message.startswith("water.goal: ") and "50l" in message
    assert "yourself" not in message  # by hand it would be just as wrong
    assert path.read_text(encoding="utf-8") == "water:\n  goal: 2l\n"
