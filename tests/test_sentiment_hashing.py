"""The sentiment features' hashing and normalisation (sentiment/hashing.py) against scikit-learn's own
HashingVectorizer and normalize, element for element: the model was designed and trained on those, and
must read the same features without importing scikit-learn."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from corpus_search.sentiment.hashing import Hasher, l2_rows
from tests.paths import ROOT

WORD_PATTERN = r"(?u)\b\w[\w'-]*\b"  # the model's (sentiment/model.py)
CONFIGS = [("word", (1, 2), WORD_PATTERN), ("char_wb", (3, 5), None), ("word", (1, 3), r"(?u)\b\w\w+\b"),
           ("word", (2, 2), WORD_PATTERN), ("char_wb", (2, 2), None)]


def sklearn_hasher(analyzer, ngrams, pattern, n=2**18):
    extra = {"token_pattern": pattern} if pattern else {}
    return HashingVectorizer(n_features=n, analyzer=analyzer, ngram_range=ngrams, alternate_sign=False,
                             norm=None, lowercase=True, **extra)


def ours(analyzer, ngrams, pattern, n=2**18):
    return Hasher(n, analyzer, ngrams, **({"token_pattern": pattern} if pattern else {}))


def assert_same(a, b):
    a, b = a.tocsr(), b.tocsr()
    a.sort_indices()
    b.sort_indices()
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)  # bit for bit, not approximately


@pytest.fixture(scope="module")
def sentences():
    texts = []
    for path in sorted((ROOT / "data" / "sentiment").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) > 1000
    return texts


@pytest.mark.parametrize("analyzer, ngrams, pattern", CONFIGS)
def test_counts_and_l2_rows_equal_scikit_learn_on_the_labelled_sentences(sentences, analyzer, ngrams, pattern):
    theirs = sklearn_hasher(analyzer, ngrams, pattern).transform(sentences)
    mine = ours(analyzer, ngrams, pattern).transform(sentences)
    assert_same(theirs, mine)
    weights = np.random.default_rng(7).random(2**18).astype(np.float32)
    assert_same(normalize(theirs.multiply(weights).tocsr()), l2_rows(mine.multiply(weights).tocsr()))


TEXT = st.text(alphabet=st.sampled_from([*"abcXYZ éÉøß'’-–_0129 \t\n£.,!?", "ﬁ", "İ"]), max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=6), st.sampled_from(CONFIGS), st.sampled_from([7, 1024, 2**18]))
def test_drawn_text_hashes_as_scikit_learn_does(texts, config, n):
    analyzer, ngrams, pattern = config
    theirs = sklearn_hasher(analyzer, ngrams, pattern, n).transform(texts)
    assert_same(theirs, ours(analyzer, ngrams, pattern, n).transform(texts))


def test_a_row_of_zeros_is_left_as_it_is():
    m = ours("word", (1, 1), WORD_PATTERN).transform(["", "two words", "!!"])
    assert_same(normalize(m), l2_rows(m))


def test_classifying_does_not_import_scikit_learn():
    code = ("import sys; from pathlib import Path; from corpus_search.sentiment.runtime import load_for_index; "
            "m = load_for_index(Path('no-such-home')); print(m.predict(['Costs rose.'])[0][0]); "
            "print('sklearn' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    out = run.stdout.split()
    assert out == ["negative", "False"]
