"""The rules that turn a name found in a text into a mention, or reject it.

:func:`gazetteer._mentions.find_mentions` runs them in this order on every hit of the
name index: the span rules (how the name is written), the reading rules (which of its
records a person's name beside it or a verb of speech after it rules out), then the
context rules (what surrounds it: a date, an organisation's name, a title, a common
word at a sentence start). Each rule is a small function whose docstring says what it
rejects or keeps; the word lists they read are named tuples joined into regexes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar, overload

import numpy as np

from ._index import ACRONYM, DEMONYM, PRIMARY
from ._lexicon import Lexicon
from ._pronoun_us import is_pronoun_us
from .titles import titles

#: Characters before a name searched for an e-mail or web address it sits in ("@", "www.", "://").
ADDRESS_WINDOW = 4
#: Characters before a dotted or two-letter abbreviation: ", " says it locates the place before it.
COMMA_WINDOW = 2
#: Characters before a dotted two-letter abbreviation searched for a number ("500 B.C.").
NUMBER_WINDOW = 8
#: Characters before a name that the context rules read (a title, an institution, a preposition).
BEFORE_WINDOW = 40
#: Characters after a name that the context rules read (an organisation's head, a verb of speech).
AFTER_WINDOW = 80
#: Characters before a name searched for a title ("Senator ", "LTG ").
TITLE_WINDOW = 16


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(words)


#: A place name followed (within three capitalised words) by one of these heads is part of the name of an
#: organisation, event or document, not a mention of the place (regex fragments: "Agreements?").
ORG_HEADS = (
    "Final Act", "Summit", "Agreements?", "Accords?", "Declaration", "Process", "Group", "Company", "Corporation",
    "Petroleum", "Airlines", "Airways", "University", "Institute", "Times", "Post", "Council", "Committee",
    "Commission", "Directorate", "Brigades?", "Bank", "Club", "Conference", "Convention", "Treaty", "Protocol",
    "Initiative", "Partnership", "Forum", "Foundation", "Fund", "Party", "Movement", "Task Force", "Operating",
    "Schools?", "Elementary", "Academy", "College",
)
#: Heads that in capitals do not make an organisation: a cable's "GEORGIA TASK FORCE" reports on Georgia.
ORG_HEADS_NOT_IN_CAPS = ("Task Force",)
#: Words that in capitals cannot stand between a name and an organisation's head ("RUSSIA AND THE GROUP").
CAPS_FUNCTION_WORDS = ("THE", "A", "AN", "AND", "OR", "OF", "TO", "IN", "ON", "AT", "BY", "FOR", "WITH", "FROM",
                       "SAID", "SAYS", "IS", "WAS", "ARE", "WERE")
#: A disease named after a place is no mention of it: "West Nile virus", "Lassa fever", "Spanish flu".
DISEASE_WORDS = ("virus", "viruses", "ebolavirus", "fever", "disease", "flu", "influenza", "syndrome",
                 "hemorrhagic", "haemorrhagic")
#: Languages named like a people: after a word of speech or study and before no noun, the language, not the
#: country ("spoke in Russian.", "studying Portuguese"; not "in Russian territory").
LANGUAGES = ("English", "French", "Spanish", "Arabic", "Russian", "Chinese", "Mandarin", "Cantonese", "German",
             "Italian", "Portuguese", "Japanese", "Korean", "Hindi", "Urdu", "Turkish", "Persian", "Farsi", "Dari",
             "Pashto", "Greek", "Dutch", "Swedish", "Polish", "Hebrew", "Swahili", "Bengali", "Punjabi", "Tamil",
             "Ukrainian", "Czech", "Hungarian", "Romanian", "Thai", "Vietnamese", "Indonesian", "Malay", "Welsh",
             "Finnish", "Danish", "Norwegian", "Kurdish", "Amharic", "Somali", "Hausa", "Armenian", "Georgian",
             "Azerbaijani", "Serbian", "Croatian", "Bulgarian", "Albanian", "Tagalog", "Uzbek", "Kazakh", "Tajik")
#: Words after which a language is named ("in", "speaks", "translated into", "fluent in", "studying").
LANGUAGE_CUES = ("in", "into", "speaks?", "spoke", "spoken", "speaking", "learn(?:s|ed|ing)?", "fluent in",
                 "translated into", "studying", "studied", "taught")
#: "Embassy Tbilisi", "AMEMBASSY MOSCOW": the post, not a mention of the city.
INSTITUTIONS = ("Embassy", "Consulate", "Mission", "AMEMBASSY", "AMCONSUL", "USMISSION", "EMBASSY", "CONSULATE")
#: "Allen said": a person speaking.
SPEECH_VERBS = ("said", "says", "told", "added", "explained", "wrote", "asked", "argued", "noted", "stated",
                "replied", "tweeted", "insisted")
#: "in Moscow said": a preposition of place before it keeps the place.
LOCATIVE_PREPOSITIONS = ("in", "at", "from", "near", "to", "of", "outside", "inside", "around", "toward", "towards")
#: A rare word capitalised mid-sentence after one of these is a place ("stores in Shanghai").
PLACE_PREPOSITIONS = ("in", "near", "outside", "across", "throughout")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
#: Words that alone make no name in capitals ("FAR NORTH", "THE EASTERN REGION"), besides compass words.
GENERIC_WORDS = ("far", "upper", "lower", "central", "region", "province", "district", "territory", "mainland",
                 "downtown")
#: Endings of web addresses: a name before one is part of the address ("www.kyivpost.com").
WEB_DOMAINS = (r"com", r"org", r"net", r"gov", r"edu", r"info", r"biz", r"co\.uk", r"org\.uk", r"ac\.uk")

_ORG_HEADS_CAPS = tuple(h.upper() for h in ORG_HEADS if h not in ORG_HEADS_NOT_IN_CAPS)
_FOLLOWED_BY_ORG = re.compile(
    rf"(?:[-/][A-Z][\w'&.]*)?(?:[ \t]+(?:[A-Z][\w'&.-]*|of|and|for)){{0,3}}?[ \t]+(?:{_alternatives(ORG_HEADS)})\b"
)
#: The same in capitals, where every word looks like a name: at most one word between, none a function word
#: ("COLORADO STATE UNIVERSITY", "CAVAN COUNTY COUNCIL"; not "RUSSIA AND THE GROUP").
_FOLLOWED_BY_ORG_CAPS = re.compile(
    r"(?:[-/][A-Z][\w'&.]*)?"
    rf"(?:[ \t]+(?!(?:{_alternatives(CAPS_FUNCTION_WORDS)})\b)"
    rf"[A-Z][\w'&.-]*)?[ \t]+(?:{_alternatives(_ORG_HEADS_CAPS)})\b"
)
_BASED_CAPS = re.compile(r"[- \t]BASED\b")
_AFTER_INDEFINITE_ARTICLE = re.compile(r"(?<![\w'’-])(?:A|AN)[ \t]+$")
_AFTER_LANGUAGE_CUE = re.compile(rf"\b(?:{_alternatives(LANGUAGE_CUES)})[ \t\n]+$", re.IGNORECASE)
#: What may follow a language named as such: punctuation, the end, or a word that starts no noun phrase it heads.
_NO_NOUN_AFTER = re.compile(
    r"[ \t]*(?:[.,;:!?)\"”’']|$)|[ \t]+(?:after|before|with|to|as|on|at|for|from|by|when|while|because|but|is|was"
    r"|are|were|language|translation|subtitles)\b", re.IGNORECASE)
#: "English-language", "Russian-speaking": the language, whatever comes before.
_LANGUAGE_COMPOUND = re.compile(r"-(?:language|speaking|speakers?)\b", re.IGNORECASE)
_LANGUAGE_KEYS = frozenset(name.lower() for name in LANGUAGES)
_FOLLOWED_BY_DISEASE = re.compile(rf"[ \t]+(?:{_alternatives(DISEASE_WORDS)})\b", re.IGNORECASE)
_PRECEDED_BY_INSTITUTION = re.compile(rf"(?:\b(?:{_alternatives(INSTITUTIONS)})[ /]+)$")
_TITLES = titles("before_name")
_LAST_WORD = re.compile(r"\b([A-Za-z]+)\.?[ \t]+$")
_SPEECH = re.compile(rf"[ \t]+(?:{_alternatives(SPEECH_VERBS)})\b")
_SPEECH_CAPS = re.compile(rf"[ \t]+(?:{_alternatives(tuple(v.upper() for v in SPEECH_VERBS))})\b")
_LOCATIVE = re.compile(rf"\b(?:{_alternatives(LOCATIVE_PREPOSITIONS)})[ \t\n]+$", re.IGNORECASE)
#: A month followed by a day or a year is a date ("March 2010", "May 5"), not March or May the town.
_MONTH_DATE = re.compile(rf"(?:{_alternatives(MONTHS)})[ \t]+\d", re.IGNORECASE)
_AFTER_NUMBER = re.compile(r"\d[ \t\n]*$")
#: In capitals, an English word after an indefinite article or a number is the word ("A TURKEY", "20,000 BUFFALO").
_COUNTED = re.compile(r"(?:\b(?:A|AN)|\d)[ \t\n]+$")
_COMPASS = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
#: In capitals, a name made only of compass and generic words may have been "north-western", "the eastern
#: region", "far north" in lower case: it is no name ("SOUTH KOREA", "WEST BANK" are).
_ONLY_GENERIC = re.compile(
    rf"(?:{_COMPASS}|{_alternatives(GENERIC_WORDS)})(?:[ \t-]+(?:{_COMPASS}|{_alternatives(GENERIC_WORDS)}))*"
)
_IN_PLACE = re.compile(rf"\b(?:{_alternatives(PLACE_PREPOSITIONS)})[ \t\n]+$")
_IN_PLACE_ANY_CASE = re.compile(rf"\b(?:{_alternatives(PLACE_PREPOSITIONS)})[ \t\n]+(?:the[ \t\n]+)?$",
                                re.IGNORECASE)
_PREV_WORD = re.compile(r"\b([A-Z][a-z]+)[ \t]+$")
#: In capitals: a word of three letters or more with a vowel (no acronym: "CTV WINNIPEG"), not possessive
#: before the name ("RADIO'S EDMONTON"; "LIN-MANUEL MIRANDA" counts); after it, its possessive counts as
#: the word ("ASHLEY SUTTON'S", "VICTORIA VIVIANS’"), and so does a word ending a sentence ("VLADIMIR PUTIN.").
_PREV_WORD_CAPS = re.compile(r"(?<![\w'’.&-])((?=[A-Z-]*[AEIOUY])[A-Z]{3,}(?:-[A-Z]{3,})?)[ \t]+$")
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][a-z]+\b|[A-Z]\.(?=[ \t]+[A-Z][a-z]))")  # "Shipley"; an initial: "Alice G. Wells"
_NEXT_WORD_CAPS = re.compile(r"[ \t]+((?=[A-Z]*[AEIOUY])[A-Z]{3,})(?:['’]S?)?(?![\w'’&-]|\.\w)")
_SENTENCE_END = re.compile(r"(?:[.!?:;]['\"]?|^|\n[ \t]*\n)[ \t\n]*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: A name inside an e-mail address or a web address ("ESULLIVAN@CLEVELAND.COM") is no mention.
_IN_ADDRESS_BEFORE = re.compile(r"(?:@|www\.|://)$", re.IGNORECASE)
_IN_ADDRESS_AFTER = re.compile(rf"\.(?:{_alternatives(WEB_DOMAINS)})\b|@", re.IGNORECASE)

_T = TypeVar("_T")


class _computed_once(Generic[_T]):
    """An attribute computed when first read and then stored on the instance.

    :func:`functools.cached_property` without its lock, which on Python 3.11 costs a few
    microseconds per first read: a corpus batch reads a hundred thousand of them.
    """

    def __init__(self, func: Callable[[Any], _T]):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _computed_once[_T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...
    def __get__(self, obj: object, owner: type | None = None) -> _T | _computed_once[_T]:
        if obj is None:
            return self  # read off the class: the descriptor itself
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass
class Scan:
    """One text being searched for mentions: what every rule may read of it."""

    text: str
    lex: Lexicon
    in_caps: Callable[[int, int], bool]  #: whether a span sits in all-capitals text
    in_lower_case: Callable[[str], bool]  #: whether the text writes a word in lower case (a whole word)
    telegraphic: bool = False  #: a cable: "REPLIED US DID NOT" drops articles
    people: set[str] = field(default_factory=set)  #: single-word names the text uses as a person's name


@dataclass(eq=False)  # not frozen: a frozen dataclass is three times slower to make, and hits are many
class Hit:
    """A name of the index found in the text, on its way to a mention.

    What the rules read around it is worked out when first read: most hits are
    rejected by their span alone.
    """

    start: int  #: offset of the first character in the text
    end: int  #: offset one past the last
    key_id: int
    key: str  #: the name key (normalised form) it matched
    scan: Scan = field(repr=False, compare=False)

    @_computed_once
    def span(self) -> str:
        """The name as written."""
        return self.scan.text[self.start : self.end]

    @_computed_once
    def caps(self) -> bool:
        """Whether it sits in all-capitals text."""
        return self.scan.in_caps(self.start, self.end)

    @_computed_once
    def letters(self) -> str:
        """The span without dots and spaces."""
        return self.span.replace(".", "").replace(" ", "")

    @_computed_once
    def before(self) -> str:
        """The text before it, :data:`BEFORE_WINDOW` characters."""
        return self.scan.text[max(0, self.start - BEFORE_WINDOW) : self.start]

    @_computed_once
    def after(self) -> str:
        """The text after it, :data:`AFTER_WINDOW` characters."""
        return self.scan.text[self.end : self.end + AFTER_WINDOW]


# ---------------------------------------------------------------- span rules: how the name is written


def lower_case_word(text: str, start: int, key: str) -> bool:
    """Rejects a single word written in lower case ("march", "will"): never a name. Half the hits of a cable
    are such words, so it reads the span's *start* in *text* and its name *key*, before any :class:`Hit`."""
    return text[start].islower() and " " not in key


def inside_an_address(hit: Hit, scan: Scan) -> bool:
    """Rejects a name inside an e-mail or web address ("esullivan@cleveland.com", "www.kyivpost.com")."""
    text = scan.text
    # the patterns only run where an address's character touches the name (most names touch none)
    return bool(hit.start and text[hit.start - 1] in "@./" and _IN_ADDRESS_BEFORE.search(
        text, max(0, hit.start - ADDRESS_WINDOW), hit.start) or text[hit.end : hit.end + 1] in (".", "@")
        and _IN_ADDRESS_AFTER.match(text, hit.end))


def _right_after_a_comma(hit: Hit, scan: Scan) -> bool:
    return scan.text[max(0, hit.start - COMMA_WINDOW) : hit.start] == ", "


def is_dotted_abbreviation(hit: Hit) -> bool:
    """A one-word span ending in a dot, not an acronym ("Ky.", "Calif."; in capitals "KY.", not "U.S.")."""
    span = hit.span
    return span.endswith(".") and " " not in span and (not span.isupper() or hit.caps and "." not in span[:-1])


def dotted_abbreviation(hit: Hit, scan: Scan) -> int | None:
    """Keeps a dotted state abbreviation ("Louisville, Ky.", "Fresno, Calif.") only right after the place it
    locates, for its abbreviation readings ("Mass." alone is a church service)."""
    if scan.lex.facts.any_flags[hit.key_id] & ACRONYM and _right_after_a_comma(hit, scan):
        return ACRONYM
    return None


def pronoun_us(hit: Hit, scan: Scan) -> bool:
    """Rejects the pronoun "US" in capitals ("TOLD US THAT"); see :func:`is_pronoun_us`."""
    return hit.caps and hit.span == "US" and is_pronoun_us(scan.text, hit.start, hit.end, scan.lex.ordinary,
                                                           scan.telegraphic)


def short_token(hit: Hit, scan: Scan) -> int | None:
    """Keeps a token of three letters or fewer only as an abbreviation the store has (BTC, US, NK), for its
    abbreviation readings, not places named "Bat" or "In".

    A two-letter state or province code ("GA", "SD", "BC") counts only right after the
    place it locates ("Atlanta, GA"); alone it is some other abbreviation. Dotted ("the
    B.C. government") it is the province, but not after a year ("500 B.C.").
    """
    facts = scan.lex.facts
    if not (hit.span.isupper() and facts.any_flags[hit.key_id] & ACRONYM):
        return None
    if len(hit.letters) == 2 and not facts.any_strong[hit.key_id] and not _right_after_a_comma(hit, scan) and (
            "." not in hit.span or _AFTER_NUMBER.search(scan.text[max(0, hit.start - NUMBER_WINDOW) : hit.start])):
        return None
    return ACRONYM


def short_capitals(hit: Hit, scan: Scan) -> int | None:
    """Keeps a short word in capitals in mixed-case text (GORI in a subject) only for records that have it as
    an abbreviation or a display name (not USIS -> Wuxi)."""
    if not scan.lex.facts.any_flags[hit.key_id] & (ACRONYM | PRIMARY):
        return None
    return ACRONYM | PRIMARY


def capitalised_ok(span: str) -> bool:
    """A proper name starts with a capital, or (``port of Poti``) ends with one."""
    words = _WORD.findall(span)
    if not words:
        return False
    return words[0][0].isupper() or words[-1][0].isupper()


def written_as_a_name(hit: Hit, scan: Scan) -> int | None:
    """The name flags a record must have to stay (0: any record), or None when the span is not written as a
    name: a dotted abbreviation, the pronoun "US", a short token, a short word in capitals, or (in mixed
    case) a span that is not capitalised."""
    if is_dotted_abbreviation(hit):
        return dotted_abbreviation(hit, scan)
    if pronoun_us(hit, scan):
        return None
    if len(hit.letters) <= 3:
        return short_token(hit, scan)
    if hit.span.isupper() and len(hit.letters) <= 5 and not hit.caps:
        return short_capitals(hit, scan)
    return 0 if hit.caps or capitalised_ok(hit.span) else None


# ---------------------------------------------------------------- reading rules: which records may stay


def beside_a_name(before: str, after: str, common_words: frozenset[str], known: Callable[[str], bool],
                  caps: bool = False) -> str:
    """Which side (``"before"``, ``"after"`` or ``""``) has a capitalised word that is
    neither an ordinary word nor a known name.

    ``Jenny Shipley``, ``Anne Derse``: a town name inside a person's name. ``Novorossiysk
    Russian pipeline`` is not: *known* tells that "Russian" names something. In capitals
    (*caps*) every word is capitalised, so a word of three letters or more counts
    ("KATE JAMES", "PAUL FRANCIS FLOYD") when the word list does not know it.
    """
    if caps:
        prev, nxt = _PREV_WORD_CAPS.search(before), _NEXT_WORD_CAPS.match(after)
        if prev and not any(p in common_words for p in prev[1].lower().split("-")) and not known(prev[1]):
            return "before"  # "LIN-MANUEL MIRANDA"; not "NORTH-WESTERN BAVARIA"
        return "after" if nxt and nxt[1].lower() not in common_words and not known(nxt[1]) else ""
    prev = _PREV_WORD.search(before)
    # At a sentence start any word is capitalised, but "Outside" stays a word and
    # "Charlie" (no word) is a first name: the word list decides either way.
    if prev and prev[1].lower() not in common_words and not known(prev[1]):
        return "before"
    nxt = _NEXT_WORD.match(after)
    return "after" if nxt and nxt[1].lower() not in common_words and not known(nxt[1]) else ""


class Readings(NamedTuple):  # a named tuple: one is made per hit, five times faster than a frozen dataclass
    """Which of a name's records the reading rules rule out."""

    need: int = 0  #: flags a record must have to stay (0: no filter)
    drop_local: bool = False  #: a person's name: no place, unit or river
    drop_places: bool = False  #: a person speaking: no populated place
    caps_places: bool = False  #: in capitals, a place only by its display name


def part_of_a_persons_name(hit: Hit, scan: Scan) -> str:
    """Drops the local readings (places, units, rivers) of a name beside a capitalised word that is no
    ordinary word and names nothing ("Jenny Shipley", "KATE JAMES"); returns the side of that word.

    A single word with a first name before it is remembered as a person's name
    ("Jim Allen": a later bare "Allen" is the same person).
    """
    lex = scan.lex
    side = beside_a_name(hit.before, hit.after, lex.ordinary, lex.names_something, hit.caps)
    if side == "before" and " " not in hit.key:
        scan.people.add(hit.key)
    return side


def a_speaker(hit: Hit, scan: Scan) -> bool:
    """Drops the populated places of a name before a verb of speech ("Allen said"), unless a preposition of
    place precedes it or a city of 100,000 bears the name ("Moscow said" is the government there)."""
    facts = scan.lex.facts
    return bool((_SPEECH_CAPS if hit.caps else _SPEECH).match(hit.after) and not _LOCATIVE.search(hit.before)
                and not facts.any_big_place[hit.key_id] and facts.any_place[hit.key_id])


def readings(hit: Hit, scan: Scan, need: int) -> Readings:
    """Which records of a local name (place, unit, feature) a person's name beside it or a verb of speech
    after it rules out (a language's name keeps only its people's records); in capitals without such a word, a
    place stays only by its display name (JENNY is no alias of Merrill) unless a preposition of place introduces
    it ("IN FRANKFURT")."""
    facts = scan.lex.facts
    if not facts.any_local[hit.key_id]:
        return Readings(need)
    if hit.key in _LANGUAGE_KEYS:  # a language or a people: "English" is not English, Indiana, nor the English River
        return Readings(need, drop_local=True) if need else Readings(DEMONYM)
    if part_of_a_persons_name(hit, scan):
        return Readings(need, drop_local=True)
    caps_places = hit.caps and bool(facts.any_place[hit.key_id]) and not placed(hit)
    return Readings(need, drop_places=a_speaker(hit, scan), caps_places=caps_places)


def records(hit: Hit, scan: Scan, read: Readings) -> tuple[np.ndarray, np.ndarray, bool] | None:
    """The rows and flags of the records that stay, and whether the name is a demonym; None if none stays."""
    lex = scan.lex
    rows, flags = lex.index.entries(hit.key_id)
    if not (read.need or read.drop_places or read.drop_local or read.caps_places):
        return rows, flags, bool(lex.facts.any_flags[hit.key_id] & DEMONYM)
    keep = (flags & read.need) > 0 if read.need else np.ones(len(rows), dtype=bool)
    if read.drop_local:
        keep &= ~lex.is_local[rows]
    elif read.drop_places:
        keep &= ~lex.is_place[rows]
    elif read.caps_places:
        keep &= ~lex.is_place[rows] | ((flags & PRIMARY) > 0)
    rows, flags = rows[keep], flags[keep]
    if not len(rows):
        return None
    return rows, flags, bool((flags & DEMONYM).any())  # the method: half the cost of np.any on a few items


# ---------------------------------------------------------------- context rules: what surrounds the name


def a_date(hit: Hit, scan: Scan) -> bool:
    """Rejects a month followed by a day or a year ("March 2010", "May 5"): a date, not March or May the town."""
    return bool(_MONTH_DATE.match(scan.text, hit.start))


def a_disease(hit: Hit, scan: Scan) -> bool:
    """Rejects a place a disease is named after ("West Nile virus", "Lassa fever", "Spanish flu")."""
    return bool(_FOLLOWED_BY_DISEASE.match(hit.after))


def a_language(hit: Hit, scan: Scan) -> bool:
    """Rejects a people's name used for its language ("spoke in Russian.", "SPEAKS FRENCH, AND", "an
    English-language daily", "Russian-speaking voters"; not "in Russian territory", "in Romanian and
    Ukrainian fowl")."""
    return hit.key in _LANGUAGE_KEYS and bool(
        _LANGUAGE_COMPOUND.match(scan.text, hit.end)
        or _AFTER_LANGUAGE_CUE.search(hit.before) and _NO_NOUN_AFTER.match(scan.text, hit.end))


def part_of_an_organisation(hit: Hit, scan: Scan) -> bool:
    """Rejects a name inside the name of an organisation, event or document ("Helsinki Final Act", "NATO Riga
    Summit"; in capitals at most one word between: "COLORADO STATE UNIVERSITY"). In capitals a name after an
    indefinite article or before "BASED" only describes one ("A MINSK COMPANY", "KYIV-BASED BANK")."""
    if hit.caps:
        return bool(_FOLLOWED_BY_ORG_CAPS.match(hit.after) and not _BASED_CAPS.match(hit.after)
                    and not _AFTER_INDEFINITE_ARTICLE.search(hit.before))
    return bool(_FOLLOWED_BY_ORG.match(hit.after))


def after_an_institution(hit: Hit, scan: Scan) -> bool:
    """Rejects a city named after its embassy or mission ("Embassy Tbilisi", "AMEMBASSY MOSCOW")."""
    return bool(_PRECEDED_BY_INSTITUTION.search(hit.before))


def after_a_title(hit: Hit, scan: Scan) -> bool:
    """Rejects a name right after a title or rank ("Senator Lugar", "LTG Dayton", "Gov. Fallin")."""
    return ends_with_a_title(hit.before)


def ends_with_a_title(before: str) -> bool:
    """Whether *before* ends with a title or rank and a space ("Senator ", "LTG ", "Gov. ")."""
    m = _LAST_WORD.search(before, max(0, len(before) - TITLE_WINDOW))
    return m is not None and m[1].lower() in _TITLES


#: Context rules for any name, in order.
CONTEXT_RULES = (a_date, a_disease, a_language)
#: Context rules for a name that is no demonym ("Russian Embassy" is still Russian), in order.
NAME_PART_RULES = (part_of_an_organisation, after_an_institution, after_a_title)


def common_word(hit: Hit, scan: Scan) -> bool:
    """Whether a single-word name is here a common word rather than a name.

    A word of the word list, or one this text writes in lower case, capitalised
    mid-sentence is a name when a city of 100,000 bears it or a preposition of place
    precedes it ("stores in Shanghai", "in Wales"); an everyday word stays a word ("in
    March", "Human Rights Watch") unless it is both ("outside Cairns").
    """
    lex, key = scan.lex, hit.key
    if " " in key or not (key in lex.common_words or scan.in_lower_case(key)):
        return False
    in_place = _IN_PLACE.search(hit.before)
    big = bool(lex.facts.any_big_place[hit.key_id])
    return not ((key not in lex.everyday and (big or in_place)) or (big and in_place))


def unsure_common_word(hit: Hit, scan: Scan, common: bool) -> bool:
    """Rejects a *common* word at a sentence start or in capitals ("Summary", "Union"): it cannot tell,
    unless the name is a country's, a breakaway's or a macro-region's."""
    return common and bool(hit.caps or _SENTENCE_END.search(hit.before)) and not scan.lex.facts.any_strong[hit.key_id]


def counted_in_capitals(hit: Hit, scan: Scan) -> bool:
    """Rejects, in capitals, a common word after an indefinite article or a number ("A TURKEY",
    "20,000 BUFFALO"; not "A US OFFICIAL": too short)."""
    return hit.caps and len(hit.key) > 3 and hit.key in scan.lex.common_words and bool(_COUNTED.search(hit.before))


def only_generic_in_capitals(hit: Hit, scan: Scan) -> bool:
    """Rejects, in capitals, a name made only of compass and generic words ("FAR NORTH", "EASTERN REGION":
    lower case in other text), unless it is a country's or the like ("SOUTH KOREA", "WEST BANK")."""
    return hit.caps and bool(_ONLY_GENERIC.fullmatch(hit.key)) and not scan.lex.facts.any_strong[hit.key_id]


def placed(hit: Hit) -> bool:
    """Keeps the cue that a preposition of place introduces a name in capitals ("IN MALAKAL")."""
    return hit.caps and bool(_IN_PLACE_ANY_CASE.search(hit.before))
