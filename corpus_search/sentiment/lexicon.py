"""A small lexicon of judgement cues in the register of inspections and council reports.

Used as extra features next to the n-grams (not as rules): the classifier learns how much each
count matters. Cues are stems matched at word starts; a negator shortly before a cue flips it
("no longer inadequate", "not improved"). Saved inside each model file, so a model always
carries the lexicon it was trained with.
"""
from __future__ import annotations

import re

POSITIVE = (
    "improv",
    "progress",
    "outstanding",
    "good",
    "praise",
    "commend",
    "welcome",
    "success",
    "remarkable",
    "excellent",
    "strong",
    "effective",
    "robust",
    "impressive",
    "proud",
    "delight",
    "pleased",
    "positive",
    "lifted",
    "turnaround",
    "exceed",
    "achiev",
    "award",
    "best",
    "high quality",
    "on track",
    "ahead of",
    "cleared",
    "thank",
    "congratulat",
    "well received",
    "sustained",
    "unprecedented",
    "transform",
    "better",
    "benefit",
    "recogni",
    "celebrat",
    "notable",
    "significant improvement",
    "vastly",
    "steady",
    "profound difference",
    "balanced budget",
    "surplus",
    "brilliant",
    "constructive",
    "deserve",
    "confident",
    "confidence",
    "substantial assurance",
    "reasonable assurance",
    "credit to",
    "beat forecasts",
    "beat expectations",
    "beat analysts",
    "upgrad",
    "returned to profit",
    "thriv",
    "grateful",
    "wonderful",
    "recovered",
    "recovering",
    "rebound",
    "strongest",
    "won a",
    "won the",
    "unqualified opinion",
    "ahead of schedule",
    # the inspection register: what inspectors write of a strength
    "well supported", "timely", "consistently", "warmly", "swift", "rated green", "on target", "within target",
    "met its target", "met the target", "underspend", "knows them well", "know them well", "kind and",
)
NEGATIVE = (
    "inadequate", "requires improvement", "fail", "poor", "weak", "concern", "disappoint", "serious",
    "slam", "damning", "critic", "neglect", "risk", "delay", "backlog", "overspend", "deficit", "shortfall",
    "section 114", "intervention", "statutory direction", "commissioner", "unacceptable", "not good enough",
    "limited improvement", "insufficient", "lack", "too slow", "unsafe", "harm", "abuse", "complain",
    "upheld", "maladministration", "fault", "apolog", "unfair", "deteriorat", "worse",
    "breach", "warning", "scandal", "crisis", "culture change",
    "underdeveloped", "inconsistent", "uncoordinated", "toxic", "special measures", "bottom",
    "limited progress", "stalled", "accelerate", "not yet good",
    "ashamed", "angry", "anger", "sadly", "shocking", "appalling", "dismal", "shambles", "let down",
    "fell short", "distress", "misery", "limited assurance", "no assurance", "laid off", "lay off",
    "layoff", "job cuts", "bankrupt", "insolven", "downgrad", "write off", "wrote off", "written off",
    "profit warning", "squeez", "disgrace", "abandon", "blight", "unfit", "accused", "fined",
    "qualified opinion", "swung to a loss", "swung to an operating loss",
    # the inspection register: what inspectors write of a weakness
    "not always", "not consistently", "too many", "too few", "too long", "too often", "area for improvement",
    "areas for improvement", "cause of concern", "causes of concern", "priority action", "drift", "patchy",
    "out of date", "overdue", "not yet", "struggl", "off track", "rated red", "short of", "below target",
)
# Names of documents, bodies and processes that contain a cue word but state no verdict ("the
# Improvement Plan", "a progress report", "the risk register"): blanked before cues are counted.
PROCEDURAL = (
    "improvement plan", "improvement action plan", "improvement programme", "improvement board",
    "improvement partner", "improvement journey", "improvement work", "progress report", "progress update",
    "update on progress", "action plan", "risk register", "risk assessment", "commissioner for",
    "recovery plan", "to improve", "will improve", "would improve", "plans to improve", "aim to improve",
    # minutes' furniture: apologies for absence are not apologies, a chair's welcome is not praise
    "apologies for absence", "apologies were received", "apologies received", "welcome and apologies",
    "welcome and introductions", "chair's welcome", "chairman's welcome", "welcomed everyone", "welcomed all those",
    "welcomed those present", "welcome to the meeting",
)
NEGATORS = ("not", "no longer", "never", "no", "n't", "without", "nor")
WINDOW = 3  # words before a cue in which a negator flips it


def trie_regex(words: tuple[str, ...]) -> str:
    """One regex alternative for all `words` (case-folded), factored by common prefixes.

    Matches what the plain alternation of the words, longest first, matches (the longest word
    that fits), several times faster: Python's `re` tries every branch of a flat alternation.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + trie_regex(stems) + r")", re.IGNORECASE)


class Lexicon:
    def __init__(
        self,
        positive: tuple[str, ...] = POSITIVE,
        negative: tuple[str, ...] = NEGATIVE,
        procedural: tuple[str, ...] = PROCEDURAL,
    ) -> None:
        self.positive = tuple(positive)
        self.negative = tuple(negative)
        self.procedural = tuple(procedural)
        self._procedural = _pattern(self.procedural) if self.procedural else None
        self._pos = _pattern(self.positive)
        self._neg = _pattern(self.negative)
        self._negator = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in NEGATORS) + r")\b|n't\b", re.IGNORECASE)

    def _negated(self, text: str, start: int) -> bool:
        before = text[max(0, start - 40) : start].split()[-WINDOW:]
        return bool(self._negator.search(" ".join(before)))

    def counts(self, text: str) -> tuple[float, float]:
        """(positive cues, negative cues), negated cues counted on the other side.

        A cue inside a longer cue of the other side is not counted: "requires improvement" is one
        negative cue, not a negative and a positive ("improv"); "not yet good" is not "good".
        """
        pos = neg = 0.0
        if self._procedural is not None:
            text = self._procedural.sub(lambda m: " " * len(m.group()), text)
        found = [(m.start(), m.end(), 1) for m in self._pos.finditer(text)]
        found += [(m.start(), m.end(), -1) for m in self._neg.finditer(text)]
        for start, end, side in found:
            if any(o != side and s <= start and end <= e and e - s > end - start for s, e, o in found):
                continue
            if self._negated(text, start):
                side = -side
            if side > 0:
                pos += 1
            else:
                neg += 1
        return pos, neg

    def to_config(self) -> dict[str, list[str]]:
        return {"positive": list(self.positive), "negative": list(self.negative), "procedural": list(self.procedural)}
