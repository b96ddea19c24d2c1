"""The one list of titles (gazetteer/data/titles.tsv) and where each title counts."""

import pytest

from gazetteer.titles import USES, titles


def test_each_title_counts_where_the_file_says():
    before, ordinary, dotted = (titles(use) for use in USES)
    assert {"gov", "sen", "gen", "capt"} <= before & ordinary & dotted
    assert {"president", "ambassador", "ltg", "rev"} <= before - ordinary - dotted
    assert {"det", "supt", "insp"} <= ordinary - before - dotted
    assert "prof" in dotted - before - ordinary and "cllr" in before & ordinary - dotted
    assert all(t == t.lower() and t.isalpha() for t in before | ordinary | dotted)
    assert (len(before), len(ordinary), len(dotted)) == (54, 14, 17)


def test_an_unknown_use_is_refused():
    with pytest.raises(ValueError, match="no title use"):
        titles("after_name")
