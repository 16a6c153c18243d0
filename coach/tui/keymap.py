"""The user's keymap (config `keys:`), as the app applies it with `App.set_keymap`."""

from __future__ import annotations

from collections.abc import Mapping

# Bindings that share a key with another and should follow it when a user moves that one
# (space pauses and resumes: moving "pause" to p moves "resume" too).
FOLLOWING_BINDINGS = {"resume": "pause"}


def expand_keymap(keymap: Mapping[str, str]) -> dict[str, str]:
    """The user's keymap plus the bindings that follow the ones it moves."""
    expanded = dict(keymap)
    for follower, leader in FOLLOWING_BINDINGS.items():
        if leader in keymap and follower not in keymap:
            expanded[follower] = keymap[leader]
    return expanded
