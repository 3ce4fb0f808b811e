"""Date filters: an ISO date at any precision → the first and last day it covers."""
from __future__ import annotations

import re

from corpus_search.errors import UsageError

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def date_bounds(value: str) -> tuple[int, int]:
    """An ISO date at any precision → (first day, last day) as yyyymmdd integers."""
    match = _DATE.match(value or "")
    if not match:
        raise UsageError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.group(1), match.group(2), match.group(3)
    y = int(year)
    if month is None:
        return y * 10000 + 101, y * 10000 + 1231
    m = int(month)
    if not 1 <= m <= 12:
        raise UsageError(f"bad date {value!r}: month must be 01–12")
    if day is None:
        return y * 10000 + m * 100 + 1, y * 10000 + m * 100 + _MONTH_DAYS[m - 1]
    d = int(day)
    if not 1 <= d <= _MONTH_DAYS[m - 1]:
        raise UsageError(f"bad date {value!r}: no such day")
    return y * 10000 + m * 100 + d, y * 10000 + m * 100 + d
