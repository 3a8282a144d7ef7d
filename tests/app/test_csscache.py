"""The stylesheet's parsed rules kept between runs (ui/csscache.py): the next start
parses none of them and draws the same screen; a file that does not read back, or was
written for other CSS variables, is parsed over and replaced."""

from __future__ import annotations

import pickle

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet

from apptools import wait_for_packs
from limber.core.paths import Paths
from limber.core.settings import State, save_state
from limber.ui import csscache
from limber.ui.app import create_app


@pytest.fixture
def home(limber_home, monkeypatch):
    monkeypatch.setenv("LIMBER_PACKS", "")
    save_state(Paths(limber_home).state_file, State(safety_notice_read=True))
    return Paths(limber_home)


@pytest.fixture
def parsed(monkeypatch) -> list[object]:
    """Where each CSS text Textual parses from scratch is read from."""
    seen: list[object] = []
    parse = textual_stylesheet.parse

    def counting(scope, css, read_from, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(read_from)
        return parse(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return seen


async def _screen(paths: Paths, *, keep_css: bool = True) -> str:
    app = create_app(paths=paths, keep_css=keep_css, background=False, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)
        await pilot.pause()
        return app.export_screenshot()


async def test_the_next_start_parses_none_of_the_kept_rules_and_draws_the_same(home, parsed):
    first = await _screen(home)
    cache = home.cache_dir / csscache.FILE_NAME
    assert cache.is_file(), "kept once the first frame was written"
    assert any("limber.tcss" in str(where) for where in parsed)
    parsed.clear()
    assert await _screen(home) == first
    assert parsed == []


async def test_a_damaged_cache_is_parsed_over_and_replaced(home, parsed):
    cache = home.cache_dir / csscache.FILE_NAME
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"\x80\x05not a pickle")
    plain = await _screen(home, keep_css=False)
    parsed.clear()
    assert await _screen(home) == plain
    assert parsed, "nothing could be read back: every rule parsed from its text"
    assert _kept(cache), "replaced by a file that reads back"


async def test_rules_kept_for_other_css_variables_are_not_used(home, parsed):
    await _screen(home)
    cache = home.cache_dir / csscache.FILE_NAME
    other = Stylesheet(variables={"primary": "#ff0000"})
    assert csscache.load(other, cache) == frozenset()
    assert len(other._parse_cache) == 0


async def test_the_tests_own_apps_keep_nothing(home):
    await _screen(home, keep_css=False)
    assert not (home.cache_dir / csscache.FILE_NAME).exists()


def _kept(cache) -> frozenset[object]:  # type: ignore[no-untyped-def]
    _stamp, entries = pickle.loads(cache.read_bytes())
    return frozenset(key for key, _ in entries)
