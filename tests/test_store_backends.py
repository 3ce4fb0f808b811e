"""The store contract against both implementations: the SQLite file and a real PostgreSQL server.

Every test takes `backend`, a function that opens a store (create=True/False) on a fresh SQLite
file or a fresh PostgreSQL database; the same assertions hold for both.
"""
from __future__ import annotations

import inspect
import multiprocessing
from dataclasses import replace

import pytest

from corpus_search import kinds
from corpus_search.models import Mention, Person, Processed, Source
from corpus_search.store import SCHEMA_VERSION, FactStore, StoreOutdated, open_store
from corpus_search.store.postgres import PostgresStore, StoreUnavailable, redacted
from tests.test_store import TEXT, paged_item


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "facts.db"
        return lambda create=False: open_store(path, create=create)
    url = request.getfixturevalue("pg_url")
    return lambda create=False: open_store(tmp_path / "unused.db", create=create, url=url)


def item(doc_id: str, people: list[str], content_hash: str = "h1") -> Processed:
    """A copy of the paged item under another id, naming `people` (each once)."""
    base = paged_item(doc_id)
    base.source = replace(base.source, content_hash=content_hash)
    base.document.content_hash = content_hash
    base.facts.people = [Person(n, aliases=[n], mentions=[Mention(n, 0, len(n))]) for n in people]
    base.facts.roles = [replace(r, person=people[0]) for r in base.facts.roles] if people else []
    return base


def test_a_missing_store_is_not_created_by_readers(backend):
    from corpus_search.errors import IndexNotFound

    with pytest.raises(IndexNotFound):
        backend()


def test_round_trip_of_every_kind(backend):
    with backend(create=True) as store:
        store.save_batch([paged_item()])
    with backend() as store:
        doc = store.document("minutes.pdf")
        rows = {r["kind"]: r for r in store.fact_rows(kinds.all_kinds())}
        assert doc["text"] == TEXT and doc["raw_text"] == TEXT and doc["organisation"] == "Exton Council"
        assert [p["page"] for p in doc["pages"]] == [1, 2] and doc["verdict_sentences"] == [1]
        assert rows["money"]["end_value"] == 3000000.0 and rows["money"]["page"] == 2
        assert rows["role"]["person"] == "Jane Roe" and rows["person"]["honours"] == ["OBE"]
        assert store.fact_counts() == {"people": 1, "roles": 1, "dates": 1, "money": 1, "judgements": 0, "sentences": 2}
        assert store.totals() == (1, 20) and store.counts_by_type() == {"minutes": 1}
        assert store.counts_by_year() == {"2020": 1}
        assert store.meta("schema_version") == SCHEMA_VERSION
        (pid,) = store.people_by_name("jane roe")
        assert store.person_name(pid) == "Jane Roe" and store.person_honours(pid) == ["OBE"]
        assert store.person_roles(pid)[0]["page"] == 2 and store.person_documents(pid)[0]["pages"] == [2]
        assert store.people_by_surname("roe") == [pid] and store.people_by_first_word("jane") == [pid]
        assert store.doc_ids_like("minutes") == ["minutes.pdf"] and store.texts(["minutes.pdf"]) == {"minutes.pdf": TEXT}


def test_replace_fail_delete_and_meta(backend):
    with backend(create=True) as store:
        store.save_batch([paged_item()])
        first = store.meta("changed_at")
        store.save_batch([paged_item()])
        assert store.fact_counts()["sentences"] == 2 and store.totals()[0] == 1
        assert first and store.meta("changed_at") > first  # what serve's caches are keyed by
        failed = Processed(Source("minutes.pdf", "/x/minutes.pdf", "/x", "h2", 1, 0.0), error="encrypted PDF")
        store.save_batch([failed])
        store.save_batch([failed])
        assert store.document("minutes.pdf") is None and store.person_names() == []
        assert store.failures() == [{"doc_id": "minutes.pdf", "path": "/x/minutes.pdf", "reason": "encrypted PDF"}]
        assert store.ids_under_roots(["/x"]) == ([], ["minutes.pdf"])
        store.delete_documents(["minutes.pdf"])
        assert store.failures() == [] and store.fact_counts()["sentences"] == 0
        store.set_meta("last_ingest", "a")
        store.set_meta("last_ingest", "b")
        assert store.meta("last_ingest") == "b"


def test_people_shared_between_documents_and_orders(backend):
    with backend(create=True) as store:
        store.save_batch([item("b.txt", ["Zoë Ward", "Ann Bell"], "hb"), item("a.txt", ["Ann Bell", "Émile Zola"], "ha")])
        (ann,) = store.people_by_name("ann bell")
        assert [d["doc_id"] for d in store.person_documents(ann)] == ["a.txt", "b.txt"]
        assert store.related_people(ann) == [{"documents": 1, "name": "Zoë Ward"}, {"documents": 1, "name": "Émile Zola"}]
        assert [d["doc_id"] for d in store.documents()] == ["a.txt", "b.txt"]
        assert store.hash_owner("ha", "x.txt") == "a.txt" and store.hash_owner("ha", "a.txt") is None
        assert store.known_documents() == {"a.txt": ("ha", "/x"), "b.txt": ("hb", "/x")}
        assert store.person_candidates(sorted(store.people_by_alias("ann bell"))) == [{"name": "Ann Bell", "documents": 2, "organisations": ["Exton Council"]}]


def test_reconcile_holds_rejected_people_and_restores_them_on_undo(backend):
    from corpus_search.people.corrections import Correction

    reject = Correction("c1", "reject", ("Jane Roe",))
    with backend(create=True) as store:
        store.save_batch([item("a.txt", ["Jane Roe", "Ann Bell"], "ha"), item("b.txt", ["Ann Bell"], "hb")])
        store.reconcile_people([])
        before = sorted(map(str, store.fact_rows(kinds.all_kinds())))
        store.reconcile_people([reject])
        assert sorted(store.person_names()) == ["Ann Bell"] and store.fact_counts()["roles"] == 1  # b.txt's, Ann's
        store.reconcile_people([reject])  # held rows are held again, not lost or doubled
        assert sorted(store.person_names()) == ["Ann Bell"]
        store.reconcile_people([reject, Correction("c2", "undo", target="c1")])
        assert sorted(map(str, store.fact_rows(kinds.all_kinds()))) == before
        (jane,) = store.people_by_name("jane roe")
        assert store.person_roles(jane) and store.person_documents(jane)[0]["doc_id"] == "a.txt"


def test_nul_characters_do_not_break_the_server_store(backend):
    bad = paged_item("nul.txt")
    bad.document.text = bad.document.text.replace("Cover", "Co\x00er")
    with backend(create=True) as store:
        store.save_batch([bad])
        assert len(store.document("nul.txt")["text"]) == len(bad.document.text)


def test_postgres_store_has_every_method_of_the_protocol():
    wanted = {n for n, v in vars(FactStore).items() if inspect.isfunction(v) and not n.startswith("_")}
    for name in wanted:
        assert inspect.signature(getattr(PostgresStore, name)).parameters.keys() == inspect.signature(getattr(FactStore, name)).parameters.keys(), name


def test_postgres_refuses_another_schema_version(pg_url, tmp_path):
    import psycopg

    with open_store(tmp_path / "x", create=True, url=pg_url):
        pass
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(StoreOutdated, match=r"facts schema 1 .*ingest --rebuild"):
        open_store(tmp_path / "x", url=pg_url)


def test_an_unreachable_server_is_one_line_without_the_password(pg_server, tmp_path):
    url = pg_server.replace("postgres@", "postgres:sekrit@").rsplit(":", 1)[0] + ":1/corpus"
    with pytest.raises(StoreUnavailable) as caught:
        open_store(tmp_path / "x", url=url)
    assert "sekrit" not in str(caught.value) and "***" in redacted(url)


def _writer(url: str, prefix: str, batches: int) -> None:
    """One ingest's writes: batches of documents that all name the same people."""
    from pathlib import Path

    with open_store(Path("unused"), create=True, url=url) as store:
        for b in range(batches):
            store.save_batch([item(f"{prefix}-{b}-{i}.txt", ["Ann Bell", f"Writer {prefix}", "Jane Roe"], f"{prefix}{b}{i}")
                              for i in range(5)])
            # and one document both writers rewrite
            store.save_batch([item("shared.txt", ["Ann Bell", f"Writer {prefix}"], "shared")])


def test_two_writers_in_two_processes_do_not_corrupt_the_server_store(pg_url, tmp_path):
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(pg_url, p, 12)) for p in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    with open_store(tmp_path / "x", url=pg_url) as store:
        docs = store.known_documents()
        assert len(docs) == 2 * 12 * 5 + 1
        names = store.person_names()
        assert sorted(names) == ["Ann Bell", "Jane Roe", "Writer a", "Writer b"]  # one row per person, no duplicate
        (ann,) = store.people_by_name("ann bell")
        assert len(store.person_documents(ann)) == len(docs)
        assert store.fact_counts()["roles"] == len(docs)
        shared = [r for r in store.fact_rows([kinds.by_name("person")], doc_id="shared.txt")]
        assert len(shared) == 2  # the last writer's version, whole, not a mixture of both


def _everything(store) -> dict:
    """What a store holds, as plain data without ids or times (for comparing the two stores)."""
    docs = [{k: v for k, v in d.items() if k != "ingested_at"} for d in store.documents()]
    return {"docs": docs, "rows": list(store.fact_rows(kinds.all_kinds())), "failures": store.failures(),
            "names": sorted(store.person_names()), "counts": store.fact_counts()}


def test_one_batch_with_repeats_failures_and_titled_surnames_is_stored_alike(tmp_path, pg_url):
    """The server store writes a batch in bulk (COPY): it must keep exactly what the SQLite store keeps."""
    twice = item("a.txt", ["Ann Bell"], "ha1")
    again = item("a.txt", ["Mrs Carter", "Mr Carter", "Ann Bell"], "ha2")
    again.facts.people.append(Person("ANN BELL", aliases=["Ann"], mentions=[Mention("Ann", 1, 4)]))  # same key
    failed = Processed(Source("c.txt", "/x/c.txt", "/x", "hc", 1, 0.0), error="encrypted PDF")
    batch = [twice, item("b.txt", ["Ann Bell", "Zoë Ward"], "hb"), failed, again]
    held = []
    for store in (open_store(tmp_path / "facts.db", create=True), open_store(tmp_path / "u", create=True, url=pg_url)):
        with store:
            store.save_batch([item("c.txt", ["Old Name"], "hc0")])
            store.save_batch(batch)
            held.append(_everything(store))
    assert held[0] == held[1]
    assert held[0]["names"] == ["Ann Bell", "Mr Carter", "Mrs Carter", "Zoë Ward"]
    assert [d["content_hash"] for d in held[0]["docs"]] == ["ha2", "hb"]
    assert held[0]["failures"] == [{"doc_id": "c.txt", "path": "/x/c.txt", "reason": "encrypted PDF"}]


def test_readers_in_one_process_reuse_one_server_connection(pg_url, tmp_path):
    from corpus_search.store import postgres

    with open_store(tmp_path / "u", create=True, url=pg_url) as store:
        store.save_batch([paged_item()])
        first = store.conn.raw.info.backend_pid
    pids = set()
    for _ in range(5):
        with open_store(tmp_path / "u", url=pg_url) as store:
            assert store.document("minutes.pdf")["title"] == "Minutes"
            pids.add(store.conn.raw.info.backend_pid)
    assert pids == {first}
    # A connection left inside a transaction is not kept; nor is one whose database was rebuilt meanwhile.
    store = open_store(tmp_path / "u", url=pg_url)
    store.conn.raw.execute("BEGIN")
    store.close()
    assert store.conn.raw.closed
    with open_store(tmp_path / "u", url=pg_url) as store:
        kept = store.conn
    postgres.drop_all(pg_url)
    from corpus_search.errors import IndexNotFound

    with pytest.raises(IndexNotFound):
        open_store(tmp_path / "u", url=pg_url)
    assert kept.raw.closed
