"""The store's side of moved roots (`roots()`, `repoint`) on both stores: the SQLite file and a
real PostgreSQL server (the fixture of tests/test_store_backends.py)."""
from __future__ import annotations

from dataclasses import replace

from corpus_search import kinds
from tests.test_store_backends import backend, item  # noqa: F401  (backend is a fixture)


def under(root: str, doc_id: str, people: list[str], content_hash: str):
    it = item(doc_id, people, content_hash)
    it.source = replace(it.source, root=root, path=f"{root}/{doc_id}")
    it.document.root, it.document.path = root, f"{root}/{doc_id}"
    return it


def test_roots_and_repoint_keep_every_fact_under_the_new_id(backend):  # noqa: F811
    with backend(create=True) as store:
        store.save_batch([under("/old", "a.pdf", ["Jane Roe"], "h1"), under("/old", "b.pdf", ["Sam Poe"], "h2"),
                          under("/keep", "c.pdf", ["Jane Roe"], "h3")])
        before = [dict(r, doc_id=None) for r in store.fact_rows(kinds.all_kinds(), doc_id="a.pdf")]
        assert store.roots() == [{"root": "/keep", "documents": 1, "failed": 0},
                                 {"root": "/old", "documents": 2, "failed": 0}]
        store.repoint([("a.pdf", "new/a.pdf", "/new", "/new/a.pdf"), ("b.pdf", "b.pdf", "/new", "/new/b.pdf")])
    with backend() as store:
        assert store.document("a.pdf") is None
        doc = store.document("new/a.pdf")
        assert (doc["root"], doc["path"]) == ("/new", "/new/a.pdf")
        after = [dict(r, doc_id=None) for r in store.fact_rows(kinds.all_kinds(), doc_id="new/a.pdf")]
        assert after == before and store.people_in("new/a.pdf") == ["Jane Roe"]
        assert store.document("b.pdf")["root"] == "/new"
        assert store.roots() == [{"root": "/keep", "documents": 1, "failed": 0},
                                 {"root": "/new", "documents": 2, "failed": 0}]
        assert store.ids_under_roots([]) == ([], [])
