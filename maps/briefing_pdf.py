"""Print a briefing's HTML to PDF with headless Chromium (Debian's, driven by Playwright).

The classification banner is repeated at the top and bottom of every page (Chromium's page
header and footer), with page numbers. Nothing is fetched: every request other than a
``data:`` URI is aborted. Playwright's driver and Chromium die with cablemap, even when it
is killed with SIGKILL (:mod:`maps._die_with_parent`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from html import escape

from ._die_with_parent import dying_with_parent
from .classification import banner_colours, banner_text
from .errors import MapsError

PAPERS = {"a4": "A4", "letter": "Letter"}
#: Where Chromium is looked for unless named: Debian's, then the PATH.
_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-quic"]
_MARGIN = {"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}


def chromium_path(named: str | None = None) -> str:
    """The Chromium executable to print with (*named*, else a usual one), or MapsError saying how to get one."""
    for candidate in filter(None, (named, *_CANDIDATES)):
        found = candidate if os.access(candidate, os.X_OK) else shutil.which(candidate)
        if found:
            return found
    msg = "PDF briefings need Chromium (apt-get install chromium, or set CABLEMAP_CHROMIUM); write .html instead"
    raise MapsError(msg)


def _band(marking: str, extra: str = "") -> str:
    background, colour = banner_colours(marking)
    return (
        '<div style="width:100%;margin:0 14mm;font:bold 9px sans-serif;letter-spacing:1.5px;text-align:center;'
        f"background:{background};color:{colour};padding:2px 0;-webkit-print-color-adjust:exact;"
        f'print-color-adjust:exact">{escape(banner_text(marking))}{extra}</div>'
    )


def pdf_bytes(html: str, *, marking: str, paper: str = "a4", chromium: str | None = None) -> bytes:
    """*html* printed to PDF on *paper* (``a4`` or ``letter``), banners on every page.

    Raises
    ------
    MapsError
        Unknown paper, Chromium or Playwright missing, or Chromium failing.
    """
    if paper not in PAPERS:
        msg = f"unknown paper {paper!r}; use a4 or letter"
        raise MapsError(msg)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as e:
        msg = "PDF briefings need the playwright package (pip install 'cablemap[pdf]'); write .html instead"
        raise MapsError(msg) from e
    executable = chromium_path(chromium)
    # Playwright's sync API refuses to run where an asyncio loop is running (a notebook, a test
    # session with its own browser), so Chromium is driven from a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html, executable, marking, PAPERS[paper]).result()


@contextmanager
def _driver_node(node: str) -> Iterator[None]:
    """Playwright starts its driver with *node* (``PLAYWRIGHT_NODEJS_PATH``) while the block runs."""
    before = os.environ.get("PLAYWRIGHT_NODEJS_PATH")
    os.environ["PLAYWRIGHT_NODEJS_PATH"] = node
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PLAYWRIGHT_NODEJS_PATH", None)
        else:
            os.environ["PLAYWRIGHT_NODEJS_PATH"] = before


def _only_data_uris(route: object) -> None:
    """Let ``data:`` URIs load, abort every other request."""
    if route.request.url.startswith("data:"):
        route.continue_()
    else:
        route.abort()


def _print(html: str, executable: str, marking: str, paper: str) -> bytes:
    from playwright.sync_api import Error, sync_playwright

    args = ["--no-sandbox", *_ARGS] if os.geteuid() == 0 else _ARGS
    pages = (
        ' <span style="font-weight:normal">· page <span class="pageNumber"></span>/'
        '<span class="totalPages"></span></span>'
    )
    try:
        with dying_with_parent(executable) as (chromium, node), _driver_node(node), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=args)
            try:
                page = browser.new_page()
                page.route("**/*", _only_data_uris)
                page.set_content(html, wait_until="load")
                page.emulate_media(media="print")
                return page.pdf(
                    format=paper,
                    print_background=True,
                    display_header_footer=True,
                    header_template=_band(marking),
                    footer_template=_band(marking, pages),
                    margin=_MARGIN,
                )
            finally:
                browser.close()
    except Error as e:
        msg = f"Chromium could not print the briefing: {str(e).splitlines()[0]}"
        raise MapsError(msg) from e
