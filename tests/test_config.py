"""Configuration: defaults, Open SDG class names, located problems, repair-and-continue."""

from __future__ import annotations

from pathlib import Path

from sdgkit.config.loading import load_config
from sdgkit.formats.files import RepoFiles


def _load(tmp_path: Path, text: str, name: str = "config_data.yml"):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text(text)
    return load_config(RepoFiles(tmp_path))


def test_defaults_are_the_incumbents(tmp_path: Path) -> None:
    loaded = load_config(RepoFiles(tmp_path))
    assert loaded.file is None
    assert [i.code for i in loaded.issues] == ["config-default"]
    config = loaded.config
    assert [(s.format, s.path_pattern) for s in config.inputs] == [
        ("csv-data", "data/*-*.csv"), ("yaml-md-meta", "meta/*-*.md")]
    assert config.schema_file == "_prose.yml" and config.site_dir == "_site"
    assert config.indicator_options.observation_attributes == ["COMMENT_OBS"]


def test_open_sdg_class_names_map_to_formats(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "languages: [en, fr]\ninputs:\n  - class: InputYamlMeta\n    path_pattern: m/*.yml\n")
    assert loaded.config.languages == ["en", "fr"]
    assert loaded.config.inputs[0].format == "yaml-meta"
    assert loaded.issues == []


def test_unknown_key_is_a_located_warning(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "languages: [en]\nmap_layers:\n  - geojson_file: a.geojson\n    colour: red\n")
    [issue] = loaded.issues
    assert (issue.code, issue.line, issue.severity.value) == ("config-unknown-key", 4, "warning")
    assert "map_layers[0].colour" in issue.message


def test_invalid_value_is_reported_and_replaced_by_default(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "languages: [en]\nsite_dir: [1, 2]\ndocs_translate_disaggregations: maybe\n")
    codes = [(i.code, i.line) for i in loaded.issues]
    assert ("config-invalid-value", 2) in codes and ("config-invalid-value", 3) in codes
    assert loaded.config.site_dir == "_site"


def test_unknown_class_names_the_known_ones(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "languages: [en]\ninputs:\n  - class: InputMagic\n  - class: InputCsvData\n")
    [issue] = loaded.issues
    assert issue.code == "config-unknown-class" and issue.line == 3
    assert "csv-data" in issue.hint
    assert [s.format for s in loaded.config.inputs] == ["csv-data"]


def test_remote_sources_are_warnings_with_local_alternatives(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "languages: [en]\nmap_layers:\n  - geojson_file: https://example.org/x.geojson\n")
    [issue] = loaded.issues
    assert issue.code == "config-remote-source" and issue.line == 3
    assert "geojson_file" in issue.hint


def test_sdgkit_yml_wins_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "config_data.yml").write_text("languages: [en]\n")
    loaded = _load(tmp_path, "languages: [fr]\n", name="sdgkit.yml")
    assert loaded.config.languages == ["fr"]
    assert [i.code for i in loaded.issues] == ["config-both-files"]


def test_bad_language_codes_and_custom_periods(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "languages: ['en', 'not a code']\nperiods:\n  patterns:\n"
                             "    - {name: season, regex: 'Winter (?P<year>\\d{4})'}\n")
    assert [i.code for i in loaded.issues] == ["config-invalid-value"]
    assert loaded.config.periods.patterns[0].name == "season"
