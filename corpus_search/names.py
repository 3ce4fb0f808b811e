"""Person-name helpers shared by extraction, the facts store and `who`. Pure functions."""
from __future__ import annotations

import re
import unicodedata

# Words before a name that are titles, not part of it. Posts (Councillor, Inspector…) give roles
# elsewhere; here they are only stripped from the name.
TITLES = frozenset(
    """mr mrs ms miss mx dr doctor prof professor sir dame lord lady baroness baron rt hon right honourable
    the rev revd reverend cllr cllr. councillor councilor inspector commissioner mayor alderman
    judge justice detective sergeant superintendent constable chief dci di ds pc""".split()
)
HONOURS = frozenset(
    "obe cbe mbe kbe dbe gbe cb cmg kcmg cvo lvo mvo bem qpm kpm qfsm mp msp ms mla am mep qc kc jp dl frsa phd".split()
)
# Honours that are also words (Ms, MA) only count in capitals after a name.
_HONOUR_CASE_SENSITIVE = frozenset({"MS", "AM", "MA", "CB"})
_PUNCT = re.compile(r"[^\w\s'\-]")


def fold(text: str) -> str:
    """Lower case, accents removed, curly apostrophes straightened: the key for matching."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def name_key(name: str) -> str:
    """Normalised full-name key: folded, titles and honours dropped, punctuation collapsed."""
    words = _PUNCT.sub(" ", fold(name)).split()
    while words and words[0].rstrip(".") in TITLES:
        words.pop(0)
    while words and words[-1] in HONOURS:
        words.pop()
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    return " ".join(words)


def split_honours(name: str) -> tuple[str, list[str]]:
    """'Ade Adetosoye OBE' → ('Ade Adetosoye', ['OBE']). Honours are read from the end."""
    words = name.split()
    honours: list[str] = []
    while len(words) > 1:
        last = words[-1].strip(",.")
        if last.upper() == last and last.lower() in HONOURS and (last.upper() not in _HONOUR_CASE_SENSITIVE or last.isupper()):
            honours.insert(0, last.upper())
            words.pop()
        else:
            break
    return " ".join(words).rstrip(","), honours


def strip_titles(name: str) -> tuple[str, list[str]]:
    """'Councillor Robert Evans' → ('Robert Evans', ['Councillor'])."""
    words = name.split()
    titles = []
    while len(words) > 1 and words[0].rstrip(".").lower() in TITLES:
        titles.append(words.pop(0))
    return " ".join(words), titles


def display_case(name: str) -> str:
    """'ADE ADETOSOYE' → 'Ade Adetosoye'; mixed-case names are kept as written."""
    if name.isupper() and len(name) > 3:
        return " ".join(_title_word(w) for w in name.split())
    return name


def _title_word(word: str) -> str:
    parts = re.split(r"([\-'’])", word.lower())
    out = "".join(p.capitalize() if p not in "-'’" else p for p in parts)
    if out.startswith("Mc") and len(out) > 2:
        out = "Mc" + out[2].upper() + out[3:]
    return out


def surname(name: str) -> str:
    words = name_key(name).split()
    return words[-1] if words else ""
