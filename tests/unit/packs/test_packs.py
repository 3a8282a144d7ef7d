"""The pack host: every kind of broken pack is reported and the rest still load."""

from __future__ import annotations

import pytest

from limber import hookimpl
from limber.core.packs.host import FolderPack, PackHost, load_catalogue, packs_filter


def host_with(*packs: tuple[str, object]) -> PackHost:
    host = PackHost()
    for name, plugin in packs:
        host.register(plugin, name)
    return host


def statuses(report) -> dict[str, tuple[str, str]]:
    return {p.name: (p.status, p.error) for p in report.packs}


def test_good_packs_load_with_namespaced_ids_and_provenance(make_pack):
    good = make_pack("good", stretches={"hug": {}}, routines={"easy": "hug"})
    other = make_pack("other", stretches={"hug": {}}, routines={"mixed": "good/hug"})
    catalogue, report = host_with(
        ("good", FolderPack(good)), ("other", FolderPack(other))
    ).collect()
    assert report.failures == []
    assert set(catalogue.stretches) == {"good/hug", "other/hug"}
    assert catalogue.routines["good/easy"].steps[0].stretch == "good/hug"
    assert catalogue.routines["other/mixed"].steps[0].stretch == "good/hug"
    assert catalogue.stretches["other/hug"].pack == "other"
    assert catalogue.files["good/easy"] == "routines/easy.toml"
    record = {p.name: p for p in report.packs}["good"]
    assert (record.stretches, record.routines) == (1, 1)


class Raises:
    @hookimpl
    def limber_content_dir(self):
        raise RuntimeError("disk on fire")


class ReturnsGarbage:
    @hookimpl
    def limber_content_dir(self):
        return 42


class NoContentHook:
    pass


class BuildRaises(FolderPack):
    @hookimpl
    def limber_build(self, pack):
        raise ValueError("bad week")


class UnknownHook(FolderPack):
    @hookimpl
    def limber_contnet_dir(self):
        return self.root


class BadSignature:
    @hookimpl
    def limber_content_dir(self, unexpected):
        return unexpected


@pytest.mark.parametrize(
    ("plugin_factory", "reason"),
    [
        (lambda root: Raises(), "limber_content_dir hook raised RuntimeError: disk on fire"),
        (lambda root: ReturnsGarbage(), "returned int, not an existing folder"),
        (lambda root: NoContentHook(), "has no limber_content_dir hook"),
        (lambda root: BuildRaises(root), "limber_build hook raised ValueError: bad week"),
        (lambda root: UnknownHook(root), "implements a hook Limber does not know"),
        (lambda root: BadSignature(), "hooks do not match the Limber plugin API"),
    ],
)
def test_a_broken_pack_is_reported_and_the_rest_load(make_pack, plugin_factory, reason):
    good = make_pack("good")
    broken_root = make_pack("broken")
    host = host_with(("broken", plugin_factory(broken_root)), ("good", FolderPack(good)))
    catalogue, report = host.collect()
    status, error = statuses(report)["broken"]
    assert status == "failed"
    assert reason in error
    assert "\n" not in error
    assert list(catalogue.stretches) == ["good/hug"]


def test_invalid_content_fails_the_pack_with_file_and_key(make_pack):
    bad = make_pack("bad", stretches={"hug": {"seconds": '"long"'}})
    good = make_pack("good")
    catalogue, report = host_with(("bad", FolderPack(bad)), ("good", FolderPack(good))).collect()
    status, error = statuses(report)["bad"]
    assert status == "failed"
    assert error.startswith("stretches/hug.toml:")
    assert "dose.seconds" in error
    assert "good/hug" in catalogue.stretches
    assert "Pack 'bad' did not load: stretches/hug.toml:" in report.summary()


def test_a_missing_stretch_reference_fails_that_pack_only(make_pack):
    lonely = make_pack("lonely", routines={"r": "nowhere/hug"})
    good = make_pack("good")
    catalogue, report = host_with(
        ("lonely", FolderPack(lonely)), ("good", FolderPack(good))
    ).collect()
    status, error = statuses(report)["lonely"]
    assert status == "failed"
    assert error == (
        "routines/r.toml: steps[0].stretch: no stretch `nowhere/hug` is loaded; "
        "did you mean `good/hug`?"
    )
    assert "lonely/hug" not in catalogue.stretches


def test_a_pack_that_needs_a_failed_pack_fails_too(make_pack):
    base = make_pack("base", stretches={"hug": {"seconds": "0"}})
    user = make_pack("user", routines={"r": "base/hug"})
    _, report = host_with(("base", FolderPack(base)), ("user", FolderPack(user))).collect()
    assert statuses(report)["base"][0] == "failed"
    assert "no stretch `base/hug` is loaded" in statuses(report)["user"][1]


def test_two_packs_with_one_name_clash(make_pack):
    first = make_pack("same")
    host = host_with(("same", FolderPack(first)), ("same", FolderPack(first)))
    catalogue, report = host.collect()
    assert [p.status for p in report.packs] == ["loaded", "failed"]
    assert "already called 'same'" in report.packs[1].error
    assert list(catalogue.stretches) == ["same/hug"]


def test_pack_toml_name_must_match_entry_point(make_pack):
    root = make_pack("real")
    _, report = host_with(("alias", FolderPack(root))).collect()
    assert "differs from the entry-point name `alias`" in statuses(report)["alias"][1]


def test_code_pack_builds_items_validated_like_files(make_pack):
    root = make_pack("prog", stretches={"hug": {}})

    class Programme(FolderPack):
        @hookimpl
        def limber_build(self, pack):
            for week in (1, 2):
                pack.add_routine(
                    {
                        "id": f"week-{week}",
                        "name": f"Week {week}",
                        "description": "Longer each week.",
                        "steps": [{"stretch": "hug", "seconds": 20 * week}],
                    }
                )

    catalogue, report = host_with(("prog", Programme(root))).collect()
    assert report.failures == []
    assert catalogue.routines["prog/week-2"].steps[0].seconds == 40

    class BadProgramme(FolderPack):
        @hookimpl
        def limber_build(self, pack):
            pack.add_routine({"id": "w", "name": "W", "description": "d", "steps": "all"})

    _, report = host_with(("prog", BadProgramme(root))).collect()
    assert "<code: routine w>: steps: expected `array`" in statuses(report)["prog"][1]


def test_event_hooks_are_each_guarded():
    seen = []

    class Listener:
        @hookimpl
        def limber_session_event(self, event):
            seen.append(event.kind)

    class Crashy:
        @hookimpl
        def limber_session_event(self, event):
            raise OSError("speaker unplugged")

    from limber.core.events import SessionEvent

    host = host_with(("crashy", Crashy()), ("listener", Listener()))
    problems = host.fire(SessionEvent(kind="phase-started", routine_id="core/x"))
    assert seen == ["phase-started"]
    assert [str(p) for p in problems] == [
        "Pack 'crashy' failed on phase-started: OSError: speaker unplugged"
    ]
    assert [p.pack for p in problems] == ["crashy"]


def test_an_event_hook_can_keep_or_send_the_event_as_a_dict():
    """As the hook reference says: a clinic's exporter logs events as plain data."""
    import msgspec

    from limber.core.events import SessionEvent

    logged = []

    class Exporter:
        @hookimpl
        def limber_session_event(self, event):
            logged.append(msgspec.structs.asdict(event))

    host_with(("exporter", Exporter())).fire(
        SessionEvent(kind="switch-sides", routine_id="core/x", side="right", elapsed=42.0)
    )
    (data,) = logged
    assert (data["kind"], data["side"], data["elapsed"]) == ("switch-sides", "right", 42.0)


def test_an_event_hook_may_return_a_sentence_for_the_runner():
    """API 1.1: a speaker pack says "no speech engine" once, as a cleaned notice line."""
    from limber.core.events import SessionEvent

    class Speaker:
        @hookimpl
        def limber_session_event(self, event):
            return "No speech engine found\x1b[31m; cues stay with the bell."

    class Quiet:
        @hookimpl
        def limber_session_event(self, event):
            return None

    host = host_with(("voice", Speaker()), ("quiet", Quiet()))
    problems = host.fire(SessionEvent(kind="phase-started", routine_id="core/x"))
    assert [(p.pack, p.message) for p in problems] == [
        ("voice", "Pack 'voice': No speech engine found; cues stay with the bell.")
    ]


def test_limber_packs_filter():
    assert packs_filter({}) is None
    assert packs_filter({"LIMBER_PACKS": ""}) == frozenset()
    assert packs_filter({"LIMBER_PACKS": " a, b ,,"}) == frozenset({"a", "b"})


def test_installed_core_pack_loads_through_its_entry_point():
    catalogue, report, _ = load_catalogue(only=frozenset())
    core = {p.name: p for p in report.packs}["core"]
    assert core.status == "loaded", core.error
    assert core.distribution == "limber-stretch"
    assert catalogue.stretches and all(k.startswith("core/") for k in catalogue.stretches)
    assert all(p.status in ("loaded", "off") for p in report.packs)


def test_a_step_naming_a_guidance_page_is_a_missing_stretch(make_pack):
    """Only stretches can be stepped through; before, a guidance id slipped past."""
    page = 'id = "tips"\ntitle = "Tips"\ncategory = "how-to"\nsummary = "s"\npoints = ["p"]\n'
    root = make_pack("mixed", routines={"r": "tips"}, files={"guidance/tips.toml": page})
    _, report = host_with(("mixed", FolderPack(root))).collect()
    assert statuses(report)["mixed"] == (
        "failed",
        "routines/r.toml: steps[0].stretch: no stretch `mixed/tips` is loaded",
    )


def test_each_packs_latest_word_from_a_session_is_kept_on_its_record():
    """For the packs screen: a hook's sentence or failure stays on that pack's record."""
    from limber.core.events import SessionEvent

    said = iter(["No speech engine was found.", "The speech engine hung; cue dropped."])

    class Speaker:
        @hookimpl
        def limber_session_event(self, event):
            return next(said, None)

    class Crashy:
        @hookimpl
        def limber_session_event(self, event):
            raise OSError("speaker unplugged")

    class Quiet:
        @hookimpl
        def limber_session_event(self, event):
            return None

    host = host_with(("voice", Speaker()), ("crashy", Crashy()), ("quiet", Quiet()))
    for kind in ("session-started", "phase-started", "phase-done"):
        host.fire(SessionEvent(kind=kind, routine_id="core/x"))
    notices = {p.name: p.notice for p in host.report.packs}
    assert notices == {
        "voice": "Pack 'voice': The speech engine hung; cue dropped.",
        "crashy": "Pack 'crashy' failed on phase-done: OSError: speaker unplugged",
        "quiet": "",
    }


def test_a_pack_may_say_something_as_it_loads_and_a_failing_notice_is_its_own_failure(
    make_pack,
):
    """API 1.2: ``limber_notice`` is called once at load; its sentence is cleaned, cut
    and kept on the record; a notice hook that raises fails that pack alone."""

    class Mute(FolderPack):
        @hookimpl
        def limber_notice(self):
            return "No speech engine\x1b]0;owned\x07 found [b]here[/b]. " + "x" * 400

    class Broken(FolderPack):
        @hookimpl
        def limber_notice(self):
            raise SystemExit(3)

    host = PackHost()
    host.register(Mute(make_pack("voice")), "voice")
    host.register(Broken(make_pack("other")), "other")
    host.register(FolderPack(make_pack("plain")), "plain")
    _catalogue, report = host.collect()
    records = {r.name: r for r in report.packs}
    notice = records["voice"].notice
    assert notice.startswith("Pack 'voice': No speech engine found [b]here[/b]. xxx")
    assert "\x1b" not in notice and "owned" not in notice
    assert len(notice) == len("Pack 'voice': ") + 200
    assert records["voice"].status == "loaded" and records["plain"].notice == ""
    assert records["other"].status == "failed"
    assert "its limber_notice hook raised SystemExit" in records["other"].error
