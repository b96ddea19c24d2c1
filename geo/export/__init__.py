"""Writing layers in the formats analysts open (:mod:`.formats`): tables, GeoJSON, GeoPackage,
GeoParquet, KML/KMZ (:mod:`.kml`), with QGIS and SLD styles (:mod:`.styles`).
"""

from __future__ import annotations

from .formats import FORMAT_NAMES, output_format, write_gpkg, write_layers

__all__ = ["FORMAT_NAMES", "output_format", "write_gpkg", "write_layers"]
