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
        from corpus_search.sentiment.hashing import Hasher  # scikit-learn's hashing, without importing it

        self.config = config
        n = int(config["n_features"])
        self.word = Hasher(n, "word", tuple(config["word_ngrams"]), token_pattern=r"(?u)\b\w[\w'-]*\b")
        lo, hi = config["char_ngrams"]
        self.char = Hasher(n, "char_wb", (lo, hi)) if hi > 0 else None
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

            self.direction = Direction(
                tuple(direction["up"]),
                tuple(direction["down"]),
                tuple(direction["good_up"]),
                tuple(direction["bad_up"]),
                str(direction.get("head", "nearest")),
            )

    def _counts(self, clean: list[str]):  # type: ignore[no-untyped-def]
        """Word and character n-gram counts of already normalised texts."""
        w = self.word.transform(clean)
        c = self._char_counts(clean) if self.char is not None else None
        if self.config.get("sublinear_tf", True):
            w.data = np.log1p(w.data)
            if c is not None:
                c.data = np.log1p(c.data)
        return w, c

    def _char_counts(self, clean: list[str]):  # type: ignore[no-untyped-def]
        """Character n-gram counts, equal to `self.char.transform(clean)`, computed once per distinct word.

        `char_wb` n-grams never cross a word boundary, so a text's counts are the sum of its words'
        counts: hash each distinct word of the batch once, then add them up with one sparse product
        (documents x words) @ (words x buckets). Exact, and several times faster than hashing every
        n-gram of every text (sentences repeat most of their words).
        """
        from scipy.sparse import csr_matrix

        assert self.char is not None
        vocab: dict[str, int] = {}
        indices: list[int] = []
        indptr = [0]
        for text in clean:
            for word in text.lower().split():
                indices.append(vocab.setdefault(word, len(vocab)))
            indptr.append(len(indices))
        if not vocab:  # no words at all: no n-grams
            return csr_matrix((len(clean), int(self.config["n_features"])))
        words = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(clean), len(vocab)))
        return (words @ self.char.transform(list(vocab))).tocsr()

    def fit(self, texts: list[str]) -> Featuriser:
        w, c = self._counts([normalise_text(t) for t in texts])
        self.idf_word = _idf(w)
        self.idf_char = _idf(c) if c is not None else np.zeros(0, dtype=np.float32)
        return self

    def cues(self, clean: list[str]) -> np.ndarray:
        """Per text: (positive cues, negative cues, changes for the better, changes for the worse,
        then, with `contrast` on, the good and bad verdicts of the main clause of a contrast)."""
        from corpus_search.sentiment.contrast import main_clause

        contrast = bool(self.config.get("contrast"))
        out = np.zeros((len(clean), 6 if contrast else 4), dtype=np.float32)
        for i, t in enumerate(clean):
            if self.lexicon is not None:
                out[i, :2] = self.lexicon.counts(t)
            if self.direction is not None:
                out[i, 2:4] = self.direction.counts(t)
            if contrast and (out[i, :4].any()):
                main = main_clause(t)
                if main is not None:
                    if self.lexicon is not None:
                        out[i, 4:6] += self.lexicon.counts(main)
                    if self.direction is not None:
                        out[i, 4:6] += self.direction.counts(main)
        return out

    def transform(self, texts: list[str], cues: np.ndarray | None = None):  # type: ignore[no-untyped-def]
        """Feature rows of `texts`; `cues` (from `cues()`) when the caller has them already."""
        from scipy.sparse import csr_matrix, hstack

        from corpus_search.sentiment.hashing import l2_rows

        assert self.idf_word is not None and self.idf_char is not None
        clean = [normalise_text(t) for t in texts]
        w, c = self._counts(clean)
        blocks = [l2_rows(w.multiply(self.idf_word).tocsr())]
        if c is not None:
            blocks.append(l2_rows(c.multiply(self.idf_char).tocsr()))
        if self.lexicon is not None or self.direction is not None:
            counts = self.cues(clean) if cues is None else cues
        if self.lexicon is not None:
            blocks.append(csr_matrix(np.log1p(counts[:, :2]) * float(self.config.get("lexicon_weight", 0.5))))
        if self.direction is not None:
            blocks.append(csr_matrix(np.log1p(counts[:, 2:4]) * float(self.config.get("direction_weight", 0.5))))
        if self.config.get("contrast"):
            blocks.append(csr_matrix(np.log1p(counts[:, 4:6]) * float(self.config.get("contrast_weight", 1.0))))
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

        out: list[tuple[str, dict[str, float]]] = [
            ("neutral", {"positive": 0.0, "negative": 0.0, "neutral": 1.0})
        ] * len(texts)
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
        best = probs.argmax(axis=1).tolist()
        for row, b, i in zip(probs.tolist(), best, idx):  # Python floats: one conversion for the batch
            out[i] = (self.classes[b], {label: round(p, 4) for label, p in zip(self.classes, row)})
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
        raise ModelNotFound(
            f"sentiment model {path} has no .sha256 beside it: refusing to load it; retrain with `corpus-search train`"
        )
    try:
        data = path.read_bytes()
        expected = sidecar.read_text(encoding="utf-8", errors="replace").strip()
    except OSError as exc:
        raise ModelNotFound(f"cannot read sentiment model {path} ({exc.strerror or type(exc).__name__})") from exc
    if hashlib.sha256(data).hexdigest() != expected:
        raise ModelNotFound(
            f"sentiment model {path} does not match its checksum (changed since it was saved): "
            f"refusing to load it; retrain with `corpus-search train`"
        )
    try:
        with np.load(path, allow_pickle=False) as npz:
            meta = json.loads(str(npz["meta"]))
            arrays = {k: npz[k] for k in npz.files if k != "meta"}
    except Exception as exc:  # BadZipFile, zlib.error, EOFError, KeyError, JSON errors: all mean "not ours"
        raise ModelNotFound(
            f"sentiment model {path} is not a valid model file ({_why(exc)}): retrain with `corpus-search train`"
        ) from exc
    problem = _model_problem(meta, arrays)
    if problem is None:
        try:
            model = SentimentModel(
                features=Featuriser(meta["features"], arrays["idf_word"], arrays["idf_char"]),
                coef=arrays["coef"],
                intercept=arrays["intercept"],
                classes=tuple(meta["classes"]),
                link=meta["link"],
                calib_a=arrays.get("calib_a"),
                calib_b=arrays.get("calib_b"),
                info=meta.get("info") if isinstance(meta.get("info"), dict) else None,
            )
            # A probe sentence: any shape or value the checks above did not foresee shows here,
            # at load time, not as an IndexError in the middle of an ingest.
            probe = model.predict_proba(["The council was praised for its improvement."])
            if probe.shape != (1, len(model.classes)) or not np.all(np.isfinite(probe)):
                problem = "it gives no valid probabilities"
        except Exception as exc:  # whatever a malformed file triggers, the answer is a refusal
            problem = f"it cannot be used ({_why(exc)})"
    if problem is not None:
        raise ModelNotFound(f"sentiment model {path} is malformed: {problem}; retrain with `corpus-search train`")
    return model


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _model_problem(meta: Any, arrays: dict[str, np.ndarray]) -> str | None:
    """What is wrong with a loaded model file's metadata and arrays, in words; None if nothing.

    Only the refusal of a malformed file lives here (the file passed its checksum, so it was
    written by someone who could also write a bad one): every field load_model reads is checked
    for presence, type and shape before anything is built from it.
    """
    if not isinstance(meta, dict):
        return "its metadata is not an object"
    if meta.get("format_version") != FORMAT_VERSION:
        return f"format {meta.get('format_version')!r}, expected {FORMAT_VERSION}"
    features, classes, link = meta.get("features"), meta.get("classes"), meta.get("link")
    if not isinstance(features, dict):
        return "no feature settings"
    n = features.get("n_features")
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 2**24:
        return "n_features is not a whole number between 1 and 2**24"
    for key in ("word_ngrams", "char_ngrams"):
        pair = features.get(key)
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(v, int) and 0 <= v <= 10 for v in pair)
            and pair[0] <= pair[1]
        ):
            return f"{key} is not a pair of n-gram sizes"
    if features["word_ngrams"][0] < 1:
        return "word_ngrams must start at 1 or more"
    if not (
        isinstance(classes, list)
        and classes
        and all(isinstance(c, str) for c in classes)
        and set(classes) <= set(LABELS)
    ):
        return f"classes must be some of {', '.join(LABELS)}"
    if len(set(classes)) != len(classes):
        return "classes repeat"
    if link not in ("softmax", "sigmoid"):
        return "link is neither softmax nor sigmoid"
    needed = ["coef", "intercept", "idf_word", "idf_char"] + (["calib_a", "calib_b"] if link == "sigmoid" else [])
    for name in needed:
        if name not in arrays:
            return f"the array {name!r} is missing"
        if arrays[name].dtype.kind not in "fiu":
            return f"the array {name!r} is not numeric"
        if not np.all(np.isfinite(arrays[name])):
            return f"the array {name!r} holds NaN or infinite values"
    k = len(classes)
    coef, intercept = arrays["coef"], arrays["intercept"]
    if coef.ndim != 2 or coef.shape[0] != k:
        return f"coef has shape {coef.shape}, expected ({k}, features)"
    if intercept.shape != (k,):
        return f"intercept has shape {intercept.shape}, expected ({k},)"
    if arrays["idf_word"].shape != (n,):
        return f"idf_word has shape {arrays['idf_word'].shape}, expected ({n},)"
    if features["char_ngrams"][1] > 0 and arrays["idf_char"].shape != (n,):
        return f"idf_char has shape {arrays['idf_char'].shape}, expected ({n},)"
    if link == "sigmoid" and (arrays["calib_a"].shape != (k,) or arrays["calib_b"].shape != (k,)):
        return f"calibration arrays do not have shape ({k},)"
    lex = features.get("lexicon")
    if lex is not None and not (
        isinstance(lex, dict)
        and all(
            isinstance(lex.get(key, []), list) and all(isinstance(w, str) for w in lex.get(key, []))
            for key in ("positive", "negative", "procedural")
        )
        and "positive" in lex
        and "negative" in lex
    ):
        return "its lexicon is not lists of words"
    direction = features.get("direction")
    if direction is not None and not (
        isinstance(direction, dict) and direction.get("head", "nearest") in ("first", "nearest")
    ):
        return "its direction settings are not valid"
    if not isinstance(features.get("contrast", False), bool):
        return "contrast is not true or false"
    return None
