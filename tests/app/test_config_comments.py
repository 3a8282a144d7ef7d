"""A theme chosen in the app changes one line of the runner's commented config.toml."""

from __future__ import annotations

from apptools import make_app

COMMENTED = """\
# My Limber settings — written by hand, keep my notes.
bell = false   # the bell wakes the baby

# Slow breaths: my physio counts six seconds.
breath_seconds = 6.0
theme = "textual-dark"  # the old one

[keys]
# p is easier to reach on the mat
pause = "p"
"""


async def test_a_theme_change_keeps_a_commented_config_byte_for_byte(limber_home):
    app = make_app(limber_home, config=COMMENTED)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    written = (limber_home / "config.toml").read_text(encoding="utf-8")
    expected = COMMENTED.replace('theme = "textual-dark"', 'theme = "nord"')
    assert written == expected


async def test_a_theme_added_to_a_config_without_one_keeps_its_tables_valid(limber_home):
    config = '# mine\nbell = false\n\n[keys]\npause = "p"\n'
    app = make_app(limber_home, config=config)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    import tomllib

    written = (limber_home / "config.toml").read_text(encoding="utf-8")
    assert written.startswith("# mine\nbell = false\n")
    assert tomllib.loads(written) == {"bell": False, "theme": "nord", "keys": {"pause": "p"}}
