"""Where an area "is": the point conventions a geoparse can report (GeoNames, Wikipedia, centroid).

Benchmarks and users place a country at different points: GeoNames' own (Canada at
60.1 N 113.6 W, Japan at Tokyo; the store's ``lon``/``lat``), Wikipedia's (the
published geographic coordinates, which follow the CIA World Factbook's for most
countries: ``factbook_coordinates.tsv``), or the polygon's centre. Only areas differ;
a town, a line or a point feature stands at its own point under every convention.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import geopandas as gpd
import numpy as np
import shapely

from ._store import data_file

CONVENTIONS = ("geonames", "wikipedia", "centroid")
_DMS = re.compile(r"(\d+) (\d+) ([NS]), (\d+) (\d+) ([EW])")
#: Kinds whose polygon is an area a single point stands for.
_AREA_KINDS = ("country", "region")


@cache
def factbook_points() -> dict[str, tuple[float, float]]:
    """ISO2 -> (lon, lat): the World Factbook's geographic coordinates of each country."""
    out = {}
    with data_file("factbook_coordinates.tsv").open(encoding="utf-8") as f:
        next(f)
        for line in f:
            iso, _, text = line.rstrip("\n").split("\t")
            m = _DMS.fullmatch(text)
            if m:
                lat = (int(m[1]) + int(m[2]) / 60) * (-1 if m[3] == "S" else 1)
                lon = (int(m[4]) + int(m[5]) / 60) * (-1 if m[6] == "W" else 1)
                out[iso] = (round(lon, 5), round(lat, 5))
    return out


def main_part_centroid(geom: shapely.Geometry) -> tuple[float, float]:
    """(lon, lat) of the centroid of *geom*'s largest part in EPSG:6933, or a point on it when outside."""
    part = gpd.GeoSeries([geom], crs=4326).to_crs(6933).explode(index_parts=False)
    biggest = part.iloc[int(np.argmax(part.area.to_numpy()))]
    centre = shapely.centroid(biggest)
    if not shapely.contains(biggest, centre):
        centre = shapely.point_on_surface(biggest)
    point = gpd.GeoSeries([centre], crs=6933).to_crs(4326).iloc[0]
    return round(point.x, 5), round(point.y, 5)


class AreaPoints:
    """The point of a record under a convention; areas' centroids are computed once each."""

    def __init__(self, kinds, countries, geometry: Callable[[int], shapely.Geometry], lon: np.ndarray,
                 lat: np.ndarray):
        self._kinds, self._countries, self._geometry = kinds, countries, geometry
        self._lon, self._lat = lon, lat
        self._centroids: dict[int, tuple[float, float]] = {}

    def point(self, row: int, convention: str = "geonames") -> tuple[float, float]:
        """(lon, lat) of record *row*; *convention* is one of :data:`CONVENTIONS`."""
        if convention not in CONVENTIONS:
            raise ValueError(f"unknown point convention {convention!r} (one of {', '.join(CONVENTIONS)})")
        own = float(self._lon[row]), float(self._lat[row])
        if convention == "geonames" or self._kinds[row] not in _AREA_KINDS:
            return own
        if convention == "wikipedia":
            return factbook_points().get(self._countries[row], own) if self._kinds[row] == "country" else own
        geom = self._geometry(row)
        if shapely.get_type_id(geom) not in (3, 6):
            return own
        if row not in self._centroids:
            self._centroids[row] = main_part_centroid(geom)
        return self._centroids[row]
