"""``limber list``, ``show`` and ``packs``; the catalogue loader the other commands share."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

import msgspec

from limber.commands import output
from limber.commands.output import print_json
from limber.core import collector, jsonout
from limber.core.catalogue import Catalogue
from limber.core.errors import LimberError
from limber.core.model import Dose, Guidance, Routine, Stretch
from limber.core.packs.host import LoadReport, PackHost, packs_filter, start_host
from limber.core.paths import Paths
from limber.core.text import clean_line
from limber.core.wording import mmss

if TYPE_CHECKING:
    from limber.core.plancache import Listing, PlanCache


def load(*, strict: bool = False, quiet: bool = False) -> tuple[Catalogue, LoadReport]:
    """Load installed packs; say on stderr which failed; with ``strict``, fail."""
    catalogue, report, _host = load_with_host(strict=strict, quiet=quiet)
    return catalogue, report


def load_with_host(
    *, strict: bool = False, quiet: bool = False, host: PackHost | None = None
) -> tuple[Catalogue, LoadReport, PackHost]:
    """:func:`load`, also returning the pack host, whose event hooks a session fires
    (``host``: one already started, its packs registered and none read)."""
    with collector.paused_while_loading():
        host = host or start_host(only=packs_filter())
        catalogue, report = host.collect()
    if not quiet:
        for line in report.lines():
            print(f"limber: {line}", file=sys.stderr)
    if strict and report.failures:
        raise LimberError(f"{len(report.failures)} pack(s) failed to load (--strict).")
    return catalogue, report, host


def item_json(
    item: Stretch | Routine | Guidance, catalogue: Catalogue, plans: PlanCache | None = None
) -> dict[str, Any]:
    """An item as ``list``/``show`` print it; a routine's plan from ``plans`` if given."""
    data: dict[str, Any] = msgspec.to_builtins(item)
    data["pack"] = item.pack
    data["file"] = catalogue.files.get(item.id, "")
    if isinstance(item, Stretch):
        data["dose"]["text"] = item.dose.describe()
    if isinstance(item, Routine):  # at the default timings, as the pack describes it
        plan: dict[str, Any] | msgspec.Raw
        if plans is not None:
            total, plan = plans.plan(item, catalogue.stretches)
        else:
            from limber.core.plan import build_plan  # only when no plan cache is given

            built = build_plan(item, catalogue.stretches).as_json()
            total, plan = built["total_seconds"], built
        data["total_seconds"] = total
        data["total_time"] = mmss(total)
        data["plan"] = plan
    return data


def stretch_json(
    stretch: Stretch, catalogue: Catalogue, doses: dict[Dose, tuple[bytes, bytes]]
) -> msgspec.Raw:
    """:func:`item_json` of a stretch, encoded as it is (10,000 in a listing: no dict
    built for each). The struct's JSON gets the same keys added in the same places: its
    dose's wording (worked out once per dose, in ``doses``), then its pack and file. The
    top-level ``"dose":{`` is the first in the text: the keys before it hold strings and
    lists of strings, whose quotes JSON escapes."""
    plain_dose, dose = doses.get(stretch.dose) or (b"", b"")
    if not plain_dose:
        plain_dose = b'"dose":' + msgspec.json.encode(stretch.dose)
        dose = plain_dose[:-1] + b',"text":' + msgspec.json.encode(stretch.dose.describe())
        doses[stretch.dose] = plain_dose, dose + b"}"
        dose += b"}"
    text = msgspec.json.encode(stretch).replace(plain_dose, dose, 1)
    extra = {"pack": stretch.pack, "file": catalogue.files.get(stretch.id, "")}
    return msgspec.Raw(text[:-1] + b"," + msgspec.json.encode(extra)[1:])


def _stretch_line(stretch: Stretch) -> str:
    sides = "each side" if stretch.sides == "each" else ""
    facts = " · ".join(x for x in (stretch.position, stretch.dose.describe(), sides) if x)
    return f"  {stretch.id:<34} {clean_line(stretch.name):<30} {facts}"


def list_items(args: argparse.Namespace) -> int:
    if args.json:
        return _list_json(strict=args.strict)
    catalogue, _ = load(strict=args.strict)
    from limber.core.durations import routine_seconds  # the planner: only `limber list`

    out = ["Routines"]
    for routine in catalogue.routines.values():
        total = mmss(routine_seconds(routine, catalogue.stretches))
        steps = f"{total:>6}  {len(routine.steps)} steps"
        tags = ", ".join(routine.tags)
        out.append(f"  {routine.id:<34} {clean_line(routine.name):<30} {steps}  {tags}".rstrip())
    out.append("")
    out.append("Stretches")
    out += [_stretch_line(s) for s in catalogue.stretches.values()]
    print("\n".join(out))
    return 0


def _list_json(*, strict: bool) -> int:
    """``list --json``: the listing kept from the last run if a clean load made it from
    the same files (:mod:`limber.core.packs.sources`: then nothing is loaded), or if it
    was made from the same items, files and code (:class:`~limber.core.plancache.Listing`);
    else made anew."""
    from limber.core.packs.sources import digest  # only `list --json` keeps a listing
    from limber.core.plancache import Listing

    paths = Paths.from_env()
    with collector.paused_while_loading():
        host = start_host(only=packs_filter())
    # The files' digest is taken before they are read: a file changed while the load
    # reads it changes the next run's digest, so the listing is made again then.
    listing = Listing(paths.cache_dir / "listing.json", digest(host, paths.routines_dir))
    if listing.send(_stdout_descriptor()):
        return 0
    catalogue, report, _host = load_with_host(strict=strict, host=host)
    # Nothing said on stderr: what loads is known from the files alone.
    print_listing(catalogue, listing, clean=not report.lines())
    return 0


def print_listing(
    catalogue: Catalogue, listing: Listing | None = None, *, clean: bool = False
) -> None:
    """``list --json`` of ``catalogue``: ``listing`` (a :class:`~limber.core.plancache.Listing`)
    as kept, if it was made from the same items, files and code; else made anew, and
    kept (with the digest of its files if the load was ``clean``)."""
    from limber.core.plancache import Listing, PlanCache  # only `list --json` keeps plans

    cache = Paths.from_env().cache_dir
    listing = listing or Listing(cache / "listing.json")
    routines, stretches = catalogue.routines.values(), catalogue.stretches.values()
    code = [__file__, output.__file__, jsonout.__file__]
    listing.made_from([*routines, *stretches], catalogue.files, code)
    if listing.send(_stdout_descriptor(), clean=clean):
        return
    plans = PlanCache(cache / "plans.msgpack")
    doses: dict[Dose, tuple[bytes, bytes]] = {}
    text = jsonout.encode_value(
        {
            "routines": [item_json(r, catalogue, plans) for r in routines],
            "stretches": [stretch_json(s, catalogue, doses) for s in stretches],
        }
    )
    plans.save()
    listing.save(text + b"\n", clean=clean)
    output.write_bytes(text, b"\n")


def _stdout_descriptor() -> int:
    """Standard output's descriptor, everything printed before flushed; -1 if it has
    none (a test harness's stream)."""
    sys.stdout.flush()
    try:
        sys.stdout.buffer.flush()
        return sys.stdout.buffer.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both
        return -1


def show(args: argparse.Namespace) -> int:
    catalogue, _ = load(strict=args.strict)
    item = catalogue.item(args.id)
    if args.json:
        print_json(item_json(item, catalogue))
        return 0
    if getattr(args, "svg", False):
        if not isinstance(item, Stretch):
            raise LimberError(f"{item.id} is not a stretch; only a stretch has a figure.")
        if item.figure is None:
            raise LimberError(f"{item.id} has no figure to write as SVG.")
        from limber.core.figure_svg import figure_svg  # only `show --svg`

        sys.stdout.write(figure_svg(item.figure))
        return 0
    from limber.commands.describe import describe  # only `show`

    print(describe(item, catalogue))
    return 0


def packs(args: argparse.Namespace) -> int:
    _, report = load(strict=False, quiet=True)
    if args.json:
        print_json([record.as_json() for record in report.packs])
    else:
        for record in report.packs:
            title = clean_line(record.info.title) if record.info else ""
            counts = clean_line(record.counts())
            line = f"{record.name:<16} {record.version:<10} {record.status:<7} "
            line += f"{counts}  {title}" if record.status == "loaded" else record.error
            print(line.rstrip())
    if args.strict and report.failures:
        return 1
    return 0
