"""Near-duplicate signatures: MinHash over word 4-shingles, banded for lookup (LSH).

Computed once per document at index time. Two documents whose shingle sets overlap by about
JACCARD or more (the same press release re-published with a new header, the same minutes as PDF
and as HTML) share at least one band with high probability, and their signatures then agree on
about that share of positions.
"""
from __future__ import annotations

import re
import zlib

import numpy as np

HASHES = 64
BANDS = 16
ROWS = HASHES // BANDS
JACCARD = 0.7
SHINGLE = 4
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(20261201)
_A = _rng.integers(1, _PRIME, size=HASHES, dtype=np.int64)
_B = _rng.integers(0, _PRIME, size=HASHES, dtype=np.int64)
_WORD = re.compile(r"[^\W_]+")


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a text, or None when it has too few words to judge."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 2 * SHINGLE:
        return None
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    x = np.fromiter((zlib.crc32(s.encode()) for s in shingles), dtype=np.int64, count=len(shingles)) % _PRIME
    hashed = (np.outer(_A, x) + _B[:, None]) % _PRIME
    return hashed.min(axis=1).astype(np.uint32)


def bands(sig: np.ndarray) -> list[str]:
    return [f"{i}_{zlib.crc32(sig[i * ROWS:(i + 1) * ROWS].tobytes()):08x}" for i in range(BANDS)]


def encode(sig: np.ndarray) -> str:
    return sig.astype(">u4").tobytes().hex()


def decode(text: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(text), dtype=">u4").astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))
