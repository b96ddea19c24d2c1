"""The real seed map, made by the real command, in Debian's headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.cli.main import main

pytestmark = pytest.mark.browser

DATA = Path(__file__).parents[1] / "data" / "cables"
SEED = DATA / "08BAKU812.txt"
POTI = (42.14272, 41.67384)
PAYLOAD = '</script><img src=x onerror="window.__xss=1"> ${window.__xss=2} `whoami` \\\\ end'


def _make_map(cable: Path, out: Path) -> Path:
    try:
        main(["map", str(cable), "--zone", "South Ossetia+20km", "--zone", "Abkhazia+20km", "-o", str(out)])
    except SystemExit as e:
        assert e.code in (0, None)
    return out


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory) -> Path:
    return _make_map(SEED, tmp_path_factory.mktemp("seed") / "08BAKU812.html")


def test_seed_map_opens_offline_with_markers_polygons_and_no_errors(browser, open_offline, seed_map):
    page, requests, errors = open_offline(browser, seed_map)
    assert requests == []
    assert errors == []
    assert page.locator(".leaflet-cablemap-zones-pane path.leaflet-interactive").count() == 2
    assert page.locator(".leaflet-cablemap-areas-pane path.leaflet-interactive").count() >= 3
    assert page.locator(".leaflet-cablemap-place-points-pane path.leaflet-interactive").count() >= 4
    assert page.locator(".leaflet-marker-icon").count() >= 3  # terminals, ports, base
    assert "08BAKU812" in page.locator(".cablemap-title").inner_text()


def test_seed_map_layer_toggles(browser, open_offline, seed_map):
    page, _, errors = open_offline(browser, seed_map)
    places = ".leaflet-cablemap-place-points-pane path"
    before = page.locator(places).count()
    box = page.locator(".leaflet-control-layers-overlays label", has_text="Mentioned places").locator("input")
    box.uncheck()
    assert page.locator(places).count() == 0 < before
    box.check()
    assert page.locator(places).count() == before
    assert errors == []


def test_seed_map_popup_cites_the_paragraph(browser, open_offline, click_popup, seed_map):
    page, _, _ = open_offline(browser, seed_map)
    text = click_popup(page, *POTI)
    assert "¶4 (C)" in text
    assert "Georgian port city of Poti is in their sphere of influence" in " ".join(text.split())
    assert "geonames:612366" in text


def test_hostile_cable_text_shows_literally_and_runs_nothing(browser, open_offline, click_popup, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("city of Poti is in their sphere", f"city of Poti {PAYLOAD} is in their sphere")
    assert PAYLOAD in text
    text = text.replace("SUBJECT: FOREIGN MINISTER:", f"SUBJECT: FOREIGN MINISTER {PAYLOAD}:", 1)
    hostile = tmp_path / "08BAKU812.txt"
    hostile.write_text(text, encoding="utf-8")
    page, requests, errors = open_offline(browser, _make_map(hostile, tmp_path / "hostile.html"))
    assert errors == []
    assert requests == []  # the <img src=x> never became an element
    assert page.evaluate("window.__xss") is None
    assert page.locator("img").count() == 0
    popup = " ".join(click_popup(page, *POTI).split())
    assert '</script><img src=x onerror="window.__xss=1"> ${window.__xss=2} `whoami`' in popup
    assert "</script><img src=x" in page.locator(".cablemap-title").inner_text()
    assert page.evaluate("window.__xss") is None
