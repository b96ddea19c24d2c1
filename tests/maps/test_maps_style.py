"""Symbols: every asset subkind and record kind is told apart, mentioned assets stand out."""

from __future__ import annotations

import itertools

import pytest
import shapely

from maps import _style
from maps._basemap import land
from maps._extent import Extent

CAUCASUS = Extent(view=(39.0, 40.0, 47.0, 44.0), window=(31.0, 32.0, 55.0, 52.0))
WORLD = Extent(view=(-180.0, -60.0, 180.0, 75.0), window=(-180.0, -85.0, 180.0, 85.0))


def test_line_assets_differ_by_colour_and_dash() -> None:
    styles = {k: _style.line_asset_style(k, mentioned=False)[1] for k in ("pipeline-oil", "pipeline-gas", "railway")}
    assert len({s["color"] for s in styles.values()}) == 3
    assert "dashArray" not in styles["pipeline-oil"]
    assert styles["pipeline-gas"]["dashArray"] != styles["railway"]["dashArray"]
    assert styles["railway"]["color"] == "#212529"  # dark


@pytest.mark.parametrize("subkind", ["pipeline-oil", "pipeline-gas", "railway", "power-line"])
def test_mentioned_lines_are_heavier(subkind: str) -> None:
    _, plain, plain_label = _style.line_asset_style(subkind, mentioned=False)
    _, loud, loud_label = _style.line_asset_style(subkind, mentioned=True)
    assert loud["weight"] > plain["weight"] and loud["opacity"] >= plain["opacity"]
    assert loud_label == plain_label + " — mentioned"


def test_point_assets_have_distinct_inline_svg_icons() -> None:
    icons = {k: _style.point_asset_icon(k, mentioned=False) for k in ("terminal", "port", "base", "airport", "depot")}
    htmls = [options["html"] for _, options, _ in icons.values()]
    assert len(set(htmls)) == 5
    assert all(h.startswith("<svg") and "href" not in h and "src" not in h for h in htmls)
    assert icons["depot"][2] == "Other point asset"
    _, loud, _ = _style.point_asset_icon("port", mentioned=True)
    assert loud["iconSize"][0] > icons["port"][1]["iconSize"][0]
    assert loud["iconAnchor"] == [s // 2 for s in loud["iconSize"]]


def test_countries_are_outlines_and_uncertain_records_dashed() -> None:
    _, country, label = _style.place_style("country", "polygon", 0.99)
    assert country["fill"] is False and label == "Country outline"
    _, region, _ = _style.place_style("region", "polygon", 0.99)
    assert 0 < region["fillOpacity"] <= 0.2
    _, low, low_label = _style.place_style("place", "point", 0.3)
    assert "dashArray" in low and low_label == "Place, low confidence"
    keys = {
        _style.place_style(k, f, c)[0] for k, f, c in itertools.product(_style.KINDS, ("point", "polygon"), (0.3, 0.9))
    }
    assert len(keys) == len(_style.KINDS) * 4
    assert _style.place_style("__proto__", "point", 0.9)[0] == "place-other-point"


def test_legend_escapes_labels_and_keeps_first_use_order() -> None:
    legend = _style.Legend()
    legend.add("Assets", "<b>Port</b>", "<svg></svg>")
    legend.add("Zones", "Zone", "<svg></svg>")
    legend.add("Assets", "<b>Port</b>", "<svg>other</svg>")
    html = legend.html()
    assert "&lt;b&gt;Port&lt;/b&gt;" in html and "<b>" not in html
    assert html.index("Assets") < html.index("Zones") and "other" not in html


def test_basemap_is_cut_to_the_window_and_keeps_shared_borders() -> None:
    polygons = land(CAUCASUS)
    assert 10 < len(polygons) < 40
    assert shapely.box(*CAUCASUS.window).buffer(1e-9).contains(shapely.union_all(polygons))
    assert shapely.coverage_is_valid(polygons)  # neighbours share their borders exactly: no slivers
    georgia = [p for p in polygons if p.contains(shapely.Point(44.8, 41.7))]  # Tbilisi
    assert len(georgia) == 1


def test_world_basemap_is_simplified_for_its_scale() -> None:
    world = land(WORLD)
    caucasus = land(CAUCASUS)
    assert len(world) > 200
    per_polygon = shapely.get_num_coordinates(world).sum() / len(world)
    assert per_polygon < shapely.get_num_coordinates(caucasus).sum() / len(caucasus)


#: Okabe & Ito's colour-blind-safe palette, plus the neutrals and the dark brown the map uses.
SAFE = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}
NEUTRAL = {"#212529", "#555555", "#999999", "#8c510a"}


def test_palette_is_colour_blind_safe() -> None:
    colours = {c for c, _ in _style.KINDS.values()} | {_style.ZONE["color"]}
    colours |= {c for c, _, _ in _style.LINE_ASSETS.values()} | {c for _, c, _, _ in _style.POINT_ASSETS.values()}
    assert colours <= SAFE | NEUTRAL, colours - SAFE - NEUTRAL


def test_symbols_differ_without_colour() -> None:
    """In greyscale print every asset kind still differs: point shapes and line dashes are all distinct."""
    markers = [_style.point_asset_marker(k)[1] for k in (*_style.POINT_ASSETS, "depot")]
    assert len(set(markers)) == len(markers)
    shapes = [shape for shape, _, _, _ in _style.POINT_ASSETS.values()]
    assert len(set(shapes)) == len(shapes)
    dashes = [dash for _, dash, _ in _style.LINE_ASSETS.values()]
    assert len(set(dashes)) == len(dashes)
    assert _style.ZONE["dashArray"] not in dashes and _style.ZONE["fillOpacity"] > 0


def test_every_asset_subkind_has_its_own_symbol_and_legend_label() -> None:
    subkinds = [k for k in _style.POINT_ASSETS]
    symbols = {(_style.POINT_ASSETS[k][0], _style.POINT_ASSETS[k][1]) for k in subkinds}
    labels = {_style.point_asset_icon(k, mentioned=False)[2] for k in subkinds}
    assert len(symbols) == len(subkinds) and len(labels) == len(subkinds)
    for k in ("air-base", "naval-base", "field", "dam", "nuclear-plant", "nuclear-facility", "refinery", "mine"):
        assert k in _style.POINT_ASSETS


def test_an_uncited_catalogued_asset_is_drawn_secondary() -> None:
    _, quiet, _ = _style.point_asset_icon("dam", mentioned=False)
    _, loud, _ = _style.point_asset_icon("dam", mentioned=True)
    assert quiet["iconSize"][0] < loud["iconSize"][0]
    assert 'fill-opacity="0.55"' in quiet["html"] and "fill-opacity" not in loud["html"]


def test_asset_popup_gives_status_owner_capacity_and_every_source_id_escaped() -> None:
    from maps._popups import asset_popup

    html = asset_popup(name="Mosul <Dam>", subkind="dam", source="GEM", accuracy_m=3000.0, note="", mentioned=False,
                       exposure="", status="operating", owner="<script>alert(1)</script>", capacity="1,052 MW",
                       source_ids="gem:L602183 gppd:WRI1008722")
    assert "status: operating" in html and "capacity: 1,052 MW" in html
    assert "gem:L602183 gppd:WRI1008722" in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "Mosul &lt;Dam&gt;" in html
