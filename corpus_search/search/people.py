"""Who a run of query words names, read from the facts store (the one place search reads it)."""
from __future__ import annotations

from typing import Any

from corpus_search.search.base import NamesFor


def names_for(store: Any) -> NamesFor:
    """A function: words of a query → canonical names of the person they denote (full name or
    alias), [] when they name nobody or several people could be meant."""
    from corpus_search.queries import Ambiguous, UnknownPerson, resolve_person

    cache: dict[str, list[str]] = {}

    def lookup(words: str) -> list[str]:
        if words not in cache:
            try:
                pid = resolve_person(store, words)
                name = store.person_name(pid)
                cache[words] = [name] if name else []
            except (Ambiguous, UnknownPerson):
                cache[words] = []
        return cache[words]

    return lookup
