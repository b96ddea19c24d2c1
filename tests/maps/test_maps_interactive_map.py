"""cable_map: the contract (columns, CRS, grouping, layers, legend, view) on the seed-like inputs."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
import shapely
from maps_seed import POTI, Inputs

import maps
from maps import MapsError

EMPTY = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")


def _fit_bounds(html: str) -> tuple[float, float, float, float]:
    """(south, west, north, east) of the map's fitBounds call."""
    m = re.search(r"map_[0-9a-f]+\.fitBounds\(\[\[([-\d.e]+),([-\d.e]+)\],\[([-\d.e]+),([-\d.e]+)\]\]", html)
    assert m, "no fitBounds in the map"
    return tuple(float(x) for x in m.groups())


def _control_html(html: str, marker: str) -> str:
    """The decoded innerHTML of the control whose HTML contains *marker*."""
    for literal in re.findall(r'div\.innerHTML = (".*?");\n', html):
        text = json.loads(literal)
        if marker in text:
            return text
    raise AssertionError(f"no control containing {marker!r}")


def _popups(html: str) -> int:
    return html.count('class=\\"cablemap-popup-name\\"')


def test_one_feature_per_cited_record_and_per_asset(seed: Inputs, seed_html: str) -> None:
    assert len(seed.places) == 46
    assert seed.places["source"].nunique() == 15
    assert _popups(seed_html) == 15 + len(seed.assets)


def test_layers_title_and_attribution(seed_html: str) -> None:
    for layer in ("Basemap", "Zones", "Regions \\u0026 countries", "Mentioned places", "Assets"):
        assert f'"{layer}" :' in seed_html
    assert "08BAKU812" in seed_html and "Embassy Baku" in seed_html
    attribution = json.loads(re.search(r"map_[0-9a-f]+\.attributionControl\.addAttribution\((.*)\);", seed_html)[1])
    for credit in ("GeoNames", "CC BY 4.0", "Global Energy Monitor", "Natural Earth"):
        assert credit in attribution


def test_citations_are_capped_and_demonym_only_records_flagged(seed_html: str) -> None:
    assert "+3 more" in seed_html  # Russia: 11 sentences, 8 shown
    assert seed_html.count("named only by a demonym") == 1  # Kazakhstan ("the Kazakhs")


def test_view_fits_local_places_not_whole_countries(seed: Inputs, seed_html: str) -> None:
    south, west, north, east = _fit_bounds(seed_html)
    view = shapely.box(west, south, east, north)
    local = seed.places[seed.places["kind"] != "country"]
    must_see = [*local.geometry, *seed.zones.geometry, *seed.assets[seed.assets["mentioned"]].geometry]
    assert all(view.contains(g) for g in must_see)
    russia = seed.places.loc[seed.places["name"] == "Russia", "geometry"].iloc[0]
    assert east < russia.bounds[2] / 2 and north < 50  # Russia reaches 180E and 82N
    assert view.area < 0.2 * shapely.box(*russia.bounds).area


def test_view_falls_back_to_everything_then_the_world(seed: Inputs) -> None:
    countries = seed.places[seed.places["kind"] == "country"]
    html = maps.to_html(maps.cable_map(title={}, places=countries, assets=EMPTY, zones=EMPTY))
    south, west, north, east = _fit_bounds(html)
    assert west < 21 and east > 170  # Kosovo to Chukotka: only countries were cited
    south, west, north, east = _fit_bounds(
        maps.to_html(maps.cable_map(title={}, places=EMPTY, assets=EMPTY, zones=EMPTY))
    )
    assert (west, east) == (-180, 180)


def test_legend_lists_only_symbols_in_use(seed: Inputs) -> None:
    html = maps.to_html(maps.cable_map(**seed.kwargs()))
    legend = _control_html(html, "Legend")
    for used in (
        "Gas pipeline",
        "Oil pipeline — mentioned",
        "Port — mentioned",
        "Terminal",
        "Military base",
        "Airport",
        "Zone",
        "Country outline",
        "Country outline, low confidence",
        "Region",
        "Place",
        "Land (Natural Earth)",
    ):
        assert used in legend, used
    assert "Railway" not in legend and "Feature" not in legend
    zones_only = maps.to_html(maps.cable_map(title={}, places=EMPTY, assets=EMPTY, zones=seed.zones))
    legend = _control_html(zones_only, "Legend")
    assert "Zone" in legend and "pipeline" not in legend and "Place" not in legend


def test_empty_layers_are_left_out(seed: Inputs) -> None:
    html = maps.to_html(maps.cable_map(title={}, places=EMPTY, assets=seed.assets, zones=EMPTY))
    assert '"Assets" :' in html and '"Basemap" :' in html
    assert '"Zones" :' not in html and '"Mentioned places" :' not in html


def test_basemap_is_clipped_to_the_surroundings(seed_html: str) -> None:
    assert len(seed_html) < 700_000  # about 230 KB of it are the plugins (measure, search, overview map)
    world = maps.to_html(maps.cable_map(title={}, places=EMPTY, assets=EMPTY, zones=EMPTY))
    assert len(world) > len(seed_html)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.places.drop(columns="sentence"), "places lacks column.*sentence"),
        (lambda s: s.places.to_crs(3857), "places must be in EPSG:4326"),
        (lambda s: s.places.assign(source=None), "needs a source"),
    ],
)
def test_bad_places_raise_one_line(seed: Inputs, change: object, message: str) -> None:
    kwargs = seed.kwargs() | {"places": change(seed)}
    with pytest.raises(MapsError, match=message) as caught:
        maps.cable_map(**kwargs)
    assert "\n" not in str(caught.value)


def test_bad_title_tiles_attribution_raise(seed: Inputs) -> None:
    with pytest.raises(MapsError, match="unknown key.*tags"):
        maps.cable_map(**seed.kwargs() | {"title": {"refid": "08BAKU812", "tags": "AJ"}})
    with pytest.raises(MapsError, match="unknown tiles 'google'"):
        maps.cable_map(**seed.kwargs() | {"tiles": "google"})
    with pytest.raises(MapsError, match="without a name"):
        maps.cable_map(**seed.kwargs() | {"attribution": [{"licence": "CC BY 4.0"}]})
    with pytest.raises(MapsError, match="must be a GeoDataFrame"):
        maps.cable_map(**seed.kwargs() | {"zones": seed.zones.drop(columns="geometry")})


def test_rows_without_geometry_are_not_drawn(seed: Inputs) -> None:
    places = seed.places.copy()
    places.loc[places["name"] == "Poti", "geometry"] = None
    html = maps.to_html(maps.cable_map(**seed.kwargs() | {"places": places}))
    assert _popups(html) == 14 + len(seed.assets)
    assert f"{POTI[1]},{POTI[0]}" not in html.replace(" ", "")
