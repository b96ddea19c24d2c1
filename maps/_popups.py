"""Popup and tooltip HTML, rendered by ``templates/popups.html``: every string from the inputs is autoescaped."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ._templates import macro

#: Citations shown per record before "+N more".
MAX_CITATIONS = 8
#: Longer sentences are cut to a window around the first highlighted mention.
_SENTENCE_WINDOW = 320


@dataclass(frozen=True)
class Citation:
    """One sentence of the cable that names a record, with the mentions found in it."""

    paragraph: str
    sentence: str
    mentions: tuple[str, ...]


def _number(v: object) -> float | None:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def accuracy_text(metres: object) -> str:
    """``"± 250 m"`` / ``"± 4.5 km"`` / ``"± 12 km"``, or ``""`` when unknown."""
    m = _number(metres)
    if m is None:
        return ""
    if m < 1000:
        return f"± {m:.0f} m"
    return f"± {m / 1000:.1f} km" if m < 10_000 else f"± {m / 1000:.0f} km"


def _mention_pattern(mention: str) -> re.Pattern[str] | None:
    words = mention.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _spans(sentence: str, mentions: Iterable[str]) -> list[tuple[int, int]]:
    found = sorted(
        (m.start(), m.end())
        for pattern in filter(None, map(_mention_pattern, set(mentions)))
        for m in pattern.finditer(sentence)
    )
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(sentence: str, mentions: Sequence[str]) -> Markup:
    """*sentence* as escaped HTML with each of *mentions* wrapped in ``<mark>``.

    Mentions are matched as whole words, case-insensitively and across line
    breaks. A mention not found in the sentence is appended after it; a long
    sentence is cut to a window around the first mention.
    """
    spans = _spans(sentence, mentions)
    lo, hi = 0, len(sentence)
    if hi > _SENTENCE_WINDOW:
        centre = spans[0][0] if spans else 0
        lo = max(0, centre - _SENTENCE_WINDOW // 2)
        hi = min(len(sentence), lo + _SENTENCE_WINDOW)
    pieces = []
    pos = lo
    for start, end in spans:
        if start < lo or end > hi:
            continue
        pieces.append((sentence[pos:start], sentence[start:end]))
        pos = end
    not_found = None if spans else list(dict.fromkeys(mentions))
    return _macro("highlight")(
        cut_before=lo > 0, pieces=pieces, rest=sentence[pos:hi], cut_after=hi < len(sentence), not_found=not_found
    )


def place_popup(
    *,
    name: str,
    source: str,
    kind: str,
    confidence: float,
    reason: str,
    accuracy_m: object,
    demonym_only: bool,
    citations: Sequence[Citation],
    reviewed: bool = False,
    review_note: str = "",
) -> Markup:
    """Popup of one cited record: what it is, why it was chosen, and where the cable names it.

    A record an analyst *reviewed* carries a "reviewed" badge and the *review_note*.
    """
    return _macro("place_popup")(
        name=name,
        meta=[kind, source, f"confidence {confidence:.2f}", accuracy_text(accuracy_m)],
        reviewed=reviewed,
        review_note=review_note,
        reason=reason,
        demonym_only=demonym_only,
        citations=[(c.paragraph, highlight(c.sentence, c.mentions)) for c in citations[:MAX_CITATIONS]],
        more=max(0, len(citations) - MAX_CITATIONS),
    )


def asset_popup(
    *, name: str, subkind: str, source: str, accuracy_m: object, note: str, mentioned: bool, exposure: str,
    status: str = "", owner: str = "", capacity: str = "", source_ids: str = "",
) -> Markup:
    """Popup of a catalogued asset: identity, provenance (every source id), status, owner, capacity,
    whether the cable names it, exposure."""
    facts = [(label, value) for label, value in (("status", status), ("owner", owner), ("capacity", capacity),
                                                  ("source ids", source_ids)) if value]
    return _macro("asset_popup")(
        name=name,
        meta=[subkind, source, accuracy_text(accuracy_m)],
        facts=facts,
        mentioned=mentioned,
        note=note,
        exposure=[x.strip() for x in exposure.split(";") if x.strip()],
    )


def tooltip(*texts: str) -> Markup:
    """Escaped tooltip text: the non-empty *texts*, distinct, joined by " — "."""
    return _macro("tooltip")(texts=list(dict.fromkeys(t for t in texts if t)))


def _macro(name: str) -> Callable[..., Markup]:
    return macro(name, "popups.html")
