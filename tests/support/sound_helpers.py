"""Fakes for the sound tests: a recording backend, WAV writers and fake CLI players."""

from __future__ import annotations

import stat
import sys
import threading
import wave
from array import array
from collections.abc import Sequence
from pathlib import Path

from coach.sound import Clip


class RecordingBackend:
    """Keeps every clip it is asked to play; can fail, or block until released."""

    def __init__(self, name: str = "recorder", *, error: Exception | None = None) -> None:
        self.name = name
        self.error = error
        self.clips: list[Clip] = []
        self.closed = False
        self.entered = threading.Event()
        self.release: threading.Event | None = None  # set to make play() wait for it

    def play(self, clip: Clip) -> None:
        self.entered.set()
        if self.release is not None:
            assert self.release.wait(10), "the test never released the backend"
        if self.error is not None:
            raise self.error
        self.clips.append(clip)

    def close(self) -> None:
        self.closed = True


def write_wav(
    path: Path,
    samples: Sequence[int],
    *,
    rate: int = 22050,
    channels: int = 1,
    width: int = 2,
) -> Path:
    """A PCM WAV from 16-bit sample values (stored at `width` bytes per sample)."""
    data = array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    raw = data.tobytes()
    if width == 1:  # unsigned 8-bit: the high byte, offset by 128
        raw = bytes((raw[i + 1] + 128) & 0xFF for i in range(0, len(raw), 2))
    elif width > 2:  # pad with zero low bytes
        raw = b"".join(bytes(width - 2) + raw[i : i + 2] for i in range(0, len(raw), 2))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(raw)
    return path


def read_samples(path: Path) -> array[int]:
    with wave.open(str(path), "rb") as reader:
        samples = array("h", reader.readframes(reader.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def fake_player(folder: Path, name: str, body: str) -> Path:
    """An executable shell script called `name` in `folder`; "$1" is the WAV it is given."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def process_state(pid: int) -> str | None:
    """The process's state letter from /proc ("S", "R", "Z"...), or None once it is reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def wait_for_state(pid: int, wanted: tuple[str | None, ...], within: float = 3.0) -> str | None:
    """The process's state once it is one of `wanted`, or its last state after `within` seconds."""
    import time

    deadline = time.monotonic() + within
    state = process_state(pid)
    while state not in wanted and time.monotonic() < deadline:
        time.sleep(0.01)
        state = process_state(pid)
    return state
