"""Golden tests: a tiny bilingual repository built in memory and compared with a stored tree.

``pytest --update-golden`` rewrites ``tests/golden/tiny`` from the current output; review
the change with ``git diff`` like any other code change.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sdgkit.build import UNTRANSLATED, render
from sdgkit.check import check
from sdgkit.site import assets

TINY = Path(__file__).parent / "fixtures" / "tiny"
GOLDEN = Path(__file__).parent / "golden" / "tiny"


#: made by the Pagefind program, whose bytes change with its version: checked for presence, not content
SEARCH_FOLDER = "pagefind/"


def build_in_memory(repo: Path) -> dict[str, bytes]:
    result = check(repo)
    assert result.project is not None and not result.report.has_errors, result.report.codes()
    return dict(render(result.project, result.project.sorted_indicators()))


def _ours(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: content for name, content in files.items() if not name.startswith(SEARCH_FOLDER)}


@pytest.fixture(autouse=True)
def fixed_bundles(monkeypatch: pytest.MonkeyPatch) -> None:
    """The golden tree is the same whether or not ``npm run build`` made the explorer's bundles here."""
    monkeypatch.setattr(assets, "_bundles", lambda: {"explorer.js": b"/* explorer */"})
    monkeypatch.setattr(assets, "_bundle_licences", lambda: b"--- bundled libraries ---\n")


def test_tiny_repository_matches_the_golden_tree(tmp_path: Path, update_golden: bool) -> None:
    repo = tmp_path / "tiny"
    shutil.copytree(TINY, repo)
    everything = build_in_memory(repo)
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json"} <= set(everything)
    built = _ours(everything)
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for relative, content in built.items():
            (GOLDEN / relative).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / relative).write_bytes(content)
    expected = {str(p.relative_to(GOLDEN)): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(built) == sorted(expected), "files added or missing; run pytest --update-golden and review"
    changed = [name for name in built if built[name] != expected[name]]
    assert not changed, f"changed outputs (run pytest --update-golden and review the diff): {changed[:10]}"


def test_every_language_folder_has_every_indicator_file(tmp_path: Path) -> None:
    repo = tmp_path / "tiny"
    shutil.copytree(TINY, repo)
    built = build_in_memory(repo)
    for folder in (UNTRANSLATED, "en", "fr"):
        for slug in ("1-1-1", "1-2-1", "2-1-1"):
            for pattern in ("data/{}.csv", "data/{}.json", "edges/{}.csv", "edges/{}.json", "headline/{}.csv",
                            "headline/{}.json", "comb/{}.json", "meta/{}.json",
                            "data-packages/{}/datapackage.json", "data-packages/{}/data.csv"):
                assert f"{folder}/{pattern.format(slug)}" in built
        for name in ("meta/all.json", "headline/all.json", "meta/schema.json", "stats/reporting.json",
                     "stats/disaggregation.json", "translations/translations.json", "zip/all_indicators.zip",
                     "zip/all_indicators.json", "data-packages/all.json"):
            assert f"{folder}/{name}" in built
    assert "documentation/index.html" in built


def test_translation_changes_labels_never_numbers(tmp_path: Path) -> None:
    repo = tmp_path / "tiny"
    shutil.copytree(TINY, repo)
    built = build_in_memory(repo)
    raw = json.loads(built["untranslated/data/1-1-1.json"])
    french = json.loads(built["fr/data/1-1-1.json"])
    assert french["Value"] == raw["Value"] and french["Year"] == raw["Year"]
    assert french["Sexe"][2:4] == ["Femmes", "Femmes"] and raw["Sex"][2:4] == ["female", "female"]
    assert json.loads(built["en/data/1-1-1.json"]) == raw  # nothing in English to translate


def test_footnoted_total_stays_in_the_headline(tmp_path: Path) -> None:
    repo = tmp_path / "tiny"
    shutil.copytree(TINY, repo)
    built = build_in_memory(repo)
    headline = json.loads(built["untranslated/headline/1-1-1.json"])
    assert [row["Year"] for row in headline] == [2015, 2016]
    assert headline[1]["COMMENT_OBS"] == "Provisional"


def test_meta_gets_the_builders_fields_and_iso_dates(tmp_path: Path) -> None:
    repo = tmp_path / "tiny"
    shutil.copytree(TINY, repo)
    meta = json.loads(build_in_memory(repo)["en/meta/2-1-1.json"])
    assert meta["indicator_number"] == "2.1.1" and meta["goal_number"] == "2" and meta["target_number"] == "2.1"
    assert meta["indicator_sort_order"] == "02-01-01" and meta["graph_type"] == "line"
    assert meta["data_non_statistical"] is True
    first = json.loads(build_in_memory(repo)["en/meta/1-1-1.json"])
    assert first["national_data_updated_date"] == "2021-04-01"
