"""Is an extracted text layer really text? A PDF can carry a text layer that reads as nothing a
person or a search could use: words run together without spaces (some print-to-PDF output), glyph
codes instead of letters (a font without a character map), or a few stray characters over pages
of scanned images. `unreadable` names the problem, or returns None for text fit to index."""
from __future__ import annotations

import re

NO_TEXT_MSG = "no text layer (scanned image?)"
NO_BREAKS_MSG = "text layer unreadable (no word breaks)"
NOT_WORDS_MSG = "text layer unreadable (no words, only symbols or glyph codes)"

# Fewer visible characters than this per page on average: nothing worth indexing (a scan).
MIN_CHARS_PER_PAGE = 20
# A token this long is words run together (a URL or e-mail address is not counted).
LONG_TOKEN = 25
# Share of the visible characters in run-together tokens above which the text has no word breaks.
MAX_RUN_TOGETHER = 0.3
# Share of tokens that look like words (letters, an optional capital, trailing punctuation) below
# which the text is not words at all; judged only on this many tokens or more.
MIN_WORDLIKE = 0.25
MIN_TOKENS = 40

_WORDLIKE = re.compile(r"^[(\"'“‘]?[A-Za-zÀ-ÿŵŷŴŶ][a-zà-ÿŵŷ'’-]{0,19}[.,;:!?)\"'”’]*$")
_URLISH = re.compile(r"(https?:|www\.|@|/|\\)")


def unreadable(pages: list[str]) -> str | None:
    """Why these pages' text is not fit to index, or None if it is."""
    text = "\n".join(pages)
    tokens = text.split()
    chars = sum(len(t) for t in tokens)
    if chars < MIN_CHARS_PER_PAGE * max(1, len(pages)) and chars < 200:
        return NO_TEXT_MSG
    long_chars = sum(len(t) for t in tokens if len(t) >= LONG_TOKEN and not _URLISH.search(t))
    if long_chars > MAX_RUN_TOGETHER * chars:
        return NO_BREAKS_MSG
    if len(tokens) >= MIN_TOKENS and sum(1 for t in tokens if _WORDLIKE.match(t)) < MIN_WORDLIKE * len(tokens):
        return NOT_WORDS_MSG
    return None
