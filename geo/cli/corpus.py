"""The corpus commands: ``corpus`` (geoparse every cable), ``corpus-map`` and ``corpus-exposure``."""

from __future__ import annotations

from pathlib import Path

import click

from .common import check_within, settings, zone_opts
from .export import emit_layers, output_opts, round_km


@click.command("corpus")
@click.argument("source", metavar="INPUT")
@click.option(
    "-o", "--output", required=True, metavar="OUT.parquet", help="The GeoParquet file to write (one row per mention)."
)
@click.option("--scheduler", help="Dask scheduler: processes (default), synchronous, or tcp://HOST:8786.")
@click.option(
    "--workers", type=int, help="Worker processes of the local pool (default: one per core; a cluster has its own)."
)
@click.option("--batch-size", type=int, default=128, show_default=True, help="Cables per batch (and per resume step).")
@click.option(
    "--overrides", "overrides_path", type=click.Path(dir_okay=False), help="Apply this overrides file to every cable."
)
@click.option("--restart", is_flag=True, help="Discard an unfinished earlier run of OUT instead of resuming it.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def corpus(source, output, scheduler, workers, batch_size, overrides_path, restart, quiet):
    """Geoparse every cable of INPUT into one GeoParquet file of mentions.

    INPUT is a directory of cable files (any depth), a cables.csv dump, or JSON Lines
    with a "text" field (gzip accepted). Cables that cannot be read are listed in
    OUT.errors.tsv. Killed, the same command resumes where it stopped. When no
    cable at all could be read, that is one line on stderr and exit status 2.
    """
    from ..corpus.run import run_corpus

    if batch_size < 1:
        raise click.BadParameter(f"--batch-size must be at least 1, not {batch_size}")
    r = run_corpus(
        source, output, scheduler=scheduler, workers=workers, batch_size=batch_size,
        overrides=overrides_path, restart=restart, progress=not quiet, settings=settings(),
    )
    if r.cables == 0:
        from ..corpus.reader import CorpusInputError

        raise CorpusInputError(
            f"{source}: no cable could be read ({r.errors:,} unreadable, listed in {r.errors_file})" if r.errors
            else f"{source}: holds no cables")
    find_ms, other_ms = r.per_cable_ms
    rate = (r.cables + r.errors) / max(r.seconds, 1e-9)
    click.echo(
        f"wrote {r.output}: {r.mentions:,} mentions from {r.cables:,} cables; {r.errors:,} unreadable "
        f"(listed in {r.errors_file}); {r.seconds:.1f} s, {rate:,.0f} cables/s"
        + (f", {r.resumed} of {r.batches} batches done earlier" if r.resumed else "")
        + f"; per cable in workers: find {find_ms:.2f} ms, rest {other_ms:.2f} ms",
        err=True,
    )
    for line in r.unmatched:
        click.echo(f"cablemap: warning: override not applied: {line}", err=True)


def _filters(f):
    """Decorator: ``--since``, ``--until``, ``--tag`` and ``--origin`` filters on the mentions."""
    f = click.option(
        "--origin", "origins", multiple=True, help='Only cables from this origin, e.g. "Embassy Tbilisi". Repeatable.'
    )(f)
    f = click.option("--tag", "tags", multiple=True, help="Only cables with this TAG, e.g. ENRG. Repeatable.")(f)
    f = click.option("--until", help="Only cables created on or before this date (YYYY-MM-DD).")(f)
    return click.option("--since", help="Only cables created on or after this date (YYYY-MM-DD).")(f)


@click.command("corpus-map")
@click.argument("mentions", metavar="MENTIONS.parquet")
@click.option("-o", "--output", required=True, metavar="MAP.html", help="Output HTML file.")
@_filters
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 100), help="Cables listed per place.")
def corpus_map(mentions, output, since, until, tags, origins, top):
    """A map of where a corpus run's cables report: one marker per place, heat, month steps."""
    from gazetteer import attribution
    from maps.corpus_map import corpus_map_html

    from .._io import atomic_write
    from ..corpus.view import corpus_places, read_mentions

    frame = read_mentions(mentions, since=since, until=until, tags=tags, origins=origins)
    found = corpus_places(frame, top=top)
    html = corpus_map_html(
        found.places, found.months, found.monthly, cables=found.cables,
        title=_title(mentions, since, until, tags, origins), attribution=attribution(settings().store),
    )
    atomic_write(output, html)
    click.echo(
        f"wrote {output}: {len(found.places):,} places from {found.cables:,} cables "
        f"({len(html.encode()) / 1e6:.1f} MB)",
        err=True,
    )


@click.command("corpus-exposure")
@click.argument("mentions", metavar="MENTIONS.parquet")
@zone_opts
@_filters
@output_opts(append=False)
def corpus_exposure(mentions, zones, within_km, since, until, tags, origins, fmt, output):
    """Which assets and places near the zones the corpus mentions: cables, first and last date.

    GeoPackage, KML and KMZ also hold the zones as a layer.
    """
    from ..corpus.view import corpus_exposure as exposure_table
    from ..corpus.view import read_mentions
    from ..zones import build_zones

    if not zones:
        raise click.UsageError('give at least one --zone, e.g. --zone "South Ossetia+20km"')
    check_within(within_km)
    frame = read_mentions(mentions, since=since, until=until, tags=tags, origins=origins)
    gaz = settings().gazetteer()
    table = exposure_table(frame, zones, within_km, gaz)
    layers = {"zones": build_zones(zones, gaz.regions), "exposure": table}
    emit_layers(layers, round_km(table, fmt, output), fmt, output, title=f"{Path(mentions).name}: exposure")


def _title(path: str, since: str | None, until: str | None, tags: tuple, origins: tuple) -> str:
    parts = [Path(path).name]
    if since or until:
        parts.append(f"{since or '…'} to {until or '…'}")
    parts += [f"tag {t}" for t in tags] + [f"origin {o}" for o in origins]
    return " · ".join(parts)
