"""The date of a role: the date the sentence says an appointment takes or took effect, never
an unrelated date in the same sentence (a deadline, a meeting still to come); else None, and the
caller uses the document's date (the date of the statement that gives the role)."""
from __future__ import annotations

import re

from corpus_search.facts.dates import find_dates

# Words right before a date that make it the date something takes effect.
_EFFECT_BEFORE = re.compile(
    r"(?:with\s+effect\s+from|with\s+immediate\s+effect\s+from|effective\s+(?:from|on)?|takes?\s+effect\s+"
    r"(?:from|on)|took\s+effect\s+(?:from|on)|starting(?:\s+on)?|from|since|as\s+of|as\s+from|on|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Words right before a date that make it a deadline or the end of something else.
_DEADLINE_BEFORE = re.compile(
    r"(?:\bby|before|until|till|deadline(?:\s+of)?|no\s+later\s+than|closes?\s+on|closed\s+on|due\s+(?:on|by)|"
    r"ends?\s+on|expires?\s+on|submitted\s+(?:on|by))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A sentence that states a change of post.
_CHANGE = re.compile(
    r"\b(?:appoint\w*|elect(?:ed|s|ion)?|re-elect\w*|join(?:s|ed|ing)?|start(?:s|ed|ing)?|tak(?:e|es|ing)\s+up|took\s+up|"
    r"tak(?:e|es|ing)\s+over|took\s+over|becom(?:e|es|ing)|became|step(?:s|ped|ping)?\s+down|retir\w*|resign\w*|"
    r"effect|succeed\w*|replac\w*|named|chosen|selected|sworn\s+in|installed|leav(?:e|es|ing)|left)\b",
    re.IGNORECASE,
)


def effective_date(sentence: str, doc_date: str | None) -> str | None:
    """The date (at month precision or better) the sentence gives for the change of post it
    states, or None when it states no change or gives no such date."""
    change = [m.start() for m in _CHANGE.finditer(sentence)]
    if not change:
        return None
    for found in find_dates(sentence, doc_date):
        if not found.value or len(found.value) < 7:
            continue
        before = sentence[max(0, found.start - 50) : found.start]
        if _DEADLINE_BEFORE.search(before):
            continue
        if _EFFECT_BEFORE.search(before) and any(abs(c - found.start) < 120 for c in change):
            return found.value
    return None
