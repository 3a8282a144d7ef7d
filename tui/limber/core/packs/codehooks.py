"""A pack's hooks that run once at load after its content folder is read: each guarded,
a failure reported against the pack (kept apart from the host so each stays small).

- ``limber_build`` (API 1.0): items built in code join the folder's, validated the same.
- ``limber_notice`` (API 1.2): a sentence for the runner as the pack loads, kept as the
  record's ``notice`` (cleaned, cut to 200 characters).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from limber.core.packs.content import PackContent
from limber.core.packs.guard import one_line
from limber.core.packs.hookspecs import PackBuilder
from limber.core.packs.report import PackRecord
from limber.core.text import clean_line, untrusted_line


def run_code_hooks(
    builds: Iterable[Callable[..., Any]],
    notices: Iterable[Callable[..., Any]],
    content: PackContent,
    record: PackRecord,
) -> bool:
    """Run the pack's ``limber_build`` then ``limber_notice`` hooks; False (the reason
    in ``record``) if one raised."""
    for build in builds:
        builder = PackBuilder()
        try:
            build(pack=builder)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt too
            record.fail(f"its limber_build hook raised {one_line(exc)}")
            return False
        for folder, data, label in builder.items:
            content.add(folder, data, file=f"<code: {untrusted_line(label, 80)}>")
    for notice in notices:
        try:
            said = notice()
        except BaseException as exc:
            record.fail(f"its limber_notice hook raised {one_line(exc)}")
            return False
        if isinstance(said, str) and said.strip():
            record.notice = f"Pack '{record.name}': {clean_line(said)[:200]}"
    return True
