"""The corpus map: offline, one circle per place, month steps, escaped popups, 50,000 places in Chromium."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.cli.main import main
from geo.corpus.run import run_corpus
from geo.corpus.view import corpus_places, read_mentions
from maps.corpus_map import corpus_map_html

DATA = Path(__file__).parents[1] / "data"
SLICE = DATA / "corpus" / "cables_slice.csv"
HOSTILE = "<img src=x onerror=\"document.title='pwned'\">${x}`</script>"
_CLICK = """([lat, lon]) => {
    const p = window.corpusMap.latLngToContainerPoint([lat, lon]);
    const r = window.corpusMap.getContainer().getBoundingClientRect();
    return [r.left + p.x, r.top + p.y];
}"""


@pytest.fixture(scope="module")
def mentions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("map") / "slice.parquet"
    run_corpus(SLICE, out, scheduler="synchronous", progress=False)
    return out


def _click(page: object, lat: float, lon: float) -> str:
    page.evaluate("([lat, lon]) => { window.corpusMap.setView([lat, lon], 10, {animate: false}); }", [lat, lon])
    x, y = page.evaluate(_CLICK, [lat, lon])
    page.mouse.click(x, y)
    return page.wait_for_selector(".leaflet-popup-content", timeout=5000).inner_text()


def test_places_aggregate_mentions_cables_and_months(mentions: Path) -> None:
    frame = read_mentions(mentions)
    found = corpus_places(frame, top=3)
    gori = found.places.set_index("source").loc["geonames:614455"]
    rows = frame[frame["source"] == "geonames:614455"]
    assert gori["mentions"] == len(rows) and gori["cables"] == rows["refid"].nunique()
    assert (round(gori["lat"], 5), round(gori["lon"], 5)) == (41.98422, 44.11578)
    assert len(gori["top"]) == min(3, gori["cables"])
    assert found.months[0] == frame["created"].min().strftime("%Y-%m")
    assert found.monthly[:, 2].sum() == len(frame) and found.cables == 29


@pytest.mark.browser
def test_corpus_map_is_offline_and_steps_through_months(
    mentions: Path, tmp_path: Path, browser: object, open_offline: object, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "map.html"
    main(["corpus-map", str(mentions), "-o", str(out), "--since", "2008-08-01", "--until", "2008-08-31"])
    aug = corpus_places(read_mentions(mentions, since="2008-08-01", until="2008-08-31"))
    assert f"{len(aug.places)} places from {aug.cables} cables" in capsys.readouterr().err
    assert 0 < aug.cables < 29
    page, requests, errors = open_offline(browser, out)
    page.wait_for_function("window.corpusShown !== undefined")
    assert page.evaluate("window.corpusShown") == {"month": -1, "places": len(aug.places)}
    assert requests == [] and errors == []
    gori = aug.places.set_index("source").loc["geonames:614455"]
    text = _click(page, gori["lat"], gori["lon"])
    assert text.startswith("Gori (place)") and f"{gori['mentions']} mentions" in text
    assert gori["top"][0][0] in text and gori["top"][0][2][:30] in text  # refid and subject
    page.click("#corpus-next")
    assert page.locator("#corpus-month").inner_text() == "2008-08"
    page.locator(".leaflet-control-layers-overlays label", has_text="Heat").locator("input").check()
    assert page.locator("canvas.leaflet-heatmap-layer").count() == 1
    assert errors == []


@pytest.mark.browser
def test_hostile_strings_stay_text(tmp_path: Path, browser: object, open_offline: object) -> None:
    places = pd.DataFrame({
        "source": [HOSTILE], "name": [HOSTILE], "kind": ["place"], "lon": [41.67384], "lat": [42.14272],
        "mentions": [3], "cables": [1], "first": [pd.Timestamp("2008-08-14")], "last": [pd.Timestamp("2008-08-14")],
        "top": [[("08TBILISI1341", "2008-08-14", HOSTILE)]],
    })
    path = tmp_path / "hostile.html"
    html = corpus_map_html(places, ["2008-08"], np.array([[0, 0, 3]]), cables=1, title=HOSTILE)
    path.write_text(html, encoding="utf-8")
    page, requests, errors = open_offline(browser, path)
    page.wait_for_function("window.corpusShown !== undefined")
    text = _click(page, 42.14272, 41.67384)
    assert text.count("<img src=x") == 3 and page.locator(".leaflet-popup-content img").count() == 0
    assert page.title() == HOSTILE and requests == [] and errors == []


@pytest.mark.browser
def test_fifty_thousand_places_stay_responsive(tmp_path: Path, browser: object, open_offline: object) -> None:
    from gazetteer import Gazetteer

    rec = Gazetteer.bundled().records
    rec = rec[rec["kind"] == "place"].iloc[:50_000]  # real GeoNames points
    n = np.arange(len(rec)) % 97 + 1
    places = pd.DataFrame({
        "source": rec["id"].to_numpy(), "name": rec["name"].to_numpy(), "kind": "place",
        "lon": rec.geometry.x.to_numpy(), "lat": rec.geometry.y.to_numpy(), "mentions": n, "cables": n,
        "first": pd.Timestamp("2005-01-01"), "last": pd.Timestamp("2010-02-28"),
        "top": [[(f"09CABLE{i % 5000}", "2009-01-02", f"Subject {i % 5000}")] for i in range(len(rec))],
    })
    months = [str(p) for p in pd.period_range("2005-01", "2010-02", freq="M")]
    monthly = np.array([[i, i % len(months), 1] for i in range(len(rec))])
    monthly = monthly[np.lexsort((monthly[:, 0], monthly[:, 1]))]
    path = tmp_path / "big.html"
    path.write_text(corpus_map_html(places, months, monthly, cables=5000, title="50k"), encoding="utf-8")
    t0 = time.perf_counter()
    page, _, errors = open_offline(browser, path)
    page.wait_for_function("window.corpusShown !== undefined", timeout=30_000)
    assert page.evaluate("window.corpusShown.places") == 50_000
    loaded = time.perf_counter() - t0
    t1 = time.perf_counter()
    page.click("#corpus-next")
    assert page.evaluate("window.corpusShown.month") == 0
    stepped = time.perf_counter() - t1
    t2 = time.perf_counter()
    page.evaluate("() => { window.corpusMap.setView([41.7, 44.8], 7, {animate: false}); }")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    zoomed = time.perf_counter() - t2
    assert loaded < 20 and stepped < 5 and zoomed < 3, (loaded, stepped, zoomed)
    assert errors == []


def test_a_directory_or_a_foreign_parquet_is_one_line_naming_what_is_missing(
    mentions: Path, tmp_path: Path, run_cli: object
) -> None:
    import pyarrow.parquet as pq

    store = Path(__file__).parents[2] / "gazetteer" / "data" / "records.parquet"  # real, but no mentions
    undated = tmp_path / "undated.parquet"
    pq.write_table(pq.read_table(mentions).drop(["created"]), undated)
    cases = {tmp_path: "is a directory", store: "no column refid, created", undated: "no column created ("}
    for path, message in cases.items():
        for args in (["corpus-map", path, "-o", tmp_path / "m.html"], ["corpus-exposure", path, "--zone", "Abkhazia"]):
            code, out, err = run_cli(args)
            assert (code, out) == (2, "")
            assert err.count("\n") == 1 and message in err and str(path) in err, err
    assert not (tmp_path / "m.html").exists()
