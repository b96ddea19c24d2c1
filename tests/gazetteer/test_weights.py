"""The resolver's weights as data: the bundled file, its checks, and a resolver that reads what it is given."""

import dataclasses
import json

import pytest
from tiny_gazetteer import record, tiny_gazetteer

from gazetteer import Context, GazetteerError
from gazetteer._resolve import CONFIDENCE_FEATURES
from gazetteer._weights import WEIGHTS_VERSION, Weights, bundled_weights

BUNDLED = Weights.load()
NEWS = Context(genre="text")


def test_the_bundled_file_round_trips_byte_for_byte(tmp_path):
    from importlib import resources

    BUNDLED.save(tmp_path / "w.json")
    assert (tmp_path / "w.json").read_bytes() == (resources.files("gazetteer") / "data" / "weights.json").read_bytes()
    assert Weights.load(tmp_path / "w.json") == BUNDLED == bundled_weights()
    assert list(BUNDLED.confidence) == list(CONFIDENCE_FEATURES)


def test_a_file_of_another_version_or_with_other_keys_is_refused(tmp_path):
    data = BUNDLED.to_dict()
    for bad, says in (({**data, "version": WEIGHTS_VERSION + 1}, "version"),
                      ({k: v for k, v in data.items() if k != "tags_bonus"}, "missing ['tags_bonus']"),
                      ({**data, "tag_bonus": 2.5}, "unknown ['tag_bonus']"),
                      ({**data, "pair_top": 4.5}, "whole number"),
                      ({**data, "caps_extra": "0.5"}, "number")):
        (tmp_path / "w.json").write_text(json.dumps(bad), encoding="utf-8")
        with pytest.raises(GazetteerError, match=says.replace("[", r"\[").replace("]", r"\]")):
            Weights.load(tmp_path / "w.json")
    with pytest.raises(GazetteerError, match="not a readable weights file"):
        Weights.load(tmp_path / "none.json")


def _villages(weights=None):
    return tiny_gazetteer([
        record("t:1", "Dorna", 20.0, 45.0, population=3_000),
        record("t:2", "Dorna", 30.0, 50.0, population=1_000_000),
        record("t:3", "Vesk", 20.1, 45.1, population=200),
    ], weights=weights)


def test_the_resolver_weighs_with_the_gazetteers_weights():
    text = "Trucks reached Dorna and then Vesk."

    def found(weights=None):
        return {r.mention: r.record_id for r in _villages(weights).find(text, NEWS)}

    assert found() == {"Dorna": "t:1"}  # the town beside Vesk over the city far away; Vesk is too small alone
    # without the bonuses for names that lie close together, population decides
    assert found(dataclasses.replace(BUNDLED, pair_bonus=0.0, coherence_bonus=0.0)) == {"Dorna": "t:2"}
    # weigh the pair more and Vesk stands too
    assert found(dataclasses.replace(BUNDLED, pair_bonus=5.0)) == {"Dorna": "t:1", "Vesk": "t:3"}
    assert found(dataclasses.replace(BUNDLED, place_min_score=50.0)) == {}


def test_the_confidence_model_is_the_weights_own():
    text = "Trucks reached Dorna."
    assert [r.confidence for r in _villages().find(text, NEWS)] != [0.99]
    sure = dataclasses.replace(BUNDLED, confidence={**BUNDLED.confidence, "bias": 10.0})
    assert [r.confidence for r in _villages(sure).find(text, NEWS)] == [0.99]
    with pytest.raises(ValueError, match="confidence"):
        _villages(dataclasses.replace(BUNDLED, confidence={"bias": 1.0})).find(text, NEWS)
