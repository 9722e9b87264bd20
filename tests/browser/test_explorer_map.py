"""The explorer's map (``frontend/map``) in Chromium, on real boundaries: what is loaded and when, which
colour each region gets, the year and the explorer's selection recolouring it, what a reader hears,
the keyboard, axe-core, and no request leaving the site.

Most cases use the UK's repository with its district layer read from its local file (``uk_map_site``):
8-10-1 has 374 geocodes, 350 of them districts of the 380-region boundary, and a 0 (Isles of Scilly).
Expected colours are computed here from the page's own data file with the build's rule (quantile
classes: :func:`sdgkit.site.maps.colour_scale`, :func:`~sdgkit.site.maps.colour_class`), never written
down. The selection and right-to-left cases use indicator 2-3-1 of ``tests/fixtures/explorer`` (four
squares, three with data, a headline and Sex).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Route, expect

from sdgkit.site.maps import MAP_COLOURS, NO_VALUE_COLOUR, ColourScale, colour_class, colour_scale
from tests.browser.support import axe_violations

pytestmark = pytest.mark.browser

MAP_PAGE = "/en/8-10-1/"
PATHS = ".sdgkit-map path[data-region]"
YEAR = ".sdgkit-map select[id$='-year']"
REGION = ".sdgkit-map select[id$='-region']"
Values = dict[str, dict[str, float]]  # year -> region code -> value




# --- what the page says, and what the data says it should show ------------------------------------------


def _open(page: Page, url: str) -> dict[str, Any]:
    """Loads an explorer page; its configuration."""
    page.goto(url)
    page.wait_for_selector(".explorer #legend li, .explorer .ex-empty:not([hidden])")
    config: dict[str, Any] = json.loads(page.locator("script.explorer-config").text_content() or "{}")
    return config


def _open_map(page: Page) -> None:
    page.locator("#tab-mapview").click()
    page.wait_for_selector(PATHS)


def _data(site: Path, config: dict[str, Any]) -> dict[str, Any]:
    """The page's compact data file (``{lang}/explorer/{id}.json``), read from the built site."""
    data: dict[str, Any] = json.loads((site / config["data"].lstrip("/")).read_text(encoding="utf-8"))
    return data


def _layer(site: Path, config: dict[str, Any]) -> dict[str, str]:
    """Region id -> name of the map's (first) layer, from its topology."""
    topology = json.loads((site / config["map"]["layers"][0]["topology"].lstrip("/")).read_text(encoding="utf-8"))
    return {g["properties"]["id"]: g["properties"]["name"] for g in topology["objects"]["regions"]["geometries"]}


def _map_values(data: dict[str, Any], config: dict[str, Any], series: str | None = None,
                key: dict[str, str] | None = None) -> Values:
    """What the map shows for a series and a breakdown ``key`` (non-region fields; others blank).

    The explorer's rule (model.js ``mapViewOf``): rows of the series with a geocode and a value
    whose non-region breakdowns are exactly ``key``; a region's first row in a year wins.
    """
    key = key or {}
    columns = data["columns"]
    regions = set(config["map"]["region_fields"])
    others = [field for field in config["fields"] if field not in regions]

    def cell(name: str, row: int) -> str | None:
        code = columns[name]["codes"][row]
        return None if code < 0 else str(columns[name]["values"][code])

    found: Values = {}
    for row in range(data["rows"]):
        value = data["value"][row]
        if config["series"] and series is not None and cell(config["series"], row) != series:
            continue
        if value is None or any(cell(field, row) != key.get(field) for field in others):
            continue
        code, year = cell(config["geo"], row), cell("Year", row)
        if code is not None and year is not None:
            found.setdefault(year, {}).setdefault(code, float(value))
    return found


def _scale(values: Values, layer: dict[str, str]) -> ColourScale:
    """The map's classes: quantiles of the values of every year, regions of the layer only."""
    return colour_scale(v for regions in values.values() for code, v in regions.items() if code in layer)


def _expected_fills(values: Values, layer: dict[str, str], year: str, hatch: str) -> dict[str, str]:
    scale = _scale(values, layer)
    shown = values.get(year, {})
    return {code: MAP_COLOURS[colour_class(shown[code], scale)] if code in shown else hatch for code in layer}


def _fills(page: Page) -> dict[str, str]:
    fills: dict[str, str] = page.eval_on_selector_all(
        PATHS, "ps => Object.fromEntries(ps.map(p => [p.dataset.region, p.getAttribute('fill')]))")
    return fills


def _hatch(page: Page) -> str:
    """The no-value fill (a pattern); its ground must be the no-value colour."""
    pattern = page.locator(".sdgkit-map pattern")
    expect(pattern.locator("rect")).to_have_attribute("fill", NO_VALUE_COLOUR)
    return f"url(#{pattern.get_attribute('id')})"


def _info(page: Page) -> str:
    return page.locator(".sdgkit-map-info").inner_text()


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _differs(values: Values, layer: dict[str, str], years: list[str]) -> tuple[str, str, str]:
    """A region and two years in which its class differs (so a year change must recolour it)."""
    scale = _scale(values, layer)
    latest = years[-1]
    for year in reversed(years[:-1]):
        for code in sorted(layer):
            a, b = values.get(latest, {}).get(code), values.get(year, {}).get(code)
            if a is not None and b is not None and colour_class(a, scale) != colour_class(b, scale):
                return code, latest, year
    raise AssertionError("no region changes class between years")


def _check(page: Page, field: str, value: str, on: bool = True) -> None:
    toggle = page.locator(f'.ex-field[data-field="{field}"] .ex-toggle')
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    box = page.locator(f'.ex-field[data-field="{field}"] input[type=checkbox][value="{value}"]')
    box.check() if on else box.uncheck()


# --- what loads ----------------------------------------------------------------------------------------



def _uk_map_opened(page: Page, site: Path, origin: str) -> tuple[dict[str, str], Values]:
    """UK 8-10-1 with its Map tab open: the layer's regions, and the first series' values by year and region."""
    config = _open(page, origin + MAP_PAGE)
    _open_map(page)
    return _layer(site, config), _map_values(_data(site, config), config, series=config["settings"][0]["series"])

def test_the_static_map_is_in_the_page_and_the_map_tab_replaces_it(page: Page, static_page: Page,
                                                                     uk_map_url: str) -> None:
    static_page.goto(uk_map_url + MAP_PAGE)
    expect(static_page.locator("section.static-map .sdgkit-static-map")).to_be_visible()
    _open(page, uk_map_url + MAP_PAGE)
    expect(page.locator(".sdgkit-static-map")).to_have_count(1)
    expect(page.locator(".sdgkit-static-map")).to_be_hidden()
    expect(page.get_by_role("tab", name="Map")).to_be_visible()


def test_the_map_tab_loads_the_map_and_the_boundaries_once(fresh_page: Page, uk_map_site: Path,
                                                           uk_map_url: str) -> None:
    page, fetched = fresh_page, []

    def collect(request: Request) -> None:
        fetched.append(urlsplit(request.url).path)

    page.on("request", collect)
    try:
        config = _open(page, uk_map_url + MAP_PAGE)
        lazy = [config["map"]["script"], config["map"]["style"], config["map"]["layers"][0]["topology"]]
        assert not set(lazy) & set(fetched), "the map is loaded before its tab is opened"
        _open_map(page)
        expect(page.locator(PATHS)).to_have_count(len(_layer(uk_map_site, config)))
        page.locator("#tab-chartview").click()
        page.locator("#tab-mapview").click()
        page.locator('#serieses input[type=radio]').nth(1).check()
        page.locator('#serieses input[type=radio]').nth(0).check()
        expect(page.locator(PATHS)).to_have_count(len(_layer(uk_map_site, config)))
    finally:
        page.remove_listener("request", collect)
    assert [fetched.count(path) for path in lazy] == [1, 1, 1], fetched


def test_no_request_leaves_the_site(page: Page, uk_map_url: str) -> None:
    """No tile server, no font or script from elsewhere: everything comes from 127.0.0.1."""
    outside: list[str] = []

    def guard(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    try:
        _open(page, uk_map_url + MAP_PAGE)
        _open_map(page)
        page.locator(REGION).select_option(index=1)
        page.locator(".sdgkit-map-canvas").focus()
        page.keyboard.press("Equal")  # zoom in: Leaflet would fetch tiles now if it had a tile layer
        page.wait_for_load_state("networkidle")
    finally:
        page.unroute("**/*", guard)
    assert not outside


# --- colours -------------------------------------------------------------------------------------------


def test_each_region_has_the_colour_of_its_values_class(page: Page, uk_map_site: Path, uk_map_url: str) -> None:
    config = _open(page, uk_map_url + MAP_PAGE)
    assert config["map"]["colours"] == list(MAP_COLOURS)
    _open_map(page)
    layer = _layer(uk_map_site, config)
    values = _map_values(_data(uk_map_site, config), config, series=config["settings"][0]["series"])
    years = sorted(values)
    expect(page.locator(YEAR)).to_have_value(years[-1])  # the latest year with data
    expected = _expected_fills(values, layer, years[-1], _hatch(page))
    # a known region: the year's highest value (City of London)
    top = max((code for code in values[years[-1]] if code in layer), key=lambda code: values[years[-1]][code])
    fills = _fills(page)
    assert fills[top] == expected[top]
    assert {code: fill for code, fill in fills.items() if fill != expected[code]} == {}
    # quantiles: the City of London's outlier does not leave the other districts in one class
    assert set(fills.values()) >= set(MAP_COLOURS)
    # the legend: a swatch per class, then "no data"; bounds rounded (no false precision), no two alike
    legend = page.locator(".sdgkit-map-legend li").all_inner_texts()
    assert len(legend) == len(MAP_COLOURS) + 1 and legend[-1] == "No data available"
    assert len(set(legend)) == len(legend), legend
    assert not re.search(r"\.\d{3}", " ".join(legend)), legend
    static = page.locator(".sdgkit-static-map .legend").text_content() or ""
    assert not re.search(r"\.\d{3}", static), static


def test_changing_the_year_recolours_the_map(page: Page, uk_map_site: Path, uk_map_url: str) -> None:
    layer, values = _uk_map_opened(page, uk_map_site, uk_map_url)
    region, latest, other = _differs(values, layer, sorted(values))
    hatch = _hatch(page)
    before = _fills(page)[region]
    assert before == _expected_fills(values, layer, latest, hatch)[region]
    page.locator(YEAR).select_option(other)
    assert _fills(page) == _expected_fills(values, layer, other, hatch)
    assert _fills(page)[region] != before


def test_zero_is_a_value_and_a_region_without_data_is_hatched(page: Page, uk_map_site: Path,
                                                               uk_map_url: str) -> None:
    layer, values = _uk_map_opened(page, uk_map_site, uk_map_url)
    year = sorted(values)[-1]
    zero = next(code for code in sorted(layer) if values[year].get(code) == 0)  # Isles of Scilly
    missing = next(code for code in sorted(layer) if code not in values[year])
    hatch = _hatch(page)
    fills = _fills(page)
    assert fills[zero] == MAP_COLOURS[colour_class(0, _scale(values, layer))] == MAP_COLOURS[0] != hatch
    assert fills[missing] == hatch
    page.locator(REGION).select_option(zero)
    expect(page.locator(".sdgkit-map-info")).to_have_text(f"{layer[zero]}: 0 — {year}")
    page.locator(REGION).select_option(missing)
    expect(page.locator(".sdgkit-map-info")).to_have_text(f"{layer[missing]}: No data available — {year}")


# --- what a reader hears and sees on a region ---------------------------------------------------------

INSIDE = """region => {
    const path = document.querySelector(`.sdgkit-map path[data-region="${region}"]`);
    const box = path.getBoundingClientRect();
    for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
        const x = box.left + box.width * i / 24, y = box.top + box.height * j / 24;
        if (document.elementFromPoint(x, y) === path) return [x, y];
    }
    return null;
}"""
BIGGEST = """codes => codes.map(code => [code, document.querySelector(`.sdgkit-map path[data-region="${code}"]`)])
    .map(([code, p]) => [code, p.getBoundingClientRect().width * p.getBoundingClientRect().height])
    .sort((a, b) => b[1] - a[1])[0][0]"""


def test_the_region_selector_and_the_pointer_say_name_and_value(page: Page, uk_map_site: Path,
                                                                uk_map_url: str) -> None:
    layer, values = _uk_map_opened(page, uk_map_site, uk_map_url)
    year = sorted(values)[-1]
    shown = [code for code in values[year] if code in layer]
    expect(page.locator(REGION)).to_have_accessible_name("Local authorities")
    expect(page.locator(".sdgkit-map-info")).to_have_attribute("aria-live", "polite")
    # the region selector: "name: value — year" in the live region, the region outlined, its tooltip open
    region = page.evaluate(BIGGEST, shown)  # Highland: big enough to point at
    page.locator(REGION).select_option(region)
    name, value = _info(page).rsplit(f" — {year}", 1)[0].split(": ")
    assert name == layer[region] and math.isclose(_number(value), values[year][region], abs_tol=1e-6)
    expect(page.locator(f'{PATHS}[data-region="{region}"]')).to_have_attribute("stroke", "#000000")
    expect(page.locator(".sdgkit-map-tooltip")).to_have_text(f"{layer[region]}{value}")
    # the pointer: another region's tooltip, the name on one line
    page.locator(REGION).select_option("")
    other = page.evaluate(BIGGEST, [code for code in shown if code != region])
    page.locator(".sdgkit-map-canvas").scroll_into_view_if_needed()
    point = page.evaluate(INSIDE, other)
    assert point is not None
    page.mouse.move(*point)
    tooltip = page.locator(".sdgkit-map-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip.locator("strong")).to_have_text(layer[other])
    assert math.isclose(_number(tooltip.inner_text().split("\n")[-1]), values[year][other], abs_tol=1e-6)
    assert tooltip.locator("strong").evaluate("e => e.getClientRects().length") == 1
    expect(page.locator(f'{PATHS}[data-region="{other}"]')).to_have_attribute("stroke", "#000000")


FOCUSED = """() => { const e = document.activeElement;
    const kind = [...e.classList].find(c => c.startsWith('leaflet-control-zoom-') || c === 'sdgkit-map-canvas');
    return e.tagName.toLowerCase() + (e.id ? '#' + e.id.replace(/-\\d+-/, '-') : '') + (kind ? '.' + kind : ''); }"""
WIDTH = "region => document.querySelector(`.sdgkit-map path[data-region=\"${region}\"]`).getBoundingClientRect().width"


def test_the_map_works_from_the_keyboard_alone(page: Page, uk_map_site: Path, uk_map_url: str) -> None:
    config = _open(page, uk_map_url + MAP_PAGE)
    layer = _layer(uk_map_site, config)
    values = _map_values(_data(uk_map_site, config), config, series=config["settings"][0]["series"])
    years = sorted(values)
    page.locator("#tab-chartview").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#tab-mapview")).to_be_focused()
    page.wait_for_selector(PATHS)
    stops = []
    for _ in range(8):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if not page.evaluate("() => !!document.activeElement.closest('#mapview')"):
            break
    # the panel, the year, the region, the map itself, zoom in and out; never one of the 380 regions
    assert stops[:6] == ["div#mapview", "select#sdgkit-map-year", "select#sdgkit-map-region",
                         "div.sdgkit-map-canvas", "a.leaflet-control-zoom-in", "a.leaflet-control-zoom-out"], stops
    assert not any(stop.startswith("path") for stop in stops)
    # the year: arrow keys change it and the map is recoloured
    page.locator(YEAR).focus()
    page.keyboard.press("ArrowUp")
    expect(page.locator(YEAR)).to_have_value(years[-2])
    assert _fills(page) == _expected_fills(values, layer, years[-2], _hatch(page))
    # the region: type its name
    zero = next(code for code in sorted(layer) if values[years[-2]].get(code) == 0)
    page.locator(REGION).focus()
    page.keyboard.type(layer[zero])
    expect(page.locator(REGION)).to_have_value(zero)
    expect(page.locator(".sdgkit-map-info")).to_have_text(f"{layer[zero]}: 0 — {years[-2]}")
    # zoom: "+" on the map, Enter on the zoom buttons
    page.locator(REGION).select_option("")
    region = page.evaluate(BIGGEST, [code for code in values[years[-2]] if code in layer])
    width = page.evaluate(WIDTH, region)
    page.locator(".sdgkit-map-canvas").focus()
    page.keyboard.press("Equal")
    _zoomed(page, region, width * 2)
    page.locator(".leaflet-control-zoom-out").focus()
    page.keyboard.press("Enter")
    _zoomed(page, region, width)


def _zoomed(page: Page, region: str, width: float) -> None:
    """Waits until the zoom has ended with the region ``width`` pixels wide (give or take 10 %)."""
    page.wait_for_function(f"""w => !document.querySelector('.sdgkit-map-canvas .leaflet-zoom-anim')
        && Math.abs(({WIDTH})({json.dumps(region)}) - w) < w / 10""", arg=width, polling=100)


# --- the explorer's selection --------------------------------------------------------------------------


def test_a_series_without_regions_says_so_and_back(page: Page, uk_map_url: str) -> None:
    _open(page, uk_map_url + MAP_PAGE)
    _open_map(page)
    page.locator("#serieses input[type=radio]").nth(1).check()  # ATMs: a national series only
    expect(page.locator(".sdgkit-map")).to_have_class("sdgkit-map sdgkit-map-empty")
    expect(page.locator(".sdgkit-map-canvas")).to_be_hidden()
    expect(page.locator(".sdgkit-map-info")).to_have_text("No data available")
    page.locator("#serieses input[type=radio]").nth(0).check()
    expect(page.locator(".sdgkit-map-canvas")).to_be_visible()
    assert set(_fills(page).values()) & set(MAP_COLOURS)


def test_the_map_follows_the_selected_breakdown(page: Page, explorer_site: Path, explorer_url: str) -> None:
    config = _open(page, explorer_url + "/en/2-3-1/")
    assert config["map"]["region_fields"] == ["Region"]
    _open_map(page)
    layer, data, hatch = _layer(explorer_site, config), _data(explorer_site, config), _hatch(page)
    headline = _map_values(data, config)
    female = _map_values(data, config, key={"Sex": "female"})
    assert _fills(page) == _expected_fills(headline, layer, "2021", hatch)
    page.locator(REGION).select_option("R3")
    expect(page.locator(".sdgkit-map-info")).to_have_text("South West: 0 — 2021")  # 0: a value, and coloured
    assert _fills(page)["R3"] == MAP_COLOURS[0]
    _check(page, "Sex", "female")
    assert _fills(page) == _expected_fills(female, layer, "2021", hatch)
    assert _fills(page) != _expected_fills(headline, layer, "2021", hatch)
    expect(page.locator(".sdgkit-map-info")).to_have_text("South West: No data available — 2021")
    assert _fills(page)["R3"] == hatch
    page.locator(YEAR).select_option("2020")
    assert _fills(page) == _expected_fills(female, layer, "2020", hatch)
    _check(page, "Sex", "female", on=False)
    assert _fills(page) == _expected_fills(headline, layer, "2020", hatch)


def test_the_map_follows_a_breakdown_below_the_regions(page: Page, uk_map_site: Path, uk_map_url: str) -> None:
    config = _open(page, uk_map_url + "/en/9-1-1/")
    layer, data = _layer(uk_map_site, config), _data(uk_map_site, config)
    _check(page, "Country", "England")
    _check(page, "Local Authority", "Adur")
    _check(page, "Road category", "Motorway")
    _open_map(page)
    motorway = _map_values(data, config, key={"Urbanisation (default)": "Rural", "Road category": "Motorway"})
    year = sorted(motorway)[-1]
    assert _fills(page) == _expected_fills(motorway, layer, year, _hatch(page))


# --- right to left, accessibility -----------------------------------------------------------------------


def test_region_names_are_in_the_page_language(page: Page, explorer_url: str) -> None:
    _open(page, explorer_url + "/ar/2-3-1/")
    names = page.locator("section.static-map path title").all_text_contents()
    _open_map(page)
    options = page.locator(f"{REGION} option").all_text_contents()
    assert "الشمال الغربي" in options and any(name.startswith("الشمال الغربي") for name in names)


def test_right_to_left_the_map_and_its_zoom_mirror(page: Page, explorer_url: str) -> None:
    _open(page, explorer_url + "/ar/2-3-1/")
    _open_map(page)
    expect(page.locator(".sdgkit-map")).to_have_attribute("dir", "rtl")
    expect(page.locator(".sdgkit-map-canvas")).to_have_attribute("dir", "ltr")  # geography does not mirror
    expect(page.locator(".sdgkit-map-canvas .leaflet-top.leaflet-right .leaflet-control-zoom")).to_have_count(1)
    expect(page.locator(".sdgkit-map-tooltip")).to_have_count(0)
    page.locator(REGION).select_option("R1")
    expect(page.locator(".sdgkit-map-tooltip > div")).to_have_attribute("dir", "rtl")


@pytest.mark.parametrize(("origin", "address"), [("uk_map_url", MAP_PAGE), ("explorer_url", "/en/2-3-1/"),
                                                 ("explorer_url", "/ar/2-3-1/")])
def test_no_axe_violations_with_the_map_open(page: Page, request: pytest.FixtureRequest, origin: str,
                                             address: str) -> None:
    _open(page, request.getfixturevalue(origin) + address)
    _open_map(page)
    page.locator(REGION).select_option(index=1)  # the tooltip and the live region are checked too
    problems = axe_violations(page)
    assert not problems, "\n".join(problems)
