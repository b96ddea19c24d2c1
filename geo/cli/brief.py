"""``cablemap brief``: a briefing on one or more cables, as offline HTML or as PDF."""

from __future__ import annotations

from pathlib import Path

import click

from .. import SAMPLE_CABLE
from .common import check_within, max_bytes_opt, settings, zone_opts
from .overrides import overrides_opt, warn_unmatched

_SUFFIXES = (".html", ".htm", ".pdf")


@click.command()
@click.argument("cables", nargs=-1, metavar="[CABLE]...")
@click.option("--refid", "refids", multiple=True, help="Which cables of a cables.csv file (repeatable).")
@max_bytes_opt
@zone_opts
@click.option("-o", "--output", required=True, help="BRIEF.html (interactive map, offline) or BRIEF.pdf (static map).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="PDF page size.")
@overrides_opt
def brief(cables, refids, max_bytes, zones, within_km, output, paper, overrides_path):
    """A briefing on the CABLEs: classification banners, title, map, exposure to the
    --zone zones, the sentences that name each place (with paragraph and portion mark),
    sources and attribution. Without CABLE, the bundled sample cable.
    """
    from maps import MapsError

    from .._io import atomic_write
    from ..analysis import analyse
    from ..briefing import brief as make_brief
    from ..briefing import briefing_html, briefing_pdf
    from ..cable.reader import read_cable
    from ..overrides import load_overrides

    out = Path(output)
    if out.suffix.lower() not in _SUFFIXES:
        raise click.BadParameter(f"{output}: the briefing is written as .html or .pdf", param_hint="-o")
    check_within(within_km)
    read = []
    for path in cables or (SAMPLE_CABLE,):
        if path.lower().endswith(".csv") and refids:
            read += [read_cable(path, refid=r, max_bytes=max_bytes) for r in refids]
        else:
            read.append(read_cable(path, max_bytes=max_bytes))
    gaz = settings().gazetteer()
    overrides = load_overrides(overrides_path)
    analyses = [analyse(c, zones, within_km, gaz, overrides=overrides) for c in read]
    warn_unmatched(overrides)
    b = make_brief(analyses, zones, within_km)
    try:
        data = briefing_pdf(b, paper) if out.suffix.lower() == ".pdf" else briefing_html(b)
    except MapsError as e:  # e.g. no Chromium to print with: one line, exit 2
        raise click.ClickException(str(e)) from e
    atomic_write(out, data)
    size = len(data) if isinstance(data, bytes) else len(data.encode())
    click.echo(f"wrote {out} ({size / 1024:.0f} KB, {len(b.analyses)} cable(s), {b.classification})", err=True)
