"""Metadata edits change the edited lines only: comments, order, layout and the Markdown body are kept."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdgkit.editor.yaml_edit import YamlEditError, update_front_matter, update_yaml
from tests.conftest import shared_fixture


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines removed and added, in order."""
    diff = list(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), n=0))[2:]
    removed = [line[1:] for line in diff if line.startswith("-")]
    added = [line[1:] for line in diff if line.startswith("+")]
    return removed, added


def split(markdown: str) -> tuple[str, str]:
    """Front matter and body, as sdgkit's reader finds them."""
    lines = markdown.split("\n")
    start = next(number for number, line in enumerate(lines) if line.strip())
    close = next(number for number in range(start + 1, len(lines)) if lines[number].strip() in ("---", "..."))
    return "\n".join(lines[start + 1:close]), "\n".join(lines[close + 1:])


def uk_meta(name: str) -> str:
    return (shared_fixture("uk-sdg-data") / "meta" / name).read_bytes().decode("utf-8")


@pytest.fixture
def commented_meta(tmp_path: Path) -> str:
    """A copy of a real UK metadata file (folded blocks, a list, trailing spaces) with comments added."""
    text = uk_meta("3-4-2.md")
    text = text.replace("graph_type: line\n", "# Chart\n# -----\ngraph_type: line   # line or bar\n", 1)
    text = text.replace("data_start_values:\n", "data_start_values: # shown first\n", 1)
    copy = tmp_path / "3-4-2.md"
    copy.write_bytes(text.encode("utf-8"))
    return copy.read_bytes().decode("utf-8")


def test_one_key_changed_in_a_real_file_changes_one_line(commented_meta: str) -> None:
    edited = update_front_matter(commented_meta, {"graph_title": "Suicide rate per 100,000 people"})
    assert changed_lines(commented_meta, edited) == (
        ["graph_title: Suicide mortality rate per 100,000 population\n"],
        ["graph_title: Suicide rate per 100,000 people\n"])
    assert split(edited)[1] == split(commented_meta)[1]
    assert edited.endswith(commented_meta[commented_meta.index("#### In **2020**"):])  # the body, byte for byte


def test_the_comment_at_the_end_of_a_changed_line_is_kept(commented_meta: str) -> None:
    edited = update_front_matter(commented_meta, {"graph_type": "bar"})
    assert changed_lines(commented_meta, edited) == (["graph_type: line   # line or bar\n"],
                                                     ["graph_type: bar   # line or bar\n"])


def test_a_folded_block_stays_folded(commented_meta: str) -> None:
    edited = update_front_matter(commented_meta, {"data_footnote": "Rates are age-standardised."})
    removed, added = changed_lines(commented_meta, edited)
    assert len(removed) == 2 and added == ["  Rates are age-standardised.\n"]
    assert "data_footnote: >-\n  Rates are age-standardised.\ndata_start_values: # shown first\n" in edited
    assert yaml.safe_load(split(edited)[0])["data_footnote"] == "Rates are age-standardised."


def test_lists_keep_the_file_s_indentation(commented_meta: str) -> None:
    edited = update_front_matter(commented_meta, {"data_start_values": [{"field": "Sex", "value": "Male"}]})
    assert changed_lines(commented_meta, edited) == (
        ["data_start_values: # shown first\n", "  - field: Country\n", "    value: England\n"],
        ["data_start_values:\n", "  - field: Sex\n", "    value: Male\n"])


def test_new_keys_are_appended_and_removed_keys_go(commented_meta: str) -> None:
    edited = update_front_matter(commented_meta, {"data_notice_text": "Provisional\nfigures", "precision": 1},
                                 removals=["csv_size", "not_there"])
    removed, added = changed_lines(commented_meta, edited)
    assert removed == ["csv_size: 620.719 kB\n"]
    assert added == ["data_notice_text: |-\n", "  Provisional\n", "  figures\n", "precision: 1\n"]
    front = yaml.safe_load(split(edited)[0])
    assert list(front)[-2:] == ["data_notice_text", "precision"]
    assert front["data_notice_text"] == "Provisional\nfigures"


def test_untouched_lines_keep_their_trailing_spaces(commented_meta: str) -> None:
    edited = update_front_matter(commented_meta, {"source_organisation_1": "ONS"})
    assert "source_periodicity_1: Annual  \n" in edited
    assert changed_lines(commented_meta, edited)[0] == ["source_organisation_1: Office for National Statistics (ONS)\n"]


@pytest.mark.parametrize("value", ["New value", "Two\nlines", ["a", "b"], {"en": "x"}, 3, True, None, "2021-01-01",
                                   "yes", "12:30", "#not a comment", "a: b", "  leading", "x "])
def test_every_kind_of_value_reads_back(commented_meta: str, value: Any) -> None:
    for key in ("indicator_name", "other_info", "computation_units", "brand_new"):
        edited = update_front_matter(commented_meta, {key: value})
        front = yaml.safe_load(split(edited)[0])
        expected = {**yaml.safe_load(split(commented_meta)[0]), key: value}
        assert front == expected and list(front) == list(expected)


def test_a_sample_of_real_uk_files() -> None:
    folder = shared_fixture("uk-sdg-data") / "meta"
    for path in sorted(folder.glob("*.md"))[::10]:
        text = path.read_bytes().decode("utf-8")
        edited = update_front_matter(text, {"graph_title": "A new title"})
        removed, added = changed_lines(text, edited)
        newline = "\r\n" if "\r\n" in text else "\n"  # some UK files have Windows line endings
        assert added == [f"graph_title: A new title{newline}"] and len(removed) <= 1, path.name
        assert split(edited)[1] == split(text)[1], path.name


def test_blank_lines_before_the_front_matter_are_read_as_sdgkit_reads_them() -> None:
    text = uk_meta("3-9-1.md")
    assert text.startswith("\n---\n")
    edited = update_front_matter(text, {"graph_type": "bar"})
    assert edited.startswith("\n---\n") and edited.count("\n---\n") == text.count("\n---\n")
    assert yaml.safe_load(split(edited)[0])["graph_type"] == "bar"


def test_a_yaml_file_with_real_comments() -> None:
    text = (shared_fixture("uk-sdg-data") / "config_data.yml").read_bytes().decode("utf-8")
    edited = update_yaml(text, {"site_dir": "_build"})
    assert changed_lines(text, edited) == (["site_dir: _site\n"], ["site_dir: _build\n"])
    edited = update_yaml(text, {"languages": ["en", "cy"]})
    assert changed_lines(text, edited) == ([], ["  - cy\n"])


def test_crlf_and_a_byte_order_mark_are_kept() -> None:
    starter = shared_fixture("open-sdg-data-starter")
    crlf = (starter / "meta" / "1-1-1.yml").read_bytes().decode("utf-8")
    edited = update_yaml(crlf, {"SDG_SERIES_DESCR": "Poverty", "NEW_FIELD": "x"})
    assert "\r\n" in crlf and edited.count("\n") == edited.count("\r\n")
    assert changed_lines(crlf, edited)[1] == ["  Poverty\r\n", "NEW_FIELD: x\r\n"]
    with_bom = (starter / "indicator-config" / "1-1-1.yml").read_bytes().decode("utf-8")
    edited = update_yaml(with_bom, {"graph_type": "bar"})
    assert with_bom.startswith("\ufeff") and edited.startswith("\ufeff")
    assert changed_lines(with_bom, edited) == (["graph_type: line\n"], ["graph_type: bar\n"])


def test_quoted_values_stay_quoted() -> None:
    text = "indicator_number: '1.1.1'\ntitle: \"Poverty\"\n"
    assert update_yaml(text, {"indicator_number": "1.1.2", "title": "Hunger"}) == \
        "indicator_number: '1.1.2'\ntitle: \"Hunger\"\n"


def test_literal_blocks_stay_literal() -> None:
    text = "page_content: |\n  # Heading\n\n  Text.\nnext: 1\n"
    assert update_yaml(text, {"page_content": "# Other\n\nMore text.\n"}) == \
        "page_content: |\n  # Other\n\n  More text.\nnext: 1\n"


def test_the_last_line_without_a_newline() -> None:
    assert update_yaml("a: 1\nb: 2", {"b": 3}) == "a: 1\nb: 3"
    assert update_yaml("a: 1\nb: 2", {"c": 3}) == "a: 1\nb: 2\nc: 3\n"


def test_a_page_without_front_matter_gets_one() -> None:
    assert update_front_matter("# Title\n\nText\n", {"title": "About"}) == "---\ntitle: About\n---\n# Title\n\nText\n"
    assert update_front_matter("# Title\n", {}) == "# Title\n"
    assert update_front_matter("---\n---\nBody", {"a": 1}) == "---\na: 1\n---\nBody"


def test_a_flow_mapping_is_edited_through_a_full_round_trip() -> None:
    assert yaml.safe_load(update_yaml("{a: 1, b: 2}  # all\n", {"a": 3, "c": [1]})) == {"a": 3, "b": 2, "c": [1]}


def test_nothing_to_do_returns_the_text_unchanged() -> None:
    text = "a:   1 # odd spacing\n"
    assert update_yaml(text, {}) == text
    assert update_yaml(text, {}, ["missing"]) == text


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "a: [1\n", "a: 1\na: 2\n"])
def test_documents_that_are_not_an_editable_mapping_are_refused(text: str) -> None:
    with pytest.raises(YamlEditError):
        update_yaml(text, {"x": 1})


def test_an_unclosed_front_matter_is_refused() -> None:
    with pytest.raises(YamlEditError, match="never closed"):
        update_front_matter("---\na: 1\nbody\n", {"a": 2})
