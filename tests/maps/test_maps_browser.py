"""The offline map in Debian's Chromium: nothing fetched, nothing broken, hostile text stays text."""

from __future__ import annotations

from pathlib import Path

import pytest
from maps_seed import PAYLOAD, POTI, Inputs, hostile_inputs

import maps

pytestmark = pytest.mark.browser


def _count(page: object, selector: str) -> int:
    return page.locator(selector).count()


def test_seed_map_draws_everything_without_the_network(
    browser: object, open_offline: object, seed: Inputs, seed_file: Path
) -> None:
    page, requests, errors = open_offline(browser, seed_file)
    assert requests == []
    assert errors == []
    # 15 cited records: 6 country outlines + 3 breakaway regions + 1 pipeline halo (paths) + 5 places (circles)
    assert _count(page, ".leaflet-cablemap-areas-pane path.leaflet-interactive") == 9
    assert _count(page, ".leaflet-cablemap-halos-pane path.leaflet-interactive") == 1
    assert _count(page, ".leaflet-cablemap-place-points-pane path.leaflet-interactive") == 5
    lines = int((seed.assets.geom_type != "Point").sum())
    assert _count(page, ".leaflet-cablemap-lines-pane path.leaflet-interactive") == lines == 8
    assert _count(page, ".leaflet-marker-icon.cablemap-icon") == len(seed.assets) - lines == 6
    assert _count(page, ".leaflet-cablemap-zones-pane path.leaflet-interactive") == 2
    assert _count(page, ".leaflet-cablemap-basemap-pane path") > 10
    assert _count(page, ".leaflet-cablemap-basemap-pane path.leaflet-interactive") == 0
    assert _count(page, "img") == 0


def test_title_legend_and_attribution_are_visible(browser: object, open_offline: object, seed_file: Path) -> None:
    page, _, _ = open_offline(browser, seed_file)
    title = page.locator(".cablemap-title")
    assert title.is_visible()
    assert "08BAKU812" in title.inner_text() and "CONFIDENTIAL" in title.inner_text()
    assert page.title().startswith("08BAKU812 — FOREIGN MINISTER: RUSSIAN INVANSION")
    legend = page.locator(".cablemap-legend")
    assert legend.is_visible()
    assert "Oil pipeline — mentioned" in legend.inner_text()
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()


def test_layer_control_turns_a_layer_off_and_on(browser: object, open_offline: object, seed_file: Path) -> None:
    page, _, errors = open_offline(browser, seed_file)
    zones = ".leaflet-cablemap-zones-pane path"
    checkbox = page.locator(".leaflet-control-layers-overlays label", has_text="Zones").locator("input")
    assert _count(page, zones) == 2 and checkbox.is_checked()
    checkbox.uncheck()
    assert _count(page, zones) == 0
    checkbox.check()
    assert _count(page, zones) == 2
    assert errors == []


def test_clicking_a_place_shows_where_the_cable_names_it(
    browser: object, open_offline: object, click_popup: object, seed_file: Path
) -> None:
    page, _, errors = open_offline(browser, seed_file)
    text = click_popup(page, *POTI)
    assert text.startswith("Poti")
    assert "geonames:612366" in text and "confidence 0.93" in text
    assert "¶4 (C)" in text
    assert "asserting that the Georgian port city of Poti is in their sphere of influence" in text
    assert page.locator(".leaflet-popup-content mark").all_inner_texts() == ["Poti"]
    assert errors == []


def test_hostile_text_is_shown_literally_and_never_runs(
    browser: object, open_offline: object, click_popup: object, seed: Inputs, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(maps.to_html(maps.cable_map(**hostile_inputs(seed))), encoding="utf-8")
    page, requests, errors = open_offline(browser, path)
    assert errors == []
    assert requests == []
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert _count(page, "img") == 0
    assert PAYLOAD in page.locator(".cablemap-title").inner_text()
    assert page.title() == f"{PAYLOAD} — {PAYLOAD}"
    assert PAYLOAD in page.locator(".leaflet-control-attribution").inner_text()
    text = click_popup(page, *POTI)
    assert "</script><img src=x" in text
    assert PAYLOAD in text
    assert page.locator(".leaflet-popup-content mark").all_inner_texts() == [PAYLOAD]
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert _count(page, "img") == 0
