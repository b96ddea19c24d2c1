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
                      ({**data, "caps_extra": "0.5"}, "number"),
                      ({**data, "calibration": [[0.0, 0.0]]}, "two or more"),
                      ({**data, "calibration": [[0.0, 0.2], [0.5, 0.1]]}, "never fall"),
                      ({**data, "calibration": [[0.5, 0.2], [0.5, 0.3]]}, "must rise"),
                      ({**data, "calibration": [[0.0, 0.2], [1.5, 0.3]]}, "between 0 and 1")):
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
    # a sure model says what the surest answers' share of right ones was on the development sets
    assert [r.confidence for r in _villages(sure).find(text, NEWS)] == [min(0.99, BUNDLED.calibration[-1][1])]
    raw = dataclasses.replace(sure, calibration=((0.0, 0.0), (1.0, 1.0)))
    assert [r.confidence for r in _villages(raw).find(text, NEWS)] == [0.99]
    with pytest.raises(ValueError, match="confidence"):
        _villages(dataclasses.replace(BUNDLED, confidence={"bias": 1.0})).find(text, NEWS)


def test_the_calibration_maps_the_models_chance_through_its_knots_and_keeps_its_order():
    text = "Trucks reached Dorna."
    flat = dataclasses.replace(BUNDLED, calibration=((0.0, 0.37), (1.0, 0.37)))
    assert [r.confidence for r in _villages(flat).find(text, NEWS)] == [0.37]
    raw = [r.confidence for r in _villages(dataclasses.replace(BUNDLED, calibration=((0.0, 0.0), (1.0, 1.0))))
           .find(text, NEWS)]
    halved = dataclasses.replace(BUNDLED, calibration=((0.0, 0.0), (1.0, 0.5)))
    assert [r.confidence for r in _villages(halved).find(text, NEWS)] == [pytest.approx(raw[0] / 2, abs=1e-3)]
    chances, shares = zip(*BUNDLED.calibration)
    assert list(chances) == sorted(set(chances)) and list(shares) == sorted(shares)
