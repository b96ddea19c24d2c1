"""The resolver's weights: every number it scores candidates and confidence with, as data.

They live in one versioned file, ``gazetteer/data/weights.json`` (one key per field
of :class:`Weights`, plus ``version``), fitted by ``tests/bench/tune_resolution.py``
(the evidence weights) and ``tests/bench/fit_confidence.py`` (the confidence model),
whose ``--write`` rewrites the file. Scores add up: a *bonus* is added where its
evidence holds, a *penalty* taken off; ``*_km`` are distances.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import cast

from .errors import GazetteerError

#: The version of the file's layout this code reads (a new field or a renamed one is a new version).
WEIGHTS_VERSION = 2
_BUNDLED = "weights.json"


@dataclass(frozen=True)
class Weights:
    """What each piece of evidence weighs in a candidate's score, and the confidence model."""

    #: score for what a record is, by kind (``country``, ``admin1``... the subkind for regions), ``other`` for the rest
    kind_prior: Mapping[str, float]
    population_weight: float  #: per tenfold population of a populated place (half of it for an admin-2 unit)
    capital_bonus: float  #: a national capital over its namesakes
    admin_seat_bonus: float  #: an admin-unit seat (GeoNames PPLA*) over its namesakes
    ocean_bonus: float  #: "the Atlantic" is the ocean, not Atlantic, Iowa
    primary_name_bonus: float  #: the span is the record's display name
    variant_name_penalty: float  #: the span is only a derived variant of a name
    own_unit_city_bonus: float  #: "Sao Paulo", "Minsk": the bare name is the city rather than its admin-1 unit
    common_word_penalty: float  #: a name that is also a common English word (not a wide area)
    tags_bonus: float  #: in a country of the cable's TAGS
    post_bonus: float  #: in the country of the post that sent the cable
    text_country_bonus: float  #: in a country the text itself is clearly about (scaled 0..1)
    text_area_bonus: float  #: in an admin-1 unit the text itself is clearly about (scaled 0..1)
    coherence_bonus: float  #: near the places of the text that are already clear (decays over ``coherence_km``)
    coherence_km: float
    container_bonus: float  #: agreed with by a "Place, Region" apposition
    #: two names of one text whose leading candidates lie this close say where the text is
    #: ("Springfield" and "Decatur": Illinois), though neither is sure alone (decays over ``pair_km``)
    pair_bonus: float
    pair_km: float
    pair_top: int  #: how many leading candidates of each name take part in pairs
    article_penalty: float  #: a town named with an article and no noun after it ("in the Caucasus")
    bare_penalty: float  #: an asset named by its bare core ("Incirlik")...
    bare_words_bonus: float  #: ...lifted by a word of its kind nearby (runway, reactor, barrels),
    bare_tags_bonus: float  #: by the cable's subject TAGS (MARR, KNNP, ENRG),
    bare_others_bonus: float  #: and by other assets the text names with their heads
    place_min_score: float  #: a populated place that wins below this is no place at all
    caps_extra: float  #: in all-capitals text any word looks like a name: a place needs this much more
    same_place_km: float  #: candidates this close to the winner count as the same answer for its confidence
    spread_km: float  #: areas wider than a circle of this radius stand for where the text means only loosely
    #: the confidence model: logistic weight per feature (see ``gazetteer._resolve.CONFIDENCE_FEATURES``)
    confidence: Mapping[str, float]
    #: the model's chance -> the share of such answers that were right on the development sets: knots
    #: ``(chance, share)``, both rising (an isotonic fit), read between them by linear interpolation
    #: (an answer below the first knot or above the last takes its share; ``[[0, 0], [1, 1]]`` reads the chance
    #: as it is)
    calibration: tuple[tuple[float, float], ...]

    @classmethod
    def load(cls, path: Path | Traversable | None = None) -> Weights:
        """The weights in *path* (default: the bundled ``gazetteer/data/weights.json``)."""
        path = resources.files("gazetteer") / "data" / _BUNDLED if path is None else path
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise GazetteerError(f"{path}: not a readable weights file ({e})") from e
        return cls.of(data, str(path))

    @classmethod
    def of(cls, data: dict, where: str = "weights") -> Weights:
        """The weights in *data*, a mapping as the file holds it (``version`` and one key per field)."""
        if data.get("version") != WEIGHTS_VERSION:
            raise GazetteerError(f"{where}: weights version {data.get('version')!r}, this code reads {WEIGHTS_VERSION}")
        # (cast: under ``from __future__ import annotations`` field types are strings: "float", "Mapping[str, float]")
        fields = {f.name: cast(str, f.type) for f in dataclasses.fields(cls)}
        given = set(data) - {"version"}
        if given != set(fields):
            missing, unknown = sorted(set(fields) - given), sorted(given - set(fields))
            raise GazetteerError(f"{where}: weights missing {missing}, unknown {unknown}")
        return cls(**{name: _typed(data[name], kind, f"{where}: {name}") for name, kind in fields.items()})

    def to_dict(self) -> dict:
        """The weights as the file holds them, ``version`` first."""
        return {"version": WEIGHTS_VERSION, **{k: (dict(v) if isinstance(v, Mapping) else v)
                                               for k, v in dataclasses.asdict(self).items()}}

    def save(self, path: Path) -> None:
        """Write the weights to *path* as JSON (floats written as their shortest exact repr, a knot on one line)."""
        text = _KNOT.sub(r"[\1, \2]", json.dumps(self.to_dict(), indent=2))
        path.write_text(text + "\n", encoding="utf-8")


_KNOT = re.compile(r"\[\s+(-?[\d.e-]+),\s+(-?[\d.e-]+)\s+\]")


def _typed(value, kind: str, where: str):
    """*value* as the field's type (``float``, ``int``, a name -> float mapping or calibration knots)."""
    if kind.startswith("tuple"):
        return _knots(value, where)
    if kind.startswith("Mapping"):
        if not isinstance(value, dict):
            raise GazetteerError(f"{where}: expected an object of numbers")
        return {str(k): _number(v, f"{where}.{k}") for k, v in value.items()}
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise GazetteerError(f"{where}: expected a whole number")
        return value
    return _number(value, where)


def _knots(value, where: str) -> tuple[tuple[float, float], ...]:
    """Calibration knots: two or more ``[chance, share]`` pairs in [0, 1], chances rising, shares never falling."""
    if not isinstance(value, list | tuple) or len(value) < 2 or any(
            not isinstance(k, list | tuple) or len(k) != 2 for k in value):
        raise GazetteerError(f"{where}: expected two or more [chance, share] pairs")
    knots = tuple((_number(x, where), _number(y, where)) for x, y in value)
    xs, ys = [x for x, _ in knots], [y for _, y in knots]
    if not all(0.0 <= v <= 1.0 for v in xs + ys):
        raise GazetteerError(f"{where}: chances and shares lie between 0 and 1")
    if any(b <= a for a, b in zip(xs, xs[1:])) or any(b < a for a, b in zip(ys, ys[1:])):
        raise GazetteerError(f"{where}: chances must rise and shares never fall")
    return knots


def _number(value, where: str) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise GazetteerError(f"{where}: expected a number")
    return float(value)


@functools.cache
def bundled_weights() -> Weights:
    """The bundled weights, read once."""
    return Weights.load()
