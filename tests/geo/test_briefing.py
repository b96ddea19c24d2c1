"""``cablemap brief`` and the static/embed outputs of ``cablemap map`` on real cables."""

from __future__ import annotations

import io
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from geo.cli.main import main

DATA = Path(__file__).parents[1] / "data" / "cables"
SEED = DATA / "08BAKU812.txt"
ZONES = ["--zone", "South Ossetia+20km", "--zone", "Abkhazia+20km"]
PAYLOAD = '</script><img src=x onerror="window.__xss=1"> ${window.__xss=2} `whoami` end'
PAGE_SIZES = {"a4": "595.92 x 842.88 pts (A4)", "letter": "612 x 792 pts (letter)"}

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")




def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


class _Refs(HTMLParser):
    """src/href attributes of the markup (script and style bodies are not markup) that leave the file."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [
            f"<{tag} {k}={v}>" for k, v in attrs
            if k in ("src", "href", "srcset", "poster") and (v or "").startswith(("http:", "https:", "//"))
            and tag != "a"  # a plain link is only followed when clicked
        ]


def _fetched(html: str) -> list[str]:
    parser = _Refs()
    parser.feed(html)
    return parser.found


def hostile_seed(tmp_path: Path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("city of Poti is in their sphere", f"city of Poti {PAYLOAD} is in their sphere")
    text = text.replace("SUBJECT: FOREIGN MINISTER:", f"SUBJECT: FOREIGN MINISTER {PAYLOAD}:", 1)
    path = tmp_path / "08BAKU812.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed_brief_html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("brief") / "brief.html"
    main_ok(["brief", SEED, *ZONES, "-o", out])
    return out


def main_ok(args: list) -> None:
    try:
        main([str(a) for a in args])
    except SystemExit as e:
        assert e.code in (0, None)


# --- cablemap map: images and the embed fragment -------------------------------------------


def test_map_writes_png_pdf_svg_of_the_seed(tmp_path, run_cli):
    png, pdf, svg = tmp_path / "m.png", tmp_path / "m.pdf", tmp_path / "m.svg"
    code, _, err = run_cli(["map", SEED, *ZONES, "--png", png, "--pdf", pdf, "--svg", svg, "--dpi", "2"])
    assert code == 0, err
    img = Image.open(png)
    assert img.size == (3200, 2000)
    pixels = np.asarray(img.convert("RGB").resize((160, 100))).reshape(-1, 3)
    assert len(np.unique(pixels, axis=0)) > 100
    svg_text = svg.read_text(encoding="utf-8")
    for text in ("08BAKU812", "CONFIDENTIAL", "Legend", "Kulevi oil terminal", "South Ossetia+20km"):
        assert text in svg_text, text
    assert not list(tmp_path.glob("*.html"))  # only the images were asked for
    if shutil.which("pdfinfo"):
        assert pdf_info(pdf)["Pages"] == "1"
        assert "08BAKU812" in pdf_text(pdf) and "Legend" in pdf_text(pdf)


def test_map_size_options(tmp_path, run_cli):
    png = tmp_path / "small.png"
    code, _, err = run_cli(["map", SEED, "--png", png, "--width", "800", "--height", "500"])
    assert code == 0, err
    assert Image.open(png).size == (800, 500)


def test_map_embed_writes_a_fragment(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["map", SEED, *ZONES, "--embed"])
    assert code == 0, err
    fragment = (tmp_path / "08BAKU812.embed.html").read_text(encoding="utf-8")
    assert fragment.startswith('<div class="cablemap-embed">')
    assert "<html" not in fragment and "<body" not in fragment
    assert 'height:560px' in fragment


def test_notebook_object_shows_the_fragment():
    from geo.analysis import analyse
    from geo.cable.reader import read_cable
    from geo.render import CableMap

    m = CableMap(analyse(read_cable(SEED), ["South Ossetia+20km"]))
    html = m._repr_html_()
    assert html.startswith('<div class="cablemap-embed">') and "08BAKU812" in html
    assert m._repr_html_() != html  # fresh ids: showing it twice on one page does not collide
    assert Image.open(io.BytesIO(m.image("png", width=800, height=500))).size == (800, 500)


@pytest.mark.parametrize("cable", sorted(DATA.glob("*.txt")), ids=lambda p: p.name)
def test_static_map_of_every_test_cable(cable, tmp_path, run_cli):
    svg = tmp_path / "m.svg"
    code, _, err = run_cli(["map", cable, "--zone", "South Ossetia+20km", "--svg", svg])
    assert code == 0, err
    text = svg.read_text(encoding="utf-8")
    assert "Legend" in text and "Natural Earth" in text


# --- cablemap brief -------------------------------------------------------------------------


def test_brief_html_is_one_file_with_everything(seed_brief_html):
    html = seed_brief_html.read_text(encoding="utf-8")
    assert html.count("<html") == 1 and "<script src" not in html and "<link" not in html
    assert _fetched(html) == []
    assert "Briefing: 08BAKU812" in html
    assert "Kulevi oil terminal" in html and "South Ossetia+20km" in html
    assert "¶4 (C)" in html
    assert "port city of <mark>Poti</mark> is in their sphere" in " ".join(html.split())
    assert "GeoNames" in html and "Natural Earth" in html


@pytest.mark.browser
def test_brief_html_renders_offline_without_errors(browser, open_offline, seed_brief_html):
    page, requests, errors = open_offline(browser, seed_brief_html)
    assert requests == [] and errors == []
    assert page.locator(".banner").all_inner_texts() == ["CONFIDENTIAL", "CONFIDENTIAL"]
    assert page.locator(".folium-map .leaflet-cablemap-zones-pane path.leaflet-interactive").count() == 2
    rows = page.locator("table.exposure tbody tr").all_inner_texts()
    assert any("Kulevi oil terminal" in r and "inside" in r for r in rows)
    assert any(r.startswith("South Ossetia+20km\tGori") for r in rows)
    excerpts = page.locator("ol.excerpts li").all_inner_texts()
    assert any(e.startswith("¶4 (C)") and "Poti" in e for e in excerpts)


@pytest.mark.browser
def test_hostile_cable_text_is_literal_in_the_brief(browser, open_offline, tmp_path, run_cli):
    out = tmp_path / "hostile.html"
    code, _, err = run_cli(["brief", hostile_seed(tmp_path), *ZONES, "-o", out])
    assert code == 0, err
    page, requests, errors = open_offline(browser, out)
    assert requests == [] and errors == []
    assert page.evaluate("window.__xss") is None and page.locator("img").count() == 0
    assert PAYLOAD in " ".join(page.locator("header").inner_text().split())
    assert any(PAYLOAD in " ".join(e.split()) for e in page.locator("ol.excerpts li").all_inner_texts())


@needs_poppler
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_brief_pdf_fits_the_paper_with_banners_on_every_page(paper, tmp_path, run_cli):
    out = tmp_path / "brief.pdf"
    code, _, err = run_cli(["brief", SEED, *ZONES, "-o", out, "--paper", paper])
    assert code == 0, err
    info = pdf_info(out)
    assert info["Page size"] == PAGE_SIZES[paper]
    pages = int(info["Pages"])
    assert 2 <= pages <= 8
    for page in range(1, pages + 1):
        assert pdf_text(out, page).count("CONFIDENTIAL") >= 2, page  # banner top and bottom
    first = pdf_text(out, 1)
    assert "Briefing: 08BAKU812" in first
    assert "Legend" in first and "Kulevi oil terminal" in first  # the map, drawn as vectors with its text
    text = " ".join(pdf_text(out).split())
    assert "¶4 (C)" in text and "Georgian port city of Poti" in text
    assert "Sources and attribution" in text and "GeoNames" in text


@needs_poppler
def test_brief_pdf_of_several_cables_takes_the_highest_classification(tmp_path, run_cli):
    out = tmp_path / "brief.pdf"
    cables = [SEED, DATA / "08STATE86156.txt", DATA / "08TBILISI1341.txt"]
    code, _, err = run_cli(["brief", *cables, *ZONES, "-o", out])
    assert code == 0, err
    assert "SECRET//NOFORN" in err
    text = pdf_text(out)
    assert text.count("SECRET//NOFORN") >= 2 * int(pdf_info(out)["Pages"])
    for refid in ("08BAKU812", "08STATE86156", "08TBILISI1341"):
        assert refid in text


@needs_poppler
def test_hostile_cable_text_is_literal_in_the_pdf(tmp_path, run_cli):
    out = tmp_path / "hostile.pdf"
    code, _, err = run_cli(["brief", hostile_seed(tmp_path), *ZONES, "-o", out])
    assert code == 0, err
    assert PAYLOAD in " ".join(pdf_text(out).split())


@pytest.mark.parametrize(
    "args",
    [
        ["brief", "missing.txt", "-o", "b.html"],
        ["brief", SEED, "-o", "b.docx"],
        ["brief", SEED, "-o", "b.pdf", "--paper", "a3"],
        ["brief", SEED],
        ["brief", SEED, "--zone", "Atlantis+5km", "-o", "b.html"],
        ["map", SEED, "--png", "m.png", "--width", "10"],
        ["map", SEED, "--png", "m.png", "--dpi", "100"],
        ["map", SEED, "--png", "no/such/dir/m.png"],
    ],
    ids=["missing", "suffix", "paper", "no output", "zone", "width", "dpi", "no dir"],
)
def test_bad_input_is_one_line_and_exit_2(args, tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("cablemap: ") and "Traceback" not in err
    assert not [p for p in tmp_path.iterdir() if p.suffix in {".html", ".pdf", ".png"}]


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's Chromium is not installed")
def test_killed_pdf_briefing_leaves_no_browser_behind(tmp_path, kill_mid_run):
    """kill -9 of `cablemap brief -o x.pdf` while Chromium runs: the driver and every Chromium process go too."""
    import sys

    args = [sys.executable, "-c", "from geo.cli.main import main; main()", "brief", "-o", tmp_path / "x.pdf"]
    left = kill_mid_run(args, lambda seen: sum(name.startswith("chrom") for name in seen.values()) >= 2)
    assert left == {}
    assert not (tmp_path / "x.pdf").exists()
