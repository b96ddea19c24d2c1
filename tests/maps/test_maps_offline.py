"""to_html: one self-contained document, or a loud error naming what would need the network."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

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


_MAP_IN_A_NEW_PROCESS = """
import sys
from pathlib import Path

import maps

maps.keep_asset_copies_in(Path(sys.argv[1]))
sys.path.insert(0, sys.argv[2])
from maps_seed import seed_inputs

Path(sys.argv[3]).write_text(maps.to_html(maps.cable_map(**seed_inputs().kwargs())), encoding="utf-8")
print("offlinefolium" in sys.modules)
"""


def _without_ids(html: str) -> str:
    return re.sub(r"_[0-9a-f]{32}", "_", html)  # folium names each element with a random id


def test_kept_asset_copies_make_the_same_map_without_importing_folium_offline(tmp_path, seed_html: str) -> None:
    cache, page = tmp_path / "cache", tmp_path / "map.html"

    def library_imported() -> bool:
        out = subprocess.run([sys.executable, "-c", _MAP_IN_A_NEW_PROCESS, str(cache), str(Path(__file__).parent),
                              str(page)], capture_output=True, text=True, check=True).stdout
        assert _without_ids(page.read_text(encoding="utf-8")) == _without_ids(seed_html)
        return out.strip() == "True"

    assert library_imported()  # the first map takes the copies from the library and keeps them
    (kept,) = cache.glob("offline-assets-*.json")
    assert not library_imported()
    kept.write_text('{"broken', encoding="utf-8")  # a damaged file is only a miss, and is written anew
    assert library_imported()
    assert len(json.loads(kept.read_text(encoding="utf-8"))) >= 10
