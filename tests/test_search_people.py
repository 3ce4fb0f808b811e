"""People in the index: a full-name query finds documents that write the person another way,
through the canonical person the facts store knows; `--person` and a name query agree."""
from __future__ import annotations

import pytest

from corpus_search import search
from corpus_search.models import Document, Facts, Mention, Person, Processed, Source
from corpus_search.queries import person_filter
from corpus_search.search import SearchOptions
from corpus_search.search.people import names_for
from corpus_search.store import Store
from tests.engines import ENGINES, choose

DOCS = [
    # (doc_id, text, canonical people with the aliases this document writes)
    ("minutes.txt", "Mr R J Smith presented the housing report and answered questions.",
     [("Robert John Smith", ["Mr R J Smith"])]),
    ("press.txt", "The Leader, Mr Smith, welcomed the decision on the new library.",
     [("Robert John Smith", ["Mr Smith"])]),
    ("other.txt", "Robert Brown and John Clarke discussed the smith's forge restoration grant.",
     [("Robert Brown", []), ("John Clarke", [])]),
    ("unrelated.txt", "The parks budget was agreed without debate.", []),
]


@pytest.fixture(scope="module", params=ENGINES)
def home(tmp_path_factory, request):
    root = tmp_path_factory.mktemp("people")
    choose(root / "whoosh", request.param)
    store = Store(root / "facts.db", create=True)
    items, rows = [], []
    for doc_id, text, people in DOCS:
        doc = Document(doc_id=doc_id, path=doc_id, root="r", content_hash=doc_id, format="text", raw_text=text,
                       text=text, title="", doc_type="minutes", words=len(text.split()))
        persons = [Person(name=name, aliases=aliases, mentions=[Mention(a, text.find(a), text.find(a) + len(a))
                                                               for a in aliases or [name]]) for name, aliases in people]
        facts = Facts(people=persons)
        items.append(Processed(source=Source(doc_id, doc_id, "r", doc_id, len(text), 0.0), document=doc, facts=facts))
        rows.append(search.index_row(doc, facts))
    store.save_batch(items)
    store.close()
    writer = search.IndexWriter(root / "whoosh")
    writer.write(rows)
    writer.close()
    return root


def run(home, query, **kw):
    with Store(home / "facts.db") as store:
        index = search.open_index(home / "whoosh")
        if "person" in kw:
            kw["people"], kw["documents"] = person_filter(store, [kw.pop("person")])  # as `search` does
        return [h.doc_id for h in index.search(query, SearchOptions(**kw), text_for=store.texts,
                                                names_for=names_for(store)).results]


def test_full_name_finds_documents_that_write_it_otherwise(home):
    found = run(home, "Robert John Smith")
    assert set(found[:2]) == {"minutes.txt", "press.txt"}


def test_alias_query_expands_to_the_canonical_person(home):
    found = run(home, "Mr R J Smith")
    assert set(found[:2]) == {"minutes.txt", "press.txt"}


def test_person_filter_and_name_query_agree(home):
    by_filter = set(run(home, "housing OR library OR decision OR report", person="Robert John Smith"))
    by_name = run(home, "Robert John Smith")
    assert by_filter == {"minutes.txt", "press.txt"}
    assert set(by_name[: len(by_filter)]) == by_filter


def test_names_inside_a_longer_query(home):
    found = run(home, "what did Robert John Smith say about the library")
    assert found[0] == "press.txt"
