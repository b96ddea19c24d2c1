"""``cablemap geoparse``: JSON Lines in and out, on a real cable and on plain news-like text.

The news-like sentences are written for these tests; no benchmark text is used.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from geo.overrides_file import Override, context_hash, save_entry
from geo.settings import Settings

SEED = Path(__file__).parents[1] / "data" / "cables" / "08BAKU812.txt"
NEWS = "Storms hit Atlanta, Georgia, on Monday. Later the Georgia governor flew to Washington."
ALLCAPS = "SHELLING CONTINUED NEAR GORI AND TSKHINVALI WHILE TALKS WENT ON IN TBILISI."


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("CABLEMAP_OVERRIDES", str(tmp_path / "no-default-overrides.jsonl"))




def _jsonl(path: Path, docs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def _answers(path: Path) -> dict:
    return {d["doc_id"]: d["toponyms"] for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_cable_and_plain_text_in_one_file(tmp_path, run_cli):
    seed = SEED.read_text(encoding="utf-8")
    src = _jsonl(tmp_path / "in.jsonl", [
        {"doc_id": "08BAKU812", "text": seed, "toponyms": [{"start": 0, "end": 1}], "title": "ignored"},
        {"doc_id": 7, "text": NEWS},
        {"doc_id": "caps", "text": ALLCAPS},
        {"doc_id": "empty", "text": ""},
    ])
    code, _, err = run_cli(["geoparse", src, "-o", tmp_path / "out.jsonl"])
    assert code == 0, err
    got = _answers(tmp_path / "out.jsonl")
    assert list(got) == ["08BAKU812", 7, "caps", "empty"] and got["empty"] == []
    for doc_id, text in (("08BAKU812", seed), (7, NEWS), ("caps", ALLCAPS)):
        for t in got[doc_id]:
            assert text[t["start"] : t["end"]] == t["name"]
            assert set(t) == {"start", "end", "name", "lat", "lon", "geonameid", "kind", "source", "confidence"}
            assert 0 < t["confidence"] <= 1
            if t["source"] in ("unplaced", "unresolved"):
                assert t["lat"] is None and t["lon"] is None and t["geonameid"] is None
            else:
                assert -90 <= t["lat"] <= 90 and -180 <= t["lon"] <= 180
    cable = {t["name"]: t for t in got["08BAKU812"]}
    # A known name without a point is reported, with no coordinates invented for it.
    assert cable["Southern Corridor"]["source"] == "unplaced" and cable["Southern Corridor"]["kind"] == "asset"
    assert cable["Poti"]["geonameid"] == 612366
    assert cable["Baku-Supsa pipeline"]["source"] == "gem:P0643" and cable["Baku-Supsa pipeline"]["geonameid"] is None
    # Nothing from the metadata block or routing header before the body.
    assert min(t["start"] for t in got["08BAKU812"]) > seed.index("C O N F I D E N T I A L")
    news = [(t["name"], t["source"]) for t in got[7]]
    assert news[:2] == [("Atlanta", "geonames:4180439"), ("Georgia", "ne:admin1:USA:Georgia")]
    assert ("Georgia", "ne:admin1:USA:Georgia") in news[2:]
    assert [t["source"] for t in got["caps"]] == ["geonames:614455", "geonames:611403", "geonames:611717"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"doc_id": 1, "text": "ok"}\nnot json\n', "line 2: not JSON (Expecting value)"),
        (b'{"doc_id": 1, "body": "no text key"}\n', 'line 1: expected an object with a string "text"'),
        (b'{"doc_id": 1, "text": "caf\xe9"}\n', "line 1: not UTF-8 text"),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_old_output(tmp_path, content, message, run_cli):
    src = tmp_path / "in.jsonl"
    src.write_bytes(content)
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n")
    code, _, err = run_cli(["geoparse", src, "-o", out])
    assert code == 2 and err.strip() == f"cablemap: {message}"
    assert out.read_text() == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


@pytest.mark.parametrize(("content", "says"), [(b"", "the file is empty"), (b"\n  \n\n", "the file is blank")])
def test_an_input_without_documents_is_an_error_not_an_empty_output(tmp_path, content, says, run_cli):
    src = tmp_path / "in.jsonl"
    src.write_bytes(content)
    out = tmp_path / "out.jsonl"
    code, stdout, err = run_cli(["geoparse", src, "-o", out])
    assert (code, stdout) == (2, "")
    assert err.strip() == f"cablemap: {src}: no documents ({says})"
    assert not out.exists()


def test_overrides_apply_and_mark_reviewed(tmp_path, run_cli):
    text = "Refugees fled Gori for Tbilisi."
    start = text.index("Gori")
    fixes = tmp_path / "fixes.jsonl"
    save_entry(fixes, Override(
        scope="mention", action="choose", who="tester", when="2026-11-27T21:00:00Z", refid="doc-1",
        start=start, end=start + 4, mention="Gori", context=context_hash(text, start, start + 4),
        record="geonames:2963962", note="test: choose Gorey instead",
    ))
    src = _jsonl(tmp_path / "in.jsonl", [{"doc_id": "doc-1", "text": text}])
    code, _, err = run_cli(["geoparse", src, "-o", tmp_path / "out.jsonl", "--overrides", fixes])
    assert code == 0, err
    gori, tbilisi = _answers(tmp_path / "out.jsonl")["doc-1"]
    assert gori["source"] == "geonames:2963962" and gori["reviewed"] is True
    assert tbilisi["source"] == "geonames:611717" and tbilisi["reviewed"] is False


class _Nominatim(BaseHTTPRequestHandler):
    """A stand-in for Nominatim's /search (format=json): one known answer, [] otherwise."""

    ANSWER = {  # the shape of a Nominatim answer; the values are test data, not a real record
        "place_id": 1, "licence": "test", "osm_type": "node", "osm_id": 42, "lat": "42.2", "lon": "43.9",
        "class": "place", "type": "village", "importance": 0.2, "display_name": "Zemo Nikozi, Georgia",
        "boundingbox": ["42.19", "42.21", "43.89", "43.91"],
    }

    def do_GET(self) -> None:
        params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        self.server.seen.append(params)
        body = [self.ANSWER] if params.get("q") == "Zemo Nikozi" else []
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def nominatim(monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    srv.seen = []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_online_geocoder_is_opt_in_cached_and_local_here(tmp_path, monkeypatch, nominatim, run_cli):
    cache = tmp_path / "cache"  # the geocoder's answers go here; the store image is the one already built
    cache.mkdir()
    for image in Settings.from_env().cache.glob("image-*"):
        (cache / image.name).symlink_to(image)
    monkeypatch.setenv("CABLEMAP_CACHE", str(cache))
    text = "Shelling was reported near Zemo Nikozi and in Gori."
    src = _jsonl(tmp_path / "in.jsonl", [{"doc_id": "a", "text": text}])
    url = f"http://127.0.0.1:{nominatim.server_port}"
    code, _, err = run_cli(["geoparse", src, "-o", tmp_path / "plain.jsonl"])
    assert code == 0 and nominatim.seen == []  # off by default
    args = ["geoparse", src, "-o", tmp_path / "online.jsonl", "--geocoder", "nominatim", "--nominatim-url", url]
    code, _, err = run_cli(args)
    assert code == 0, err
    found = {t["name"]: t for t in _answers(tmp_path / "online.jsonl")["a"]}
    assert found["Zemo Nikozi"]["source"] == "nominatim:node/42" and found["Zemo Nikozi"]["confidence"] <= 0.6
    assert found["Gori"]["source"] == "geonames:614455"
    asked = [p["q"] for p in nominatim.seen]
    assert "Zemo Nikozi" in asked and "Gori" not in asked
    assert all(p.get("countrycodes") == "ge" for p in nominatim.seen)
    run_cli(args)  # a second run answers from the disk cache
    assert [p["q"] for p in nominatim.seen] == asked


def test_a_place_the_gazetteer_cannot_locate_is_reported_without_coordinates(tmp_path, run_cli):
    text = "Shelling was reported in Dzveri overnight, and near Gori."
    src = _jsonl(tmp_path / "in.jsonl", [{"doc_id": "v", "text": text}])
    code, _, err = run_cli(["geoparse", src, "-o", tmp_path / "out.jsonl"])
    assert code == 0, err
    village, gori = _answers(tmp_path / "out.jsonl")["v"]
    assert village == {"start": 25, "end": 31, "name": "Dzveri", "lat": None, "lon": None, "geonameid": None,
                       "kind": "place", "source": "unresolved", "confidence": 0.2}
    assert gori["source"] == "geonames:614455"


def test_a_real_cable_reports_named_things_without_a_point_and_invents_none(tmp_path, run_cli):
    cables = SEED.parent
    src = _jsonl(tmp_path / "in.jsonl", [
        {"doc_id": "08TBILISI1341", "text": (cables / "08TBILISI1341.txt").read_text(encoding="utf-8")},
        {"doc_id": "10ASTANA251", "text": (cables / "10ASTANA251.txt").read_text(encoding="utf-8")},
    ])
    code, _, err = run_cli(["geoparse", src, "-o", tmp_path / "out.jsonl"])
    assert code == 0, err
    got = _answers(tmp_path / "out.jsonl")
    roki = [t for t in got["08TBILISI1341"] if t["name"].startswith("Roki")]
    assert [t["name"].replace("\n", " ") for t in roki] == ["Roki tunnel", "Roki Tunnel", "Roki tunnel", "Roki tunnel"]
    assert all(t["source"] == "unplaced" and t["lat"] is None for t in roki)
    west = [t for t in got["10ASTANA251"] if t["name"] in ("West", "Western")]
    assert len(west) >= 3 and all(t["lat"] is None and t["kind"] == "region" for t in west)


def test_the_point_convention_moves_areas_only(tmp_path, run_cli):
    text = "Exports from the United States to Russia and Gori fell."
    src = _jsonl(tmp_path / "in.jsonl", [{"doc_id": "c", "text": text}])
    got = {}
    for convention in ("geonames", "wikipedia", "centroid"):
        out = tmp_path / f"{convention}.jsonl"
        code, _, err = run_cli(["geoparse", src, "-o", out, "--convention", convention])
        assert code == 0, err
        got[convention] = {t["name"]: (t["lat"], t["lon"]) for t in _answers(out)["c"]}
    # GeoNames' own points; the World Factbook's coordinates; the main landmass's centroid.
    assert got["geonames"]["United States"] == (39.76, -98.5) and got["geonames"]["Russia"] == (60.0, 100.0)
    assert got["wikipedia"]["United States"] == (38.0, -97.0) and got["wikipedia"]["Russia"] == (60.0, 100.0)
    lat, lon = got["centroid"]["United States"]
    assert 37 < lat < 41 and -103 < lon < -96 and (lat, lon) != got["geonames"]["United States"]
    # A town stands at its own point under every convention.
    assert got["geonames"]["Gori"] == got["wikipedia"]["Gori"] == got["centroid"]["Gori"]
    code, _, err = run_cli(["geoparse", src, "-o", tmp_path / "x.jsonl", "--convention", "osm"])
    assert code == 2 and len(err.strip().splitlines()) == 1
