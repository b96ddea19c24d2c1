"""The outputs of ``cablemap map``: the HTML map, an embeddable fragment, PNG, PDF and SVG images."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .._io import atomic_write, check_writable, safe_filename
from ..render import EMBED_HEIGHT

if TYPE_CHECKING:
    from ..analysis import Analysis


def image_opts(f):
    """Decorator: ``--png/--pdf/--svg FILE``, ``--width/--height`` (CSS px), ``--dpi`` and ``--embed``."""
    f = click.option(
        "--embed", is_flag=True,
        help="Write an HTML fragment to paste into another page (default file: <REFID>.embed.html).",
    )(f)
    f = click.option(
        "--dpi", "scale", type=click.FloatRange(0.25, 8), default=1.0, show_default=True,
        help="Pixel density of the PNG: 2 gives twice the pixels each way (for print or retina slides).",
    )(f)
    f = click.option(
        "--height", type=click.IntRange(320, 10000), default=None,
        help=f"Image height in CSS pixels [default: 1000; with --embed: {EMBED_HEIGHT}].",
    )(f)
    f = click.option(
        "--width", type=click.IntRange(480, 10000), default=1600, show_default=True,
        help="Image width in CSS pixels.",
    )(f)
    for fmt in ("svg", "pdf", "png"):
        f = click.option(f"--{fmt}", f"{fmt}_out", metavar="FILE", help=f"Also write a static {fmt.upper()} map.")(f)
    return f


def write_map_outputs(
    analysis: Analysis,
    *,
    output: str | None,
    tiles: str | None,
    png_out: str | None,
    pdf_out: str | None,
    svg_out: str | None,
    embed: bool,
    width: int,
    height: int | None,
    scale: float,
) -> None:
    """Write what ``cablemap map`` was asked for.

    The HTML map (or, with *embed*, the fragment) goes to *output* or a file named
    after the cable; when only images are asked for, no HTML is written. Every target
    is checked and every output drawn before the first is written, so a run that fails
    leaves nothing behind. A map that cannot be made is one line (:class:`click.ClickException`).
    """
    from maps import MapsError

    from ..render import map_fragment, map_html, map_images  # matplotlib only when a map is made

    refid = analysis.cable.refid
    images = {fmt: path for fmt, path in {"png": png_out, "pdf": pdf_out, "svg": svg_out}.items() if path}
    page = None
    if embed:
        page = Path(output or safe_filename(refid, ".embed.html"))
    elif output or not images:
        page = Path(output or safe_filename(refid, ".html"))
    targets = [Path(p) for p in images.values()] + ([page] if page else [])
    for target in targets:
        check_writable(target)
    try:
        drawn = map_images(analysis, list(images), width=width, height=height or 1000, scale=scale) if images else {}
        outputs = {Path(path): drawn[fmt] for fmt, path in images.items()}
        if embed:
            outputs[page] = map_fragment(analysis, tiles=tiles, height_px=height or EMBED_HEIGHT)
        elif page:
            outputs[page] = map_html(analysis, tiles=tiles)
    except MapsError as e:
        raise click.ClickException(str(e)) from e
    for path, data in outputs.items():
        atomic_write(path, data)
        size = len(data.encode() if isinstance(data, str) else data)
        click.echo(f"wrote {path} ({size / 1024:.0f} KB)", err=True)
