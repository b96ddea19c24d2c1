"""Finding mentions: every span of a text that names something in the gazetteer.

All names are matched in one pass of the name trie over the normalised text; a raw hit becomes a mention only if it stands on word boundaries, is written
like a proper name (or an abbreviation the store knows as one), and is not part of
a longer name. Hits inside the names of organisations, events and documents
(``Helsinki Final Act``, ``NATO Riga Summit``, ``Embassy Tbilisi``) are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

import numpy as np

from ._index import ACRONYM, DEMONYM, PRIMARY, NameIndex
from ._normalize import match_form, name_key, normalize_text
from ._titles import titles

# A place name followed (within three capitalised words) by one of these heads is part
# of the name of an organisation, event or document, not a mention of the place.
_ORG_HEADS = (
    r"Final Act|Summit|Agreements?|Accords?|Declaration|Process|Group|Company|Corporation"
    r"|Petroleum|Airlines|Airways|University|Institute|Times|Post|Council|Committee"
    r"|Commission|Directorate|Brigades?|Bank|Club|Conference|Convention|Treaty|Protocol"
    r"|Initiative|Partnership|Forum|Foundation|Fund|Party|Movement|Task Force|Operating"
    r"|Schools?|Elementary|Academy|College"
)
_FOLLOWED_BY_ORG = re.compile(
    rf"(?:[-/][A-Z][\w'&.]*)?(?:[ \t]+(?:[A-Z][\w'&.-]*|of|and|for)){{0,3}}?[ \t]+(?:{_ORG_HEADS})\b"
)
#: The same in capitals, where every word looks like a name: at most one word between,
#: none a function word ("COLORADO STATE UNIVERSITY", "CAVAN COUNTY COUNCIL"; not "RUSSIA AND THE GROUP");
#: a cable's "GEORGIA TASK FORCE" reports on Georgia.
_FOLLOWED_BY_ORG_CAPS = re.compile(
    r"(?:[-/][A-Z][\w'&.]*)?"
    r"(?:[ \t]+(?!(?:THE|A|AN|AND|OR|OF|TO|IN|ON|AT|BY|FOR|WITH|FROM|SAID|SAYS|IS|WAS|ARE|WERE)\b)"
    rf"[A-Z][\w'&.-]*)?[ \t]+(?:{_ORG_HEADS.upper().replace('|TASK FORCE', '')})\b"
)
#: A disease named after a place is no mention of it: "West Nile virus", "Lassa fever", "Spanish flu".
_FOLLOWED_BY_DISEASE = re.compile(
    r"[ \t]+(?:virus|viruses|ebolavirus|fever|disease|flu|influenza|syndrome|hemorrhagic|haemorrhagic)\b", re.I
)
_PRECEDED_BY_INSTITUTION = re.compile(
    r"(?:\b(?:Embassy|Consulate|Mission|AMEMBASSY|AMCONSUL|USMISSION|EMBASSY|CONSULATE)[ /]+)$"
)
#: Titles and ranks before a name: "Senator Lugar", "LTG Dayton", "Gov. Fallin" (case-insensitive).
_TITLES = titles("before_name")
_LAST_WORD = re.compile(r"\b([A-Za-z]+)\.?[ \t]+$")
_SPEECH = re.compile(
    r"[ \t]+(?:said|says|told|added|explained|wrote|asked|argued|noted|stated|replied|tweeted|insisted)\b"
)
_SPEECH_CAPS = re.compile(_SPEECH.pattern.upper().replace(r"[ \T]", r"[ \t]").replace(r"\B", r"\b"))
_LOCATIVE = re.compile(r"\b(?:in|at|from|near|to|of|outside|inside|around|toward|towards)[ \t\n]+$", re.I)
#: "US" in capitals after a verb or preposition and before a function word or a stop is "us".
_PRONOUN_US = re.compile(
    r"\b(?:TO|FOR|WITH|OF|LET|TOLD|TELL|TELLS|GIVE|GAVE|GIVES|HELP|HELPED|JOIN|JOINED|AMONG|ABOUT|FROM|ASKED|ASK"
    r"|ASKS|SHOW|SHOWED|SEND|SENT|BRING|BROUGHT|MAKE|MADE|TAKE|TOOK|OFFER|OFFERED|AGAINST|BEHIND|LIKE|WITHOUT|BY"
    r"|AT|ON|INTO|UPON|WANT|WANTS|NEED|NEEDS|MEET|MET|CALL|CALLED|INFORMED|ASSURED|URGED|WARNED|INVITED|KEEP|KEPT"
    r"|GET|GOT|LEAVE|LEFT|SEE|SAW|HEAR|HEARD|THANK|THANKED|BRIEFED|REMINDED|ALLOW|ALLOWED|BETWEEN|BEFORE|AFTER"
    r"|ALL|BOTH|MANY|SOME|MOST|NONE|EACH|GIVING|TELLING|HELPING|JOINING|THANKS|LETS)"
    r"[ \t\n]+US(?=[ \t\n]*(?:[.,;:!?\"')]|$)|[ \t\n]+(?:AND|OR|THAT|TO|IN|ON|AT|FOR|WITH|ABOUT|THE|A|AN|IS|ARE"
    r"|WAS|WERE|BE|NOT|BUT|IF|WHEN|AS|BY|FROM|OF|ALL|BOTH|UP|OUT|BACK|DOWN|OFF|OVER|TODAY|NOW|AGAIN|WHAT|HOW|WHY"
    r"|WHERE|THIS|IT|HE|SHE|THEY|WE|I|YOU|SO|TOO|VERY|MORE)\b)"
)
_PREV_UPPER = re.compile(r"\b([A-Z]+)[ \t\n]+$")
_NEXT_UPPER = re.compile(r"[ \t\n]+([A-Z]+)\b")
_VERB_FORM = re.compile(
    r"[A-Z]{2,}(?:ING|ED|ES|EN)$|[A-Z]{3,}[^S]S$|^(?:LET|TAUGHT|BROUGHT|THOUGHT|CAUGHT|BOUGHT|PUT|HIT)$"
)
#: Before "US" these leave the country: "THE US", "AND US TROOPS", "SAID US OFFICIALS".
_NOT_BEFORE_PRONOUN = frozenset("THE A AN AND OR NOR SAID SAYS SAY CENTRAL NORTHERN SOUTHERN EASTERN WESTERN".split())
_FUNCTION_AFTER_US = frozenset(
    "AND OR THAT TO IN ON AT FOR WITH ABOUT THE A AN IS ARE WAS WERE BE NOT BUT IF WHEN AS BY FROM OF ALL BOTH UP OUT"
    " BACK DOWN OFF OVER TODAY NOW AGAIN WHAT HOW WHY WHERE THIS THESE THOSE IT HE SHE THEY WE I YOU SO TOO VERY MORE"
    " GET FEEL THINK KNOW SEE GO COME BELIEVE WELL".split()
)
#: After "US" these are what the country's people and things are called ("US OFFICIALS", "US TROOPS").
_COUNTRY_US_NOUNS = frozenset(
    "OFFICIAL OFFICIALS GOVERNMENT ADMINISTRATION PRESIDENT TROOPS FORCES FORCE MILITARY ARMY NAVY AIR MARINES"
    " EMBASSY AMBASSADOR DIPLOMAT DIPLOMATS STATE STATES DEPARTMENT SECRETARY CONGRESS SENATE SENATOR SENATORS"
    " POLICY POLICIES DOLLAR DOLLARS ECONOMY MARKET MARKETS EXPORTS IMPORTS SANCTIONS INTELLIGENCE AID BASE BASES"
    " CITIZEN CITIZENS COMPANIES COMPANY FIRMS AUTHORITIES FEDERAL TREASURY TRADE ELECTION ELECTIONS PUBLIC NATIONAL"
    " OPEN STOCKS SHARES DRONE DRONES SOLDIERS PERSONNEL VISA VISAS".split()
)
_CAPS_LIST_GAP = re.compile(r"[ \t]*,[ \t\n]*(?:AND[ \t\n]+|OR[ \t\n]+)?|[ \t\n]+(?:AND|OR)[ \t\n]+")
#: A month followed by a day or a year is a date ("March 2010", "May 5"), not March or May the town.
_MONTH_DATE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)[ \t]+\d", re.I
)
_AFTER_NUMBER = re.compile(r"\d[ \t\n]*$")
#: In capitals, an English word after an indefinite article or a number is the word ("A TURKEY", "20,000 BUFFALO").
_COUNTED = re.compile(r"(?:\b(?:A|AN)|\d)[ \t\n]+$")
#: In capitals, a name made only of compass and generic words may have been "north-western", "the eastern
#: region", "far north" in lower case: it is no name ("SOUTH KOREA", "WEST BANK" are).
_ONLY_GENERIC = re.compile(
    r"(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|far|upper|lower|central|region|province|district"
    r"|territory|mainland|downtown)(?:[ \t-]+(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|far|upper"
    r"|lower|central|region|province|district|territory|mainland|downtown))*"
)
_IN_PLACE = re.compile(r"\b(?:in|near|outside|across|throughout)[ \t\n]+$")
_IN_PLACE_ANY_CASE = re.compile(r"\b(?:in|near|outside|across|throughout)[ \t\n]+(?:the[ \t\n]+)?$", re.I)
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])")
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
_IN_ADDRESS_BEFORE = re.compile(r"(?:@|www\.|://)$", re.I)
_IN_ADDRESS_AFTER = re.compile(r"\.(?:com|org|net|gov|edu|info|biz|co\.uk|org\.uk|ac\.uk)\b|@", re.I)


@dataclass(frozen=True)
class Mention:
    """One span of text with the records whose names it matches."""

    start: int  #: offset of the first character in the original text
    end: int  #: offset one past the last character
    text: str  #: the span as written
    rows: np.ndarray  #: candidate record rows
    flags: np.ndarray  #: name flags per candidate (see gazetteer._index)
    common: bool  #: the name is also an ordinary English word
    caps: bool  #: the span sits in all-capitals text
    demonym: bool  #: the span is a demonym (``Russian``); a demonym wins over a namesake village
    spelled: str | None = None  #: for a misspelt name, the name key it was read as
    placed: bool = False  #: a preposition of place introduces it ("IN MALAKAL": a place even in capitals)


@dataclass(frozen=True)
class KeyFacts:
    """Per name key, what its records have in common (arrays by key id)."""

    any_flags: np.ndarray  #: OR of the name flags of the key's records
    any_place: np.ndarray  #: some record is a populated place
    any_local: np.ndarray  #: some record is a place, admin-1/2 unit or physical feature (Paul, James, Nelson)
    any_big_place: np.ndarray  #: some record is a city of 100,000 or more
    any_strong: np.ndarray  #: some record is a country, breakaway or macro-region

    @classmethod
    def of(cls, index: NameIndex, is_place: np.ndarray, big_place: np.ndarray, strong: np.ndarray,
           local: np.ndarray) -> KeyFacts:
        """Aggregate the record arrays over each key's entries."""
        starts = index.ptr[:-1]
        nonempty = index.ptr[1:] > starts

        def any_of(values: np.ndarray) -> np.ndarray:
            out = np.zeros(len(starts), dtype=bool)
            out[nonempty] = np.logical_or.reduceat(values[index.rec], starts[nonempty])
            return out

        flags = np.zeros(len(starts), dtype=np.uint8)
        flags[nonempty] = np.bitwise_or.reduceat(index.flags, starts[nonempty])
        return cls(flags, any_of(is_place), any_of(local), any_of(big_place), any_of(strong))


class _CapsMap:
    """Whether a span sits in all-capitals text: its line, or (reflowed prose) its neighbourhood.

    Upper- and lower-case letter counts are prefix sums over the text's code points
    (Latin letters; other scripts count as neither), so each question is O(1).
    """

    def __init__(self, text: str):
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        upper = ((cp >= 65) & (cp <= 90)) | ((cp >= 192) & (cp <= 222) & (cp != 215))
        lower = ((cp >= 97) & (cp <= 122)) | ((cp >= 223) & (cp <= 255) & (cp != 247))
        self.upper = np.concatenate(([0], np.cumsum(upper))).tolist()
        self.letters = np.concatenate(([0], np.cumsum(upper | lower))).tolist()
        self.newlines = np.flatnonzero(cp == 10).tolist()
        self.n = len(cp)

    def __call__(self, start: int, end: int) -> bool:
        i = bisect_left(self.newlines, start)
        lo = self.newlines[i - 1] + 1 if i > 0 else 0
        j = bisect_left(self.newlines, end)
        hi = self.newlines[j] if j < len(self.newlines) else self.n
        if hi - lo > 200 or self.letters[hi] - self.letters[lo] < 12:
            lo, hi = max(0, start - 60), min(self.n, end + 60)
        letters = self.letters[hi] - self.letters[lo]
        return bool(letters >= 12 and self.upper[hi] - self.upper[lo] >= 0.8 * letters)


def _beside_a_name(before: str, after: str, common_words: frozenset[str], known, caps: bool = False) -> str:
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


def _pronoun_us(text: str, start: int, end: int, ordinary: frozenset[str] = frozenset(), telegraphic: bool = False
                ) -> bool:
    """Whether the capitalised "US" at *start*:*end* is the pronoun ("TOLD US THAT").

    Besides the listed verbs and prepositions before it, "US" after any verb form of
    the word list ("EMPOWERS US", "PREPARED US", "CAUSING US") or after a word and
    before a function word or a stop ("PUSHED US TO", "DEALT US.") is the pronoun;
    "THE US", "US-LED", "SAID US OFFICIALS" and "US TROOPS" stay the country. A
    *telegraphic* text (a cable: "REPLIED US DID NOT") drops articles, so there only the
    listed words make it the pronoun.
    """
    m = _PRONOUN_US.search(text, max(0, start - 12))
    if m is not None and m.end() == end:
        return True
    if telegraphic:
        return False
    prev = _PREV_UPPER.search(text, max(0, start - 24), start)
    nxt = _NEXT_UPPER.match(text, end)
    if prev is None or text[end : end + 1] == "-" or prev[1] in _NOT_BEFORE_PRONOUN:
        return False
    word, after = prev[1], nxt[1] if nxt else ""
    if after in _COUNTRY_US_NOUNS or word.lower() not in ordinary:
        return False
    return bool(_VERB_FORM.search(word)) or not after or after in _FUNCTION_AFTER_US or after.endswith("LY")


def _after_title(before: str) -> bool:
    """Whether *before* ends with a title or rank and a space ("Senator ", "LTG ")."""
    m = _LAST_WORD.search(before, max(0, len(before) - 16))
    return m is not None and m[1].lower() in _TITLES


def _article_alias(key: str, index: NameIndex) -> bool:
    """A name written with its article ("The Netherlands") whose bare form is a name too: the span is the bare one."""
    return key.startswith("the ") and index.key_id(key[4:]) >= 0


def _capitalised_ok(span: str) -> bool:
    """A proper name starts with a capital, or (``port of Poti``) ends with one."""
    words = _WORD.findall(span)
    if not words:
        return False
    return words[0][0].isupper() or words[-1][0].isupper()


def _raw_hits(norm: str, index: NameIndex) -> list[tuple[int, int, int]]:
    """Index hits (offsets into *norm*) that start where a word does and end on a word boundary."""
    return index.hits(" " + match_form(norm) + " ")


def _longest_first(hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The hits left when longer names claim their characters first."""
    taken = bytearray(max((e for _, e, _ in hits), default=0) + 1)
    chosen = []
    for start, end, key_id in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if taken.find(1, start, end) < 0:
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, key_id))
    return sorted(chosen)


def find_mentions(
    text: str,
    index: NameIndex,
    facts: KeyFacts,
    is_place: np.ndarray,
    common_words: frozenset[str],
    ordinary: frozenset[str] = frozenset(),
    is_local: np.ndarray | None = None,
    everyday: frozenset[str] | None = None,
    telegraphic: bool = False,
) -> list[Mention]:
    """All gazetteer names in *text*, longest first, as :class:`Mention` objects.

    *text* should already have its non-prose parts blanked (routing header,
    references, page markers); offsets are offsets into *text*. *facts* says per
    name key whether its records include places, big cities ("Moscow said" is
    metonymy for its government) and strong records (countries, breakaway and
    macro-regions, whose names count even when they are also common words);
    *is_place* flags the populated places, whose names are often people's names
    too, and *is_local* (default: *is_place*) every record a person's name beside
    it rules out: places, admin-1/2 units, rivers ("Vladimir Putin", "James Knight");
    *ordinary* holds lower-case English words, which next to a name are not a
    person's first name ("Outside Gori"), and *everyday* (default: *ordinary*) those
    of them that are everyday words rather than merely listed in a dictionary.
    *telegraphic* (cables) reads "US" without an article as the country more often.
    """
    if is_local is None:
        is_local = is_place
    if everyday is None:
        everyday = ordinary

    def known(word: str) -> bool:
        key_id = index.key_id(word)
        return key_id >= 0 and bool(facts.any_flags[key_id] & DEMONYM or facts.any_strong[key_id])

    norm, offsets = normalize_text(text)
    offsets = offsets.tolist()
    in_caps = _CapsMap(text)
    lower_words = set(_LOWER_WORD.findall(text))  # words this text writes in lower case
    people: set[str] = set()  # single-word names the text uses as a person's name
    mentions = []
    # A name is capitalised: "central Asia" and "the Netherlands" are Asia and Netherlands,
    # not the macro-region or the alias that starts with a lower-case word.
    hits = [h for h in _raw_hits(norm, index) if not (text[offsets[h[0]]].islower() and " " in norm[h[0] : h[1]])
            and not _article_alias(norm[h[0] : h[1]], index)]
    for start, end, key_id in _longest_first(hits):
        s0, e0 = offsets[start], offsets[end - 1] + 1
        if text[s0].islower() and " " not in norm[start:end]:
            continue  # "march", "will": a lower-case single word is never a name
        span = text[s0:e0]
        if _IN_ADDRESS_BEFORE.search(text, max(0, s0 - 4), s0) or _IN_ADDRESS_AFTER.match(text, e0):
            continue  # "esullivan@cleveland.com", "www.kyivpost.com"
        kflags = int(facts.any_flags[key_id])
        caps = in_caps(s0, e0)
        letters = span.replace(".", "").replace(" ", "")
        need = 0  # flags a record must have to stay (0: no filter)
        if span.endswith(".") and " " not in span and (not span.isupper() or caps and "." not in span[:-1]):
            # "Louisville, Ky.", "Fresno, Calif.": a dotted state abbreviation, only
            # right after the place it locates ("Mass." alone is a church service).
            if not (kflags & ACRONYM and text[max(0, s0 - 2) : s0] == ", "):
                continue
            need = ACRONYM
        elif caps and span == "US" and _pronoun_us(text, s0, e0, ordinary, telegraphic):
            continue  # "TOLD US THAT": the pronoun, in capitals
        elif len(letters) <= 3:
            # A short token is an abbreviation or nothing: keep only the records that
            # have it as one (BTC, US, NK), not places named "Bat" or "In".
            if not (span.isupper() and kflags & ACRONYM):
                continue
            # A two-letter state or province code ("GA", "SD", "BC") only right after the
            # place it locates ("Atlanta, GA"); alone it is some other abbreviation. Dotted
            # ("the B.C. government") it is the province, but not after a year ("500 B.C.").
            if len(letters) == 2 and not facts.any_strong[key_id] and text[max(0, s0 - 2) : s0] != ", " and (
                "." not in span or _AFTER_NUMBER.search(text[max(0, s0 - 8) : s0])):
                continue
            need = ACRONYM
        elif span.isupper() and len(letters) <= 5 and not caps:
            if not kflags & (ACRONYM | PRIMARY):
                continue
            need = ACRONYM | PRIMARY  # GORI in a subject; not USIS -> Wuxi
        elif not caps and not _capitalised_ok(span):
            continue
        before, after = text[max(0, s0 - 40) : s0], text[e0 : e0 + 80]
        key = norm[start:end]
        drop_places = drop_local = caps_places = False
        if facts.any_local[key_id]:
            if side := _beside_a_name(before, after, ordinary, known, caps):
                drop_local = True
                if side == "before" and " " not in key:
                    people.add(key)  # "Jim Allen": a later bare "Allen" is the same person
            elif caps:
                caps_places = bool(facts.any_place[key_id])  # JENNY is no alias of Merrill
            if not drop_local and (_SPEECH_CAPS if caps else _SPEECH).match(after) and not _LOCATIVE.search(
                    before) and not facts.any_big_place[key_id]:
                drop_places = bool(facts.any_place[key_id])  # "Allen said"; but "Moscow said" is the government there
        rows, flags = index.entries(key_id)
        if need or drop_places or drop_local or caps_places:
            keep = (flags & need) > 0 if need else np.ones(len(rows), dtype=bool)
            if drop_local:
                keep &= ~is_local[rows]
            elif drop_places:
                keep &= ~is_place[rows]
            elif caps_places:
                keep &= ~is_place[rows] | ((flags & PRIMARY) > 0)
            rows, flags = rows[keep], flags[keep]
            if not len(rows):
                continue
            is_demonym = bool(np.any(flags & DEMONYM))
        else:
            is_demonym = bool(kflags & DEMONYM)
        if _MONTH_DATE.match(text, s0) or _FOLLOWED_BY_DISEASE.match(after) or not is_demonym and (
            (_FOLLOWED_BY_ORG_CAPS if caps else _FOLLOWED_BY_ORG).match(after)
            or _PRECEDED_BY_INSTITUTION.search(before)
            or _after_title(before)
        ):
            continue
        # A rare word capitalised mid-sentence is a name when a city of 100,000 bears it or
        # a preposition of place precedes it ("stores in Shanghai", "in Wales"); an everyday
        # word stays a word ("in March", "Human Rights Watch") unless it is both ("outside Cairns").
        # (In capitals "IN RUGBY" may be the game: there an everyday word stays a word.)
        in_place = _IN_PLACE.search(before)
        big = bool(facts.any_big_place[key_id])
        common = " " not in key and (key in common_words or key in lower_words) and not (
            (key not in everyday and (big or in_place)) or (big and in_place))
        if common and (caps or _SENTENCE_END.search(before)) and not facts.any_strong[key_id]:
            # "Summary", "Union" at a sentence start or in capitals: cannot tell.
            continue
        if caps and (len(key) > 3 and key in common_words and _COUNTED.search(before)  # not "A US OFFICIAL"
                     or _ONLY_GENERIC.fullmatch(key) and not facts.any_strong[key_id]):
            continue
        placed = caps and bool(_IN_PLACE_ANY_CASE.search(before))  # only capitals need the cue
        mentions.append(Mention(s0, e0, span, rows, flags, common, caps, is_demonym, placed=placed))
    mentions = _placed_lists(text, mentions)
    return [m for m in (_not_a_person(m, people, is_local) for m in mentions) if m is not None]


def _placed_lists(text: str, mentions: list[Mention]) -> list[Mention]:
    """In capitals, a list of names is placed when one of them is ("IN TORONTO, VANCOUVER AND
    OTTAWA") or when it has three names or more ("VANCOUVER, CALGARY, EDMONTON")."""
    groups: list[list[int]] = []
    for k, m in enumerate(mentions):
        if groups and m.caps and _CAPS_LIST_GAP.fullmatch(text, mentions[groups[-1][-1]].end, m.start):
            groups[-1].append(k)
        else:
            groups.append([k])
    out = list(mentions)
    for g in groups:
        if len(g) > 1 and (len(g) >= 3 or any(mentions[k].placed for k in g)):
            for k in g:
                out[k] = replace(mentions[k], placed=True)
    return out


def _not_a_person(m: Mention, people: set[str], is_local: np.ndarray) -> Mention | None:
    """Drop the local readings (places, units, rivers) of a name the text elsewhere uses for a person.

    After "Jim Allen said", a later bare "Allen" is the same man, not Allen, Texas.
    """
    if name_key(m.text) not in people:
        return m
    keep = ~is_local[m.rows]
    if keep.all():
        return m
    if not keep.any():
        return None
    return Mention(m.start, m.end, m.text, m.rows[keep], m.flags[keep], m.common, m.caps,
                   bool(np.any(m.flags[keep] & DEMONYM)))
