"""Training and evaluation of the judgement-sentiment model.

Candidates are compared by stratified 5-fold cross-validation (macro-F1) and the best is refit
on all the data given. Every candidate is linear over the same features, so the winner is saved
in the same pickle-free format (model.SentimentModel.save).
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from corpus_search.errors import UsageError
from corpus_search.sentiment.model import (
    DEFAULT_FEATURES,
    LABELS,
    Featuriser,
    SentimentModel,
)

SEED = 0


def read_labelled(path: Path) -> tuple[list[str], list[str]]:
    """Texts and labels from JSONL ({"text", "label"} per line) or CSV (columns text,label)."""
    if not path.exists():
        raise UsageError(f"no such file: {path}")
    texts: list[str] = []
    labels: list[str] = []
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path} is not UTF-8 text") from exc
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(raw.splitlines())
        if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
            raise UsageError(f"{path}: a CSV needs a header with text and label columns")
        rows = list(reader)
    else:
        rows = []
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path}:{n}: not a JSON object ({exc.msg})") from exc
    for n, row in enumerate(rows, 1):
        text, label = str(row.get("text") or "").strip(), str(row.get("label") or "").strip().lower()
        if not text:
            continue
        if label not in LABELS:
            raise UsageError(f"{path}: row {n} has label {label!r}; labels are {', '.join(LABELS)}")
        texts.append(text)
        labels.append(label)
    if len(set(labels)) < 2:
        raise UsageError(f"{path}: need examples of at least two labels, found {sorted(set(labels)) or 'none'}")
    return texts, labels


def _fit_svm(x, y, c: float = 0.5):  # type: ignore[no-untyped-def]
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    clf = CalibratedClassifierCV(
        LinearSVC(C=c, class_weight="balanced", random_state=SEED), method="sigmoid", cv=3, ensemble=False
    )
    clf.fit(x, y)
    inner = clf.calibrated_classifiers_[0]
    base = inner.estimator
    a = np.array([cal.a_ for cal in inner.calibrators])
    b = np.array([cal.b_ for cal in inner.calibrators])
    return {
        "coef": base.coef_,
        "intercept": base.intercept_,
        "classes": clf.classes_,
        "link": "sigmoid",
        "calib_a": a,
        "calib_b": b,
    }


def _with_lexicon(weight: float) -> dict[str, Any]:
    from corpus_search.sentiment.lexicon import Lexicon

    return {**DEFAULT_FEATURES, "lexicon": Lexicon().to_config(), "lexicon_weight": weight}


def _with_direction(weight: float, direction_weight: float) -> dict[str, Any]:
    from corpus_search.sentiment.direction import Direction

    return {**_with_lexicon(weight), "direction": Direction().to_config(), "direction_weight": direction_weight}


def _with_contrast(weight: float, direction_weight: float, contrast_weight: float) -> dict[str, Any]:
    return {**_with_direction(weight, direction_weight), "contrast": True, "contrast_weight": contrast_weight}


# Linear SVMs only in the default comparison: logistic regression on the same features scored
# within 0.01 of them in earlier comparisons (docs/sentiment-model.md) and takes ten times as long to fit.
# C = 0.25 (0.888 before this round) was dropped; in a trial on the train split (5-fold CV) with contrast,
# C = 1, 2, 4 gave 0.899, 0.899, 0.901.
CANDIDATES: dict[str, tuple[dict[str, Any], Callable[..., dict[str, Any]]]] = {
    "linear-svm word+char+lexicon+direction+contrast, C=2 (calibrated)": (
        _with_contrast(0.5, 1.0, 1.0),
        partial(_fit_svm, c=2.0),
    ),
    "linear-svm word+char+lexicon+direction+contrast, C=4 (calibrated)": (
        _with_contrast(0.5, 1.0, 1.0),
        partial(_fit_svm, c=4.0),
    ),
    "linear-svm word+char+lexicon+direction (calibrated)": (_with_direction(0.5, 1.0), _fit_svm),
    "linear-svm word+char+lexicon (calibrated)": (_with_lexicon(0.5), _fit_svm),
    "linear-svm word+char (calibrated)": (DEFAULT_FEATURES, _fit_svm),
}
DEFAULT_CANDIDATE = "linear-svm word+char+lexicon+direction+contrast, C=2 (calibrated)"


def fit(texts: list[str], labels: list[str], name: str = DEFAULT_CANDIDATE) -> SentimentModel:
    config, fitter = CANDIDATES[name]
    features = Featuriser(dict(config)).fit(texts)
    params = fitter(features.transform(texts), np.array(labels))
    return SentimentModel(
        features=features,
        coef=np.asarray(params["coef"], dtype=np.float32),
        intercept=np.asarray(params["intercept"], dtype=np.float32),
        classes=tuple(str(c) for c in params["classes"]),
        link=params["link"],
        calib_a=params.get("calib_a"),
        calib_b=params.get("calib_b"),
        info={"name": name, "trained_on": len(texts)},
    )


def macro_f1(gold: list[str], pred: list[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, pred, average="macro", labels=sorted(set(gold)), zero_division=0))


def cross_validate(texts: list[str], labels: list[str], name: str, folds: int = 5) -> list[float]:
    from sklearn.model_selection import StratifiedKFold

    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    scores = []
    arr_t = np.array(texts, dtype=object)
    for train_idx, test_idx in skf.split(arr_t, labels):
        model = fit([texts[i] for i in train_idx], [labels[i] for i in train_idx], name)
        pred = [label for label, _ in model.predict([texts[i] for i in test_idx])]
        scores.append(macro_f1([labels[i] for i in test_idx], pred))
    return scores


def train_best(
    texts: list[str], labels: list[str], folds: int = 5, on_result: Callable[[dict[str, Any]], None] | None = None
) -> tuple[SentimentModel, list[dict[str, Any]]]:
    """Cross-validate every candidate, refit the best on all data. RETURNS (model, comparison rows).

    `on_result` is called with each candidate's row as soon as it is measured.
    """
    n_min = min(labels.count(label) for label in set(labels))
    folds = max(2, min(folds, n_min))
    comparison: list[dict[str, Any]] = []
    for name in CANDIDATES:
        scores = cross_validate(texts, labels, name, folds)
        row: dict[str, Any] = {
            "name": name,
            "macro_f1": round(float(np.mean(scores)), 4),
            "std": round(float(np.std(scores)), 4),
            "folds": folds,
        }
        comparison.append(row)
        if on_result is not None:
            on_result(row)
    best = max(comparison, key=lambda r: r["macro_f1"])
    model = fit(texts, labels, best["name"])
    assert model.info is not None
    model.info["cv_macro_f1"] = best["macro_f1"]
    return model, comparison


def evaluate(model: SentimentModel, texts: list[str], labels: list[str]) -> dict[str, Any]:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    pred = [label for label, _ in model.predict(texts)]
    classes = list(LABELS)
    p, r, f, support = precision_recall_fscore_support(labels, pred, labels=classes, zero_division=0)
    matrix = confusion_matrix(labels, pred, labels=classes)
    return {
        "n": len(texts),
        "accuracy": round(float(np.mean([a == b for a, b in zip(labels, pred)])), 4),
        "macro_f1": round(macro_f1(labels, pred), 4),
        "per_class": {
            c: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(support[i]),
            }
            for i, c in enumerate(classes)
        },
        "confusion": {"labels": classes, "matrix": matrix.tolist()},
    }


def format_evaluation(result: dict[str, Any]) -> str:
    lines = [f"{result['n']} sentences: accuracy {result['accuracy']:.3f}, macro-F1 {result['macro_f1']:.3f}", "",
             f"{'class':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for c, m in result["per_class"].items():
        lines.append(f"{c:<10} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {m['support']:>8}")
    labels = result["confusion"]["labels"]
    lines += ["", "confusion (rows: gold, columns: predicted)", " " * 10 + "".join(f"{c[:8]:>10}" for c in labels)]
    for c, row in zip(labels, result["confusion"]["matrix"]):
        lines.append(f"{c:<10}" + "".join(f"{v:>10}" for v in row))
    return "\n".join(lines)
