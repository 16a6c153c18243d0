"""Changing one setting in the user's config file, keeping everything else they wrote.

The config is the user's own commented YAML, so coach never rewrites it whole: `set_values`
replaces the value on a key's own line inside its section (`water:` then `  goal: 2l`),
keeps the comment after it, adds the line when the key is missing, or the section when
that is missing too. The new text is read back with the config's own parser before it is
written; if it does not say exactly what was asked (a flow mapping `water: {goal: 2l}`, a
key given twice, a value out of range), nothing is written and the error says which line
to write by hand. Written atomically and private (`coach.paths.write_private_text`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from coach import paths
from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.config.model import Config


def set_values(
    section: str,
    values: Mapping[str, str],
    check: Callable[[Config], bool],
    path: Path | None = None,
) -> Config:
    """Set `section: {key: value}` for each of `values` (YAML scalars as text, like "1.5l")
    in the config at `path` (default: the user's; made from the commented default first).

    `check(config)` says whether the file as read back means what was asked; the config
    it means is returned. Raises CoachError (nothing written) when a value is wrong (its
    field and the config's own words: "water.goal: expected between …"), when the file
    would not mean what was asked, or when it cannot be read or written.
    """
    from coach.config import ensure_config_file, parse_config_text
    from coach.yamlsafe import read_text

    path = path or paths.config_file()
    wanted = "; ".join(f"{section}: {key}: {value}" for key, value in values.items())
    hand = f"write {wanted} in {path} yourself"
    try:
        ensure_config_file(path)
        text = read_text(path, what="config files")
    except (OSError, CoachError) as error:
        raise CoachError(f"could not read the config ({error}); {hand}") from None
    changed = edited_text(text, section, values)
    config, problem = parse_config_text(changed, str(path))
    ours = {f"{section}.{key}" for key in values}
    for located in problem.errors if problem is not None else []:
        if located.field in ours:  # the value itself is wrong: written by hand it would be too
            raise CoachError(f"{located.field}: {located.message}")
    if problem is not None or not check(config):
        why = f": {problem.errors[0]}" if problem is not None and problem.errors else ""
        raise CoachError(f"could not change the config{why}; {hand}")
    try:
        paths.write_private_text(path, changed)
    except OSError as error:
        raise CoachError(f"could not write the config ({error}); {hand}") from None
    return config


def edited_text(text: str, section: str, values: Mapping[str, str]) -> str:
    """`text` with each `key: value` set inside `section` (a block mapping at the top level)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    header = re.compile(rf"^{re.escape(section)}:\s*(#.*)?$")
    start = next((n for n, line in enumerate(lines) if header.match(line.rstrip("\n"))), None)
    if start is None:
        lines.append(f"{section}:\n")
        lines.extend(f"  {key}: {value}\n" for key, value in values.items())
        return "".join(lines)
    end = start + 1  # the section's block: indented lines, blank lines and comments
    while end < len(lines) and (lines[end][:1] in (" ", "\t", "\n", "#") or not lines[end]):
        end += 1
    block = lines[start + 1 : end]
    # The section's own indent, from its first key ("  " for a section without one).
    keyed = (re.match(r"([ \t]+)\w", line) for line in block)
    indent = next((found.group(1) for found in keyed if found), "  ")
    for key, value in values.items():
        pattern = re.compile(
            rf"^({re.escape(indent)}{re.escape(key)}:[ \t]*)([^#\n]*?)([ \t]*#.*)?$"
        )
        for n, line in enumerate(block):
            found = pattern.match(line.rstrip("\n"))
            if found:
                old = found.group(2)
                comment = found.group(3) or ""
                # Keep the comment where it was when the new value fits before it.
                room = len(old) + len(comment) - len(comment.lstrip())
                gap = " " * max(room - len(value), 1) if comment else ""
                block[n] = f"{found.group(1)}{value}{gap}{comment.lstrip()}\n"
                break
        else:
            last = max((n for n, line in enumerate(block) if line.strip()), default=-1)
            block.insert(last + 1, f"{indent}{key}: {value}\n")
    return "".join(lines[: start + 1] + block + lines[end:])
