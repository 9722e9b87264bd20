"""Property tests: indicator ids and their sort keys, and the CSV reader against Python's csv writer."""

from __future__ import annotations

import csv
import io
import re
import string
from typing import Literal

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sdgkit.formats.csv_data import read_csv_table
from sdgkit.formats.files import TextFile
from sdgkit.model.ids import parse_indicator_id

# --- indicator ids -----------------------------------------------------------------------

goals = st.integers(min_value=1, max_value=17)
numeric_targets = st.integers(min_value=1, max_value=19)
targets = st.one_of(numeric_targets.map(str), st.sampled_from(string.ascii_lowercase))
indicators = st.integers(min_value=1, max_value=9)
numeric_ids = st.tuples(goals, numeric_targets, indicators)


@given(goals, targets, indicators, st.sampled_from(["", " ", "\t", "\n"]))
def test_dotted_and_dashed_forms_give_the_same_slug(goal: int, target: str, indicator: int, space: str) -> None:
    dotted, dashed = f"{goal}.{target}.{indicator}", f"{goal}-{target}-{indicator}"
    from_number = parse_indicator_id(space + dotted + space)
    from_slug = parse_indicator_id(dashed)
    assert from_number is not None and from_slug is not None
    assert from_number.slug == from_slug.slug == dashed
    assert from_number.is_sdg_shaped
    assert from_number.number() == from_slug.number() == dotted
    assert parse_indicator_id(from_number.number()) == from_number
    assert from_number.target() == f"{goal}.{target}"


@given(numeric_ids, numeric_ids)
def test_site_sort_key_follows_numeric_order(first: tuple[int, int, int], second: tuple[int, int, int]) -> None:
    one = parse_indicator_id("{}.{}.{}".format(*first))
    two = parse_indicator_id("{}.{}.{}".format(*second))
    assert one is not None and two is not None
    assert (one.site_sort_key() < two.site_sort_key()) == (first < second)
    assert (one.site_sort_key() == two.site_sort_key()) == (first == second)


@given(goals, numeric_targets, st.sampled_from(string.ascii_lowercase), indicators, indicators)
def test_letter_targets_sort_after_numeric_targets(goal: int, number: int, letter: str, i: int, j: int) -> None:
    numeric = parse_indicator_id(f"{goal}.{number}.{i}")
    lettered = parse_indicator_id(f"{goal}.{letter}.{j}")
    assert numeric is not None and lettered is not None
    assert numeric.site_sort_key() < lettered.site_sort_key()


# --- CSV round trip ----------------------------------------------------------------------

#: Cells a careless reader would change: NA-like words, separators, quotes, line breaks, spaces.
TRICKY = ["None", "NA", "N/A", "null", "NULL", "nan", "NaN", "-nan", "#N/A", "", " ", ",", '"', '""', "a,b",
          'say "hi"', "line\nbreak", "two\r\nlines", "tab\there", "  padded  ", "1,234", "0012", "1e5", "True"]
printable = st.text(
    alphabet=st.one_of(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), st.sampled_from(',"\n\r\t ')),
    max_size=12,
)
cells = st.one_of(st.sampled_from(TRICKY), printable)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    width = draw(st.integers(min_value=1, max_value=5))
    # column names are non-blank (an unnamed column is reported as csv-empty-column-name, see
    # test_issue_codes.py::test_unnamed_first_column_header_does_not_shift_the_rows for why it matters)
    header = draw(st.lists(cells.filter(lambda name: name.strip() != ""), min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width), max_size=8))
    return header, rows


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


#: Python's writer quotes a cell with a line break only if the break is part of its line
#: terminator, so with ``\n`` endings it would leave a cell's ``\r`` unquoted: quote every cell.
Quoting = Literal[0, 1, 2, 3]
DIALECTS: list[tuple[str, Quoting]] = [("\r\n", csv.QUOTE_MINIMAL), ("\r\n", csv.QUOTE_ALL), ("\n", csv.QUOTE_ALL)]


def _write(header: list[str], rows: list[list[str]], dialect: tuple[str, Quoting]) -> tuple[str, list[int]]:
    """CSV text from Python's writer, and the physical line on which each data row starts."""
    out = io.StringIO(newline="")
    terminator, quoting = dialect
    writer = csv.writer(out, lineterminator=terminator, quoting=quoting)
    writer.writerow(header)
    starts = []
    for row in rows:
        starts.append(len(_LINE_BREAK.findall(out.getvalue())) + 1)
        writer.writerow(row)
    return out.getvalue(), starts


@settings(max_examples=300, deadline=None)
@given(tables(), st.sampled_from(DIALECTS))
@example(table=(["Year", "Highest qualification", "Value"],
                [["2015", "None", "NA"], ["", "", ""], ["2016", "null", ""], ["2017", "", "nan"]]),
         dialect=DIALECTS[0])
def test_csv_cells_survive_a_round_trip(table: tuple[list[str], list[list[str]]], dialect: tuple[str, Quoting]) -> None:
    header, rows = table
    text, starts = _write(header, rows, dialect)
    read, issues = read_csv_table(TextFile("data/indicator_1-1-1.csv", text, "utf-8"))
    assert read is not None
    # a row of empty cells carries nothing and is dropped (and reported); every other row is kept
    kept = [(row, line) for row, line in zip(rows, starts, strict=True) if any(row)]
    assert read.header == header
    if not any(_LINE_BREAK.search(name) for name in header):
        assert read.header_line == 1
    assert read.frame.shape == (len(kept), len(header))
    assert read.lines.tolist() == [line for _, line in kept]
    for position, (row, _) in enumerate(kept):
        got = read.frame.iloc[position].tolist()
        for expected, actual in zip(row, got, strict=True):
            if expected == "":
                assert pd.isna(actual), (row, got)
            else:
                assert actual == expected, (row, got)
    codes = {issue.code for issue in issues}
    assert not codes & {"csv-ragged-row", "csv-parse-error", "file-leading-blank-lines"}, issues
    assert ("csv-blank-row" in codes) == (len(kept) < len(rows))
