"""Time saves in the review app with 200 fixes in the overrides file.

Run on demand, not in CI:

    python tests/bench/review_saves.py

The bundled sample cable 08BAKU812 gets 200 "not a place" fixes (its mentions, then
other words), written through :func:`geo.overrides_file.save_entry`. Then, timed:

- one save through :meth:`geo.review.data.ReviewSession.save` (write + the cable's new
  page payload), median of 30, each adding a 201st..230th fix;
- 200 saves over HTTP from 8 client threads at once (each its own fix), wall time;
- the baseline, in the same process: opening the cable in a new session (analysis,
  candidate lists, reading the file) — the work a save no longer repeats.
"""

from __future__ import annotations

import json
import re
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from gazetteer import Gazetteer
from geo import SAMPLE_CABLE
from geo.cable.reader import read_cable
from geo.overrides_file import context_hash, new_id, parse_entry, save_entry
from geo.review.app import create_app
from geo.review.data import ReviewSession
from geo.review.server import new_token, serving

FIXES = 200


def _spans(cable, first: dict) -> list[tuple[int, int, str]]:
    words = [(m["start"], m["end"], m["mention"]) for m in first["mentions"]]
    words += [(m.start(), m.end(), m[0]) for m in re.finditer(r"\b[a-z]{4,}\b", cable.text)]
    return list(dict.fromkeys(words))


def _fix(start: int, end: int, mention: str) -> dict:
    return {"start": start, "end": end, "mention": mention, "action": "not-a-place"}


def main() -> None:
    gaz = Gazetteer.bundled()
    cable = read_cable(SAMPLE_CABLE)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "overrides.jsonl"
        session = ReviewSession([cable], path, gaz)
        spans = _spans(cable, session.payload(0))
        assert len(spans) >= FIXES + 30 + 200, len(spans)
        for start, end, mention in spans[:FIXES]:
            save_entry(path, parse_entry({
                "scope": "mention", "action": "not-a-place", "who": "bench", "when": "2026-12-01T00:00:00Z",
                "note": "", "id": new_id(), "refid": cable.refid, "start": start, "end": end, "mention": mention,
                "context": context_hash(cable.text, start, end)}))
        session.payload(0)

        t = time.perf_counter()
        ReviewSession([cable], path, gaz).payload(0)
        baseline = time.perf_counter() - t

        times = []
        for start, end, mention in spans[FIXES:FIXES + 30]:
            t = time.perf_counter()
            session.save(0, _fix(start, end, mention))
            times.append(time.perf_counter() - t)
        one = statistics.median(times)

        token = new_token()
        todo = spans[FIXES + 30:FIXES + 230]
        with serving(create_app(session, token), token) as url:
            origin = "/".join(url.split("/")[:3])

            def client(part: list[tuple[int, int, str]]) -> None:
                for start, end, mention in part:
                    req = urllib.request.Request(
                        url + "api/cables/0/overrides", data=json.dumps(_fix(start, end, mention)).encode(),
                        headers={"Content-Type": "application/json", "Origin": origin})
                    with urllib.request.urlopen(req, timeout=120) as resp:
                        assert resp.status == 200

            threads = [threading.Thread(target=client, args=(todo[k::8],)) for k in range(8)]
            t = time.perf_counter()
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            wall = time.perf_counter() - t

    print(f"baseline: open the cable in a new session with {FIXES} fixes on file: {1000 * baseline:7.1f} ms")
    print(f"one save at {FIXES}..{FIXES + 30} fixes (median of 30):            {1000 * one:7.1f} ms"
          f"  ({one / baseline:.3f} of the baseline)")
    print(f"200 saves over HTTP, 8 clients at once, {FIXES + 30}..{FIXES + 230} fixes:  {wall:7.1f} s"
          f"  ({1000 * wall / len(todo):.1f} ms a save)")


if __name__ == "__main__":
    main()
