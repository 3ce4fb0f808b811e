"""Judgement sentiment: does a sentence praise or criticise a public service?

The model is a linear classifier over hashed word and character n-gram TF-IDF features. It is
stored as a plain NumPy archive (no pickle: `np.load(allow_pickle=False)`), with a SHA-256 the
package writes beside it and checks before use, so a swapped model file never runs and is refused.
"""
from corpus_search.sentiment.model import (
    LABELS,
    SentimentModel,
    default_model_path,
    load_model,
)

__all__ = ["LABELS", "SentimentModel", "default_model_path", "load_model"]
