"""``cablemap geoparse``: JSON Lines of documents in, JSON Lines of toponyms out."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .._io import atomic_writer
from ..settings import PUBLIC_NOMINATIM
from .common import max_bytes_opt, settings
from .overrides import overrides_opt, warn_unmatched

if TYPE_CHECKING:
    from rich.progress import Progress


def _progress() -> Progress:
    from rich.console import Console  # only geoparse pays for the progress bar's import
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("geoparse"), BarColumn(), TaskProgressColumn(),
        TextColumn("{task.fields[docs]} docs"), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    )


def _geocoder(name: str | None, url: str | None, user_agent: str | None):
    """The opt-in online geocoder, or ``None``."""
    if name is None:
        return None
    from urllib.parse import urlsplit

    from gazetteer.online import OnlineGeocoder

    url = url or settings().nominatim_url

    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(f"--nominatim-url must be an http(s) URL, not {url!r}")
    return OnlineGeocoder(settings().cache / "nominatim", user_agent=user_agent or settings().user_agent, domain=parts.netloc + parts.path.rstrip("/"),
                          scheme=parts.scheme)


@click.command()
@click.argument("input_path", metavar="INPUT.jsonl", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, metavar="OUTPUT.jsonl", help="Where to write the toponyms ('-': stdout).")
@overrides_opt
@max_bytes_opt
@click.option("--geocoder", type=click.Choice(["nominatim"]),
              help="Also look up, online, locative names the bundled gazetteer lacks (cached, 1 request/s).")
@click.option("--nominatim-url", metavar="URL",
              help="The Nominatim server for --geocoder [default: $CABLEMAP_NOMINATIM_URL, else "
              f"{PUBLIC_NOMINATIM}].")
@click.option("--user-agent",
              help="User agent for --geocoder (Nominatim's policy asks for one that names you; env CABLEMAP_USER_AGENT).")
@click.option("--convention", type=click.Choice(["geonames", "wikipedia", "centroid"]), default="geonames",
              show_default=True, help="Where an area's point is: GeoNames' own, Wikipedia's (the Factbook's "
              "country coordinates) or its polygon's centroid.")
def geoparse(input_path: str, output: str, overrides_path: str | None, max_bytes: int, geocoder: str | None,
             nominatim_url: str | None, user_agent: str | None, convention: str) -> None:
    """Find and resolve the toponyms of every document of INPUT.jsonl.

    Each input line is {"doc_id", "text", ...} (other keys are ignored); each
    output line is {"doc_id", "toponyms": [{"start", "end", "name", "lat", "lon",
    "geonameid", "kind", "source", "confidence"}]}, offsets into "text"; an
    area's lat/lon follows --convention. A text
    that is a cable is read as one (its TAGS and post count as context).
    Documents are read and written one at a time.
    """
    from ..geoparse import GeoparseInputError, geoparse_lines, read_lines
    from ..overrides import load_overrides

    gaz = settings().gazetteer()
    overrides = load_overrides(overrides_path)
    options = {"overrides": overrides if overrides.entries else None, "max_bytes": max_bytes,
               "geocoder": _geocoder(geocoder, nominatim_url, user_agent), "convention": convention}
    with open(input_path, "rb") as src, atomic_writer(output) as out, _progress() as bar:
        total = src.seek(0, 2)
        src.seek(0)
        task = bar.add_task("geoparse", total=total or None, docs=0)
        n = 0
        for n, answer in enumerate(geoparse_lines(read_lines(src), gaz, **options), 1):
            out.write(answer)
            bar.update(task, completed=src.tell(), docs=n)
        if n == 0:
            raise GeoparseInputError(f"{input_path}: no documents (the file is {'blank' if total else 'empty'})")
    warn_unmatched(overrides)
    if output != "-":
        click.echo(f"wrote {output}", err=True)
