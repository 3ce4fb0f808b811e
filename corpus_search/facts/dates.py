"""Rule-based date mentions for UK council and news text.

`find_dates` scans a text once per pattern family (all regexes are compiled at import; the
costly month and relative patterns only run in small windows around cheap anchor words) and
returns non-overlapping `DateMention`s with ISO values at the precision the text gives:
`YYYY-MM-DD`, `YYYY-MM` or `YYYY`, plus `end_value` for ranges and UK financial years.
Durations, bare months, bare seasons and relative expressions are returned with value None.

Conventions (UK): numeric dates are day-first; `2018/19` is the financial year April 2018 to
March 2019; a day and month without a year are resolved against the document's date.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

__all__ = ["DateMention", "find_dates", "normalise_date", "parse_document_date"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text.

    text (str): the matched text, equal to `source[start:end]`.
    start (int) / end (int): character offsets into the text searched.
    value (str | None): `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; None when it cannot be fixed.
    end_value (str | None): the end of a range, else None.
    """

    text: str
    start: int
    end: int
    value: str | None
    end_value: str | None = None


# ---------------------------------------------------------------------------------------------
# Vocabulary

_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("January", "Jan"), 2: ("February", "Feb"), 3: ("March", "Mar"), 4: ("April", "Apr"),
    5: ("May",), 6: ("June", "Jun"), 7: ("July", "Jul"), 8: ("August", "Aug"),
    9: ("September", "Sept", "Sep"), 10: ("October", "Oct"), 11: ("November", "Nov"),
    12: ("December", "Dec"),
}
_MONTH_NUM = {form.lower(): n for n, forms in _MONTHS.items() for form in forms}
_FULL_MONTHS = [forms[0] for forms in _MONTHS.values()]
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_NUM = {name.lower(): i for i, name in enumerate(_WEEKDAYS)}
_WEEKDAY_NUM.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3,
                     "thurs": 3, "fri": 4, "sat": 5, "sun": 6})


def _alternation(words: list[str]) -> str:
    """Longest first, so that `Sept` wins over `Sep` and `June` over `Jun`."""
    return "|".join(sorted(set(words), key=len, reverse=True))


def _trie(words: list[str]) -> str:
    """A regex matching any of `words`, factored by common prefixes (`Ma(?:rch|y)`): the regex
    engine then rejects most positions after one character."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        optional = "" in node
        if len(alts) == 1 and not optional:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if optional else "")

    return emit(tree)


def _month_re() -> str:
    alts = []
    for forms in _MONTHS.values():
        full, *abbrevs = forms
        alts += [rf"{full}\b", rf"{full.upper()}\b"]
        alts += [rf"{a}\b\.?" for a in abbrevs] + [rf"{a.upper()}\b\.?" for a in abbrevs]
    return "(?<![A-Za-z])(?:" + "|".join(sorted(alts, key=len, reverse=True)) + ")"


def _weekday_re() -> str:
    full = list(_WEEKDAYS) + [w.upper() for w in _WEEKDAYS]
    abbr = ["Mon", "Tues", "Tue", "Weds", "Wed", "Thurs", "Thur", "Thu", "Fri", "Sat", "Sun"]
    abbr += [a.upper() for a in abbr]
    return ("(?<![A-Za-z])(?:" + _alternation(full) + r")\b|(?<![A-Za-z])(?:"
            + _alternation(abbr) + r")\b\.?")


_MON = _month_re()
_WD = "(?:" + _weekday_re() + ")"
# Horizontal space, with at most one line break (wrapped lines in PDFs and newswire).
_S = r"[^\S\n]*\n?[^\S\n]*"
_S1 = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"
# The ordinal may stand apart from its number where a superscript was read as a word ("26 th").
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:[^\S\n]?(?:st|nd|rd|th)|ST|ND|RD|TH)?(?![\dA-Za-z])(?![.,]\d)"
# A year, but not `2000 GMT` (a time) nor the start of `2018/19`.
_YEAR = r"(?:1[5-9]\d\d|20\d\d)(?![\d\w])(?![/-]\d)(?![^\S\n]*(?:GMT|BST|UTC|CET|hrs|hours)\b)"
_CONN = _S + r"(?:-|–|—|‐|to|and|&|until|till|through|thru)" + _S
_DAY_START = r"(?<![\w£$€.,/:])"


def _g(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


# Month-based expressions, one alternative per shape; the first that matches at a position wins,
# so ranges come before single dates and full dates before month-year.
_TEXT_DATE = re.compile(
    "(?=[0-9A-Z])(?:" + "|".join([
        # a: 8th and 9th November 2016 / 30 September to 2 October 2016 / 9-10 May 2017
        (rf"(?:{_g('a_wd1', _WD)},?{_S1}(?:the{_S1})?)?{_DAY_START}{_g('a_d1', _DAY)}"
        rf"(?:{_S1}(?:of{_S1})?{_g('a_m1', _MON)}(?:,?{_S1}{_g('a_y1', _YEAR)})?)?"
        rf"{_CONN}(?:{_g('a_wd2', _WD)},?{_S1}(?:the{_S1})?)?{_g('a_d2', _DAY)}(?:{_S1}of)?{_S1}"
        rf"{_g('a_m2', _MON)}(?:,?{_S1}{_g('a_y2', _YEAR)})?"),
        # b: Friday, 30 September 2016 / 28th June 2016 / Monday 26 September
        # ... / the 5th day of June 2024 / 30-Jan-2025
        (rf"(?:{_g('b_wd', _WD)},?{_S1}(?:the{_S1})?)?{_DAY_START}{_g('b_d', _DAY)}(?:(?:{_S1}day)?{_S1}of)?{_S1}"
        rf"{_g('b_m', _MON)}(?:,?{_S1}{_g('b_y', _YEAR)})?"),
        rf"{_DAY_START}{_g('h_d', _DAY)}-{_g('h_m', _MON)}-{_g('h_y', _YEAR)}",
        # c: May 9-10, 2017 / March 3 to April 5
        (rf"(?:{_g('c_wd', _WD)},?{_S1})?{_g('c_m1', _MON)}{_S1}{_g('c_d1', _DAY)}{_CONN}"
        rf"(?:{_g('c_m2', _MON)}{_S1})?{_g('c_d2', _DAY)}(?:,?{_S1}{_g('c_y', _YEAR)})?"),
        # d: September 30, 2016 / April 11th / Feb 26
        (rf"(?:{_g('d_wd', _WD)},?{_S1})?{_g('d_m', _MON)}{_S1}(?:the{_S1})?{_g('d_d', _DAY)}"
        rf"(?:,?{_S1}{_g('d_y', _YEAR)})?"),
        # e: March–May 2019 / December 2016 to March 2017
        (rf"{_g('e_m1', _MON)}(?:,?{_S1}{_g('e_y1', _YEAR)})?{_CONN}{_g('e_m2', _MON)},?{_S1}"
        rf"{_g('e_y2', _YEAR)}"),
        # f: September 2016 / Sept 2016
        rf"{_g('f_m', _MON)},?{_S1}(?:of{_S1})?{_g('f_y', _YEAR)}",
        # g: a month alone, maybe with a modifier (value None)
        r"(?<![A-Za-z])" + _g("g_m", "(?:" + "|".join(_FULL_MONTHS) + r")\b"),
    ]) + ")"
)

# 21/03/2017, 09.01.19, 5/3/19, 21-03-2017 (day first) and 2019-03-21 (ISO).
_NUMERIC_DATE = re.compile(
    r"(?=\d)(?<!\d)(?<!\d[./-])(?:"
    r"(?P<iy>1[89]\d\d|20\d\d)(?P<isep>[-/.])(?P<im>0?[1-9]|1[0-2])(?P=isep)(?P<id>0?[1-9]|[12]\d|3[01])"
    r"|(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r")(?!\d)(?![./-]\d)"
)

# 2018/19, 2018-19, 2018/2019, FY2018/19 (financial years); 2016-2018 (a range of years).
_YEAR_SPAN = re.compile(
    r"(?=[12F])(?<![\w£$€¥#./-])(?:FY[^\S\n]?)?(?P<y1>(?:19|20)\d\d)"
    r"(?:[/-]|[^\S\n]?[–—][^\S\n]?|[^\S\n]-[^\S\n](?=\d{4}))"
    r"(?P<y2>(?:19|20)\d\d|\d\d|\d)(?![\w%])(?![./-]\d)"
)

# A standalone year; the context checks in `_year_ok` decide whether it is used as a year.
_YEAR_ALONE = re.compile(r"(?=[12])(?<![\w£$€¥#@])(?<!\d[.,:/-])(?P<ya>(?:19|20)\d\d)(?![\w%])(?![.,:/-]\d)")

# The three number-led patterns in one pass (the first that matches at a position wins).
_DIGIT_LED = re.compile(
    "(?=[0-9F])(?:" + "|".join(p.pattern for p in (_NUMERIC_DATE, _YEAR_SPAN, _YEAR_ALONE)) + ")"
)

_SEASONS = "spring|summer|autumn|winter|Spring|Summer|Autumn|Winter|SPRING|SUMMER|AUTUMN|WINTER"
_SEASON = re.compile(
    r"(?<![A-Za-z])(?:(?P<mod>(?:the|this|last|next|early|late|mid|The|This|Last|Next|Early|Late|Mid)[^\S\n-]*-?[^\S\n]*))?"
    rf"(?:(?P<season>{_SEASONS})|(?P<fall>Fall|FALL|fall(?={_S1}of{_S1}(?:19|20)\d\d)))\b"
    rf"(?:{_S1}(?:of{_S1}|in{_S1})?(?P<year>{_YEAR}))?"
)

_NUMBER_WORDS = _trie(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty hundred".split()
) + r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine)\b)?"
_UNITS = r"(?:day|week|month|year|decade|fortnight|century)s?"
_PERIODS = (r"(?:week(?:end)?|month|year|decade|quarter|term|fortnight|century|"
            r"(?:financial|academic|calendar|school|municipal)\s+year|spring|summer|autumn|winter|"
            + "|".join(_WEEKDAYS) + "|" + "|".join(n for n in _FULL_MONTHS if n != "May") + ")")
_RELATIVE = re.compile(
    r"(?i)(?<![\w-])(?:"
    r"yesterday|today|tomorrow|tonight"
    rf"|(?:earlier|later)\s+(?:this|that|in\s+the|last|next)\s+(?:day|week|month|year|spring|summer|autumn|winter)"
    rf"|(?:the\s+)?(?:last|past|next|coming|previous|recent|following|first|final)\s+(?:few\s+|couple\s+of\s+)?"
    rf"(?:(?:{_NUMBER_WORDS}|\d{{1,3}})[\s-]+)?(?:days|weeks|months|years|decades)"
    rf"|(?:last|next|this|previous|coming|following|past|current|same)\s+{_PERIODS}"
    rf"|(?:(?:a|an|the)\s+)?(?:{_NUMBER_WORDS}|\d{{1,3}}|a\s+few|a\s+couple\s+of|several|many|a|an)"
    rf"(?:[\s-]+and[\s-]+a[\s-]+half)?[\s-]+{_UNITS}(?:\s+(?:period|ago|later|earlier))?"
    rf"|(?:on\s+)?(?:{'|'.join(_WEEKDAYS)})"
    r")(?![\w-])"
)


# Anchor words: the costly patterns above are only tried in a window around these (`_anchored`).
# Every relative expression holds one of the lower-case unit words (`today`, `Monday` hold `day`).
_MONTH_ANCHOR = re.compile(_trie([f for forms in _MONTHS.values() for f in forms for f in (f, f.upper())]))
_SEASON_ANCHOR = re.compile(_trie([f for w in ("spring", "summer", "autumn", "winter", "fall")
                                   for f in (w, w.title(), w.upper())]))
_RELATIVE_ANCHOR = re.compile(_trie(["day", "week", "month", "year", "decade", "fortnight", "centur",
                                     "quarter", "term", "spring", "summer", "autumn", "winter", "tomorrow",
                                     "Tomorrow", "tonight", "Tonight", *_FULL_MONTHS]))

# Words after which a 4-digit number is a label or a statute's year, never a year to report.
_BLOCK_BEFORE = frozenset("""
    section sections item items page pages para paragraph room flat route bus tel telephone phone
    ext extension isbn box unit chapter clause article regulation schedule appendix annex table
    figure fig minute ref reference code id version line vol volume postcode pdf kb mb no nos
    number act acts order regulations bill rules directive measure rule part platform gate
    """.split())
# Words before a year that make it a year even if a plural noun follows (`in 2016 councils ...`).
_STRONG_BEFORE = frozenset("""
    in since during until till early late mid back circa throughout spring summer autumn winter
    year years and before after between by
    """.split())
# Plural nouns that follow a year used as a year (`the 2019 elections`).
_YEARISH_PLURALS = frozenset("""
    elections results accounts figures games olympics awards finals championships riots floods
    statistics estimates levels rates prices sales profits earnings guidelines reforms cuts plans
    proposals changes standards exams inspections visits events celebrations budgets onwards onward
    """.split())
_DETERMINERS = frozenset("the its their his her our your whose this that".split())
_OBJECT_AFTER = re.compile(r"[^\S\n]+(?:the|a|an|its|their|our|his|her|us|them|this|these|those)\b")
_COUNT_NOUNS = frozenset("""
    people children staff men women police personnel hrs hr gmt bst utc sq square ft kg km mph
    kwh mw kw mm cm per x pm am
    """.split())
_MONTH_MODIFIER = re.compile(
    r"(?<![A-Za-z])(?:(?:the\s+)?(?:end|start|beginning|middle|close|turn)\s+of\s+|(?:early|mid|late)[\s-]+)$", re.I)
_STATUTE_AFTER = re.compile(r"[^\S\n]+(?:\(?[A-Z][\w’'-]*\)?[^\S\n]+){0,5}Act\b")
_PREV_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z0-9\n]{0,3}$")
_NEXT_WORD = re.compile(r"[^\S\n]*(?:-[^\S\n]*)?([A-Za-z]+)")
_PHONE_BEFORE = re.compile(r"\d[^\S\n]$")
_PHONE_AFTER = re.compile(r"[^\S\n]\d{3,}(?![\d,.])")
_MAY_CONTEXT = frozenset(
    "in by of until till since from before after during throughout end mid early late last next this".split()
)
_SEASON_CONTEXT = frozenset(
    "in by of until till since from before after during throughout the this last next over".split()
)


# ---------------------------------------------------------------------------------------------
# Helpers

def _parse_iso(value: str | None) -> date | None:
    """The reference date from a document date at any ISO precision (a year alone is 1 July)."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 7), int(m.group(3) or 1))
    except ValueError:
        return None


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month(token: str | None) -> int | None:
    return _MONTH_NUM.get(token.rstrip(".").lower()) if token else None


def _day(token: str | None) -> int | None:
    return int(token.rstrip("stndrhSTNDRH")) if token else None


def _weekday(token: str | None) -> int | None:
    return _WEEKDAY_NUM.get(token.rstrip(".").lower()) if token else None


def _resolve_year(month: int, day: int, weekday: int | None, ref: date | None) -> int | None:
    """The year among ref's year -1/0/+1 whose date is nearest ref, preferring a weekday match."""
    if ref is None:
        return None
    options = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        options.append((weekday is not None and d.weekday() != weekday, abs((d - ref).days), y))
    return min(options)[2] if options else None


def _range(y1: int | None, m1: int, d1: int, y2: int, m2: int, d2: int) -> tuple[str | None, str | None]:
    """Start and end of a day range; the start's year defaults to the end's (one less if it would
    come after the end: `30 December to 2 January 2017`)."""
    if y1 is None:
        y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
    return _iso(y1, m1, d1), _iso(y2, m2, d2)


# ---------------------------------------------------------------------------------------------
# Readers for each pattern family; each returns (value, end_value) or None to drop the match.

_Values = tuple[str | None, str | None]


def _read_text_date(m: re.Match[str], ref: date | None) -> _Values | None:
    g = m.group
    if g("a_d1"):
        d1, d2, m2 = _day(g("a_d1")), _day(g("a_d2")), _month(g("a_m2"))
        m1 = _month(g("a_m1")) or m2
        assert d1 is not None and d2 is not None and m1 is not None and m2 is not None
        y2 = int(g("a_y2")) if g("a_y2") else None
        y1 = int(g("a_y1")) if g("a_y1") else None
        if y2 is None:
            y2 = y1 if y1 is not None and (m1, d1) <= (m2, d2) else _resolve_year(m2, d2, _weekday(g("a_wd2")), ref)
            if y2 is None:
                return None, None
        return _range(y1, m1, d1, y2, m2, d2)
    if g("b_d"):
        return _single_day(_month(g("b_m")), _day(g("b_d")), g("b_y"), g("b_wd"), ref)
    if g("h_d"):
        return _single_day(_month(g("h_m")), _day(g("h_d")), g("h_y"), None, ref)
    if g("c_d1"):
        m1, d1, d2 = _month(g("c_m1")), _day(g("c_d1")), _day(g("c_d2"))
        m2 = _month(g("c_m2")) or m1
        assert m1 is not None and m2 is not None and d1 is not None and d2 is not None
        y = int(g("c_y")) if g("c_y") else _resolve_year(m2, d2, None, ref)
        if y is None:
            return None, None
        return _range(None, m1, d1, y, m2, d2)
    if g("d_d"):
        return _single_day(_month(g("d_m")), _day(g("d_d")), g("d_y"), g("d_wd"), ref)
    if g("e_m1"):
        m1, m2, y2 = _month(g("e_m1")), _month(g("e_m2")), int(g("e_y2"))
        assert m1 is not None and m2 is not None
        y1 = int(g("e_y1")) if g("e_y1") else (y2 if m1 <= m2 else y2 - 1)
        if (y1, m1) >= (y2, m2):
            return None
        return _iso(y1, m1), _iso(y2, m2)
    if g("f_m"):
        return _iso(int(g("f_y")), _month(g("f_m"))), None
    # A month alone: `May` is only a month after a preposition or modifier.
    if g("g_m") == "May":
        prev = _PREV_WORD.search(m.string, max(0, m.start() - 20), m.start())
        if not prev or prev.group(1).lower() not in _MAY_CONTEXT:
            return None
    return None, None


def _single_day(month: int | None, day: int | None, year: str | None, wd: str | None,
                ref: date | None) -> _Values:
    assert month is not None and day is not None
    y = int(year) if year else _resolve_year(month, day, _weekday(wd), ref)
    return (_iso(y, month, day) if y is not None else None), None


def _read_numeric(m: re.Match[str]) -> _Values | None:
    if m.group("iy"):
        v = _iso(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        return (v, None) if v else None
    d, mo, ys = int(m.group("d")), int(m.group("m")), m.group("y")
    y = int(ys) if len(ys) == 4 else (2000 + int(ys) if int(ys) < 70 else 1900 + int(ys))
    if not 1000 <= y <= 2999:
        return None
    v = _iso(y, mo, d) if mo <= 12 else None
    if v is None and d <= 12 and len(ys) == 4 and m.group("sep") == "/":
        # not a UK date, but a valid US one: 12/25/2004. Only with slashes and a full year:
        # `09.24.01` is minute 1 of September 2024's meeting, not 24 September 2001.
        v = _iso(y, d, mo)
    return (v, None) if v else None


def _read_year_span(m: re.Match[str]) -> _Values | None:
    y1, t2 = int(m.group("y1")), m.group("y2")
    if len(t2) == 1:  # 2005-6
        return (f"{y1:04d}-04", f"{y1 + 1:04d}-03") if (y1 + 1) % 10 == int(t2) else None
    y2 = (y1 // 100) * 100 + int(t2) if len(t2) == 2 else int(t2)
    if len(t2) == 2 and y2 < y1 and (y1 + 1) % 100 == int(t2):
        y2 += 100  # 1999/00
    if y2 == y1 + 1:
        return f"{y1:04d}-04", f"{y2:04d}-03"
    if y1 < y2 <= y1 + 100:
        return f"{y1:04d}", f"{y2:04d}"
    return None


_ITEM_NUMBER = re.compile(r"[.)][^\S\n]+\S|[.)]?[^\S\n]*\n")


def _year_ok(text: str, start: int, end: int) -> bool:
    line_start = start == 0 or text[start - 1] == "\n"
    if line_start and _ITEM_NUMBER.match(text, end) and text.startswith((".", ")"), end):
        return False  # `2019. Police report`: item 2019 of a council's running minute numbers
    prev_m = _PREV_WORD.search(text, max(0, start - 24), start)
    prev = prev_m.group(1).lower() if prev_m else ""
    if prev in _BLOCK_BEFORE:
        return False
    if _PHONE_BEFORE.search(text, max(0, start - 2), start) or _PHONE_AFTER.match(text, end):
        return False
    if _STATUTE_AFTER.match(text, end, end + 80):
        return False  # the 1989 Children Act
    next_m = _NEXT_WORD.match(text, end, end + 30)
    if next_m is None:
        return True
    word = next_m.group(1)
    low = word.lower()
    if text.startswith("-", end) and word.islower():
        return False  # 2000-strong
    if low in _COUNT_NOUNS:
        return False
    if word.islower() and len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        # `2016 actions` counts things; `in 2016 councils ...`, `the 1972 killings` and
        # `2005 offers the chance` (a verb: an object follows) use it as a year.
        if prev in _STRONG_BEFORE or low in _YEARISH_PLURALS:
            return True
        if prev in _DETERMINERS and int(text[start:end]) % 100:
            return True
        return _OBJECT_AFTER.match(text, next_m.end(), next_m.end() + 12) is not None
    return True


# ---------------------------------------------------------------------------------------------
# Public API

def find_dates(text: str, doc_date: str | None = None) -> list[DateMention]:
    """All date mentions in `text`, sorted by start and non-overlapping.

    text (str): the text to search.
    doc_date (str | None): the document's date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), used to give
        a year to a day and month written without one; None leaves such mentions without a value.
    RETURNS (list[DateMention]): the mentions; those with value None are durations, relative or
        partial expressions.
    """
    ref = _parse_iso(doc_date)
    # (priority, start, end, value, end_value); specific dates (2) beat vague expressions (1).
    cands: list[tuple[int, int, int, str | None, str | None]] = []
    for m in _anchored(_TEXT_DATE, _MONTH_ANCHOR, text, 60, 70):
        got = _read_text_date(m, ref)
        if got is not None:
            if m.group("g_m"):
                # A month alone keeps its modifier: `the end of December`, `mid-February`.
                mod = _MONTH_MODIFIER.search(text, max(0, m.start() - 30), m.start())
                cands.append((1, mod.start() if mod else m.start(), m.end(), *got))
            else:
                cands.append((2, m.start(), m.end(), *got))
    for m in _DIGIT_LED.finditer(text):
        if m.group("ya"):
            if _year_ok(text, m.start(), m.end()):
                cands.append((2, m.start(), m.end(), m.group(), None))
            continue
        got = _read_year_span(m) if m.group("y1") else _read_numeric(m)
        if got is not None:
            cands.append((2, m.start(), m.end(), *got))
    for m in _anchored(_SEASON, _SEASON_ANCHOR, text, 12, 40):
        if m.group("year"):
            cands.append((2, m.start(), m.end(), m.group("year"), None))
        elif m.group("season"):
            season_mod = m.group("mod")
            prev = _PREV_WORD.search(text, max(0, m.start() - 20), m.start())
            if season_mod or (prev and prev.group(1).lower() in _SEASON_CONTEXT):
                cands.append((1, m.start(), m.end(), None, None))
    for m in _anchored(_RELATIVE, _RELATIVE_ANCHOR, text, 40, 25):
        cands.append((1, m.start(), m.end(), None, None))
    return _select(text, cands)


def _anchored(pattern: re.Pattern[str], anchors: re.Pattern[str], text: str, before: int,
              after: int) -> Iterator[re.Match[str]]:
    """Matches of `pattern` that contain an anchor, searching only a window around each anchor.

    Equivalent to filtering `pattern.finditer(text)` for the patterns here (every match holds an
    anchor word and is shorter than the window), at a fraction of the cost.
    """
    last_end = 0
    n = len(text)
    for hit in anchors.finditer(text):
        p = hit.start()
        if p < last_end:
            continue
        for m in pattern.finditer(text, max(last_end, p - before), min(n, hit.end() + after)):
            if m.start() > p:
                break
            if p < m.end():
                last_end = m.end()
                yield m
                break


def _select(text: str, cands: list[tuple[int, int, int, str | None, str | None]]) -> list[DateMention]:
    """Keep the best of overlapping candidates: specific before vague, then longest, then first."""
    cands.sort(key=lambda c: (-c[0], c[1] - c[2], c[1]))
    starts: list[int] = []
    kept: list[tuple[int, int, str | None, str | None]] = []
    for _, s, e, v, ev in cands:
        while e > s and text[e - 1].isspace():
            e -= 1
        i = bisect_left(starts, s)
        if i > 0 and kept[i - 1][1] > s:
            continue
        if i < len(kept) and kept[i][0] < e:
            continue
        starts.insert(i, s)
        kept.insert(i, (s, e, v, ev))
    return [DateMention(text[s:e], s, e, v, ev) for s, e, v, ev in kept]


def normalise_date(expr: str, doc_date: str | None = None) -> tuple[str | None, str | None]:
    """The value of one date expression, such as a spaCy DATE entity's text.

    expr (str): the expression, e.g. `Friday, 30 September 2016`, `2018/19`, `two years`.
    doc_date (str | None): the document's date, to place a day and month without a year.
    RETURNS (tuple[str | None, str | None]): (value, end_value); (None, None) when the
        expression has no fixed date.
    """
    for mention in find_dates(expr, doc_date):
        if mention.value is not None:
            return mention.value, mention.end_value
    return None, None


def parse_document_date(text: str) -> str | None:
    """The date of a document from a metadata string such as `Published Friday, 30 September 2016`,
    `09.01.19` or `Meeting: 21/03/2017`.

    text (str): a short string holding the date.
    RETURNS (str | None): the first full date (`YYYY-MM-DD`); failing that the first month
        (`YYYY-MM`), or, in a short string, a year; None when there is none.
    """
    found = [m.value for m in find_dates(text) if m.value and m.end_value is None]
    for precision in (10, 7):
        for value in found:
            if len(value) == precision:
                return value
    if len(text) <= 40:
        for value in found:
            return value
    return None
