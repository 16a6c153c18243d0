"""The config is declared once: the commented file, docs/config.md and the keymap ids
all come from coach.config's declaration, and these tests fail when they drift."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import time
from pathlib import Path

import pytest

from coach.config import Config, default_config_text, parse_config_text
from coach.config.bindings import BINDING_IDS
from coach.config.document import config_markdown
from coach.config.readers import merge_ranges
from coach.config.settings import SECTIONS, TOP_LEVEL

REPO = Path(__file__).resolve().parents[2]


def test_docs_config_md_is_generated_from_the_declaration() -> None:
    """Regenerate with: python -m coach.config.document > docs/config.md"""
    assert (REPO / "docs/config.md").read_text(encoding="utf-8") == config_markdown()


def test_readme_points_at_the_generated_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The config file", 1)[1].split("\n### ", 1)[0]
    assert "docs/config.md" in section
    assert "```yaml" not in section  # the settings and defaults are said in one place


def test_the_commented_file_means_exactly_the_defaults() -> None:
    config, error = parse_config_text(default_config_text(), "config.yaml")
    assert error is None
    assert config == Config()


def test_every_setting_is_in_the_file_and_the_docs() -> None:
    text, docs = default_config_text(), config_markdown()
    for section in SECTIONS:
        assert f"\n{section.name}:" in text
        for setting in section.settings:
            assert f"  {setting.key}: " in text or f"  # {setting.key}: " in text
            assert f"| `{setting.key}` |" in docs
    for setting in TOP_LEVEL:
        assert f"\n{setting.key}: " in text


def test_the_keymap_ids_are_the_tui_binding_ids() -> None:
    from textual.binding import Binding

    import coach.tui

    found: set[str] = set()
    for info in pkgutil.walk_packages(coach.tui.__path__, "coach.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            for binding in getattr(cls, "BINDINGS", None) or []:
                if isinstance(binding, Binding) and binding.id:
                    found.add(binding.id)
    assert sorted(found) == sorted(BINDING_IDS)


def test_unknown_keymap_names_are_located_with_a_suggestion() -> None:
    config, error = parse_config_text("keymap:\n  pauze: p\n  mute: x\n", "config.yaml")
    assert error is not None
    assert [str(e) for e in error.errors] == [
        'config.yaml:2:3: keymap.pauze: unknown binding (did you mean "pause"?); '
        "docs/config.md lists them"
    ]
    assert config.keymap == {"mute": "x"}


def test_both_every_and_at_minute_keep_every_and_drop_at_minute() -> None:
    config, error = parse_config_text("sitting:\n  every: 50m\n  at_minute: 30\n", "c.yaml")
    assert error is not None
    assert config.sitting_interval == 50 * 60
    assert config.align_minute is None


def t(text: str) -> time:
    return time(int(text[:2]), int(text[3:]))


@pytest.mark.parametrize(
    ("ranges", "merged"),
    [
        ([], []),
        (["12:30-13:30", "22:00-07:00"], ["12:30-13:30", "22:00-07:00"]),
        (["12:00-13:00", "12:30-14:00", "12:00-13:00"], ["12:00-14:00"]),
        (["12:00-13:00", "13:00-14:00"], ["12:00-14:00"]),
        (["23:00-01:00", "00:30-02:00"], ["23:00-02:00"]),
        (["00:00-07:00"], ["00:00-07:00"]),
        (["22:00-00:00"], ["22:00-00:00"]),
        (["00:00-12:00", "12:00-00:00"], ["00:00-00:00"]),
        (["08:00-09:00", "06:00-07:00"], ["06:00-07:00", "08:00-09:00"]),
    ],
)
def test_quiet_hours_are_merged_before_use(ranges: list[str], merged: list[str]) -> None:
    given = [(t(r[:5]), t(r[6:])) for r in ranges]
    assert merge_ranges(given) == tuple((t(r[:5]), t(r[6:])) for r in merged)


def test_twenty_thousand_quiet_ranges_become_a_few() -> None:
    items = ", ".join(f'"12:{m % 60:02d}-13:{m % 60:02d}"' for m in range(20_000))
    config, error = parse_config_text(f"quiet_hours: [{items}]\n", "config.yaml")
    assert error is None
    assert config.quiet_hours == ((time(12, 0), time(13, 59)),)


def test_too_many_separate_quiet_ranges_are_refused() -> None:
    items = ", ".join(
        f'"{h:02d}:{m:02d}-{h:02d}:{m + 1:02d}"' for h in range(10) for m in (0, 10, 20, 30, 40, 50)
    )
    config, error = parse_config_text(f"quiet_hours: [{items}]\n", "config.yaml")
    assert error is not None
    assert "60 separate quiet ranges; keep to 48 or fewer" in str(error)
    assert config.quiet_hours == ()
