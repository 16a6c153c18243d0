"""Spoken cues: short phrases said aloud by the system's speech synthesiser.

`Speaker.say(text)` never raises and never blocks: it leaves the text for a daemon worker
thread and returns. The worker starts one synthesiser process per phrase and never lets two
overlap: a newer phrase cancels an older one (the older process and its process group are
killed, so a countdown "3" cuts a long cue short instead of waiting behind it). Mute stops
the voice at once; volume, rate and voice apply from the next phrase.

Engines, tried in order (`default_engines`):

1. speech-dispatcher through `spd-say`, where it runs: the desktop's speech service, with
   the user's own voice settings. Phrases go at its `text` priority, at which a newer
   message replaces an older one in the server too. An `spd-say` that cannot reach the
   server exits non-zero; the speaker then drops it and says the phrase with the next one.
2. `espeak-ng` (or the older `espeak`), speaking straight to the sound device.
3. Nothing: silence (the session's tones still play).

Text is passed after `--`, with any leading dashes removed, so no phrase (an exercise's name
or cue comes from a user's file) can be read as an option.

`describe_voice()` is the line `coach doctor` prints. The phrases a session says come from
`coach.session.spoken`.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from coach.config.model import VOICE_RATES, Config

logger = logging.getLogger(__name__)

DEFAULT_RATE = Config.voice_rate  # words per minute (config.yaml's `voice: rate:`)
MIN_RATE, MAX_RATE = VOICE_RATES
MAX_PHRASE_CHARS = 300  # a cue, not a reading
POLL_SECONDS = 0.1  # how often the worker looks at a phrase being spoken
KILL_GRACE = 1.0  # s a killed synthesiser may take to go away before SIGKILL
DEBIAN_PACKAGES = "speech-dispatcher espeak-ng"


@dataclass(frozen=True)
class VoiceSettings:
    """How phrases sound. `volume` 1.0 is the synthesiser's normal loudness."""

    rate: int = DEFAULT_RATE  # words per minute
    voice: str = ""  # a voice name: espeak-ng's `-v` (e.g. en-gb), speech-dispatcher's `-y`
    volume: float = 0.8


def clean_text(text: str) -> str:
    """One line of at most MAX_PHRASE_CHARS, never starting with a dash."""
    line = " ".join(str(text).split())[:MAX_PHRASE_CHARS]
    return line.lstrip("- ").rstrip()


def _rate(settings: VoiceSettings) -> int:
    return min(MAX_RATE, max(MIN_RATE, int(settings.rate)))


def _volume(settings: VoiceSettings) -> float:
    level = float(settings.volume)
    return 0.0 if math.isnan(level) else min(1.0, max(0.0, level))


# --------------------------------------------------------------------------- engines


class Engine(Protocol):
    """A synthesiser: the command that says a phrase."""

    @property
    def name(self) -> str: ...

    def command(self, text: str, settings: VoiceSettings) -> list[str]: ...


class SpdSay:
    """speech-dispatcher's `spd-say`, at `text` priority (a newer phrase replaces an older).

    speech-dispatcher takes rate and volume from -100 to 100 with 0 its default: the rate
    is mapped from words per minute around espeak's 175, the volume so that 1.0 is 0.
    """

    name = "speech-dispatcher (spd-say)"

    def __init__(self, executable: str = "spd-say") -> None:
        self.executable = executable

    def command(self, text: str, settings: VoiceSettings) -> list[str]:
        rate = round((_rate(settings) / 175.0 - 1.0) * 100)
        volume = round(_volume(settings) * 100) - 100
        argv = [self.executable, "--application-name", "coach", "--priority", "text"]
        argv += ["--rate", str(min(100, max(-100, rate))), "--volume", str(volume)]
        if settings.voice:
            argv += ["--synthesis-voice", settings.voice]
        return [*argv, "--", clean_text(text)]


class EspeakNg:
    """`espeak-ng` (or `espeak`): speaks on the default sound device, or into a WAV file."""

    def __init__(self, executable: str = "espeak-ng", *, wav: Path | None = None) -> None:
        self.executable = executable
        self.wav = wav  # write every phrase to this file instead of speaking it (tests)
        self.name = Path(executable).name

    def command(self, text: str, settings: VoiceSettings) -> list[str]:
        argv = [self.executable, "-s", str(_rate(settings))]
        argv += ["-a", str(round(_volume(settings) * 100))]
        if settings.voice:
            argv += ["-v", settings.voice]
        if self.wav is not None:
            argv += ["-w", str(self.wav)]
        return [*argv, "--", clean_text(text)]


def default_engines() -> list[Engine]:
    """spd-say, then espeak-ng (or espeak), whichever are on PATH."""
    engines: list[Engine] = []
    spd = shutil.which("spd-say")
    if spd:
        engines.append(SpdSay(spd))
    espeak = shutil.which("espeak-ng") or shutil.which("espeak")
    if espeak:
        engines.append(EspeakNg(espeak))
    return engines


# --------------------------------------------------------------------------- processes


class Running(Protocol):
    """A phrase being said: a synthesiser process, or a fake one in tests."""

    def poll(self) -> int | None:
        """Its exit status once it has ended, else None."""
        ...

    def stop(self) -> None:
        """End it now (and reap it). Never raises."""
        ...


Launcher = Callable[[list[str]], Running]


class SynthProcess:
    """A synthesiser in its own process group, never waited on by the caller."""

    def __init__(self, argv: list[str]) -> None:
        # OSError (not found, not executable) goes to the caller: the engine is dropped.
        self._popen = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # espeak-ng and ALSA print errors: not on our screen
            start_new_session=True,  # its own group: killed with its children, no ^C from us
            close_fds=True,
        )

    def poll(self) -> int | None:
        return self._popen.poll()

    def stop(self) -> None:
        """SIGTERM to its process group, SIGKILL if it lingers, then reap it."""
        if self._popen.poll() is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(OSError):
                os.killpg(self._popen.pid, sig)
            try:
                self._popen.wait(timeout=KILL_GRACE)
                return
            except subprocess.TimeoutExpired:
                continue


# --------------------------------------------------------------------------- the speaker


@dataclass
class _Speaking:
    text: str
    engine: Engine
    process: Running


class Speaker:
    """Says phrases one at a time; a newer phrase cancels an older. See the module docstring."""

    def __init__(
        self,
        settings: VoiceSettings | None = None,
        *,
        muted: bool = False,
        engines: Sequence[Engine] | None = None,
        launcher: Launcher | None = None,
    ) -> None:
        self.settings = settings or VoiceSettings()
        self._muted = muted
        self._engines: list[Engine] = list(engines if engines is not None else default_engines())
        self._launch: Launcher = launcher or SynthProcess
        self._failures: list[tuple[str, str]] = []
        self._wakeup = threading.Condition()
        self._pending: str | None = None
        self._stop_requested = False
        self._current: _Speaking | None = None
        self._busy = False
        self._closed = False
        self._worker: threading.Thread | None = None

    # -- settings

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = bool(value)
        if self._muted:
            self.stop()

    @property
    def available(self) -> bool:
        return bool(self._engines)

    def describe(self) -> str:
        """The synthesiser the next phrase goes to, or "none"."""
        return self._engines[0].name if self._engines else "none"

    def failures(self) -> list[tuple[str, str]]:
        """(engine, why) for each synthesiser dropped so far."""
        with self._wakeup:
            return list(self._failures)

    # -- speaking

    def say(self, text: str) -> None:
        """Say `text` after cancelling whatever is being said. Returns at once; never raises."""
        try:
            phrase = clean_text(text)
            if not phrase or self._muted or self._closed or not self._engines:
                return
            with self._wakeup:
                self._pending = phrase  # a phrase still waiting is replaced, never queued
                self._busy = True
                self._ensure_worker()
                self._wakeup.notify_all()
        except Exception as error:  # the caller is a session listener: never break it
            logger.debug("voice: cannot say %r: %s", text, error)

    def stop(self) -> None:
        """Stop speaking now (pause, mute, leaving a session). Returns at once."""
        with self._wakeup:
            self._pending = None
            if self._current is not None or self._worker is not None:
                self._stop_requested = True
                self._busy = True
                self._wakeup.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is waiting or being said (tests, and leaving the app)."""
        with self._wakeup:
            return self._wakeup.wait_for(lambda: not self._busy, timeout)

    def close(self, timeout: float = 2.0) -> None:
        """Stop speaking and end the worker. Later phrases are not said."""
        with self._wakeup:
            self._closed = True
            self._pending = None
            self._wakeup.notify_all()
            worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout)

    def _ensure_worker(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._work, name="coach-voice", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        while True:
            with self._wakeup:
                if self._pending is None and not self._stop_requested and not self._closed:
                    self._wakeup.wait(POLL_SECONDS if self._current is not None else None)
                phrase, self._pending = self._pending, None
                stop, self._stop_requested = self._stop_requested, False
                closed = self._closed
            try:
                if stop or closed or phrase is not None:
                    self._end_current()
                if closed:
                    return
                if phrase is not None:
                    self._start(phrase)
                else:
                    self._check_current()
            except Exception as error:  # the worker must outlive any synthesiser trouble
                logger.debug("voice: %s", error)
            with self._wakeup:
                if self._pending is None and not self._stop_requested and self._current is None:
                    self._busy = False
                    self._wakeup.notify_all()

    def _start(self, phrase: str) -> None:
        """Start the first engine that launches; the ones that cannot are dropped."""
        while self._engines:
            engine = self._engines[0]
            try:
                process = self._launch(engine.command(phrase, self.settings))
            except OSError as error:
                self._drop(engine, f"cannot run it: {error.strerror or error}")
                continue
            self._current = _Speaking(phrase, engine, process)
            return

    def _check_current(self) -> None:
        """Reap a finished phrase; a synthesiser that failed is dropped and the next one
        says the phrase (unless a newer phrase came meanwhile)."""
        current = self._current
        if current is None:
            return
        status = current.process.poll()
        if status is None:
            return
        self._current = None
        if status != 0 and self._engines and self._engines[0] is current.engine:
            self._drop(current.engine, f"exited with status {status}")
            with self._wakeup:
                retry = self._pending is None and not self._stop_requested
            if retry:
                self._start(current.text)

    def _end_current(self) -> None:
        current, self._current = self._current, None
        if current is not None:
            current.process.stop()

    def _drop(self, engine: Engine, why: str) -> None:
        logger.debug("voice: %s %s; trying the next one", engine.name, why)
        with self._wakeup:
            self._failures.append((engine.name, why))
            if engine in self._engines:
                self._engines.remove(engine)


# --------------------------------------------------------------------------- doctor


def describe_voice(
    engines: Sequence[Engine] | None = None,
    run: Callable[[list[str]], tuple[bool, str]] | None = None,
) -> str:
    """One line for `coach doctor`: the synthesiser spoken cues would use, and why not others.

    Asks speech-dispatcher for its output modules (which starts the server if it can) and
    espeak-ng for its version; says nothing aloud. Never raises.
    """
    try:
        found = list(engines if engines is not None else default_engines())
        probe = run or _probe
        notes: list[str] = []
        for engine in found:
            executable = engine.command("x", VoiceSettings())[0]
            check = [executable, "-O"] if isinstance(engine, SpdSay) else [executable, "--version"]
            ok, why = probe(check)
            if ok:
                text = engine.name
                return f"{text} ({'; '.join(notes)})" if notes else text
            notes.append(f"{engine.name}: {why}")
        missing = f"none: install {DEBIAN_PACKAGES} (Debian/Ubuntu package names)"
        return f"{missing} ({'; '.join(notes)})" if notes else missing
    except Exception as error:  # doctor prints a line whatever happens
        return f"cannot tell ({error})"


def _probe(argv: list[str]) -> tuple[bool, str]:
    from coach.shell import run_command

    result = run_command(argv, timeout=5.0)
    if result.ok:
        return True, ""
    if result.returncode is not None:
        return False, f"exited with status {result.returncode}"
    return False, result.problem or "did not answer"
