"""The headline chart of an indicator page, drawn at build time as inline SVG.

Every indicator page must be complete without JavaScript, so the chart Open SDG draws
with Chart.js in the browser is drawn here instead: a pure function from a
:class:`ChartSpec` to a string of ``<svg>`` markup. It follows Chart.js's defaults where
readers would notice a difference (y from 0, lines joining across missing periods) and
adds what a static image needs: a text alternative, colours that pass WCAG non-text
contrast, dashes and hatching when colours run out, and classes that CSS can recolour in
high-contrast mode. Output is small and byte-for-byte deterministic, so pages stay
cacheable and golden tests stay stable.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, TypeGuard, get_args

ChartKind = Literal["line", "bar", "stacked", "binary"]

WIDTH = 640
HEIGHT = 360
MIN_PLOT_HEIGHT = 180
FONT_SIZE = 12
#: average advance of a Latin character / a wide (CJK) character, in viewBox units
CHAR_WIDTH, WIDE_CHAR_WIDTH = 6.8, 12.0
TOP, RIGHT = 14.0, 24.0
TICK_ROW, TITLE_ROW, LEGEND_ROW = 22.0, 18.0, 18.0
TEXT_COLOUR, GRID_COLOUR, AXIS_COLOUR, LINE_COLOUR = "#333", "#ddd", "#666", "#444"
#: ≥ 4.5:1 against white (WCAG 1.4.11 needs 3:1), distinct in hue for common colour-vision deficiencies
PALETTE: tuple[str, ...] = ("#0072B2", "#C75000", "#007A5E", "#A8326E", "#6A3D9A", "#8C6D00", "#595959")
HATCH_ANGLES = (45, -45, 0, 90)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Series:
    """One line (or one set of bars) of the chart."""

    label: str
    values: Sequence[float | None]
    headline: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    """A horizontal target line (``value`` a number) or a vertical series break (``value`` an x label)."""

    value: float | str
    label: str
    vertical: bool = False


@dataclass(frozen=True, slots=True)
class ChartText:
    """Translated words the chart shows, so the renderer stays language-neutral."""

    yes: str = "Yes"
    no: str = "No"
    no_data: str = "No data available"
    summary: str = "{title}: {count} series from {first} to {last}."


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """Everything the chart shows; built by the page plan from data and indicator settings."""

    x: Sequence[str]
    series: Sequence[Series]
    kind: ChartKind = "line"
    title: str = ""
    y_label: str = ""
    x_label: str = ""
    description: str = ""
    y_min: float | None = None
    y_max: float | None = None
    lines: Sequence[Line] = ()


# --- text and numbers -------------------------------------------------------------------


def _clean(text: str) -> str:
    """Drop characters XML cannot hold at all (escaping cannot save a NUL)."""
    return _NOT_XML.sub("", text)


def _text(text: str) -> str:
    """Character data: metadata is user input, so ``<`` and ``&`` must stay text."""
    return _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    """A double-quoted attribute value."""
    return _text(text).replace('"', "&quot;")


def _num(value: float) -> str:
    """A coordinate with one decimal and no trailing zeros: precise enough, and small."""
    out = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if out == "-0" else out


def _text_width(text: str) -> float:
    """Estimated width of ``text``; the build has no font metrics, so err on the wide side."""
    wide = sum(unicodedata.east_asian_width(char) in "WF" for char in text)
    return wide * WIDE_CHAR_WIDTH + (len(text) - wide) * CHAR_WIDTH


def _present(value: float | None) -> TypeGuard[float]:
    """A value that can be drawn: pandas gives NaN for gaps, and infinities cannot be placed."""
    return value is not None and math.isfinite(value)


def _summary(spec: ChartSpec, template: str) -> str:
    """The generated ``<desc>``; a translator's broken placeholder must not break the build."""
    fields = {"title": spec.title or spec.y_label, "count": len(spec.series),
              "first": spec.x[0] if spec.x else "", "last": spec.x[-1] if spec.x else ""}
    try:
        return template.format_map(fields)
    except (KeyError, IndexError, ValueError, AttributeError):
        return template


# --- the y scale ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Scale:
    """Values to viewBox y, and the ticks to label."""

    low: float
    high: float
    ticks: tuple[float, ...]
    top: float
    bottom: float

    def y(self, value: float) -> float:
        """Clamped to the plot, like Chart.js clipping values outside ``graph_limits``."""
        span = self.high / 2 - self.low / 2  # halves: no overflow with extreme values
        fraction = (value / 2 - self.low / 2) / span if span > 0 else 0.0
        if math.isnan(fraction):
            fraction = 0.0
        return self.bottom - min(max(fraction, 0.0), 1.0) * (self.bottom - self.top)

    def base(self) -> float:
        """Where bars start: zero, or the nearest edge when zero is outside the axis."""
        return self.y(0.0)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _stack_extent(spec: ChartSpec) -> list[float]:
    """Per period, the top of the positive stack and the bottom of the negative stack."""
    out: list[float] = []
    for i in range(len(spec.x)):
        column = [v for s in spec.series if i < len(s.values) and _present(v := s.values[i])]
        out += [sum(v for v in column if v > 0), sum(v for v in column if v < 0)] if column else []
    return out


def _extent(spec: ChartSpec) -> list[float]:
    """The values the axis must show: data (stacked sums for stacked bars) and targets."""
    if spec.kind == "stacked":
        values = _stack_extent(spec)
    else:
        values = [v for s in spec.series for v in s.values[:len(spec.x)] if _present(v)]
    targets = [v for line in spec.lines if not line.vertical and (v := _target_value(line)) is not None]
    return values + targets if values else []


def _given(spec: ChartSpec) -> tuple[float | None, float | None]:
    """``graph_limits`` that can be used: finite, and minimum below maximum (else both ignored)."""
    low, high = _finite(spec.y_min), _finite(spec.y_max)
    return (None, None) if low is not None and high is not None and low >= high else (low, high)


def _limits(spec: ChartSpec, values: list[float]) -> tuple[float, float]:
    """Chart.js ``beginAtZero``: the axis includes 0; ``graph_limits`` override either end."""
    top = sys.float_info.max
    low = min([0.0, *values])
    high = max([0.0, *values])
    given_low, given_high = _given(spec)
    low = max(given_low if given_low is not None else low, -top)
    high = min(given_high if given_high is not None else high, top)
    return _widen(low, high, keep_high=given_high is not None and given_low is None)


def _widen(low: float, high: float, *, keep_high: bool) -> tuple[float, float]:
    """An axis needs a span: equal or crossed ends move apart, keeping the given end, inside the float range."""
    if high > low:
        return low, high
    centre = high if keep_high else low
    pad = max(abs(centre) / 2, 1.0)
    below, above = (centre - pad, centre), (centre, centre + pad)
    first, second = (below, above) if keep_high else (above, below)
    return first if math.isfinite(first[0]) and math.isfinite(first[1]) else second


def _nice_step(low: float, high: float, count: int = 5) -> float:
    """A 1, 2 or 5 × 10ⁿ step giving about ``count`` intervals between ``low`` and ``high``."""
    raw = max((high / 2 - low / 2) / (count / 2), 1e-300)
    base = 10.0 ** math.floor(math.log10(raw))
    return next(m * base for m in (1, 2, 5, 10) if m * base >= raw * (1 - 1e-9))


def _ticks(low: float, high: float, step: float) -> tuple[float, ...]:
    """Multiples of ``step`` inside the axis, rounded so 0.1 × 3 is shown as 0.3."""
    digits = max(0, 1 - math.floor(math.log10(step)))
    if not (math.isfinite(low / step) and math.isfinite(high / step)):
        return ()
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return tuple(round(k * step, digits) + 0.0 for k in range(first, last + 1))


def _snap(value: float, step: float, rounding: Callable[[float], int], given: float | None) -> float:
    """An axis end on a tick, unless the user fixed it (or the tick would overflow)."""
    if given is not None:
        return value
    snapped = rounding(value / step) * step
    return snapped if math.isfinite(snapped) else value


def _y_scale(spec: ChartSpec, top: float, bottom: float) -> _Scale:
    """The y axis for the chart kind; binary charts are fixed at −1..1."""
    if spec.kind == "binary":
        return _Scale(-1.0, 1.0, (-1.0, 0.0, 1.0), top, bottom)
    low, high = _limits(spec, _extent(spec))
    step = _nice_step(low, high)
    given_low, given_high = _given(spec)
    low = _snap(low, step, math.floor, given_low)
    high = _snap(high, step, math.ceil, given_high)
    return _Scale(low, high, _ticks(low, high, step), top, bottom)


def _tick_labels(spec: ChartSpec, scale: _Scale, fmt: Callable[[float], str], text: ChartText) -> list[str]:
    """Numbers in the page's locale, or Yes/No (and no label at 0) for binary charts."""
    if spec.kind == "binary":
        return [text.no, "", text.yes]
    return [fmt(tick) for tick in scale.ticks]


# --- layout -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layout:
    """The plot rectangle and the total height (which grows when the legend needs rows)."""

    left: float
    top: float
    right: float
    bottom: float
    height: float
    legend: tuple[tuple[tuple[int, float], ...], ...]  # rows of (series index, x)

    @property
    def width(self) -> float:
        return self.right - self.left


def _legend_item_width(label: str) -> float:
    return 20 + _text_width(label) + 16


def _legend_rows(labels: Sequence[str], left: float, right: float) -> tuple[tuple[tuple[int, float], ...], ...]:
    """Legend items placed left to right, wrapping to a new row when the next would overflow."""
    rows: list[list[tuple[int, float]]] = []
    x = left
    for index, label in enumerate(labels):
        if not rows or x + _legend_item_width(label) - 16 > right:
            rows.append([])
            x = left
        rows[-1].append((index, x))
        x += _legend_item_width(label)
    return tuple(tuple(row) for row in rows)


def _layout(spec: ChartSpec, tick_labels: Sequence[str], legend: Sequence[str]) -> _Layout:
    """Margins sized to the tick labels and titles; the plot keeps a readable minimum height."""
    widest = max((_text_width(label) for label in tick_labels), default=0.0)
    left = min(12 + widest + (TITLE_ROW if spec.y_label else 0.0), WIDTH / 3)
    right = WIDTH - RIGHT
    rows = _legend_rows([_legend_label(label, right - left) for label in legend], left, right)
    below = TICK_ROW + (TITLE_ROW if spec.x_label else 0.0) + len(rows) * LEGEND_ROW + (6 if rows else 0)
    plot = max(HEIGHT - TOP - below, MIN_PLOT_HEIGHT)
    return _Layout(left, TOP, right, TOP + plot, TOP + plot + below, rows)


def _legend_label(label: str, room: float) -> str:
    """A legend label cut with an ellipsis when it could never fit (the svg would clip it)."""
    if _text_width(label) <= room - 40:
        return label
    label = label[:max(int((room - 40) / CHAR_WIDTH), 1)]
    while len(label) > 1 and _text_width(label + "…") > room - 40:
        label = label[:-1]
    return label + "…"


def _band(layout: _Layout, count: int) -> float:
    return layout.width / max(count, 1)


def _x(layout: _Layout, count: int, index: int) -> float:
    """Centre of a period's band: points and bar groups share the same positions."""
    return layout.left + _band(layout, count) * (index + 0.5)


def _label_every(labels: Sequence[str], band: float) -> int:
    """Show every n-th period label so that neighbours never overlap (40 quarters fit)."""
    widest = max((_text_width(label) for label in labels), default=0.0)
    return max(1, math.ceil((widest + 8) / band))


# --- series styles ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    """How one series looks; ``cycle`` > 0 once the palette has been used up."""

    index: int
    colour: str
    headline: bool
    cycle: int

    @property
    def css_class(self) -> str:
        return f"series series-{self.index}" + (" headline" if self.headline else "")

    @property
    def dash(self) -> str:
        """A dash pattern unique to each palette cycle (cycle 0 is solid)."""
        if self.cycle == 0:
            return ""
        return f"{2 + 2 * ((self.cycle - 1) % 4)} {2 + (self.cycle - 1) // 4}"

    def pattern_id(self, chart_id: str) -> str:
        return f"{chart_id}-hatch-{self.index}"

    def fill(self, chart_id: str) -> str:
        return f"url(#{self.pattern_id(chart_id)})" if self.cycle else self.colour


def _ordered(series: Sequence[Series]) -> list[Series]:
    """The headline first (Open SDG's dataset 0); only the first series flagged counts."""
    first = next((s for s in series if s.headline), None)
    rest = [Series(s.label, s.values) if s.headline else s for s in series if s is not first]
    return ([first] if first else []) + rest


def _styles(series: Sequence[Series], headline_colour: str) -> list[_Style]:
    styles: list[_Style] = []
    others = 0
    for index, item in enumerate(series):
        if item.headline:
            styles.append(_Style(index, headline_colour, True, 0))
            continue
        styles.append(_Style(index, PALETTE[others % len(PALETTE)], False, others // len(PALETTE)))
        others += 1
    return styles


def _hatch(style: _Style, chart_id: str) -> str:
    """A hatched fill for bars beyond the palette: angle and spacing differ per cycle."""
    angle = HATCH_ANGLES[(style.cycle - 1) % len(HATCH_ANGLES)]
    size = 4 + 2 * ((style.cycle - 1) // len(HATCH_ANGLES))
    return (f'<pattern id="{_attr(style.pattern_id(chart_id))}" width="{size}" height="{size}" '
            f'patternUnits="userSpaceOnUse" patternTransform="rotate({angle})">'
            f'<rect width="{size}" height="{size}" fill="{_attr(style.colour)}"/>'
            f'<path d="M0 0V{size}" stroke="#fff" stroke-width="1.5"/></pattern>')


def _defs(kind: ChartKind, styles: Sequence[_Style], chart_id: str) -> str:
    patterns = "".join(_hatch(s, chart_id) for s in styles if s.cycle and kind != "line")
    return f"<defs>{patterns}</defs>" if patterns else ""


# --- axes ---------------------------------------------------------------------------------


def _grid(scale: _Scale, layout: _Layout) -> str:
    """All grid lines as one path: the cheapest markup for what is only a reading aid."""
    d = "".join(f"M{_num(layout.left)} {_num(scale.y(t))}H{_num(layout.right)}" for t in scale.ticks)
    return f'<path class="grid" d="{d}" stroke="{GRID_COLOUR}"/>' if d else ""


def _zero_line(scale: _Scale, layout: _Layout) -> str:
    """The baseline, at zero (negative values sit below it) or at the bottom of the axis."""
    y = _num(scale.base())
    return f'<path class="zero" d="M{_num(layout.left)} {y}H{_num(layout.right)}" stroke="{AXIS_COLOUR}"/>'


def _y_axis(scale: _Scale, layout: _Layout, labels: Sequence[str]) -> str:
    x = _num(layout.left - 6)
    texts = "".join(f'<text x="{x}" y="{_num(scale.y(tick) + 4)}">{_text(label)}</text>'
                    for tick, label in zip(scale.ticks, labels, strict=True) if label)
    return f'<g class="y-axis" text-anchor="end">{texts}</g>'


def _x_axis(labels: Sequence[str], layout: _Layout) -> str:
    every = _label_every(labels, _band(layout, len(labels)))
    y = _num(layout.bottom + 16)
    texts = "".join(f'<text x="{_num(_x(layout, len(labels), i))}" y="{y}">{_text(label)}</text>'
                    for i, label in enumerate(labels) if i % every == 0)
    return f'<g class="x-axis" text-anchor="middle">{texts}</g>'


def _axis_titles(spec: ChartSpec, layout: _Layout) -> str:
    out = ""
    if spec.y_label:
        x, y = _num(FONT_SIZE + 2), _num((layout.top + layout.bottom) / 2)
        out += (f'<text class="y-title" x="{x}" y="{y}" transform="rotate(-90 {x} {y})" '
                f'text-anchor="middle">{_text(spec.y_label)}</text>')
    if spec.x_label:
        x, y = _num((layout.left + layout.right) / 2), _num(layout.bottom + TICK_ROW + 14)
        out += f'<text class="x-title" x="{x}" y="{y}" text-anchor="middle">{_text(spec.x_label)}</text>'
    return out


# --- series -------------------------------------------------------------------------------


def _points(values: Sequence[float | None], scale: _Scale, layout: _Layout, count: int) -> list[tuple[str, str]]:
    """Present values only: joining them is Chart.js's ``spanGaps: true``."""
    return [(_num(_x(layout, count, i)), _num(scale.y(v)))
            for i, v in enumerate(values[:count]) if _present(v)]


def _line_series(series: Series, style: _Style, scale: _Scale, layout: _Layout, count: int) -> str:
    """A polyline and a marker per value; only the line is dashed, so markers stay solid dots."""
    points = _points(series.values, scale, layout, count)
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    body = f'<polyline points="{" ".join(f"{x},{y}" for x, y in points)}" fill="none"{dash}/>' if points else ""
    body += "".join(f'<circle cx="{x}" cy="{y}" r="{2.5 if style.headline else 2}"/>' for x, y in points)
    colour = _attr(style.colour)
    return (f'<g class="{style.css_class}" stroke="{colour}" fill="{colour}" '
            f'stroke-width="{3 if style.headline else 2}">{body}</g>')


def _rect(x: float, width: float, y1: float, y2: float, title: str = "") -> str:
    inner = f"<title>{_text(title)}</title>" if title else ""
    close = f">{inner}</rect>" if inner else "/>"
    return (f'<rect x="{_num(x)}" y="{_num(min(y1, y2))}" width="{_num(width)}" '
            f'height="{_num(abs(y2 - y1))}"{close}')


def _bar_slot(layout: _Layout, count: int, period: int, position: int, slots: int) -> tuple[float, float]:
    """Left edge and width of one bar: groups fill 80 % of a band, like Chart.js."""
    group = _band(layout, count) * 0.8
    width = group / max(slots, 1)
    return _x(layout, count, period) - group / 2 + position * width, width


def _bars(spec: ChartSpec, position: int, series: Series, scale: _Scale, layout: _Layout, text: ChartText) -> str:
    """Grouped bars; binary bars go up to 1 (yes) or down to −1 (no), each titled."""
    count, slots, out = len(spec.x), len(spec.series), ""
    for period, value in enumerate(series.values[:count]):
        if not _present(value):
            continue
        x, width = _bar_slot(layout, count, period, position, slots)
        if spec.kind == "binary":
            answer = text.yes if value > 0 else text.no
            out += _rect(x, width, scale.base(), scale.y(1.0 if value > 0 else -1.0), f"{spec.x[period]}: {answer}")
        else:
            out += _rect(x, width, scale.base(), scale.y(value))
    return out


def _stacked(spec: ChartSpec, position: int, scale: _Scale, layout: _Layout) -> str:
    """One series' segments: positives stack up from 0, negatives down from 0."""
    count, out = len(spec.x), ""
    for period in range(count):
        below = [s.values[period] if period < len(s.values) else None for s in spec.series[:position + 1]]
        value = below.pop()
        if not _present(value):
            continue
        start = sum(v for v in below if _present(v) and (v > 0) == (value > 0))
        x, width = _bar_slot(layout, count, period, 0, 1)
        out += _rect(x, width, scale.y(start), scale.y(start + value))
    return out


def _bar_series(spec: ChartSpec, position: int, style: _Style, scale: _Scale, layout: _Layout,
                options: tuple[str, ChartText]) -> str:
    chart_id, text = options
    series = spec.series[position]
    body = (_stacked(spec, position, scale, layout) if spec.kind == "stacked"
            else _bars(spec, position, series, scale, layout, text))
    return f'<g class="{style.css_class}" fill="{_attr(style.fill(chart_id))}">{body}</g>'


# --- target lines and series breaks --------------------------------------------------------


def _target_value(line: Line) -> float | None:
    """A target's y value; text that is not a number (from YAML) is skipped, not fatal."""
    try:
        return _finite(float(line.value))
    except ValueError:
        return None


def _target(line: Line, scale: _Scale, layout: _Layout) -> str:
    value = _target_value(line)
    if value is None or not scale.low <= value <= scale.high:
        return ""
    y = scale.y(value)
    return (f'<g class="target"><path d="M{_num(layout.left)} {_num(y)}H{_num(layout.right)}" '
            f'stroke="{LINE_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{_num(layout.right - 4)}" y="{_num(max(y - 4, layout.top + 10))}" '
            f'text-anchor="end">{_text(line.label)}</text></g>')


def _series_break(line: Line, spec: ChartSpec, layout: _Layout) -> str:
    """A break before the period ``line.value``: drawn between it and the period before."""
    labels = list(spec.x)
    if str(line.value) not in labels:
        return ""
    x = layout.left + _band(layout, len(labels)) * labels.index(str(line.value))
    anchor, text_x = ("end", x - 4) if x > (layout.left + layout.right) / 2 else ("start", x + 4)
    return (f'<g class="break"><path d="M{_num(x)} {_num(layout.top)}V{_num(layout.bottom)}" '
            f'stroke="{LINE_COLOUR}" stroke-width="1.5" stroke-dasharray="4 4"/>'
            f'<text x="{_num(text_x)}" y="{_num(layout.top + 12)}" text-anchor="{anchor}">'
            f"{_text(line.label)}</text></g>")


def _lines(spec: ChartSpec, scale: _Scale, layout: _Layout) -> str:
    return "".join(_series_break(line, spec, layout) if line.vertical else _target(line, scale, layout)
                   for line in spec.lines)


# --- legend -------------------------------------------------------------------------------


def _swatch(kind: ChartKind, style: _Style, x: float, y: float, chart_id: str) -> str:
    """The series' mark in small: a dashed stroke for lines, a (hatched) square for bars."""
    css = f"swatch series-{style.index}" + (" headline" if style.headline else "")
    if kind == "line":
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        return (f'<path class="{css}" d="M{_num(x)} {_num(y)}h16" stroke="{_attr(style.colour)}" '
                f'stroke-width="{3 if style.headline else 2}"{dash}/>')
    return (f'<rect class="{css}" x="{_num(x + 2)}" y="{_num(y - 6)}" width="12" height="12" '
            f'fill="{_attr(style.fill(chart_id))}"/>')


def _legend(spec: ChartSpec, styles: Sequence[_Style], layout: _Layout, chart_id: str) -> str:
    top = layout.bottom + TICK_ROW + (TITLE_ROW if spec.x_label else 0.0) + 10
    items = ""
    for row_number, row in enumerate(layout.legend):
        y = top + row_number * LEGEND_ROW
        for index, x in row:
            label = _legend_label(spec.series[index].label, layout.width)
            items += (_swatch(spec.kind, styles[index], x, y, chart_id)
                      + f'<text x="{_num(x + 20)}" y="{_num(y + 4)}">{_text(label)}</text>')
    return f'<g class="legend">{items}</g>' if items else ""


def _needs_legend(series: Sequence[Series]) -> bool:
    """A lone headline is explained by the title; anything else needs names."""
    return len(series) > 1 or (len(series) == 1 and not series[0].headline)


# --- the chart ----------------------------------------------------------------------------


def _is_empty(spec: ChartSpec) -> bool:
    return not spec.x or not any(_present(v) for s in spec.series for v in s.values[:len(spec.x)])


def _open(spec: ChartSpec, chart_id: str, height: float, text: ChartText) -> str:
    """The root element and its text alternative (named by ``aria-labelledby``)."""
    ident = _attr(chart_id)
    description = spec.description or _summary(spec, text.summary)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_num(height)}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" class="sdgkit-chart" direction="ltr" '
            f'font-family="sans-serif" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
            f'<title id="{ident}-title">{_text(spec.title or spec.y_label)}</title>'
            f'<desc id="{ident}-desc">{_text(description)}</desc>')


def _no_data(spec: ChartSpec, chart_id: str, text: ChartText) -> str:
    """A frame with a centred message, so the page layout does not jump when data is missing."""
    return (_open(spec, chart_id, HEIGHT, text)
            + f'<rect class="frame" x="1" y="1" width="{WIDTH - 2}" height="{HEIGHT - 2}" fill="none" '
            f'stroke="{GRID_COLOUR}"/><text class="no-data" x="{WIDTH // 2}" y="{HEIGHT // 2}" '
            f'text-anchor="middle">{_text(text.no_data)}</text></svg>')


def _series_markup(spec: ChartSpec, styles: Sequence[_Style], scale: _Scale, layout: _Layout,
                   options: tuple[str, ChartText]) -> Iterator[str]:
    for position, style in enumerate(styles):
        if spec.kind == "line":
            yield _line_series(spec.series[position], style, scale, layout, len(spec.x))
        else:
            yield _bar_series(spec, position, style, scale, layout, options)


def _normalised(spec: ChartSpec) -> ChartSpec:
    """Headline first, and an unknown kind (a typo in metadata) drawn as a line, as Open SDG does."""
    kind: ChartKind = spec.kind if spec.kind in get_args(ChartKind) else "line"
    return ChartSpec(spec.x, _ordered(spec.series), kind, spec.title, spec.y_label, spec.x_label,
                     spec.description, spec.y_min, spec.y_max, spec.lines)


def render_svg(spec: ChartSpec, format_number: Callable[[float], str], *, chart_id: str,
               text: ChartText = ChartText(), headline_colour: str = "#004466") -> str:
    """The chart as an inline ``<svg>`` element (a str of markup, no XML declaration)."""
    spec = _normalised(spec)
    if _is_empty(spec):
        return _no_data(spec, chart_id, text)
    styles = _styles(spec.series, headline_colour)
    probe = _y_scale(spec, 0.0, 1.0)
    labels = _tick_labels(spec, probe, format_number, text)
    layout = _layout(spec, labels, [s.label for s in spec.series] if _needs_legend(spec.series) else [])
    scale = _y_scale(spec, layout.top, layout.bottom)
    parts = [_open(spec, chart_id, layout.height, text), _defs(spec.kind, styles, chart_id), _grid(scale, layout),
             _y_axis(scale, layout, labels), _x_axis(spec.x, layout), _axis_titles(spec, layout),
             *_series_markup(spec, styles, scale, layout, (chart_id, text)), _zero_line(scale, layout),
             _lines(spec, scale, layout), _legend(spec, styles, layout, chart_id), "</svg>"]
    return "".join(parts)
