"""What briefing readers expect of the interactive map: tools, search, overview, clusters, banners, badges."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from maps_seed import DATA, GEONAMES_COLUMNS, Inputs

import maps

EMPTY = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")


def _write(tmp_path: Path, name: str, m: object) -> Path:
    path = tmp_path / name
    path.write_text(maps.to_html(m), encoding="utf-8")
    return path


def _many_places(n: int) -> gpd.GeoDataFrame:
    """*n* real GeoNames towns of Georgia (tests/data/maps), as cited places."""
    raw = pd.read_csv(
        DATA / "geonames_cities500_georgia.txt", sep="\t", header=None, dtype=str, usecols=range(6), quoting=3
    ).head(n)
    assert len(raw) == n
    raw.columns = GEONAMES_COLUMNS
    rows = pd.DataFrame(
        {
            "mention": raw["name"],
            "name": raw["name"],
            "kind": "place",
            "demonym": False,
            "source": "geonames:" + raw["geonameid"],
            "confidence": 0.9,
            "reason": "test",
            "paragraph": "¶1 (C)",
            "sentence": "They met in " + raw["name"] + ".",
            "start": range(len(raw)),
            "end": range(len(raw)),
            "accuracy_m": 1000.0,
        }
    )
    points = gpd.points_from_xy(raw["longitude"].astype(float), raw["latitude"].astype(float))
    return gpd.GeoDataFrame(rows, geometry=points, crs="EPSG:4326")


def test_reviewed_records_carry_a_badge_and_the_note(seed: Inputs) -> None:
    places = seed.places.assign(reviewed=seed.places["name"] == "Poti", review_note="")
    places.loc[places["name"] == "Poti", "review_note"] = "Checked against the port authority list"
    html = maps.to_html(maps.cable_map(**seed.kwargs() | {"places": places}))
    badge = 'class=\\"cablemap-badge\\"\\u003ereviewed\\u003c/span\\u003e'  # as it sits in the JSON literal
    assert html.count(badge) == 1
    assert "Analyst: Checked against the port authority list" in html
    plain = maps.to_html(maps.cable_map(**seed.kwargs()))
    assert badge not in plain  # no column, no badge


def test_many_points_are_clustered_and_few_are_not(seed: Inputs) -> None:
    few = maps.to_html(maps.cable_map(title={}, places=_many_places(20), assets=EMPTY, zones=EMPTY))
    many = maps.to_html(maps.cable_map(title={}, places=_many_places(120), assets=EMPTY, zones=EMPTY))
    assert "markerClusterGroup" not in few and "MarkerCluster" not in few
    assert "L.markerClusterGroup(" in many


@pytest.mark.browser
def test_tools_overview_scale_and_banners_are_there(
    browser: object, open_offline: object, seed_file: Path
) -> None:
    page, requests, errors = open_offline(browser, seed_file)
    assert errors == [] and requests == []
    for selector in (
        ".leaflet-control-search input",
        ".leaflet-control-zoom-fullscreen",
        ".leaflet-control-measure",
        ".leaflet-control-scale",
        ".leaflet-control-minimap",
    ):
        assert page.locator(selector).count() == 1, selector
    assert page.locator(".leaflet-control-minimap path").count() > 20  # world land, no tiles
    banners = page.locator(".cablemap-banner")
    assert banners.all_inner_texts() == ["CONFIDENTIAL", "CONFIDENTIAL"]
    top, bottom = banners.nth(0).bounding_box(), banners.nth(1).bounding_box()
    assert top["y"] == 0 and bottom["y"] + bottom["height"] == 860
    title = page.locator(".cablemap-title").bounding_box()
    assert title["y"] >= top["height"]  # controls sit clear of the banner


@pytest.mark.browser
def test_search_finds_a_mentioned_place_and_opens_its_popup(
    browser: object, open_offline: object, seed_file: Path
) -> None:
    page, _, errors = open_offline(browser, seed_file)
    page.locator(".leaflet-control-search .search-button").click()
    page.locator(".leaflet-control-search input").press_sequentially("Pot", delay=30)
    tip = page.locator(".search-tip", has_text="Poti").first
    tip.wait_for(timeout=5000)
    tip.click()
    popup = page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    assert popup.inner_text().startswith("Poti")
    assert errors == []


@pytest.mark.browser
def test_measure_tool_opens_without_errors(browser: object, open_offline: object, seed_file: Path) -> None:
    page, _, errors = open_offline(browser, seed_file)
    page.locator(".leaflet-control-measure").hover()
    page.locator(".leaflet-control-measure .js-start").click()
    assert page.locator(".leaflet-control-measure .js-measuringprompt").is_visible()
    assert errors == []


@pytest.mark.browser
def test_clusters_render(browser: object, open_offline: object, tmp_path: Path) -> None:
    m = maps.cable_map(title={}, places=_many_places(120), assets=EMPTY, zones=EMPTY)
    page, requests, errors = open_offline(browser, _write(tmp_path, "many.html", m))
    assert errors == [] and requests == []
    assert page.locator(".marker-cluster").count() > 0


@pytest.mark.browser
def test_small_map_folds_its_legend(browser: object, seed_file: Path, open_offline: object) -> None:
    context = browser.new_context(viewport={"width": 600, "height": 450})
    try:
        page, _, errors = open_offline(context.new_page(), seed_file)
        assert page.locator(".cablemap-legend details").evaluate("d => d.open") is False
        assert errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_zoomed_out_to_half_symbols_and_text_stay_legible(
    browser: object, seed_file: Path, open_offline: object
) -> None:
    sizes = {}
    for ratio in (1, 0.5):
        context = browser.new_context(viewport={"width": int(1280 / ratio), "height": int(860 / ratio)},
                                      device_scale_factor=ratio)
        try:
            page, _, errors = open_offline(context.new_page(), seed_file)
            icon = page.locator(".cablemap-icon svg").first.bounding_box()
            font = page.locator(".cablemap-title").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            sizes[ratio] = (icon["width"] * ratio, font * ratio)  # in device pixels
            assert errors == []
        finally:
            context.close()
    assert sizes[0.5][0] >= 0.75 * sizes[1][0]  # icons keep most of their size on screen
    assert sizes[0.5][1] >= 8
