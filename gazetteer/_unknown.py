"""Names the store lacks: capitalised names in a locative phrase that no mention covers.

``in Kulevi``, ``near the village of Nikozi``, ``the port of Supsa``: a preposition
of place followed by one to three capitalised words is a place name in English
prose even when no gazetteer knows it. These are the only names sent to an online
geocoder, and only when the user asks for one.
"""

from __future__ import annotations

import re

from ._spans import head_end

_LOCATIVE_NAME = re.compile(
    r"\b(?:in|near|outside|at|from|to|towards?|village of|town of|city of|port of|region of|district of)"
    r"[ \t]+(?:the[ \t]+)?((?:[A-Z][a-z][\w'’-]*)(?:[ \t](?:[A-Z][a-z][\w'’-]*)){0,2})"
)


#: The prepositions that leave no doubt that a place follows (no "to"/"from"/"at": "to Putin").
_PLAINLY_LOCATIVE = re.compile(
    r"\b(?:in|near|outside|villages? of|town of|city of|district of|region of|province of)"
    r"[ \t]+(?:the[ \t]+)?((?:[A-Z][a-z][\w'’-]*)(?:[ \t](?:[A-Z][a-z][\w'’-]*)){0,2})"
)


def unknown_names(
    text: str, taken: list[tuple[int, int]], ordinary: frozenset[str] = frozenset(), *, plainly: bool = False
) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of locative names in *text* that overlap no span of *taken*.

    A generic head that follows joins the name ("the Lars border crossing"). Names
    whose words are all ordinary lower-case English words (``in Washington
    Post`` is not filtered, ``to Monday`` is) are left out, and so are possessives
    (``in Modi's government``, ``at Noma's``: a person's or a business's).
    """
    out = []
    covered = bytearray(len(text) + 1)
    for s, e in taken:
        covered[s:e] = b"\x01" * (e - s)
    for m in (_PLAINLY_LOCATIVE if plainly else _LOCATIVE_NAME).finditer(text):
        start, end = m.span(1)
        if 1 in covered[start:end]:
            continue
        words = m.group(1).split()
        if words[-1].endswith(("'s", "’s", "'", "’")) or all(w.lower() in ordinary for w in words):
            continue
        end = head_end(text, end)  # "near the Lars border crossing"
        out.append((start, end, text[start:end]))
    return out
