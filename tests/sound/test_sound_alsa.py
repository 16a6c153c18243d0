"""Real simpleaudio through real ALSA: no "ALSA lib" noise, and playback into the null device.

These run in subprocesses because libasound reads its configuration once per process.
CI installs libasound2-dev and the `sound` extra, so they run there; they are skipped only
where simpleaudio cannot be imported.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coach.sound import CUES, silence_alsa_errors

needs_simpleaudio = pytest.mark.skipif(
    importlib.util.find_spec("simpleaudio") is None,
    reason="simpleaudio is not installed (the `sound` extra, which needs libasound2-dev)",
)


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def alsa_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("ALSA lib")]


@pytest.fixture
def no_sound_device(tmp_path: Path) -> dict[str, str]:
    """An environment where ALSA's default PCM does not exist (and no CLI player is found).

    ALSA_CONFIG_PATH replaces the whole system configuration, so this is the same on a
    machine with a sound card.
    """
    config = tmp_path / "asound-missing.conf"
    config.write_text('pcm.!default "coach_no_such_device"\n')
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    return {**os.environ, "ALSA_CONFIG_PATH": str(config), "PATH": str(empty)}


@pytest.fixture
def null_sound_device(tmp_path: Path) -> dict[str, str]:
    """A HOME whose .asoundrc sends the default PCM to ALSA's null device."""
    home = tmp_path / "null-home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default { type null }\n")
    env = {**os.environ, "HOME": str(home)}
    env.pop("ALSA_CONFIG_PATH", None)
    return env


@needs_simpleaudio
def test_alsa_errors_never_reach_stderr(no_sound_device: dict[str, str]) -> None:
    # Without the handler, opening the missing device prints ALSA's own lines on fd 2 ...
    raw = run_python(
        """
        import simpleaudio
        try:
            simpleaudio.play_buffer(b"\\0\\0" * 100, 1, 2, 22050)
        except Exception as error:
            print(type(error).__name__)
        """,
        no_sound_device,
    )
    assert raw.stdout.strip() == "SimpleaudioError"
    assert alsa_lines(raw.stderr), "this ALSA set-up prints nothing: the test below proves nothing"

    # ... with coach's player, the same failure is silent and the cue goes to the bell.
    quiet = run_python(
        """
        import json
        from coach import sound
        rung = []
        sound.ring_terminal_bell = lambda: rung.append(1)
        player = sound.SoundPlayer()
        player.play("start")
        assert player.flush(10)
        print(json.dumps({
            "backend": player.describe(),
            "failures": player.backend.failures(),
            "rung": len(rung),
        }))
        """,
        no_sound_device,
    )
    assert quiet.returncode == 0, quiet.stderr
    assert alsa_lines(quiet.stderr) == []
    assert quiet.stderr == ""
    result = json.loads(quiet.stdout)
    assert result["backend"] == "terminal bell"
    [[name, why]] = result["failures"]
    assert name == "simpleaudio" and why.startswith("Error opening PCM device")
    assert result["rung"] == 1


@needs_simpleaudio
def test_every_cue_plays_through_simpleaudio_into_the_null_device(
    null_sound_device: dict[str, str],
) -> None:
    played = run_python(
        f"""
        import json
        import simpleaudio
        from coach.sound import SoundPlayer, load_builtin

        seconds = {{}}
        for cue in {CUES!r}:
            clip = load_builtin(cue).scaled(0.8)
            simpleaudio.play_buffer(clip.pcm(), clip.channels, 2, clip.rate).wait_done()
            seconds[cue] = clip.seconds

        player = SoundPlayer()  # the real chain, as coach builds it
        for cue in {CUES!r}:
            player.play(cue)
            assert player.flush(10)
        player.backend.backends[0]._playing.wait_done()
        print(json.dumps({{
            "seconds": seconds,
            "backend": player.describe(),
            "failures": player.backend.failures(),
        }}))
        """,
        null_sound_device,
    )
    assert played.returncode == 0, played.stderr
    assert alsa_lines(played.stderr) == []
    result = json.loads(played.stdout)
    assert sorted(result["seconds"]) == sorted(CUES)
    assert result["backend"] == "simpleaudio"
    assert result["failures"] == []


def test_silencing_alsa_is_idempotent_and_reports_whether_it_worked() -> None:
    from coach.sound import _load_libasound

    have_libasound = _load_libasound() is not None
    assert silence_alsa_errors() is have_libasound
    assert silence_alsa_errors() is have_libasound
