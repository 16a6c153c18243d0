"""Idle sources, meeting probes and the subprocess helper, with fake programs on PATH."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from coach.config import Config
from coach.reminders import presence
from coach.reminders.idle import LogindIdle, XprintidleIdle, detect_idle_source, find_session_id
from coach.reminders.presence import busy_reason, defer_command_says_busy, microphone_in_use
from coach.shell import run_command
from tests.reminders.conftest import write_script

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("output", "idle"),
    [
        ("IdleHint=no\nIdleSinceHint=1799999000000000\n", 0.0),
        ("IdleHint=yes\nIdleSinceHint=1799999400000000\n", 600.0),
        ("IdleHint=yes\nIdleSinceHint=0\n", None),
        ("nonsense\n", None),
    ],
)
def test_logind_idle(fake_bin: Path, output: str, idle: float | None) -> None:
    write_script(fake_bin, "loginctl", f"printf '{output}'")
    source = LogindIdle("7", loginctl=str(fake_bin / "loginctl"), wall=lambda: NOW)
    assert source.idle_seconds() == idle


def test_logind_asks_for_the_right_session(fake_bin: Path, tmp_path: Path) -> None:
    record = tmp_path / "args"
    write_script(fake_bin, "loginctl", f'echo "$@" > {record}; echo IdleHint=no')
    LogindIdle("c2", loginctl=str(fake_bin / "loginctl")).idle_seconds()
    assert record.read_text().split() == [
        "show-session",
        "c2",
        "-p",
        "IdleHint",
        "-p",
        "IdleSinceHint",
    ]


def test_the_session_comes_from_the_environment_or_logind(fake_bin: Path) -> None:
    loginctl = str(fake_bin / "loginctl")
    write_script(fake_bin, "loginctl", 'if [ "$1" = show-user ]; then echo 3; fi')
    assert find_session_id({"XDG_SESSION_ID": "12"}, loginctl) == "12"
    assert find_session_id({}, loginctl) == "3"  # a systemd user service has no XDG_SESSION_ID
    write_script(
        fake_bin,
        "loginctl",
        'if [ "$1" = list-sessions ]; then echo "5 99999 other seat0 tty2"; '
        'echo "8 $(id -u) me seat0 tty3"; fi',
    )
    assert find_session_id({}, loginctl) == "8"


def test_detection_falls_back_to_x11_then_to_nothing(fake_bin: Path) -> None:
    write_script(fake_bin, "xprintidle", "echo 4500")
    found = detect_idle_source(
        {"DISPLAY": ":0"}, which=lambda name: str(fake_bin / name) if name == "xprintidle" else None
    )
    assert isinstance(found, XprintidleIdle) and found.idle_seconds() == 4.5
    assert detect_idle_source({}, which=lambda name: None) is None
    assert detect_idle_source({"DISPLAY": ":0"}, which=lambda name: None) is None


def test_logind_is_preferred_when_it_answers(fake_bin: Path) -> None:
    write_script(fake_bin, "loginctl", "echo IdleHint=no; echo IdleSinceHint=0")
    write_script(fake_bin, "xprintidle", "echo 1")
    found = detect_idle_source(
        {"XDG_SESSION_ID": "4", "DISPLAY": ":0"}, which=lambda n: str(fake_bin / n)
    )
    assert isinstance(found, LogindIdle) and found.session_id == "4"


@pytest.mark.parametrize(
    ("script", "busy"),
    [
        ('echo "42\t51\t9\tfloat32le 1ch 48000Hz"', True),  # a call records from the mic
        ("true", False),  # no source outputs
        ("exit 1", None),  # no sound server
    ],
)
def test_microphone_probe(fake_bin: Path, script: str, busy: bool | None) -> None:
    write_script(fake_bin, "pactl", script)
    assert microphone_in_use(which=lambda name: str(fake_bin / name)) is busy


def test_no_pactl_means_unknown() -> None:
    assert microphone_in_use(which=lambda name: None) is None


def test_defer_if_exit_status(monkeypatch: pytest.MonkeyPatch) -> None:
    assert defer_command_says_busy("exit 0") is True
    assert defer_command_says_busy("exit 1") is False
    monkeypatch.setattr(presence, "DEFER_IF_TIMEOUT", 0.3)
    started = time.monotonic()
    assert defer_command_says_busy("sleep 30") is None  # a hung command is not "busy"
    assert time.monotonic() - started < 5


def test_busy_reason_combines_the_probes(fake_bin: Path) -> None:
    write_script(fake_bin, "pactl", 'echo "1\t2\t3"')
    which = lambda name: str(fake_bin / name) if name == "pactl" else None  # noqa: E731
    assert busy_reason(Config(), which=which) == "microphone in use"
    assert busy_reason(Config(defer_when_mic_in_use=False), which=which) is None
    quiet = Config(defer_when_mic_in_use=False, defer_if="test -e /")
    assert busy_reason(quiet, which=which) == "defer_if says busy"
    assert busy_reason(replace(quiet, defer_if="false"), which=which) is None


def test_the_service_defers_on_a_real_fake_pactl(
    fake_bin: Path, berlin_clock, berlin_config
) -> None:  # type: ignore[no-untyped-def]
    from tests.reminders.conftest import Harness

    write_script(fake_bin, "pactl", 'echo "7\t1\t2\ts16le 1ch 16000Hz"')
    harness = Harness(berlin_clock, berlin_config, busy=busy_reason)
    harness.service.start()
    assert harness.run_at() is None
    assert any("deferred: microphone in use" in event for event in harness.events)
    write_script(fake_bin, "pactl", "true")  # the call ended
    assert harness.run_at() is not None


def test_run_command_never_raises(tmp_path: Path) -> None:
    assert run_command([str(tmp_path / "missing")], timeout=1).returncode is None
    assert run_command(["sh", "-c", "echo hi"], timeout=5).stdout == "hi\n"
    started = time.monotonic()
    # The child of the shell is killed too: communicate() would otherwise wait for it.
    result = run_command("sleep 30 & sleep 30", shell=True, timeout=0.3)
    assert result.returncode is None and "no answer" in result.problem
    assert time.monotonic() - started < 5
