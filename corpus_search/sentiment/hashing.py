"""Feature hashing and row normalisation for the sentiment features, without scikit-learn.

The model was designed on scikit-learn's `HashingVectorizer` (alternate_sign=False, norm=None,
lowercase=True) and `preprocessing.normalize` (l2, by row). Importing scikit-learn costs about a
second per process (0.97 s against 0.14 s for scipy.sparse, measured here), which every ingest worker
and every `classify` paid for two small computations. This module does the same computations:

- n-grams as scikit-learn's analyzers make them: "word" (the token pattern's matches of the lowered
  text, then n-grams joined by a space) and "char_wb" (each whitespace-separated word padded with a
  space, n-grams inside it only);
- MurmurHash3 (x86, 32 bit, seed 0) of each n-gram's UTF-8 bytes, from the `murmurhash` package that
  spaCy already installs: the function scikit-learn uses, bucket `abs(h) % n_features`, count 1 each;
- l2 row normalisation with each row's sum of squares accumulated in index order, as scikit-learn's
  `inplace_csr_row_normalize_l2` does (a sparse matrix-vector product accumulates the same way).

`tests/test_sentiment_hashing.py` checks both against scikit-learn, element for element, on the
labelled sentences and on drawn text; the training script (which imports scikit-learn for its
classifiers anyway) rebuilds a byte-identical model file.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from murmurhash.mrmr import hash as murmur3
from scipy.sparse import csr_matrix

_WHITE_SPACES = re.compile(r"\s\s+")


class Hasher:
    """Counts of hashed n-grams, one row per text (scipy CSR, float64, indices sorted)."""

    def __init__(
        self, n_features: int, analyzer: str, ngram_range: tuple[int, int], token_pattern: str = r"(?u)\b\w\w+\b"
    ):
        if analyzer not in ("word", "char_wb"):
            raise ValueError(f"unknown analyzer {analyzer!r}")
        self.n_features = int(n_features)
        self.analyzer = analyzer
        self.lo, self.hi = int(ngram_range[0]), int(ngram_range[1])
        self._tokens = re.compile(token_pattern)
        self._buckets: dict[str, int] = {}

    def ngrams(self, text: str) -> list[str]:
        text = text.lower()
        if self.analyzer == "word":
            return self._word_ngrams(self._tokens.findall(text))
        return self._char_wb_ngrams(text)

    def _word_ngrams(self, tokens: list[str]) -> list[str]:
        lo, hi = self.lo, self.hi
        if hi == 1:
            return list(tokens) if lo == 1 else []
        out = list(tokens) if lo == 1 else []
        for n in range(max(lo, 2), min(hi + 1, len(tokens) + 1)):
            out += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
        return out

    def _char_wb_ngrams(self, text: str) -> list[str]:
        out: list[str] = []
        for word in _WHITE_SPACES.sub(" ", text).split():
            w = f" {word} "
            for n in range(self.lo, self.hi + 1):
                offset = 0
                out.append(w[offset:offset + n])
                while offset + n < len(w):
                    offset += 1
                    out.append(w[offset:offset + n])
                if offset == 0:  # the word is shorter than n: one n-gram, and no longer ones
                    break
        return out

    def bucket(self, gram: str) -> int:
        b = self._buckets.get(gram)
        if b is None:
            b = self._buckets[gram] = abs(murmur3(gram)) % self.n_features
            if len(self._buckets) > 1_000_000:  # a bound on the cache, not a tuning knob
                self._buckets.clear()
        return b

    def transform(self, texts: Iterable[str]) -> csr_matrix:
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            indices += [self.bucket(g) for g in self.ngrams(text)]
            indptr.append(len(indices))
        m = csr_matrix(
            (np.ones(len(indices)), np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
            shape=(len(indptr) - 1, self.n_features),
        )
        m.sum_duplicates()  # also sorts each row's indices
        return m


def l2_rows(m: csr_matrix) -> csr_matrix:
    """Each row divided by its l2 norm (rows of zeros left as they are)."""
    m = csr_matrix(m, dtype=np.float64, copy=True)
    m.sort_indices()
    squares = csr_matrix((m.data * m.data, m.indices, m.indptr), shape=m.shape)
    norms = np.sqrt(squares @ np.ones(m.shape[1]))
    norms[norms == 0.0] = 1.0
    m.data /= np.repeat(norms, np.diff(m.indptr))
    return m
