"""Popup and tooltip HTML. Every string from the inputs passes through :func:`escape`."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ._escape import escape

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


def highlight(sentence: str, mentions: Sequence[str]) -> str:
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
    out = ["…" if lo else ""]
    pos = lo
    for start, end in spans:
        if start < lo or end > hi:
            continue
        out += [escape(sentence[pos:start]), "<mark>", escape(sentence[start:end]), "</mark>"]
        pos = end
    out += [escape(sentence[pos:hi]), "…" if hi < len(sentence) else ""]
    if not spans:
        out.append(" " + " ".join(f"[<mark>{escape(m)}</mark>]" for m in dict.fromkeys(mentions)))
    return "".join(out)


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
) -> str:
    """Popup of one cited record: what it is, why it was chosen, and where the cable names it.

    A record an analyst *reviewed* carries a "reviewed" badge and the *review_note*.
    """
    meta = [escape(kind), escape(source), f"confidence {confidence:.2f}", escape(accuracy_text(accuracy_m))]
    badge = ' <span class="cablemap-badge">reviewed</span>' if reviewed else ""
    parts = [
        '<div class="cablemap-popup">',
        f'<div class="cablemap-popup-name">{escape(name)}{badge}</div>',
        f'<div class="cablemap-popup-meta">{" · ".join(p for p in meta if p)}</div>',
    ]
    if reviewed and review_note:
        parts.append(f'<div class="cablemap-popup-note">Analyst: {escape(review_note)}</div>')
    if reason:
        parts.append(f'<div class="cablemap-popup-reason">{escape(reason)}</div>')
    if demonym_only:
        parts.append('<div class="cablemap-popup-note">named only by a demonym</div>')
    parts.append('<ol class="cablemap-cites">')
    parts.extend(
        f'<li><span class="cablemap-para">{escape(c.paragraph)}</span> {highlight(c.sentence, c.mentions)}</li>'
        for c in citations[:MAX_CITATIONS]
    )
    parts.append("</ol>")
    if len(citations) > MAX_CITATIONS:
        parts.append(f'<div class="cablemap-more">+{len(citations) - MAX_CITATIONS} more</div>')
    parts.append("</div>")
    return "".join(parts)


def asset_popup(
    *, name: str, subkind: str, source: str, accuracy_m: object, note: str, mentioned: bool, exposure: str,
    status: str = "", owner: str = "", capacity: str = "", source_ids: str = "",
) -> str:
    """Popup of a catalogued asset: identity, provenance (every source id), status, owner, capacity,
    whether the cable names it, exposure."""
    meta = [escape(subkind), escape(source), escape(accuracy_text(accuracy_m))]
    facts = [(label, value) for label, value in (("status", status), ("owner", owner), ("capacity", capacity),
                                                  ("source ids", source_ids)) if value]
    parts = [
        '<div class="cablemap-popup">',
        f'<div class="cablemap-popup-name">{escape(name)}</div>',
        f'<div class="cablemap-popup-meta">{" · ".join(p for p in meta if p)}</div>',
        *(f'<div class="cablemap-popup-fact">{escape(label)}: {escape(value)}</div>' for label, value in facts),
        '<div class="cablemap-popup-note">'
        + ("<strong>mentioned in the cable</strong>" if mentioned else "not mentioned in the cable")
        + "</div>",
    ]
    if note:
        parts.append(f'<div class="cablemap-popup-reason">{escape(note)}</div>')
    lines = [x.strip() for x in exposure.split(";") if x.strip()]
    if lines:
        parts.append('<div class="cablemap-popup-section">Exposure</div><ul class="cablemap-exposure">')
        parts.extend(f"<li>{escape(x)}</li>" for x in lines)
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


def tooltip(*texts: str) -> str:
    """Escaped tooltip text: the non-empty *texts*, distinct, joined by " — "."""
    return " — ".join(escape(t) for t in dict.fromkeys(t for t in texts if t))
