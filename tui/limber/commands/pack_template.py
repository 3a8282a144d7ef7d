"""The files ``limber pack new`` writes: a data-only pack project a coach can pip-install.

Each function returns one file's text. Placeholders the author must replace start with
``EDIT:``; the README and the comments say so.
"""

from __future__ import annotations

import json

from limber import API_VERSION, DISTRIBUTION, __version__
from limber.core.schema import json_schemas

EXAMPLE_ROUTINE = "gentle-start"
EXAMPLE_STRETCH = "knee-hug"
PLACEHOLDER = "EDIT:"
"""What starts each text the author must replace; ``limber pack check`` refuses it."""
SCHEMA_FILE = "{kind}.schema.json"


def schema_files() -> dict[str, str]:
    """``stretch.schema.json`` → its text, one per kind of pack file."""
    return {
        SCHEMA_FILE.format(kind=kind): json.dumps(schema, indent=2) + "\n"
        for kind, schema in json_schemas().items()
    }


def schema_line(kind: str, *, nested: bool) -> str:
    """The first line Taplo (Even Better TOML) reads to complete and check keys."""
    folder = "../" if nested else "./"
    return f"#:schema {folder}{SCHEMA_FILE.format(kind=kind)}\n"


def pyproject(name: str, module: str) -> str:
    return f"""\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "limber-{name}"
version = "0.1.0"
description = "EDIT: one line about this Limber routine pack"
readme = "README.md"
requires-python = ">=3.11"
# Limber is "{DISTRIBUTION}" on the package index ("limber" there is an unrelated project).
# Written for Limber's plugin API {API_VERSION} (Limber {__version__}). If you use something a
# later API version adds, ask for the Limber that has it here, such as "{DISTRIBUTION}>=0.3".
dependencies = ["{DISTRIBUTION}>={__version__}"]

# The entry point's name is the pack's name and the namespace of its ids ({name}/...).
[project.entry-points.limber]
{name} = "{module}"

[tool.hatch.build.targets.wheel]
packages = ["{module}"]
"""


def init_py(name: str) -> str:
    return f'''\
"""The Limber pack "{name}": its stretches and routines are the TOML files in content/."""

from pathlib import Path

from limber import hookimpl


@hookimpl
def limber_content_dir() -> Path:
    """Hand Limber the folder that holds pack.toml, stretches/ and routines/."""
    return Path(__file__).parent / "content"
'''


def pack_toml(name: str) -> str:
    return (
        schema_line("pack", nested=False)
        + f"""\
# Who made this pack and what it is. Replace every text that starts with "EDIT:".
name = "{name}"  # keep it equal to the entry-point name in pyproject.toml
title = "EDIT: a short title, such as 'Hamstring care for trail runners'"
description = "EDIT: one or two sentences: who these routines are for and what they do."
author = "EDIT: your name"
credentials = ""  # your qualifications, such as "Chartered physiotherapist (HCPC)"
license = ""
homepage = ""
# The Limber this pack was written for; Limber refuses to load it, and `limber install`
# to install it, where the runner's Limber is older.
requires-limber = ">={__version__}"
"""
    )


def example_stretch() -> str:
    return (
        schema_line("stretch", nested=True)
        + """\
# An example stretch: rewrite it in your own words, or copy this file for each of yours.
# stretch.schema.json describes every key; an editor with Taplo completes and checks them.
id = "knee-hug"  # your own id: lower-case letters, digits and dashes; routines use it
name = "Single knee hug"
summary = "Draw one knee toward your chest to ease a tight lower back and buttock."
kind = "hold"  # hold, flow, reps or isometric
position = "lying-on-back"
targets = ["lower-back", "glutes"]
sides = "each"  # "each": left, then right; "none": no sides
setup = "Lie on your back with both knees bent and your feet flat on the floor."
steps = [
    "Hold one knee with both hands.",
    "Draw it gently toward your chest.",
    "Breathe slowly and let your lower back relax.",
]
easier = ["Hold behind your thigh instead of over your knee."]
cautions = [
    "Stop if it hurts sharply, or if pain, numbness or tingling runs down a leg.",
]
tags = ["gentle"]

[dose]
seconds = 20  # or breaths = 5, or reps = 10; a range from a source is [20, 30]

# EDIT: replace with where these instructions come from (an article, book or guideline).
[[sources]]
title = "EDIT: the title of your source"
publisher = ""
url = ""
"""
    )


def example_routine() -> str:
    return (
        schema_line("routine", nested=True)
        + f"""\
# An example routine. Each [[steps]] table names a stretch: its id in this pack, or
# pack/id for another pack's stretch, such as "core/childs-pose" from Limber itself.
id = "{EXAMPLE_ROUTINE}"
name = "Gentle start"
description = "A short, gentle routine: a knee hug on each side, then child's pose."
tags = ["gentle"]
transition_seconds = 10  # rest between steps, to move into the next position
cautions = [
    "Stop and ask a health professional if your pain is sharp, gets worse, or runs down a leg.",
]

[[steps]]
stretch = "knee-hug"

[[steps]]
stretch = "core/childs-pose"
seconds = 30  # this routine's own dose, instead of the stretch's

# EDIT: replace with where this routine comes from.
[[sources]]
title = "EDIT: the title of your source"
"""
    )


EXAMPLE_PROGRAMME = "first-weeks.toml.example"
"""Not loaded until renamed to ``.toml``: a pack need not have a programme."""


def example_programme() -> str:
    return (
        schema_line("programme", nested=True)
        + f"""# An example programme: weeks of this pack's routines, as you would prescribe them.
# Limber does not load this file. To use it, rename it to first-weeks.toml, replace
# each EDIT: text, and run `limber pack check`. A runner starts it with
# `limber programme start PACK/first-weeks`.
id = "first-weeks"
title = "First weeks"
summary = "EDIT: one or two sentences on what the programme is for."
review = "EDIT: when to come back, such as: After week 2, book a review with me."
cautions = ["EDIT: when to hold back or stop, in your words."]

[author]
name = "EDIT: your name"
credentials = "EDIT: your qualification"
role = "physio"  # the app says "Your physio's rule (name, credentials)"
contact = "EDIT: how the runner reaches you: a phone number or an email"

# Your own rules for when the runner should get in touch. Limber adds none of its own.
[get_in_touch]
pain_after = 6        # pain after a session of 6 or more (0 to 10)
pain_rise = 2         # pain after 2 or more above pain before
stopped_for_pain = true
missed_in_a_row = 3
advice = "EDIT: what to do then, in your words."

[[weeks]]
routines = ["{EXAMPLE_ROUTINE}"]  # done in turn, one a session
sessions = 3
dose = "low"      # each range at its low end this week ("low", "middle" or "high")
note = "Start gently."

[[weeks]]
routines = ["{EXAMPLE_ROUTINE}"]
sessions = 3
dose = "high"
doses = [{{ step = 2, seconds = 40 }}]  # step 2 (counted from 1) held 40 s this week
note = "Child's pose held 40 s this week."

# EDIT: replace with where this programme comes from.
[[sources]]
title = "EDIT: the title of your source"
"""
    )


def readme(name: str) -> str:
    module = _module_part(name)
    return f"""\
# limber-{name}

A routine pack for Limber, the terminal app that guides runners through lower-back
stretching routines. Run the commands below from this folder.

## Edit

Everything a runner sees is in `limber_{module}/content/`:

- `pack.toml`: who made the pack. Replace every text that starts with `EDIT:`.
- `stretches/*.toml`: one stretch per file, in your own words.
- `routines/*.toml`: one routine per file; each step names a stretch by its id, or by
  `pack/id` for another pack's stretch (`core/childs-pose`).
- `programmes/{EXAMPLE_PROGRAMME}`: an example programme (weeks of your routines, your
  own rules for when to get in touch). Limber loads it once you rename it to
  `first-weeks.toml`; delete it if your pack has no programme.

Replace each `EDIT:` source with the article, book or guideline you drew on, and say in
`cautions` when to hold back or stop. The first line of each file points your editor at
a schema (the `*.schema.json` files beside `pack.toml`): with Taplo (the "Even Better
TOML" extension in VS Code) it completes keys and underlines mistakes as you type.

## Check

```sh
limber pack check .
```

Errors (the pack would not load) print as `file:line: key: message` and fail the check.
Warnings (`file:line: key: warning: message`) point at what a runner would trip over: a
side done without the other, instructions too long to read during a hold, missing
`cautions` or `sources`, an id used twice.

## Install

```sh
pip install -e .           # while you work: your edits show up straight away
limber list                # your routines appear beside Limber's own
python -m pytest tests     # it loads, every routine runs (pip install pytest first)
```

## Share

```sh
pip wheel --no-deps . -w dist
```

This writes `dist/limber_{module}-0.1.0-py3-none-any.whl`. Hand it to a runner who has
Limber: `limber install limber_{module}-0.1.0-py3-none-any.whl` puts it into the
environment their Limber runs in (pipx, `uv tool` or a venv) and lists your routines and
programmes. Plain `pip install` goes into whichever Python `pip` belongs to, which is not
Limber's under pipx or uv. Raise `version` in `pyproject.toml` for each new edition.
"""


def test_py(name: str) -> str:
    """The pack's own tests: only the public API, and no ids, so they outlive any edit."""
    return f'''\
"""Limber loads this pack, and every routine in it can run. Run: python -m pytest tests

These tests read whatever the pack holds, so they keep passing as you add, rename and
remove stretches and routines. Add tests of your own below: limber.testing is Limber's
public helper for them (see "The plugin API" in Limber's CONTRIBUTING.md).
"""

from limber.testing import assert_pack_valid, build_plans

NAME = "{name}"


def test_the_pack_is_installed_and_valid():
    assert_pack_valid(NAME)  # fails with Limber's own sentence for each problem


def test_every_routine_can_run():
    build_plans(NAME)  # fails naming each routine that has no runnable plan
'''


def _module_part(name: str) -> str:
    return name.replace("-", "_")
