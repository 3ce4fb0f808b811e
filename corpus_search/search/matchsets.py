"""Unscored match sets of Whoosh queries (filters), a segment at a time, from posting lists."""
from __future__ import annotations

from typing import Any


def _term_docs(reader: Any, field: str, text: Any) -> set[int]:
    if (field, text) not in reader:
        return set()
    return set(reader.postings(field, text).all_ids())


def segment_docs(q: Any, searcher: Any) -> set[int]:
    """Documents of one segment that match a query, without scoring them."""
    from whoosh import query as Q

    if isinstance(q, Q.Term):
        return _term_docs(searcher.reader(), q.fieldname, q.text)
    if type(q) is Q.Or:
        docs: set[int] = set()
        for sub in q.subqueries:
            docs |= segment_docs(sub, searcher)
        return docs
    if isinstance(q, Q.NumericRange):  # date filters: a union of trie terms
        return segment_docs(q._compile_query(searcher.reader()), searcher)
    if isinstance(q, Q.ConstantScoreQuery):
        return segment_docs(q.child, searcher)
    if isinstance(q, Q.TermRange):
        reader = searcher.reader()
        union: set[int] = set()
        for text in q._btexts(reader):
            union |= _term_docs(reader, q.fieldname, text)
        return union
    return set(q.docs(searcher))
