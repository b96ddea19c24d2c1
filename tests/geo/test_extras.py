"""Each optional part of cablemap, when missing, stops with one line naming the extra to install."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = str(DATA / "cables" / "08BAKU812.txt")


@pytest.mark.parametrize(
    ("extra", "blocked", "args"),
    [
        ("static", "matplotlib", ["map", SEED, "--png", "{tmp}/m.png"]),
        ("pdf", "playwright", ["brief", SEED, "-o", "{tmp}/b.pdf"]),
        ("corpus", "dask", ["corpus", str(DATA / "corpus" / "cables_slice.csv"), "-o", "{tmp}/m.parquet", "--quiet"]),
        ("review", "starlette", ["review", SEED]),
    ],
)
def test_a_missing_extra_is_one_line_naming_it(extra, blocked, args, tmp_path, monkeypatch, run_cli):
    monkeypatch.setitem(sys.modules, blocked, None)  # as if not installed
    code, out, err = run_cli([a.replace("{tmp}", str(tmp_path)) for a in args])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"pip install 'cablemap[{extra}]'" in err and blocked in err
    assert list(tmp_path.iterdir()) == []  # nothing half-written
