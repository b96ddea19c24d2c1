"""What the ``cablemap`` commands share: the CABLE argument, zone options, output."""

from __future__ import annotations

import click

from .. import SAMPLE_CABLE
from ..settings import Settings


def max_bytes_opt(f):
    """Decorator: ``--max-bytes``, the longest cable (or document) read."""
    from ..cable.reader import MAX_CABLE_BYTES

    return click.option(
        "--max-bytes", type=click.IntRange(1), default=MAX_CABLE_BYTES, show_default=True, metavar="N",
        help="Refuse a cable (or document) longer than N bytes: no real cable comes near the default.",
    )(f)


def cable_arg(f):
    """Decorator: the optional CABLE argument, ``--refid`` and ``--max-bytes``."""
    f = max_bytes_opt(f)
    f = click.option("--refid", help="Which cable of a multi-cable CSV file.")(f)
    return click.argument("cable", required=False, metavar="CABLE")(f)


def zone_opts(f):
    """Decorator: ``--zone`` (repeatable) and ``--within``."""
    f = click.option(
        "--within", "within_km", default=100.0, show_default=True, type=float,
        help="Report features up to this many km from a zone.",
    )(f)
    return click.option(
        "--zone", "zones", multiple=True, metavar="SPEC",
        help='"REGION+N km" (e.g. "South Ossetia+20km") or a GeoJSON/GPKG file of polygons. Repeatable.',
    )(f)


def load_cable(cable: str | None, refid: str | None, max_bytes: int):
    """Read CABLE (or the bundled sample)."""
    from ..cable.reader import read_cable

    return read_cable(cable or SAMPLE_CABLE, refid=refid, max_bytes=max_bytes)


def check_within(within_km: float) -> None:
    """Reject a ``--within`` outside 0..20000 km."""
    if not (0 <= within_km <= 20000):
        raise click.BadParameter(f"--within must be between 0 and 20000 km, not {within_km}")


def settings() -> Settings:
    """The running command's settings: the environment, with ``--store`` on top."""
    ctx = click.get_current_context(silent=True)
    found = ctx.find_object(Settings) if ctx is not None else None
    return found or Settings.from_env()
