"""Assets worldwide: sentences written for each subkind, namesake traps, one record per real asset."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gazetteer import Context, Gazetteer
from gazetteer._assets import core_name


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.bundled()


def _found(gaz: Gazetteer, text: str, ctx: Context | None = None) -> dict[str, object]:
    return {r.mention: r for r in gaz.find(text, ctx or Context())}


def _km(gaz: Gazetteer, row: int, lon: float, lat: float) -> float:
    x, y = gaz.point(row)
    a = np.radians([y, lat])
    d = np.sin((a[1] - a[0]) / 2) ** 2 + np.cos(a[0]) * np.cos(a[1]) * np.sin(np.radians(lon - x) / 2) ** 2
    return float(2 * 6371 * np.arcsin(np.sqrt(d)))


# One sentence per subkind: (sentence, mention, subkind, a source id the record must carry).
SUBKIND_SENTENCES = [
    ("Kyrgyz officials said the lease on Manas Air Base would be reviewed.", "Manas Air Base", "air-base",
     "ourairports:UAFM"),
    ("The delegation landed at Keflavik International Airport before dawn.", "Keflavik International Airport",
     "air-base", "ourairports:BIKF"),
    ("Russian warships called at the Tartus naval facility in May.", "Tartus naval facility", "naval-base",
     "curated:tartus-naval-facility"),
    ("Container traffic at the port of Rotterdam fell 10 percent.", "port of Rotterdam", "port", "wpi:31140"),
    ("Cheniere's Sabine Pass LNG terminal shipped its first cargo.", "Sabine Pass LNG terminal", "lng-terminal",
     "gem:T0240"),
    ("Oil exports through the Primorsk oil terminal rose in March.", "Primorsk oil terminal", "oil-terminal",
     "curated:primorsk-terminal"),
    ("Insurgents shelled the Baiji refinery overnight.", "Baiji refinery", "refinery", "curated:baiji-refinery"),
    ("Output at the Rumaila oil field rose to 1.3 million barrels a day.", "Rumaila oil field", "field",
     "gem:OG0012002"),
    ("Transit through the Druzhba pipeline was halted for three days.", "Druzhba pipeline", "pipeline-oil",
     "gem:P5133"),
    ("The New Rumaila power station will add 3,000 MW by 2012.", "New Rumaila power station", "power-plant", ""),
    ("MOSUL DAM COULD FAIL, THE ARMY CORPS OF ENGINEERS WARNED.", "MOSUL DAM", "dam", "gppd:WRI1008722"),
    ("The Bushehr nuclear power plant is due to load fuel.", "Bushehr nuclear power plant", "nuclear-plant",
     "gppd:WRI1023916"),
    ("IAEA inspectors returned to the Yongbyon nuclear complex on Tuesday.", "Yongbyon nuclear complex",
     "nuclear-facility", "curated:yongbyon"),
    ("Strikes closed the Gevra coal mine for a week.", "Gevra coal mine", "mine", "gem:M0527"),
    ("Severstal bid for the Magnitogorsk steel plant.", "Magnitogorsk steel plant", "steel-plant",
     "gem:P100000120807"),
]


@pytest.mark.parametrize(("text", "mention", "subkind", "source_id"), SUBKIND_SENTENCES)
def test_each_subkind_is_found_as_an_asset(gaz, text, mention, subkind, source_id):
    r = _found(gaz, text)[mention]
    assert r.kind == "asset" and gaz.records["subkind"].iloc[r.row] == subkind
    if source_id:
        ids = gaz.assets.set_index("id").loc[r.record_id, "source_ids"].split("|")
        assert source_id in ids or r.record_id == source_id


def test_one_real_asset_in_three_sources_is_one_record(gaz):
    bushehr = gaz.assets.set_index("id").loc["gnd:GNDP-IR-Bushehr"]
    assert {"gnd:GNDP-IR-Bushehr", "gppd:WRI1023916"} <= set(bushehr["source_ids"].split("|"))
    assert any(s.startswith("gem:L") for s in bushehr["source_ids"].split("|"))
    assert "gppd:WRI1023916" not in set(gaz.records["id"])  # folded into the GeoNuclearData site


def test_a_pipeline_split_into_segments_is_one_asset_with_their_routes(gaz):
    rec = gaz.record("gem:P0653")
    ids = gaz.assets.set_index("id").loc["gem:P0653", "source_ids"].split("|")
    assert {"gem:P5133", "gem:P5326", "gem:P5207"} <= set(ids)
    # the union reaches from the Volga (Kuibyshev) to eastern Germany (Schwedt-Leuna)
    xmin, _, xmax, _ = rec.geometry.bounds
    assert xmin < 13.5 and xmax > 49.0
    assert rec["kind"] == "asset" and gaz.lookup("Druzhba pipeline", kinds=("asset",))["id"].tolist() == ["gem:P0653"]


def test_source_decorations_are_stripped():
    assert core_name("Shah Deniz Oil and Gas Field (Azerbaijan)") == "Shah Deniz"
    assert core_name("Kajaki Hydroelectric Power Plant Afghanistan", ["Afghanistan"]) == "Kajaki"


def test_shah_deniz_as_cables_write_it(gaz):
    for text in ("BP says gas from the Shah Deniz field will reach Erzurum.", "SHAH DENIZ GAS FIELD OUTPUT FELL."):
        r = next(r for r in gaz.find(text, Context()) if "deniz" in r.mention.lower())
        assert r.record_id == "gem:OG0012923"


@pytest.mark.parametrize(("text", "record_id"), [
    ("The Zaporizhzhia NPP lost off-site power.", "gnd:GNDP-UA-Zaporozhye"),
    ("The Zaporozhye nuclear power plant lost off-site power.", "gnd:GNDP-UA-Zaporozhye"),
    ("The Enguri hydropower plant supplies Georgia.", "gem:L601700"),
    ("The Inguri dam supplies Georgia.", "gem:L601700"),
    ("USAID funds the Kajakai dam.", "gem:L604252"),
    ("USAID funds the Kajaki Dam.", "gem:L604252"),
    ("The Chornobyl reactor was sealed.", "gnd:GNDP-UA-Chernobyl"),
    ("The Chernobyl nuclear power plant was sealed.", "gnd:GNDP-UA-Chernobyl"),
    ("Radar at Thule Air Base was upgraded.", "ourairports:BGTL"),
    ("Radar at Pituffik Space Base was upgraded.", "ourairports:BGTL"),
    ("the tankers at İNCİRLİK AIR BASE", "ourairports:LTAG"),
    ("the tankers at Incirlik Air Base", "ourairports:LTAG"),
    ("the tankers at İncirlik Air Base", "ourairports:LTAG"),
    ("The Metsamor nuclear power plant must close.", "gnd:GNDP-AM-Armenian"),
    ("The Karachi Nuclear Power Plant was shut.", "gnd:GNDP-PK-KANUPP"),
    ("ACG output rose.", "gem:OG0012912"),
    ("Oil from ACG flows through the BTC pipeline.", "gem:OG0012912"),
    # an airport by its own name, without the city it serves or before the head
    ("Police searched the plane at Heathrow airport.", "ourairports:EGLL"),
    ("THE DELEGATION LANDED AT HEATHROW AIRPORT.", "ourairports:EGLL"),
    ("Flights to Schiphol airport resumed.", "ourairports:EHAM"),
    ("He flew into Rafic Hariri airport.", "ourairports:OLBA"),
])
def test_spelling_variants_and_former_names(gaz, text, record_id):
    assets = [r for r in gaz.find(text, Context()) if r.kind == "asset"]
    assert assets and assets[0].record_id == record_id


@pytest.mark.parametrize(("text", "mention", "not_kind"), [
    ("Gazprom says Nord Stream will carry gas to Greifswald.", "Nord Stream", "region"),
    ("Tarbela Dam is full after the monsoon.", "Tarbela Dam", "feature"),
    ("Mosul Dam is at risk of collapse.", "Mosul Dam", "place"),
    ("The Bushehr nuclear power plant is due to load fuel.", "Bushehr nuclear power plant", "region"),
    ("Natanz enrichment facility is busy.", "Natanz enrichment facility", "place"),
])
def test_a_name_with_an_asset_head_is_never_the_namesake(gaz, text, mention, not_kind):
    r = _found(gaz, text)[mention]
    assert r.kind == "asset" != not_kind


def test_an_asset_head_without_such_an_asset_takes_no_town(gaz):
    # No dam named Gori is catalogued: the phrase is not the town of Gori either.
    found = gaz.find("Engineers inspected the Gori dam upstream of the town.", Context(countries=("GE",)))
    assert not any(r.record_id == "geonames:614455" for r in found)


def test_manas_the_village_is_not_the_air_base(gaz):
    village = gaz.find("Floods reached the village of Manas in Dagestan.", Context(countries=("RU",)))
    assert not any(r.kind == "asset" for r in village)
    base = _found(gaz, "Tankers flew out of Manas Air Base.")["Manas Air Base"]
    assert base.record_id == "ourairports:UAFM"
    assert _km(gaz, base.row, 74.4776, 43.0613) < 5


def test_nord_in_a_french_text_is_not_nord_stream(gaz):
    french = gaz.find("Les électeurs du Nord ont voté dimanche à Lille.", Context(genre="text"))
    assert not any(r.kind == "asset" for r in french)
    stream = _found(gaz, "Nord Stream will carry Russian gas to Germany.", Context(genre="text"))["Nord Stream"]
    assert stream.record_id == "gem:P0753"


@pytest.mark.parametrize(("text", "ctx", "asset"), [
    ("Iran continues enrichment at Natanz; centrifuges are spinning.", Context(), True),
    ("We drove through Natanz on the way to Kashan.", Context(), False),
    ("INCIRLIK REMAINS CRITICAL FOR CARGO FLIGHTS INTO IRAQ.", Context(), True),
    ("Kant remains important for CSTO aircraft.", Context(countries=("KG",)), True),
    ("Kant remains a small town.", Context(countries=("KG",)), False),
    ("Dimona remains off limits.", Context(countries=("IL",), topics=("KNNP",)), True),
    ("Dimona remains a quiet town.", Context(countries=("IL",)), False),
])
def test_a_bare_name_is_decided_by_its_context(gaz, text, ctx, asset):
    found = gaz.find(text, ctx)
    bare = [r for r in found if r.mention.split("'")[0].lower() in ("natanz", "incirlik", "kant", "dimona")]
    assert any(r.kind == "asset" for r in bare) is asset
    if asset:
        r = next(r for r in bare if r.kind == "asset")
        assert "say it is the asset" in r.reason


def test_curated_sites_cite_a_source_and_an_accuracy(gaz):
    rec = gaz.records.set_index("id")
    for rid in ("curated:natanz-enrichment", "curated:fordow-enrichment", "curated:arak-ir40",
                "curated:isfahan-ucf", "curated:yongbyon", "curated:dimona", "curated:kahuta",
                "curated:pelindaba", "curated:camp-lemonnier", "curated:guantanamo-naval-station",
                "curated:sevastopol-naval-base", "curated:tartus-naval-facility", "curated:primorsk-terminal",
                "curated:sheskharis-terminal", "curated:ras-tanura-terminal", "curated:abqaiq-plant",
                "curated:baiji-refinery"):
        r = rec.loc[rid]
        assert r["source"] and r["accuracy_m"] >= 1000 and r["kind"] == "asset"
        assert ("GeoNames" in r["source"]) or ("OurAirports" in r["source"]) or ("World Port Index" in r["source"])


def test_camp_lemonnier_lies_at_the_airport_its_row_cites(gaz):
    camp, airport = gaz.row_of("curated:camp-lemonnier"), gaz.row_of("ourairports:HDAM")
    assert shapely.equals(gaz.records.geometry.iloc[camp], gaz.records.geometry.iloc[airport])


def test_an_airports_own_name_is_a_core_but_no_decoration_or_english_word():
    from gazetteer.build_assets import _an_airports_own_name, _without_city

    assert _without_city(["London Heathrow", "London"], "London") == ["Heathrow"]
    assert _without_city(["Frankfurt am Main"], "Frankfurt") == []
    assert _without_city(["Honolulu International", "Sacramento Executive"], "Honolulu") == []
    assert [n for n in ("Schiphol", "Rafic Hariri", "Executive", "Naval Air", "LRRS", "Intl",
                        "International Sunport", "Airport Eelde") if _an_airports_own_name(n)] == ["Schiphol",
                                                                                                 "Rafic Hariri"]
