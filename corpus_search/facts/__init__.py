"""Fact extraction: one module per kind of fact (people, roles, dates, money, judgements).

`corpus_search.facts.extract.extract` runs them all on one document. This package file imports
nothing, so `metadata` can use the date rules without loading the rest.
"""
