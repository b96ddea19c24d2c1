"""Opt-in online fallback: Nominatim (OpenStreetMap) through geopy, for names the store lacks.

Never used unless asked for (``--geocoder nominatim``). Every answer, found or
not, is cached on disk (SQLite in *cache_dir*, keyed by server, query and
country codes), so a name is asked at most once. Requests to one server are
spaced by at least ``min_delay_seconds`` across every :class:`OnlineGeocoder`
of the process (at least 1 s for the public server, its usage policy), and
carry a user agent naming cablemap unless the caller gives its own.
Failures raise :class:`OnlineGeocoderError` with a one-line message.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from urllib.error import URLError

from geopy import exc as geopy_exc
from geopy.adapters import URLLibAdapter
from geopy.geocoders import Nominatim
from pyproj import Geod

from .errors import GazetteerError

PUBLIC_DOMAIN = "nominatim.openstreetmap.org"
#: Confidence of an online hit: below any gazetteer match, more for important places.
_BASE_CONFIDENCE, _IMPORTANCE_WEIGHT = 0.3, 0.3
_KINDS = {"place": "place", "boundary": "region", "natural": "feature", "waterway": "feature",
          "water": "feature", "aeroway": "asset", "military": "asset", "railway": "asset"}

_GEOD = Geod(ellps="WGS84")
_last_request: dict[str, float] = {}
_throttle_lock = threading.Lock()


class OnlineGeocoderError(GazetteerError, RuntimeError):
    """The online geocoder refused, timed out or could not be reached."""


@dataclass(frozen=True)
class OnlineHit:
    """One Nominatim answer for a name (``source`` cites the OSM object)."""

    name: str  #: the name asked for
    lat: float
    lon: float
    osm_type: str  #: ``node``, ``way`` or ``relation``
    osm_id: int
    place_id: int
    display_name: str
    osm_class: str  #: Nominatim ``class`` (``place``, ``boundary``, ``natural``...)
    osm_kind: str  #: Nominatim ``type`` (``village``, ``administrative``, ``river``...)
    kind: str  #: the store's kind for that class (``place``, ``region``, ``feature``, ``asset``)
    importance: float
    accuracy_m: float  #: half the diagonal of Nominatim's bounding box, at least 100 m
    source: str  #: ``nominatim:<osm_type>/<osm_id>``
    confidence: float
    reason: str


def default_user_agent() -> str:
    """``cablemap/<version> (+<contact URL placeholder>)``: replace it with one that names you."""
    try:
        version = metadata.version("cablemap")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"cablemap/{version} (+https://example.org/set-CABLEMAP_USER_AGENT-to-your-contact)"


class OnlineGeocoder:
    """Nominatim lookups with a disk cache and a shared rate limit.

    Parameters
    ----------
    cache_dir
        Folder for ``nominatim.sqlite`` (created if missing).
    user_agent
        Sent with every request; defaults to :func:`default_user_agent`.
    domain, scheme
        The Nominatim server (a local one, or the public one by default).
    min_delay_seconds
        Least time between two requests to *domain* (never below 1 s for the public server).
    timeout
        Seconds to wait for an answer.
    """

    def __init__(
        self,
        cache_dir: str | os.PathLike,
        *,
        user_agent: str | None = None,
        domain: str = PUBLIC_DOMAIN,
        scheme: str = "https",
        min_delay_seconds: float = 1.0,
        timeout: float = 10.0,
    ) -> None:
        self.domain = domain
        self.timeout = timeout
        self.min_delay = max(min_delay_seconds, 1.0) if domain == PUBLIC_DOMAIN else min_delay_seconds
        # urllib, not requests: it never retries, so a 429 or a timeout is one request, not three.
        self._nominatim = Nominatim(
            user_agent=user_agent or default_user_agent(), domain=domain, scheme=scheme, timeout=timeout,
            adapter_factory=URLLibAdapter,
        )
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        self._db = Path(cache_dir) / "nominatim.sqlite"
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, hit TEXT, asked REAL)")

    def geocode(self, name: str, country_codes: tuple[str, ...] = ()) -> OnlineHit | None:
        """The best Nominatim match for *name* (within *country_codes*, ISO2), or ``None``."""
        query = " ".join(name.split())
        codes = tuple(sorted({c.lower() for c in country_codes}))
        key = json.dumps([self.domain, query.casefold(), codes])
        with self._connect() as db:
            row = db.execute("SELECT hit FROM answers WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return OnlineHit(**json.loads(row[0])) if row[0] else None
        hit = self._ask(query, codes)
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                       (key, json.dumps(asdict(hit)) if hit else None, time.time()))
        return hit

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """The cache database, committed and closed after use."""
        try:
            db = sqlite3.connect(self._db)
            try:
                with db:
                    yield db
            finally:
                db.close()
        except sqlite3.Error as e:
            raise OnlineGeocoderError(f"geocoder cache {self._db}: {_one_line(e)}") from None

    def _ask(self, query: str, codes: tuple[str, ...]) -> OnlineHit | None:
        """One request (after waiting for the rate limit), errors made one line."""
        where = f"Nominatim at {self.domain}"
        _wait_turn(self.domain, self.min_delay)
        try:
            location = self._nominatim.geocode(query, exactly_one=True, country_codes=list(codes) or None)
        except geopy_exc.GeocoderInsufficientPrivileges:
            raise OnlineGeocoderError(
                f"{where} refused the request (HTTP 403): the user agent may be blocked; "
                "set one with your contact via --user-agent or CABLEMAP_USER_AGENT") from None
        except geopy_exc.GeocoderRateLimited as e:
            wait = f" (retry after {e.retry_after} s)" if e.retry_after else ""
            raise OnlineGeocoderError(f"{where} is rate-limiting these requests (HTTP 429){wait}") from None
        except geopy_exc.GeocoderTimedOut:
            raise OnlineGeocoderError(f"{where} did not answer within {self.timeout:g} s") from None
        except geopy_exc.GeocoderUnavailable as e:
            raise OnlineGeocoderError(f"{where} is unreachable: {_one_line(e)}") from None
        except geopy_exc.GeocoderServiceError as e:
            # urllib's connection errors (refused, no route, DNS) arrive as a bare service error.
            problem = "is unreachable" if isinstance(e.__context__, URLError) else "failed"
            raise OnlineGeocoderError(f"{where} {problem}: {_one_line(e)}") from None
        return _hit(query, location.raw) if location else None


def _wait_turn(domain: str, min_delay: float) -> None:
    """Sleep until *min_delay* seconds have passed since the last request to *domain*."""
    with _throttle_lock:
        now = time.monotonic()
        start = max(now, _last_request.get(domain, -math.inf) + min_delay)
        _last_request[domain] = start
    time.sleep(max(0.0, start - now))


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split()) or type(e).__name__


def _hit(query: str, raw: dict) -> OnlineHit:
    """An :class:`OnlineHit` from one item of Nominatim's ``format=json`` answer."""
    lat, lon = float(raw["lat"]), float(raw["lon"])
    importance = float(raw.get("importance") or 0.0)
    osm_type, osm_id = str(raw.get("osm_type", "")), int(raw.get("osm_id", 0))
    display = str(raw.get("display_name", ""))
    return OnlineHit(
        name=query, lat=lat, lon=lon, osm_type=osm_type, osm_id=osm_id, place_id=int(raw.get("place_id", 0)),
        display_name=display, osm_class=str(raw.get("class", "")), osm_kind=str(raw.get("type", "")),
        kind=_KINDS.get(str(raw.get("class", "")), "feature"), importance=importance,
        accuracy_m=_bbox_radius(raw.get("boundingbox")), source=f"nominatim:{osm_type}/{osm_id}",
        confidence=round(_BASE_CONFIDENCE + _IMPORTANCE_WEIGHT * min(max(importance, 0.0), 1.0), 3),
        reason=f"not in the bundled gazetteer; Nominatim (OpenStreetMap) result for {query!r}: {display}",
    )


def _bbox_radius(bbox: list[str] | None) -> float:
    """Half the geodesic diagonal of Nominatim's ``[south, north, west, east]`` box in metres (>= 100)."""
    if not bbox or len(bbox) != 4:
        return 100.0
    south, north, west, east = map(float, bbox)
    return max(100.0, round(_GEOD.inv(west, south, east, north)[2] / 2, -1))
