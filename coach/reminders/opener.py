"""Where "Start break" opens the routine: a tmux window, the configured terminal, or one found.

When the user presses "Start break" on a desktop notification, the daemon runs
`coach run <routine>` where they will see it:

1. inside tmux (the daemon was started in a tmux pane: `$TMUX`), a new tmux window
   in the session the daemon was started from, or the most recent one if it is gone;
2. else the `terminal:` command from config.yaml (`["foot", "-e"]`), the routine's
   command appended;
3. else the first that exists of `xdg-terminal-exec`, `$TERMINAL -e`,
   `x-terminal-emulator -e`, `gnome-terminal --`, `konsole -e`, `kitty`,
   `alacritty -e`, `wezterm start --`, `foot`, `xterm -e` (only with a display to
   open a window on: `$DISPLAY` or `$WAYLAND_DISPLAY`).

`find_opener` chooses (no process started: `coach doctor` says which); `open_break`
starts it and says what went wrong, if anything. If nothing can be opened the
reminder says which command to type (`coach.reminders.daemon`). No Textual here.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

Which = Callable[[str], str | None]

# (program, the arguments before the command it runs), in the order they are tried.
TERMINALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("xdg-terminal-exec", ()),
    ("$TERMINAL", ("-e",)),
    ("x-terminal-emulator", ("-e",)),
    ("gnome-terminal", ("--",)),
    ("konsole", ("-e",)),
    ("kitty", ()),
    ("alacritty", ("-e",)),
    ("wezterm", ("start", "--")),
    ("foot", ()),
    ("xterm", ("-e",)),
)
TMUX_TIMEOUT = 5.0
WINDOW_NAME = "coach"
# A tmux window starts with the tmux server's environment, not the daemon's: these go
# with it, so the routine keeps its history, locks and config where the daemon does.
CARRIED = (
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
    "XDG_RUNTIME_DIR",
)


@dataclass(frozen=True)
class Opener:
    """How a routine's command will be opened."""

    how: str  # "tmux" | "config" | "terminal"
    prefix: tuple[str, ...]  # the arguments before the command (a terminal's)
    description: str  # for `coach doctor` and the daemon's log
    tmux_socket: str | None = None
    tmux_pane: str | None = None  # the pane the daemon was started in


def tmux_socket(env: Mapping[str, str]) -> str | None:
    """The socket of the tmux server this process runs inside (`$TMUX`), or None."""
    value = env.get("TMUX", "")
    socket = value.split(",", 1)[0]
    return socket or None


def has_display(env: Mapping[str, str]) -> bool:
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def find_opener(
    configured: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    which: Which | None = None,
) -> Opener | None:
    """The way "Start break" opens a routine here, or None when nothing can.

    Programs are looked up on `env`'s PATH (the daemon's environment by default)."""
    env = os.environ if env is None else env
    if which is None:
        path = env.get("PATH")

        def which(name: str) -> str | None:
            return shutil.which(name, path=path)

    socket = tmux_socket(env)
    if socket is not None and which("tmux") is not None:
        pane = env.get("TMUX_PANE") or None
        return Opener(
            "tmux",
            (),
            "a new tmux window in the session coach remind was started from",
            tmux_socket=socket,
            tmux_pane=pane,
        )
    if configured:
        program = which(configured[0])
        if program is not None:
            text = shlex.join(configured)
            return Opener("config", (program, *configured[1:]), f"{text} (terminal: in config)")
    if not has_display(env):
        return None
    for name, arguments in TERMINALS:
        if name == "$TERMINAL":
            name = env.get("TERMINAL", "").strip()
            if not name:
                continue
        program = which(name)
        if program is not None:
            return Opener("terminal", (program, *arguments), shlex.join((name, *arguments)))
    return None


def describe_opener(
    configured: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    which: Which | None = None,
) -> tuple[str, bool]:
    """For `coach doctor`: where "Start break" opens the routine, and whether it can."""
    opener = find_opener(configured, env, which)
    if opener is not None:
        return opener.description, True
    env = os.environ if env is None else env
    why = (
        f"`terminal: {list(configured)}` in the config is not on PATH"
        if configured
        else "no terminal found"
        if has_display(env)
        else "no display ($DISPLAY, $WAYLAND_DISPLAY) and not inside tmux"
    )
    return f"nothing ({why}): a reminder says which command to type", False


def tmux_argv(
    opener: Opener,
    command: Sequence[str],
    session: str | None,
    env: Mapping[str, str] | None = None,
) -> list[str]:
    """`tmux new-window` running `command` in `session` (None: the most recent one), with
    the daemon's folders (`CARRIED`) from `env`."""
    env = os.environ if env is None else env
    argv = ["tmux"]
    if opener.tmux_socket:
        argv += ["-S", opener.tmux_socket]
    argv += ["new-window", "-n", WINDOW_NAME]
    for name in CARRIED:
        if env.get(name):
            argv += ["-e", f"{name}={env[name]}"]
    if session:
        argv += ["-t", f"{session}:"]
    return [*argv, shlex.join(command)]


def tmux_session_of(opener: Opener) -> str | None:
    """The session the daemon's pane is in (`$1`), or None when it is gone."""
    if not opener.tmux_pane:
        return None
    from coach.shell import run_command

    argv = ["tmux"]
    if opener.tmux_socket:
        argv += ["-S", opener.tmux_socket]
    argv += ["display-message", "-p", "-t", opener.tmux_pane, "#{session_id}"]
    result = run_command(argv, timeout=TMUX_TIMEOUT)
    session = result.stdout.strip() if result.ok else ""
    return session or None


def tmux_env() -> dict[str, str]:
    """The environment for tmux commands: without `$TMUX`, whose session may be gone
    (tmux then picks the most recently used one)."""
    return {key: value for key, value in os.environ.items() if key != "TMUX"}


def open_in_tmux(opener: Opener, command: Sequence[str]) -> str | None:
    """A new tmux window running `command`; None when it opened, else why not."""
    from coach.shell import run_command

    session = tmux_session_of(opener)
    result = run_command(tmux_argv(opener, command, session), timeout=TMUX_TIMEOUT, env=tmux_env())
    if not result.ok and session is not None:  # the session went: the most recent one
        result = run_command(tmux_argv(opener, command, None), timeout=TMUX_TIMEOUT, env=tmux_env())
    if result.ok:
        return None
    return result.problem or f"tmux new-window exited with status {result.returncode}"


def terminal_argv(opener: Opener, command: Sequence[str]) -> list[str]:
    return [*opener.prefix, *command]
