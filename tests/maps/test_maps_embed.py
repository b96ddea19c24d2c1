"""The embed fragment: no page of its own, nothing leaks into the host, two maps side by side."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from maps_seed import Inputs
from test_maps_offline import external_refs

import maps
from maps import MapsError

HOST_STYLE = """<style>
body{margin:13px;font-family:Georgia,serif;font-size:17px;color:rgb(40,50,60);background:rgb(250,240,230)}
h1{font-size:31px;color:rgb(120,10,10)} a{color:rgb(0,128,0)} p{line-height:29px}
table{border-collapse:separate} td{padding:7px}
</style>"""
HOST_BODY = '<h1 id="h">Host page</h1><p id="p">Text with <a id="a" href="#x">a link</a>.</p>'
_PROBE = """() => {
  const pick = (id, props) => { const s = getComputedStyle(document.getElementById(id));
    return props.map(p => s.getPropertyValue(p)); };
  return {body: pick("body", ["margin", "font-family", "font-size", "color", "background-color"]),
          h: pick("h", ["font-size", "color", "font-family"]), a: pick("a", ["color"]),
          p: pick("p", ["line-height", "font-size"])};
}"""


@pytest.fixture(scope="module")
def seed_map(seed: Inputs) -> object:
    return maps.cable_map(**seed.kwargs())


def _host(tmp_path: Path, *fragments: str) -> Path:
    body = HOST_BODY + "".join(f'<section style="width:700px">{f}</section><p>between</p>' for f in fragments)
    path = tmp_path / f"host{len(fragments)}.html"
    path.write_text(f'<!DOCTYPE html><html><head>{HOST_STYLE}</head><body id="body">{body}</body></html>')
    return path


def test_fragment_has_no_page_of_its_own(seed_map: object) -> None:
    fragment = maps.to_fragment(seed_map)
    for tag in ("<!DOCTYPE", "<html", "<head", "<body", "<meta", "<title"):
        assert tag.lower() not in fragment.lower(), tag
    assert not re.search(r"html,\s*body", fragment)
    assert not re.search(r"(^|[}\s])\.leaflet-container\s*\{\s*font-size", fragment)  # folium's page-wide rule
    assert external_refs(fragment) == []
    assert fragment.count("<script") == fragment.count("</script>")


def test_each_fragment_has_its_own_ids(seed_map: object) -> None:
    ids = [set(re.findall(r'id="(map_[0-9a-f]+)"', maps.to_fragment(seed_map))) for _ in range(2)]
    assert len(ids[0]) == len(ids[1]) == 1 and ids[0] != ids[1]


def test_bad_height_is_refused(seed_map: object) -> None:
    with pytest.raises(MapsError, match="CSS length"):
        maps.to_fragment(seed_map, height='1px"><script>')


@pytest.mark.browser
def test_two_fragments_work_side_by_side_and_leave_the_host_alone(
    browser: object, open_offline: object, seed_map: object, seed: Inputs, tmp_path: Path
) -> None:
    plain, _, _ = open_offline(browser, _host(tmp_path))
    before = plain.evaluate(_PROBE)
    other = maps.cable_map(title={"refid": "OTHER"}, places=seed.places.head(3), assets=seed.assets.head(0),
                           zones=seed.zones)
    page, requests, errors = open_offline(browser, _host(tmp_path, maps.to_fragment(seed_map), maps.to_fragment(other)))
    assert errors == [] and requests == []
    assert page.evaluate(_PROBE) == before
    containers = page.locator(".folium-map")
    assert containers.count() == 2
    for i in range(2):
        box = containers.nth(i).bounding_box()
        assert box["width"] == 700 and box["height"] == 560
        assert containers.nth(i).locator(".leaflet-cablemap-zones-pane path.leaflet-interactive").count() == 2
        assert containers.nth(i).locator(".cablemap-banner").count() == 2
    assert containers.nth(0).locator(".leaflet-marker-icon.cablemap-icon").count() == 6
    assert "OTHER" in containers.nth(1).locator(".cablemap-title").inner_text()
    assert "08BAKU812" in containers.nth(0).locator(".cablemap-title").inner_text()
    loaded = page.evaluate("Object.keys(window.cablemapAssets)")
    assert "npm/leaflet@1.9.3/dist/leaflet.js" in loaded
    assert page.locator("script[data-cablemap-asset='npm/leaflet@1.9.3/dist/leaflet.js']").count() == 2  # ran once
