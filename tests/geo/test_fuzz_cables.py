"""Fuzzing: mutated real cables and made-up bytes through ``places`` and ``map``.

Each run must end with exit status 0 or 2, never a traceback, within the time cap, and leave
either a whole output or none. The examples are derandomised (the same ones on every run), and
their number is bounded, so the test costs the same in CI every time.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CABLES = sorted((Path(__file__).parents[1] / "data" / "cables").glob("*.txt"))
#: No run may take longer than this (seconds): a hang guard, not a speed claim.
TIME_CAP = 60

#: Fragments a hostile or damaged cable may hold.
NASTY = [
    b"\x00", b"\xff\xfe", b"\xc3\x28", b"\x1f\x8b", b"\r", b"\r\n", "\u2028".encode(),
    b"{{ 7*7 }}", b"{% for x in range(9) %}", b"{#", b"${7*7}", b"</script><script>alert(1)</script>",
    b"U.S. " * 400, b"SUBJECT: ", b"TAGS: GG RS AJ ", b"1. (C) ", b"C O N F I D E N T I A L ",
    b"-" * 300, b"South\nOssetia", b"Baku-Supsa pipeline ", b"in Tskhinvaly ", "Tbilisi\u00a0".encode(),
    "\u0130ncirlik ".encode(), b"\t" * 50, b"\n" * 200, b"&amp;&lt;&gt;", b"\x1b[31m",
]


@st.composite
def mutated_cable(draw) -> bytes:
    """A real cable with a few cuts, copies, insertions and case changes."""
    data = bytearray(draw(st.sampled_from(CABLES)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["cut", "copy", "insert", "nasty", "upper", "truncate"]))
        a = draw(st.integers(0, len(data)))
        b = draw(st.integers(a, min(len(data), a + 3000)))
        if op == "cut":
            del data[a:b]
        elif op == "copy":
            data[a:a] = data[a:b] * draw(st.integers(1, 20))
        elif op == "insert":
            data[a:a] = draw(st.binary(max_size=64))
        elif op == "nasty":
            data[a:a] = draw(st.sampled_from(NASTY)) * draw(st.integers(1, 5))
        elif op == "upper":
            data[a:b] = data[a:b].upper()
        else:
            del data[a:]
    return bytes(data)


def check_run(run_cli, args: list, output: Path, kind: str) -> None:
    started = time.monotonic()
    code, _, err = run_cli(args)
    elapsed = time.monotonic() - started
    assert elapsed < TIME_CAP, f"{elapsed:.0f} s"
    assert code in (0, 2), err
    assert "Traceback" not in err and "internal error" not in err, err
    leftovers = [p for p in output.parent.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err
        assert not output.exists()
    elif kind == "geojson":
        json.loads(output.read_text(encoding="utf-8"))
    else:
        assert output.read_text(encoding="utf-8").rstrip().endswith("</html>")


_FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@_FUZZ
@given(data=st.one_of(mutated_cable(), st.binary(max_size=2000)))
def test_places_on_mutated_cables(data, run_cli, tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz")
    (d / "cable.txt").write_bytes(data)
    out = d / "places.geojson"
    check_run(run_cli, ["places", d / "cable.txt", "--format", "geojson", "-o", out], out, "geojson")


@settings(_FUZZ, max_examples=6)
@given(data=mutated_cable())
def test_map_on_mutated_cables(data, run_cli, tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz")
    (d / "cable.txt").write_bytes(data)
    out = d / "map.html"
    check_run(run_cli, ["map", d / "cable.txt", "-o", out, "--zone", "South Ossetia+20km"], out, "html")


@pytest.mark.parametrize("text", ["", " \n\t", "\x00" * 10, "TAGS: GG\n", "SUBJECT: x\nTAGS: GG\n" + "{{" * 5000])
def test_places_on_degenerate_files(text, run_cli, tmp_path):
    (tmp_path / "cable.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "places.geojson"
    check_run(run_cli, ["places", tmp_path / "cable.txt", "--format", "geojson", "-o", out], out, "geojson")
