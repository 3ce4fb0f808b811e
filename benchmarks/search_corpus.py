"""Build search benchmark homes from ../shared/benchdata without NLP (shared by bench_search.py
and eval_search.py). `DIR N` builds DIR/tantivy (bare tantivy) and DIR/index (our Whoosh engine
and the facts store); `DIR N --engine-home` then builds DIR/index-tantivy (our tantivy engine).

A home holds a Whoosh index written through `corpus_search.search` (as ingest writes it, in
batches of pipeline.COMMIT_DOCS) and a facts store written through `Store.save_batch` holding
each document's text (for snippets), with no facts. Beyond the 23,802 real records, copy k of a
record interleaves its sentences with those of another record and shifts its digits, so the
copies are new documents with the corpus's vocabulary, not near-duplicates of the originals.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCHDATA = Path(os.environ.get("CORPUS_BENCHDATA", REPO.parent / "shared" / "benchdata"))
FILES = ("reuters21578.jsonl.gz", "bbc-news-2225.jsonl.gz")
_SENT = re.compile(r"(?<=[.!?])\s+")


def load_records() -> list[dict[str, Any]]:
    recs = []
    for name in FILES:
        with gzip.open(BENCHDATA / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                title, text = (r.get("title") or "").strip(), (r.get("text") or "").strip()
                if not title and not text:
                    continue
                source = "bbc" if name.startswith("bbc") else "reuters"
                recs.append({"id": f"{source}/{r['id']}", "title": title, "text": text,
                             "date": (r.get("date") or "")[:10] or None, "category": r.get("category") or r.get("topics")})
    return recs


def _shift(s: str, k: int) -> str:
    return s.translate(str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10))))


def varied(recs: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    total = len(recs)
    out = list(recs[:n])
    i = total
    while len(out) < n:
        k, r = divmod(i, total)
        a, b = recs[r], recs[(r * 7919 + k * 104729) % total]
        sa, sb = _SENT.split(a["text"]), _SENT.split(b["text"])
        mixed = [s for pair in zip(sa, sb) for s in pair] + sa[len(sb):] + sb[len(sa):]
        out.append({"id": f"{a['id']}~{k}", "title": _shift(a["title"], k), "text": _shift(" ".join(mixed), k),
                    "date": a["date"], "category": a.get("category")})
        i += 1
    return out


def build_home(home: Path, recs: list[dict[str, Any]], batch_docs: int = 0, resume: bool = False,
               with_index: bool = True) -> dict[str, Any]:
    """Write `recs` into a fresh index home (or, with `resume`, add those it lacks); returns timings.
    Without `with_index`, only the facts store (for a home whose index is built otherwise)."""
    import shutil

    from corpus_search import search
    from corpus_search.config import Settings
    from corpus_search.models import Document, Facts, Processed, Source
    from corpus_search.pipeline import COMMIT_DOCS
    from corpus_search.store import Store

    settings = Settings(index_dir=home)
    if not resume and with_index:
        shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True, exist_ok=True)
    if not with_index and settings.db_path.is_symlink():
        settings.db_path.unlink()
    store = Store(settings.db_path, create=True)
    index = search.IndexWriter(settings.whoosh_dir) if with_index else None
    if resume:
        known = set(store.known_documents())
        recs = [r for r in recs if r["id"] + ".txt" not in known]
    started = time.perf_counter()
    index_seconds = 0.0
    size = batch_docs or COMMIT_DOCS
    for start in range(0, len(recs), size):
        batch = []
        for r in recs[start:start + size]:
            text = (r["title"] + "\n\n" + r["text"]).strip()
            h = hashlib.sha1(text.encode()).hexdigest()
            doc = Document(doc_id=r["id"] + ".txt", path=r["id"] + ".txt", root="bench", content_hash=h, format="text",
                           raw_text="", text=text, title=r["title"], doc_type="news", date=r["date"],
                           words=len(text.split()))
            batch.append(Processed(source=Source(doc.doc_id, doc.path, "bench", h, len(text), 0.0),
                                   document=doc, facts=Facts()))
        t = time.perf_counter()
        if index is not None:
            index.write([search.index_row(p.document, p.facts) for p in batch])
        index_seconds += time.perf_counter() - t
        store.save_batch(batch)
        if start % 10000 < size:
            print(f"  {start + len(batch)} docs, {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    if index is not None:
        index.close()
    store.close()
    return {"docs": len(recs), "seconds": round(time.perf_counter() - started, 1), "index_seconds": round(index_seconds, 1)}


def build_engine_home(home: Path, recs: list[dict[str, Any]], engine: str, store_from: Path) -> dict[str, Any]:
    """An index home using our `engine` (through `corpus_search.search`, as ingest writes it, with
    near-duplicate marking), holding only the index: its facts store is `store_from`'s (a link),
    which holds the same documents' texts."""
    import shutil

    from corpus_search import search
    from corpus_search.config import Settings
    from corpus_search.pipeline import COMMIT_DOCS

    settings = Settings(index_dir=home)
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    (home / "facts.db").symlink_to(store_from.resolve())
    search.use_engine(settings.whoosh_dir, engine)
    index = search.IndexWriter(settings.whoosh_dir)
    started = time.perf_counter()
    for start in range(0, len(recs), COMMIT_DOCS):
        index.write([{"doc_id": r["id"] + ".txt", "root": "bench", "title": r["title"],
                      "text": (r["title"] + "\n\n" + r["text"]).strip(), "doc_type": "news", "date": r["date"]}
                     for r in recs[start:start + COMMIT_DOCS]])
        if start % 10000 < COMMIT_DOCS:
            print(f"  {engine}: {start + COMMIT_DOCS} docs, {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    index.close()
    return {"docs": len(recs), "seconds": round(time.perf_counter() - started, 1)}


def build_tantivy(folder: Path, recs: list[dict[str, Any]]) -> dict[str, Any]:
    import shutil

    import tantivy

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=True, tokenizer_name="en_stem")
    sb.add_text_field("body", stored=False, tokenizer_name="en_stem")
    schema = sb.build()
    ix = tantivy.Index(schema, path=str(folder))
    writer = ix.writer(heap_size=200_000_000, num_threads=1)
    started = time.perf_counter()
    for r in recs:
        writer.add_document(tantivy.Document(doc_id=r["id"] + ".txt", title=r["title"], body=r["text"]))
    writer.commit()
    writer.wait_merging_threads()
    return {"docs": len(recs), "seconds": round(time.perf_counter() - started, 1)}


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Build a search benchmark home: DIR/index and DIR/tantivy.")
    ap.add_argument("dir", type=Path)
    ap.add_argument("docs", type=int, nargs="?", default=100_000)
    ap.add_argument("--batch", type=int, default=0, help="documents per commit (default: pipeline.COMMIT_DOCS)")
    ap.add_argument("--resume", action="store_true", help="add only the documents the home lacks; keep tantivy")
    ap.add_argument("--engine-home", action="store_true",
                    help="build only DIR/index-tantivy: our tantivy engine over the same documents (DIR/index's store)")
    ap.add_argument("--store-only", type=Path, metavar="HOME",
                    help="write only a facts store of the documents into HOME (e.g. DIR/index-tantivy)")
    args = ap.parse_args()
    recs = varied(load_records(), args.docs)
    if args.store_only:
        print(json.dumps({"store": build_home(args.store_only, recs, with_index=False)}), flush=True)
        sys.exit(0)
    if args.engine_home:
        print(json.dumps({"tantivy_engine": build_engine_home(args.dir / "index-tantivy", recs, "tantivy",
                                                              args.dir / "index" / "facts.db")}), flush=True)
        sys.exit(0)
    if not (args.resume and (args.dir / "tantivy").exists()):
        print(json.dumps({"tantivy": build_tantivy(args.dir / "tantivy", recs)}), flush=True)
    print(json.dumps({"whoosh": build_home(args.dir / "index", recs, args.batch, args.resume)}), flush=True)
