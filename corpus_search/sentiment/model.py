"""The sentiment model: features, prediction, saving and loading (safe format)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from corpus_search.errors import ModelNotFound

LABELS = ("negative", "neutral", "positive")
FORMAT_VERSION = 1
# Feature settings are part of the saved file, so a retrained model carries its own.
DEFAULT_FEATURES: dict[str, Any] = {
    "word_ngrams": [1, 2],
    "char_ngrams": [3, 5],
    "n_features": 2**18,
    "sublinear_tf": True,
}


def default_model_path() -> Path:
    return Path(__file__).parent / "model" / "sentiment-model.npz"


def normalise_text(text: str) -> str:
    """Straighten quotes and fold case the same way for training and prediction."""
    return " ".join(text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split())


class Featuriser:
    def __init__(self, config: dict[str, Any], idf_word: np.ndarray | None = None, idf_char: np.ndarray | None = None):
        from sklearn.feature_extraction.text import HashingVectorizer

        self.config = config
        n = int(config["n_features"])
        common = {"n_features": n, "alternate_sign": False, "norm": None, "lowercase": True}
        self.word = HashingVectorizer(
            analyzer="word", ngram_range=tuple(config["word_ngrams"]), token_pattern=r"(?u)\b\w[\w'-]*\b", **common
        )
        lo, hi = config["char_ngrams"]
        self.char = HashingVectorizer(analyzer="char_wb", ngram_range=(lo, hi), **common) if hi > 0 else None
        self.idf_word = idf_word
        self.idf_char = idf_char
        lex = config.get("lexicon")
        self.lexicon = None
        if lex:
            from corpus_search.sentiment.lexicon import Lexicon

            self.lexicon = Lexicon(tuple(lex["positive"]), tuple(lex["negative"]), tuple(lex.get("procedural", ())))
        direction = config.get("direction")
        self.direction = None
        if direction:
            from corpus_search.sentiment.direction import Direction

            self.direction = Direction(tuple(direction["up"]), tuple(direction["down"]), tuple(direction["good_up"]), tuple(direction["bad_up"]))

    def _counts(self, clean: list[str]):  # type: ignore[no-untyped-def]
        """Word and character n-gram counts of already normalised texts."""
        w = self.word.transform(clean)
        c = self.char.transform(clean) if self.char is not None else None
        if self.config.get("sublinear_tf", True):
            w.data = np.log1p(w.data)
            if c is not None:
                c.data = np.log1p(c.data)
        return w, c

    def fit(self, texts: list[str]) -> Featuriser:
        w, c = self._counts([normalise_text(t) for t in texts])
        self.idf_word = _idf(w)
        self.idf_char = _idf(c) if c is not None else np.zeros(0, dtype=np.float32)
        return self

    def cues(self, clean: list[str]) -> np.ndarray:
        """Per text: (positive cues, negative cues, changes for the better, changes for the worse)."""
        out = np.zeros((len(clean), 4), dtype=np.float32)
        for i, t in enumerate(clean):
            if self.lexicon is not None:
                out[i, :2] = self.lexicon.counts(t)
            if self.direction is not None:
                out[i, 2:] = self.direction.counts(t)
        return out

    def transform(self, texts: list[str], cues: np.ndarray | None = None):  # type: ignore[no-untyped-def]
        """Feature rows of `texts`; `cues` (from `cues()`) when the caller has them already."""
        from scipy.sparse import csr_matrix, hstack
        from sklearn.preprocessing import normalize

        assert self.idf_word is not None and self.idf_char is not None
        clean = [normalise_text(t) for t in texts]
        w, c = self._counts(clean)
        blocks = [normalize(w.multiply(self.idf_word).tocsr())]
        if c is not None:
            blocks.append(normalize(c.multiply(self.idf_char).tocsr()))
        if self.lexicon is not None or self.direction is not None:
            counts = self.cues(clean) if cues is None else cues
        if self.lexicon is not None:
            blocks.append(csr_matrix(np.log1p(counts[:, :2]) * float(self.config.get("lexicon_weight", 0.5))))
        if self.direction is not None:
            blocks.append(csr_matrix(np.log1p(counts[:, 2:]) * float(self.config.get("direction_weight", 0.5))))
        return hstack(blocks).tocsr()


def _idf(counts) -> np.ndarray:  # type: ignore[no-untyped-def]
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)


@dataclass
class SentimentModel:
    """A fitted linear model: scores = X·Wᵀ + b, turned into probabilities by `link`."""

    features: Featuriser
    coef: np.ndarray  # (n_classes, n_features) float32
    intercept: np.ndarray  # (n_classes,)
    classes: tuple[str, ...]
    link: str  # "softmax" or "sigmoid"
    calib_a: np.ndarray | None = None  # per-class sigmoid calibration (Platt), link == "sigmoid"
    calib_b: np.ndarray | None = None
    info: dict[str, Any] | None = None

    def predict_proba(self, texts: list[str], cues: np.ndarray | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.classes)))
        x = self.features.transform(texts, cues)
        scores = np.asarray(x @ self.coef.T) + self.intercept
        if self.link == "sigmoid":
            assert self.calib_a is not None and self.calib_b is not None
            p = 1.0 / (1.0 + np.exp(self.calib_a * scores + self.calib_b))
            p = p / np.clip(p.sum(axis=1, keepdims=True), 1e-12, None)
        else:
            scores = scores - scores.max(axis=1, keepdims=True)
            p = np.exp(scores)
            p = p / p.sum(axis=1, keepdims=True)
        return p

    def predict(self, texts: list[str]) -> list[tuple[str, dict[str, float]]]:
        """(label, {label: probability}) per text.

        A blank text is neutral (1.0); a text with nothing to judge (no judgement cue, and a short
        answer, a heading, a list of names, a time: abstain.py) is neutral with high confidence.
        """
        from corpus_search.sentiment.abstain import ABSTAIN_SCORES, nothing_to_judge

        out: list[tuple[str, dict[str, float]]] = [("neutral", {"positive": 0.0, "negative": 0.0, "neutral": 1.0})] * len(texts)
        idx = [i for i, t in enumerate(texts) if t.strip()]
        if not idx:
            return list(out)
        clean = [normalise_text(texts[i]) for i in idx]
        cues = self.features.cues(clean)
        out = list(out)
        keep = []
        if self.features.lexicon is None:  # the abstention test still needs to know the cues
            from corpus_search.sentiment.lexicon import Lexicon

            lexicon = Lexicon()
            has_cue = [bool(sum(lexicon.counts(t))) or bool(cues[k].any()) for k, t in enumerate(clean)]
        else:
            has_cue = [bool(row.any()) for row in cues]
        for k, (i, t) in enumerate(zip(idx, clean)):
            if not has_cue[k] and nothing_to_judge(t):
                out[i] = ("neutral", dict(ABSTAIN_SCORES))
            else:
                keep.append(k)
        if not keep:
            return out
        probs = self.predict_proba([clean[k] for k in keep], cues[keep])
        idx = [idx[k] for k in keep]
        for row, i in zip(probs, idx):
            scores = {label: round(float(p), 4) for label, p in zip(self.classes, row)}
            out[i] = (self.classes[int(np.argmax(row))], scores)
        return out

    # ---- persistence ----------------------------------------------------------------------
    def save(self, path: Path) -> Path:
        """Write the model and its SHA-256 sidecar (`<path>.sha256`)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "format_version": FORMAT_VERSION,
            "features": self.features.config,
            "classes": list(self.classes),
            "link": self.link,
            "info": self.info or {},
        }
        arrays = {
            "meta": np.array(json.dumps(meta)),
            "coef": self.coef.astype(np.float32),
            "intercept": self.intercept.astype(np.float32),
            "idf_word": self.features.idf_word,
            "idf_char": self.features.idf_char,
        }
        if self.link == "sigmoid":
            arrays.update(calib_a=self.calib_a, calib_b=self.calib_b)
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(tmp, **arrays)  # type: ignore[arg-type]
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
        tmp.replace(path)
        path.with_name(path.name + ".sha256").write_text(digest + "\n")
        return path


def load_model(path: Path | str | None = None) -> SentimentModel:
    """Load a model after checking its SHA-256 sidecar. Never unpickles anything."""
    path = Path(path) if path else default_model_path()
    sidecar = path.with_name(path.name + ".sha256")
    if not path.exists():
        raise ModelNotFound(f"no sentiment model at {path}: reinstall corpus-search or run `corpus-search train`")
    if not sidecar.exists():
        raise ModelNotFound(f"sentiment model {path} has no .sha256 beside it: refusing to load it; retrain with `corpus-search train`")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sidecar.read_text().strip():
        raise ModelNotFound(f"sentiment model {path} does not match its checksum (changed since it was saved): refusing to load it; retrain with `corpus-search train`")
    try:
        with np.load(path, allow_pickle=False) as npz:
            meta = json.loads(str(npz["meta"]))
            arrays = {k: npz[k] for k in npz.files if k != "meta"}
    except (ValueError, KeyError, OSError) as exc:
        raise ModelNotFound(f"sentiment model {path} is not a valid model file ({exc})") from exc
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelNotFound(f"sentiment model {path} has format {meta.get('format_version')}, expected {FORMAT_VERSION}")
    features = Featuriser(meta["features"], arrays["idf_word"], arrays["idf_char"])
    return SentimentModel(
        features=features,
        coef=arrays["coef"],
        intercept=arrays["intercept"],
        classes=tuple(meta["classes"]),
        link=meta["link"],
        calib_a=arrays.get("calib_a"),
        calib_b=arrays.get("calib_b"),
        info=meta.get("info"),
    )
