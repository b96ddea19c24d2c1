"""Corpus runs on real cables: every input format, damaged input, Dask engines, kill and resume."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.cable.reader import read_cable
from geo.corpus.reader import MAX_CABLE_CHARS, open_corpus
from geo.corpus.run import run_corpus
from geo.corpus.store import CorpusStoreError
from geo.places import cable_places

DATA = Path(__file__).parents[1] / "data"
SLICE = DATA / "corpus" / "cables_slice.csv"
CABLES = DATA / "cables"
HTML = CABLES / "formats" / "08TBILISI1341.site-2011-04.avilaroman.html"
COLUMNS = [
    "position", "refid", "created", "origin", "classification", "tags", "subject", "paragraph", "mention",
    "start", "end", "name", "kind", "demonym", "source", "confidence", "country", "accuracy_m", "shape",
    "reviewed", "review_note", "geometry",
]


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    plain = pd.DataFrame(frame.drop(columns="geometry")).assign(wkt=frame.geometry.to_wkt(rounding_precision=9))
    plain["tags"] = plain["tags"].map(" ".join)
    return plain.sort_values(["position", "start", "end", "source"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def reference_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The slice geoparsed in this process (the synchronous scheduler)."""
    out = tmp_path_factory.mktemp("ref") / "ref.parquet"
    report = run_corpus(SLICE, out, scheduler="synchronous", batch_size=4, progress=False)
    assert (report.cables, report.errors, report.batches) == (29, 0, 8)
    assert not out.with_name("ref.parquet.parts").exists()
    return out


@pytest.fixture(scope="module")
def reference(reference_path: Path) -> gpd.GeoDataFrame:
    return gpd.read_parquet(reference_path)


@pytest.mark.filterwarnings("ignore:The inplace keyword:DeprecationWarning")  # raised inside dask's parquet reader
def test_output_is_geoparquet_with_one_row_per_mention(
    reference: gpd.GeoDataFrame, reference_path: Path, tmp_path: Path
) -> None:
    assert list(reference.columns) == COLUMNS
    assert reference.crs.to_epsg() == 4326
    assert set(reference.geom_type) == {"Point"}
    assert reference["refid"].nunique() == 29
    dask_geopandas = pytest.importorskip("dask_geopandas")
    assert len(dask_geopandas.read_parquet(reference_path).compute()) == len(reference)
    # Same mentions, offsets and records as the one-cable command on the same cable.
    row = next(r for r in read_csv_rows(SLICE) if r[2] == "08TBILISI1341")
    one = reference[reference["refid"] == "08TBILISI1341"].reset_index(drop=True)
    places = cable_places(read_cable(_one_row_file(row, tmp_path / "one.csv")), _gaz())
    cols = ["start", "end", "source", "mention"]
    assert one[cols].values.tolist() == places[cols].values.tolist()
    gori = one[one["source"] == "geonames:614455"].iloc[0]  # GeoNames point of Gori
    assert (round(gori.geometry.y, 5), round(gori.geometry.x, 5)) == (41.98422, 44.11578)
    assert gori["origin"] == "Embassy Tbilisi" and gori["created"] == pd.to_datetime(row[1], format="%m/%d/%Y %H:%M")
    assert "GG" in list(gori["tags"]) and gori["paragraph"] == "¶1 (C)"
    assert gori["shape"] == "Point" and gori["kind"] == "place" and 0 < gori["confidence"] <= 1


def test_every_column_is_what_a_plain_reading_of_each_cable_gives(reference: gpd.GeoDataFrame, tmp_path: Path) -> None:
    """The batched, column-at-a-time rows equal rows built one mention at a time from each cable alone."""
    from gazetteer import Context

    gaz = _gaz()
    rec = gaz.records
    want = []
    for pos, row in enumerate(read_csv_rows(SLICE), 1):
        cable = read_cable(_one_row_file(row, tmp_path / f"{pos}.csv"))
        ctx = Context(countries=tuple(cable.countries), post_country=gaz.country_of(cable.post) if cable.post else None,
                      topics=tuple(cable.subject_tags))
        for r in gaz.find(cable.searchable_text(), ctx):
            para = cable.paragraph_at(r.start)
            x, y = gaz.point(r.row)
            want.append({
                "position": pos, "refid": cable.refid, "created": pd.Timestamp(cable.created.replace(microsecond=0)),
                "origin": cable.origin, "classification": cable.classification, "tags": list(cable.tags),
                "subject": cable.subject, "paragraph": para.label if para else "",
                "mention": cable.text[r.start:r.end], "start": r.start, "end": r.end, "name": r.name, "kind": r.kind,
                "demonym": bool(r.demonym), "source": r.record_id, "confidence": float(r.confidence),
                "country": str(rec["country"].iloc[r.row]), "accuracy_m": float(rec["accuracy_m"].iloc[r.row]),
                "shape": rec.geometry.iloc[r.row].geom_type, "reviewed": False, "review_note": "", "x": x, "y": y,
            })
    got = pd.DataFrame(reference.drop(columns="geometry")).assign(x=reference.geometry.x, y=reference.geometry.y)
    got["tags"] = got["tags"].map(list)
    want = pd.DataFrame(want)
    assert len(got) == len(want) > 100
    for col in want.columns:
        assert got[col].tolist() == want[col].tolist() or got[col].equals(want[col]), col


def read_csv_rows(path: Path) -> list[list[str]]:
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, escapechar="\\"))


def _one_row_file(row: list[str], path: Path) -> Path:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(row)
    return path


def _gaz():
    from gazetteer import Gazetteer

    return Gazetteer.bundled()


def test_every_input_format_is_streamed(tmp_path: Path) -> None:
    root = tmp_path / "corpus" / "deep" / "er"
    root.mkdir(parents=True)
    shutil.copy(CABLES / "08BAKU812.txt", root / "08BAKU812.txt")
    (root / "09BAKU20.txt.gz").write_bytes(gzip.compress((CABLES / "09BAKU20.txt").read_bytes()))
    shutil.copy(HTML, tmp_path / "corpus" / "08TBILISI1341.html")
    (tmp_path / "corpus" / "slice.csv.gz").write_bytes(gzip.compress(SLICE.read_bytes()))
    lines = [json.dumps({"refid": "08TBILISI1336", "text": (CABLES / "08TBILISI1336.txt").read_text()})]
    (tmp_path / "corpus" / "feed.jsonl").write_text("\n".join(lines) + "\n")
    corpus = open_corpus(tmp_path / "corpus")
    items = [i for b in corpus.batches(7) for i in b.items]
    assert [i.position for i in items] == list(range(1, 34))
    kinds = [i.kind for i in items]
    assert kinds.count("csv") == 29 and kinds.count("file") == 3 and kinds.count("text") == 1
    assert sum(b.nbytes for b in corpus.batches(7)) == corpus.total_bytes
    out = tmp_path / "all.parquet"
    report = run_corpus(tmp_path / "corpus", out, scheduler="synchronous", progress=False)
    assert (report.cables, report.errors) == (33, 0)
    refids = set(gpd.read_parquet(out, columns=["refid", "geometry"])["refid"])
    assert {"08BAKU812", "09BAKU20", "08TBILISI1341", "08TBILISI1336"} <= refids


def test_damaged_cables_are_listed_and_never_stop_the_run(tmp_path: Path) -> None:
    src = tmp_path / "mixed"
    src.mkdir()
    good = ["08BAKU812.txt", "08TBILISI1336.txt", "02BOGOTA3281.txt"]
    for name in good:
        shutil.copy(CABLES / name, src / name)
    baku = (CABLES / "08BAKU812.txt").read_bytes()
    (src / "a-empty.txt").write_bytes(b"")
    (src / "b-truncated.txt.gz").write_bytes(gzip.compress(baku)[:300])
    (src / "c-binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "d-undecodable.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 400)
    (src / "e-one-line.txt").write_bytes(b"UNCLASSIFIED " + b"x" * (10 * 1024 * 1024))
    rows = SLICE.read_bytes().split(b'\n"')
    damaged_csv = b'\n"'.join(rows[:3]) + b'\n"4","8/1/2008 10:00","08BAD1","Embassy Nowhere"\n'
    damaged_csv += b'"5","8/1/2008 10:00","08BAD2","Embassy X","SECRET","","","\xff\xfe bad bytes"\n'
    (src / "f-dump.csv").write_bytes(damaged_csv)
    (src / "g-feed.jsonl").write_text('{"text": 5}\nnot json\n{"refid": "x", "text": ""}\n')
    out = tmp_path / "mixed.parquet"
    report = run_corpus(src, out, scheduler="synchronous", batch_size=3, progress=False)
    errors = pd.read_csv(out.with_name("mixed.errors.tsv"), sep="\t", dtype=str, keep_default_na=False)
    assert report.errors == len(errors) == 10
    reasons = dict(zip(errors["where"].map(lambda w: Path(w.split(" ")[0]).name), errors["reason"], strict=False))
    assert "empty file" in reasons["a-empty.txt"]
    assert "gzip" in reasons["b-truncated.txt.gz"]
    assert "binary" in reasons["c-binary.txt"]
    assert "d-undecodable.txt" in reasons  # cp1252 decodes these bytes to control characters
    assert f"{MAX_CABLE_CHARS / 1e6:g} MB limit" in reasons["e-one-line.txt"]
    csv_errors = errors[errors["where"].str.contains("f-dump.csv")]
    assert csv_errors["refid"].tolist() == ["08BAD1", "08BAD2"]
    assert "fields" in csv_errors["reason"].iloc[0] and "undecodable" in csv_errors["reason"].iloc[1]
    assert errors["where"].str.contains("g-feed.jsonl").sum() == 3
    assert not errors["reason"].str.contains("mixed/").any()  # the reason does not repeat where
    got = gpd.read_parquet(out, columns=["refid", "geometry"])
    assert report.cables == 3 + 3
    assert {"08BAKU812", "08TBILISI1336", "02BOGOTA3281"} <= set(got["refid"])


def test_a_distributed_cluster_gives_the_same_rows(reference: gpd.GeoDataFrame, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
    ) as cluster:
        out = tmp_path / "dist.parquet"
        report = run_corpus(SLICE, out, scheduler=cluster.scheduler_address, batch_size=4, progress=False)
    assert report.cables == 29
    pd.testing.assert_frame_equal(_sorted(gpd.read_parquet(out)), _sorted(reference))


def test_a_local_pool_gives_the_same_rows(reference: gpd.GeoDataFrame, tmp_path: Path) -> None:
    """Pool workers are warmed for many cables (the name automaton, see ``Gazetteer.prepare_for_many_texts``);
    their rows are those of the plain in-process run."""
    out = tmp_path / "pool.parquet"
    report = run_corpus(SLICE, out, scheduler="processes", workers=2, batch_size=4, progress=False)
    assert (report.cables, report.errors) == (29, 0)
    pd.testing.assert_frame_equal(_sorted(gpd.read_parquet(out)), _sorted(reference))


def test_killed_run_resumes_without_redoing_or_duplicating(reference: gpd.GeoDataFrame, tmp_path: Path) -> None:
    out = tmp_path / "resumed.parquet"
    parts = tmp_path / "resumed.parquet.parts"
    cmd = [
        sys.executable, "-c", "from geo.cli.main import main; main()", "corpus", str(SLICE), "-o", str(out),
        "--batch-size", "2", "--workers", "1", "--quiet",
    ]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(list(parts.glob("part-*.parquet"))) < 4 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list(parts.glob("part-*.parquet")))
    assert 4 <= done_before < 15 and not out.exists()
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"{done_before} of 15 batches done earlier" in again.stderr
    assert not parts.exists()
    pd.testing.assert_frame_equal(_sorted(gpd.read_parquet(out)), _sorted(reference))


def test_a_different_run_is_not_resumed_by_mistake(tmp_path: Path) -> None:
    out = tmp_path / "x.parquet"
    parts = tmp_path / "x.parquet.parts"
    parts.mkdir()
    (parts / "manifest.json").write_text('{"version": 1, "input": "something else"}')
    with pytest.raises(CorpusStoreError, match="--restart"):
        run_corpus(SLICE, out, scheduler="synchronous", progress=False)


def test_exposure_counts_cables_and_dates_per_feature(reference: gpd.GeoDataFrame, tmp_path: Path) -> None:
    from geo.corpus.view import corpus_exposure, read_mentions

    path = tmp_path / "ref.parquet"
    reference.to_parquet(path)
    frame = read_mentions(path, since="2008-08-01", until="2008-08-31")
    table = corpus_exposure(frame, ["South Ossetia+20km"], 0)
    gori = table[table["source"] == "geonames:614455"].iloc[0]  # Gori, 25 km south of Tskhinvali
    assert gori["status"] == "inside"
    expected = reference[reference["source"] == "geonames:614455"]
    assert gori["cables"] == expected["refid"].nunique() >= 2
    assert gori["first"] == expected["created"].min().strftime("%Y-%m-%d")
    assert gori["last"] == expected["created"].max().strftime("%Y-%m-%d")
    pipeline = table[table["source"] == "gem:P0643"].iloc[0]  # Baku-Supsa crosses the zone
    assert pipeline["status"] == "crosses" and pipeline["km_inside"] > 50
    assert shapely.get_type_id(pipeline.geometry) in (1, 5)  # the record's own line, not a point


def test_filters_select_cables_by_date_tag_and_origin(reference: gpd.GeoDataFrame, tmp_path: Path) -> None:
    from geo.corpus.view import CorpusViewError, read_mentions

    path = tmp_path / "ref.parquet"
    reference.to_parquet(path)
    day = reference.loc[reference["origin"] == "Embassy Tbilisi", "created"].min().strftime("%Y-%m-%d")
    got = read_mentions(path, since=day, until=day, tags=["gg"], origins=["Embassy Tbilisi"])
    want = reference[
        (reference["created"].dt.strftime("%Y-%m-%d") == day)
        & reference["tags"].map(lambda t: "GG" in list(t))
        & (reference["origin"] == "Embassy Tbilisi")
    ]
    assert len(got) == len(want) > 0 and set(got["refid"]) == set(want["refid"])
    with pytest.raises(CorpusViewError, match="--since must be a date"):
        read_mentions(path, since="August")


def test_overrides_apply_to_every_cable(reference: gpd.GeoDataFrame, tmp_path: Path) -> None:
    rules = [
        {"action": "not-a-place", "countries": [], "id": "r1", "name": "Gori", "note": "test",
         "scope": "rule", "when": "2026-11-27T21:00:00Z", "who": "tester"},
        {"action": "choose", "countries": ["GE"], "id": "r2", "name": "Tskhinvali", "note": "the city",
         "record": "geonames:611403", "scope": "rule", "when": "2026-11-27T21:00:00Z", "who": "tester"},
    ]
    path = tmp_path / "overrides.jsonl"
    path.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rules))
    out = tmp_path / "reviewed.parquet"
    report = run_corpus(SLICE, out, scheduler="synchronous", overrides=path, progress=False)
    got = gpd.read_parquet(out)
    assert report.unmatched == [] and not (reference["reviewed"]).any()
    assert (got["source"] == "geonames:614455").sum() == 0 < (reference["source"] == "geonames:614455").sum()
    chosen = got[got["reviewed"]]
    assert len(chosen) == (reference["mention"].str.lower() == "tskhinvali").sum()
    assert set(chosen["source"]) == {"geonames:611403"} and chosen["review_note"].str.contains("rule").all()


def test_an_empty_or_binary_input_is_an_error_not_an_empty_output(tmp_path: Path, run_cli) -> None:
    empty = tmp_path / "cables.csv"
    empty.write_bytes(b"")
    blank_dir = tmp_path / "cables"
    blank_dir.mkdir()
    (blank_dir / "08BAKU812.txt").write_bytes(b"")
    store = tmp_path / "records.parquet"  # real bytes, no cable: the head of the gazetteer's Parquet file
    with (Path(__file__).parents[2] / "gazetteer" / "data" / "records.parquet").open("rb") as f:
        store.write_bytes(f.read(1 << 16))
    out = tmp_path / "out.parquet"
    for source, says in ((empty, "the file is empty: no cables to read"),
                         (blank_dir, "every file there is empty: no cables to read")):
        code, stdout, err = run_cli(["corpus", source, "-o", out, "--scheduler", "synchronous", "--quiet"])
        assert (code, stdout, err) == (2, "", f"cablemap: {source}: {says}\n")
        assert not out.exists()
    code, stdout, err = run_cli(["corpus", store, "-o", out, "--scheduler", "synchronous", "--quiet"])
    assert (code, stdout) == (2, "")
    errors = out.with_suffix(".errors.tsv")
    assert err == f"cablemap: {store}: no cable could be read (1 unreadable, listed in {errors})\n"
    assert "binary data" in errors.read_text(encoding="utf-8")


def test_killed_corpus_leaves_no_worker_behind(tmp_path: Path, kill_mid_run) -> None:
    """kill -9 of `cablemap corpus` mid-run: its pool workers (and their resource tracker) go with it."""
    args = [sys.executable, "-c", "from geo.cli.main import main; main()", "corpus", SLICE, "-o", tmp_path / "out.parquet",
            "--workers", "2", "--batch-size", "1", "--quiet"]
    parts = tmp_path / "out.parquet.parts"

    def working(seen: dict) -> bool:  # two workers up and a first batch stored: the pool is busy
        return len(seen) >= 3 and parts.is_dir() and any(parts.glob("*.parquet"))

    assert kill_mid_run(args, working) == {}
