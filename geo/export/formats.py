"""Writing feature layers in the formats analysts open: table, CSV, GeoJSON, GeoPackage, KML, KMZ, GeoParquet.

Text formats and GeoParquet hold one layer (the command's main one); GeoPackage, KML and
KMZ hold every layer the command makes (places, assets, zones, exposure), each by name.
"""

from __future__ import annotations

import io
import sqlite3
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .._io import atomic_path, atomic_write, atomic_writer
from ..errors import OutputError
from .kml import kml_document, kmz_bytes
from .styles import qml, sld, symbols

FORMAT_NAMES = ("table", "csv", "geojson", "gpkg", "kml", "kmz", "parquet")
#: Formats that are files, never stdout.
BINARY_FORMATS = ("gpkg", "kmz", "parquet")
#: Formats that hold several named layers.
MULTI_LAYER = ("gpkg", "kml", "kmz")
_BY_SUFFIX = {
    ".csv": "csv", ".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".kml": "kml", ".kmz": "kmz",
    ".parquet": "parquet", ".geoparquet": "parquet",
}
#: The ``layer_styles`` table as QGIS creates it in a GeoPackage.
_LAYER_STYLES = """CREATE TABLE IF NOT EXISTS layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
    f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
    useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"""
_GEOMETRY_COLUMN = "geom"  # GDAL's GeoPackage default
#: GeoPackage 1.2: what every GDAL since 2.2 (so every QGIS 3) reads without a warning.
_GPKG_VERSION = "1.2"


def output_format(fmt: str | None, output: str | None) -> str:
    """The format asked for: *fmt*, else inferred from *output*'s extension, else ``table``.

    Raises
    ------
    OutputError
        For a binary format (gpkg, kmz, parquet) without an output file.
    """
    if fmt is None:
        fmt = _BY_SUFFIX.get(Path(output).suffix.lower(), "table") if output and output != "-" else "table"
    if fmt in BINARY_FORMATS and (not output or output == "-"):
        raise OutputError(f"--format {fmt} writes a binary file: give -o FILE.{fmt}")
    return fmt


def _gpkg_layers(path: Path) -> list[str]:
    import pyogrio
    from pyogrio.errors import DataSourceError

    try:
        listed = pyogrio.list_layers(path)
    except DataSourceError:
        raise OutputError(f"cannot append to {path}: not a GeoPackage") from None
    return [name for name, _ in listed if name != "layer_styles"]


def _merged(path: Path, layers: dict[str, gpd.GeoDataFrame], key: str) -> dict[str, gpd.GeoDataFrame]:
    """Every layer of the GeoPackage at *path*, with the rows of *layers* replacing those sharing their *key*."""
    merged = {}
    for name in _gpkg_layers(path):
        old = gpd.read_file(path, layer=name, engine="pyogrio")
        if name in layers:
            if key not in old.columns:
                raise OutputError(f"cannot append to {path}: its layer {name!r} has no {key!r} column")
            new = layers[name]
            old = old[~old[key].isin(new[key])]
            old = gpd.GeoDataFrame(pd.concat([old, new], ignore_index=True), geometry="geometry", crs=new.crs)
        merged[name] = old
    return merged | {name: frame for name, frame in layers.items() if name not in merged}


_STYLE_FIELDS = ("f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML",
                 "styleSLD", "useAsDefault", "description", "owner", "ui")


def _kept_styles(path: Path, restyled: set[str]) -> list[tuple]:
    """The ``layer_styles`` rows of *path* for layers other than *restyled* (kept on append)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'layer_styles'").fetchone():
            return []
        found = db.execute(f"SELECT {', '.join(_STYLE_FIELDS)} FROM layer_styles").fetchall()
    db.close()
    return [row for row in found if row[2] not in restyled]


def _write_styles(path: Path, layers: dict[str, gpd.GeoDataFrame], kept: list[tuple]) -> None:
    """One default QGIS style (QML and SLD) per layer in ``layer_styles``, registered in ``gpkg_contents``."""
    ours = [
        ("", "", name, _GEOMETRY_COLUMN, name, qml(used), sld(name, used), 1,
         f"cablemap: {name}, styled as on the HTML map", "", None)
        for name, used in ((name, symbols(name, frame)[1]) for name, frame in layers.items())
    ]
    with sqlite3.connect(path) as db:
        db.execute(_LAYER_STYLES)
        db.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
            "VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles', "
            "strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
        )
        db.executemany(
            f"INSERT INTO layer_styles ({', '.join(_STYLE_FIELDS)}) VALUES ({', '.join('?' * len(_STYLE_FIELDS))})",
            kept + ours,
        )
    db.close()


def write_gpkg(path: str, layers: dict[str, gpd.GeoDataFrame], append_key: str | None = None) -> None:
    """Write *layers* (name -> EPSG:4326 frame) to the GeoPackage *path*, each with its QGIS style.

    With *append_key* the file's other layers, rows and styles are kept: rows of a layer
    whose *append_key* value (e.g. ``refid``) is among the new rows' are replaced, so
    appending the same cable twice leaves no duplicate. The new file is written beside
    *path* and renamed onto it.
    """
    target = Path(path)
    every, kept = layers, []
    if append_key and target.exists():
        if not target.is_file():
            raise OutputError(f"cannot append to {path}: not a file")
        every = _merged(target, layers, append_key)
        kept = _kept_styles(target, set(layers))
    import pyogrio  # GDAL loads only when a GeoPackage is written

    with atomic_path(target) as tmp, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*(extension|conformant).*", category=RuntimeWarning)
        for i, (name, frame) in enumerate(every.items()):
            options = {} if i else {"dataset_options": {"VERSION": _GPKG_VERSION}}
            pyogrio.write_dataframe(frame, tmp, layer=name, driver="GPKG", **options)
        _write_styles(tmp, {n: every[n] for n in layers}, kept)


def write_layers(
    layers: dict[str, gpd.GeoDataFrame],
    main: pd.DataFrame,
    fmt: str,
    output: str | None,
    *,
    title: str,
    append_key: str | None = None,
) -> str | None:
    """Write a command's output: *main* in single-layer formats, *layers* in GeoPackage/KML/KMZ.

    Returns the text to print on stdout (table, CSV, GeoJSON, KML without *output*), else ``None``.
    """
    data: str | bytes
    if fmt == "gpkg":
        assert output is not None  # a binary format: output_format insists on a file
        write_gpkg(output, layers, append_key=append_key)
        return None
    if fmt in ("kml", "kmz"):
        kml = kml_document(layers, title)
        data = kmz_bytes(kml) if fmt == "kmz" else kml
    elif fmt == "parquet":
        assert output is not None  # a binary format: output_format insists on a file
        with atomic_writer(output, binary=True) as f:
            gpd.GeoDataFrame(main, geometry="geometry", crs="EPSG:4326").to_parquet(f, index=False)
        return None
    else:
        data = table_text(main, fmt)
    if not output or output == "-":
        return data.decode() if isinstance(data, bytes) else data
    atomic_write(output, data)
    return None


def table_text(frame: pd.DataFrame, fmt: str) -> str:
    """*frame* as a text table, CSV (with lon/lat) or GeoJSON."""
    if fmt == "geojson":
        return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326").to_json(drop_id=True, ensure_ascii=False) + "\n"
    plain = pd.DataFrame(frame.drop(columns="geometry"))
    if fmt == "csv":
        pts = frame.geometry.representative_point()
        buf = io.StringIO()
        plain.assign(lon=pts.x.round(6), lat=pts.y.round(6)).to_csv(buf, index=False)
        return buf.getvalue()
    if plain.empty:
        return "(none)\n"
    with pd.option_context("display.max_colwidth", 60, "display.width", 250):
        return plain.to_string(index=False) + "\n"

