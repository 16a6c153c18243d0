"""Run a helper program (loginctl, pactl, notify-send, the user's `defer_if`) safely.

Every call has a timeout and never raises: a missing program, a crash or a hang
all come back as a result the caller can read. On timeout the whole process
group is killed, so a `defer_if` shell command cannot leave children behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CommandResult:
    returncode: int | None  # None: it did not run to the end (missing, timed out, failed)
    stdout: str = ""
    problem: str = ""  # why it did not run, for logs and `coach doctor`

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_command(
    command: Sequence[str] | str,
    *,
    timeout: float,
    shell: bool = False,
    capture: bool = True,
    env: Mapping[str, str] | None = None,
) -> CommandResult:
    """Run `command`, wait at most `timeout` seconds. Never raises."""
    try:
        process = subprocess.Popen(
            command,
            shell=shell,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=dict(env) if env is not None else None,
            start_new_session=True,  # its own process group, so a timeout kills it all
            text=True,
        )
    except (OSError, ValueError) as error:
        return CommandResult(None, problem=f"cannot run it: {error}")
    try:
        stdout, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        return CommandResult(None, problem=f"no answer within {timeout:g} s")
    except (ValueError, OSError) as error:  # undecodable output (UnicodeDecodeError), a pipe
        _kill_group(process)
        return CommandResult(None, problem=str(error))
    return CommandResult(process.returncode, stdout or "")


def _kill_group(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired, ValueError, OSError):
        process.communicate(timeout=1)
