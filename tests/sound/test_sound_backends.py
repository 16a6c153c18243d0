"""The fallback chain: simpleaudio, then pw-play/paplay/aplay, then the terminal bell."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sound_helpers import (
    RecordingBackend,
    fake_player,
    process_state,
    read_samples,
    wait_for_state,
)

from coach import sound
from coach.sound import (
    CLI_PLAYERS,
    CommandBackend,
    FallbackChain,
    PlaybackFailed,
    PlaybackTimedOut,
    SimpleaudioBackend,
    SoundPlayer,
    TerminalBell,
    default_backend,
    describe_sound_backend,
    load_builtin,
)


class FakeSimpleaudio:
    """Stands in for the simpleaudio module: records play_buffer calls, or raises like it."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.calls: list[tuple[bytes, int, int, int]] = []
        self.stopped = 0

    def play_buffer(self, data: bytes, channels: int, width: int, rate: int) -> Any:
        self.calls.append((data, channels, width, rate))
        if self.error is not None:
            raise self.error

        def stop() -> None:
            self.stopped += 1

        return SimpleNamespace(stop=stop, wait_done=lambda: None)


@pytest.fixture
def no_simpleaudio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)  # import raises ImportError


@pytest.fixture
def bells(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    rung: list[int] = []
    monkeypatch.setattr(sound, "ring_terminal_bell", lambda: rung.append(1))
    return rung


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def names(chain: FallbackChain) -> list[str]:
    return [backend.name for backend in chain.backends]


def play_and_flush(player: SoundPlayer, *cues: str) -> None:
    for cue in cues:
        player.play(cue)
    assert player.flush(10)


# --------------------------------------------------------------------------- choosing


def test_simpleaudio_comes_first_when_importable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", FakeSimpleaudio())
    for name in CLI_PLAYERS:
        fake_player(tmp_path / "bin", name, "exit 0")
    chain = default_backend(str(tmp_path / "bin"))
    assert names(chain) == ["simpleaudio", "pw-play", "paplay", "aplay", "terminal bell"]
    assert chain.name == "simpleaudio" and chain.skipped == []


def test_without_simpleaudio_a_cli_player_is_next(tmp_path: Path, no_simpleaudio: None) -> None:
    fake_player(tmp_path / "bin", "paplay", "exit 0")
    fake_player(tmp_path / "bin", "aplay", "exit 0")
    chain = default_backend(str(tmp_path / "bin"))
    assert names(chain) == ["paplay", "aplay", "terminal bell"]
    assert chain.name == "paplay"
    [(what, why)] = chain.skipped
    assert what == "simpleaudio" and "not installed" in why and "coach[sound]" in why


def test_without_any_player_the_terminal_bell_rings(
    tmp_path: Path, no_simpleaudio: None, bells: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    player = SoundPlayer()
    assert player.describe() == "terminal bell"
    play_and_flush(player, "start", "tick")
    assert bells == [1, 1]  # once per cue
    player.close()


def test_unpatched_simpleaudio_is_left_out_on_python_3_12(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeSimpleaudio()
    monkeypatch.setitem(sys.modules, "simpleaudio", fake)
    monkeypatch.setattr(sound.sys, "version_info", (3, 12, 0))

    def distribution(name: str) -> Any:
        if name == "simpleaudio":
            return SimpleNamespace(version="1.0.4")
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", distribution)
    chain = default_backend(str(tmp_path))
    assert "simpleaudio" not in names(chain)
    assert "crashes on Python 3.12" in chain.skipped[0][1]


# --------------------------------------------------------------------------- failing over


def test_simpleaudio_failing_at_play_time_falls_back_and_remembers(temp_dir: Path) -> None:
    fake = FakeSimpleaudio(RuntimeError("Error opening PCM device. -- CODE: -2 -- MSG: No such"))
    recorder = RecordingBackend("paplay")
    chain = FallbackChain([SimpleaudioBackend(fake), recorder])
    player = SoundPlayer(backend=chain, volume=1.0)
    play_and_flush(player, "start", "done")
    assert len(fake.calls) == 1  # tried once, then skipped
    assert [list(c.samples) for c in recorder.clips] == [
        list(load_builtin("start").samples),  # the failed cue itself is not lost
        list(load_builtin("done").samples),
    ]
    assert player.describe() == "paplay"
    [(name, why)] = chain.failures()
    assert name == "simpleaudio" and why.startswith("Error opening PCM device")
    player.close()


def test_simpleaudio_gets_16_bit_pcm_and_stops_the_previous_cue() -> None:
    fake = FakeSimpleaudio()
    backend = SimpleaudioBackend(fake)
    clip = load_builtin("tick")
    backend.play(clip)
    backend.play(clip)
    assert [call[1:] for call in fake.calls] == [(1, 2, 22050), (1, 2, 22050)]
    assert fake.calls[0][0] == clip.pcm()
    assert fake.stopped == 1
    backend.close()
    assert fake.stopped == 2


def test_a_cli_player_gets_a_wav_of_the_scaled_cue(tmp_path: Path, temp_dir: Path) -> None:
    got = tmp_path / "got"
    got.mkdir()
    script = fake_player(tmp_path / "bin", "paplay", f'cp "$1" "{got}/"; echo "$#" > {got}/argc')
    player = SoundPlayer(backend=CommandBackend(str(script)), volume=0.5)
    play_and_flush(player, "halfway")
    [wav] = got.glob("coach-cue-*.wav")
    assert list(read_samples(wav)) == [round(s * 0.5) for s in load_builtin("halfway").samples]
    assert (got / "argc").read_text().strip() == "1"
    assert list(temp_dir.iterdir()) == []  # the temporary WAV is removed afterwards
    player.close()


def test_a_cli_player_that_fails_hands_over_to_the_next(tmp_path: Path, temp_dir: Path) -> None:
    aplay = fake_player(tmp_path / "bin", "aplay", "echo 'ALSA lib: no card' >&2; exit 1")
    bell = RecordingBackend("terminal bell")
    chain = FallbackChain([CommandBackend(str(aplay)), bell])
    player = SoundPlayer(backend=chain)
    play_and_flush(player, "rest", "done")
    assert len(bell.clips) == 2
    assert chain.failures() == [("aplay", "aplay exited with status 1")]
    assert list(temp_dir.iterdir()) == []
    player.close()


def test_a_missing_cli_player_fails_over(tmp_path: Path, temp_dir: Path) -> None:
    bell = RecordingBackend("terminal bell")
    chain = FallbackChain([CommandBackend(str(tmp_path / "gone" / "pw-play")), bell])
    chain.play(load_builtin("tick"))
    assert len(bell.clips) == 1
    assert chain.failures()[0][1].startswith("cannot run")


def test_a_hanging_player_is_killed_reaped_and_dropped(tmp_path: Path, temp_dir: Path) -> None:
    pids = tmp_path / "pids"
    # The player starts a helper child and hangs: both must go.
    script = fake_player(
        tmp_path / "bin",
        "pw-play",
        f"sleep 60 & echo $! > {pids}.child; echo $$ > {pids}.main; wait",
    )
    command = CommandBackend(str(script), grace=1.0)  # room for a loaded machine
    bell = RecordingBackend("terminal bell")
    chain = FallbackChain([command, bell])
    tick = load_builtin("tick")
    with pytest.raises(PlaybackFailed):
        command.play(tick)  # alone, it reports the timeout
    main_pid = int(Path(f"{pids}.main").read_text())
    child_pid = int(Path(f"{pids}.child").read_text())
    assert process_state(main_pid) is None  # killed and reaped: no zombie left behind
    # killed; the kernel may take a moment to deliver the signal to the orphan on a busy machine
    assert wait_for_state(child_pid, (None, "Z")) in (None, "Z")

    chain.play(tick)  # in the chain: times out, is dropped, and the late cue is not replayed
    assert bell.clips == []
    [(name, why)] = chain.failures()
    assert name == "pw-play" and "did not finish within" in why
    chain.play(tick)
    assert len(bell.clips) == 1
    assert list(temp_dir.iterdir()) == []


def test_a_timed_out_cue_is_a_playback_timed_out() -> None:
    assert issubclass(PlaybackTimedOut, PlaybackFailed)


def test_a_chain_where_everything_fails_raises_to_the_player_only() -> None:
    chain = FallbackChain([RecordingBackend("a", error=RuntimeError("x"))])
    with pytest.raises(PlaybackFailed):
        chain.play(load_builtin("tick"))
    assert chain.name == "none"
    player = SoundPlayer(backend=chain)
    play_and_flush(player, "tick")  # swallowed by the player
    player.close()


# --------------------------------------------------------------------------- the bell


def test_the_bell_backend_never_raises() -> None:
    def broken() -> None:
        raise OSError("no terminal")

    TerminalBell(broken).play(load_builtin("tick"))


def test_the_bell_reaches_the_controlling_terminal() -> None:
    """A child in a new session whose controlling terminal is a pty rings the bell there
    (a process, not `pty.fork()`: forking the multi-threaded test process may deadlock)."""
    try:
        master, slave = os.openpty()
    except OSError as error:
        pytest.skip(f"no pseudo-terminal here: {error}")
    child = (
        "import os, sys\n"
        "os.close(os.open(os.ttyname(0), os.O_RDWR))  # a session leader: now its terminal\n"
        "from coach import sound\n"
        "sound.ring_terminal_bell()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", child],
        stdin=slave,  # only to name the pty: stdout is not a terminal, so only /dev/tty can
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(slave)
    output = b""
    while True:
        try:
            chunk = os.read(master, 1024)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(master)
    assert process.wait(30) == 0
    assert output == b"\a"


# --------------------------------------------------------------------------- doctor


def test_describe_sound_backend_probes_and_explains(
    tmp_path: Path, no_simpleaudio: None, bells: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_player(tmp_path / "bin", "aplay", "exit 1")  # installed, but no sound card
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    user_dir = tmp_path / "sounds"
    user_dir.mkdir()
    (user_dir / "done.wav").write_bytes(b"junk")
    text = describe_sound_backend(SoundPlayer(user_dir=user_dir))
    assert text.startswith("terminal bell (")
    assert "simpleaudio: not installed" in text
    assert "aplay failed: aplay exited with status 1" in text
    assert f"{user_dir / 'done.wav'}: not a readable PCM WAV file" in text
    assert bells == []  # probing never rings the bell


def test_describe_sound_backend_says_just_the_name_when_all_is_well() -> None:
    player = SoundPlayer(backend=FallbackChain([SimpleaudioBackend(FakeSimpleaudio())]))
    assert describe_sound_backend(player) == "simpleaudio"
