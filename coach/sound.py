"""Sound cues: short WAVs played at session events and reminders.

`SoundPlayer.play(cue)` never raises and never blocks: it queues the cue name and returns.
A daemon worker thread decodes the WAV (cached), scales it to the volume and hands it to a
backend. The default backend is a `FallbackChain`, tried in order:

1. simpleaudio (the optional `coach[sound]` extra, imported as `simpleaudio`);
2. `pw-play`, `paplay`, `aplay`, whichever are on PATH (a subprocess with a timeout,
   always reaped);
3. the terminal bell, once per cue.

A backend that fails while playing (simpleaudio raises "Error opening PCM device" when there
is no sound device; a player exits non-zero or hangs) is dropped for the rest of the process
and the cue goes to the next one.

Cues come from the built-in `sounds/` folder (`coach.builtin.sounds()`); a WAV with a cue's
name in the user's sounds folder (`paths.user_sounds_dir()`, e.g. `done.wav`) replaces the
built-in one, and a user WAV that cannot be read falls back to the built-in without a fuss.

libasound writes its own error messages straight to file descriptor 2, which would draw
over a Textual screen: `silence_alsa_errors()` installs a no-op ALSA error handler before
simpleaudio first opens a device.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import math
import os
import struct
import sys
import threading
import wave
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from coach.clock import Clock, SystemClock

if TYPE_CHECKING:
    import ctypes
    import subprocess

# ctypes, subprocess, shutil and tempfile are imported where used: `coach` starts faster.

logger = logging.getLogger(__name__)

CUES = ("start", "tick", "halfway", "switch", "rest", "done", "reminder")
CLI_PLAYERS = ("pw-play", "paplay", "aplay")

# simpleaudio refuses other rates ("Weird sample rates are not supported"); checking them
# when a WAV is read turns a user's odd file into a clear message instead of a failed backend.
SUPPORTED_RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000, 192000)
MAX_CUE_SECONDS = 10.0  # a longer user WAV is cut here: a cue, not a song
STALE_AFTER = 1.5  # s: a cue that waited this long in the queue has missed its moment
MAX_QUEUED = 16  # cues waiting beyond this are dropped rather than piling up
PLAYER_GRACE = 3.0  # s a CLI player may take beyond the clip's length before it is killed
SIMPLEAUDIO_HINT = "pip install 'coach[sound]' (needs libasound2-dev)"


class SoundError(Exception):
    """A WAV that cannot be used as a cue (the message says which file and why)."""


class PlaybackFailed(Exception):
    """A backend could not play: the chain moves on to the next one."""


class PlaybackTimedOut(PlaybackFailed):
    """A player hung and was killed: the chain moves on, but this cue is too late to replay."""


# --------------------------------------------------------------------------- clips


@dataclass(frozen=True, eq=False)
class Clip:
    """Decoded audio: signed 16-bit samples (channels interleaved, native byte order)."""

    samples: array[int]
    channels: int
    rate: int

    @property
    def frames(self) -> int:
        return len(self.samples) // self.channels

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    def scaled(self, volume: float) -> Clip:
        """A copy with every sample multiplied by `volume` (0..1)."""
        if volume >= 1.0:
            return self
        level = max(0.0, volume)
        return Clip(array("h", [round(s * level) for s in self.samples]), self.channels, self.rate)

    def pcm(self) -> bytes:
        """The samples as little-endian 16-bit PCM, the byte order of WAV files and ALSA."""
        if sys.byteorder == "little":
            return self.samples.tobytes()
        swapped = array("h", self.samples)
        swapped.byteswap()
        return swapped.tobytes()

    def wav(self) -> bytes:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(self.channels)
            out.setsampwidth(2)
            out.setframerate(self.rate)
            out.writeframes(self.pcm())
        return buffer.getvalue()


def silent_clip(seconds: float = 0.05, rate: int = 22050) -> Clip:
    return Clip(array("h", bytes(2 * round(seconds * rate))), 1, rate)


# Unsigned 8-bit sample b becomes the high byte (b - 128) of a signed 16-bit sample.
_UNSIGNED_8_TO_HIGH_BYTE = bytes((b - 128) & 0xFF for b in range(256))


def _to_16_bit(raw: bytes, width: int) -> bytes:
    """Little-endian PCM of 1, 3 or 4 bytes per sample to little-endian 16-bit."""
    if width == 2:
        return raw
    out = bytearray(len(raw) // width * 2)
    if width == 1:
        out[1::2] = raw.translate(_UNSIGNED_8_TO_HIGH_BYTE)
    else:  # keep the two most significant bytes
        out[0::2] = raw[width - 2 :: width]
        out[1::2] = raw[width - 1 :: width]
    return bytes(out)


# What the standard library's wave module raises on a damaged file: wave.Error, EOFError
# (cut short), a bare RuntimeError (a chunk that runs past the end), struct.error.
# tests/sound/test_sound_clips.py feeds it random and damaged bytes.
WAV_ERRORS = (wave.Error, EOFError, RuntimeError, struct.error)


def decode_wav(data: bytes, source: str) -> Clip:
    """A PCM WAV (8/16/24/32-bit, mono or stereo) as a Clip; raises SoundError saying why not."""
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            channels = reader.getnchannels()
            width = reader.getsampwidth()
            rate = reader.getframerate()
            frames = min(reader.getnframes(), round(MAX_CUE_SECONDS * rate))
            raw = reader.readframes(frames)
    except WAV_ERRORS as error:
        reason = str(error) or type(error).__name__
        raise SoundError(f"{source}: not a readable PCM WAV file ({reason})") from None
    if channels not in (1, 2):
        raise SoundError(f"{source}: has {channels} channels; use mono or stereo")
    if width not in (1, 2, 3, 4):
        raise SoundError(f"{source}: has {8 * width}-bit samples; use 16-bit PCM")
    if rate not in SUPPORTED_RATES:
        raise SoundError(f"{source}: sample rate {rate} Hz is not supported; use 22050 or 44100")
    whole = len(raw) - len(raw) % (width * channels)  # a truncated file ends mid-frame
    if whole == 0:
        raise SoundError(f"{source}: has no audio")
    samples = array("h")
    samples.frombytes(_to_16_bit(raw[:whole], width))
    if sys.byteorder == "big":
        samples.byteswap()
    return Clip(samples, channels, rate)


def load_wav(path: Path) -> Clip:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SoundError(f"{path}: cannot be read ({error.strerror or error})") from None
    return decode_wav(data, str(path))


def load_builtin(cue: str) -> Clip:
    from coach import builtin

    resource = builtin.sounds() / f"{cue}.wav"
    try:
        data = resource.read_bytes()
    except OSError as error:
        raise SoundError(f"built-in cue {cue}.wav is missing ({error})") from None
    return decode_wav(data, f"built-in {cue}.wav")


def check_user_sounds(user_dir: Path | None = None) -> list[str]:
    """One line per WAV in the user's sounds folder that coach will not use, and why."""
    from coach import paths

    folder = user_dir if user_dir is not None else paths.user_sounds_dir()
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".wav")
    except OSError:
        return []
    problems = []
    for path in files:
        if path.stem not in CUES:
            problems.append(f"{path}: not a cue name; the cues are {', '.join(CUES)}")
            continue
        try:
            load_wav(path)
        except SoundError as error:
            problems.append(f"{error}; the built-in cue plays instead")
    return problems


# --------------------------------------------------------------------------- ALSA errors

# ALSA keeps calling the handler for the life of the process: the ctypes callback object
# must stay referenced, or it is freed and ALSA jumps into freed memory.
_alsa_error_handler: Any = None


def _ignore_alsa_error(
    file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None
) -> None:
    return None


def _load_libasound() -> ctypes.CDLL | None:
    import ctypes
    import ctypes.util

    # The soname first: find_library runs ldconfig in a subprocess, which is slow.
    try:
        return ctypes.CDLL("libasound.so.2")
    except OSError:
        pass
    name = ctypes.util.find_library("asound")
    if name:
        with contextlib.suppress(OSError):
            return ctypes.CDLL(name)
    return None


def silence_alsa_errors() -> bool:
    """Stop libasound printing "ALSA lib ..." lines on stderr. True if the handler is in place.

    Safe to call more than once; does nothing where libasound is absent (macOS, Windows,
    minimal containers).
    """
    global _alsa_error_handler
    if _alsa_error_handler is not None:
        return True
    try:
        import ctypes

        library = _load_libasound()
        if library is None:
            return False
        handler_type = ctypes.CFUNCTYPE(
            None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
        )
        handler = handler_type(_ignore_alsa_error)
        library.snd_lib_error_set_handler(handler)
    except (OSError, AttributeError) as error:
        logger.debug("cannot silence ALSA errors: %s", error)
        return False
    _alsa_error_handler = handler
    return True


# --------------------------------------------------------------------------- backends


class Backend(Protocol):
    """Something that plays clips. `play` may block the worker thread, never the caller."""

    @property
    def name(self) -> str: ...

    def play(self, clip: Clip) -> None:
        """Play (or start playing) the clip; raise when this backend cannot play."""
        ...

    def close(self) -> None: ...


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


class SimpleaudioBackend:
    """simpleaudio's `play_buffer`: starts playback and returns at once."""

    name = "simpleaudio"

    def __init__(self, module: Any = None) -> None:
        if module is None:
            # ImportError here: the caller leaves this backend out.
            module = importlib.import_module("simpleaudio")
        self._module = module
        self._playing: Any = None
        silence_alsa_errors()

    def play(self, clip: Clip) -> None:
        # A new cue cuts the previous one short rather than opening the device twice.
        self.stop()
        try:
            self._playing = self._module.play_buffer(clip.pcm(), clip.channels, 2, clip.rate)
        except Exception as error:  # a C extension on ALSA: its own SimpleaudioError and more
            raise PlaybackFailed(_first_line(error)) from error

    def probe(self) -> None:
        """Play a moment of silence to the end (for `coach doctor`; blocks for ~50 ms)."""
        self.play(silent_clip())
        playing, self._playing = self._playing, None
        playing.wait_done()

    def stop(self) -> None:
        playing, self._playing = self._playing, None
        if playing is not None:
            with contextlib.suppress(Exception):
                playing.stop()

    def close(self) -> None:
        self.stop()


class CommandBackend:
    """A command-line player (`pw-play`, `paplay`, `aplay`) given a temporary WAV file.

    Waits for the player to finish (on the worker thread) so that a failure is noticed and
    the next backend can take over; a player still running `grace` seconds after the clip
    should have ended is killed with its process group and reaped.
    """

    def __init__(self, executable: str, *, name: str | None = None, grace: float = PLAYER_GRACE):
        self.executable = executable
        self.name = name or Path(executable).name
        self.grace = grace

    def play(self, clip: Clip) -> None:
        import tempfile

        with tempfile.NamedTemporaryFile(prefix="coach-cue-", suffix=".wav", delete=False) as f:
            f.write(clip.wav())
            path = f.name
        try:
            self._run(path, clip.seconds + self.grace)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def probe(self) -> None:
        self.play(silent_clip())

    def _run(self, path: str, timeout: float) -> None:
        import subprocess

        try:
            process = subprocess.Popen(
                [self.executable, path],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,  # players print ALSA/server errors: not on our screen
                start_new_session=True,  # its own process group: killed as a whole, no ^C
                close_fds=True,
            )
        except OSError as error:
            reason = error.strerror or error
            raise PlaybackFailed(f"cannot run {self.executable}: {reason}") from error
        try:
            status = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise PlaybackTimedOut(f"{self.name} did not finish within {timeout:.1f} s") from None
        except BaseException:
            _kill(process)
            raise
        if status != 0:
            raise PlaybackFailed(f"{self.name} exited with status {status}")

    def close(self) -> None:
        return None


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill a player and its children, then reap it so no zombie is left."""
    import signal
    import subprocess

    with contextlib.suppress(OSError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows has no CLI players here anyway
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def ring_terminal_bell() -> None:
    """Write one BEL to the controlling terminal (or to stdout when that is a terminal).

    A single os.write on its own descriptor: the byte can never land inside an escape
    sequence that a TUI is writing through its buffered stdout.
    """
    try:
        fd = os.open("/dev/tty", os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError:
        stream = sys.__stdout__
        if stream is not None and stream.isatty():
            stream.write("\a")
            stream.flush()
        return
    try:
        os.write(fd, b"\a")
    finally:
        os.close(fd)


class TerminalBell:
    """The last resort: the terminal bell, once per cue. Never fails."""

    name = "terminal bell"

    def __init__(self, ring: Callable[[], None] | None = None) -> None:
        self._ring = ring  # e.g. a Textual app's bell(); default: ring_terminal_bell

    def play(self, clip: Clip) -> None:
        try:
            (self._ring or ring_terminal_bell)()
        except Exception as error:  # the last resort promises never to fail: `ring` is the caller's
            logger.debug("terminal bell failed: %s", error)

    def probe(self) -> None:
        return None  # nothing to check, and ringing from `coach doctor` would only startle

    def close(self) -> None:
        return None


class FallbackChain:
    """Backends tried in order; one that fails is skipped from then on."""

    def __init__(
        self, backends: Sequence[Backend], *, skipped: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.backends = tuple(backends)
        self.skipped = list(skipped)  # (backend, why) left out when the chain was built
        self._failed: dict[int, str] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        active = self.active()
        return active.name if active is not None else "none"

    def active(self) -> Backend | None:
        with self._lock:
            for index, backend in enumerate(self.backends):
                if index not in self._failed:
                    return backend
        return None

    def failures(self) -> list[tuple[str, str]]:
        with self._lock:
            return [(self.backends[i].name, why) for i, why in sorted(self._failed.items())]

    def play(self, clip: Clip) -> None:
        self._through_chain(lambda backend: backend.play(clip))

    def probe(self) -> None:
        """Check backends in order until one plays a moment of silence (for `coach doctor`)."""

        def probe(backend: Backend) -> None:
            check = getattr(backend, "probe", None)
            if check is not None:
                check()

        self._through_chain(probe)

    def _through_chain(self, action: Callable[[Backend], None]) -> None:
        for index, backend in enumerate(self.backends):
            with self._lock:
                if index in self._failed:
                    continue
            try:
                action(backend)
                return
            except Exception as error:  # the chain's point: any backend failing hands over
                reason = _first_line(error)
                with self._lock:
                    self._failed[index] = reason
                logger.debug("sound: %s failed (%s); trying the next player", backend.name, reason)
                if isinstance(error, PlaybackTimedOut):
                    return  # the moment has passed: the next backend takes the next cue
        raise PlaybackFailed("no sound backend could play")

    def close(self) -> None:
        for backend in self.backends:
            with contextlib.suppress(Exception):
                backend.close()


def _unpatched_simpleaudio_on_new_python() -> bool:
    """simpleaudio 1.0.4 (not -patched) crashes the interpreter on Python 3.12 and newer."""
    if sys.version_info < (3, 12):
        return False
    from importlib import metadata

    try:
        metadata.distribution("simpleaudio-patched")
        return False
    except metadata.PackageNotFoundError:
        pass
    try:
        return metadata.distribution("simpleaudio").version.startswith("1.0.")
    except metadata.PackageNotFoundError:
        return False


def default_backend(search_path: str | None = None) -> FallbackChain:
    """simpleaudio, then the CLI players on PATH (or `search_path`), then the terminal bell."""
    import shutil

    backends: list[Backend] = []
    skipped: list[tuple[str, str]] = []
    if _unpatched_simpleaudio_on_new_python():
        skipped.append(("simpleaudio", "1.0.4 crashes on Python 3.12+; use " + SIMPLEAUDIO_HINT))
    else:
        try:
            backends.append(SimpleaudioBackend())
        except ImportError:
            skipped.append(("simpleaudio", "not installed, " + SIMPLEAUDIO_HINT))
        except OSError as error:  # its shared library found but not loadable
            skipped.append(("simpleaudio", _first_line(error)))
    players = [shutil.which(name, path=search_path) for name in CLI_PLAYERS]
    backends.extend(CommandBackend(player) for player in players if player)
    if not any(players):
        skipped.append(("/".join(CLI_PLAYERS), "not on PATH"))
    backends.append(TerminalBell())
    return FallbackChain(backends, skipped=skipped)


# --------------------------------------------------------------------------- the player


@dataclass(frozen=True)
class _Cached:
    user_file: tuple[str, int, int] | None  # (path, mtime_ns, size) of the user WAV, if any
    clip: Clip | None


class SoundPlayer:
    """Plays cues by name. `play` never raises and never blocks; see the module docstring."""

    def __init__(
        self,
        *,
        volume: float = 0.8,
        muted: bool = False,
        user_dir: Path | None = None,
        backend: Backend | None = None,
        clock: Clock | None = None,
    ) -> None:
        from coach import paths

        self.muted = muted
        self.volume = volume
        self.user_dir = user_dir if user_dir is not None else paths.user_sounds_dir()
        if backend is None:
            try:
                backend = default_backend()
            except OSError as error:  # a system that cannot be probed still gets its bell
                logger.debug("sound: no backend (%s); using the terminal bell", error)
                backend = TerminalBell()
        self.backend: Backend = backend
        self._clock: Clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._cache: dict[str, _Cached] = {}
        self._scaled: dict[str, tuple[Clip, Clip]] = {}  # cue: (decoded, scaled)
        self._scaled_volume: float | None = None
        self._problems: dict[str, str] = {}
        self._pending: list[tuple[str, float] | None] = []
        self._wakeup = threading.Condition()
        self._busy = 0  # cues queued or being played
        self._worker: threading.Thread | None = None
        self._closed = False

    # -- settings

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        try:
            level = float(value)
        except (TypeError, ValueError):
            level = 0.8
        self._volume = 0.0 if math.isnan(level) else min(1.0, max(0.0, level))

    def describe(self) -> str:
        """The backend that plays the next cue: "simpleaudio", "paplay", "terminal bell"..."""
        return getattr(self.backend, "name", type(self.backend).__name__)

    def problems(self) -> list[str]:
        """User WAVs that could not be used so far (each fell back to the built-in cue)."""
        with self._lock:
            return list(self._problems.values())

    # -- playing

    def play(self, cue: str) -> None:
        """Queue a cue and return at once. Unknown names, mute and volume 0 play nothing."""
        try:
            if self.muted or self._volume <= 0.0 or self._closed:
                return
            with self._wakeup:
                if len(self._pending) >= MAX_QUEUED:
                    return
                self._ensure_worker()
                self._pending.append((cue, self._clock.monotonic()))
                self._busy += 1
                self._wakeup.notify_all()
        except RuntimeError as error:  # the worker thread cannot start (too many threads)
            logger.debug("sound: cannot queue %r: %s", cue, error)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every queued cue has been handed to the backend (for tests and exit)."""
        with self._wakeup:
            return self._wakeup.wait_for(lambda: self._busy == 0, timeout)

    def close(self, timeout: float = 1.0) -> None:
        """Stop the worker and any sound still playing. Later `play` calls do nothing."""
        self._closed = True
        with self._wakeup:
            self._pending.clear()
            self._pending.append(None)
            self._wakeup.notify_all()
            worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout)
        with contextlib.suppress(Exception):
            self.backend.close()

    def clip_for(self, cue: str) -> Clip | None:
        """The cue at the current volume: the user's WAV if usable, else the built-in one."""
        if cue not in CUES:
            logger.debug("sound: no cue named %r", cue)
            return None
        with self._lock:
            clip = self._decoded(cue)
            if clip is None:
                return None
            volume = self._volume
            if volume != self._scaled_volume:
                self._scaled.clear()
                self._scaled_volume = volume
            source, scaled = self._scaled.get(cue, (None, None))
            if source is not clip or scaled is None:
                scaled = clip.scaled(volume)
                self._scaled[cue] = (clip, scaled)
            return scaled

    def _decoded(self, cue: str) -> Clip | None:
        user_path = self.user_dir / f"{cue}.wav"
        try:
            stat = user_path.stat()
            user_file = (str(user_path), stat.st_mtime_ns, stat.st_size)
        except OSError:
            user_file = None
        cached = self._cache.get(cue)
        if cached is not None and cached.user_file == user_file:
            return cached.clip
        clip: Clip | None = None
        self._problems.pop(cue, None)
        if user_file is not None:
            try:
                clip = load_wav(user_path)
            except SoundError as error:
                self._problems[cue] = f"{error}; the built-in cue plays instead"
                logger.debug("sound: %s", self._problems[cue])
        if clip is None:
            try:
                clip = load_builtin(cue)
            except SoundError as error:
                self._problems[f"built-in {cue}"] = str(error)
                logger.debug("sound: %s", error)
        self._cache[cue] = _Cached(user_file, clip)
        return clip

    def _ensure_worker(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._work, name="coach-sound", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        while True:
            with self._wakeup:
                self._wakeup.wait_for(lambda: bool(self._pending))
                item = self._pending.pop(0)
            if item is None:
                with self._wakeup:
                    self._busy = 0
                    self._wakeup.notify_all()
                return
            try:
                self._play_now(*item)
            except Exception as error:  # the worker thread's loop: one bad cue must not end it
                logger.debug("sound: %s", error)
            finally:
                with self._wakeup:
                    self._busy -= 1
                    self._wakeup.notify_all()

    def _play_now(self, cue: str, queued_at: float) -> None:
        if self.muted or self._closed:
            return
        if self._clock.monotonic() - queued_at > STALE_AFTER:
            logger.debug("sound: dropped %s, its moment has passed", cue)
            return
        clip = self.clip_for(cue)
        if clip is not None:
            self.backend.play(clip)


def describe_sound_backend(player: SoundPlayer | None = None) -> str:
    """One line for `coach doctor`: which player works here, and why others do not.

    Probes the chain (plays a moment of silence, never the bell), so it blocks for up to a
    few seconds: call it from a command, not from the TUI.
    """
    try:
        player = player if player is not None else SoundPlayer()
        chain = player.backend
        if isinstance(chain, FallbackChain):
            with contextlib.suppress(PlaybackFailed):  # nothing could play: the notes say why
                chain.probe()
            notes = [f"{name}: {why}" for name, why in chain.skipped]
            notes.extend(f"{name} failed: {why}" for name, why in chain.failures())
        else:
            notes = []
        notes.extend(check_user_sounds(player.user_dir))
        text = player.describe()
        return f"{text} ({'; '.join(notes)})" if notes else text
    except Exception as error:  # `coach doctor` prints a line whatever the sound part does
        return f"cannot tell ({_first_line(error)})"
