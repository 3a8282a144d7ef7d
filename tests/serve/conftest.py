"""The ``serve`` fixture: start ``limber serve`` with arguments; every one started is
stopped after the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from serve.served import Served


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[type[Served]]:
    started: list[Served] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Served:
        served = Served(tmp_path, *args, env=env)
        started.append(served)
        return served

    yield start  # type: ignore[misc]
    for served in started:
        served.stop()
