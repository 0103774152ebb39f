"""Charts drawn on the server as SVG: no script, escaped labels, the same figures as a table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

WIDTH, HEIGHT = 900, 260
LEFT, BOTTOM, TOP = 48, 28, 12


def daily_series(points: Sequence[tuple[date, int]], *, first: date, days: int) -> list[tuple[date, int]]:
    """Every day from *first*, *days* of them, missing days counted as 0."""
    known = dict(points)
    return [(day, known.get(day, 0)) for day in (first + timedelta(days=n) for n in range(days))]


def nice_ceiling(value: int) -> int:
    """A round top for the axis: 1, 2, 5, 10, 20, 50…"""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart_svg(series: Sequence[tuple[date, int]], *, title: str, description: str) -> str:
    """A bar per day; the y axis shows 0, half and the top; months are labelled."""
    top = nice_ceiling(max((count for _, count in series), default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    bar_w = plot_w / max(len(series), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-t chart-d">',
        f'<title id="chart-t">{escape(title)}</title><desc id="chart-d">{escape(description)}</desc>',
    ]
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        label = f"{top * fraction:g}"
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c8c8c8"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#333">{label}</text>'
        )
    for index, (day, count) in enumerate(series):
        height = plot_h * count / top
        x = LEFT + index * bar_w
        parts.append(
            f'<rect x="{x + 0.5:.1f}" y="{TOP + plot_h - height:.1f}" width="{max(bar_w - 1, 1):.1f}" '
            f'height="{height:.1f}" fill="#0b4f8a"><title>{day.isoformat()}: {count}</title></rect>'
        )
        if day.day == 1 or index == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="12" fill="#333">{day.strftime("%m/%Y")}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
