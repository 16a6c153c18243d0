"""Hostile or broken config files: located errors and the defaults, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.config import Config, load_config_or_default, parse_config_text

BIG = "9" * 400


def errors_of(text: str) -> tuple[Config, list[str]]:
    config, error = parse_config_text(text, "config.yaml")
    return config, [str(problem) for problem in error.errors] if error else []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"water:\n  glass: {BIG}\n",
            "config.yaml:2:10: water.glass: 999999999999999999999999999999999999999… "
            "is far too much",
        ),
        (
            f"water:\n  goal: {BIG}ml\n",
            "config.yaml:2:9: water.goal: 999999999999999999999999999999999999999… is far too much",
        ),
        (
            f"sitting:\n  every: {BIG}s\n",
            "config.yaml:2:10: sitting.every: 999999999999999999999999999999999999999… "
            "is far too long for a duration",
        ),
        (
            f"snooze:\n  max_in_a_row: {BIG}\n",
            "config.yaml:2:17: snooze.max_in_a_row: expected a whole number from 0 to 10, "
            "got 999999999999999999999999999999999999999…",
        ),
        (
            f"sound:\n  volume: {BIG}\n",
            "config.yaml:2:11: sound.volume: expected from 0 to 1 (or 0% to 100%), "
            "got 999999999999999999999999999999999999999…",
        ),
        (
            "sound:\n  volume: .nan\n",
            "config.yaml:2:11: sound.volume: expected a number from 0 to 1, or a percentage, "
            'got ".nan"',
        ),
        (
            "water:\n  glass: 0.4ml\n",
            "config.yaml:2:10: water.glass: an amount must be at least 1 ml, got '0.4ml'",
        ),
    ],
)
def test_absurd_numbers_are_located_errors(text: str, expected: str) -> None:
    config, errors = errors_of(text)
    assert errors == [expected]
    assert config == Config()


def test_deep_nesting_is_refused_with_its_place() -> None:
    config, errors = errors_of("keymap: " + "[" * 500 + "]" * 500 + "\n")
    assert errors == [
        "config.yaml:1:28: nests lists or mappings more than 20 levels deep; the config needs 3"
    ]
    assert config == Config()


def test_block_nesting_is_refused_too() -> None:
    nested = "".join(" " * level + f"k{level}:\n" for level in range(1, 500))
    config, errors = errors_of("sitting:\n" + nested)
    assert len(errors) == 1 and "levels deep" in errors[0]
    assert config == Config()


def test_a_huge_config_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"# " + b"x" * 30_000_000 + b"\n")
    config, error = load_config_or_default(path)
    assert error is not None
    assert [str(e) for e in error.errors] == [
        f"{path}: is larger than 1 MB; config files are small"
    ]
    assert config == Config()


def test_bad_utf8_is_reported_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"sitting:\n  routine: caf\xe9\n")
    config, error = load_config_or_default(path)
    assert error is not None
    assert [str(e) for e in error.errors] == [
        f"{path}:2:15: is not UTF-8 text (byte 0xe9); save it as UTF-8 in your editor"
    ]
    assert config == Config()


def test_a_config_that_cannot_be_read_means_the_defaults_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.mkdir()
    config, error = load_config_or_default(path)
    assert config == Config()
    assert error is not None
    assert [str(e) for e in error.errors] == [f"{path}: is a folder, not a file"]


def test_yaml_tags_and_alias_bombs_are_refused() -> None:
    _, errors = errors_of("sitting:\n  every: !!python/object/apply:os.system [true]\n")
    assert errors == [
        "config.yaml:2:10: the tag !!python/object/apply:os.system is not allowed: coach files "
        "hold plain text, numbers and lists"
    ]
    bomb = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 10):
        bomb.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    _, errors = errors_of("\n".join(bomb) + "\n")
    assert len(errors) == 1 and "once its aliases" in errors[0]
