"""Classification markings: which is highest, and the colours of their banners."""

from __future__ import annotations

from collections.abc import Iterable

#: US classification levels, lowest first.
LEVELS = ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET")
#: Banner background and text colour per level (the usual US marking colours).
_COLOURS = {
    "UNCLASSIFIED": ("#007a33", "#ffffff"),
    "CONFIDENTIAL": ("#0033a0", "#ffffff"),
    "SECRET": ("#c8102e", "#ffffff"),
    "TOP SECRET": ("#ff8c00", "#000000"),
}
_UNKNOWN_COLOURS = ("#495057", "#ffffff")
#: What a banner says when the cable carries no marking it could read.
UNKNOWN = "CLASSIFICATION UNKNOWN"


def level(marking: str | None) -> str | None:
    """The level a marking starts with (``"SECRET//NOFORN"`` → ``"SECRET"``), or None."""
    text = " ".join((marking or "").upper().split())
    return next((lv for lv in reversed(LEVELS) if text.startswith(lv)), None)


def banner_text(marking: str | None) -> str:
    """The marking as a banner shows it: upper case, or :data:`UNKNOWN`."""
    text = " ".join((marking or "").upper().split())
    return text if level(text) else UNKNOWN


def banner_colours(marking: str | None) -> tuple[str, str]:
    """Background and text colour of the banner for *marking*."""
    return _COLOURS.get(level(marking) or "", _UNKNOWN_COLOURS)


def highest(markings: Iterable[str | None]) -> str:
    """The banner of a document holding all *markings*: the highest level with the caveats of that level.

    >>> highest(["CONFIDENTIAL", "SECRET", "SECRET//NOFORN"])
    'SECRET//NOFORN'
    """
    texts = [banner_text(m) for m in markings]
    known = [t for t in texts if t != UNKNOWN]
    if not known:
        return UNKNOWN
    top = max((level(t) for t in known), key=LEVELS.index)
    caveats = [c for t in known if level(t) == top for c in t.split("//")[1:]]
    return "//".join([top, *dict.fromkeys(c.strip() for c in caveats if c.strip())])
