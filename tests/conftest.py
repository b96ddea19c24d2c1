"""Shared fixtures: Debian's headless Chromium driven by Playwright, with the network cut off."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def run_cli(capsys) -> Callable[[list], tuple[int, str, str]]:
    """Run ``cablemap ARGS`` in this process: (exit status, stdout, stderr)."""
    from geo.cli.main import main

    def run(args: list) -> tuple[int, str, str]:
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as e:
            code = e.code or 0
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(autouse=True)
def _real_errors(monkeypatch):
    """An unexpected exception in the command line is raised, traceback and all, not folded into one line."""
    monkeypatch.setenv("CABLEMAP_DEBUG", "1")


@pytest.fixture(autouse=True)
def _no_personal_overrides(monkeypatch, tmp_path_factory):
    """A developer's own ~/.config/cablemap/overrides.jsonl never changes what a test sees."""
    if "CABLEMAP_OVERRIDES" not in os.environ:
        missing = tmp_path_factory.getbasetemp() / "no-overrides.jsonl"
        monkeypatch.setenv("CABLEMAP_OVERRIDES", str(missing))
_LOCAL_SCHEMES = ("file:", "data:")


def _unavailable(reason: str) -> None:
    """Skip on a developer machine, fail in CI (where the browser must be there)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


def _chromium_args() -> list[str]:
    args = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    return ["--no-sandbox", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium (``playwright.sync_api.Browser``) for the whole session."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright; never `playwright install`)")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=_chromium_args())
        except Error as exc:
            _unavailable(f"Chromium did not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


OpenOffline = Callable[[object, Path], tuple[object, list[str], list[str]]]


@pytest.fixture
def open_offline() -> Iterator[OpenOffline]:
    """``open_offline(page_or_browser, path) -> (page, requests, errors)``.

    Opens *path* with every request that is not ``file:``/``data:`` aborted and
    recorded in *requests*; console errors and uncaught page errors go to *errors*.
    Given a browser, a fresh context is made (and closed after the test).
    """
    contexts = []

    def _open(page_or_browser: object, path: Path) -> tuple[object, list[str], list[str]]:
        if hasattr(page_or_browser, "new_context"):
            context = page_or_browser.new_context(viewport={"width": 1280, "height": 860})
            contexts.append(context)
            page = context.new_page()
        else:
            page = page_or_browser
        requests: list[str] = []
        errors: list[str] = []

        def _route(route: object) -> None:
            url = route.request.url
            if url.startswith(_LOCAL_SCHEMES):
                route.continue_()
            else:
                requests.append(url)
                route.abort()

        page.context.route("**/*", _route)
        page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
        page.goto(Path(path).resolve().as_uri(), wait_until="load")
        return page, requests, errors

    yield _open
    for context in contexts:
        context.close()


_CLICK_POINT = """([lat, lon]) => {
    const map = window[document.querySelector('.folium-map').id];
    const p = map.latLngToContainerPoint([lat, lon]);
    const r = map.getContainer().getBoundingClientRect();
    return [r.left + p.x, r.top + p.y];
}"""


def _click_popup(page: object, lat: float, lon: float) -> str:
    x, y = page.evaluate(_CLICK_POINT, [lat, lon])
    page.mouse.click(x, y)
    popup = page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    return popup.inner_text()


@pytest.fixture
def click_popup() -> Callable[[object, float, float], str]:
    """``click_popup(page, lat, lon)``: click the map there like a person; the popup's text."""
    return _click_popup


# ------------------------------------------------------------------ processes left behind


def _stat(pid: int) -> tuple[int, str, int, str] | None:
    """(parent pid, state, start time, name) of *pid* from /proc, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name, rest = raw[raw.index("(") + 1 : raw.rindex(")")], raw[raw.rindex(")") + 2 :].split()
    return int(rest[1]), rest[0], int(rest[19]), name


def _descendants(root: int) -> dict[tuple[int, int], str]:
    """Every live process below *root*: (pid, start time) -> name."""
    stats = {int(p.name): s for p in Path("/proc").iterdir() if p.name.isdigit() and (s := _stat(int(p.name)))}
    found, todo = {}, [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, state, start, name) in stats.items():
            if ppid == parent and state != "Z":
                found[(pid, start)] = name
                todo.append(pid)
    return found


@pytest.fixture
def kill_mid_run() -> Callable[..., dict[tuple[int, int], str]]:
    """``kill_mid_run(args, ready)``: run *args*, SIGKILL it once ``ready(descendants)``; what survives 2 s later.

    *ready* gets the names of the live descendants (pid, start time -> name); every
    descendant seen while it ran is checked. Survivors are killed before returning.
    """
    import signal
    import subprocess
    import time

    if not Path("/proc/self/stat").exists():
        pytest.skip("needs Linux /proc")

    def run(args: list, ready: Callable[[dict], bool], timeout: float = 180) -> dict[tuple[int, int], str]:
        proc = subprocess.Popen([str(a) for a in args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seen: dict[tuple[int, int], str] = {}
        deadline = time.monotonic() + timeout
        try:
            while not ready(seen):
                if proc.poll() is not None:
                    pytest.fail(f"finished before it could be killed: {proc.stderr.read().decode()[-500:]}")
                if time.monotonic() > deadline:
                    pytest.fail(f"never ready; saw {sorted(set(seen.values()))}")
                seen.update(_descendants(proc.pid))
                time.sleep(0.05)
            seen.update(_descendants(proc.pid))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            proc.stderr.close()
        time.sleep(2)
        alive = {}
        for (pid, start), name in seen.items():
            now = _stat(pid)
            if now is not None and now[2] == start and now[1] != "Z":
                alive[(pid, start)] = name
                os.kill(pid, signal.SIGKILL)
        return alive

    return run
