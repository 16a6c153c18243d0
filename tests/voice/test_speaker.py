"""The speaker: never blocks, never overlaps itself, falls back, follows mute and volume;
with espeak-ng installed, a real phrase written to a WAV file."""

from __future__ import annotations

import shutil
import threading
import time
import wave
from array import array
from pathlib import Path

import pytest

from coach.voice import (
    EspeakNg,
    SpdSay,
    Speaker,
    SynthProcess,
    VoiceSettings,
    clean_text,
    describe_voice,
)

WAIT = 5.0  # s: a bound for waiting on the worker thread, never a sleep


class FakeEngine:
    def __init__(self, name: str) -> None:
        self.name = name

    def command(self, text: str, settings: VoiceSettings) -> list[str]:
        return [self.name, text]


class FakeRun:
    """A phrase being 'said' until stopped or finished."""

    def __init__(self, argv: list[str], status: int | None = None) -> None:
        self.argv = argv
        self.status = status
        self.stopped = False

    @property
    def text(self) -> str:
        return self.argv[-1]

    def poll(self) -> int | None:
        return self.status

    def stop(self) -> None:
        self.stopped = True
        if self.status is None:
            self.status = -15


class FakeLauncher:
    """Starts FakeRuns; engines listed in `failing` exit with status 1 at once."""

    def __init__(self, failing: tuple[str, ...] = (), missing: tuple[str, ...] = ()) -> None:
        self.started: list[FakeRun] = []
        self.failing = failing
        self.missing = missing
        self.changed = threading.Condition()
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()

    def __call__(self, argv: list[str]) -> FakeRun:
        self.entered.set()
        self.gate.wait(WAIT)
        if argv[0] in self.missing:
            raise FileNotFoundError(2, "No such file or directory")
        run = FakeRun(argv, 1 if argv[0] in self.failing else None)
        with self.changed:
            self.started.append(run)
            self.changed.notify_all()
        return run

    def wait_for(self, count: int) -> list[FakeRun]:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.started) >= count, WAIT)
            return list(self.started)


def speaker(launcher: FakeLauncher, *names: str, **kwargs: object) -> Speaker:
    engines = [FakeEngine(name) for name in names or ("espeak-ng",)]
    return Speaker(engines=engines, launcher=launcher, **kwargs)  # type: ignore[arg-type]


def test_a_newer_phrase_cancels_the_one_being_said() -> None:
    launcher = FakeLauncher()
    voice = speaker(launcher)
    voice.say("Bird-dog. On hands and knees.")
    (first,) = launcher.wait_for(1)
    voice.say("3")
    first_again, second = launcher.wait_for(2)
    assert first_again is first and first.stopped
    assert [run.text for run in launcher.started] == ["Bird-dog. On hands and knees.", "3"]
    assert not second.stopped
    second.status = 0  # it finishes on its own
    assert voice.wait_idle(WAIT)
    assert not second.stopped and voice.failures() == []
    voice.close()


def test_say_returns_at_once_and_phrases_waiting_are_replaced_not_queued() -> None:
    launcher = FakeLauncher()
    launcher.gate.clear()  # the synthesiser takes its time to start
    voice = speaker(launcher)
    started = time.monotonic()
    voice.say("one")
    assert launcher.entered.wait(WAIT)  # the worker is stuck starting "one"
    voice.say("two")
    voice.say("three")
    assert time.monotonic() - started < 0.5  # the caller never waits for the synthesiser
    launcher.gate.set()
    runs = launcher.wait_for(2)
    assert [run.text for run in runs] == ["one", "three"]  # "two" was never said
    assert runs[0].stopped
    runs[1].status = 0
    assert voice.wait_idle(WAIT)
    voice.close()


def test_a_synthesiser_that_fails_is_dropped_and_the_next_says_the_phrase() -> None:
    launcher = FakeLauncher(failing=("spd-say",), missing=("espeak",))
    voice = speaker(launcher, "spd-say", "espeak", "espeak-ng")
    assert voice.describe() == "spd-say"
    voice.say("Switch sides.")
    runs = launcher.wait_for(2)
    assert [(run.argv[0], run.text) for run in runs] == [
        ("spd-say", "Switch sides."),
        ("espeak-ng", "Switch sides."),
    ]
    assert voice.failures() == [
        ("spd-say", "exited with status 1"),
        ("espeak", "cannot run it: No such file or directory"),
    ]
    assert voice.describe() == "espeak-ng"
    runs[1].status = 0
    assert voice.wait_idle(WAIT)
    voice.close()


def test_mute_stops_the_voice_and_keeps_it_quiet() -> None:
    launcher = FakeLauncher()
    voice = speaker(launcher)
    voice.say("Halfway.")
    (run,) = launcher.wait_for(1)
    voice.muted = True
    assert voice.wait_idle(WAIT) and run.stopped
    voice.say("Rest.")
    voice.muted = False
    voice.say("Well done.")
    runs = launcher.wait_for(2)
    assert [r.text for r in runs] == ["Halfway.", "Well done."]
    voice.stop()
    assert voice.wait_idle(WAIT) and runs[1].stopped
    voice.close()
    voice.say("after close")
    assert len(launcher.started) == 2


def test_without_a_synthesiser_the_speaker_is_silent() -> None:
    voice = Speaker(engines=[])
    assert not voice.available and voice.describe() == "none"
    voice.say("Rest.")
    assert voice.wait_idle(0.1)
    voice.close()


def test_muted_from_the_start_says_nothing() -> None:
    launcher = FakeLauncher()
    voice = speaker(launcher, muted=True)
    voice.say("3")
    assert voice.wait_idle(0.1) and launcher.started == []


def test_commands_carry_rate_volume_voice_and_keep_text_out_of_the_options() -> None:
    settings = VoiceSettings(rate=175 * 2, voice="en-gb", volume=0.5)
    assert EspeakNg().command("-w /tmp/x hello\nthere", settings) == [
        "espeak-ng", "-s", "350", "-a", "50", "-v", "en-gb", "--", "w /tmp/x hello there",
    ]  # fmt: skip
    assert SpdSay().command("Rest.", settings) == [
        "spd-say", "--application-name", "coach", "--priority", "text",
        "--rate", "100", "--volume", "-50", "--synthesis-voice", "en-gb", "--", "Rest.",
    ]  # fmt: skip
    loud = VoiceSettings(rate=10, volume=7.0)
    assert EspeakNg(wav=Path("o.wav")).command("x", loud)[1:5] == ["-s", "80", "-a", "100"]
    assert EspeakNg(wav=Path("o.wav")).command("x", loud)[-4:-2] == ["-w", "o.wav"]
    assert SpdSay().command("x", loud)[5:9] == ["--rate", "-54", "--volume", "0"]
    assert clean_text("--  --") == "" and len(clean_text("word " * 200)) <= 300


def test_describe_voice_names_the_synthesiser_found_and_why_others_failed() -> None:
    def probe(answers: dict[str, bool]):  # type: ignore[no-untyped-def]
        def run(argv: list[str]) -> tuple[bool, str]:
            return answers[argv[0]], "" if answers[argv[0]] else "exited with status 1"

        return run

    both = [SpdSay(), EspeakNg()]
    assert describe_voice(both, probe({"spd-say": True, "espeak-ng": True})) == (
        "speech-dispatcher (spd-say)"
    )
    assert describe_voice(both, probe({"spd-say": False, "espeak-ng": True})) == (
        "espeak-ng (speech-dispatcher (spd-say): exited with status 1)"
    )
    none = describe_voice([], probe({}))
    assert none.startswith("none: install speech-dispatcher espeak-ng")


# --------------------------------------------------------------------------- real processes


def test_a_real_process_is_killed_when_a_newer_phrase_comes() -> None:
    sleep = shutil.which("sleep")
    if sleep is None:
        pytest.skip("no sleep command")

    class Sleeper:
        name = "sleep"

        def command(self, text: str, settings: VoiceSettings) -> list[str]:
            return [sleep, "30" if text == "long" else "0"]

    launched: list[SynthProcess] = []

    def launch(argv: list[str]) -> SynthProcess:
        process = SynthProcess(argv)
        launched.append(process)
        return process

    voice = Speaker(engines=[Sleeper()], launcher=launch)
    voice.say("long")
    voice.say("short")
    assert voice.wait_idle(WAIT)
    assert len(launched) in (1, 2)  # "long" may have been replaced before it started
    assert all(process.poll() is not None for process in launched)  # ended and reaped
    assert launched[-1].poll() == 0
    if len(launched) == 2:
        assert launched[0].poll() != 0  # killed, not finished: it would have run 30 s
    voice.close()


ESPEAK = shutil.which("espeak-ng")


def _wav(path: Path) -> tuple[float, int, float]:
    with wave.open(str(path), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (1, 2)
        frames = reader.getnframes()
        samples = array("h", reader.readframes(frames))
        seconds = frames / reader.getframerate()
    peak = max((abs(s) for s in samples), default=0)
    rms = (sum(s * s for s in samples) / max(1, len(samples))) ** 0.5
    return seconds, peak, rms


@pytest.mark.skipif(
    ESPEAK is None,
    reason="espeak-ng is not installed (Debian: apt-get install espeak-ng; ./dev setup tries)",
)
def test_espeak_ng_says_a_cue_into_a_wav_file(tmp_path: Path) -> None:
    assert ESPEAK is not None
    path = tmp_path / "cue.wav"
    voice = Speaker(VoiceSettings(volume=1.0), engines=[EspeakNg(ESPEAK, wav=path)])
    voice.say("Bird-dog. On hands and knees with a flat back.")
    assert voice.wait_idle(WAIT) and voice.failures() == []
    seconds, peak, rms = _wav(path)
    assert 1.5 < seconds < 8.0  # nine words at 160 words a minute, with pauses
    assert peak > 4000 and rms > 300  # speech, not silence

    quiet = tmp_path / "quiet.wav"
    voice = Speaker(VoiceSettings(volume=0.25), engines=[EspeakNg(ESPEAK, wav=quiet)])
    voice.say("Bird-dog. On hands and knees with a flat back.")
    assert voice.wait_idle(WAIT)
    assert _wav(quiet)[1] < peak * 0.5  # the volume setting reaches the synthesiser

    slow = tmp_path / "slow.wav"
    voice = Speaker(VoiceSettings(rate=100, volume=1.0), engines=[EspeakNg(ESPEAK, wav=slow)])
    voice.say("Bird-dog. On hands and knees with a flat back.")
    assert voice.wait_idle(WAIT)
    assert _wav(slow)[0] > seconds * 1.3  # and so does the rate
