"""Sentiment at ingest and for `classify`: which model to use, sentence and document labels."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from corpus_search.models import Processed
from corpus_search.sentiment.model import SentimentModel, default_model_path, load_model

USER_MODEL = "sentiment-model.npz"
# A document's label weighs its verdict sentences: a sentence counts by how far it is from
# neutral, and the headline and opening sentences (where a release states its news) count more.
LEAD_SENTENCES = 3
LEAD_WEIGHT = 1.5
MARGIN = 0.08


def model_path_for(index_dir: Path | None) -> Path:
    """The index home's own trained model if there is one, else the packaged default."""
    if index_dir is not None and (index_dir / USER_MODEL).exists():
        return index_dir / USER_MODEL
    return default_model_path()


def load_for_index(index_dir: Path | None) -> SentimentModel:
    return load_model(model_path_for(index_dir))


def document_label(sentence_scores: list[dict[str, float]]) -> tuple[str, dict[str, float]]:
    """Combine sentence probabilities into a document label and scores."""
    if not sentence_scores:
        return "neutral", {"positive": 0.0, "negative": 0.0, "neutral": 1.0}
    probs = np.array([[s.get("positive", 0), s.get("negative", 0), s.get("neutral", 0)] for s in sentence_scores])
    verdict = np.clip(probs[:, :2].max(axis=1) - probs[:, 2] + 0.5, 0.05, None)
    position = np.ones(len(probs))
    position[:LEAD_SENTENCES] = LEAD_WEIGHT
    weights = verdict * position
    mean = (probs * weights[:, None]).sum(axis=0) / weights.sum()
    scores = {"positive": round(float(mean[0]), 4), "negative": round(float(mean[1]), 4), "neutral": round(float(mean[2]), 4)}
    balance = mean[0] - mean[1]
    if balance > MARGIN:
        label = "positive"
    elif balance < -MARGIN:
        label = "negative"
    else:
        label = "neutral"
    return label, scores


def annotate(items: list[Processed], model: SentimentModel) -> None:
    """Label every sentence of every document (one model call for the whole batch) and each document."""
    texts = [s.text for item in items for s in item.facts.sentences]  # type: ignore[union-attr]
    predictions = model.predict(texts)
    k = 0
    for item in items:
        facts = item.facts
        assert facts is not None
        for sentence in facts.sentences:
            sentence.label, sentence.scores = predictions[k]
            k += 1
        facts.sentiment, facts.sentiment_scores = document_label([s.scores for s in facts.sentences])
