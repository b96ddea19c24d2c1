"""to_html: one self-contained document, or a loud error naming what would need the network."""

from __future__ import annotations

from html.parser import HTMLParser

import folium
import geopandas as gpd
import pytest

import maps
from maps import MapsError, OfflineAssetMissing

EMPTY = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
#: A real Leaflet release that folium-offline 0.20.0.2 does not carry.
UNKNOWN_CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"


class _Fetching(HTMLParser):
    """Every src/href attribute in the markup (script and style bodies are not markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [(tag, k, v or "") for k, v in attrs if k in ("src", "href", "srcset", "data", "poster")]


def external_refs(html: str) -> list[tuple[str, str, str]]:
    parser = _Fetching()
    parser.feed(html)
    return [r for r in parser.refs if r[2].startswith(("http:", "https:", "//"))]


def _empty_map(**kwargs: object) -> folium.Map:
    return maps.cable_map(title={"refid": "08BAKU812"}, places=EMPTY, assets=EMPTY, zones=EMPTY, **kwargs)


def test_seed_map_is_one_document_with_nothing_external(seed_html: str) -> None:
    assert external_refs(seed_html) == []
    assert "<link" not in seed_html
    assert "<script src" not in seed_html
    assert "@import" not in seed_html
    assert seed_html.count("<script") == seed_html.count("</script>")
    assert "Leaflet 1.9.3" in seed_html  # inlined from folium-offline


def test_seed_map_is_small(seed_html: str) -> None:
    size = len(seed_html.encode("utf-8"))
    assert size < 1_500_000, f"{size} bytes"


def test_unused_folium_assets_are_dropped(seed_html: str) -> None:
    for marker in ("jQuery v", "Bootstrap  v", "Bootstrap v", "Font Awesome", "awesome-marker", "glyphicon"):
        assert marker not in seed_html, marker


def test_online_html_links_leaflet_from_its_cdn() -> None:
    html = maps.to_html(_empty_map(), offline=False)
    assert 'src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"' in html
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()


def test_asset_missing_from_the_manifest_is_named() -> None:
    m = _empty_map()
    m.default_js = [("leaflet", UNKNOWN_CDN)]
    with pytest.raises(OfflineAssetMissing, match="leaflet@1.9.4") as caught:
        maps.to_html(m)
    assert isinstance(caught.value, FileNotFoundError)
    assert caught.value.url == UNKNOWN_CDN


def test_anything_else_external_is_refused() -> None:
    m = _empty_map()
    m.get_root().html.add_child(folium.Element('<img src="https://example.org/logo.png">'))
    with pytest.raises(MapsError, match="example.org/logo.png"):
        maps.to_html(m)
    m = _empty_map()
    m.get_root().header.add_child(folium.Element("<style>@import 'x.css';</style>"))
    with pytest.raises(MapsError, match="@import"):
        maps.to_html(m)


def test_osm_tiles_are_opt_in_and_assets_still_inline() -> None:
    offline = maps.to_html(_empty_map())
    assert "tile.openstreetmap.org" not in offline
    html = maps.to_html(_empty_map(tiles="osm"))
    assert "tile.openstreetmap.org" in html
    assert external_refs(html) == []


def test_rendering_twice_gives_the_same_document() -> None:
    m = _empty_map()
    assert maps.to_html(m) == maps.to_html(m)
