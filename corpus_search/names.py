"""Person-name helpers shared by extraction, the facts store and `who`. Pure functions.

`name_key` is the identity of a name: "Councillor Robert Evans", "ROBERT EVANS" and "Robert
Evans's" share the key "robert evans"; "Ade Adetosoye OBE" and "ADE ADETOSOYE" share
"ade adetosoye". None of these functions raises on any string.
"""
from __future__ import annotations

import functools
import re
import unicodedata

# Words before a name that are titles, not part of it. Posts (Councillor, Inspector…) give roles
# elsewhere; here they are only stripped from the name.
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "doctor",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "baroness",
        "baron",
        "rt",
        "hon",
        "right",
        "honourable",
        "the",
        "rev",
        "revd",
        "reverend",
        "cllr",
        "cllrs",
        "councillor",
        "councillors",
        "councilor",
        "inspector",
        "commissioner",
        "mayor",
        "alderman",
        "judge",
        "justice",
        "detective",
        "sergeant",
        "superintendent",
        "constable",
        "chief",
        "dci",
        "di",
        "ds",
        "dc",
        "pc",
        "psc",
        "pcso",
        "insp",
        "supt",
        "ch",
        "archdeacon",
        "canon",
        "coroner",
        "bishop",
    ]
)
HONOURS = frozenset(
    [
        "obe",
        "cbe",
        "mbe",
        "kbe",
        "dbe",
        "gbe",
        "cb",
        "kcb",
        "dcb",
        "cmg",
        "kcmg",
        "cvo",
        "lvo",
        "mvo",
        "bem",
        "qpm",
        "kpm",
        "qfsm",
        "qgm",
        "mp",
        "msp",
        "ms",
        "mla",
        "am",
        "mep",
        "qc",
        "kc",
        "jp",
        "dl",
        "frsa",
        "frs",
        "freng",
        "frcp",
        "frcs",
        "phd",
    ]
)
# Police abbreviations that are also first names (Di, Ch): a title only before a full name.
_SHORT_TITLES = frozenset({"di", "ds", "dc", "pc", "ch", "dci"})
# Honours that are also words (Ms, Am, Cb) only count in capitals after a name.
_HONOUR_CASE_SENSITIVE = frozenset({"MS", "AM", "CB", "DL", "JP"})
_PUNCT = re.compile(r"[^\w\s'\-]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "′": "'"})
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-"})


def fold(text: str) -> str:
    """Case folded, accents removed, curly apostrophes straightened: the form names are matched in."""
    if text.isascii():  # the common case, and what _fold_unicode gives for it: no accent, no curly quote
        return text.lower().replace("`", "'")
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # Straightened after decomposing: some letters decompose into an apostrophe ("ŉ" → "ʼn").
    return unicodedata.normalize("NFC", text).casefold().translate(_APOSTROPHES).translate(_DASHES)


def _key_words(name: str) -> list[str]:
    words = []
    for word in _PUNCT.sub(" ", fold(name)).replace("_", " ").split():
        word = word.strip("'-")
        while word.endswith("'s"):  # "Evans's", and what is left of "x's's"
            word = word[:-2].strip("'-")
        if word:
            words.append(word)
    return words


@functools.lru_cache(maxsize=8192)  # called on every candidate name, many times per document
def name_key(name: str) -> str:
    """Normalised full-name key: folded, titles and honours dropped, possessive and punctuation removed."""
    words = _key_words(name)
    while len(words) > 1 and words[-1] in HONOURS:
        words.pop()
    while len(words) > 1 and words[0] in TITLES:
        # "DI Jane Smith" is a detective inspector; "Di Smith" and "Councillor Di" are called Di.
        if words[0] in _SHORT_TITLES and len(words) < 3:
            break
        words.pop(0)
    if len(words) == 1 and (words[0] in TITLES - _SHORT_TITLES or words[0] in HONOURS):
        return ""
    return " ".join(words)


def display_case(name: str) -> str:
    """'ADE ADETOSOYE' → 'Ade Adetosoye'; a surname in capitals after a forename as written
    ('Viktor ALMQVIST', the European Parliament's style) → 'Viktor Almqvist'; other mixed-case
    names are kept as written; honours stay capitals."""
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) <= 3 or not all(ch.isupper() for ch in letters):
        return _capital_surname(name)
    words = name.split(" ")
    out = []
    for word in words:
        bare = word.strip(",.;")
        if bare and bare.lower() in HONOURS and bare.upper() not in _HONOUR_CASE_SENSITIVE:
            out.append(word)
        else:
            out.append(_title_word(word))
    result = " ".join(out)
    # Guard the invariant display_case(display_case(x)) == display_case(x) for odd scripts
    # where upper/lower casing is not a round trip.
    if result != name and display_case_is_fixed(result) is False:
        return name
    return result


def _capital_surname(name: str) -> str:
    words = name.split(" ")
    first = words[0]
    if len(words) < 2 or not (first[:1].isupper() and first[1:].islower() and first.isalpha()):
        return name
    out = [first]
    for word in words[1:]:
        bare = word.strip(",.;")
        letters = [ch for ch in bare if ch.isalpha()]
        if len(letters) < 2 or not all(ch.isupper() for ch in letters) or bare.lower() in HONOURS:
            out.append(word)
        else:
            titled = _title_word(word)
            out.append(titled if titled.upper() == word.upper() else word)
    return " ".join(out)


def display_case_is_fixed(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) <= 3 or not all(ch.isupper() for ch in letters)


def _title_word(word: str) -> str:
    parts = re.split(r"([\-'’.])", word.lower())
    out = "".join(p[:1].upper() + p[1:] if p not in ("-", "'", "’", ".") else p for p in parts)
    if out.startswith("Mc") and len(out) > 2:
        out = "Mc" + out[2].upper() + out[3:]
    return out


def surname(name: str) -> str:
    words = name_key(name).split()
    return words[-1] if words else ""


def is_initial(word: str) -> bool:
    """'A.', 'A', 'J.K.' — a word that stands for a first or middle name."""
    bare = word.replace(".", "")
    return 0 < len(bare) <= 2 and bare.isalpha() and bare.isupper() and (len(bare) == 1 or "." in word)


def same_person(a: str, b: str) -> bool:
    """Whether two name keys can be one person: same surname, and first names that agree where
    both are given ("j dunn" ~ "john dunn", "george w bush" ~ "george bush")."""
    wa, wb = a.split(), b.split()
    if not wa or not wb or wa[-1] != wb[-1]:
        return False
    if len(wa) == 1 or len(wb) == 1:
        return True
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    if len(short) >= 2 and long_[-len(short):] == short:
        return True  # "Marie Leroi" is "Armand Marie Leroi" without the first forename
    fa, fb = wa[0], wb[0]
    if fa == fb:
        return True
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    return False


_GENDERED = frozenset({"mr", "mrs", "ms", "miss", "mx"})


def person_key(name: str) -> str:
    """The store's identity key of a canonical name: `name_key`, except that a surname-only name
    keeps its courtesy title, so "Mrs Carter" and "Mr Carter" are two people."""
    words = _key_words(name)
    key = name_key(name)
    if words and words[0] in _GENDERED and len(key.split()) == 1:
        return f"{words[0]} {key}"
    return key
