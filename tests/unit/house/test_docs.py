"""The docs stay true to the code: every hook a pack can implement is documented for pack
authors, the prose lists of report formats are the format table, and every prose list
of the phase kinds names them all."""

from __future__ import annotations

import re
from pathlib import Path

import limber

REPO = Path(__file__).resolve().parents[3]
PACKAGE = Path(limber.__file__).parent


def plugin_api_section() -> str:
    text = (REPO / "CONTRIBUTING.md").read_text()
    return text.split("### The plugin API", 1)[1].split("### Hook reference", 1)[0]


def test_every_public_name_is_in_the_plugin_api_section():
    import limber
    import limber.testing

    section = plugin_api_section()
    names = [*limber.__all__, *limber.testing.__all__]
    missing = [n for n in names if n != "__version__" and f"`{n}`" not in section]
    assert missing == []
    assert f"| {limber.API_VERSION} " in section  # the version table has the current API


def test_the_limber_testing_example_runs_against_an_installed_pack():
    """The example pack test in CONTRIBUTING.md passes for a first-party pack."""
    from test_public_api import core_imports

    example = plugin_api_section().split("```python\n", 1)[1].split("```", 1)[0]
    assert core_imports(example) == []
    namespace: dict[str, object] = {}
    exec(
        compile(example.replace('"mypack"', '"sciatica-care"'), "CONTRIBUTING.md", "exec"),
        namespace,
    )
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    assert len(tests) == 4
    for test in tests:
        test()


def test_the_prose_lists_of_report_formats_are_the_format_table():
    """README's command table and CONTRIBUTING's "Adding a report format" name every
    row of the format table, and no other (the CLI's help is made from the table)."""
    import re

    from limber.commands.formats import EXPORT_FORMATS, FORMATS, REPORT_FORMATS

    readme = (REPO / "README.md").read_text()
    report_line = next(line for line in readme.splitlines() if "`limber report --format" in line)
    listed = re.search(r"--format ([a-z0-9\\|]+)", report_line)
    assert listed is not None
    assert listed.group(1).split("\\|") == list(REPORT_FORMATS)
    for fmt in FORMATS:
        if fmt.extra:
            assert f"`{fmt.name}`" in report_line and f"[{fmt.extra}]" in report_line
    exported = re.search(r"`limber history export --format ([a-z0-9\\|]+)", readme)
    assert exported is not None
    assert sorted(exported.group(1).split("\\|")) == sorted(EXPORT_FORMATS)
    contributing = (REPO / "CONTRIBUTING.md").read_text()
    section = contributing.split("### Adding a report format", 1)[1].split("\n#", 1)[0]
    rows = section.split("Today's rows:", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"`([a-z0-9]+)`", rows) == list(REPORT_FORMATS)


_SEPARATOR = r"(?:,\s+(?:or\s+|and\s+)?|\s+(?:or|and)\s+)"


def _phase_kind_lists(text: str) -> list[set[str]]:
    """Every prose list of three or more phase kinds in ``text``, as sets of kinds.

    Kinds may be in backticks and written with a space for the dash ("switch sides"); a
    run that goes on into another word ("hold, flow, reps or isometric": a stretch's
    kinds) is not a list of phase kinds.
    """
    from typing import get_args

    from limber.core.phases import PhaseKind

    names = "|".join(re.escape(k).replace(r"\-", "[- ]") for k in get_args(PhaseKind))
    item = rf"`{{0,2}}\b(?:{names})\b`{{0,2}}"
    found = []
    for match in re.finditer(rf"{item}(?:{_SEPARATOR}{item})+", text, re.IGNORECASE):
        if re.match(rf"{_SEPARATOR}`{{0,2}}\w", text[match.end() :]):
            continue
        kinds = re.findall(item, match.group(), re.IGNORECASE)
        if len(kinds) >= 3:
            found.append({k.strip("`").lower().replace(" ", "-") for k in kinds})
    return found


def test_every_prose_list_of_phase_kinds_names_them_all():
    """Adding a phase kind (CONTRIBUTING, "Adding a phase kind") fails here until every
    list of the kinds in the docs and docstrings names it: a list names every kind, or
    every kind that counts as work."""
    from typing import get_args

    from limber.core.phases import WORK_KINDS, PhaseKind

    every, work = set(get_args(PhaseKind)), set(WORK_KINDS)
    files = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted(PACKAGE.rglob("*.py"))]
    wrong, full = {}, set()
    for path in files:
        for kinds in _phase_kind_lists(path.read_text(encoding="utf-8")):
            name = str(path.relative_to(REPO))
            if kinds == every:
                full.add(name)
            elif kinds != work:
                wrong.setdefault(name, []).append(sorted(kinds))
    assert wrong == {}
    # The lists this test guards are still found (a reworded list would escape it).
    assert {
        "README.md",
        "CONTRIBUTING.md",
        "tui/limber/core/events.py",
        "tui/limber/core/plan_model.py",
    } <= full


def test_phase_kind_lists_are_found_with_or_without_backticks():
    assert _phase_kind_lists("a (get ready, hold, flow, reps, switch sides or rest).") == [
        {"get-ready", "hold", "flow", "reps", "switch-sides", "rest"}
    ]
    assert _phase_kind_lists("``hold``, ``flow`` and ``reps`` phases") == [{"hold", "flow", "reps"}]
    assert _phase_kind_lists("kind: hold, flow, reps or isometric") == []
