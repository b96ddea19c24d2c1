"""``cablemap review``: check and correct a cable's places in the browser; fixes go to the overrides file."""

from __future__ import annotations

from pathlib import Path

import click

from ..extras import require
from .common import load_cable, max_bytes_opt, settings


@click.command()
@click.argument("cables", nargs=-1, metavar="CABLE [CABLE...]")
@click.option("--refid", help="Which cable of a multi-cable CSV file.")
@max_bytes_opt
@click.option(
    "--overrides", "overrides_path", metavar="FILE",
    help="Where fixes are saved (default: $CABLEMAP_OVERRIDES, else ~/.config/cablemap/overrides.jsonl).",
)
@click.option("--port", default=0, type=click.IntRange(0, 65535), help="Port on 127.0.0.1 (default: any free port).")
def review(cables, refid, max_bytes, overrides_path, port):
    """Review the places of CABLEs in a local web page; every fix is saved for every later output.

    Prints the page's address (with its secret token) and serves it on 127.0.0.1 until Ctrl-C.
    """
    require("review")
    from ..review.app import create_app
    from ..review.data import ReviewSession
    from ..review.server import bind, new_token, serve, url_of

    loaded = [load_cable(c, refid, max_bytes) for c in cables or (None,)]
    path = Path(overrides_path).expanduser() if overrides_path else settings().overrides
    session = ReviewSession(loaded, path, settings().gazetteer())
    token = new_token()
    sock = bind(port)
    click.echo(f"cablemap review: {len(loaded)} cable(s), fixes saved to {session.path}", err=True)
    click.echo(url_of(sock, token))
    serve(create_app(session, token), sock)
