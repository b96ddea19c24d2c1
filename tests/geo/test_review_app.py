"""The review server over real HTTP on 127.0.0.1: the token, headers, saving, concurrency, broken files."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from geo.cable import read_cable
from geo.overrides_file import read_entries
from geo.review_app import create_app
from geo.review_data import ReviewSession
from geo.review_server import new_token, serving

CABLES = Path(__file__).parents[1] / "data" / "cables"
SEED = CABLES / "08BAKU812.txt"
BROKEN_LINE = '{"scope": "rule", "action": "choose", "who": "a", "when": "t", "note": "", "id": "x"}\n'


def request(url: str, body: dict | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    data = None if body is None else json.dumps(body).encode()
    hdrs = {"Content-Type": "application/json"} if body is not None else {}
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
    req = urllib.request.Request(api, data=b"action=not-a-place", headers={"Content-Type": "text/plain"})
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
        [sys.executable, "-c", "from geo.cli import main; main()", "review", str(SEED), "--overrides", str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "o.jsonl:1: missing field" in proc.stderr
    assert path.read_text() == BROKEN_LINE


def _start_review(path: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", "from geo.cli import main; main()", "review", str(SEED), "--overrides", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = proc.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), proc.stderr.read() if not url else url
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
