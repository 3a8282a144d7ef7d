"""``config.toml`` (the user's settings) and ``state.toml`` (what the app remembers).

Both are read through :func:`limber.core.files.read_toml` (size, nesting and text
checked, like every TOML file Limber reads) and written by atomic replace: a temporary
file in the same folder, fsync, ``os.replace``. ``config.toml`` is the runner's own
file, so a change to one key goes through tomlkit, which keeps every comment, blank
line and other key exactly as written. A file that fails to parse is reported with its
line and left exactly as it was; the app runs on defaults and never writes over it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import msgspec

from limber.core.errors import ContentError, LimberError
from limber.core.files import atomic_write, read_small, read_toml
from limber.core.plan import PlanSettings
from limber.core.validate import decode


class Settings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """Everything a runner can set in ``config.toml``. Every key is optional."""

    bell: bool = True
    """Ring the terminal bell at each change of phase."""
    breath_seconds: float = 5.0
    """How long one slow breath lasts, for stretches dosed in breaths."""
    get_ready_seconds: float = 5.0
    """Time to get into position before each hold."""
    dose: Literal["low", "high"] = "high"
    """Which end of a range such as 20–30 s to hold for."""
    theme: str = "textual-dark"
    """A Textual theme name (ctrl+p → "Change theme" lists them)."""
    keys: dict[str, str] = msgspec.field(default_factory=dict)
    """Binding id → key(s), e.g. ``pause = "p"``; ``?`` (Help) lists the ids."""
    ask_pain: bool = True
    """Ask for a 0–10 pain rating before and after each session (Esc skips it)."""
    weekly_goal_sessions: int = 3
    """Sessions per week to aim for."""
    weekly_goal_minutes: int = 10
    """The shortest session that counts toward the weekly goal."""
    patient_label: str = ""
    """How the clinician's report (``limber report``) names the runner; never required."""
    disabled_packs: tuple[str, ...] = ()
    """Installed packs not to load, by name (``limber packs disable NAME``)."""
    packs: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict)
    """Each pack's own table, ``[packs.NAME]`` (such as ``[packs.voice]``): read by that
    pack, kept as it is by Limber."""

    def __post_init__(self) -> None:
        if not 1 <= self.breath_seconds <= 30:
            raise ValueError("breath_seconds must be between 1 and 30")
        if not 0 <= self.get_ready_seconds <= 60:
            raise ValueError("get_ready_seconds must be between 0 and 60")


def plan_settings(settings: Settings) -> PlanSettings:
    """The parts of the settings that shape a session's timing."""
    return PlanSettings(
        get_ready_seconds=settings.get_ready_seconds,
        breath_seconds=settings.breath_seconds,
        dose=settings.dose,
    )


class State(msgspec.Struct, kw_only=True):
    """What the app remembers between runs; not meant for editing by hand."""

    safety_notice_read: bool = False


def load_settings(path: Path) -> tuple[Settings, str | None]:
    """The settings, and a one-sentence problem if the file could not be used."""
    try:
        raw = read_small(path)
    except FileNotFoundError:
        return Settings(), None
    except ContentError as error:
        return Settings(), f"{error}. Using the default settings; the file was left as it was."
    except OSError as error:
        return Settings(), f"Could not read {path}: {error.strerror}. Using the default settings."
    try:
        data = read_toml(raw, file=str(path))
        return decode(Settings, data, file=str(path), text=raw.decode("utf-8"), cleaned=True), None
    except ContentError as error:
        return Settings(), f"{error}. Using the default settings; the file was left as it was."


def save_setting(path: Path, key: str, value: Any) -> None:
    """Change one top-level key in ``config.toml``; every other byte stays as it was.

    The runner's comments, blank lines, order and other keys are kept (tomlkit edits the
    parsed document in place). A file that does not parse, or holds a bad value, is never
    written over: the runner gets a LimberError saying to fix it first.
    """
    # Off the start-up path: tomlkit is heavy, and only saving a setting needs it.
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    text = ""
    if path.exists():
        try:
            raw = read_small(path)
            msgspec.convert(read_toml(raw, file=str(path)), Settings)
            text = raw.decode("utf-8")
            document = tomlkit.parse(text)
        except ContentError as error:  # deep nesting, bad syntax, not UTF-8, too big
            raise LimberError(f"{error}; it was left as it was: fix it first.") from None
        except (OSError, TOMLKitError, RecursionError, msgspec.ValidationError):
            raise LimberError(
                f"{path} has a problem, so it was left as it was; fix it first."
            ) from None
    else:
        document = tomlkit.document()
    document[key] = value
    try:
        atomic_write(path, tomlkit.dumps(document))
    except OSError as error:
        raise LimberError(f"Could not save {path}: {error.strerror}.") from None


def set_pack_disabled(path: Path, name: str, disabled: bool) -> bool:
    """Add ``name`` to ``disabled_packs`` in ``config.toml``, or take it out, through
    :func:`save_setting`. Return whether the file changed."""
    settings, problem = load_settings(path)
    if problem is not None:
        raise LimberError(f"{path} has a problem, so it was left as it was; fix it first.")
    names = [n for n in settings.disabled_packs if n != name]
    if disabled:
        names.append(name)
    if tuple(names) == settings.disabled_packs:
        return False
    save_setting(path, "disabled_packs", sorted(names))
    return True


def load_state(path: Path) -> State:
    """What the app remembers; the defaults if the file is missing or cannot be used."""
    return _read_state(path) or State()


AS_WRITTEN = {
    b"safety_notice_read = true\n": True,
    b"safety_notice_read = false\n": False,
}
"""state.toml byte for byte as :func:`save_state` writes it, and whether the notice was
read: such a file is read without a TOML parser (tomllib is about 1.5 ms of a returning
runner's start). Anything else in the file is parsed, as any TOML file is."""


def _read_state(path: Path) -> State | None:
    try:
        raw = read_small(path)
        if (read := AS_WRITTEN.get(raw)) is not None:
            return State(safety_notice_read=read)
        return msgspec.convert(read_toml(raw, file=str(path)), State)
    except (OSError, ContentError, msgspec.ValidationError):
        return None


def save_state(path: Path, state: State) -> None:
    """Write ``state.toml``; a file there that Limber cannot read (damaged, or not one
    it wrote) is first moved aside as ``state.toml.unreadable-N``, never written over."""
    import tomli_w  # off the start-up path: only saving the state writes TOML

    if _read_state(path) is None and (path.is_symlink() or path.exists()):
        number = 1
        while (aside := path.with_name(f"{path.name}.unreadable-{number}")).exists():
            number += 1
        os.replace(path, aside)
    atomic_write(path, tomli_w.dumps(msgspec.to_builtins(state)))
