"""The review web app (Starlette): the page, its offline assets, and a small JSON API.

Everything is served under ``/<token>/``; any other path, or a wrong token, gets
403, and so does a write (any method but GET/HEAD) whose ``Origin`` (or, without
one, ``Referer``) is not the app's own ``http://127.0.0.1:PORT``, on top of the
JSON-only content type. Only ``127.0.0.1``/``localhost`` Host headers are accepted, no CORS headers
are ever sent, and every response forbids framing, sniffing, caching, referrers and
any script or request that is not from the app itself (Content-Security-Policy).
"""

from __future__ import annotations

import functools
import gzip
import json
import secrets
from importlib import resources

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from maps import countries_geojson

from ..overrides_file import OverridesError
from .data import ReviewError, ReviewSession

#: Leaflet as folium pins it, served from folium-offline's bundled copy (no CDN).
_LEAFLET = {
    "leaflet.js": ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", "text/javascript"),
    "leaflet.css": ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css", "text/css"),
}
_PAGE_FILES = {
    "review.js": "text/javascript",
    "review.css": "text/css",
}
_HEADERS = [
    (
        b"content-security-policy",
        (
            b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            b"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
    ),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]
_MAX_BODY = 64 * 1024


@functools.cache
def _basemap_gzip() -> bytes:
    """The bundled country polygons as gzip-compressed GeoJSON (made once per server)."""
    return gzip.compress(countries_geojson().encode(), mtime=0)


def _asset(name: str) -> bytes:
    return (resources.files(__package__) / "static" / name).read_bytes()


def _leaflet(name: str) -> str:
    from offlinefolium.elements import _res as manifest  # CDN URL -> file content

    return manifest[_LEAFLET[name][0]]


class _Guard:
    """ASGI middleware: 403 unless the first path segment is the token; security headers on every response."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        segment = scope["path"].split("/")[1] if "/" in scope["path"] else ""
        if not secrets.compare_digest(segment.encode(), self.token.encode()):
            await PlainTextResponse("forbidden: this page needs the link cablemap review printed", 403)(
                scope, receive, send_secured
            )
            return
        if scope["method"] not in ("GET", "HEAD") and not _from_the_app(scope):
            await JSONResponse({"error": "forbidden: writes are only accepted from the review page itself"}, 403)(
                scope, receive, send_secured
            )
            return
        await self.app(scope, receive, send_secured)


def _from_the_app(scope: Scope) -> bool:
    """True when the request's Origin (or, without one, its Referer) is this server's own ``http://127.0.0.1:PORT``."""
    server = scope.get("server")
    if not server:
        return False
    own = f"http://127.0.0.1:{server[1]}"
    headers = Headers(scope=scope)
    origin = headers.get("origin")
    if origin is not None:
        return origin == own
    referer = headers.get("referer")
    return referer is not None and referer.startswith(own + "/")


def _cable_index(request: Request) -> int:
    return int(request.path_params["index"])


async def _json_body(request: Request) -> dict:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise ReviewError("send JSON (Content-Type: application/json)")
    body = await request.body()
    if len(body) > _MAX_BODY:
        raise ReviewError("request too large")
    try:
        data = json.loads(body)
    except ValueError:
        raise ReviewError("the request is not valid JSON") from None
    if not isinstance(data, dict):
        raise ReviewError("the request must be a JSON object")
    return data


def create_app(session: ReviewSession, token: str) -> Starlette:
    """The review app for *session*, answering only under ``/<token>/``."""

    def page(request: Request) -> Response:
        return Response(_asset("index.html"), media_type="text/html; charset=utf-8")

    def page_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name in _PAGE_FILES:
            return Response(_asset(name), media_type=_PAGE_FILES[name])
        if name in _LEAFLET:
            return Response(_leaflet(name), media_type=_LEAFLET[name][1])
        return PlainTextResponse("not found", 404)

    def basemap(request: Request) -> Response:
        return Response(_basemap_gzip(), media_type="application/geo+json", headers={"content-encoding": "gzip"})

    def cables(request: Request) -> Response:
        return JSONResponse(session.listing())

    def cable(request: Request) -> Response:
        return JSONResponse(session.payload(_cable_index(request)))

    def search(request: Request) -> Response:
        return JSONResponse({"results": session.search(request.query_params.get("q", ""))})

    async def save(request: Request) -> Response:
        body = await _json_body(request)
        return JSONResponse(session.save(_cable_index(request), body))

    async def delete(request: Request) -> Response:
        body = await _json_body(request)
        return JSONResponse(session.delete(_cable_index(request), str(body.get("id", ""))))

    async def refused(request: Request, exc: Exception) -> Response:
        status = 409 if type(exc) is OverridesError else 400
        return JSONResponse({"error": str(exc)}, status_code=status)

    async def missing(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": "no such cable"}, status_code=404)

    routes = [
        Route("/", page),
        Route("/static/{name}", page_file),
        Route("/api/basemap", basemap),
        Route("/api/cables", cables),
        Route("/api/cables/{index:int}", cable),
        Route("/api/cables/{index:int}/overrides", save, methods=["POST"]),
        Route("/api/cables/{index:int}/overrides/delete", delete, methods=["POST"]),
        Route("/api/search", search),
    ]
    return Starlette(
        routes=[Mount(f"/{token}", routes=routes)],
        middleware=[
            Middleware(_Guard, token=token),
            Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost"]),
        ],
        exception_handlers={OverridesError: refused, IndexError: missing},
    )
