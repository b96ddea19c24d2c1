"""The opt-in Nominatim fallback, against a local fake server speaking Nominatim's JSON.

Nothing here touches the internet: geopy is pointed at 127.0.0.1 and every test
checks that the server saw the requests it expected.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from gazetteer.online import OnlineGeocoder, OnlineGeocoderError, default_user_agent

#: The documented example answer of Nominatim's /search?format=json
#: (https://nominatim.org/release-docs/latest/api/Output/), without the address details.
LONDON = {
    "place_id": 100149,
    "licence": "Data © OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright",
    "osm_type": "node",
    "osm_id": 107775,
    "boundingbox": ["51.3473219", "51.6673219", "-0.2876474", "0.0323526"],
    "lat": "51.5073219",
    "lon": "-0.1276474",
    "display_name": "London, Greater London, England, SW1A 2DU, United Kingdom",
    "class": "place",
    "type": "city",
    "importance": 0.9654895765402,
}


class _Nominatim(BaseHTTPRequestHandler):
    """Answers /search like Nominatim: a hit for London, [] otherwise, errors on request."""

    def do_GET(self) -> None:
        url = urlparse(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.server.seen.append((url.path, params, self.headers.get("User-Agent")))
        q = params.get("q", "")
        if q == "Blocked":
            return self._send(403, b"<html><body>Access blocked</body></html>", "text/html")
        if q == "Busy":
            return self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": "30"})
        if q == "Slow":
            time.sleep(1.5)
        body = [LONDON] if q == "London" and params.get("format") == "json" else []
        self._send(200, json.dumps(body).encode(), "application/json")

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that timed out and hung up is expected here


@pytest.fixture
def server(monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    srv = _Server(("127.0.0.1", 0), _Nominatim)
    srv.seen = []
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def geocoder(srv, tmp_path, **kw) -> OnlineGeocoder:
    return OnlineGeocoder(tmp_path / "cache", domain=f"127.0.0.1:{srv.server_port}", scheme="http", **kw)


def test_hit_in_nominatim_format(server, tmp_path):
    hit = geocoder(server, tmp_path, user_agent="cablemap-test/1 (+https://example.org/contact)").geocode(
        "London", ("GB",))
    assert (hit.lat, hit.lon) == (51.5073219, -0.1276474)
    assert hit.source == "nominatim:node/107775" and hit.place_id == 100149
    assert (hit.osm_class, hit.osm_kind, hit.kind) == ("place", "city", "place")
    assert hit.display_name.startswith("London, Greater London")
    assert 0.3 < hit.confidence < 0.7
    assert "not in the bundled gazetteer" in hit.reason and "London" in hit.reason
    # The box spans 0.32° x 0.32° at 51.5° N: a diagonal of about 40 km.
    assert 18_000 < hit.accuracy_m < 22_000
    [(path, params, agent)] = server.seen
    assert path == "/search" and params["q"] == "London" and params["countrycodes"] == "gb"
    assert agent == "cablemap-test/1 (+https://example.org/contact)"


def test_miss_is_cached_on_disk(server, tmp_path):
    assert geocoder(server, tmp_path).geocode("Kulevi", ("GE",)) is None
    # A new geocoder on the same cache folder asks nothing (case and spacing folded).
    again = geocoder(server, tmp_path)
    assert again.geocode(" kulevi ", ("ge",)) is None
    assert again.geocode("London") is not None
    assert again.geocode("LONDON") is not None
    assert [p["q"] for _, p, _ in server.seen] == ["Kulevi", "London"]


def test_requests_are_at_least_one_second_apart(server, tmp_path):
    start = time.monotonic()
    geocoder(server, tmp_path).geocode("Supsa")
    geocoder(server, tmp_path).geocode("Perevi")  # another instance shares the limit
    # The second request may not start before one second after the first did (local answers take ms).
    assert time.monotonic() - start >= 1.0
    assert [p["q"] for _, p, _ in server.seen] == ["Supsa", "Perevi"]


def test_default_user_agent_names_cablemap_and_can_be_overridden(server, tmp_path):
    assert default_user_agent().startswith("cablemap/") and "https://" in default_user_agent()
    geocoder(server, tmp_path).geocode("Ergneti")
    geocoder(server, tmp_path, user_agent="acme-desk/2 (ops@acme.example)").geocode("Perevi")
    assert [seen[2] for seen in server.seen] == [default_user_agent(), "acme-desk/2 (ops@acme.example)"]


@pytest.mark.parametrize(
    ("query", "message"),
    [("Blocked", "HTTP 403"), ("Busy", "HTTP 429"), ("Slow", "did not answer within 0.5 s")],
)
def test_errors_are_one_line_and_not_cached(server, tmp_path, query, message):
    geo = geocoder(server, tmp_path, timeout=0.5, min_delay_seconds=0.0)
    with pytest.raises(OnlineGeocoderError, match=message) as err:
        geo.geocode(query)
    assert "\n" not in str(err.value) and f"127.0.0.1:{server.server_port}" in str(err.value)
    with pytest.raises(OnlineGeocoderError):
        geo.geocode(query)
    assert [p["q"] for _, p, _ in server.seen] == [query, query]


def test_unreachable_server(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    port = srv.server_port
    srv.server_close()  # nothing listens there any more
    geo = OnlineGeocoder(tmp_path, domain=f"127.0.0.1:{port}", scheme="http", timeout=2, min_delay_seconds=0.0)
    with pytest.raises(OnlineGeocoderError, match="unreachable"):
        geo.geocode("London")


def test_corrupt_cache_is_one_line(tmp_path):
    (tmp_path / "nominatim.sqlite").write_text("not a database")
    with pytest.raises(OnlineGeocoderError, match="geocoder cache .*nominatim.sqlite"):
        OnlineGeocoder(tmp_path, domain="127.0.0.1:9", scheme="http")


def test_public_server_keeps_one_second(tmp_path):
    assert OnlineGeocoder(tmp_path, min_delay_seconds=0.1).min_delay == 1.0
