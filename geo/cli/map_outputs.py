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
    leaves nothing behind.
    """
    from ..render import map_fragment, map_html, map_images  # matplotlib only when a map is made

    images = {fmt: path for fmt, path in {"png": png_out, "pdf": pdf_out, "svg": svg_out}.items() if path}
    page = _page_path(analysis.cable.refid, output, embed, bool(images))
    for target in [*map(Path, images.values()), *([page] if page else [])]:
        check_writable(target)
    drawn = map_images(analysis, list(images), width=width, height=height or 1000, scale=scale) if images else {}
    outputs: dict[Path, str | bytes] = {Path(path): drawn[fmt] for fmt, path in images.items()}
    if page and embed:
        outputs[page] = map_fragment(analysis, tiles=tiles, height_px=height or EMBED_HEIGHT)
    elif page:
        outputs[page] = map_html(analysis, tiles=tiles)
    for path, data in outputs.items():
        atomic_write(path, data)
        size = len(data.encode() if isinstance(data, str) else data)
        click.echo(f"wrote {path} ({size / 1024:.0f} KB)", err=True)


def _page_path(refid: str, output: str | None, embed: bool, images: bool) -> Path | None:
    """Where the HTML page (or fragment) goes: *output*, else a file named after the cable; none for images only."""
    if embed:
        return Path(output or safe_filename(refid, ".embed.html"))
    if output or not images:
        return Path(output or safe_filename(refid, ".html"))
    return None
