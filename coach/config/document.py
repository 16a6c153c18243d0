"""config.yaml in words, generated from the declaration (`coach.config.settings`):
the commented file coach writes on first start, and docs/config.md.

tests/config/test_config_docs.py fails when docs/config.md differs from what this
module generates, and checks that the commented file means exactly the defaults.
"""

from __future__ import annotations

from coach.config.bindings import BINDINGS
from coach.config.settings import SECTIONS, TOP_LEVEL, Setting

_COMMENT_COLUMN = 24

HEADER = """\
# coach settings. Check them with `coach doctor`; coach reloads this file when it
# changes. Durations read like 50m, 1h, 90s; times like "09:00" (keep the quotes);
# days like mon-fri or [mon, wed, fri]. Only true and false are yes/no answers.
# Every setting: docs/config.md in coach's repository.
"""


def _line(indent: str, setting: Setting) -> str:
    if setting.example:
        text = f"{indent}# {setting.key}: {setting.example}"
    else:
        text = f"{indent}{setting.key}: {setting.show(setting.default)}"
    return f"{text.ljust(_COMMENT_COLUMN - 2)}  # {setting.help}"


def default_config_text() -> str:
    """The commented config file: every setting at its default, optional ones commented out."""
    lines = [HEADER]
    for section in SECTIONS:
        head = f"{section.name}:"
        if section.help:
            head = f"{head.ljust(_COMMENT_COLUMN - 2)}  # {section.help}"
        lines.append(head)
        lines += [_line("  ", setting) for setting in section.settings]
        lines.append("")
    lines += [_line("", setting) for setting in TOP_LEVEL]
    return "\n".join(lines) + "\n"


def _default_cell(setting: Setting) -> str:
    if setting.example and setting.default is None:
        return f"none (e.g. `{setting.example}`)"
    return f"`{setting.show(setting.default)}`"


def config_markdown() -> str:
    """docs/config.md: every setting with its default and what it does, and the keymap ids."""
    out = [
        "# config.yaml",
        "",
        "<!-- Generated from coach/config/settings.py by coach.config.document; "
        "tests/config/test_config_docs.py fails when it is stale. -->",
        "",
        "`~/.config/coach/config.yaml` (or `$XDG_CONFIG_HOME/coach/config.yaml`) is written",
        "with comments the first time coach starts. Durations read like `50m`, `1h`,",
        '`90s`; times like `"09:00"` (keep the quotes); days like `mon-fri` or',
        "`[mon, wed, fri]`; only `true` and `false` are yes/no answers (YAML 1.2: `yes`",
        "and `off` are text). Mistakes are reported with their place and a suggestion,",
        'e.g. `config.yaml:2:3: sitting.evry: unknown setting (did you mean "every"?)`;',
        "coach keeps running with the default for each broken setting. Saved changes",
        "apply within a few seconds (or send the daemon `SIGHUP`).",
        "",
    ]
    for section in SECTIONS:
        title = f"## `{section.name}:`" + (f" ({section.help})" if section.help else "")
        out += [title, "", "| key | default | what |", "|---|---|---|"]
        out += [f"| `{s.key}` | {_default_cell(s)} | {s.help} |" for s in section.settings]
        out.append("")
    out += ["## Top level", "", "| key | default | what |", "|---|---|---|"]
    out += [f"| `{s.key}` | {_default_cell(s)} | {s.help} |" for s in TOP_LEVEL]
    out += [
        "",
        "Quiet hours may cross midnight (`22:00-07:00`); overlapping ranges are merged, and",
        "at most 48 separate ranges are kept.",
        "",
        "## Key bindings for `keymap:`",
        "",
        "Each binding id takes a key or a comma-separated list (`start_break: b`,",
        "`quit_app: q,ctrl+q`). An unknown id is reported with the nearest one.",
        "",
        "| binding id | where | does |",
        "|---|---|---|",
    ]
    out += [f"| `{key}` | {where} | {what} |" for key, (where, what) in BINDINGS.items()]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # python -m coach.config.document > docs/config.md
    print(config_markdown(), end="")
