"""Running the review app: uvicorn on 127.0.0.1 only, in the foreground or a background thread."""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette

from ..errors import CablemapError

HOST = "127.0.0.1"


def new_token() -> str:
    """A fresh secret for the app's URL."""
    return secrets.token_urlsafe(24)


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1:*port* (0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as e:
        sock.close()
        raise CablemapError(f"cannot listen on {HOST}:{port}: {e.strerror}") from None
    sock.listen(64)
    return sock


def url_of(sock: socket.socket, token: str) -> str:
    """The page's address on *sock*."""
    return f"http://{HOST}:{sock.getsockname()[1]}/{token}/"


def _server(app: Starlette) -> uvicorn.Server:
    return uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))


def serve(app: Starlette, sock: socket.socket) -> None:
    """Serve *app* on *sock* until interrupted."""
    _server(app).run(sockets=[sock])


@contextmanager
def serving(app: Starlette, token: str, port: int = 0) -> Iterator[str]:
    """Serve *app* in a background thread while the block runs; yields the page's URL."""
    sock = bind(port)
    server = _server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise CablemapError("the review server did not start")
        time.sleep(0.02)
    try:
        yield url_of(sock, token)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
