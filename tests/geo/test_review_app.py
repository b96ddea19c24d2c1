"""The review server over real HTTP on 127.0.0.1: the token, headers, saving, concurrency, broken files."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import shapely
import shapely.geometry

from gazetteer import Gazetteer
from geo.cable.reader import read_cable
from geo.overrides_file import read_entries
from geo.review.app import create_app
from geo.review.data import ReviewSession
from geo.review.server import new_token, serving

CABLES = Path(__file__).parents[1] / "data" / "cables"
SEED = CABLES / "08BAKU812.txt"
BROKEN_LINE = '{"scope": "rule", "action": "choose", "who": "a", "when": "t", "note": "", "id": "x"}\n'


def _origin(url: str) -> str:
    """``http://127.0.0.1:PORT`` of *url*: what the review page's own writes carry."""
    return "/".join(url.split("/")[:3])


def request(url: str, body: dict | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """GET, or POST *body* as JSON from the app's own origin (unless *headers* say otherwise)."""
    data = None if body is None else json.dumps(body).encode()
    hdrs = {"Content-Type": "application/json", "Origin": _origin(url)} if body is not None else {}
    req = urllib.request.Request(url, data=data, headers={**hdrs, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture(scope="module")
def seed():
    return read_cable(SEED)


@pytest.fixture
def server(tmp_path, seed):
    path = tmp_path / "overrides.jsonl"
    token = new_token()
    session = ReviewSession([seed], path, Gazetteer.bundled())
    with serving(create_app(session, token), token) as url:
        yield url, path, token


def _fix(seed, word: str, nth: int = 0) -> dict:
    s = -1
    for _ in range(nth + 1):
        s = seed.text.index(word, s + 1)
    return {"start": s, "end": s + len(word), "mention": word}


def test_every_request_needs_the_token(server):
    url, _, token = server
    root = url.rsplit("/", 2)[0]
    assert request(url + "api/cables")[0] == 200
    assert request(url)[0] == 200
    for bad in ("/", "/api/cables", f"/{token[:-1]}/api/cables", f"/{token}x/api/cables", "/static/review.js",
                f"/x{token}/", "/favicon.ico"):
        status, _, body = request(root + bad)
        assert status == 403, bad
        assert b"cable" not in body.lower() or b"needs the link" in body


def test_no_cors_and_a_strict_content_security_policy(server):
    url, _, _ = server
    status, headers, _ = request(url + "api/cables", headers={"Origin": "https://evil.example"})
    assert status == 200
    assert not any(k.lower().startswith("access-control-") for k in headers)
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert headers["referrer-policy"] == "no-referrer"


def test_only_local_host_names_are_served(server):
    url, _, _ = server
    status, _, _ = request(url + "api/cables", headers={"Host": "evil.example"})
    assert status == 400


def test_leaflet_and_the_page_come_from_the_app(server):
    url, _, _ = server
    status, _, body = request(url + "static/leaflet.js")
    assert status == 200 and b"Leaflet" in body[:2000]
    status, _, body = request(url)
    assert b"https://" not in body and b"http://" not in body


def test_the_basemap_is_every_bundled_country_as_geojson(server):
    url, _, _ = server
    status, headers, body = request(url + "api/basemap")  # urllib does not inflate: the body is the gzip stream
    assert status == 200 and headers["content-encoding"] == "gzip"
    collection = json.loads(gzip.decompress(body))
    assert len(collection["features"]) == 241  # Natural Earth's admin-0 countries
    shapes = [shapely.geometry.shape(f["geometry"]) for f in collection["features"]]
    assert all(s.is_valid and s.geom_type in ("Polygon", "MultiPolygon") for s in shapes)
    assert sum(s.contains(shapely.Point(44.79, 41.72)) for s in shapes) == 1  # Tbilisi lies in one country


def test_a_save_is_checked_against_the_cable_text(server, seed):
    url, path, _ = server
    api = url + "api/cables/0/overrides"
    wrong = {**_fix(seed, "Gori"), "mention": "Kaspi", "action": "not-a-place"}
    status, _, body = request(api, wrong)
    assert status == 400 and "does not read" in json.loads(body)["error"]
    status, _, body = request(api, {**_fix(seed, "Gori"), "action": "choose", "record": "geonames:1"})
    assert status == 400 and "no record" in json.loads(body)["error"]
    status, _, body = request(api, {**_fix(seed, "Gori"), "action": "point", "lat": 42, "lon": 44, "accuracy_m": 100})
    assert status == 400 and "note" in json.loads(body)["error"]
    req = urllib.request.Request(
        api, data=b"action=not-a-place", headers={"Content-Type": "text/plain", "Origin": _origin(api)})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=30)
    assert err.value.code == 400
    assert not path.exists()
    status, _, body = request(api, {**_fix(seed, "Gori"), "action": "not-a-place", "who": "amy"})
    assert status == 200
    gori = [m for m in json.loads(body)["mentions"] if m["mention"] == "Gori"]
    assert gori[0]["status"] == "dismissed" and gori[0]["reviewed"]
    assert [e.who for e in read_entries(path)] == ["amy"]


def test_a_broken_file_is_refused_and_left_untouched(server, seed):
    url, path, _ = server
    assert request(url + "api/cables/0/overrides", {**_fix(seed, "Gori"), "action": "not-a-place"})[0] == 200
    path.write_text(path.read_text() + BROKEN_LINE)
    before = path.read_bytes()
    status, _, body = request(url + "api/cables/0/overrides", {**_fix(seed, "Kaspi"), "action": "not-a-place"})
    assert status == 409
    assert "overrides.jsonl:2:" in json.loads(body)["error"]
    assert request(url + "api/cables/0")[0] == 409
    assert path.read_bytes() == before


def test_review_refuses_to_start_on_a_broken_file(tmp_path):
    path = tmp_path / "o.jsonl"
    path.write_text(BROKEN_LINE)
    proc = subprocess.run(
        [sys.executable, "-c", "from geo.cli.main import main; main()", "review", str(SEED), "--overrides", str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "o.jsonl:1: missing field" in proc.stderr
    assert path.read_text() == BROKEN_LINE


def _start_review(path: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", "from geo.cli.main import main; main()", "review", str(SEED), "--overrides", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = proc.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), url or proc.stderr.read()
    return proc, url


def test_two_review_processes_and_two_tabs_saving_at_once_lose_nothing(tmp_path, seed):
    path = tmp_path / "shared.jsonl"
    procs = [_start_review(path) for _ in range(2)]
    words = [(w, n) for w in ("Russia", "Georgia", "Azerbaijan", "Armenia", "Russian") for n in range(4)]
    errors: list[str] = []

    def client(url: str, part: list[tuple[str, int]]) -> None:
        for word, n in part:
            status, _, body = request(url + "api/cables/0/overrides", {**_fix(seed, word, n), "action": "not-a-place"})
            if status != 200:
                errors.append(body.decode())

    try:
        # two clients ("tabs") on each process, all four writing at once
        threads = [
            threading.Thread(target=client, args=(procs[k % 2][1], words[k::4])) for k in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    finally:
        for proc, _ in procs:
            proc.terminate()
            proc.wait(10)
    assert errors == []
    entries = read_entries(path)
    assert len(entries) == len(words) == 20
    assert {(e.start, e.mention) for e in entries} == {(_fix(seed, w, n)["start"], w) for w, n in words}


def test_writes_are_accepted_only_from_the_apps_own_origin(server, seed):
    url, path, _ = server
    api = url + "api/cables/0/overrides"
    own = _origin(url)
    port = own.rsplit(":", 1)[1]
    fix = {**_fix(seed, "Gori"), "action": "not-a-place"}
    for headers in ({"Origin": "https://evil.example"}, {"Origin": f"http://localhost:{port}"},
                    {"Origin": "null"}, {"Origin": f"http://127.0.0.1:{int(port) + 1}"},
                    {"Origin": None}, {"Origin": None, "Referer": "https://evil.example/x"},
                    {"Origin": None, "Referer": f"{own}.evil.example/"}):
        req = urllib.request.Request(api, data=json.dumps(fix).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        for k, v in headers.items():
            if v is not None:
                req.add_header(k, v)
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=30)
        assert err.value.code == 403, headers
        assert "only accepted from the review page" in json.loads(err.value.read())["error"]
    delete = request(url + "api/cables/0/overrides/delete", {"id": "x"}, headers={"Origin": "https://evil.example"})
    assert delete[0] == 403
    assert not path.exists()
    assert request(api, fix)[0] == 200  # Origin: the app's own
    referer_only = urllib.request.Request(api, data=json.dumps({**_fix(seed, "Kaspi"), "action": "not-a-place"}).encode(),
                                          headers={"Content-Type": "application/json", "Referer": url})
    with urllib.request.urlopen(referer_only, timeout=30) as resp:
        assert resp.status == 200
    assert [e.mention for e in read_entries(path)] == ["Gori", "Kaspi"]


def test_a_save_at_200_fixes_neither_reparses_the_file_nor_redoes_the_cable(tmp_path, seed, monkeypatch):
    """Work done by one save when the file holds 200 fixes: one entry parsed, no analysis, no candidate lookups."""
    import geopandas as gpd

    import geo.overrides_file as overrides_file
    import geo.review.data as review_data

    path = tmp_path / "overrides.jsonl"
    session = ReviewSession([seed], path, Gazetteer.bundled())
    first = session.payload(0)
    words = [m for m in first["mentions"]] + [
        {"start": m.start(), "end": m.end(), "mention": m[0]} for m in re.finditer(r"\b[a-z]{5,}\b", seed.text)
    ]
    spans = list(dict.fromkeys((w["start"], w["end"], w["mention"]) for w in words))[:201]
    assert len(spans) == 201
    for start, end, mention in spans[:200]:  # written as another process would: not through this session
        overrides_file.save_entry(path, overrides_file.parse_entry({
            "scope": "mention", "action": "not-a-place", "who": "amy", "when": "2026-12-01T00:00:00Z",
            "note": "", "id": overrides_file.new_id(), "refid": seed.refid, "start": start, "end": end,
            "mention": mention, "context": overrides_file.context_hash(seed.text, start, end)}))
    assert len(session.payload(0)["unmatched"]) == 0  # the session has read the 200 fixes once

    calls = {"parse": 0, "resolve": 0, "lookup": 0, "select": 0}

    def counting(name, fn):
        def wrapped(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)
        return wrapped

    monkeypatch.setattr(overrides_file, "parse_entry", counting("parse", overrides_file.parse_entry))
    monkeypatch.setattr(review_data, "parse_entry", counting("parse", review_data.parse_entry))
    monkeypatch.setattr(review_data, "resolve_cable", counting("resolve", review_data.resolve_cable))
    monkeypatch.setattr(session.gazetteer, "lookup", counting("lookup", session.gazetteer.lookup))
    monkeypatch.setattr(gpd.GeoDataFrame, "__getitem__", counting("select", gpd.GeoDataFrame.__getitem__))
    start, end, mention = spans[200]
    after = session.save(0, {"start": start, "end": end, "mention": mention, "action": "not-a-place"})

    assert calls["parse"] == 1  # the new entry; the 200 on file are known from the last read
    assert calls["resolve"] == 0  # the cable is analysed once per session
    assert calls["lookup"] <= 1  # candidates are listed once per mention
    assert calls["select"] < 50  # fixes are applied by marking rows, not by slicing the frame once per fix
    assert len(read_entries(path)) == 201
    dismissed = {(m["start"], m["end"]) for m in after["mentions"] if m["status"] == "dismissed"}
    assert {(m["start"], m["end"]) for m in first["mentions"]} <= dismissed

    calls["parse"] = 0
    session.payload(0)
    assert calls["parse"] == 0  # nothing changed: nothing parsed
    path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    session.payload(0)
    assert calls["parse"] == 1  # a change made by anyone else is read
