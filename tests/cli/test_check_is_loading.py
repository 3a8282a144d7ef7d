"""`limber pack check` says what loading says: every reason the loader can refuse a pack,
installed, is reported by the check of the same project with the same sentence."""

from __future__ import annotations

import json
import shutil

import pytest

HOOK = "from pathlib import Path\nfrom limber import hookimpl\n\n"
CONTENT = "Path(__file__).parent.parent / 'content'"

MODULES = {
    "import-fails": HOOK + "import no_such_module_anywhere\n",
    "wrong-hook-arguments": HOOK + "@hookimpl\ndef limber_content_dir(folder):\n    return 1\n",
    "unknown-hook": HOOK + "@hookimpl\ndef limber_surprise():\n    pass\n",
    "no-content-hook": HOOK + "VALUE = 1\n",
    "content-hook-raises": HOOK + "@hookimpl\ndef limber_content_dir():\n    raise OSError('x')\n",
    "content-hook-not-a-folder": HOOK + "@hookimpl\ndef limber_content_dir():\n    return 42\n",
    "build-raises": HOOK
    + f"@hookimpl\ndef limber_content_dir():\n    return {CONTENT}\n\n"
    + "@hookimpl\ndef limber_build(pack):\n    raise ValueError('bad week')\n",
}
"""Reasons in the pack's code → its module's source."""

CONTENT_CASES = {
    "bad-file": {"files": {"stretches/bad.toml": "id = \n"}},
    "bad-value": {"stretches": {"hug": {"seconds": "0"}}},
    "missing-stretch": {"routines": {"r": "core/childs-pse"}},
    "names-differ": {
        "files": {"pack.toml": 'name = "other"\ntitle = "t"\ndescription = "d"\nauthor = "a"\n'}
    },
    "needs-newer-limber": {
        "files": {
            "pack.toml": 'name = "needs-newer-limber"\ntitle = "t"\n'
            'description = "d"\nauthor = "a"\nrequires-limber = ">=99"\n'
        }
    },
}
"""Reasons in the pack's files → make_pack arguments."""


def _install_like_pip(limber, project, name, module):
    """Copy the project's module to site-packages with a dist-info, as pip leaves it."""
    shutil.copytree(project / module, limber.site / module)
    if (project / "content").exists():
        (limber.site / "content").symlink_to(project / "content", target_is_directory=True)
    info = limber.site / f"{module}-1.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: limber-{name}\nVersion: 1.0.0\n")
    (info / "entry_points.txt").write_text(f"[limber]\n{name} = {module}\n")


@pytest.mark.parametrize("reason", [*MODULES, *CONTENT_CASES])
def test_pack_check_reports_each_reason_loading_refuses_a_pack(limber, make_pack, reason):
    root = make_pack(reason, **CONTENT_CASES.get(reason, {}))
    project = root.parent
    module = f"limber_made_{reason.replace('-', '_')}"
    if reason in MODULES:
        (project / module / "__init__.py").write_text(MODULES[reason])
    _install_like_pip(limber, project, reason, module)
    packs = {p["name"]: p for p in json.loads(limber("packs", "--json").stdout)}
    installed = packs[reason]
    assert installed["status"] == "failed"
    # A sentence that quotes the module's file names where it was imported from.
    sentences = [e.replace(str(limber.site), str(project)) for e in installed["errors"]]

    # Checked from elsewhere, with the installed copy out of the way: only the project.
    shutil.rmtree(limber.site)
    limber.site.mkdir()
    check = limber("pack", "check", str(project))
    assert check.returncode == 1, check.stdout
    lines = check.stdout.splitlines()
    for sentence in sentences:
        assert any(line.endswith(sentence) for line in lines), (sentence, lines)


def test_names_differ_and_newer_limber_are_reported_at_their_lines(limber, make_pack):
    pack_toml = (
        "# The pack's card.\n"
        'name = "other"\ntitle = "t"\ndescription = "d"\nauthor = "a"\n'
        'requires-limber = ">=99"\n'
    )
    root = make_pack("named", files={"pack.toml": pack_toml})
    check = limber("pack", "check", str(root.parent))
    assert check.returncode == 1
    where = root / "pack.toml"
    assert f"{where}:2: name: name `other` differs from the entry-point name `named`" in (
        check.stdout
    )
    assert f"{where}:6: requires-limber: pack 'named' needs Limber >=99" in check.stdout
