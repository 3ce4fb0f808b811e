"""Abstain when there is nothing to judge.

A line with no verdict cue that is a one-word answer ("No.", "Agreed."), a heading, a list of
names, a breadcrumb or table row (cells joined by " | "), a time, a date or an item number is
neutral with high confidence, whatever the model would guess from its few characters. Lines that
carry a judgement cue (lexicon.py) or a change for the better or worse (direction.py) always go
to the model: "Inadequate." is a verdict.
"""
from __future__ import annotations

import re

ABSTAIN_SCORES = {"negative": 0.02, "neutral": 0.96, "positive": 0.02}
MAX_SHORT_WORDS = 3  # a line of this many words or fewer, without a cue, is an answer or a label
MAX_HEADING_WORDS = 12  # a line without closing punctuation this short, mostly capitalised, is a heading
CAPITALISED_SHARE = 0.7
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CLOSES = re.compile(r"[.!?\"”’']\s*$")
# Lines made only of times, dates, numbers, item and page references and punctuation.
_NO_WORDS = re.compile(
    r"^(?:[\W\d_]|\b(?:am|pm|item|items|page|of|no|minute|min|appendix|annex|para|paragraph|section|part|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    r"september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|st|nd|rd|th)\b)*$",
    re.IGNORECASE,
)
# Small words that do not stop a line counting as capitalised ("Report of the Director").
_FUNCTION = frozenset(
    ["a", "an", "and", "the", "of", "for", "to", "in", "on", "at", "by", "with", "from", "or", "&", "vs"]
)


def nothing_to_judge(text: str) -> bool:
    """True when `text` (already known to carry no judgement cue) has no verdict to give."""
    line = text.strip()
    if not line:
        return True
    if _NO_WORDS.match(line):
        return True
    if " | " in line and not _CLOSES.search(line):
        return True  # a breadcrumb, a menu or a table row: cells joined by " | ", no sentence
    words = _WORD.findall(line)
    if len(words) <= MAX_SHORT_WORDS:
        return True
    content = [w for w in words if w.lower() not in _FUNCTION]
    if not content:
        return True
    capitalised = sum(1 for w in content if w[0].isupper()) / len(content)
    if capitalised >= CAPITALISED_SHARE and (not _CLOSES.search(line) or line.count(",") >= 2):
        return len(words) <= MAX_HEADING_WORDS or line.count(",") + line.count(";") >= 2
    return False
