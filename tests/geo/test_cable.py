"""The cable reader on real cables: header fields, paragraphs, excluded spans, carriers, bad input."""

from __future__ import annotations

import gzip
import json
import random
import re
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.cable.carriers import load
from geo.cable.reader import Cable, decode_bytes, parse_cable, read_cable
from geo.errors import CableError, CablemapError

CABLES = Path(__file__).parents[1] / "data" / "cables"
FORMATS = CABLES / "formats"
SEED = CABLES / "08BAKU812.txt"


@pytest.fixture(scope="module")
def seed() -> Cable:
    return read_cable(SEED)


def numbered(cable: Cable) -> list:
    return [p for p in cable.paragraphs if p.number is not None]


def blanked(cable: Cable, phrase: str) -> bool:
    """Every occurrence of *phrase* in the text is gone from the searchable text."""
    st_text = cable.searchable_text()
    starts = [m.start() for m in re.finditer(re.escape(phrase), cable.text)]
    return bool(starts) and all(not st_text[s:s + len(phrase)].strip() for s in starts)


# --- the seed cable ----------------------------------------------------------------------------


def test_seed_header_fields(seed):
    assert seed.refid == "08BAKU812"
    assert seed.created == datetime(2008, 8, 27, 13, 51)
    assert seed.origin == "Embassy Baku"
    assert seed.post == "Baku"
    assert seed.classification == "CONFIDENTIAL"
    assert seed.tags == ("AJ", "ENRG", "GG", "PREL", "RS")
    assert seed.country_tags == ("AJ", "GG", "RS")
    assert seed.countries == ("AZ", "GE", "RU")
    assert seed.subject_tags == ("ENRG", "PREL")
    assert seed.subject == (
        'FOREIGN MINISTER: RUSSIAN INVANSION SENDS MESSAGE THAT "WE\'RE BACK;" AZERBAIJAN SEEKS U.S. SUPPORT'
    )
    assert seed.references == ()


def test_seed_body_starts_at_the_first_banner_after_the_routing_header(seed):
    assert seed.body_start == 560  # the gold annotation's body_start
    assert seed.text[seed.body_start:].startswith("C O N F I D E N T I A L BAKU 000812")


def test_seed_has_twelve_confidential_paragraphs(seed):
    paras = numbered(seed)
    assert [p.number for p in paras] == list(range(1, 13))
    assert {p.portion for p in paras} == {"C"}
    assert paras[0].label == "¶1 (C)" and paras[11].label == "¶12 (C)"
    assert seed.text[paras[3].start:].startswith("4. (C) Concerning the buffer zones")
    # the part before paragraph 1 is covered too: header text and both SUBJECT copies
    assert seed.paragraphs[0].start == seed.body_start and seed.paragraphs[0].label == "header text"
    assert [p.label for p in seed.paragraphs].count("subject") == 2
    assert all(a.end == b.start for a, b in pairwise(seed.paragraphs))
    assert seed.paragraphs[-1].end == len(seed.text)


def test_seed_searchable_text_keeps_places_and_drops_routing(seed):
    text = seed.searchable_text()
    assert len(text) == len(seed.text)
    assert [i for i, c in enumerate(text) if c == "\n"] == [i for i, c in enumerate(seed.text) if c == "\n"]
    assert "ANKARA" not in text  # INFO RUEHAK/AMEMBASSY ANKARA
    assert "BAKU 000812" not in text  # banners
    for gone in ("SIPDIS", "E.O. 12958", "TAGS:", "SUBJECT:", "VZCZC", "WASHDC", "DERSE", "Cable title"):
        assert gone not in text, gone
    for kept in ("Kulevi oil terminal", "South Ossetia", "Nagorno-Karabakh", "Baku-Supsa pipeline",
                 "AZERBAIJAN SEEKS U.S. SUPPORT", "Classified By: Ambassador Anne E. Derse"):
        assert kept in text, kept


def test_excluded_spans_are_sorted_and_disjoint(seed):
    spans = seed.excluded
    assert spans[0][0] == 0 and spans[0][1] >= seed.body_start
    assert all(s < e for s, e in spans)
    assert all(a[1] < b[0] for a, b in pairwise(spans))


def test_no_gold_toponym_falls_in_an_excluded_span():
    for line in (CABLES / "gold_spans.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        cable = read_cable(CABLES / f"{gold['doc_id']}.txt")
        assert cable.body_start == gold["body_start"]
        text = cable.searchable_text()
        for start, end, name in gold["spans"]:
            assert cable.text[start:end] == name
            assert text[start:end] == name, (gold["doc_id"], name, start)


def test_sentence_and_paragraph_of_a_mention(seed):
    i = seed.text.index("Kulevi oil terminal")
    assert seed.paragraph_at(i).label == "¶1 (C)"
    assert seed.sentence_at(i, i + len("Kulevi oil terminal")) == (
        "He warned that Russian insistence on buffer zones in Georgia around the conflict areas will "
        "affect key energy infrastructure assets, including rail lines, the Baku-Supsa pipeline and "
        "the Azeri-owned Kulevi oil terminal."
    )
    assert seed.paragraph_at(10) is None  # the metadata block before the body
    j = seed.text.index("AZERBAIJAN SEEKS")
    assert seed.paragraph_at(j).label == "subject"


# --- variants ----------------------------------------------------------------------------------


def test_page_marker_inside_a_sentence_is_blanked():
    cable = read_cable(CABLES / "08TBILISI1336.txt")
    text = cable.searchable_text()
    assert "TBILISI 00001336 002 OF 002" in cable.text
    assert blanked(cable, "TBILISI 00001336 002 OF 002")
    assert "told Poloff that Georgian" in text and "troops were on the move on the M-27" in text
    i = cable.text.index("troops were on the move")
    assert cable.sentence_at(i, i + 6) == (
        "OSCE Military observers told Poloff that Georgian troops were on the move on the M-27 "
        "from east to west and west to east, in the direction of Gori."
    )


def test_sentence_case_banner_and_lower_case_tags():
    cable = read_cable(CABLES / "09BAKU20.txt")
    assert cable.text[cable.body_start:].startswith("S e c r e t section 01 of 02 baku 000020")
    assert cable.refid == "09BAKU20" and cable.classification == "SECRET//NOFORN"
    assert cable.tags == ("PGOV", "PRL", "PTER", "AJ", "IS", "IR")
    assert cable.country_tags == ("AJ", "IS", "IR")
    assert cable.countries == ("AZ", "IL", "IR")
    assert cable.subject == "azerbaijan's discreet symbiosis with israel"
    assert cable.references == ("08 baku 1119", "Baku 17")
    for line in ("S e c r e t section 01 of 02 baku 000020", "Tags: pgov, prl, pter, aj, is, ir",
                 "Dept for eur/carc", "b. 08 baku 1119", "c. Baku 17",
                 "S E C R E T SECTION 01 OF 02 BAKU 000020 NOFORN SIPDIS DEPT FOR EUR/CARC"):
        assert blanked(cable, line), line
    assert "azerbaijan's discreet symbiosis with israel" in cable.searchable_text()
    assert [p.number for p in numbered(cable)] == list(range(1, 10))


def test_reference_lines_and_in_text_references_are_blanked():
    cable = read_cable(CABLES / "08TBILISI1341.txt")
    assert cable.references == ("TBILISI 1337",)
    assert blanked(cable, "REF: TBILISI 1337")
    assert blanked(cable, "TBILISI 00001341  002 OF 002")
    assert blanked(cable, "DEPT FOR EUR/CARC")
    # "¶0200. Reports indicate ..." is a time, not paragraph 200
    assert [p.number for p in numbered(cable)] == list(range(1, 11))
    assert "0200. Reports indicate" in cable.searchable_text()
    state = read_cable(CABLES / "08STATE90980.txt")
    assert state.references == ("Moscow 2522",)
    assert blanked(state, "Ref: Moscow 2522 (NOTAL)")
    assert blanked(state, "RICE")
    assert (state.origin, state.post, state.refid) == ("Secretary of State", None, "08STATE90980")


def test_in_text_cable_references_are_blanked_but_not_quantities():
    task_force = read_cable(CABLES / "08STATE86156.txt")
    text = task_force.searchable_text()
    assert blanked(task_force, "Tbilisi 1356") and blanked(task_force, "Yerevan 639")
    assert "PANIC IN TBILISI" in text  # a heading, not a reference
    old = read_cable(CABLES / "66BUENOSAIRES2481.txt")
    assert blanked(old, "STATE 106206")  # on the REF line and in "RE PAR 3 STATE 106206 BELIEVE"
    assert blanked(old, "STATE \n10942")  # a reference broken across lines
    assert "CHILEAN 200 MILE" in old.searchable_text()  # a quantity after a demonym


def test_dumped_export_records_and_their_headers_are_blanked():
    astana = read_cable(CABLES / "10ASTANA251.txt")
    assert astana.text[astana.body_start:].startswith("S e c r e t section 01 of 14 astana 000251")
    assert astana.countries == ("KZ",) and len(numbered(astana)) == 49
    assert blanked(astana, "Astana 00000251 002 of 014")
    bogota = read_cable(CABLES / "02BOGOTA3281.txt")
    assert "header ends" not in bogota.searchable_text()
    assert "AMEMBASSY CARACAS" not in bogota.searchable_text()
    assert "FARC CAMPS IN VENEZUELA" in bogota.searchable_text()


def test_truncated_cable_is_read():
    cable = read_cable(CABLES / "08TBILISI1348.txt")
    assert cable.subject == "GEORGIA: SOUTH OSSETIA SITREP 4: GEORGIANS DECLARE MARTIAL LAW, CLOSE BATUMI AIRPORT"
    assert "CLOSE BATUMI AIRPORT" in cable.searchable_text()
    assert numbered(cable) == []
    assert blanked(cable, "SIPDIS DEPT FOR EUR/CARC E.O. 12958: DECL: 08/09/2018 TAGS: PREL PGOV RU GG")


# --- carriers ----------------------------------------------------------------------------------


def test_html_page_gives_the_text_file_and_its_metadata():
    page = read_cable(FORMATS / "08TBILISI1341.site-2011-04.avilaroman.html")
    txt = read_cable(CABLES / "08TBILISI1341.txt")
    assert page.text == txt.text
    assert page.excluded == txt.excluded and page.paragraphs == txt.paragraphs
    assert (page.refid, page.created, page.classification, page.origin) == (
        "08TBILISI1341", datetime(2008, 8, 8, 10, 10), "CONFIDENTIAL", "Embassy Tbilisi")
    assert page.tags == ("PGOV", "PREL", "RU", "GG") and page.countries == ("RU", "GE")


def test_html_page_is_parsed_as_html(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><script>var s = '<pre>not the cable</pre>';</script></head><body>"
        "<h3>Viewing cable 08BAKU812, FOREIGN MINISTER &amp; THE\n AMBASSADOR</h3>"
        "<table class='cable'><tr><th>Reference ID</th><th>Origin</th></tr>"
        "<tr><td><a href='/cable/08BAKU812.html'>08BAKU812</a></td><td>Embassy\n  Baku</td></tr></table>"
        "<PRE>HEADER</PRE><pre class='x'>TAGS: <a href='/tag/PGOV.html'>PGOV</a><!-- c -->&#x000A;a &lt; b</pre>"
        "<pre>never closed"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    text, meta = load(path, None, 10_000)
    assert text == "HEADER\n\nTAGS: PGOV\na < b\n"
    assert (meta.refid, meta.origin, meta.title) == ("08BAKU812", "Embassy Baku", "FOREIGN MINISTER & THE AMBASSADOR")


def test_csv_row_matches_the_text_file():
    row = read_cable(FORMATS / "cables_sample.csv", refid="66BUENOSAIRES2481")
    txt = read_cable(CABLES / "66BUENOSAIRES2481.txt")
    assert (row.refid, row.created, row.origin, row.classification) == (
        "66BUENOSAIRES2481", datetime(1966, 12, 28, 18, 48), "Embassy Buenos Aires", "UNCLASSIFIED")
    for field in ("subject", "tags", "countries", "references", "post", "body_start"):
        assert getattr(row, field) == getattr(txt, field), field
    assert [p.number for p in numbered(row)] == [p.number for p in numbered(txt)] == list(range(1, 9))
    assert row.text[:row.body_start] == txt.text[:txt.body_start]

    def body(cable: Cable) -> list[str]:  # the dump has no ¶ and commas in TAGS
        lines = cable.text[cable.body_start:].splitlines()
        return [ln.rstrip().lstrip("¶") for ln in lines if not ln.startswith("TAGS")]

    assert body(row) == body(txt)


def test_csv_with_several_cables_needs_a_refid():
    with pytest.raises(CableError) as e:
        read_cable(FORMATS / "cables_sample.csv")
    assert "holds 2 cables" in str(e.value) and "--refid" in str(e.value) and "66BUENOSAIRES2481" in str(e.value)
    assert "\n" not in str(e.value)
    with pytest.raises(CableError, match="no cable 99NOWHERE1"):
        read_cable(FORMATS / "cables_sample.csv", refid="99NOWHERE1")
    assert read_cable(FORMATS / "cables_sample.csv", refid="72tehran1164").countries == ("IR",)


def test_txt_mirror_with_metadata_lines_and_glued_header():
    cable = read_cable(FORMATS / "02ANKARA8150.txt")
    assert (cable.refid, cable.created, cable.origin) == ("02ANKARA8150", datetime(2002, 11, 13), "Embassy Ankara")
    assert cable.text[cable.body_start:].startswith("UNCLAS ANKARA 008150")
    assert cable.text[:cable.body_start].endswith("not available.")
    assert cable.references == ("ANKARA 7410", "SECSTATE 200660")
    assert cable.countries == ("AF", "TR")
    assert blanked(cable, "EB/IFD/ODF, SA/AR, SA/PAB AND EUR/SE") and blanked(cable, "PEARSON")


def test_pdf_converted_latin1_crlf_text():
    raw = (FORMATS / "07KINGSTON382.txt").read_bytes()
    assert b"\xb61." in raw and b"\r\n" in raw
    text = decode_bytes(raw, "07KINGSTON382.txt")
    assert "¶1." in text and "\r" not in text
    cable = read_cable(FORMATS / "07KINGSTON382.txt")
    assert cable.refid == "07KINGSTON382" and cable.countries == ("JM",)
    assert [p.number for p in numbered(cable)] == [1, 2, 3]


def test_gzip_input(tmp_path, seed):
    gz = tmp_path / "08BAKU812.txt.gz"
    gz.write_bytes(gzip.compress(SEED.read_bytes()))
    assert read_cable(gz) == seed


def test_decode_bytes_accepts_bom_and_windows_1252():
    assert decode_bytes(b"\xef\xbb\xbfTAGS: AJ", "x") == "TAGS: AJ"
    assert decode_bytes(b"Azerbaijan\x92s pipeline\r\n", "x") == "Azerbaijan\u2019s pipeline\n"


def test_refid_names_a_cable_whose_file_carries_none(tmp_path):
    path = tmp_path / "cable.txt"
    text = SEED.read_text(encoding="utf-8")
    path.write_text(text[text.index("VZCZCXYZ0000"):], encoding="utf-8")  # without the metadata lines
    assert read_cable(path).refid == "08BAKU812"  # banner + serial + DTG year
    assert read_cable(path, refid="08BAKU0812").refid == "08BAKU0812"
    with pytest.raises(CableError, match="holds cable 08BAKU812"):
        read_cable(SEED, refid="08BAKU813")


# --- bad input ---------------------------------------------------------------------------------


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    rng = random.Random(7)
    cases = {
        "empty.txt": b"",
        "blank.txt": b" \n\t\n",
        "binary.bin": bytes(rng.randrange(256) for _ in range(4000)),
        "nul.txt": b"C O N F I D E N T I A L BAKU 000812\x00\x00",
        "utf16.txt": SEED.read_text(encoding="utf-8").encode("utf-16"),
        "utf16le.txt": "".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(500)).encode("utf-16-le"),
        "data.json": json.dumps({"refid": "08BAKU812", "tags": ["AJ", "GG"], "text": "TAGS: AJ"}).encode(),
        "README.md": (CABLES / "not-a-cable-README.md").read_bytes(),
        "prose.txt": ("The pipeline from Baku to Supsa crosses Georgia. " * 40).encode(),
        "broken.gz": b"\x1f\x8b\x08\x00garbage",
    }
    for name, data in cases.items():
        (tmp / name).write_bytes(data)
    return {name: tmp / name for name in cases}


def test_bad_files_raise_a_one_line_cable_error(tmp_path):
    cases = _bad_inputs(tmp_path)
    cases["missing.txt"] = tmp_path / "missing.txt"
    cases["a directory"] = tmp_path
    for name, path in cases.items():
        with pytest.raises(CableError) as e:
            read_cable(path)
        message = str(e.value)
        assert str(path) in message and "\n" not in message, (name, message)
        assert isinstance(e.value, CablemapError) and isinstance(e.value, ValueError)


def test_bad_file_reasons(tmp_path):
    cases = _bad_inputs(tmp_path)
    reasons = {
        "empty.txt": "empty file", "binary.bin": "binary", "nul.txt": "NUL", "utf16.txt": "UTF-16",
        "data.json": "JSON", "README.md": "Markdown", "prose.txt": "not a cable", "broken.gz": "gzip",
    }
    for name, reason in reasons.items():
        with pytest.raises(CableError, match=reason):
            read_cable(cases[name])
    with pytest.raises(CableError, match="no such file"):
        read_cable(tmp_path / "missing.txt")


# --- properties --------------------------------------------------------------------------------

_PIECES = [
    "C O N F I D E N T I A L SECTION 01 OF 02 TBILISI 001341\n", "S e c r e t baku 000020 ", "SIPDIS\n",
    "DEPT FOR EUR/CARC\n", "E.O. 12958: DECL: 08/08/2018\n", "TAGS: PGOV PREL RU GG\n", "Tags: aj, ",
    "SUBJECT: GEORGIA: SOUTH OSSETIA\n", "REF: A. TBILISI 1337 B. BAKU 12\n", "¶1. (C) ", "2.(SBU) ",
    "Fighting near Gori and Tskhinvali. ", "(TBILISI 1362) ", "TBILISI 00001336 002 OF 002 ", "XXXXXXXXXXXX ",
    "P 271351Z AUG 08\nFM AMEMBASSY BAKU\nTO RUEHC/SECSTATE WASHDC PRIORITY 5898\n", "<<249839>>\n",
    "\n\n", "TEFFT\n", "¶0200. ", "UNCLAS ", "(", ")", " ", "\r\n", "\xa0",
]


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)),
                                                 max_size=40).map("".join)))
def test_parse_never_fails_with_anything_but_a_cable_error(text):
    try:
        cable = parse_cable(text)
    except CableError as e:
        assert "\n" not in str(e)
        return
    n = len(text)
    assert cable.text == text and len(cable.searchable_text()) == n
    assert all(0 <= s < e <= n for s, e in cable.excluded)
    assert all(a[1] < b[0] for a, b in pairwise(cable.excluded))
    assert all(cable.body_start <= p.start < p.end <= n for p in cable.paragraphs)
    for p in cable.paragraphs:
        assert isinstance(cable.sentence_at(p.start, p.end), str) and p.label
