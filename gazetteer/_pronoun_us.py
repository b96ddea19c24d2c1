"""Whether a capitalised "US" is the pronoun ("TOLD US THAT") or the country ("US TROOPS")."""

from __future__ import annotations

import re

#: Characters before a capitalised "US" searched for the verb or preposition that makes it the pronoun.
PRONOUN_WINDOW = 12
#: Characters before a capitalised "US" searched for the word before it.
WORD_BEFORE_US_WINDOW = 24


#: "US" in capitals after one of these (and before a function word or a stop) is "us".
VERBS_BEFORE_US = (
    "TO", "FOR", "WITH", "OF", "LET", "TOLD", "TELL", "TELLS", "GIVE", "GAVE", "GIVES", "HELP", "HELPED", "JOIN",
    "JOINED", "AMONG", "ABOUT", "FROM", "ASKED", "ASK", "ASKS", "SHOW", "SHOWED", "SEND", "SENT", "BRING", "BROUGHT",
    "MAKE", "MADE", "TAKE", "TOOK", "OFFER", "OFFERED", "AGAINST", "BEHIND", "LIKE", "WITHOUT", "BY", "AT", "ON",
    "INTO", "UPON", "WANT", "WANTS", "NEED", "NEEDS", "MEET", "MET", "CALL", "CALLED", "INFORMED", "ASSURED", "URGED",
    "WARNED", "INVITED", "KEEP", "KEPT", "GET", "GOT", "LEAVE", "LEFT", "SEE", "SAW", "HEAR", "HEARD", "THANK",
    "THANKED", "BRIEFED", "REMINDED", "ALLOW", "ALLOWED", "BETWEEN", "BEFORE", "AFTER", "ALL", "BOTH", "MANY", "SOME",
    "MOST", "NONE", "EACH", "GIVING", "TELLING", "HELPING", "JOINING", "THANKS", "LETS",
)
#: Function words that after such a "US" make it the pronoun ("TOLD US THAT").
FUNCTION_WORDS_AFTER_US = (
    "AND", "OR", "THAT", "TO", "IN", "ON", "AT", "FOR", "WITH", "ABOUT", "THE", "A", "AN", "IS", "ARE", "WAS", "WERE",
    "BE", "NOT", "BUT", "IF", "WHEN", "AS", "BY", "FROM", "OF", "ALL", "BOTH", "UP", "OUT", "BACK", "DOWN", "OFF",
    "OVER", "TODAY", "NOW", "AGAIN", "WHAT", "HOW", "WHY", "WHERE", "THIS", "IT", "HE", "SHE", "THEY", "WE", "I", "YOU",
    "SO", "TOO", "VERY", "MORE",
)
_PRONOUN_US = re.compile(
    rf"\b(?:{'|'.join(VERBS_BEFORE_US)})"
    rf"[ \t\n]+US(?=[ \t\n]*(?:[.,;:!?\"')]|$)|[ \t\n]+(?:{'|'.join(FUNCTION_WORDS_AFTER_US)})\b)"
)
_PREV_UPPER = re.compile(r"\b([A-Z]+)[ \t\n]+$")
_NEXT_UPPER = re.compile(r"[ \t\n]+([A-Z]+)\b")
#: Irregular verb forms the verb-form pattern does not catch by their endings.
IRREGULAR_VERBS = ("LET", "TAUGHT", "BROUGHT", "THOUGHT", "CAUGHT", "BOUGHT", "PUT", "HIT")
_VERB_FORM = re.compile(rf"[A-Z]{{2,}}(?:ING|ED|ES|EN)$|[A-Z]{{3,}}[^S]S$|^(?:{'|'.join(IRREGULAR_VERBS)})$")
#: Before "US" these leave the country: "THE US", "AND US TROOPS", "SAID US OFFICIALS".
_NOT_BEFORE_PRONOUN = frozenset("THE A AN AND OR NOR SAID SAYS SAY CENTRAL NORTHERN SOUTHERN EASTERN WESTERN".split())
#: After "US" in a text that is not telegraphic, these make it the pronoun ("PUSHED US TO", "HELPS US GET").
_FUNCTION_AFTER_US = frozenset(
    (*FUNCTION_WORDS_AFTER_US, "THESE", "THOSE", "GET", "FEEL", "THINK", "KNOW", "SEE", "GO", "COME", "BELIEVE", "WELL")
)
#: After "US" these are what the country's people and things are called ("US OFFICIALS", "US TROOPS").
_COUNTRY_US_NOUNS = frozenset(
    "OFFICIAL OFFICIALS GOVERNMENT ADMINISTRATION PRESIDENT TROOPS FORCES FORCE MILITARY ARMY NAVY AIR MARINES"
    " EMBASSY AMBASSADOR DIPLOMAT DIPLOMATS STATE STATES DEPARTMENT SECRETARY CONGRESS SENATE SENATOR SENATORS"
    " POLICY POLICIES DOLLAR DOLLARS ECONOMY MARKET MARKETS EXPORTS IMPORTS SANCTIONS INTELLIGENCE AID BASE BASES"
    " CITIZEN CITIZENS COMPANIES COMPANY FIRMS AUTHORITIES FEDERAL TREASURY TRADE ELECTION ELECTIONS PUBLIC NATIONAL"
    " OPEN STOCKS SHARES DRONE DRONES SOLDIERS PERSONNEL VISA VISAS".split()
)



def _listed_pronoun(text: str, start: int, end: int) -> bool:
    """Whether the leftmost match of the listed-words pattern from :data:`PRONOUN_WINDOW` characters before
    "US" ends with it. A match that starts at "US" or later cannot, so only the window's starts are tried,
    never the rest of the text."""
    for at in range(max(0, start - PRONOUN_WINDOW), start):
        m = _PRONOUN_US.match(text, at)
        if m is not None:
            return m.end() == end
    return False


def is_pronoun_us(text: str, start: int, end: int, ordinary: frozenset[str] = frozenset(), telegraphic: bool = False
                  ) -> bool:
    """Whether the capitalised "US" at *start*:*end* is the pronoun ("TOLD US THAT").

    Besides the listed verbs and prepositions before it, "US" after any verb form of
    the word list ("EMPOWERS US", "PREPARED US", "CAUSING US") or after a word and
    before a function word or a stop ("PUSHED US TO", "DEALT US.") is the pronoun;
    "THE US", "US-LED", "SAID US OFFICIALS" and "US TROOPS" stay the country. A
    *telegraphic* text (a cable: "REPLIED US DID NOT") drops articles, so there only the
    listed words make it the pronoun.
    """
    if _listed_pronoun(text, start, end):
        return True
    if telegraphic:
        return False
    prev = _PREV_UPPER.search(text, max(0, start - WORD_BEFORE_US_WINDOW), start)
    nxt = _NEXT_UPPER.match(text, end)
    if prev is None or text[end : end + 1] == "-" or prev[1] in _NOT_BEFORE_PRONOUN:
        return False
    word, after = prev[1], nxt[1] if nxt else ""
    if after in _COUNTRY_US_NOUNS or word.lower() not in ordinary:
        return False
    return bool(_VERB_FORM.search(word)) or not after or after in _FUNCTION_AFTER_US or after.endswith("LY")
