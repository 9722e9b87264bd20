"""Sparklines: a series' trend in a few hundred bytes of SVG, drawn at build time.

A progress assessment compares two points of a series (its base and its latest value) with a
target; a reader trusts it more when they can see the path in between. The full chart is
further down the page, so this is deliberately small: the line, the base point (hollow), the
latest point (filled) and the target as a dashed line. It needs no script and no colour to be
read: the points differ by shape and colours come from ``currentColor`` and the style sheet
(the line is drawn in the text colour, far above 3:1 in both themes). It is an image with a
short accessible name and a ``<desc>`` with the numbers, which the page also gives as text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

WIDTH, HEIGHT = 120, 32
#: room around the plot so that markers and the line's width are not cut off
PAD = 4
MARKER = 3.0
#: from a year or a value to an SVG coordinate
Scale = Callable[[float], float]


def sparkline(points: Sequence[tuple[float, float]], name: str, description: str = "", *,
              base_year: float | None = None, target: float | None = None,
              width: int = WIDTH, height: int = HEIGHT) -> str:
    """The SVG of ``(year, value)`` points ('' when there are none); ``name`` is its accessible name.

    The base point is the one at ``base_year``; the latest is the last year. A ``target``
    widens the vertical range so that its dashed line is always inside the picture.
    """
    ordered = sorted(points)
    if not ordered:
        return ""
    x_of, y_of = _scales(ordered, target, width, height)
    parts = [f'<svg class="sparkline" role="img" aria-label="{escape(name)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" focusable="false">']
    if description:
        parts.append(f"<desc>{escape(description)}</desc>")
    if target is not None:
        y = _n(y_of(target))
        parts.append(f'<line class="spark-target" x1="{PAD}" x2="{width - PAD}" y1="{y}" y2="{y}" '
                     'stroke="currentColor" stroke-width="1.5" stroke-dasharray="4 3"/>')
    if len(ordered) > 1:
        line = " ".join(f"{_n(x_of(x))},{_n(y_of(y))}" for x, y in ordered)
        parts.append(f'<polyline class="spark-line" points="{line}" fill="none" stroke="currentColor" '
                     'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>')
    base = next(((x, y) for x, y in ordered if x == base_year), None)
    if base is not None and base != ordered[-1]:
        parts.append(_marker("spark-base", x_of(base[0]), y_of(base[1]), hollow=True))
    parts.append(_marker("spark-latest", x_of(ordered[-1][0]), y_of(ordered[-1][1]), hollow=False))
    parts.append("</svg>")
    return "".join(parts)


def _scales(points: Sequence[tuple[float, float]], target: float | None, width: int,
            height: int) -> tuple[Scale, Scale]:
    """Functions from years and values to SVG coordinates (one point or a flat line sit in the middle)."""
    years = [x for x, _ in points]
    values = [y for _, y in points] + ([target] if target is not None else [])
    x0, x1 = min(years), max(years)
    y0, y1 = min(values), max(values)

    def x_of(x: float) -> float:
        return width / 2 if x1 == x0 else PAD + (x - x0) * (width - 2 * PAD) / (x1 - x0)

    def y_of(y: float) -> float:
        return height / 2 if y1 == y0 else height - PAD - (y - y0) * (height - 2 * PAD) / (y1 - y0)

    return x_of, y_of


def _marker(kind: str, x: float, y: float, *, hollow: bool) -> str:
    """A point: hollow (white inside, so the line does not cross it) for the base, filled for the latest."""
    fill = "#fff" if hollow else "currentColor"
    return (f'<circle class="{kind}" cx="{_n(x)}" cy="{_n(y)}" r="{MARKER}" fill="{fill}" '
            'stroke="currentColor" stroke-width="1.5"/>')


def _n(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ``.0`` (the SVG stays small)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
