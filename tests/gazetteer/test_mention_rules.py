"""Each rule of the mention finder (gazetteer._mention_rules), on a gazetteer of a handful of made-up records.

Every test pairs what a rule rejects with the same name in a sentence where it stays,
so it fails both when the rule goes and when it rejects too much.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tiny_gazetteer import record, tiny_gazetteer

from gazetteer._mention_rules import (
    CONTEXT_RULES,
    NAME_PART_RULES,
    Hit,
    Scan,
    a_date,
    a_disease,
    a_language,
    a_speaker,
    after_a_title,
    after_an_institution,
    beside_a_name,
    capitalised_ok,
    common_word,
    counted_in_capitals,
    ends_with_a_title,
    inside_an_address,
    is_dotted_abbreviation,
    lower_case_word,
    only_generic_in_capitals,
    part_of_an_organisation,
    placed,
    unsure_common_word,
    written_as_a_name,
)
from gazetteer._mentions import _CapsMap, _LowerCaseWords, find_mentions
from gazetteer._pronoun_us import _PRONOUN_US, PRONOUN_WINDOW, _listed_pronoun, is_pronoun_us

CAPS_FILLER = "THE REPORT FROM THE FIELD SAYS THAT "
ORDINARY = ("outside then troops officials reached left and went on in the embassy final company city council"
            " office fighting rebels hold now trade talks delegates cases said saw grazing moved that says based"
            " entered territory were held spoke minority villages")


@pytest.fixture(scope="module")
def gaz():
    return tiny_gazetteer(
        [
            record("t:gori", "Gori", 44.11, 41.98, population=48_000, country="GE"),
            record("t:allen", "Allen", -96.67, 33.10, population=5_000, country="US"),
            record("t:moscow", "Moscow", 37.62, 55.75, population=10_000_000, country="RU"),
            record("t:georgia", "Georgia", 43.5, 42.0, kind="country", subkind="admin0", country="GE"),
            record("t:us", "United States", -98.0, 39.0, "US", "U.S.", kind="country", subkind="admin0",
                   country="US"),
            record("t:ky", "Kentucky", -85.0, 37.5, "Ky.", "KY", kind="region", subkind="admin1", country="US"),
            record("t:ga", "Gaborone Region", 25.9, -24.6, "GA", kind="region", subkind="admin1", country="BW"),
            record("t:bat", "Bat", 10.0, 10.0, population=900),
            record("t:gord", "Gord", 12.0, 50.0, "GORD", population=900),
            record("t:wuxi", "Wuxi", 120.3, 31.6, "Usis", population=3_000_000, country="CN"),
            record("t:poti", "Poti", 41.67, 42.15, population=41_000, country="GE"),
            record("t:march", "March", 0.1, 52.5, population=22_000, country="GB"),
            record("t:lassa", "Lassa", 9.3, 10.7, population=3_000, country="NG"),
            record("t:helsinki", "Helsinki", 24.94, 60.17, population=600_000, country="FI"),
            record("t:tbilisi", "Tbilisi", 44.79, 41.72, population=1_100_000, country="GE"),
            record("t:dayton", "Dayton", -84.19, 39.76, population=140_000, country="US"),
            record("t:union", "Union", -74.26, 40.70, population=58_000, country="US"),
            record("t:buffalo", "Buffalo", -78.88, 42.89, population=58_000, country="US"),
            record("t:farnorth", "Far North", 14.0, 11.0, kind="region", subkind="admin1", country="CM"),
            record("t:skorea", "South Korea", 127.8, 36.5, kind="country", subkind="admin0", country="KR"),
            record("t:malakal", "Malakal", 31.66, 9.53, population=140_000, country="SS"),
            record("t:nl", "Netherlands", 5.3, 52.1, "The Netherlands", kind="country", subkind="admin0",
                   country="NL"),
            record("t:cleveland", "Cleveland", -81.69, 41.50, population=390_000, country="US"),
            record("t:english", "English", -86.46, 38.33, population=600, country="US"),
        ],
        demonyms={"Russian": "t:moscow"},
        common_words=frozenset({"union", "buffalo", "march"}),
        # the capitalised words the sentences put beside a name, so that only the rule under test rejects it
        ordinary_words=frozenset(ORDINARY.split()),
    )


def found(gaz, text: str, telegraphic: bool = False) -> list[str]:
    return [m.text for m in find_mentions(text, gaz._lexicon, telegraphic)]


def hit(gaz, text: str, name: str) -> tuple[Hit, Scan]:
    """The hit of *name* (its first occurrence) in *text*, with the scan of *text*."""
    scan = Scan(text, gaz._lexicon, _CapsMap(text), _LowerCaseWords(text))
    start = text.index(name)
    return Hit(start, start + len(name), gaz.index.key_id(name), name.lower().rstrip("."), scan), scan


# ---------------------------------------------------------------- span rules


def test_a_single_word_in_lower_case_is_never_a_name(gaz):
    assert found(gaz, "Troops reached Gori.") == ["Gori"]
    assert found(gaz, "Troops reached gori.") == []
    assert lower_case_word("the gori road", 4, "gori")
    assert not lower_case_word("the Gori road", 4, "gori")
    assert not lower_case_word("the port of Poti", 4, "port of poti")  # not a single word


def test_a_name_inside_an_e_mail_or_web_address_is_no_mention(gaz):
    assert found(gaz, "Write to Cleveland today.") == ["Cleveland"]
    assert found(gaz, "Write to esullivan@cleveland.com today.") == []
    assert found(gaz, "See www.Cleveland.org for more.") == []
    assert inside_an_address(*hit(gaz, "ESULLIVAN@CLEVELAND.COM", "CLEVELAND"))
    assert not inside_an_address(*hit(gaz, "IN CLEVELAND. COM", "CLEVELAND"))


def test_a_dotted_state_abbreviation_counts_only_right_after_the_place_it_locates(gaz):
    assert found(gaz, "He grew up in Allen, Ky. and left.") == ["Allen", "Ky."]
    assert found(gaz, "He said Ky. was far.") == []
    h, _ = hit(gaz, "in Allen, Ky. and", "Ky.")
    assert is_dotted_abbreviation(h)
    assert not is_dotted_abbreviation(hit(gaz, "the U.S. said", "U.S.")[0])


def test_us_in_capitals_after_a_verb_and_before_a_function_word_is_the_pronoun(gaz):
    assert found(gaz, CAPS_FILLER + "THEY TOLD US THAT IT WAS OVER.") == []
    assert found(gaz, CAPS_FILLER + "THEY MET US OFFICIALS ON MONDAY.") == ["US"]
    text = "HE TOLD US THAT"
    assert is_pronoun_us(text, 8, 10)
    assert not is_pronoun_us("THE US SAID IT", 4, 6)
    # a telegraphic text drops articles: there only the listed words make it the pronoun
    text = "THE OFFICIALS REACHED US QUICKLY."
    assert is_pronoun_us(text, 22, 24, frozenset({"reached"})) and not is_pronoun_us(
        text, 22, 24, frozenset({"reached"}), telegraphic=True)


_US_PIECES = st.sampled_from(["TO", "US", "TOLD", "THAT", "THE", "GAVE", "OF", "US-LED", "AND", "ABOUT", "TOUS",
                              "BUSTO", "ON", "A", "X", " ", "  ", "\n", ".", ",", "$"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_US_PIECES, max_size=20).map(" ".join))
def test_the_listed_verbs_are_tried_only_in_the_window_before_us(text):
    """Trying the pattern at the window's starts answers as searching the whole rest of the text did."""
    for m in re.finditer("US", text):
        whole = _PRONOUN_US.search(text, max(0, m.start() - PRONOUN_WINDOW))
        assert _listed_pronoun(text, m.start(), m.end()) == (whole is not None and whole.end() == m.end())


#: What collecting every lower-case word of a text by regex found (the rule asks :class:`_LowerCaseWords` instead).
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])")
_LOWER_PIECES = st.sampled_from(["march", "Union", "union", "unions", "mar", "ma", "buffalo", "x", "é", "É", "_", "'",
                                 "’", "-", "1", " ", "\n", ".", ",", "ßa", "union-", "MARCH"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_LOWER_PIECES, max_size=16).map("".join), st.sampled_from(["march", "union", "unions", "mar", "ma",
                                                                            "buffalo", "x", "é", "March", "ßa"]))
def test_a_word_is_in_lower_case_where_the_regex_of_lower_case_words_finds_it(text, word):
    assert _LowerCaseWords(text)(word) == (word in set(_LOWER_WORD.findall(text)))


def test_a_short_token_is_only_an_abbreviation_the_store_has(gaz):
    assert found(gaz, "Rain fell on the Bat river.") == []  # "Bat": three letters, no abbreviation of it
    assert found(gaz, "The US said so.") == ["US"]
    assert found(gaz, "The Us said so.") == []  # not in capitals


def test_a_two_letter_state_code_counts_only_right_after_the_place_it_locates(gaz):
    assert found(gaz, "Talks in Allen, GA went well.") == ["Allen", "GA"]
    assert found(gaz, "The GA vote went well.") == []


def test_a_short_word_in_capitals_in_mixed_case_text_keeps_only_its_display_names_and_abbreviations(gaz):
    assert found(gaz, "Troops left GORD on Monday.") == ["GORD"]
    assert found(gaz, "The USIS office said so.") == []  # Usis is only an alias of Wuxi
    h, scan = hit(gaz, "The USIS office said so.", "USIS")
    assert written_as_a_name(h, scan) is None


def test_in_mixed_case_a_name_starts_or_ends_with_a_capital(gaz):
    assert capitalised_ok("Gori") and capitalised_ok("port of Poti") and not capitalised_ok("gori")
    assert not capitalised_ok("...")
    h, scan = hit(gaz, "Troops reached Gori.", "Gori")
    assert written_as_a_name(h, scan) == 0


# ---------------------------------------------------------------- reading rules


def test_a_town_inside_a_persons_name_is_no_place_and_the_name_is_remembered(gaz):
    assert found(gaz, "Outside Gori the road was cut.") == ["Gori"]
    assert found(gaz, "Jenny Gori arrived on Monday.") == []
    # "Jim Allen": a later bare "Allen" is the same person
    assert found(gaz, "Troops reached Allen.") == ["Allen"]
    assert found(gaz, "Jim Allen arrived. Troops reached Allen.") == []
    assert beside_a_name("met Jenny ", " today", frozenset(), lambda w: False) == "before"
    assert beside_a_name("met the ", " Shipley", frozenset({"the"}), lambda w: False) == "after"
    # a word that names something (a demonym) is no first name
    assert beside_a_name("the ", " Russian pipeline", frozenset({"the"}), lambda w: w == "Russian") == ""


def test_a_town_before_a_verb_of_speech_is_a_person_speaking_unless_a_city_or_placed(gaz):
    assert found(gaz, "Then Allen said no.") == []
    assert found(gaz, "Officials in Allen said no.") == ["Allen"]
    assert found(gaz, "Then Moscow said no.") == ["Moscow"]  # the government of a big city
    assert a_speaker(*hit(gaz, "Then Allen said no.", "Allen"))
    assert not a_speaker(*hit(gaz, "Then Allen left.", "Allen"))


def test_in_capitals_a_place_stays_only_by_its_display_name(gaz):
    assert found(gaz, CAPS_FILLER + "TROOPS LEFT GORD ON MONDAY.") == ["GORD"]
    assert found(gaz, CAPS_FILLER + "TROOPS LEFT USIS ON MONDAY.") == []  # an alias of a place
    # unless a preposition of place introduces it
    assert found(gaz, CAPS_FILLER + "FIGHTING IN USIS WENT ON.") == ["USIS"]


# ---------------------------------------------------------------- context rules


def test_a_month_before_a_day_or_a_year_is_a_date(gaz):
    assert found(gaz, "Troops reached March on Monday.") == ["March"]
    assert found(gaz, "Troops left on March 5 for good.") == []
    assert a_date(*hit(gaz, "on March 2010", "March"))


def test_a_place_a_disease_is_named_after_is_no_mention(gaz):
    assert found(gaz, "Troops reached Lassa on Monday.") == ["Lassa"]
    assert found(gaz, "Cases of Lassa fever rose.") == []
    assert a_disease(*hit(gaz, "Cases of Lassa fever rose.", "Lassa"))


def test_a_peoples_name_used_for_its_language_is_no_mention(gaz):
    assert found(gaz, "Troops entered Russian territory.") == ["Russian"]
    assert found(gaz, "The talks were held in Russian.") == []
    assert found(gaz, "He spoke Russian, then left.") == []
    assert found(gaz, "THE RUSSIAN-SPEAKING MINORITY MET.") == []
    assert found(gaz, "Rebels hold Russian and Georgian villages.") == ["Russian"]  # an adjective
    assert a_language(*hit(gaz, "The talks were held in Russian.", "Russian"))
    # a language's name is never a namesake village
    assert found(gaz, "Troops reached English on Monday.") == []
    assert found(gaz, "Troops reached Gord on Monday.") == ["Gord"]


def test_a_place_inside_the_name_of_an_organisation_event_or_document_is_no_mention(gaz):
    assert found(gaz, "Delegates met in Helsinki on Monday.") == ["Helsinki"]
    assert found(gaz, "The Helsinki Final Act was signed.") == []
    assert found(gaz, CAPS_FILLER + "THE HELSINKI CITY COUNCIL MET.") == []
    # in capitals a name after an indefinite article or before "BASED" describes the organisation
    assert found(gaz, CAPS_FILLER + "THE HELSINKI COMPANY SAID SO.") == []
    assert found(gaz, CAPS_FILLER + "A HELSINKI COMPANY SAID SO.") == ["HELSINKI"]
    assert found(gaz, CAPS_FILLER + "THE HELSINKI-BASED COMPANY SAID SO.") == ["HELSINKI"]
    assert found(gaz, CAPS_FILLER + "THE HELSINKI BASED COMPANY SAID SO.") == ["HELSINKI"]
    # in capitals a function word cannot stand between: "GEORGIA AND THE GROUP" is Georgia
    assert found(gaz, CAPS_FILLER + "GEORGIA AND THE GROUP MET.") == ["GEORGIA"]
    # a cable's "GEORGIA TASK FORCE" reports on Georgia
    assert found(gaz, CAPS_FILLER + "THE GEORGIA TASK FORCE MET.") == ["GEORGIA"]
    assert found(gaz, "The Georgia Task Force met.") == []
    assert part_of_an_organisation(*hit(gaz, "The Helsinki Final Act", "Helsinki"))


def test_a_city_named_after_its_embassy_is_the_post(gaz):
    assert found(gaz, "Officials in Tbilisi met.") == ["Tbilisi"]
    assert found(gaz, "Embassy Tbilisi reports.") == []
    assert after_an_institution(*hit(gaz, "AMEMBASSY TBILISI", "TBILISI"))


def test_a_name_after_a_title_or_rank_is_a_persons(gaz):
    assert found(gaz, "Troops reached Dayton on Monday.") == ["Dayton"]
    assert found(gaz, "The talks, LTG Dayton said, went well.") == []
    assert found(gaz, "He met Gov. Dayton today.") == []
    assert found(gaz, "He met Prof. Dayton today.") == ["Dayton"]  # "prof" counts only as a dotted abbreviation
    assert after_a_title(*hit(gaz, "Senator Dayton", "Dayton"))
    assert ends_with_a_title("met Amb. ") and not ends_with_a_title("met Cpl. ")


def test_a_demonym_is_kept_where_a_place_name_would_be_part_of_another_name(gaz):
    assert found(gaz, "The Russian Company said so.") == ["Russian"]
    assert found(gaz, "The Moscow Company said so.") == []
    assert part_of_an_organisation in NAME_PART_RULES and a_date in CONTEXT_RULES


def test_a_common_word_is_a_name_after_a_preposition_of_place_but_cannot_tell_at_a_sentence_start(gaz):
    text = "Troops moved to Union and on to Gori."
    h, scan = hit(gaz, text, "Union")
    assert common_word(h, scan) and not unsure_common_word(h, scan, common_word(h, scan))
    assert found(gaz, text) == ["Union", "Gori"]
    assert found(gaz, "Troops moved on. Union officials met.") == []
    h, scan = hit(gaz, "Troops moved on. Union officials met.", "Union")
    assert unsure_common_word(h, scan, True)
    # an everyday word stays a word even after a preposition; one merely in the dictionary is a name there
    h, scan = hit(gaz, "Troops moved to Gori near Buffalo.", "Buffalo")
    assert not common_word(h, scan)


def test_in_capitals_a_common_word_after_an_article_or_a_number_is_the_word(gaz):
    assert found(gaz, CAPS_FILLER + "TROOPS REACHED BUFFALO ON MONDAY.") == []  # in capitals: cannot tell
    assert counted_in_capitals(*hit(gaz, CAPS_FILLER + "THEY SAW 20,000 BUFFALO GRAZING.", "BUFFALO"))
    assert not counted_in_capitals(*hit(gaz, CAPS_FILLER + "THEY SAW BUFFALO GRAZING.", "BUFFALO"))
    assert not counted_in_capitals(*hit(gaz, "They saw 20,000 Buffalo grazing.", "Buffalo"))


def test_in_capitals_a_name_of_compass_and_generic_words_is_no_name_unless_a_country(gaz):
    assert found(gaz, "Rebels hold the Far North now.") == ["Far North"]
    assert found(gaz, CAPS_FILLER + "REBELS HOLD THE FAR NORTH NOW.") == []
    assert found(gaz, CAPS_FILLER + "REBELS HOLD SOUTH KOREA NOW.") == ["SOUTH KOREA"]
    assert only_generic_in_capitals(*hit(gaz, CAPS_FILLER + "THE FAR NORTH", "FAR NORTH"))


def test_in_capitals_a_preposition_of_place_places_a_name_and_the_list_it_heads(gaz):
    mentions = find_mentions(CAPS_FILLER + "FIGHTING IN MALAKAL, GORI AND TBILISI WENT ON.", gaz._lexicon)
    assert [(m.text, m.placed) for m in mentions] == [("MALAKAL", True), ("GORI", True), ("TBILISI", True)]
    mentions = find_mentions(CAPS_FILLER + "MALAKAL AND GORI WENT ON.", gaz._lexicon)
    assert [(m.text, m.placed) for m in mentions] == [("MALAKAL", False), ("GORI", False)]
    assert placed(hit(gaz, CAPS_FILLER + "IN MALAKAL", "MALAKAL")[0])
    assert not placed(hit(gaz, "Fighting in Malakal went on.", "Malakal")[0])  # only capitals need the cue


def test_a_name_written_with_its_article_is_the_bare_name_and_longer_names_win(gaz):
    assert found(gaz, "Trade with the Netherlands grew.") == ["Netherlands"]
    assert found(gaz, "Trade with South Korea grew.") == ["South Korea"]
