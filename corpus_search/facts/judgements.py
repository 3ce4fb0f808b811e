"""Inspection grades stated in the text: 'inadequate', 'requires improvement', 'good', 'outstanding'.

A grade counts only in a judging context ("judged as 'Inadequate'", "a 'good' rating", "rated
outstanding", "overall judgement of 'Requires Improvement'"), never the plain adjective
("good practice", "good news").
"""
from __future__ import annotations

import re

from corpus_search.models import Document, Judgement, Sentence

GRADES = ("requires improvement", "inadequate", "outstanding", "good")
_Q = r"[‘’'\"“”]?"
_GRADE = r"(?P<grade>requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good)"
CONTEXTS = tuple(
    re.compile(p, re.I)
    for p in (
        rf"\b(?:judged|rated|graded|assessed|found|deemed|declared|classed)\s+(?:as\s+|to\s+be\s+)?(?:being\s+)?{_Q}{_GRADE}{_Q}",
        rf"\b(?:judgement|judgment|rating|grade|grading|verdict)\s+(?:of|as)\s+{_Q}{_GRADE}{_Q}",
        rf"\b(?:an?|its|the|their|overall)\s+{_Q}{_GRADE}{_Q}\s+(?:rating|judgement|judgment|grade|grading|verdict|ofsted|cqc)\b",
        rf"{_Q}{_GRADE}{_Q}\s+(?:across the board|in all (?:areas|categories))",
        rf"\b(?:remains?|was|is|were|are|been)\s+{_Q}{_GRADE}{_Q}\s+(?:overall|by ofsted|by cqc|by inspectors)",
        rf"\b(?:from|to|as)\s+{_Q}{_GRADE}{_Q}\s+(?:to|from)\s+{_Q}(?:requires?\s+improvement|inadequate|outstanding|good){_Q}",
        rf"\b(?:ofsted|cqc|inspectors?)\s+(?:said|says|found|judged|rated)\s+[^.]{{0,40}}?{_Q}{_GRADE}{_Q}\s+(?:rating|judgement|overall)",
    )
)
_AREA = re.compile(
    r"\b(children(?:’|')?s services|children(?:’|')?s social care|adult social care|safeguarding(?: children)? board|"
    r"leadership,? management (?:&|and) governance|children who need help and protection|"
    r"children looked after(?: and achieving permanence)?|adoption(?: performance)?|care leavers|"
    r"the local authority|the council|"
    r"fostering(?: service)?|early help|send(?: services)?|the school|the home|the service)\b",
    re.I,
)
# Every context holds a grade: a sentence without one of these words (any case) has no judgement.
_ANY_GRADE = re.compile(r"improvement|inadequate|outstanding|good", re.I)
# A grade someone hopes for or aims at has not been given.
_ASPIRATION = re.compile(
    r"\b(hope|hoping|aim|aims|aiming|aspire|aspiration|ambition|target|strive|worthy of|want|working towards|on track|"
    r"achieve|become|would|could|expect)\w*\b[^.;]{0,40}$",
    re.I,
)


def _nearest_area(sentence: str, pos: int):  # type: ignore[no-untyped-def]
    """The area named closest before the grade, else the first one after it."""
    before = [m for m in _AREA.finditer(sentence) if m.end() <= pos]
    if before:
        return before[-1]
    return _AREA.search(sentence, pos)


def _canonical(grade: str) -> str:
    g = " ".join(grade.lower().split())
    return "requires improvement" if g.startswith("require") else g


def find_judgements(text: str, sentences: list[Sentence], document: Document) -> list[Judgement]:
    from corpus_search.facts.dates import find_dates

    out: list[Judgement] = []
    taken: set[int] = set()
    for sent in sentences:
        if not _ANY_GRADE.search(sent.text):
            continue
        for pattern in CONTEXTS:
            for match in pattern.finditer(sent.text):
                start = sent.start + match.start("grade")
                if start in taken:
                    continue
                taken.add(start)
                if _ASPIRATION.search(sent.text[: match.start()]):
                    continue
                area = _nearest_area(sent.text, match.start("grade"))
                dated = [d.value for d in find_dates(sent.text, document.date) if d.value]
                out.append(
                    Judgement(
                        grade=_canonical(match.group("grade")),
                        area=area.group(0) if area else None,
                        organisation=document.organisation,
                        date=dated[0] if dated else document.date,
                        text=text[start : sent.start + match.end("grade")],
                        start=start,
                        end=sent.start + match.end("grade"),
                    )
                )
    return sorted(out, key=lambda j: j.start)
