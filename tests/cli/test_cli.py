"""The command line as a person meets it: output, exit codes, and one-sentence errors."""

from __future__ import annotations

import json

import pytest


def assert_one_sentence_error(result, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("limber: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_version(limber):
    result = limber("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("limber 0.")


def test_list_shows_core_routines_and_stretches(limber):
    result = limber("list")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Routines" in result.stdout and "Stretches" in result.stdout
    assert "core/post-run" in result.stdout
    assert "Post-run lower-back relief" in result.stdout
    assert "core/childs-pose" in result.stdout


def test_list_json_shape(limber):
    data = json.loads(limber("list", "--json").stdout)
    assert set(data) == {"routines", "stretches"}
    stretch = next(s for s in data["stretches"] if s["id"] == "core/childs-pose")
    assert stretch["pack"] == "core"
    assert stretch["file"] == "stretches/childs-pose.toml"
    assert stretch["dose"]["text"]
    routine = next(r for r in data["routines"] if r["id"] == "core/post-run")
    assert all(step["stretch"].startswith("core/") for step in routine["steps"])


def test_a_second_listing_reads_only_what_it_kept(limber):
    """Once the caches are warm, `limber list --json` prints the same bytes without
    parsing TOML, writing a file or starting a process: none of the modules that do it
    (nor argparse's terminal-width lookup, which drew in shutil) is imported. Only the
    core pack: the first-party ones installed beside it run programs of their own."""
    only_core = {"LIMBER_PACKS": "core"}
    first = limber("list", "--json", env=only_core)
    probe = limber.python(
        "import atexit, json, sys",
        "atexit.register(lambda: sys.stderr.write(json.dumps(sorted(sys.modules))))",
        "sys.argv = ['limber', 'list', '--json']",
        "from limber.cli import main",
        "main()",
        env=only_core,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout == first.stdout
    modules = set(json.loads(probe.stderr))
    assert {"tomllib", "tempfile", "subprocess", "shutil"} & modules == set()


def test_help_is_as_wide_as_columns_says(limber):
    text = limber("--help", env={"COLUMNS": "60"}).stdout
    assert max(len(line) for line in text.splitlines()) <= 58
    assert "Guided lower-back stretching for runners." in " ".join(text.split())


@pytest.mark.parametrize("ref", ["core/childs-pose", "childs-pose", "child's pose"])
def test_show_finds_a_stretch_by_id_bare_id_or_name(limber, ref):
    result = limber("show", ref)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Child")
    assert "Steps" in result.stdout and "Sources" in result.stdout


def test_show_unknown_id_is_one_sentence_with_a_suggestion(limber):
    result = limber("show", "childs-pse")
    assert_one_sentence_error(
        result,
        "no routine, stretch or guidance page called 'childs-pse'",
        "Did you mean 'childs-pose'?",
    )


def test_packs_json_lists_core(limber):
    data = json.loads(limber("packs", "--json").stdout)
    core = next(p for p in data if p["name"] == "core")
    assert core["status"] == "loaded"
    assert core["stretches"] >= 15
    assert core["routines"] >= 5
    assert set(core) >= {"name", "version", "author", "credentials", "status", "error", "errors"}


def test_broken_packs_are_reported_and_the_rest_load(limber, data_pack_source, make_pack):
    limber.install("crashes", "raise ImportError('needs numpy')")
    limber.install("good", data_pack_source, make_pack("good"))
    limber.install("bad", data_pack_source, make_pack("bad", stretches={"hug": {"sides": "both"}}))

    listing = limber("list")
    assert listing.returncode == 0
    assert "good/hug" in listing.stdout and "core/post-run" in listing.stdout
    assert "Pack 'crashes' did not load: could not be imported" in listing.stderr
    assert "Pack 'bad' did not load: stretches/hug.toml:" in listing.stderr
    assert "Traceback" not in listing.stderr

    packs = {p["name"]: p for p in json.loads(limber("packs", "--json").stdout)}
    assert packs["good"]["status"] == "loaded" and packs["good"]["version"] == "1.2.3"
    assert packs["crashes"]["status"] == "failed"
    assert "ImportError: needs numpy" in packs["crashes"]["error"]
    assert packs["bad"]["error"].startswith("stretches/hug.toml:")
    assert "sides" in packs["bad"]["error"]

    strict = limber("--strict", "list")
    assert strict.returncode == 1
    assert "2 pack(s) failed to load (--strict)" in strict.stderr


def test_limber_packs_env_loads_only_named_packs(limber, data_pack_source, make_pack):
    limber.install("good", data_pack_source, make_pack("good"))
    limber.install("crashes", "raise ImportError('needs numpy')")
    only_core = limber("list", env={"LIMBER_PACKS": ""})
    assert "good/hug" not in only_core.stdout
    assert only_core.stderr == ""  # the broken pack is not even imported
    named = limber("list", env={"LIMBER_PACKS": "good"})
    assert "good/hug" in named.stdout and "core/post-run" in named.stdout
    packs = {
        p["name"]: p
        for p in json.loads(limber("packs", "--json", env={"LIMBER_PACKS": "good"}).stdout)
    }
    assert packs["crashes"]["status"] == "off"


def test_pack_check_valid_pack(limber, make_pack):
    root = make_pack("mypack", routines={"r": "hug"})
    result = limber("pack", "check", str(root.parent))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Pack 'mypack' is valid: 1 stretches, 1 routines" in result.stdout


def test_pack_check_lists_each_problem_as_file_key_message(limber, make_pack):
    root = make_pack(
        "mypack",
        stretches={"hug": {"seconds": '"x"'}},
        routines={"r": "core/childs-pse", "uses-hug": "hug"},
        files={"stretches/broken.toml": "id = \n"},
    )
    result = limber("pack", "check", str(root))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{root}/stretches/broken.toml:1:6: TOML syntax error" in lines[0]
    hug_errors = [line for line in lines if line.startswith(f"{root}/stretches/hug.toml:")]
    assert len(hug_errors) == 1 and ": dose.seconds: " in hug_errors[0]
    # A misspelt reference leads to the stretch meant; a step naming the invalid stretch
    # says it was skipped because of it, rather than that there is no such stretch.
    assert (
        f"{root}/routines/r.toml: steps[0].stretch: no stretch `core/childs-pse` is loaded; "
        "did you mean `core/childs-pose`?"
    ) in lines
    assert (
        f"{root}/routines/uses-hug.toml: steps[0].stretch: skipped: the stretch `hug` is "
        "invalid (see stretches/hug.toml)"
    ) in lines
    assert "4 problem(s) in pack 'mypack'." in result.stderr


def test_pack_check_refuses_what_is_not_a_pack_project_in_one_sentence(limber, tmp_path):
    check = lambda path: limber("pack", "check", str(path))  # noqa: E731
    assert_one_sentence_error(check(tmp_path), "has no pyproject.toml")
    assert_one_sentence_error(check(tmp_path / "nope"), "does not exist")
    (tmp_path / "file.txt").write_text("x")
    assert_one_sentence_error(check(tmp_path / "file.txt"), "is a file")
    (tmp_path / "pyproject.toml").write_text("[project\n")
    assert_one_sentence_error(check(tmp_path), "is not valid TOML")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert_one_sentence_error(check(tmp_path), "declares no pack")


def test_pack_schema_is_json_schema_for_each_kind(limber):
    schemas = json.loads(limber("pack", "schema").stdout)
    assert set(schemas) == {"pack", "stretch", "routine", "guidance", "programme"}
    stretch = json.loads(limber("pack", "schema", "stretch").stdout)
    props = stretch["properties"]
    assert {"id", "dose", "sides", "steps", "cautions"} <= set(props)
    assert stretch["additionalProperties"] is False
    assert stretch["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_unknown_command_is_a_usage_error(limber):
    result = limber("stretchify")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


PROGRAMME_FILE = """\
id = "emailed"
title = "Jane's plan"
summary = "Two weeks."
review = "After 2 weeks, come back."

[author]
name = "Jane Doe"
credentials = "MCSP"
role = "physio"
contact = "01234 567890"

[get_in_touch]
pain_after = {pain_after}

[[weeks]]
routines = ["post-run"]
sessions = 3
"""


def test_programme_start_from_a_single_file(limber, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(PROGRAMME_FILE.format(pain_after=6))
    started = limber("programme", "start", str(plan))
    assert started.returncode == 0, started.stderr
    assert "Week 1 of 1 · 0 of 3 sessions this week · next: Post-run" in started.stdout
    assert "Your physio's rule (Jane Doe, MCSP): get in touch if pain after is 6 or more" in (
        started.stdout
    )
    plan.unlink()  # the text was kept: the file may go
    shown = json.loads(limber("programme", "--json").stdout)
    assert (shown["programme_id"], shown["week"]) == ("file/emailed", 1)
    status = limber("programme", "status")
    assert status.returncode == 0, status.stderr
    assert status.stdout == limber("programme").stdout
    assert "Week 1 of 1 · 0 of 3 sessions this week" in status.stdout


def test_a_bad_programme_file_is_one_sentence_and_nothing_starts(limber, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(PROGRAMME_FILE.format(pain_after=12))
    result = limber("programme", "start", str(plan))
    assert result.returncode == 1
    assert result.stderr == (f"limber: {plan}:13: get_in_touch.pain_after: expected `int` <= 10\n")
    assert json.loads(limber("programme", "--json").stdout) is None
