"""Documentation stays true to the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sdgkit.report import catalog_markdown
from sdgkit.validate.catalog import CATALOG

ROOT = Path(__file__).resolve().parents[1]


def test_issue_code_reference_is_generated_from_the_catalogue() -> None:
    committed = (ROOT / "docs" / "issue-codes.md").read_text(encoding="utf-8")
    assert committed == catalog_markdown(), "run: sdgkit codes --format markdown > docs/issue-codes.md"


def test_every_code_is_documented() -> None:
    committed = (ROOT / "docs" / "issue-codes.md").read_text(encoding="utf-8")
    for code, kind in CATALOG.items():
        assert f"## `{code}`" in committed
        assert kind.explanation and kind.hint and kind.message


def test_report_schema_lists_every_code() -> None:
    schema = json.loads((ROOT / "src/sdgkit/schemas/check-report.schema.json").read_text())
    assert schema["$defs"]["issue"]["properties"]["code"]["enum"] == sorted(CATALOG)


def test_documents_named_in_messages_exist() -> None:
    named = set()
    for kind in CATALOG.values():
        named.update(re.findall(r"docs/[\w-]+\.md", kind.hint + kind.message + kind.explanation))
    for document in named:
        assert (ROOT / document).is_file(), document


def test_readme_opens_with_install_and_test_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert "pip install -e '.[dev]'" in head
    ci = (ROOT / ".ci" / "run").read_text()
    test_command = re.search(r"^ruff check .*$", head, re.MULTILINE)
    assert test_command is not None and test_command.group(0) in ci


def test_every_site_setting_is_documented() -> None:
    from sdgkit.config.site_options import SiteOptions

    guide = (ROOT / "docs" / "site.md").read_text(encoding="utf-8")
    for name in SiteOptions.model_fields:
        assert f"`{name}`" in guide, name
