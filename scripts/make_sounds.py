#!/usr/bin/env python3
"""Generate coach's sound cues: short, soft chimes as 16-bit PCM mono WAVs.

    python scripts/make_sounds.py            # writes sounds/*.wav in this repository
    python scripts/make_sounds.py --out DIR  # writes them somewhere else

Standard library only (wave, math, array), and deterministic: the same script writes the
same bytes, so the committed files can always be regenerated and compared.

Each note is a sine with two quiet overtones (a mellow, bell-like timbre), a short raised-
cosine attack (no click at the start), an exponential decay, and a raised-cosine release
to exactly zero at its end (no click at the end). Rising intervals say "go", falling ones
say "ease off".
"""

from __future__ import annotations

import argparse
import math
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

RATE = 22_050  # Hz: plenty for tones under 3 kHz, and half the size of 44.1 kHz files
ATTACK = 0.008  # s
RELEASE = 0.04  # s
# Relative levels of the fundamental and its overtones (2nd and 3rd harmonics).
PARTIALS = ((1, 1.0), (2, 0.22), (3, 0.06))

# Note frequencies (equal temperament, A4 = 440 Hz).
C4, G4 = 261.63, 392.00
C5, E5, G5, A5 = 523.25, 659.26, 783.99, 880.00
C6 = 1046.50


@dataclass(frozen=True)
class Note:
    start: float  # s from the beginning of the cue
    frequency: float  # Hz
    length: float  # s, release included
    decay: float  # s: time constant of the exponential decay
    level: float = 1.0  # relative to the other notes of the cue


@dataclass(frozen=True)
class Cue:
    notes: tuple[Note, ...]
    peak: float  # peak amplitude of the whole cue, as a fraction of full scale


CUES: dict[str, Cue] = {
    # Rising fifth: off you go.
    "start": Cue((Note(0.0, C5, 0.36, 0.16), Note(0.12, G5, 0.38, 0.18)), peak=0.55),
    # One short, soft blip for each of 3-2-1.
    "tick": Cue((Note(0.0, A5, 0.10, 0.035),), peak=0.40),
    # A single mellow note: half of the hold is done.
    "halfway": Cue((Note(0.0, E5, 0.42, 0.16),), peak=0.45),
    # High-low-high: turn around.
    "switch": Cue(
        (
            Note(0.0, A5, 0.20, 0.08),
            Note(0.14, E5, 0.20, 0.08),
            Note(0.28, A5, 0.24, 0.09),
        ),
        peak=0.50,
    ),
    # Falling fourth, low and slow: ease off.
    "rest": Cue((Note(0.0, G4, 0.40, 0.18), Note(0.2, C4, 0.45, 0.22, 0.9)), peak=0.50),
    # Rising major arpeggio up to the octave: well done.
    "done": Cue(
        (
            Note(0.0, C5, 0.36, 0.14),
            Note(0.12, E5, 0.36, 0.14),
            Note(0.24, G5, 0.36, 0.14),
            Note(0.36, C6, 0.44, 0.20, 0.9),
        ),
        peak=0.55,
    ),
    # A soft "ding-dong" doorbell: time for a break.
    "reminder": Cue((Note(0.0, E5, 0.34, 0.16), Note(0.2, C5, 0.42, 0.20)), peak=0.50),
}


def _envelope(t: float, note: Note) -> float:
    rise = 0.5 - 0.5 * math.cos(math.pi * t / ATTACK) if t < ATTACK else 1.0
    level = rise * math.exp(-t / note.decay)
    left = note.length - t
    if left < RELEASE:
        level *= 0.5 - 0.5 * math.cos(math.pi * max(left, 0.0) / RELEASE)
    return level


def render(cue: Cue, rate: int = RATE) -> array:
    """The cue as signed 16-bit samples, normalised to its peak level."""
    length = max(note.start + note.length for note in cue.notes)
    mix = [0.0] * round(length * rate)
    for note in cue.notes:
        first = round(note.start * rate)
        for n in range(round(note.length * rate)):
            t = n / rate
            tone = sum(
                weight * math.sin(2 * math.pi * note.frequency * harmonic * t)
                for harmonic, weight in PARTIALS
            )
            mix[first + n] += note.level * _envelope(t, note) * tone
    loudest = max(abs(value) for value in mix)
    scale = cue.peak * 32767 / loudest
    return array("h", (round(value * scale) for value in mix))


def write_wav(path: Path, samples: array, rate: int = RATE) -> None:
    if sys.byteorder == "big":  # WAV data is little-endian
        samples = array("h", samples)
        samples.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate coach's sound cues.")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "sounds",
        help="folder to write the WAVs into (default: the repository's sounds/)",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, cue in CUES.items():
        path = args.out / f"{name}.wav"
        samples = render(cue)
        write_wav(path, samples)
        print(f"{path}  {len(samples) / RATE:.2f} s  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
