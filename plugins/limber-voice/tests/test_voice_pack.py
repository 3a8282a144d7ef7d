"""The voice pack with fake engines, on Limber's fake clock: what is said, and when not."""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import replace

import limber
import pytest
from limber import SessionEvent
from limber.testing import assert_pack_valid, build_plans, load_pack, run_session

import limber_voice
from limber_voice.cues import Cue
from limber_voice.engines import find_speech
from limber_voice.settings import VoiceSettings, parse
from limber_voice.speaker import Speaker

NAME = "voice"


class FakeRunning:
    """A cue being "spoken": done after ``seconds`` (None: only when killed)."""

    def __init__(self, seconds: float | None, status: int = 0) -> None:
        self.end = None if seconds is None else time.monotonic() + seconds
        self.status = status
        self.killed = False

    def poll(self) -> int | None:
        if self.killed:
            return -9
        if self.end is not None and time.monotonic() >= self.end:
            return self.status
        return None

    def kill(self) -> None:
        self.killed = True


class FakeEngine:
    """Records what it is asked to say; speaks for ``seconds`` (None: hangs)."""

    name = "fake"

    def __init__(
        self, seconds: float | None = 0.0, *, status: int = 0, start_delay: float = 0.0
    ) -> None:
        self.seconds = seconds
        self.status = status
        self.start_delay = start_delay
        self.said: list[str] = []
        self.started = threading.Event()

    def start(self, cue: Cue) -> FakeRunning:
        time.sleep(self.start_delay)
        self.said.append(cue.text)
        self.started.set()
        return FakeRunning(self.seconds, self.status)


def speaker(engine: FakeEngine | None, settings: VoiceSettings | None = None) -> Speaker:
    return Speaker(
        lambda s: (engine, None if engine else "No speech engine was found."),
        lambda: (settings or VoiceSettings(), None),
    )


def event(kind: str, **fields: object) -> SessionEvent:
    return SessionEvent(kind=kind, routine_id="voice/sound-check", **fields)  # type: ignore[arg-type]


def test_the_pack_is_installed_and_valid():
    assert_pack_valid(NAME)
    assert limber.API_VERSION_INFO[0] == 1 and limber.API_VERSION_INFO >= (1, 1)


def test_every_routine_can_run():
    build_plans(NAME)


def test_the_exact_cues_of_a_routine_with_sides_rounds_and_a_flow():
    """Sound check: a cat-cow flow, then a twist on each side, twice, on the fake clock."""
    engine = FakeEngine(0.0)
    voice = speaker(engine)
    plan = load_pack(NAME).plan("sound-check", dose="low")

    def hear(e: SessionEvent) -> None:
        voice.hear(e)
        assert voice.wait_idle()  # each cue spoken in full before the clock moves on

    run_session(plan, hear)
    left = "left side: open the left arm, legs to the right"
    right = "right side: open the right arm, legs to the left"
    twist_left = [f"Reclining twist, {left}", "3", "2", "1", "Hold", "Halfway", "3", "2", "1"]
    twist_right = [f"Switch sides, {right}", "Hold", "Halfway", "3", "2", "1"]
    assert engine.said == [
        "Cat-cow",
        "3",
        "2",
        "1",
        *["Cat", "Cow"] * 3,
        "Rest",
        *twist_left,
        *twist_right,
        f"Last one. Reclining twist, {left}",
        *twist_left[1:],
        *twist_right,
        "Well done. Session complete.",
    ]
    assert voice.cut_off == []


def test_a_new_cue_cuts_off_a_stale_one():
    engine = FakeEngine(None)  # never finishes on its own
    voice = speaker(engine)
    voice.hear(event("phase-started", phase_kind="get-ready", stretch_name="Twist", side="left"))
    assert engine.started.wait(2)
    voice.hear(event("switch-sides", phase_kind="switch-sides", side="right"))
    deadline = time.monotonic() + 2
    while len(engine.said) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert engine.said == ["Twist, left side", "Switch sides, right side"]
    assert voice.cut_off == ["Twist, left side"]


def test_an_event_with_no_cue_does_not_cut_off_the_current_one():
    engine = FakeEngine(0.3)
    voice = speaker(engine)
    voice.hear(event("phase-started", phase_kind="get-ready", stretch_name="Twist"))
    assert engine.started.wait(2)
    voice.hear(event("phase-done", phase_kind="get-ready"))
    assert voice.wait_idle()
    assert voice.cut_off == []


def test_the_hook_returns_in_under_a_millisecond_while_a_slow_engine_speaks(monkeypatch):
    """A property, not a benchmark: the hook never waits for speech (0.2 s per cue here)."""
    engine = FakeEngine(0.2, start_delay=0.2)
    monkeypatch.setattr(limber_voice, "_speaker", speaker(engine))
    took = []
    for n in (3, 2, 1) * 5:
        e = event("countdown", phase_kind="hold", seconds_left=n)
        start = time.perf_counter()
        limber_voice.limber_session_event(event=e)
        took.append(time.perf_counter() - start)
    assert statistics.median(took) < 0.001
    assert max(took) < 0.05  # far below one cue's 0.2 s, even on a loaded machine
    assert engine.started.wait(2)


def test_no_engine_is_said_once_and_the_session_runs_on(monkeypatch):
    monkeypatch.setattr(limber_voice, "_speaker", speaker(None))
    plan = load_pack(NAME).plan("sound-check", dose="low")
    notices = []

    def hook(e: SessionEvent) -> None:
        notice = limber_voice.limber_session_event(event=e)
        if notice:
            notices.append(notice)
        limber_voice._speaker.wait_idle()  # type: ignore[union-attr]

    events = run_session(plan, hook)
    assert events[-1].status == "completed"
    assert notices == ["No speech engine was found."]


def test_the_real_finder_says_which_engines_it_looked_for():
    assert find_speech(VoiceSettings(), which=lambda name: None) is None
    from limber_voice.engines import find

    engine, problem = find(VoiceSettings(sound="voice"))
    if engine is None:
        assert problem and "espeak-ng" in problem and "bell" in problem


@pytest.mark.parametrize(
    ("engine", "said"),
    [
        (FakeEngine(None), "did not finish a cue within 0.2 s"),
        (FakeEngine(0.0, status=3), "stopped with status 3"),
    ],
)
def test_an_engine_that_hangs_or_fails_is_reported_once_and_the_cue_dropped(engine, said):
    voice = speaker(engine, VoiceSettings(timeout=0.2))
    for n in (3, 2, 1):
        voice.hear(event("countdown", phase_kind="hold", seconds_left=n))
        assert voice.wait_idle(3)
    notices = [voice.pop_notice(), voice.pop_notice()]
    assert notices[1] is None
    assert notices[0] is not None and said in notices[0]
    assert engine.said == ["3", "2", "1"]  # every later cue was still tried


def test_an_engine_that_raises_is_reported_once():
    class Broken(FakeEngine):
        def start(self, cue: Cue) -> FakeRunning:
            raise OSError("no audio device")

    voice = speaker(Broken())
    voice.hear(event("switch-sides", phase_kind="switch-sides"))
    voice.hear(event("session-done", status="completed"))
    assert voice.wait_idle()
    assert "no audio device" in (voice.pop_notice() or "")


def test_settings_choose_the_cues_and_bad_values_are_named():
    quiet = parse({"cues": ["done"], "rate": 200})
    assert quiet.cues == {"done"} and quiet.rate == 200
    engine = FakeEngine(0.0)
    voice = speaker(engine, quiet)
    for e in (event("countdown", seconds_left=3), event("session-done", status="ended-early")):
        voice.hear(e)
        assert voice.wait_idle()
    assert engine.said == ["Session ended."]
    with pytest.raises(ValueError, match="'rate' must be a whole number"):
        parse({"rate": "fast"})
    with pytest.raises(ValueError, match="unknown key 'volume'"):
        parse({"volume": 3})


def test_settings_come_from_the_packs_voice_table(tmp_path, monkeypatch):
    from limber_voice import settings

    (tmp_path / "config.toml").write_text('bell = false\n[packs.voice]\nsound = "tones"\n')
    monkeypatch.setenv("LIMBER_HOME", str(tmp_path))
    loaded, problem = settings.load()
    assert (loaded.sound, problem) == ("tones", None)
    (tmp_path / "config.toml").write_text("[packs.voice]\nrate = 1\n")
    loaded, problem = settings.load()
    assert loaded == VoiceSettings() and problem and "[packs.voice]" in problem


def test_disabled_says_nothing():
    engine = FakeEngine(0.0)
    voice = speaker(engine, replace(VoiceSettings(), enabled=False))
    voice.hear(event("session-done", status="completed"))
    assert voice.wait_idle()
    assert engine.said == []


def test_each_tone_is_a_short_distinct_wav():
    import io
    import wave

    from limber_voice.tones import NOTES, wav_bytes

    seen = set()
    for name in NOTES:
        data = wav_bytes(name)
        with wave.open(io.BytesIO(data)) as wav:
            assert 0.04 < wav.getnframes() / wav.getframerate() < 1.0
        seen.add(data)
    assert len(seen) == len(NOTES)


def test_text_for_an_engine_is_one_clean_line_never_an_option():
    from limber_voice.text import clean

    assert clean("--help\x1b[31m\nme\x07\x1b]0;title\x07") == "help me"


def test_the_pack_says_at_load_when_no_engine_is_installed(tmp_path, monkeypatch):
    """At load (``limber_notice``), before any session: no engine on PATH is one sentence;
    an engine found, or the pack turned off, is nothing to say."""
    monkeypatch.setenv("LIMBER_HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    said = limber_voice.limber_notice()
    assert said is not None and said.startswith("No speech engine was found (")
    assert "sudo apt install espeak-ng" in said
    (tmp_path / "config.toml").write_text("[packs.voice]\nenabled = false\n")
    assert limber_voice.limber_notice() is None
    (tmp_path / "config.toml").write_text("")
    engine = tmp_path / "bin" / "espeak-ng"
    engine.parent.mkdir()
    engine.write_text("#!/bin/sh\n")
    engine.chmod(0o755)
    monkeypatch.setenv("PATH", str(engine.parent))
    assert limber_voice.limber_notice() is None
