"""Normalisation: the same fold for names and text, with offsets back into the text."""

from hypothesis import given
from hypothesis import strategies as st

from gazetteer._normalize import _SQUEEZE, fold_chars, name_key, normalize_text


def test_line_breaks_and_dashes_inside_names_fold_away():
    text = "refugees from South\n  Ossetia, Nagorno-\nKarabakh and the Baku \u2013 Supsa line"
    norm, offsets = normalize_text(text)
    assert "south ossetia" in norm
    assert "nagorno-karabakh" in norm
    assert "baku-supsa" in norm
    i = norm.index("south ossetia")
    assert text[offsets[i] : offsets[i + len("south ossetia") - 1] + 1] == "South\n  Ossetia"


def test_georgian_apostrophes_and_accents():
    assert name_key("P\u2019ot\u2019i") == "p'ot'i"
    assert name_key("Sanqa\u00e7al") == "sanqacal"
    # A letter with no decomposition (schwa) stays as it is, lower-cased.
    assert name_key("  T\u0259rt\u0259r ") == "t\u0259rt\u0259r"


@given(st.text(max_size=300))
def test_offsets_map_every_kept_character_back(text):
    norm, offsets = normalize_text(text)
    assert len(offsets) == len(norm) + 1
    assert offsets[-1] == len(text)
    assert all(a < b for a, b in zip(offsets, offsets[1:]))
    folded = fold_chars(text)
    assert len(folded) == len(text)
    for i, ch in enumerate(norm):
        assert folded[offsets[i]] == ch


@given(st.text(alphabet=" -\u2013a\nB\u00e9", max_size=60) | st.text(max_size=200))
def test_squeezed_text_is_the_squeeze_rule_applied(text):
    """The vectorised squeeze gives what the rule's regex gives, dashes and space runs anywhere."""
    expected = _SQUEEZE.sub(lambda m: "-" if "-" in m.group() else " ", fold_chars(text))
    assert normalize_text(text)[0] == expected


@given(st.text(max_size=80))
def test_name_key_is_idempotent(name):
    assert name_key(name_key(name)) == name_key(name)
