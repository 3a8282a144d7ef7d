"""state.toml as save_state writes it is read without a TOML parser (core/settings.py,
AS_WRITTEN); anything else in it is parsed as before."""

from __future__ import annotations

import pytest

from limber.core import settings
from limber.core.settings import State, load_state, save_state


@pytest.mark.parametrize("read", [True, False])
def test_the_file_save_state_writes_is_read_without_parsing(tmp_path, monkeypatch, read):
    path = tmp_path / "state.toml"
    save_state(path, State(safety_notice_read=read))
    assert settings.AS_WRITTEN.get(path.read_bytes()) is read

    def no_parsing(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("parsed as TOML")

    monkeypatch.setattr(settings, "read_toml", no_parsing)
    assert load_state(path) == State(safety_notice_read=read)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("safety_notice_read = true # by hand\n", True),
        ("safety_notice_read=false", False),
        ("# edited\nsafety_notice_read = true\n", True),
        ("safety_notice_read = 'yes'\n", False),  # not a State: the defaults
        ("safety_notice_read = \n", False),  # not TOML: the defaults
    ],
)
def test_any_other_file_is_parsed_as_before(tmp_path, text, read):
    path = tmp_path / "state.toml"
    path.write_text(text, encoding="utf-8")
    assert load_state(path) == State(safety_notice_read=read)
