"""Charts drawn on the server as inline SVG: no JavaScript, nothing fetched, every label escaped.

Axes run over the real range of the dates plotted (padded a little), never a fixed 1970-2050.
Colours come from CSS classes (`static/style.css`), so the page's Content-Security-Policy can
forbid inline styles too.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date as _date

from markupsafe import Markup, escape

WIDTH = 760
LEFT = 230  # room for row labels
RIGHT = 24
TOP = 14
ROW = 26
AXIS = 34


@dataclass(frozen=True)
class Point:
    """One mark: `x` an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), on row `row` (or at `value`)."""

    x: str
    row: str = ""
    label: str = ""
    href: str | None = None
    cls: str = ""
    value: float | None = None


def year_fraction(value: str | None) -> float | None:
    """`2016-09-30` → 2016.75; a year alone is its middle, a month its middle; junk → None."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return year + 0.5
        month = int(parts[1])
        if not 1 <= month <= 12:
            return None
        if len(parts) == 2:
            return year + (month - 0.5) / 12
        day = _date(year, month, int(parts[2]))
    except (ValueError, IndexError):
        return None
    start = _date(year, 1, 1)
    return year + (day - start).days / 365.25


def _x_range(xs: list[float]) -> tuple[float, float]:
    lo, hi = min(xs), max(xs)
    if hi - lo < 1:
        mid = (lo + hi) / 2
        lo, hi = mid - 0.5, mid + 0.5
    pad = (hi - lo) * 0.04
    return lo - pad, hi + pad


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """(position, label) of the time axis: quarters when the range is short, else years
    (thinned to about a dozen); a January tick carries the year."""
    if hi - lo <= 2.5:
        out = []
        for quarter in range(math.ceil(lo * 4), math.floor(hi * 4) + 1):
            year, q = divmod(quarter, 4)
            out.append((quarter / 4, str(year) if q == 0 else _MONTHS[q * 3]))
        return out
    years = list(range(math.ceil(lo), math.floor(hi) + 1))
    step = 1 if len(years) <= 12 else 2 if len(years) <= 24 else 5 if len(years) <= 60 else 10
    return [(float(y), str(y)) for y in years if y % step == 0]


def _x_axis(lo: float, hi: float, scale: float, y: float) -> list[str]:
    out = [f'<line class="axis" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>']
    for at, label in _ticks(lo, hi):
        x = LEFT + (at - lo) * scale
        out.append(f'<line class="tick" x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{y + 4}"/>')
        out.append(f'<text class="tick-label" x="{x:.1f}" y="{y + 18}" text-anchor="middle">{escape(label)}</text>')
    return out


def _svg_open(height: int, title: str) -> str:
    # No xmlns: inline SVG in HTML needs none (and the report page stays free of URLs).
    return (f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">'
            f'<title>{escape(title)}</title>')


def _mark(p: Point, cx: float, cy: float) -> str:
    tip = f"<title>{escape(p.label or p.x)}</title>"
    dot = f'<circle class="mark {escape(p.cls)}" cx="{cx:.1f}" cy="{cy:.1f}" r="5">{tip}</circle>'
    if p.href:
        return f'<a href="{escape(p.href)}">{dot}</a>'
    return dot


def timeline(points: list[Point], rows: list[str], title: str) -> Markup | None:
    """Marks on categorical rows against time; None when nothing has a usable date."""
    placed = [(p, year_fraction(p.x)) for p in points]
    dated = [(p, x) for p, x in placed if x is not None and p.row in rows]
    if not dated:
        return None
    lo, hi = _x_range([x for _, x in dated])
    scale = (WIDTH - LEFT - RIGHT) / (hi - lo)
    height = TOP + ROW * len(rows) + AXIS
    axis_y = TOP + ROW * len(rows)
    out = [_svg_open(height, title)]
    for i, row in enumerate(rows):
        y = TOP + ROW * i + ROW / 2
        out.append(f'<line class="row-line" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>')
        text = row if len(row) <= 34 else row[:33] + "…"
        out.append(
            f'<text class="row-label" x="{LEFT - 8}" y="{y + 4}" text-anchor="end">'
            f'{escape(text)}<title>{escape(row)}</title></text>'
        )
    out += _x_axis(lo, hi, scale, axis_y)
    for p, x in dated:
        out.append(_mark(p, LEFT + (x - lo) * scale, TOP + ROW * rows.index(p.row) + ROW / 2))
    out.append("</svg>")
    return Markup("".join(out))


def _money_label(value: float, currency: str) -> str:
    sign = {"GBP": "£", "USD": "$", "EUR": "€"}.get(currency, "")
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if value >= size:
            return f"{sign}{value / size:g}{suffix}"
    return f"{sign}{value:g}"


def amounts(points: list[Point], currency: str, title: str) -> Markup | None:
    """Each amount its own dot against time on a log scale: nothing is summed, so one national
    figure cannot flatten every local one."""
    dated = [(p, year_fraction(p.x)) for p in points if p.value and p.value > 0]
    usable = [(p, x) for p, x in dated if x is not None]
    if not usable:
        return None
    lo, hi = _x_range([x for _, x in usable])
    scale = (WIDTH - LEFT - RIGHT) / (hi - lo)
    logs = [math.log10(p.value or 1) for p, _ in usable]
    vlo, vhi = math.floor(min(logs)), math.ceil(max(logs))
    if vhi == vlo:
        vhi += 1
    plot_h = 160
    height = TOP + plot_h + AXIS

    def y_of(log: float) -> float:
        return TOP + plot_h - (log - vlo) / (vhi - vlo) * plot_h

    out = [_svg_open(height, title)]
    step = 1 if vhi - vlo <= 6 else 2 if vhi - vlo <= 12 else 3
    for power in range(vlo, vhi + 1, step):
        y = y_of(power)
        out.append(f'<line class="row-line" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        out.append(
            f'<text class="row-label" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">'
            f'{escape(_money_label(10.0**power, currency))}</text>'
        )
    out += _x_axis(lo, hi, scale, TOP + plot_h)
    for (p, x), log in zip(usable, logs):
        out.append(_mark(p, LEFT + (x - lo) * scale, y_of(log)))
    out.append("</svg>")
    return Markup("".join(out))
