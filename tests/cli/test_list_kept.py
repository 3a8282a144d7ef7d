"""`limber list --json` printed again from what a clean load kept, without loading: and
never a listing the files, the packs or their code no longer say."""

from __future__ import annotations

import json
import os
import shutil
from functools import partial
from pathlib import Path

GOOD = {"LIMBER_PACKS": "good"}
CORE = {"LIMBER_PACKS": ""}
ROUTINE_TOML = """\
id = "{id}"
name = "{title}"
description = "A test routine."

[[steps]]
stretch = "{stretch}"
"""

MADE_IN_CODE = """

@hookimpl
def limber_build(pack):
    import os
    pack.add_stretch({
        "id": "made", "name": os.environ.get("MADE_NAME", "Made"),
        "summary": "Made in code.", "kind": "hold", "position": "lying-on-back",
        "targets": ["lower-back"], "sides": "none", "setup": "Lie down.",
        "steps": ["Rest."], "dose": {"seconds": 20},
    })
"""


def listed(limber, env=None) -> dict:
    result = limber("list", "--json", **({"env": env} if env else {}))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def names(listing: dict) -> dict[str, str]:
    return {item["id"]: item["name"] for item in listing["stretches"] + listing["routines"]}


def opened_files(limber, env):
    """`limber list --json` with every file it opens written to stderr: (stdout, files)."""
    probe = limber.python(
        "import json, sys",
        "opened = []",
        "sys.addaudithook(lambda event, args: event == 'open' and opened.append(str(args[0])))",
        "sys.argv = ['limber', 'list', '--json']",
        "from limber.cli import main",
        "try:",
        "    main()",
        "finally:",
        "    sys.stderr.write(json.dumps(opened))",
        env=env,
    )
    return probe.stdout, json.loads(probe.stderr)


def test_a_clean_listing_is_printed_again_from_the_listing_alone(
    limber, limber_home, data_pack_source, make_pack
):
    """No pack file and no parse cache is opened: the one file of Limber's own it
    opens is the listing it kept."""
    limber.install("good", data_pack_source, make_pack("good"))
    first = limber("list", "--json", env=GOOD).stdout
    assert "good/hug" in names(json.loads(first))
    again, opened = opened_files(limber, GOOD)
    assert again == first
    assert [f for f in opened if f.endswith(".toml")] == []
    assert [f for f in opened if f.startswith(str(limber_home))] == [
        str(limber_home / "cache" / "listing.json")
    ]


def test_a_pack_file_edited_in_place_is_listed_as_it_is_now(limber, data_pack_source, make_pack):
    root = make_pack("good")
    limber.install("good", data_pack_source, root)
    assert names(listed(limber, GOOD))["good/hug"] == "Hug"
    hug = root / "stretches" / "hug.toml"
    before = hug.stat()
    hug.write_text(hug.read_text().replace('name = "Hug"', 'name = "Hog"'))
    os.utime(hug, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` keeps it
    assert hug.stat().st_size == before.st_size
    assert names(listed(limber, GOOD))["good/hug"] == "Hog"
    (root / "stretches" / "hug.toml").rename(root / "stretches" / "hug.toml.off")
    (root / "routines" / "plain.toml").write_text(
        ROUTINE_TOML.format(id="plain", title="Plain", stretch="core/childs-pose")
    )
    now = names(listed(limber, GOOD))
    assert "good/hug" not in now and now["good/plain"] == "Plain"
    pack = root / "pack.toml"
    pack.write_text(pack.read_text().replace('name = "good"', 'name = "gold"'))
    result = limber("list", "--json", env=GOOD)
    assert "Pack 'good' did not load: pack.toml:1: name: name `gold` differs" in result.stderr
    assert "good/plain" not in names(json.loads(result.stdout))


def test_the_runners_routines_and_a_bad_one_are_listed_as_they_are_now(limber, limber_home):
    limber = partial(limber, env=CORE)  # the core pack alone: the first-party ones aside
    routines = limber_home / "routines"
    routines.mkdir()
    mine = routines / "mine.toml"
    mine.write_text(ROUTINE_TOML.format(id="mine", title="Morning", stretch="core/childs-pose"))
    assert names(listed(limber))["mine/mine"] == "Morning"
    assert names(listed(limber))["mine/mine"] == "Morning"  # printed as kept
    mine.write_text(ROUTINE_TOML.format(id="mine", title="Evening", stretch="core/childs-pose"))
    assert names(listed(limber))["mine/mine"] == "Evening"
    (routines / "broken.toml").write_text("id = [")
    for _ in range(2):  # the second run too: a load with a file left out is never kept
        result = limber("list", "--json")
        assert "broken.toml" in result.stderr and "left out" in result.stderr
        assert "mine/mine" in names(json.loads(result.stdout))
    (routines / "broken.toml").unlink()
    assert "mine/mine" in names(listed(limber))


def test_a_pack_with_code_is_loaded_every_time(limber, data_pack_source, make_pack):
    limber.install("made", data_pack_source + MADE_IN_CODE, make_pack("made"))
    only = {"LIMBER_PACKS": "made"}
    assert names(listed(limber, {**only, "MADE_NAME": "First"}))["made/made"] == "First"
    assert names(listed(limber, {**only, "MADE_NAME": "Second"}))["made/made"] == "Second"


def test_a_pack_turned_off_or_removed_leaves_the_listing(
    limber, limber_home, data_pack_source, make_pack
):
    limber.install("good", data_pack_source, make_pack("good"))
    assert "good/hug" in names(listed(limber, GOOD))
    (limber_home / "config.toml").write_text('disabled_packs = ["good"]\n')
    assert "good/hug" not in names(listed(limber, GOOD))
    (limber_home / "config.toml").unlink()
    assert "good/hug" in names(listed(limber, GOOD))
    assert "good/hug" not in names(listed(limber, CORE))
    assert "good/hug" in names(listed(limber, GOOD))
    (info,) = Path(limber.site).glob("*.dist-info")
    shutil.rmtree(info)  # uninstalled, as pip leaves it
    assert "good/hug" not in names(listed(limber, GOOD))


NOTICE = """

@hookimpl
def limber_notice():
    import os
    if os.environ.get("NOTICE_FAILS"):
        raise RuntimeError("no speaker")
    return "Turn the sound up."
"""


def test_a_pack_with_a_notice_is_listed_as_kept_until_its_notice_fails(
    limber, limber_home, data_pack_source, make_pack
):
    """A notice is not listed, so a pack that has one is printed from the kept listing;
    but a notice hook that fails fails its pack, and that is never skipped."""
    limber.install("told", data_pack_source + NOTICE, make_pack("told"))
    told = {"LIMBER_PACKS": "told"}
    first = limber("list", "--json", env=told).stdout
    assert "told/hug" in names(json.loads(first))
    again, opened = opened_files(limber, told)
    assert again == first
    assert [f for f in opened if f.startswith(str(limber_home))] == [
        str(limber_home / "cache" / "listing.json")
    ]
    failing = limber("list", "--json", env={**told, "NOTICE_FAILS": "1"})
    assert "Pack 'told' did not load" in failing.stderr and "no speaker" in failing.stderr
    assert "told/hug" not in names(json.loads(failing.stdout))


HUNG = """\
import os, time
from limber import hookimpl

@hookimpl
def limber_content_dir():
    with open(os.environ["HUNG_CALLS"], "a") as calls:
        calls.write("asked\\n")
    time.sleep(30)
"""


def test_a_pack_that_hangs_is_waited_on_once(limber, tmp_path):
    """The digest asks for each pack's folder before the load: a pack whose hook hangs
    is reported too slow then, not asked and waited on a second time by the load."""
    limber.install("hung", HUNG)
    calls = tmp_path / "calls"
    env = {"LIMBER_PACKS": "hung", "LIMBER_HOOK_SECONDS": "0.5", "HUNG_CALLS": str(calls)}
    result = limber("list", "--json", env=env)
    assert result.returncode == 0
    assert "Pack 'hung' did not load: its content hooks took longer than 0.5 s" in result.stderr
    assert "core/post-run" in names(json.loads(result.stdout))
    assert calls.read_text() == "asked\n"
