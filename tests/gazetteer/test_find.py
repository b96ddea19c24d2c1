"""Finding and resolving mentions with the bundled gazetteer, on real cable text."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer import Context, Gazetteer

SEED = Path(__file__).parents[1] / "data" / "cables" / "08BAKU812.txt"
# The seed's TAGS (AJ GG RS) as ISO codes, and its post's country.
SEED_CONTEXT = Context(countries=("AZ", "GE", "RU"), post_country="AZ")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.bundled()


@pytest.fixture(scope="module")
def seed_body() -> str:
    text = SEED.read_text(encoding="utf-8")
    # Blank the metadata and routing header as the cable reader does.
    start = text.index("1. (C) SUMMARY")
    return " " * start + text[start:]


def _ids(found):
    return {r.mention.replace("\n", " "): r.record_id for r in found}


def test_seed_places_resolve_to_the_georgian_and_caucasus_records(gaz, seed_body):
    found = gaz.find(seed_body, SEED_CONTEXT)
    ids = _ids(found)
    assert ids["Georgia"] == "ne:admin0:GEO"
    assert ids["South Ossetia"] == "ne:breakaway:South Ossetia"
    assert ids["Abkhazia"] == "ne:breakaway:Abkhazia"
    assert ids["Nagorno-Karabakh"] == "ne:breakaway:Nagorno-Karabakh"
    assert ids["Poti"] == "geonames:612366"
    assert ids["Gori"] == "geonames:614455"
    assert ids["Kaspi"] == "geonames:614104"
    assert ids["Gyumri"] == "geonames:616635"
    assert ids["Baku-Supsa pipeline"] == "gem:P0643"
    assert ids["Kosovo"] == "ne:admin0:KOS"
    for r in found:
        assert seed_body[r.start : r.end] == r.mention
        assert 0 < r.confidence <= 1
        assert r.reason


def test_longest_name_wins_and_inner_names_do_not_fire(gaz, seed_body):
    found = gaz.find(seed_body, SEED_CONTEXT)
    mentions = [r.mention for r in found]
    assert "Ossetia" not in mentions
    pipeline = next(r for r in found if r.mention == "Baku-Supsa pipeline")
    inside = [r for r in found if pipeline.start <= r.start < pipeline.end and r is not pipeline]
    assert inside == []


def test_names_inside_names_of_documents_and_institutions_do_not_fire(gaz):
    text = (
        "a new document on the level of the Helsinki Final Act is needed. "
        "Embassy Tbilisi reports that the NATO Riga Summit was quiet in Riga."
    )
    found = gaz.find(text, Context())
    assert [r.mention for r in found if r.kind == "place"] == ["Riga"]
    assert found[-1].start == text.rindex("Riga")


def test_demonyms_refer_to_their_country_and_are_marked(gaz):
    found = gaz.find("Azeri communities and Russian troops near Gori.", SEED_CONTEXT)
    by = {r.mention: r for r in found}
    assert by["Azeri"].demonym and by["Azeri"].record_id == "ne:admin0:AZE"
    assert by["Russian"].demonym and by["Russian"].record_id == "ne:admin0:RUS"
    assert not by["Gori"].demonym


def test_damaged_possessive_and_line_breaks_inside_names(gaz):
    text = "Azerbaijan,s position on the South\nCaucasus and Nagorno-\nKarabakh"
    ids = _ids(gaz.find(text, SEED_CONTEXT))
    assert ids["Azerbaijan"] == "ne:admin0:AZE"
    assert ids["South Caucasus"].endswith("south-caucasus")
    assert ids["Nagorno- Karabakh"] == "ne:breakaway:Nagorno-Karabakh"


def test_all_caps_text_finds_the_same_places(gaz, seed_body):
    mixed = {r.record_id for r in gaz.find(seed_body, SEED_CONTEXT) if not r.demonym}
    caps = {r.record_id for r in gaz.find(seed_body.upper(), SEED_CONTEXT) if not r.demonym}
    key = {
        "ne:admin0:GEO", "ne:breakaway:South Ossetia", "ne:breakaway:Abkhazia", "geonames:612366",
        "geonames:614455", "geonames:614104", "gem:P0643", "ne:admin0:KOS",
    }
    assert key <= mixed
    assert key <= caps
    assert len(caps - mixed) <= 2, caps - mixed  # capitals may not add a crop of false places


def test_common_words_and_short_words_are_not_places(gaz):
    text = "In the Southern part of the region, Energy and Union officials met. IN SUMMARY, NOTHING."
    assert gaz.find(text, Context()) == []


def test_context_chooses_between_namesakes(gaz):
    """Georgia the country in a cable tagged GG; Kareli the Georgian town beside Gori."""
    found = gaz.find("Troops left Gori and Kareli.", Context(countries=("GE",)))
    kareli = next(r for r in found if r.mention == "Kareli")
    assert gaz.record(kareli.record_id)["country"] == "GE"
    assert any(c.record_id.startswith("geonames:") for c in kareli.runners_up) or len(kareli.runners_up) == 0


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_gives_spans_that_point_back_into_it(gaz, text):
    for r in gaz.find(text, Context()):
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start : r.end] == r.mention
