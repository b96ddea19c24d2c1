"""The example notebook runs clean, top to bottom, with no network."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).parents[2] / "examples" / "cable_to_briefing.ipynb"


def test_cable_to_briefing_notebook_runs_clean(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    streams = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "Traceback" not in streams and "Warning" not in streams
    for name in ("08BAKU812.html", "08BAKU812.gpkg", "08BAKU812.kml", "08BAKU812-briefing.html"):
        assert (tmp_path / name).stat().st_size > 10_000, name
    html = (tmp_path / "08BAKU812.html").read_text(encoding="utf-8")
    assert "Kulevi" in html and "https://unpkg" not in html
    layers = [c for c in nb.cells if "pyogrio.list_layers" in c.source][0].outputs[0]["data"]["text/plain"]
    assert all(name in layers for name in ("places", "assets", "zones", "exposure"))
