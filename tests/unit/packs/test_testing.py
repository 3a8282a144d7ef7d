"""``limber.testing``: a pack's own tests pass for a good pack and fail with the pack's
own error sentences for a broken one."""

from __future__ import annotations

import sys
from collections.abc import Callable
from itertools import count
from pathlib import Path

import pytest

from limber import testing
from limber.core.errors import LimberError
from limber.testing import assert_pack_valid, build_plans, load_pack

DATA_PACK = """\
from pathlib import Path
from limber import hookimpl

@hookimpl
def limber_content_dir():
    return Path(__file__).parent / "content"
"""

_numbers = count()

Install = Callable[..., str]


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Install:
    """Install a pack as pip leaves it: a module and a dist-info naming it, on sys.path."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))

    def install(name: str, content: Path | None, source: str = DATA_PACK) -> str:
        module = f"limber_testing_{name.replace('-', '_')}_{next(_numbers)}"
        (site / module).mkdir()
        (site / module / "__init__.py").write_text(source)
        if content is not None:
            (site / module / "content").symlink_to(content, target_is_directory=True)
        info = site / f"{module}-2.0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 2.0.1\n")
        (info / "entry_points.txt").write_text(f"[limber]\n{name} = {module}\n")
        monkeypatch.delitem(sys.modules, module, raising=False)
        return module

    return install


def test_a_good_pack_is_valid_and_every_routine_builds_a_plan(install, make_pack):
    install("good", make_pack("good", stretches={"hug": {}}, routines={"easy": "hug"}))
    pack = assert_pack_valid("good")
    assert pack.loaded and pack.problems == ()
    assert list(pack.routines) == ["good/easy"]
    assert list(pack.stretches) == ["good/hug"]
    assert {"good/hug", "core/childs-pose"} <= set(pack.known_stretches)
    assert pack.version == "2.0.1" and pack.info is not None and pack.info.name == "good"

    plans = build_plans("good")
    assert list(plans) == ["good/easy"]
    assert plans["good/easy"].work_seconds == 20
    assert pack.plan("easy").work_seconds == 20  # an id within the pack works too


def test_only_the_pack_and_the_core_load(install, make_pack, limber_home):
    install("good", make_pack("good", routines={"easy": "hug"}))
    install("other", make_pack("other", routines={"else": "hug"}))
    (limber_home / "routines").mkdir()
    (limber_home / "routines" / "own.toml").write_text(
        'id = "own"\nname = "Own"\ndescription = "d"\n[[steps]]\nstretch = "core/childs-pose"\n'
    )
    pack = load_pack("good")
    assert not any(s.startswith(("other/", "mine/")) for s in pack.known_stretches)
    assert {s.split("/")[0] for s in pack.known_stretches} == {"core", "good"}


def test_a_pack_with_a_content_error_fails_with_its_sentence(install, make_pack):
    install("broken", make_pack("broken", routines={"r": "no-such-stretch"}))
    pack = load_pack("broken")  # load_pack itself reports, never raises
    assert pack.status == "failed"
    (sentence,) = pack.problems
    assert "routines/r.toml: steps[0].stretch:" in sentence
    assert "no-such-stretch" in sentence
    with pytest.raises(AssertionError) as failed:
        assert_pack_valid("broken")
    assert str(failed.value) == f"Pack 'broken' did not load cleanly:\n  {sentence}"
    with pytest.raises(AssertionError, match="did not load cleanly"):
        build_plans("broken")


def test_a_pack_that_cannot_be_imported_fails_with_the_import_error(install):
    install("noimport", None, "import a_module_that_is_not_installed\n")
    with pytest.raises(AssertionError) as failed:
        assert_pack_valid("noimport")
    message = str(failed.value)
    assert "could not be imported" in message
    assert "ModuleNotFoundError" in message and "a_module_that_is_not_installed" in message


def test_a_pack_that_is_not_installed_says_how_to_install_it():
    pack = load_pack("not-installed")
    assert pack.status == "not installed" and not pack.loaded
    with pytest.raises(AssertionError, match="No installed pack is called 'not-installed'"):
        assert_pack_valid("not-installed")


def test_a_routine_that_cannot_be_planned_is_named(install, make_pack, monkeypatch):
    install("good", make_pack("good", routines={"easy": "hug", "fine": "hug"}))

    def refuse(routine, stretches, settings):
        raise LimberError(f"cannot plan {routine.id}")

    monkeypatch.setattr(testing, "build_plan", refuse)
    with pytest.raises(AssertionError) as failed:
        build_plans("good")
    assert str(failed.value).splitlines() == [
        "Routine 'good/easy' cannot be run: cannot plan good/easy",
        "Routine 'good/fine' cannot be run: cannot plan good/fine",
    ]


def test_the_dose_end_reaches_the_plan(install, make_pack):
    install(
        "ranged",
        make_pack("ranged", stretches={"hug": {"seconds": "[20, 30]"}}, routines={"r": "hug"}),
    )
    assert build_plans("ranged", dose="low")["ranged/r"].work_seconds == 20
    assert build_plans("ranged")["ranged/r"].work_seconds == 30


def test_run_session_runs_a_plan_to_its_end_on_a_fake_clock():
    """What a pack reacting to events tests with: the app's engine, no real time."""
    plan = load_pack("core").plan("core/post-run")
    seen: list[str] = []
    clock = testing.FakeClock()
    events = testing.run_session(plan, lambda e: seen.append(e.kind), clock=clock)
    assert seen == [e.kind for e in events]
    assert (seen[0], seen[-1]) == ("session-started", "session-done")
    assert events[-1].status == "completed"
    assert clock.now - 1000.0 >= plan.total_seconds
