"""Rule-based money mentions: `£2.3m`, `$5bn`, `50p`, `2.3 million pounds`, `5.93 mln dlrs`.

`find_money` returns each amount with its value in units of the currency (an ISO code) and, when
the same sentence says what the money is for, a short purpose phrase. Amounts as reports write
them: `c£77m` (note `circa`), `-£20.8m` / `−£20.8m` and accounts-style `(£1.2m)` in a table row
(negative values), ranges `£2,500-3,000` / `£2 to £3 million` (one mention with `end_value`).
A bare number is money only in a table column whose heading carries the currency (`Total £s`,
`Amount (£)`, `£000`); elsewhere a currency symbol, code or word must be attached.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["MoneyMention", "find_money", "normalise_money"]


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """An amount of money found in a text.

    text (str): the matched text, equal to `source[start:end]`.
    start (int) / end (int): character offsets into the text searched.
    value (float): the amount in units of `currency` (`£2.3m` is 2300000.0, `50p` is 0.5).
    currency (str): ISO 4217 code (`GBP`, `USD`, `EUR`, ...).
    purpose (str | None): what the money is for, from the same sentence, else None.
    end_value (float | None): the upper end of a range (`£2,500-3,000`), else None.
    note (str | None): `circa` for an approximate amount (`c£77m`), else None.
    """

    text: str
    start: int
    end: int
    value: float
    currency: str
    purpose: str | None
    end_value: float | None = None
    note: str | None = None


# ---------------------------------------------------------------------------------------------
# Patterns

_SYMBOLS = {
    "£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY", "₹": "INR", "US$": "USD", "U.S.$": "USD",
    "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD",
    "R$": "BRL",
}
_CODES = ("GBP", "USD", "EUR", "JPY", "CHF", "AUD", "CAD", "NZD", "HKD", "CNY", "INR", "SEK",
          "NOK", "DKK", "ZAR", "SGD")
_MAGNITUDES = {
    "trillion": 10**12, "tn": 10**12, "trn": 10**12,
    "billion": 10**9, "bn": 10**9, "bln": 10**9, "b": 10**9,
    "million": 10**6, "mn": 10**6, "mln": 10**6, "m": 10**6,
    "thousand": 10**3, "k": 10**3,
}
# Currency words after a number, with the currency they mean when no adjective says otherwise.
_WORDS = {
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "stg": "GBP", "quid": "GBP",
    "pence": "GBP", "p": "GBP",
    "dollar": "USD", "dollars": "USD", "dlr": "USD", "dlrs": "USD", "cent": "USD", "cents": "USD", "cts": "USD",
    "euro": "EUR", "euros": "EUR", "yen": "JPY", "francs": "FRF", "marks": "DEM", "lire": "ITL",
    "guilders": "NLG", "pesetas": "ESP", "rupees": "INR", "yuan": "CNY", "roubles": "RUB",
    "rubles": "RUB", "rand": "ZAR", "crowns": "SEK",
}
# Words whose currency an adjective decides: `Canadian dlrs`, `Swiss francs`, `Danish crowns`.
_ADJ_DECIDES = {"dollar", "dollars", "dlr", "dlrs", "cent", "cents", "cts", "francs", "crowns"}
_HUNDREDTHS = {"pence", "p", "cent", "cents", "cts"}
# Words that are money only with a magnitude or an adjective (`10 mln marks`, not `2016 marks`).
_WEAK_WORDS = {"marks", "rand", "pound", "crowns", "francs", "quid"}
_ADJECTIVES = {
    "u.s.": "USD", "us": "USD", "american": "USD", "canadian": "CAD", "can": "CAD",
    "australian": "AUD", "aust": "AUD", "hong kong": "HKD", "hk": "HKD", "new zealand": "NZD",
    "n.z.": "NZD", "nz": "NZD", "singapore": "SGD", "taiwan": "TWD", "swiss": "CHF",
    "french": "FRF", "belgian": "BEF", "deutsche": "DEM", "german": "DEM", "swedish": "SEK",
    "danish": "DKK", "norwegian": "NOK", "irish": "IEP", "egyptian": "EGP", "south african": "ZAR",
}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]\d)"
_MAG = (r"(?:[^\S\n]?(?i:trillion|billion|million|thousand|mln|bln|trn|mn|bn|tn)"
        r"|(?i:m|b|k)|[^\S\n](?i:m))(?![A-Za-z])")
_SYM = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_ADJ = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(_ADJECTIVES, key=len, reverse=True))
_WORD = "|".join(sorted((w for w in _WORDS if w != "p"), key=len, reverse=True))
_SYM_CHARS = set("".join(_SYMBOLS)) - set("ASUCNZHKR.")  # £ $ € ¥ ₹
_NUM_START = r"(?<![\w.,/£$€¥₹])"

_MONEY = re.compile(
    # A cheap first-character test lets most positions fail at once.
    r"(?=[0-9£$€¥₹ACDEGHIJNRSUZ])(?:"
    # £2.3m, $5bn, GBP 2,000, US$4m; with a range tail for `£2-3m` and `£2 to £3 million`
    rf"(?<![A-Zabd-z$£€¥₹])(?<![A-Za-z]c)(?:(?P<sym>{_SYM})|(?P<code>{'|'.join(_CODES)})[^\S\n]?)[^\S\n]?"
    rf"(?P<num>{_NUM})(?P<mag>{_MAG})?"
    rf"(?:(?<![A-Za-z])(?P<rsep>[^\S\n]?(?:-|–|—|to)[^\S\n]?(?:{_SYM})?|[^\S\n](?:and|or)[^\S\n](?:{_SYM}))"
    rf"[^\S\n]?(?P<num2>{_NUM})(?P<mag2>{_MAG})?)?"
    # 2.3 million pounds, 5.93 mln dlrs, 400 mln stg, 10 mln Canadian dlrs, 2,000 GBP
    rf"|{_NUM_START}(?P<wnum>{_NUM})(?P<wmag>{_MAG})?[^\S\n]+(?:(?P<adj>(?i:{_ADJ}))[^\S\n]+)?"
    rf"(?P<word>(?i:{_WORD})|{'|'.join(_CODES)})(?![\w])"
    # 50p
    rf"|{_NUM_START}(?P<pnum>{_NUM})p(?![\w])"
    ")"
)

_PENCE_EXCLUDE = {"480", "720", "1080", "1440", "2160", "4320"}  # video resolutions

# ---------------------------------------------------------------------------------------------
# Purpose phrases

_VERBS = """
    deliver support improve fund pay provide help build create cover tackle develop expand upgrade
    repair refurbish replace install buy purchase maintain boost reduce increase enable allow meet
    invest run extend protect ensure address transform strengthen employ recruit hire train enhance
    regenerate renovate open make redevelop restore reopen modernise modernize construct convert
    demolish clear resurface fix prevent combat cut promote encourage attract bring finance subsidise
    subsidize compensate settle pilot launch establish introduce bolster rebuild upgrade secure
    acquire create equip deal respond recover tackle keep double treble avoid save
""".split()
_AFTER_TRIGGER = re.compile(
    r"\b(?:to\s+pay\s+for|to\s+be\s+(?:spent|invested|used)\s+(?:on|in|for)|towards|for"
    r"|to\s+(?:help\s+)?(?:" + "|".join(sorted(set(_VERBS), key=len, reverse=True)) + r"))\b\s+(?=\S)"
)
# `on`/`in` only straight after the amount (`£2m on new roads`, `invest £5m in schools`).
_AFTER_DIRECT = re.compile(r"\s*(?:(?:a|per|each)\s+(?:year|annum)\s+|annually\s+)?(on|in)\s+(?=\S)")
_INVEST_BEFORE = re.compile(r"\b(?:invest(?:s|ed|ing|ment)?|spen[dt]|spending|put|pump(?:ed|ing)?)\b[^.;]{0,30}$", re.I)
_NOT_PURPOSE = re.compile(
    r"(?i)(?:each\b|every\b|per\b|\d|£|\$|€|a\s+(?:year|month|week|day|further|total)|the\s+(?:year|first|second|third|last|next"
    r"|past|period|financial|whole|full|coming|current|same|rest|remainder|time|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve|fifteen|twenty|thirty)\b|years?\b|months?\b|weeks?\b|days?\b"
    r"|this\b|next\b|last\b|now\b|free\b|sale\b|just\b|only\b|example\b|instance\b|up\s+to|over\b|more\b"
    r"|less\b|around\b|about\b|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february"
    r"|march|april|may\b|june|july|august|september|october|november|december|top\b|it\b|them\b|him\b|her\b)"
)
_SCHEME_AFTER = re.compile(
    r"[^\S\n]+((?:[a-z][\w’'-]*[^\S\n]+){1,3}?(?:scheme|project|programme|fund|grant|contract|budget|package|plan"
    r"|investment|upgrade|refurbishment|redevelopment|regeneration|improvements?|works|facility|centre"
    r"|building|extension|overhaul|initiative|renovation|development|bid|deal))\b"
)
_BUDGET_BEFORE = re.compile(
    r"((?:[\w’'/-]+\s+){0,3}(?:budget|fund|grant|allocation|funding|investment|programme|scheme|contract"
    r"|package|pot))\s+(?:of|worth|totalling|totaling|valued\s+at|amounting\s+to)\s+"
    r"(?:(?:up\s+to|around|about|some|almost|nearly|over|more\s+than|an?\s+(?:additional|extra|further))\s+)?$",
    re.I,
)
_CUT = re.compile(
    r"[,;:()\[\]\"“”!?]|\.(?:\s|$)|\s[-–—]\s|[£$€]|\s(?:and|or)\s+(?=\d)"
    r"|\s(?:and|but|or)\s+(?:will|would|has|have|had|is|was|are|were|it|we|they|this|which|who|also|is)\b"
    r"|\s(?:was|were|is|are|has|have|had|will|would|could|should|might|can|must|said|says)\b"
    r"|\s(?:which|who|while|whilst|but|however|yet|because|although|though|after|before|when|where|if|unless|so\s+that"
    r"|as\s+well\s+as|as\s+part\s+of|over\s+the\s+(?:next|last|past|coming)|over\s+(?:two|three|four|five|\d+)"
    r"|this\s+year|next\s+year|last\s+year|each\s+year|a\s+year|per\s+year|by\s+the\s+end"
    r"|(?:in|by|from|until|during)\s+(?:19|20)\d\d|in\s+the\s+(?:next|coming))\b"
)
_BRACKETED = re.compile(r"[^\S\n]*\([^()\n]{0,60}\)|\)")
_CLAUSE_STOP = re.compile(
    r"[;:(,]|\s(?:and|or)\s+(?:the|he|she|it|they|we|his|her|its|their|this|that|there|i)\b"
    r"|\s(?:which|who|whose|whom|while|whilst|but|although|though|however|according|whereas|yet)\b"
)
_NAME_BEFORE = re.compile(r"[A-Z][\w’'-]*[^\S\n]+$")
_STOPWORDS = frozenset("a an and or the of to in for with by on at from as its their our his her this that".split())
_BUDGET_STOP = _STOPWORDS | frozenset(
    "has have had was were is are be been agreed approved allocated set total new additional extra further "
    "council's councils an overall".split())
_SENT_END = re.compile(r"[.!?][\"”’')]?(?=\s)|\n[^\S\n]*\n")
_MAX_PURPOSE_WORDS = 12


# ---------------------------------------------------------------------------------------------
# Helpers

def _amount(num: str, mag: str | None) -> Decimal | None:
    try:
        value = Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None
    if mag:
        value *= _MAGNITUDES[mag.strip().lower()]
    return value


def _word_currency(word: str, adj: str | None) -> str:
    word = word.lower()
    if adj and word in _ADJ_DECIDES:
        code = _ADJECTIVES.get(" ".join(adj.lower().split()))
        if code:
            return code
    return _WORDS.get(word) or word.upper()  # else an ISO code after the number


def _tidy(phrase: str) -> str | None:
    cut = _CUT.search(phrase)
    if cut:
        phrase = phrase[: cut.start()]
    words = phrase.split()[:_MAX_PURPOSE_WORDS]
    while words and words[-1].lower() in _STOPWORDS:
        words.pop()
    return " ".join(words) if len(words) >= 2 else None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - 400)
    left = lo
    for m in _SENT_END.finditer(text, lo, start):
        left = m.end()
    right = _SENT_END.search(text, end, min(len(text), end + 400))
    return left, (right.start() if right else min(len(text), end + 400))


def _purpose(text: str, start: int, end: int, starts: list[int]) -> str | None:
    """The phrase of the sentence around text[start:end] saying what the money is for.

    Looks after the amount first (`for X`, `to deliver X`, `on X`, `a £2m flood defence scheme`),
    within its clause and before the next amount, then before it (`the highways budget of £5m`).
    """
    left, right = _sentence(text, start, end)
    pos = end
    # Step over a conversion in brackets, `$32m (£17m) to pay for ...`, or out of one.
    skip = _BRACKETED.match(text, pos, right)
    if skip:
        pos = skip.end()
    nxt = bisect_right(starts, pos - 1)
    if nxt < len(starts):
        right = min(right, starts[nxt])
    stop = _CLAUSE_STOP.search(text, pos, right)
    tail = text[pos:stop.start() if stop else right]
    direct = _AFTER_DIRECT.match(tail)
    if direct and (direct.group(1) == "on" or _INVEST_BEFORE.search(text, left, start)):
        rest = tail[direct.end():]
        if not _NOT_PURPOSE.match(rest):
            found = _tidy(direct.group(1) + " " + rest)
            if found:
                return found
    for trig in _AFTER_TRIGGER.finditer(tail, 0, 250):
        rest = tail[trig.end():]
        if trig.group().startswith(("for", "towards")) and _NOT_PURPOSE.match(rest):
            continue
        if _NAME_BEFORE.search(tail, 0, trig.start()):
            continue  # part of a name: the Office for National Statistics
        found = _tidy(tail[trig.start():])
        if found:
            return found
    scheme = _SCHEME_AFTER.match(tail)
    if scheme:
        return scheme.group(1)
    before = _BUDGET_BEFORE.search(text, max(left, start - 120), start)
    if before:
        words = before.group(1).split()
        keep: list[str] = []
        for w in reversed(words):
            if keep and w.lower() in _BUDGET_STOP:
                break
            keep.insert(0, w)
        if len(keep) >= 2:
            return " ".join(keep)
    return None


# (start, end, value, currency, end_value, note)
_Found = tuple[int, int, Decimal, str, "Decimal | None", "str | None"]

_CIRCA_BEFORE = re.compile(r"(?:(?<=[^\w])|^)(?:c|ca|circa|approx|approximately)\.?[^\S\n]?$", re.I)
# A minus sign set against the amount; an en dash too, as word processors turn "-£3.2m" into "–£3.2m".
_MINUS_BEFORE = re.compile(r"(?:(?<=[\s(\[|:=])|^)[-−‒–]$")
# A written amount (`£5`, `£ 1,200`), not a column heading's scale (`£000`, `£'000s`).
_WRITTEN_AMOUNT = re.compile(r"[£$€][^\S\n]?(?!'?000s?\b)\d")
_TABLE_ROW = re.compile(r"\s\|\s|\t")


def _line_at(text: str, start: int, end: int) -> str:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return text[lo: hi if hi >= 0 else len(text)]


def _accounts_negative(text: str, start: int, end: int) -> bool:
    """`(£1.2m)` is negative in accounts style: in a table row or a short statement line, and not
    a conversion after another amount (`$32m (£17m)`)."""
    if start == 0 or text[start - 1] != "(" or not text.startswith(")", end):
        return False
    line = _line_at(text, start, end)
    if _TABLE_ROW.search(line):
        return True
    before = text[max(0, start - 12):start - 1].rstrip()
    if re.search(r"[\d%]$|(?:bn|m|k|million|billion)$", before):
        return False
    return len(line) - (end - start) <= 40


def _mentions(text: str) -> list[_Found]:
    out: list[_Found] = []
    for m in _MONEY.finditer(text):
        g = m.group
        start, end = m.start(), m.end()
        end_value: Decimal | None = None
        if g("num") is not None:
            cur = _SYMBOLS[g("sym")] if g("sym") else g("code")
            if (
                g("num2") is not None
                and g("rsep").strip() not in ("and", "or")
                and not g("rsep").strip().startswith(("and", "or"))
            ):
                # A range: each end takes the other's magnitude where it has none (`£2-3m`).
                value = _amount(g("num"), g("mag") or g("mag2"))
                end_value = _amount(g("num2"), g("mag2") or g("mag"))
                spaced_year = " " in g("rsep") and not g("mag2") and re.fullmatch(r"(?:19|20)\d\d", g("num2"))
                if value is None or end_value is None or end_value <= value or spaced_year:
                    end_value = None
                    end = m.end("mag") if g("mag") else m.end("num")
            elif g("num2") is not None:
                # Two amounts (`£2m and £3m`): each its own mention.
                first = _amount(g("num"), g("mag") or g("mag2"))
                second = _amount(g("num2"), g("mag2"))
                if first is not None:
                    out.append((start, m.end("mag") if g("mag") else m.end("num"), first, cur, None, None))
                if second is not None:
                    s2 = m.end("rsep")
                    while text[s2 - 1] in _SYM_CHARS:
                        s2 -= 1
                    out.append((s2, end, second, cur, None, None))
                continue
            else:
                value = _amount(g("num"), g("mag"))
        elif g("wnum") is not None:
            word = g("word").lower()
            if word in _WEAK_WORDS and not (g("wmag") or g("adj")):
                continue
            if word == "pounds" and not g("wmag") and re.match(r"\s+of\b", text[m.end():m.end() + 4]):
                continue  # a weight: 100 pounds of ...
            cur = _word_currency(g("word"), g("adj"))
            value = _amount(g("wnum"), g("wmag"))
            if value is not None and word in _HUNDREDTHS:
                value /= 100
        else:
            if g("pnum") in _PENCE_EXCLUDE:
                continue
            cur, value = "GBP", _amount(g("pnum"), None)
            if value is not None:
                value /= 100
        if value is None or (g("num") is not None and re.fullmatch(r"0{2,}", g("num"))):
            continue  # `£000` heads a column of thousands; it is no amount
        note = None
        if g("num") is not None:
            before = text[max(0, start - 14):start]
            circa = _CIRCA_BEFORE.search(before)
            minus = _MINUS_BEFORE.search(before)
            if circa:
                note, start = "circa", start - (len(before) - circa.start())
            elif minus:
                value, start = -value, start - 1
                end_value = -end_value if end_value is not None else None
            elif _accounts_negative(text, start, end):
                value = -value
                end_value = -end_value if end_value is not None else None
        out.append((start, end, value, cur, end_value, note))
    return out


# ---------------------------------------------------------------------------------------------
# Amounts in a table column whose heading carries the currency

# A column heading with a currency sign and no number: `Total £s`, `Amount (£)`, `£`, `£000`, `€`.
_CURRENCY_HEADING = re.compile(
    r"(?:^|(?<=[\s|(]))(?P<sym>£|€|\$|US\$)[^\S\n]*(?P<scale>'?000s?|k|m|bn)?(?:s\b)?\)?(?=[^\S\n]*(?:$|\||\t|\s))",
    re.M,
)
_HEADING_LINE_MAX_WORDS = 14
# A table ends at a line of prose (more words than a cell or row holds) or after this many lines.
_PROSE_WORDS = 15
_TABLE_MAX_LINES = 80
# A cell amount: `132.69`, `3,997.00`, `(1,234)`, `-20.5`; integers only as a whole cell.
_CELL_NUMBER = re.compile(
    r"(?<![\w.,/£$€:-])(?P<neg>[-−–(])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{1,2}|\d+)(?P<close>\))?(?![\w.,/%:-]|\.\d)"
)
_YEARISH = re.compile(r"^(?:19|20)\d\d$")
_PAYMENT_HEADING = re.compile(r"(?:^|\s\|\s|\t)[^\S\n]*(?:net|vat|gross)[^\S\n]*(?=\s\|\s|\t|$)", re.I | re.M)
_ONE_DECIMAL = re.compile(r"[\d,]+\.\d")
_SCALES = {"000": 1000, "k": 1000, "m": 1_000_000, "bn": 1_000_000_000}
_PENCE = re.compile(r"\d{1,3}(?:,\d{3})*\.\d{2}|\d+\.\d{2}")


def _ends_table(row: str, cell_row: bool, blank_before: bool, data_rows: int) -> bool:
    """A line that closes a table of rows (cells joined by " | " or tabs) under a currency
    heading, once rows with figures have been seen: the heading row of another table (three or
    more cells, no figures), or a line of words after a blank line ("Payments for approval").
    A table read one cell a line has no rows to tell by and runs on until prose."""
    if data_rows == 0 or any(ch.isdigit() for ch in row):
        return False
    if cell_row:
        return len([c for c in re.split(r"\s\|\s|\t", row) if c.strip()]) >= 3
    return blank_before and bool(row.strip())


def _table_amounts(text: str, taken: list[tuple[int, int]]) -> list[_Found]:
    """Bare amounts in the lines under a column heading with a currency sign, until prose."""
    out: list[_Found] = []
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        _, line = lines[i]
        short = len(line.split()) <= _HEADING_LINE_MAX_WORDS
        head = _CURRENCY_HEADING.search(line) if short else None
        # A payments table whose heading row names VAT, net or gross but no currency: pounds,
        # and only amounts in pence ("300.00") count, not counts or references.
        implied = (head is None and short and bool(_TABLE_ROW.search(line)) and bool(_PAYMENT_HEADING.search(line))
                   and not any(ch.isdigit() for ch in line))
        if (head is None and not implied) or _WRITTEN_AMOUNT.search(line):
            i += 1
            continue
        cur = _SYMBOLS[head.group("sym")] if head else "GBP"
        scale = _SCALES[head.group("scale").strip("'s").lower()] if head and head.group("scale") else 1
        j = i + 1
        blank_before, data_rows = False, 0
        while j < len(lines) and j - i <= _TABLE_MAX_LINES:
            lo, row = lines[j]
            if len(row.split()) > _PROSE_WORDS:
                break
            if _CURRENCY_HEADING.search(row) and not _WRITTEN_AMOUNT.search(row):
                break  # the next table's heading
            cell_row = bool(_TABLE_ROW.search(row))
            if _ends_table(row, cell_row, blank_before, data_rows):
                break
            blank_before = not row.strip()
            data_rows += cell_row and any(ch.isdigit() for ch in row)
            for m in _CELL_NUMBER.finditer(row):
                num = m.group("num")
                if implied and not _PENCE.fullmatch(num):
                    continue
                if scale == 1 and _ONE_DECIMAL.fullmatch(num):
                    continue  # pounds have two decimals; "0.0" and "4.5" are other columns' figures
                whole = row.strip() == m.group(0).strip()
                if "." not in num and "," not in num and not (whole or cell_row):
                    continue
                if _YEARISH.match(num) or (num.startswith("0") and "." not in num):
                    continue
                s, e = lo + m.start(), lo + m.end()
                if any(a < e and s < b for a, b in taken):
                    continue
                value = _amount(num, None)
                if value is None:
                    continue
                value *= scale
                if (m.group("neg") == "(" and m.group("close")) or m.group("neg") in ("-", "−", "–"):
                    value = -value
                elif m.group("neg") == "(":
                    s += 1
                if m.group("close") and m.group("neg") != "(":
                    e -= 1
                out.append((s, e, value, cur, None, None))
            j += 1
        i = j
    return out


# ---------------------------------------------------------------------------------------------
# Public API

def find_money(text: str) -> list[MoneyMention]:
    """All amounts of money in `text`, sorted by start.

    text (str): the text to search.
    RETURNS (list[MoneyMention]): the amounts, each with its currency and purpose (or None).
    """
    found = _mentions(text)
    if "£" in text or "€" in text or "$" in text:
        found += _table_amounts(text, [(s, e) for s, e, *_ in found])
        found.sort(key=lambda f: f[0])
    starts = [s for s, *_ in found]
    return [MoneyMention(text[s:e], s, e, float(value), cur, _purpose(text, s, e, starts),
                         float(end) if end is not None else None, note)
            for s, e, value, cur, end, note in found]


def normalise_money(expr: str) -> tuple[float, str] | None:
    """The value and currency of one money expression, e.g. a spaCy MONEY entity's text.

    expr (str): the expression, e.g. `£2.3 million`, `50p`, `5.93 mln dlrs`.
    RETURNS (tuple[float, str] | None): (value, ISO currency code), or None if it is not money.
    """
    found = _mentions(expr)
    if not found:
        return None
    _, _, value, cur, _, _ = found[0]
    return float(value), cur
