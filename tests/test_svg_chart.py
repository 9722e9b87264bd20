"""The build-time SVG chart: structure, accessibility, escaping, scales and size, pinned by parsing the output."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdgkit.site.svg_chart import PALETTE, ChartKind, ChartSpec, ChartText, Line, Series, render_svg

SVG = "{http://www.w3.org/2000/svg}"
YEARS = [str(year) for year in range(2015, 2025)]
QUARTERS = [f"{year} Q{q}" for year in range(2015, 2025) for q in range(1, 5)]
HOSTILE = '<script>alert("x")</script> & \'q\' ]]>'


def french(number: float) -> str:
    """A French-style formatter: thin grouping space and decimal comma, as a page in ``fr`` would use."""
    return f"{number:,.10g}".replace(",", " ").replace(".", ",")


def parse(markup: str) -> ET.Element:
    """Parse the chart as a browser's XML parser would (our own output, so ElementTree is safe here)."""
    return ET.fromstring(markup)  # noqa: S314 - trusted input: the renderer's output, no DTD or entities


def render(spec: ChartSpec, text: ChartText | None = None, **options: str) -> ET.Element:
    return parse(render_svg(spec, french, chart_id="chart-1-1-1", text=text or ChartText(), **options))


def tags(root: ET.Element, name: str) -> list[ET.Element]:
    return list(root.iter(SVG + name))


def classed(root: ET.Element, css: str) -> list[ET.Element]:
    return [e for e in root.iter() if css in e.get("class", "").split()]


def series_groups(root: ET.Element) -> list[ET.Element]:
    return classed(root, "series")


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(SVG + "text")]


def y_ticks(root: ET.Element) -> list[str]:
    return texts(classed(root, "y-axis")[0])


def zero_y(root: ET.Element) -> float:
    return float(classed(root, "zero")[0].get("d", "").split()[1].split("H")[0])


def points(polyline: ET.Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (p.split(",") for p in polyline.get("points", "").split())]


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance, written out here so the test does not trust the code under test."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


def one_line(values: Sequence[float | None], **fields: object) -> ChartSpec:
    return ChartSpec(YEARS[:len(values)], [Series("United Kingdom", values, headline=True)], **fields)  # type: ignore[arg-type]


# --- the root element and its text alternative ----------------------------------------------


def test_root_is_an_accessible_responsive_inline_svg() -> None:
    markup = render_svg(one_line([1, 2, 3], title="Poverty rate"), french, chart_id="chart-1-1-1")
    root = parse(markup)
    assert markup.startswith("<svg ") and "<?xml" not in markup
    assert root.tag == SVG + "svg"
    assert root.get("viewBox") == "0 0 640 360"
    assert root.get("width") is None and root.get("height") is None
    assert (root.get("role"), root.get("class"), root.get("direction")) == ("img", "sdgkit-chart", "ltr")
    assert root.get("font-family") == "sans-serif" and root.get("font-size") == "12"
    assert root.get("aria-labelledby") == "chart-1-1-1-title chart-1-1-1-desc"
    title, desc = root[0], root[1]
    assert (title.tag, title.get("id"), title.text) == (SVG + "title", "chart-1-1-1-title", "Poverty rate")
    assert (desc.tag, desc.get("id")) == (SVG + "desc", "chart-1-1-1-desc")
    assert "<style" not in markup and "<script" not in markup and "@import" not in markup


def test_title_falls_back_to_unit_and_desc_is_generated_from_the_summary() -> None:
    root = render(one_line([1.0] * 10, y_label="Percentage (%)"))
    assert tags(root, "title")[0].text == "Percentage (%)"
    assert tags(root, "desc")[0].text == "Percentage (%): 1 series from 2015 to 2024."
    translated = ChartText(summary="{title} — {count} séries, {first}–{last}")
    root = render(one_line([1.0, 2.0], title="Taux"), translated)
    assert tags(root, "desc")[0].text == "Taux — 1 séries, 2015–2016"
    root = render(one_line([1.0], description="Rising since 2015."))
    assert tags(root, "desc")[0].text == "Rising since 2015."


def test_a_broken_translated_summary_does_not_break_the_build() -> None:
    root = render(one_line([1.0]), ChartText(summary="{titre}: {0} séries"))
    assert tags(root, "desc")[0].text == "{titre}: {0} séries"


def test_hostile_text_cannot_inject_markup() -> None:
    spec = ChartSpec(x=[HOSTILE, "2016"], series=[Series(HOSTILE, [1, 2]), Series("B\x00\x07", [2, 1])],
                     title=HOSTILE, y_label=HOSTILE, x_label=HOSTILE, description=HOSTILE,
                     lines=[Line(1.5, HOSTILE), Line("2016", HOSTILE, vertical=True)])
    root = render(spec, headline_colour='"/><script>x</script>')
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert tags(root, "title")[0].text == HOSTILE and tags(root, "desc")[0].text == HOSTILE
    assert texts(classed(root, "x-axis")[0])[0] == HOSTILE
    assert texts(classed(root, "legend")[0]) == [HOSTILE, "B"]  # characters XML cannot hold are dropped
    assert [texts(g) for g in classed(root, "target") + classed(root, "break")] == [[HOSTILE], [HOSTILE]]
    assert [t.text for t in classed(root, "y-title") + classed(root, "x-title")] == [HOSTILE, HOSTILE]


# --- line charts ---------------------------------------------------------------------------


def test_line_chart_has_one_polyline_and_a_marker_per_value_for_each_series() -> None:
    spec = ChartSpec(YEARS[:4], [Series("A", [1, 2, 3, 4], True), Series("B", [4, None, 2, 1]),
                                 Series("C", [None] * 4)])
    groups = series_groups(render(spec))
    assert [len(tags(g, "polyline")) for g in groups] == [1, 1, 0]
    assert [len(tags(g, "circle")) for g in groups] == [4, 3, 0]
    assert [g.get("class") for g in groups] == ["series series-0 headline", "series series-1", "series series-2"]


def test_line_joins_present_values_across_a_missing_period() -> None:
    root = render(one_line([1, None, 3]))
    line = points(tags(root, "polyline")[0])
    markers = [float(c.get("cx", "")) for c in tags(root, "circle")]
    assert len(line) == 2 and [x for x, _ in line] == markers
    gap = markers[1] - markers[0]
    assert gap == pytest.approx(2 * (float(texts_x(root)[1]) - float(texts_x(root)[0])), abs=0.2)


def texts_x(root: ET.Element) -> list[str]:
    return [t.get("x", "") for t in classed(root, "x-axis")[0].iter(SVG + "text")]


def test_nan_and_infinity_are_treated_as_missing() -> None:
    root = render(one_line([1.0, math.nan, math.inf, 4.0]))
    assert len(tags(root, "circle")) == 2


def test_headline_is_drawn_first_in_the_headline_colour_and_thicker() -> None:
    spec = ChartSpec(YEARS[:3], [Series("Female", [1, 2, 3]), Series("Total", [2, 3, 4], headline=True)])
    groups = series_groups(render(spec, headline_colour="#123456"))
    assert groups[0].get("class") == "series series-0 headline"
    assert groups[0].get("stroke") == "#123456"
    assert float(groups[0].get("stroke-width", "")) > float(groups[1].get("stroke-width", ""))
    assert groups[1].get("stroke") == PALETTE[0]
    assert texts(classed(render(spec), "legend")[0]) == ["Total", "Female"]


def test_unknown_kind_is_drawn_as_a_line_like_open_sdg() -> None:
    kind: ChartKind = "pie"  # type: ignore[assignment]
    root = render(one_line([1, 2], kind=kind))
    assert len(tags(root, "polyline")) == 1


# --- the y axis ----------------------------------------------------------------------------


def test_tick_labels_use_the_page_number_format() -> None:
    ticks = y_ticks(render(one_line([120.0, 4200.0, 2500.0])))
    assert ticks == ["0", "1 000", "2 000", "3 000", "4 000", "5 000"]
    assert y_ticks(render(one_line([0.25, 0.61]))) == ["0", "0,2", "0,4", "0,6", "0,8"]


@pytest.mark.parametrize("values", [[3.0, 97.0], [0.0012, 0.0049], [1.2e9, 7.7e9], [-35.0, 12.0], [5.0] * 10,
                                    [1e-9, 3e-9], [1e15, 3.3e15], [-4.0, -1.0], [0.0, 0.0]])
def test_ticks_are_nice_steps_covering_the_data(values: list[float]) -> None:
    root = parse(render_svg(one_line(values), repr, chart_id="c"))
    ticks = [float(label) for label in y_ticks(root)]
    steps = {round(b - a, 12 - math.floor(math.log10(b - a))) for a, b in itertools.pairwise(ticks)}
    assert 3 <= len(ticks) <= 8 and len(steps) == 1
    mantissa = f"{steps.pop():e}".split("e")[0]
    assert mantissa in {"1.000000", "2.000000", "5.000000"}
    assert ticks[0] <= min(*values, 0.0) and ticks[-1] >= max(values)


def test_y_starts_at_zero_unless_data_goes_below_or_limits_are_given() -> None:
    assert y_ticks(render(one_line([50.0, 60.0])))[0] == "0"
    assert y_ticks(render(one_line([-12.0, 60.0])))[0] == "-20"
    limited = y_ticks(render(one_line([50.0, 60.0], y_min=40.0, y_max=100.0)))
    assert (limited[0], limited[-1]) == ("40", "100")


def test_values_outside_given_limits_are_clipped_to_the_plot() -> None:
    root = render(one_line([10.0, 500.0], y_max=100.0))
    (_, low_y), (_, high_y) = points(tags(root, "polyline")[0])
    grid = classed(root, "grid")[0].get("d", "")
    top = min(float(y) for y in re.findall(r"M[\d.]+ ([\d.]+)", grid))
    assert high_y == top and low_y > top


def test_negative_values_sit_below_the_zero_line() -> None:
    bars = ChartSpec(YEARS[:3], [Series("A", [5.0, -5.0, 2.0], True)], kind="bar")
    root = render(bars)
    zero = zero_y(root)
    up, down, _ = tags(root, "rect")
    assert float(up.get("y", "")) + float(up.get("height", "")) == pytest.approx(zero, abs=0.1)
    assert float(down.get("y", "")) == pytest.approx(zero, abs=0.1) and float(down.get("height", "")) > 0
    line = points(tags(render(one_line([5.0, -5.0])), "polyline")[0])
    assert line[0][1] < zero_y(render(one_line([5.0, -5.0]))) < line[1][1]


# --- the x axis ----------------------------------------------------------------------------


def test_every_year_is_labelled_when_there_is_room() -> None:
    assert texts(classed(render(one_line([1.0] * 10)), "x-axis")[0]) == YEARS


def test_many_period_labels_are_thinned_so_they_never_overlap() -> None:
    spec = ChartSpec(QUARTERS, [Series("A", list(range(40)), True)])
    axis = classed(render(spec), "x-axis")[0]
    labels = list(axis.iter(SVG + "text"))
    assert 4 <= len(labels) < 20
    assert [t.text for t in labels] == QUARTERS[::40 // len(labels)][:len(labels)]
    xs = [float(t.get("x", "")) for t in labels]
    widest = max(len(q) for q in QUARTERS) * 7.0  # generous: ~0.58 em per character at 12 px
    assert all(b - a > widest for a, b in itertools.pairwise(xs))


def test_a_single_period_is_centred() -> None:
    root = render(ChartSpec(["2020"], [Series("A", [7.5], True)]))
    (x, _), = points(tags(root, "polyline")[0])
    grid = classed(root, "grid")[0].get("d", "")
    left, right = map(float, re.findall(r"M([\d.]+) [\d.]+H([\d.]+)", grid)[0])
    assert x == pytest.approx((left + right) / 2, abs=0.1)


# --- bars ----------------------------------------------------------------------------------


def test_grouped_bars_one_rect_per_present_value_side_by_side() -> None:
    spec = ChartSpec(YEARS[:5], [Series("A", [1, 2, 3, 4, 5], True), Series("B", [5, None, 3, 2, 1])], kind="bar")
    groups = series_groups(render(spec))
    assert [len(tags(g, "rect")) for g in groups] == [5, 4]
    a, b = tags(groups[0], "rect")[0], tags(groups[1], "rect")[0]
    assert float(a.get("x", "")) + float(a.get("width", "")) == pytest.approx(float(b.get("x", "")), abs=0.2)
    assert groups[0].get("fill") == "#004466" and groups[1].get("fill") == PALETTE[0]


def test_stacked_bars_stack_positives_up_and_negatives_down_from_zero() -> None:
    spec = ChartSpec(["2020"], [Series("A", [3.0]), Series("B", [-2.0]), Series("C", [4.0]), Series("D", [-1.0])],
                     kind="stacked")
    root = render(spec)
    zero = zero_y(root)
    a, b, c, d = (tags(g, "rect")[0] for g in series_groups(root))

    def span(rect: ET.Element) -> tuple[float, float]:
        top = float(rect.get("y", ""))
        return top, top + float(rect.get("height", ""))

    assert span(a)[1] == pytest.approx(zero, abs=0.1) and span(c)[1] == pytest.approx(span(a)[0], abs=0.1)
    assert span(b)[0] == pytest.approx(zero, abs=0.1) and span(d)[0] == pytest.approx(span(b)[1], abs=0.1)
    assert y_ticks(root)[-1] == "8"  # the axis fits the stack (7), not the largest value (4)
    assert a.get("x") == c.get("x") and a.get("width") == c.get("width")


def test_binary_chart_shows_yes_and_no_instead_of_numbers() -> None:
    spec = ChartSpec(YEARS[:4], [Series("Law in force", [1, 0, -1, None], True)], kind="binary")
    root = render(spec, ChartText(yes="Oui", no="Non"))
    assert y_ticks(root) == ["Non", "Oui"]
    zero = zero_y(root)
    yes, no_zero, no_minus = tags(root, "rect")
    assert float(yes.get("y", "")) < zero
    assert float(no_zero.get("y", "")) == pytest.approx(zero, abs=0.1) == float(no_minus.get("y", ""))
    assert yes.get("height") == no_zero.get("height") == no_minus.get("height")
    assert [r.find(SVG + "title").text for r in (yes, no_zero)] == ["2015: Oui", "2016: Non"]  # type: ignore[union-attr]


# --- colours -------------------------------------------------------------------------------


def test_palette_colours_have_at_least_3_to_1_contrast_on_white() -> None:
    assert len(PALETTE) >= 6 and len(set(PALETTE)) == len(PALETTE)
    ratios = {colour: contrast_with_white(colour) for colour in PALETTE}
    assert all(ratio >= 3.0 for ratio in ratios.values()), ratios
    assert contrast_with_white("#004466") >= 3.0  # the default headline colour


def test_lines_beyond_the_palette_are_dashed_so_no_two_series_look_alike() -> None:
    count = 3 * len(PALETTE) + 2
    spec = ChartSpec(YEARS[:3], [Series(f"S{i}", [i, i + 1, i + 2]) for i in range(count)])
    root = render(spec)
    looks = [(g.get("stroke"), tags(g, "polyline")[0].get("stroke-dasharray")) for g in series_groups(root)]
    assert len(set(looks)) == count
    assert all(dash is None for _, dash in looks[:len(PALETTE)])
    assert all(dash for _, dash in looks[len(PALETTE):])
    swatches = [(s.get("stroke"), s.get("stroke-dasharray")) for s in classed(root, "swatch")]
    assert swatches == looks  # the legend shows each series' own look


def test_bars_beyond_the_palette_are_hatched() -> None:
    count = len(PALETTE) + 5
    spec = ChartSpec(YEARS[:2], [Series(f"S{i}", [1, 2]) for i in range(count)], kind="bar")
    root = render(spec)
    fills = [g.get("fill", "") for g in series_groups(root)]
    assert len(set(fills)) == count and fills[:len(PALETTE)] == list(PALETTE)
    pattern_ids = {p.get("id") for p in tags(root, "pattern")}
    assert {f[5:-1] for f in fills[len(PALETTE):]} == pattern_ids and len(pattern_ids) == 5
    assert all(f.startswith("url(#chart-1-1-1-") for f in fills[len(PALETTE):])
    looks = {(tags(p, "rect")[0].get("fill"), p.get("patternTransform"), p.get("width")) for p in tags(root, "pattern")}
    assert len(looks) == 5


# --- legend, targets, breaks -----------------------------------------------------------------


def test_legend_only_when_it_tells_the_reader_something() -> None:
    assert not classed(render(one_line([1, 2])), "legend")
    lone = ChartSpec(YEARS[:2], [Series("Female", [1, 2])])
    assert texts(classed(render(lone), "legend")[0]) == ["Female"]


def test_a_long_legend_wraps_to_rows_and_grows_the_chart() -> None:
    labels = [f"Region number {i} with a rather long name" for i in range(12)]
    root = render(ChartSpec(YEARS[:2], [Series(label, [1, 2]) for label in labels]))
    legend = classed(root, "legend")[0]
    rows = {t.get("y") for t in legend.iter(SVG + "text")}
    assert texts(legend) == labels and len(rows) >= 4
    width, height = map(float, root.get("viewBox", "").split()[2:])
    assert width == 640 and height >= 360
    assert all(float(t.get("x", "")) + len(t.text or "") * 6.8 <= width for t in legend.iter(SVG + "text"))


def test_target_lines_and_series_breaks_are_dashed_and_labelled() -> None:
    spec = one_line([10.0] * 10, lines=[Line(25.0, "2030 target"), Line("2019", "Series break", vertical=True),
                                       Line("1999", "not a period", vertical=True), Line("n/a", "not a number")])
    root = render(spec)
    (target,), (series_break,) = classed(root, "target"), classed(root, "break")
    assert texts(target) == ["2030 target"] and texts(series_break) == ["Series break"]
    assert y_ticks(root)[-1] == "25"  # the axis reaches the target
    target_path, break_path = target.find(SVG + "path"), series_break.find(SVG + "path")
    assert target_path is not None and break_path is not None
    assert target_path.get("stroke-dasharray") and break_path.get("stroke-dasharray")
    assert "H" in target_path.get("d", "") and "V" in break_path.get("d", "")
    x = float(break_path.get("d", "")[1:].split()[0])
    centres = [float(c.get("cx", "")) for c in tags(root, "circle")]
    assert centres[3] < x < centres[4]  # between 2018 and 2019


# --- empty charts ----------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [ChartSpec(YEARS, []), ChartSpec(YEARS, [Series("A", [None] * 10, True)]),
                                  ChartSpec([], [Series("A", [], True)], kind="bar")])
def test_no_data_draws_a_frame_with_a_centred_message(spec: ChartSpec) -> None:
    root = render(spec, ChartText(no_data="Aucune donnée"))
    (message,) = classed(root, "no-data")
    assert message.text == "Aucune donnée" and message.get("text-anchor") == "middle"
    assert (message.get("x"), message.get("y")) == ("320", "180")
    assert classed(root, "frame") and not series_groups(root)


# --- size and determinism ----------------------------------------------------------------------


def typical_chart() -> str:
    values = [12.3, 13.1, 13.8, 14.8, 15.2, 15.0, 16.1, 17.3, 18.0, 18.2]
    spec = one_line(values, title="Proportion of population living below the national poverty line",
                    y_label="Percentage (%)", x_label="Year")
    return render_svg(spec, french, chart_id="chart-1-2-1")


def test_a_typical_chart_stays_small() -> None:
    markup = typical_chart()
    assert len(markup.encode()) < 3000
    assert "\n" not in markup and "> <" not in markup and "  " not in markup
    assert not re.search(r'="-?\d+\.\d{2,}', markup)  # coordinates keep one decimal


def test_output_is_deterministic() -> None:
    assert typical_chart() == typical_chart()


# --- properties --------------------------------------------------------------------------------


def coordinates(root: ET.Element) -> Iterator[tuple[str, float, float]]:
    """Every (name, x, y) a drawn element places, outside ``<defs>`` (patterns have their own space)."""
    defs = {id(e) for d in root.iter(SVG + "defs") for e in d.iter()}
    for element in root.iter():
        if id(element) in defs:
            continue
        yield from element_coordinates(element)


def element_coordinates(element: ET.Element) -> Iterator[tuple[str, float, float]]:
    get = element.get
    for x_name, y_name in (("x", "y"), ("cx", "cy")):
        if get(x_name) is not None:
            x, y = float(get(x_name, "")), float(get(y_name, ""))
            yield x_name, x, y
            yield "far corner", x + float(get("width", "0")), y + float(get("height", "0"))
    for pair in get("points", "").split():
        x_text, y_text = pair.split(",")
        yield "point", float(x_text), float(y_text)
    yield from path_coordinates(get("d", ""))


def path_coordinates(d: str) -> Iterator[tuple[str, float, float]]:
    x = y = 0.0
    for command, first, second in re.findall(r"([MHVh])(-?[\d.]+)(?: (-?[\d.]+))?", d):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "H":
            x = float(first)
        elif command == "V":
            y = float(first)
        else:
            x += float(first)
        yield "path", x, y


values_strategy = st.lists(st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)), max_size=45)
limit_strategy = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False))


@settings(max_examples=150, deadline=None)
@given(st.lists(values_strategy, max_size=9), st.sampled_from(["line", "bar", "stacked", "binary"]),
       limit_strategy, limit_strategy, st.integers(min_value=0, max_value=8))
def test_any_values_render_well_formed_xml_inside_the_viewbox(
        columns: list[list[float | None]], kind: ChartKind, y_min: float | None, y_max: float | None,
        headline: int) -> None:
    periods = max((len(c) for c in columns), default=0)
    series = [Series(f"S{i}", c, headline=i == headline) for i, c in enumerate(columns)]
    spec = ChartSpec(QUARTERS[:periods], series, kind=kind, y_min=y_min, y_max=y_max,
                     lines=[Line(y_max or 1.0, "target"), Line(QUARTERS[0], "break", vertical=True)])
    root = parse(render_svg(spec, repr, chart_id="p"))
    width, height = map(float, root.get("viewBox", "").split()[2:])
    for name, x, y in coordinates(root):
        assert 0 <= x <= width and 0 <= y <= height, (name, x, y)
