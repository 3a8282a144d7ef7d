"""`limber install` in a pipx environment: pipx exits 0 when it injects nothing because
the pack is already there, and Limber must say so rather than report it installed. The
words are pipx's as 1.18.4 and 1.18.16 print them, wrapped to an 80-column terminal."""

from __future__ import annotations

from limber.commands.installer import _pipx_kept_it

PIPX_1_18_4 = (
    "⚠️ limber-sciatica-care already seems to be installed in 'limber-stretch'. Not\n"
    "modifying existing installation in\n"
    "'/home/runner/.local/share/pipx/venvs/limber-stretch'. Pass '--force' to force\n"
    "installation.\n"
)
PIPX_1_18_16 = (
    "⚠️ limber-sciatica-care is already installed in 'limber-stretch'. Not\n"
    "modifying existing installation in\n"
    "'/home/runner/.local/share/pipx/venvs/limber-stretch'. Pass '--force' to force\n"
    "installation.\n"
)
INJECTED = (
    "installing limber-sciatica-care from spec 'limber_sciatica_care-0.1.0.whl'...\n"
    "  injected package limber-sciatica-care into venv limber-stretch\n"
    "done! ✨ 🌟 ✨\n"
)


def test_pipx_keeping_what_it_had_is_recognised_in_both_versions_words():
    assert _pipx_kept_it(PIPX_1_18_4)
    assert _pipx_kept_it(PIPX_1_18_16)


def test_a_pack_pipx_did_inject_is_not_taken_for_one_it_kept():
    assert not _pipx_kept_it(INJECTED)
