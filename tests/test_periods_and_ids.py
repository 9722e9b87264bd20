"""The period grammar and indicator ids on the forms found in real data."""

from __future__ import annotations

import pytest

from sdgkit.model.ids import id_from_filename, parse_indicator_id
from sdgkit.model.periods import PeriodGrammar


@pytest.mark.parametrize(("text", "year", "kind"), [
    ("2019", 2019, "year"), ("2019 Q1", 2019, "quarter"), ("2019 01", 2019, "month"),
    ("2019/20", 2019, "financial-year"), ("2019-20", 2019, "financial-year"),
    ("2019/2020", 2019, "financial-year"), ("2019-2020", 2019, "year-range"),
    ("2019 to 2020", 2019, "year-range"), ("2019/20 to 2020/21", 2019, "year-range"),
    ("2019/20 [Note 1]", 2019, "financial-year"), ("2015-2016 (baseline)", 2015, "year-range"),
    ("12 May to 20 June 2019", 2019, "date-range"), ("2019-05-31", 2019, "date"),
])
def test_real_period_forms(text: str, year: int, kind: str) -> None:
    parsed = PeriodGrammar().parse(text)
    assert (parsed.year, parsed.form and parsed.form.kind) == (year, kind)


def test_unrecognised_and_accepted() -> None:
    grammar = PeriodGrammar(accepted=("year", "quarter"))
    assert not grammar.parse("There is no data for this indicator yet").recognised
    assert grammar.is_accepted(grammar.parse("2019 Q2"))
    assert not grammar.is_accepted(grammar.parse("2019 [Note 1]"))  # the note is still reported


def test_custom_pattern_is_accepted() -> None:
    grammar = PeriodGrammar.with_custom([("season", r"^Winter (?P<year>\d{4})$")], ["year"])
    parsed = grammar.parse("Winter 2020")
    assert parsed.year == 2020 and grammar.is_accepted(parsed)


def test_ids_and_sort_keys() -> None:
    one = parse_indicator_id("1.a.2")
    assert one is not None and one.slug == "1-a-2" and one.number() == "1.a.2"
    assert one.site_sort_key() == "01aa02" and one.build_sort_order() == "01-0a-02"
    assert one.goal() == "1" and one.target() == "1.a"
    assert parse_indicator_id("has space") is None and parse_indicator_id("../x") is None
    assert id_from_filename("indicator_1-1-1") == "1-1-1"
    assert id_from_filename("archived-1-a-1") == "archived-1-a-1"
    national = parse_indicator_id("archived-1-a-1")
    assert national is not None and not national.is_sdg_shaped and national.number(standalone=True) == "archived-1-a-1"
