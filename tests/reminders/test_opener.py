"""Which terminal "Start break" opens a routine in (coach.reminders.opener), and doctor's line."""

from __future__ import annotations

import pytest

from coach.reminders.opener import describe_opener, find_opener, tmux_argv

INSTALLED = {
    "tmux": "/usr/bin/tmux",
    "foot": "/usr/bin/foot",
    "xterm": "/usr/bin/xterm",
    "gnome-terminal": "/usr/bin/gnome-terminal",
    "my-term": "/opt/bin/my-term",
}
X11 = {"DISPLAY": ":0"}


def which_of(*names: str):  # type: ignore[no-untyped-def]
    return lambda name: INSTALLED.get(name) if name in names else None


@pytest.mark.parametrize(
    ("configured", "env", "installed", "how", "argv"),
    [
        # Inside tmux: a tmux window, whatever else there is.
        ((), {**X11, "TMUX": "/tmp/tmux-0/default,1,0"}, ("tmux", "foot"), "tmux", ()),
        # The config's terminal comes next, with its own arguments.
        (("foot", "-e"), X11, ("foot", "xterm"), "config", ("/usr/bin/foot", "-e")),
        (("foot", "-e"), {}, ("foot",), "config", ("/usr/bin/foot", "-e")),  # trusted
        # Then the first found, in the documented order.
        ((), X11, ("xterm", "foot"), "terminal", ("/usr/bin/foot",)),
        ((), X11, ("xterm", "gnome-terminal"), "terminal", ("/usr/bin/gnome-terminal", "--")),
        (
            (),
            {**X11, "TERMINAL": "my-term"},
            ("my-term", "foot"),
            "terminal",
            ("/opt/bin/my-term", "-e"),
        ),
        ((), {"WAYLAND_DISPLAY": "wayland-0"}, ("xterm",), "terminal", ("/usr/bin/xterm", "-e")),
        # A configured terminal that is not installed: the search goes on.
        (("kitty",), X11, ("xterm",), "terminal", ("/usr/bin/xterm", "-e")),
    ],
    ids=[
        "tmux first",
        "config terminal",
        "config without a display",
        "foot before xterm",
        "gnome-terminal --",
        "$TERMINAL -e",
        "wayland",
        "configured one missing",
    ],
)
def test_where_start_break_opens_the_routine(
    configured: tuple[str, ...],
    env: dict[str, str],
    installed: tuple[str, ...],
    how: str,
    argv: tuple[str, ...],
) -> None:
    opener = find_opener(configured, env, which_of(*installed))
    assert opener is not None
    assert (opener.how, opener.prefix) == (how, argv)


def test_without_a_display_or_tmux_nothing_opens_and_doctor_says_why() -> None:
    assert find_opener((), {}, which_of("xterm", "foot")) is None
    text, ok = describe_opener((), {}, which_of("xterm"))
    assert not ok
    assert text == (
        "nothing (no display ($DISPLAY, $WAYLAND_DISPLAY) and not inside tmux): "
        "a reminder says which command to type"
    )
    text, ok = describe_opener((), X11, which_of())
    assert not ok and text.startswith("nothing (no terminal found)")
    text, ok = describe_opener((), X11, which_of("foot"))
    assert ok and text == "foot"


def test_tmux_opens_a_window_in_the_daemons_session_or_the_most_recent() -> None:
    opener = find_opener((), {"TMUX": "/tmp/tmux-0/work,1,0", "TMUX_PANE": "%3"}, which_of("tmux"))
    assert opener is not None and opener.tmux_pane == "%3"
    command = ["/venv/bin/coach", "run", "desk break"]
    env = {"XDG_DATA_HOME": "/home/me/data", "PATH": "/bin"}  # the daemon's folders go along
    assert tmux_argv(opener, command, "$1", env) == [
        "tmux", "-S", "/tmp/tmux-0/work", "new-window", "-n", "coach",
        "-e", "XDG_DATA_HOME=/home/me/data", "-t", "$1:", "/venv/bin/coach run 'desk break'",
    ]  # fmt: skip
    assert "-t" not in tmux_argv(opener, command, None, env)  # the session is gone: the latest
