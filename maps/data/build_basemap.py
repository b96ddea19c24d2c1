"""Rebuild ``ne_50m_countries.wkb.gz`` from Natural Earth, and ``world_land.wkb.gz`` from it
(build-time only, never imported).

Run from the project root: ``python maps/data/build_basemap.py ../shared/data/naturalearth``.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

SOURCE = "ne_50m_admin_0_countries.geojson"
TARGET = Path(__file__).with_name("ne_50m_countries.wkb.gz")
WORLD = Path(__file__).with_name("world_land.wkb.gz")
#: coverage_simplify tolerance (degrees); keeps shared borders shared.
TOLERANCE = 0.03
#: decimals kept (0.001 degree is about 100 m, far below the 1:50m source's own accuracy).
DECIMALS = 3


def main(folder: str) -> None:
    """Write the reduced basemap next to this script."""
    src = gpd.read_file(Path(folder) / SOURCE)
    geoms = shapely.coverage_simplify(src.geometry.values, TOLERANCE)
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, DECIMALS))
    TARGET.write_bytes(gzip.compress(shapely.to_wkb(shapely.GeometryCollection(list(geoms))), mtime=0))
    write_world_land()


def write_world_land() -> None:
    """Write the coarse world land of the overview map (``maps._basemap.world_land``) beside the countries."""
    from maps._basemap import _countries, coarse_world_land

    _countries.cache_clear()
    land = shapely.MultiPolygon(list(coarse_world_land(_countries())))
    WORLD.write_bytes(gzip.compress(shapely.to_wkb(land), mtime=0))


if __name__ == "__main__":
    main(sys.argv[1])
