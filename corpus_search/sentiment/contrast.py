"""Which part of a contrastive sentence carries its verdict.

"Although pupils enjoy their clubs, the quality of education remains weak" is negative, and
"Some records still needed tidying up, but people received safe care" positive: after a
concession ("although", "while", "despite" ... at the start) the main clause carries the verdict;
after "but", "however", "yet", "nevertheless" the part that follows does. `main_clause` returns
that part, or None when the sentence makes no such contrast; the model gets the cue and
direction counts of that part as two extra columns (model.Featuriser), so it can learn how much
more the main clause weighs than the rest.
"""
from __future__ import annotations

import re

# A concession opening the sentence: its clause runs to the first comma (or dash).
CONCESSIVE = (
    "although", "though", "even though", "while", "whilst", "despite", "in spite of", "notwithstanding",
    "whereas", "even if", "albeit",
)
# A turn inside the sentence: what follows it carries the verdict.
TURNS = ("but", "however", "yet", "nevertheless", "nonetheless", "even so", "that said", "still,")

_OPENING = re.compile(
    r"^\W*(?:" + "|".join(re.escape(w) for w in CONCESSIVE) + r")\b[^,;:\u2013\u2014]*[,;:\u2013\u2014]\s*",
    re.IGNORECASE,
)
_TURN = re.compile(
    r"(?:^|[\s,;:(\u2013\u2014])(?:" + "|".join(re.escape(w) for w in TURNS) + r")(?=[\s,])", re.IGNORECASE
)
# ", although ..." after the main clause: the part before it carries the verdict.
_TRAILING = re.compile(r"[,;]\s*(?:" + "|".join(re.escape(w) for w in CONCESSIVE) + r")\b", re.IGNORECASE)


def main_clause(text: str) -> str | None:
    """The part of `text` whose verdict outweighs the rest, or None if `text` makes no contrast."""
    turns = list(_TURN.finditer(text))
    if turns:
        rest = text[turns[-1].end():].strip(" ,")
        return rest or None
    opening = _OPENING.match(text)
    if opening and text[opening.end():].strip():
        return text[opening.end():]
    trailing = _TRAILING.search(text)
    if trailing and text[: trailing.start()].strip():
        return text[: trailing.start()]
    return None
