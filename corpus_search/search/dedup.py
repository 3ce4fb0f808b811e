"""Near-duplicate signatures: MinHash over word 4-shingles, banded for lookup (LSH).

Computed once per document at index time. Two documents whose shingle sets overlap by about
JACCARD or more (the same press release re-published with a new header, the same minutes as PDF
and as HTML) share at least one band with high probability, and their signatures then agree on
about that share of positions.
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Sequence

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
MAX_BAND_DOCS = 20  # near-duplicate candidates looked at per band; a band shared by more is boilerplate
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


# (doc_id, dup_of, encoded signature) of an indexed document sharing a band with a new one
Indexed = tuple[str, str | None, str | None]


def mark_batch(
    rows: Sequence[tuple[str, str]], indexed: Callable[[str], Iterable[Indexed]]
) -> list[tuple[str, np.ndarray | None, list[str]]]:
    """The near-duplicate group of each new document of a batch, for either search engine.

    `rows`: (doc_id, text) in batch order. `indexed(band)`: the documents already in the index that
    share `band` (the engine returns none for a band more than MAX_BAND_DOCS documents share: a
    results-table template, not a duplicate). RETURNS per row (dup_of, signature, bands): `dup_of`
    is the group (its earliest member's id) of the most similar earlier document at JACCARD or more,
    in the index or earlier in this batch ("" when none), ties broken by the group's id.
    """
    batch_bands: dict[str, list[int]] = {}
    out: list[tuple[str, np.ndarray | None, list[str]]] = []
    for n, (doc_id, text) in enumerate(rows):
        sig = signature(text)
        if sig is None:
            out.append(("", None, []))
            continue
        found = bands(sig)
        best: tuple[float, str] | None = None
        for band in found:
            candidates: list[tuple[str, str, np.ndarray | None]] = [
                (rows[m][0], out[m][0] or rows[m][0], out[m][1]) for m in batch_bands.get(band, ())[:MAX_BAND_DOCS]
            ]
            candidates += [(other, group or other, decode(enc) if enc else None) for other, group, enc in indexed(band)]
            for other, group, other_sig in candidates:
                if other_sig is None or other == doc_id:
                    continue
                sim = similarity(sig, other_sig)
                if sim >= JACCARD and (best is None or (sim, group) > best):
                    best = (sim, group)
        out.append((best[1] if best is not None and best[1] != doc_id else "", sig, found))
        for band in found:
            batch_bands.setdefault(band, []).append(n)
    return out
