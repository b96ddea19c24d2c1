"""The briefing document: classification banners, escaping, the exposure digest, printing without Chromium."""

from __future__ import annotations

import pandas as pd
import pytest
from maps_seed import PAYLOAD

from maps import MapsError, briefing_pdf
from maps.briefing import briefing_document
from maps.classification import UNKNOWN, banner_colours, banner_text, highest


@pytest.mark.parametrize(
    ("markings", "expected"),
    [
        (["CONFIDENTIAL", "SECRET", "UNCLASSIFIED"], "SECRET"),
        (["SECRET", "secret//noforn", "CONFIDENTIAL//NOFORN"], "SECRET//NOFORN"),
        (["UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED"], "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        (["TOP SECRET", "SECRET//NOFORN"], "TOP SECRET"),
        ([None, "CONFIDENTIAL"], "CONFIDENTIAL"),
        ([None, ""], UNKNOWN),
    ],
)
def test_highest_classification(markings: list, expected: str) -> None:
    assert highest(markings) == expected


def test_banner_colours_follow_the_level_and_unknown_is_never_unclassified() -> None:
    assert banner_colours("SECRET//NOFORN") == banner_colours("SECRET")
    assert len({banner_colours(m) for m in ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET", None)}) == 5
    assert banner_text(PAYLOAD) == UNKNOWN
    assert banner_text("  secret//noforn ") == "SECRET//NOFORN"


def _exposure(rows: list[tuple]) -> pd.DataFrame:
    cols = ["zone", "name", "kind", "status", "km_inside", "distance_km", "mentioned", "source"]
    return pd.DataFrame(rows, columns=cols)


def _document(**changes: object) -> str:
    kwargs = {
        "title": {"refid": "08BAKU812", "subject": "S", "date": "2008-08-27", "origin": "Embassy Baku"},
        "marking": "CONFIDENTIAL",
        "cables": [{"refid": "08BAKU812", "date": "2008-08-27", "subject": "S", "classification": "CONFIDENTIAL",
                    "origin": "Embassy Baku"}],
        "map_html": "<p>map</p>",
        "zones": ["South Ossetia+20km"],
        "within_km": 100.0,
        "exposure": _exposure([]),
        "excerpts": [],
        "attribution": [{"name": "GeoNames", "licence": "CC BY 4.0"}],
        "generated": "2026-11-27 21:00 UTC",
    }
    return briefing_document(**(kwargs | changes))


def test_hostile_text_is_escaped_everywhere_in_the_document() -> None:
    doc = _document(
        title={"refid": PAYLOAD, "subject": PAYLOAD, "date": PAYLOAD, "origin": PAYLOAD},
        cables=[dict.fromkeys(("refid", "date", "subject", "classification", "origin"), PAYLOAD)],
        zones=[PAYLOAD],
        exposure=_exposure([(PAYLOAD, PAYLOAD, PAYLOAD, PAYLOAD, 1.0, 0.0, True, PAYLOAD)]),
        excerpts=[{"refid": PAYLOAD, "paragraph": PAYLOAD, "sentence": f"At {PAYLOAD} now.", "mentions": [PAYLOAD],
                   "names": [PAYLOAD]}],
        attribution=[{"name": PAYLOAD, "licence": PAYLOAD, "url": f"https://example.org/{PAYLOAD}"}],
        marking=PAYLOAD,
    )
    assert "<img" not in doc and "<script" not in doc  # the document has no script of its own
    assert "${" not in doc and "`" not in doc
    assert doc.count("&lt;/script&gt;&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;") >= 10
    assert doc.count(f">{UNKNOWN}<") == 3  # both banners and the title block: a bad marking never passes


def test_exposure_digest_keeps_what_matters_and_counts_the_rest() -> None:
    rows = [
        ("Z", "In", "asset", "inside", 0.0, 0.0, False, "a"),
        ("Z", "Across", "asset", "crosses", 3.0, 0.0, False, "b"),
        ("Z", "Named far", "place", "outside", 0.0, 90.0, True, "c"),
    ]
    rows += [("Z", f"Other {i}", "asset", "outside", 0.0, float(i), False, f"o{i}") for i in range(1, 11)]
    doc = _document(exposure=_exposure(rows))
    for name in ("In", "Across", "Named far", "Other 1", "Other 5"):
        assert f"<td>{name}</td>" in doc, name
    assert "<td>Other 6</td>" not in doc
    assert "5 more catalogued feature(s)" in doc


def test_no_zones_says_so() -> None:
    assert "No zones were given" in _document(zones=[])


def test_printing_without_chromium_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CABLEMAP_CHROMIUM", raising=False)
    monkeypatch.setattr(briefing_pdf, "_CANDIDATES", ("/nonexistent/chromium",))
    with pytest.raises(MapsError, match="need Chromium") as caught:
        briefing_pdf.pdf_bytes("<p>x</p>", marking="SECRET")
    assert "\n" not in str(caught.value)
    with pytest.raises(MapsError, match="unknown paper 'a3'"):
        briefing_pdf.pdf_bytes("<p>x</p>", marking="SECRET", paper="a3")
