"""Where a corpus run keeps its work: one Parquet part per finished batch, then one GeoParquet file.

``OUT.parquet.parts/`` holds ``manifest.json`` (what the run reads and how it is batched) and
``part-NNNNNNNN.parquet`` for each finished batch, written to a temporary file and renamed, so
a part is either whole or absent whatever moment the run is killed. A rerun with the same
input and options skips the batches that have a part. When every batch has one, the parts
are combined (again through a temporary file and a rename) into ``OUT.parquet``, the
unreadable cables into ``OUT.errors.tsv``, and the parts directory is removed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pyproj import CRS

from .._io import atomic_writer
from ..errors import CablemapError
from .batch import SCHEMA, BatchResult

_META_KEY = b"cablemap"
_ROW_GROUP = 100_000
ERRORS_HEADER = "position\trefid\twhere\treason\n"


class CorpusStoreError(CablemapError):
    """The parts directory belongs to another run, or the output cannot be written."""


def geo_metadata() -> bytes:
    """GeoParquet 1.0 metadata for the ``geometry`` column (WKB points, EPSG:4326)."""
    return json.dumps({
        "version": "1.0.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": ["Point"],
                "crs": CRS.from_epsg(4326).to_json_dict(),
            }
        },
    }).encode()


def errors_path(output: Path) -> Path:
    """``OUT.errors.tsv`` next to ``OUT.parquet``."""
    return output.with_name(output.name.removesuffix(".parquet") + ".errors.tsv")


class PartStore:
    """The parts directory of one output: manifest, finished batches, final combine."""

    def __init__(self, output: str | os.PathLike, manifest: dict[str, Any], restart: bool = False) -> None:
        self.output = Path(output)
        if not self.output.parent.is_dir():
            raise CorpusStoreError(f"{self.output.parent}: no such directory for the output")
        self.dir = self.output.with_name(self.output.name + ".parts")
        if restart and self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(exist_ok=True)
        for stale in self.dir.glob(".*.tmp"):
            stale.unlink()
        self._check_manifest(manifest)

    def _check_manifest(self, manifest: dict[str, Any]) -> None:
        path = self.dir / "manifest.json"
        if path.exists():
            try:
                old = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                old = None
            if old != manifest:
                raise CorpusStoreError(
                    f"{self.dir} holds an unfinished run of other input or options; "
                    "rerun with the same arguments, or add --restart to start over"
                )
            return
        with atomic_writer(path) as f:
            json.dump(manifest, f, indent=1, sort_keys=True)

    def _part(self, index: int) -> Path:
        return self.dir / f"part-{index:08d}.parquet"

    def done(self) -> set[int]:
        """Indexes of the batches that have a part."""
        return {int(p.stem.split("-")[1]) for p in self.dir.glob("part-*.parquet")}

    def write(self, result: BatchResult) -> None:
        """Store one finished batch (its mentions, errors and counts) atomically."""
        info = {
            "errors": result.errors, "cables": result.cables, "find_seconds": result.find_seconds,
            "seconds": result.seconds, "unmatched": result.unmatched,
        }
        table = result.table.replace_schema_metadata({_META_KEY: json.dumps(info).encode()})
        with atomic_writer(self._part(result.index), binary=True) as f:
            pq.write_table(table, f, compression="zstd")

    def combine(self, batches: int) -> dict[str, Any]:
        """Write ``OUT.parquet`` and ``OUT.errors.tsv`` from parts ``0..batches-1``; remove the parts.

        Returns the totals: cables, mentions, errors, worker seconds, find seconds, unmatched overrides.
        """
        missing = [i for i in range(batches) if not self._part(i).exists()]
        if missing:
            raise CorpusStoreError(f"{len(missing)} batches have no part (first: {missing[0]}); rerun to finish")
        totals: dict[str, Any] = {"cables": 0, "mentions": 0, "errors": 0, "seconds": 0.0, "find_seconds": 0.0}
        unmatched: dict[str, None] = {}
        schema = SCHEMA.with_metadata({b"geo": geo_metadata()})
        with atomic_writer(self.output, binary=True) as out, atomic_writer(errors_path(self.output)) as err:
            err.write(ERRORS_HEADER)
            writer = pq.ParquetWriter(out, schema, compression="zstd")
            pending: list[pa.Table] = []
            rows = 0
            for i in range(batches):
                part = pq.read_table(self._part(i))
                info = json.loads(part.schema.metadata[_META_KEY])
                for position, refid, where, reason in info["errors"]:
                    err.write(f"{position}\t{_cell(refid)}\t{_cell(where)}\t{_cell(reason)}\n")
                totals["cables"] += info["cables"]
                totals["errors"] += len(info["errors"])
                totals["seconds"] += info["seconds"]
                totals["find_seconds"] += info["find_seconds"]
                unmatched.update(dict.fromkeys(info["unmatched"]))
                pending.append(part.replace_schema_metadata(None))
                rows += part.num_rows
                if rows >= _ROW_GROUP:
                    writer.write_table(pa.concat_tables(pending).cast(schema))
                    totals["mentions"] += rows
                    pending, rows = [], 0
            if pending:
                writer.write_table(pa.concat_tables(pending).cast(schema))
                totals["mentions"] += rows
            writer.close()
        shutil.rmtree(self.dir)
        totals["unmatched"] = list(unmatched)
        return totals


def _cell(value: object) -> str:
    return " ".join(str(value).split())
