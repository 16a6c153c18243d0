"""The built-in cue files, their generator, and WAV decoding."""

from __future__ import annotations

import importlib.util
import sys
import wave
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sound_helpers import read_samples, write_wav

from coach import builtin
from coach.sound import (
    CUES,
    MAX_CUE_SECONDS,
    Clip,
    SoundError,
    decode_wav,
    load_builtin,
    load_wav,
)

REPO = Path(__file__).resolve().parents[2]


def _make_sounds() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sounds", REPO / "scripts/make_sounds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.mark.parametrize("cue", CUES)
def test_every_builtin_cue_is_a_short_small_16_bit_mono_wav(cue: str) -> None:
    resource = builtin.sounds() / f"{cue}.wav"
    data = resource.read_bytes()
    assert len(data) < 40_000
    clip = load_builtin(cue)
    assert (clip.channels, clip.rate) == (1, 22050)
    assert 0.1 <= clip.seconds <= 0.8
    # Starts and ends at silence (no click) and never clips.
    assert clip.samples[0] == 0 and clip.samples[-1] == 0
    assert 8000 < max(abs(s) for s in clip.samples) < 32767


def test_generator_matches_the_committed_files(tmp_path: Path) -> None:
    make_sounds = _make_sounds()
    assert make_sounds.main(["--out", str(tmp_path / "a")]) == 0
    assert make_sounds.main(["--out", str(tmp_path / "b")]) == 0
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(f"{c}.wav" for c in CUES)
    for cue in CUES:
        first = (tmp_path / "a" / f"{cue}.wav").read_bytes()
        assert first == (tmp_path / "b" / f"{cue}.wav").read_bytes(), f"{cue} is not deterministic"
        generated = read_samples(tmp_path / "a" / f"{cue}.wav")
        committed = read_samples(REPO / "sounds" / f"{cue}.wav")
        # Equal up to a rounding step: another libm may round a sine differently.
        assert len(generated) == len(committed), f"regenerate sounds/{cue}.wav"
        assert max(abs(g - c) for g, c in zip(generated, committed, strict=True)) <= 1


def test_16_bit_mono_and_stereo_decode_exactly(tmp_path: Path) -> None:
    samples = [0, 1, -1, 32767, -32768, 1234, -4321, 0]
    mono = load_wav(write_wav(tmp_path / "m.wav", samples))
    assert list(mono.samples) == samples and mono.channels == 1 and mono.frames == 8
    stereo = load_wav(write_wav(tmp_path / "s.wav", samples, channels=2, rate=44100))
    assert list(stereo.samples) == samples and stereo.channels == 2 and stereo.frames == 4
    assert stereo.seconds == pytest.approx(4 / 44100)


@pytest.mark.parametrize("width", [1, 3, 4])
def test_8_24_and_32_bit_become_16_bit(tmp_path: Path, width: int) -> None:
    # Multiples of 256 survive 8-bit; the others keep all their bits.
    samples = [0, 256, -256, 32512, -32768, 12800]
    clip = load_wav(write_wav(tmp_path / "w.wav", samples, width=width))
    assert list(clip.samples) == samples


def test_a_long_wav_is_cut_to_the_longest_cue(tmp_path: Path) -> None:
    rate = 8000
    path = write_wav(tmp_path / "long.wav", [100] * int((MAX_CUE_SECONDS + 2) * rate), rate=rate)
    assert load_wav(path).seconds == pytest.approx(MAX_CUE_SECONDS)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"this is not audio"), "not a readable PCM WAV file"),
        (lambda p: p.write_bytes(b""), "not a readable PCM WAV file"),
        (lambda p: write_wav(p, [1, 2, 3], rate=12345), "sample rate 12345 Hz is not supported"),
        (lambda p: write_wav(p, [], rate=22050), "has no audio"),
        (lambda p: write_wav(p, [1, 2, 3], channels=3), "has 3 channels"),
    ],
)
def test_unusable_wavs_say_which_file_and_why(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "done.wav"
    make(path)  # type: ignore[operator]
    with pytest.raises(SoundError) as caught:
        load_wav(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_a_truncated_wav_keeps_its_whole_frames(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "t.wav", [5, 6, 7, 8], channels=2)
    data = path.read_bytes()[:-1]  # cut the last byte: the last frame is incomplete
    clip = decode_wav(data, "t.wav")
    assert list(clip.samples) == [5, 6]


def test_missing_file_is_a_sound_error(tmp_path: Path) -> None:
    with pytest.raises(SoundError, match="cannot be read"):
        load_wav(tmp_path / "nope.wav")


def test_scaling_multiplies_every_sample() -> None:
    from array import array

    clip = Clip(array("h", [1000, -1000, 32767, -32768, 3]), 1, 22050)
    assert list(clip.scaled(0.5).samples) == [500, -500, 16384, -16384, 2]
    assert list(clip.scaled(0.0).samples) == [0, 0, 0, 0, 0]
    assert clip.scaled(1.0) is clip


def test_clip_wav_round_trips(tmp_path: Path) -> None:
    clip = load_builtin("tick")
    path = tmp_path / "again.wav"
    path.write_bytes(clip.wav())
    with wave.open(str(path)) as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (
            1,
            2,
            22050,
        )
    assert load_wav(path).samples == clip.samples


# Damaged bytes: decode_wav names the file and the reason (SoundError), never a traceback.
_SHIPPED = (REPO / "sounds" / "tick.wav").read_bytes()[:256]


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.binary(max_size=96))
def test_any_bytes_decode_or_say_why(data: bytes) -> None:
    try:
        decode_wav(data, "x.wav")
    except SoundError as error:
        assert str(error).startswith("x.wav: ")


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, len(_SHIPPED) - 1), st.integers(0, 255)), max_size=6),
    st.integers(0, len(_SHIPPED)),
)
def test_a_damaged_wav_decodes_or_says_why(changes: list[tuple[int, int]], keep: int) -> None:
    damaged = bytearray(_SHIPPED)
    for where, value in changes:
        damaged[where] = value
    try:
        decode_wav(bytes(damaged[:keep]), "x.wav")
    except SoundError as error:
        assert str(error).startswith("x.wav: ")
