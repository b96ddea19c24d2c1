"""What the bundled store covers beyond cities500, and how context chooses among namesakes.

The sentences here are written for these tests (they are not benchmark texts).
"""

import pytest

from gazetteer import Context, Gazetteer

NEWS = Context(genre="text")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.bundled()


def _by_mention(found):
    return {r.mention: r for r in found}


def test_admin2_units_are_points_of_their_own_geonames_places(gaz):
    orange = gaz.lookup("Orange County", kinds=("region",))
    assert {"US"} <= set(orange["country"]) and (orange["subkind"] == "admin2").all()
    ca = orange[orange["admin1"] == "California"].iloc[0]
    assert ca["geonameid"] == 5379524  # admin2Codes US.CA.059
    # The point is a GeoNames place inside the county, and says how far its places spread.
    assert 33.3 < ca.geometry.y < 34.0 and -118.2 < ca.geometry.x < -117.4
    assert ca["accuracy_m"] >= 10_000 and "medoid" in ca["source"]


def test_the_region_named_after_a_county_picks_the_namesake(gaz):
    text = "Wildfires burned in Orange County, California, and flooding hit Orange County, Texas."
    found = [r for r in gaz.find(text, NEWS) if r.mention == "Orange County"]
    assert [gaz.records.at[r.row, "admin1"] for r in found] == ["California", "Texas"]
    assert all("inside the region named right after it" in r.reason for r in found)


@pytest.mark.parametrize(
    ("name", "subkind"),
    [("Middle East", "macro-region"), ("Korean Peninsula", "macro-region"), ("Balkans", "macro-region"),
     ("Southeast Asia", "macro-region"), ("Europe", "continent"), ("Black Sea", "sea"), ("Pacific", "ocean")],
)
def test_macro_regions_continents_and_seas_are_in_the_store(gaz, name, subkind):
    found = gaz.find(f"Tensions rose across the {name} this week.", NEWS)
    assert [gaz.records.at[r.row, "subkind"] for r in found] == [subkind]


def test_countries_carry_their_geonames_id_and_a_central_point(gaz):
    rows = {r.mention: r.row for r in gaz.find("Officials in Russia, the U.S. and Georgia met.", NEWS)}
    assert gaz.geonameid(rows["Russia"]) == 2017370
    assert gaz.geonameid(rows["U.S."]) == 6252001
    # GeoNames' own point for Russia: 60 N 100 E, central Siberia.
    assert gaz.point(rows["Russia"]) == (100.0, 60.0)


def test_state_and_country_georgia_follow_the_text(gaz):
    us = _by_mention(gaz.find("Atlanta, Georgia, and Savannah saw storms; Georgia's governor spoke.", NEWS))
    assert us["Georgia"].record_id == "ne:admin1:USA:Georgia"
    caucasus = _by_mention(gaz.find("Russian troops left Gori; Georgia and Abkhazia remain tense.", NEWS))
    assert caucasus["Georgia"].record_id == "ne:admin0:GEO"


def test_a_surname_is_not_a_town_once_the_text_names_the_person(gaz):
    text = "Coach Jim Allen praised the team. Later Allen told reporters the season was over."
    assert [r.mention for r in gaz.find(text, NEWS)] == []


def test_people_named_by_nationality_count_in_cables_only(gaz):
    text = "The Russians moved tanks; Russian officials denied it."
    assert [r.mention for r in gaz.find(text, Context())] == ["Russians", "Russian"]
    assert [r.mention for r in gaz.find(text, NEWS)] == ["Russian"]


def test_the_eu_is_an_organisation_in_cables_and_a_region_in_news(gaz):
    text = "The EU and Georgia signed the agreement."
    assert "EU" not in [r.mention for r in gaz.find(text, Context())]
    assert _by_mention(gaz.find(text, NEWS))["EU"].record_id == "curated:european-union"


def test_all_capitals_text_finds_the_same_places(gaz):
    text = "Shelling continued near Gori and Tskhinvali while talks went on in Tbilisi and Moscow."
    mixed = [(r.start, r.record_id) for r in gaz.find(text, NEWS)]
    caps = [(r.start, r.record_id) for r in gaz.find(text.upper(), NEWS)]
    assert mixed == caps and len(mixed) == 4


def test_unknown_locative_names_are_offered_for_online_lookup(gaz):
    text = "Refugees gathered near Zemo Nikozi and in Tbilisi."
    found = gaz.find(text, NEWS)
    names = [n for _, _, n in gaz.unknown_names(text, found)]
    assert "Tbilisi" not in names
    assert all(text.count(n) for n in names)


def test_dotted_state_abbreviations_count_only_right_after_a_place(gaz):
    found = gaz.find("He moved from Louisville, Ky., to Vancouver, B.C., last year.", NEWS)
    assert [(r.mention, r.record_id) for r in found if r.kind == "region"] == [
        ("Ky.", "ne:admin1:USA:Kentucky"), ("B.C.", "ne:admin1:CAN:British Columbia")]
    assert gaz.find("After the service they attended Mass. Then they left.", NEWS) == []


def test_a_weekday_after_a_city_is_no_surname(gaz):
    assert [r.record_id for r in gaz.find("Snow falls on Toronto Saturday night.", NEWS)] == ["geonames:6167865"]


def test_a_name_with_an_initial_is_a_person_and_dotted_names_still_match(gaz):
    assert gaz.find("Classified By: Political Counselor Alice G. Wells for reasons 1.4 (b).", Context()) == []
    found = gaz.find("He flew to Washington D.C. and then to Alice Springs.", NEWS)
    assert [(r.mention, r.record_id) for r in found] == [
        ("Washington D.C.", "geonames:4140963"), ("Alice Springs", "geonames:2077895")]


def test_a_hyphenated_chain_naming_a_pipeline_is_not_three_countries(gaz):
    text = "Gas imports via the Russia-Georgia-Armenia natural gas pipeline resumed; Russia and Armenia agreed."
    assert [r.mention for r in gaz.find(text, Context())] == ["Russia", "Armenia"]


def test_an_envoy_is_a_person(gaz):
    found = gaz.find("The talks with Russian special envoy Popov ended in Tbilisi.", Context())
    assert [r.mention for r in found] == ["Russian", "Tbilisi"]


def test_hyphenated_demonyms_before_a_crossing_stay_two_mentions(gaz):
    found = gaz.find("Trucks waited at the Georgian-Armenian border crossing; some Tbilisians helped.", Context())
    assert [(r.mention, r.demonym) for r in found] == [("Georgian", True), ("Armenian", True), ("Tbilisians", True)]
