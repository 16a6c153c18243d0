"""SoundPlayer: cues by name, volume, mute, user WAVs, and never raising or blocking."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sound_helpers import RecordingBackend, write_wav

from coach import paths, sound
from coach.clock import FakeClock
from coach.sound import (
    CUES,
    MAX_QUEUED,
    STALE_AFTER,
    SoundPlayer,
    check_user_sounds,
    load_builtin,
)

MakePlayer = Callable[..., tuple[SoundPlayer, RecordingBackend]]


@pytest.fixture
def make_player() -> Iterator[MakePlayer]:
    players: list[SoundPlayer] = []

    def make(**options: object) -> tuple[SoundPlayer, RecordingBackend]:
        backend = options.pop("backend", None) or RecordingBackend()
        player = SoundPlayer(backend=backend, **options)  # type: ignore[arg-type]
        players.append(player)
        return player, backend  # type: ignore[return-value]

    yield make
    for player in players:
        if player._worker is not None and player._worker.is_alive():
            player.close()


def played(player: SoundPlayer, backend: RecordingBackend, *cues: str) -> list[list[int]]:
    for cue in cues:
        player.play(cue)
    assert player.flush(5)
    return [list(clip.samples) for clip in backend.clips]


def test_plays_the_builtin_cue_at_full_volume(make_player: MakePlayer) -> None:
    player, backend = make_player(volume=1.0)
    assert played(player, backend, "done") == [list(load_builtin("done").samples)]
    assert backend.clips[0].rate == 22050


def test_volume_scales_the_samples(make_player: MakePlayer) -> None:
    player, backend = make_player(volume=0.5)
    original = load_builtin("start").samples
    [half] = played(player, backend, "start")
    assert half == [round(s * 0.5) for s in original]
    assert max(map(abs, half)) == pytest.approx(max(map(abs, original)) / 2, abs=1)


def test_a_volume_change_applies_to_the_next_cue(make_player: MakePlayer) -> None:
    player, backend = make_player(volume=1.0)
    player.play("tick")
    assert player.flush(5)
    player.volume = 0.25
    [loud, quiet] = played(player, backend, "tick")
    assert quiet == [round(s * 0.25) for s in loud]


@pytest.mark.parametrize(("given", "kept"), [(1.5, 1.0), (-0.2, 0.0), (float("nan"), 0.0)])
def test_volume_is_kept_within_0_and_1(make_player: MakePlayer, given: float, kept: float) -> None:
    player, _ = make_player(volume=given)
    assert player.volume == kept


def test_muted_plays_nothing_until_unmuted(make_player: MakePlayer) -> None:
    player, backend = make_player(muted=True)
    assert played(player, backend, "start", "tick", "done") == []
    player.muted = False
    assert len(played(player, backend, "done")) == 1


def test_volume_zero_plays_nothing(make_player: MakePlayer) -> None:
    player, backend = make_player(volume=0.0)
    assert played(player, backend, *CUES) == []


def test_every_cue_name_plays_and_unknown_names_are_ignored(make_player: MakePlayer) -> None:
    player, backend = make_player()
    assert len(played(player, backend, *CUES, "fanfare", "", "../done")) == len(CUES)


def test_a_user_wav_replaces_the_builtin_cue(make_player: MakePlayer) -> None:
    user_dir = paths.user_sounds_dir()
    user_dir.mkdir(parents=True)
    write_wav(user_dir / "done.wav", [1000, -1000, 500], rate=44100, channels=1)
    player, backend = make_player(volume=1.0)  # default user_dir: ~/.config/coach/sounds
    assert played(player, backend, "done", "start") == [
        [1000, -1000, 500],
        list(load_builtin("start").samples),
    ]
    assert backend.clips[0].rate == 44100
    assert player.problems() == []


def test_a_user_wav_dropped_in_later_is_picked_up(tmp_path: Path, make_player: MakePlayer) -> None:
    player, backend = make_player(volume=1.0, user_dir=tmp_path)
    played(player, backend, "rest")
    path = write_wav(tmp_path / "rest.wav", [7, 8, 9])
    played(player, backend, "rest")
    write_wav(path, [1, 2, 3, 4])
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse-grained file systems
    played(player, backend, "rest")
    path.unlink()
    clips = played(player, backend, "rest")
    builtin = list(load_builtin("rest").samples)
    assert clips == [builtin, [7, 8, 9], [1, 2, 3, 4], builtin]


def test_a_broken_user_wav_falls_back_to_the_builtin(
    tmp_path: Path, make_player: MakePlayer
) -> None:
    (tmp_path / "switch.wav").write_bytes(b"RIFF....WAVEfmt nonsense")
    player, backend = make_player(volume=1.0, user_dir=tmp_path)
    assert played(player, backend, "switch") == [list(load_builtin("switch").samples)]
    [problem] = player.problems()
    assert str(tmp_path / "switch.wav") in problem
    assert "the built-in cue plays instead" in problem


def test_check_user_sounds_reports_broken_files_and_unknown_names(tmp_path: Path) -> None:
    write_wav(tmp_path / "done.wav", [1, 2])
    (tmp_path / "tick.wav").write_bytes(b"junk")
    write_wav(tmp_path / "Start.WAV", [1, 2])
    (tmp_path / "notes.txt").write_text("not a sound")
    problems = check_user_sounds(tmp_path)
    assert len(problems) == 2
    assert problems[0].startswith(str(tmp_path / "Start.WAV")) and "not a cue name" in problems[0]
    assert problems[1].startswith(str(tmp_path / "tick.wav")) and "not a readable" in problems[1]
    assert check_user_sounds(tmp_path / "missing") == []


def test_play_returns_while_the_backend_is_still_busy(make_player: MakePlayer) -> None:
    backend = RecordingBackend()
    backend.release = threading.Event()
    player, _ = make_player(backend=backend)
    player.play("start")
    assert backend.entered.wait(5)  # the worker is inside the backend, blocked
    player.play("tick")  # and the caller still gets on with its work
    assert not backend.release.is_set() and backend.clips == []
    backend.release.set()
    assert player.flush(5)
    assert len(backend.clips) == 2


def test_a_cue_that_waited_too_long_is_dropped(make_player: MakePlayer) -> None:
    clock = FakeClock()
    backend = RecordingBackend()
    backend.release = threading.Event()
    player, _ = make_player(backend=backend, clock=clock)
    player.play("start")
    assert backend.entered.wait(5)
    player.play("tick")  # queued behind a backend that is stuck
    clock.advance(STALE_AFTER + 0.1)
    player.play("done")  # queued just now
    backend.release.set()
    assert player.flush(5)
    assert [clip.seconds for clip in backend.clips] == [
        load_builtin("start").seconds,
        load_builtin("done").seconds,
    ]


def test_cues_beyond_the_queue_limit_are_dropped(make_player: MakePlayer) -> None:
    backend = RecordingBackend()
    backend.release = threading.Event()
    player, _ = make_player(backend=backend)
    player.play("start")
    assert backend.entered.wait(5)
    for _ in range(MAX_QUEUED + 10):
        player.play("tick")
    backend.release.set()
    assert player.flush(5)
    assert len(backend.clips) == 1 + MAX_QUEUED


def test_a_failing_backend_never_reaches_the_caller(make_player: MakePlayer) -> None:
    backend = RecordingBackend(error=RuntimeError("device on fire"))
    player, _ = make_player(backend=backend)
    for cue in CUES:
        player.play(cue)  # must not raise
    assert player.flush(5)
    backend.error = None
    player.play("done")
    assert player.flush(5)
    assert len(backend.clips) == 1  # the worker survived the errors


def test_play_never_raises_even_when_queueing_fails(
    make_player: MakePlayer, monkeypatch: pytest.MonkeyPatch
) -> None:
    player, backend = make_player()

    def broken_thread(*args: object, **kwargs: object) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading, "Thread", broken_thread)
    player.play("start")
    assert backend.clips == []


def test_close_stops_the_backend_and_later_cues(make_player: MakePlayer) -> None:
    player, backend = make_player()
    played(player, backend, "start")
    player.close()
    assert backend.closed
    assert player._worker is not None and not player._worker.is_alive()
    player.play("done")
    assert player.flush(1)
    assert len(backend.clips) == 1


def test_describe_names_the_backend(make_player: MakePlayer) -> None:
    player, _ = make_player(backend=RecordingBackend("paplay"))
    assert player.describe() == "paplay"


def test_no_backend_at_all_still_gives_a_player(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_backend(search_path: str | None = None) -> sound.FallbackChain:
        raise OSError("everything is broken")

    monkeypatch.setattr(sound, "default_backend", no_backend)
    assert SoundPlayer().describe() == "terminal bell"
