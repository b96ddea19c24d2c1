"""The store image: what a process maps instead of decoding the store reads back as the store itself."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from gazetteer import Gazetteer
from gazetteer._image import (
    IMAGE_VERSION,
    Coded,
    TextColumn,
    _runs,
    cache_dir,
    fingerprint,
    load_image,
    remembered_fingerprint,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.bundled()


def _same_frames(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    assert list(got.index) == list(want.index)
    for col in want.columns:
        if col == "geometry":
            assert all(shapely.equals_exact(a, b, 0) for a, b in zip(got.geometry, want.geometry))
        elif col == "names":
            assert [None if v is None else list(v) for v in got[col]] == [None if v is None else list(v)
                                                                           for v in want[col]]
        else:
            assert got[col].tolist() == want[col].tolist(), col
            assert got[col].dtype == want[col].dtype, col


def test_a_few_scattered_rows_read_one_by_one_equal_the_whole_store(gaz):
    rows = np.random.default_rng(16).choice(len(gaz.records), 300, replace=False)
    _same_frames(gaz.take(rows), gaz.records.iloc[rows])


def test_long_runs_of_rows_read_column_by_column_equal_the_whole_store(gaz):
    rows = gaz.rows_of_kind("asset")
    assert len(_runs(rows)) <= 3  # the store keeps a kind together
    _same_frames(gaz.take(rows), gaz.records.iloc[rows])


def test_columns_of_the_image_answer_like_numpy_arrays():
    coded = Coded.of(np.array(["place", "asset", "place", "country"]))
    assert coded[2] == "place" and coded[np.array([3, 1])].tolist() == ["country", "asset"]
    text = TextColumn.of(["geonames:611717", "Tbilisi", "Ḥalab", ""])
    assert text[2] == "Ḥalab" and text[3] == "" and text[np.array([1, 0])].tolist() == ["Tbilisi", "geonames:611717"]
    assert _runs(np.array([4, 5, 6, 9, 2, 3])) == [(4, 7), (9, 10), (2, 4)]


def test_no_rows_read_with_the_stores_column_types(gaz):
    none, one = gaz.take(np.array([], dtype=np.int64)), gaz.take([0])
    assert len(none) == 0 and none.dtypes.to_dict() == one.dtypes.to_dict()


def test_record_ids_and_rows_agree(gaz):
    rows = np.array([0, 17, len(gaz.records) - 1])
    ids = gaz.records["id"].to_numpy()[rows]
    assert gaz.rows_of(ids).tolist() == rows.tolist()
    assert gaz.row_of("geonames:no-such-record") is None and gaz.rows_of(["nope"]).tolist() == [-1]
    assert gaz.record(ids[1])["id"] == ids[1]
    with pytest.raises(KeyError):
        gaz.record("nope")


def test_a_damaged_image_is_not_read(gaz, tmp_path):
    folder = next(f for f in cache_dir().glob("image-*")
                  if json.loads((f / "image.json").read_text())["version"] == IMAGE_VERSION)
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    assert load_image(copy) is not None
    (copy / "ids.offsets.npy").unlink()  # as a build killed half-way would leave it
    assert load_image(copy) is None


def test_a_remembered_fingerprint_is_the_files_own_until_one_of_them_changes(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    files = [data / "records.parquet", data / "demonyms.tsv"]
    files[0].write_bytes(b"records")
    files[1].write_bytes(b"demonyms")
    cache = tmp_path / "cache"
    first = remembered_fingerprint(cache, files)
    assert first == fingerprint(*files)
    with monkeypatch.context() as m:  # remembered: the files are not read again
        m.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
        assert remembered_fingerprint(cache, files) == first
    files[1].write_bytes(b"demonyms, changed")
    assert remembered_fingerprint(cache, files) == fingerprint(*files) != first
    (cache / "fingerprints.json").write_text("{not json", encoding="utf-8")  # a broken memo is only a miss
    assert remembered_fingerprint(cache, files) == fingerprint(*files)
