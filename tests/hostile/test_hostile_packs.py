"""Every hostile pack installed at once: each is named in one sentence, the good pack and
the core still load, nothing any pack says reaches the terminal as an escape byte."""

from __future__ import annotations

import json

from tests.hostile.conftest import Run

ALL_BUT_SLOW = "good,deep,interrupt,exits,brokenfolder,twins,hugeid,escapes,raiser,evilname"
FAILING = ("deep", "interrupt", "brokenfolder", "hugeid", "raiser", "evilname", "core", "mine")


def test_list_names_each_broken_pack_and_lists_the_rest(limber_run):
    run: Run = limber_run("list", packs=ALL_BUT_SLOW)
    assert run.code == 0, run.err
    assert "good/quick" in run.out and "core/post-run" in run.out
    assert "twins/same" in run.out  # a stretch and a routine may share an id
    assert run.clean()
    lines = run.err.splitlines()
    assert all(line.startswith("limber: ") for line in lines)
    for name in FAILING:
        assert any(f"Pack '{name}' did not load" in line for line in lines), name
    assert max(map(len, lines)) < 1000  # a 10 MB id is not echoed
    assert "nested too deeply" in run.err
    assert "KeyboardInterrupt" in run.err
    assert "the disk went away" in run.err
    assert "distribution 'evil-core'" in run.err and "distribution 'evil-mine'" in run.err


def test_strict_fails_with_a_sentence(limber_run):
    run = limber_run("--strict", "list", packs=ALL_BUT_SLOW)
    assert run.code == 1
    assert "failed to load (--strict)" in run.err and run.clean()


def test_packs_json_is_bounded_and_clean(limber_run):
    run = limber_run("packs", "--json", packs=ALL_BUT_SLOW)
    assert run.code == 0 and run.clean()
    assert len(run.out) < 100_000
    records = {r["name"]: r for r in json.loads(run.out)}
    assert records["good"]["status"] == "loaded"
    assert records["core"]["status"] == "loaded"  # the real one, from limber
    assert records["escapes"]["version"] == "1.0"  # the escape sequence is gone
    assert "evilname" in records


def test_show_of_escaped_text_and_a_huge_id(limber_run):
    run = limber_run("show", "escapes/hug", packs="escapes")
    assert run.code == 0 and run.clean()
    assert "gently" in run.out
    huge = limber_run("show", "z" * 100_000, packs="")
    assert huge.code == 1 and huge.clean()
    last = huge.err.splitlines()[-1]
    assert len(last) < 200 and last.startswith("limber: There is no")


def test_an_event_hook_raising_systemexit_does_not_end_the_session(limber_run):
    run = limber_run(
        "run", "good/quick", "--plain", packs="good,exits,escapes", LIMBER_PLAIN_SPEED="50"
    )
    assert run.code == 0, run.err
    assert "Session completed" in run.out
    assert "Pack 'exits' failed" in run.err and "SystemExit" in run.err
    assert "Pack 'escapes' failed" in run.err and run.clean()
    assert run.err.count("Pack 'exits'") == 1


def test_a_slow_hook_is_reported_and_the_rest_load(limber_run):
    run = limber_run("packs", packs="good,slow", timeout=30)
    assert run.code == 0
    assert "took longer than 2 s" in run.out
    listing = limber_run("list", packs="good,slow", timeout=30)
    assert "good/quick" in listing.out
    assert "Pack 'slow' did not load" in listing.err


def test_uninstall_never_hands_pip_a_distribution_name_that_reads_as_an_option(
    limber_run, tmp_path
):
    """A pack's METADATA may name its distribution anything: ``-r FILE`` would make pip
    uninstall every package that file lists."""
    site = tmp_path / "site"
    info = site / "dashed-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: -r/nonexistent-limber-requirements.txt\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text("[limber]\ndashed = hostile_dashed\n")
    run = limber_run("uninstall", "dashed", PYTHONPATH=str(site))
    assert run.code == 1 and "Traceback" not in run.err
    assert len(run.err.splitlines()) == 1 and "not a distribution name" in run.err
    assert "nothing was uninstalled" in run.err
