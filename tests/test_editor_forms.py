"""The form of metadata, indicator configuration and pages: its fields, its edits, and its three routes.

Unit tests build forms from the tiny repository's schema and from the UK's real one, and
apply edits to a copy of a real UK metadata file: only the changed keys' lines may change.
The routes are tested in process on a copy of the tiny repository (fixtures of
``test_editor_app``): roles, CSRF, traversal, and the Markdown preview's sanitising.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdgkit.editor.app import Editor
from sdgkit.editor.forms import (
    FormError,
    FormSite,
    apply,
    build_form,
    lines_of,
    read_document,
    replace_body,
)
from sdgkit.editor.i18n import Translator
from sdgkit.formats.files import RepoFiles
from sdgkit.formats.schema import MetadataSchema, read_prose_schema
from sdgkit.i18n.catalog import Catalog
from tests.conftest import shared_fixture
from tests.test_editor_app import META, TINY, clock, editor, repo, signed_in  # noqa: F401  # fixtures

EN = Translator("en")
FR_META = "meta/fr/1-1-1.md"


def schema_of(root: Path, name: str = "_prose.yml") -> MetadataSchema:
    schema, _issues = read_prose_schema(RepoFiles(root), name)
    assert schema is not None
    return schema


def site_of(root: Path, schema: MetadataSchema | None, languages: tuple[str, ...] = ("en", "fr"),
            catalog: Catalog | None = None) -> FormSite:
    """A form's view of the repository at ``root``, reading its files directly (the routes check paths first)."""
    def read(path: str) -> str | None:
        file = root / path
        return file.read_text(encoding="utf-8") if file.is_file() else None

    return FormSite(schema, languages, catalog, lambda path: (root / path).is_file(), read)


def fields_of(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in form["fields"]}


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), n=0))[2:]
    return ([line[1:] for line in diff if line.startswith("-")], [line[1:] for line in diff if line.startswith("+")])


def front(markdown: str) -> dict[str, Any]:
    lines = markdown.split("\n")
    close = lines.index("---", 1)
    data: dict[str, Any] = yaml.safe_load("\n".join(lines[1:close])) or {}
    return data


@pytest.fixture
def tiny_site() -> FormSite:
    return site_of(TINY, schema_of(TINY))


@pytest.fixture
def uk_root() -> Path:
    return shared_fixture("uk-sdg-data")


@pytest.fixture
def uk_copy(uk_root: Path, tmp_path: Path) -> Path:
    """A copy of a real UK metadata file (folded blocks, a list, a body) with comments added."""
    text = (uk_root / "meta" / "3-4-2.md").read_bytes().decode("utf-8")
    text = text.replace("graph_type: line\n", "# Chart\n# -----\ngraph_type: line   # line or bar\n", 1)
    copy = tmp_path / "3-4-2.md"
    copy.write_bytes(text.encode("utf-8"))
    return copy


# --- the fields of a form ------------------------------------------------------------------------


def test_fields_of_the_tiny_schema_settings_and_other_keys(tiny_site: FormSite) -> None:
    content = (TINY / META).read_text(encoding="utf-8")
    form = build_form(META, "metadata", content, "v1", tiny_site, EN)
    assert form["mode"] == "form" and form["exists"] and not form["translation"] and form["content"] == content
    fields = fields_of(form)
    assert list(fields)[:3] == ["indicator_name", "reporting_status", "un_custodian_agency"]  # schema order
    status = fields["reporting_status"]
    assert status["element"] == "select" and status["required"] and status["group"] == "national"
    assert status["value"] == "complete" and status["label"] == "Reporting status"
    assert [o["value"] for o in status["options"]] == ["complete", "inprogress", "notstarted"]
    assert [o["label"] for o in status["options"]] == ["Complete", "In progress", "Not started"]
    graph_type = fields["graph_type"]  # not in the schema: sdgkit's setting
    assert graph_type["group"] == "configuration" and graph_type["element"] == "select"
    assert [o["value"] for o in graph_type["options"]] == ["line", "bar", "binary"]
    assert graph_type["label"] == "Chart type"
    assert fields["data_show_map"]["element"] == "checkbox" and fields["data_show_map"]["value"] is False
    assert not fields["data_show_map"]["in_file"]
    assert fields["expected_disaggregations"]["element"] == "yaml"
    assert fields["expected_disaggregations"]["value"] == "- Sex\n- Age"
    date = fields["national_data_updated_date"]  # nobody describes it: kept, as text
    assert date["group"] == "other" and date["element"] == "text" and date["value"] == "2021-04-01"
    assert form["body"]["value"] == "Page content for **1.1.1**.\n"
    assert form["lines"]["reporting_status"] == 3 and form["body_line"] == 11
    assert [g["name"] for g in form["groups"]] == ["global", "national", "configuration", "more_settings", "other"]
    assert fields["graph_titles"]["group"] == "more_settings" and fields["graph_title"]["group"] == "configuration"
    assert [(lang["code"], lang["path"], lang["exists"], lang["current"]) for lang in form["languages"]] == [
        ("en", META, True, True), ("fr", FR_META, False, False)]


def test_fields_of_the_uk_schema(uk_root: Path) -> None:
    site = site_of(uk_root, schema_of(uk_root), ("en",))
    content = (uk_root / "meta" / "1-1-1.md").read_text(encoding="utf-8")
    form = build_form("meta/1-1-1.md", "metadata", content, "v", site, EN)
    fields = fields_of(form)
    assert fields["permalink"]["element"] == "hidden" and fields["layout"]["element"] == "hidden"
    assert fields["computation_definitions"]["element"] == "textarea"
    assert fields["data_show_map"] == {**fields["data_show_map"], "element": "checkbox", "value": False,
                                       "group": "data", "in_file": True}
    assert fields["source_active_1"]["value"] is True and fields["source_active_2"]["value"] is False
    status = fields["reporting_status"]
    assert status["required"] and [o["value"] for o in status["options"]] == ["complete", "notstarted"]
    assert fields["source_earliest_available_1"]["value"] == "1968"
    assert fields["data_footnote"]["element"] == "text"  # a folded block: one line of text
    labels = {g["name"]: g["label"] for g in form["groups"]}
    assert labels["source_1"] == "Source 1" and labels["global"] == "Global metadata"
    assert fields["indicator_number"]["group"] == "configuration"  # not in the UK schema
    assert len(form["languages"]) == 1 and form["languages"][0]["current"]


def test_labels_come_from_the_sites_translations_in_the_users_language() -> None:
    starter = shared_fixture("open-sdg-data-starter")
    catalog = Catalog()
    catalog.add("fr", "metadata_fields", {"SDG_INDICATOR": "Indicateur (mondial)"})
    site = site_of(starter, schema_of(starter, "metadata_schema.yml"), ("en", "es"), catalog)
    content = "SDG_INDICATOR__GLOBAL: x\n"
    english = fields_of(build_form("meta/1-1-1.yml", "metadata", content, "v", site, EN))
    french = fields_of(build_form("meta/1-1-1.yml", "metadata", content, "v", site, Translator("fr")))
    assert english["SDG_INDICATOR__GLOBAL"]["label"] == "Indicator (global)"
    assert french["SDG_INDICATOR__GLOBAL"]["label"] == "Indicateur (mondial)"
    configuration = fields_of(build_form("indicator-config/1-1-1.yml", "config", "graph_type: line\n", "v", site,
                                         Translator("fr")))
    assert configuration["graph_type"]["label"] == "Type de graphique"  # the editor's own text for a setting


def test_unknown_keys_are_shown_by_their_value(tiny_site: FormSite) -> None:
    content = "---\nflag: true\nnote: one\nlong: |\n  line one\n  line two\nnested:\n  a: 1\ncount: 3\nempty:\n---\n"
    fields = fields_of(build_form("meta/9-9-9.md", "metadata", content, "v", tiny_site, EN))
    assert {name: fields[name]["element"] for name in ("flag", "note", "long", "nested", "count", "empty")} == {
        "flag": "checkbox", "note": "text", "long": "textarea", "nested": "yaml", "count": "text", "empty": "text"}
    assert fields["nested"]["value"] == "a: 1" and fields["count"]["value"] == "3" and fields["empty"]["value"] == ""
    assert all(fields[name]["group"] == "other" for name in ("flag", "note", "nested"))


def test_a_value_that_does_not_fit_its_element_is_shown_as_yaml(tiny_site: FormSite) -> None:
    content = "---\nreporting_status: [complete]\ngraph_title: |\n  two\n  lines\ndata_show_map: 1\n---\n"
    fields = fields_of(build_form("meta/1-1-1.md", "metadata", content, "v", tiny_site, EN))
    assert fields["reporting_status"]["element"] == "yaml" and fields["reporting_status"]["value"] == "- complete"
    assert fields["graph_title"]["element"] == "textarea"  # a text box would lose the line break
    assert fields["data_show_map"]["element"] == "yaml" and fields["data_show_map"]["value"] == "1"


def test_a_translation_shows_the_default_languages_values(tiny_site: FormSite) -> None:
    form = build_form(FR_META, "metadata", None, None, tiny_site, Translator("fr"))
    assert form["translation"] and not form["exists"] and form["content"] == "" and form["version"] is None
    fields = fields_of(form)
    assert fields["indicator_name"]["value"] == ""
    assert fields["indicator_name"]["base_value"] == "Proportion of people below the poverty line"
    assert "reporting_status" not in fields  # a select stays in the default language's file
    assert "graph_title" not in fields  # nothing to translate: the default language's file has none
    assert not any(field["required"] for field in form["fields"])
    assert form["body"] == {"label": "Contenu de la page (Markdown)", "value": "",
                            "base_value": "Page content for **1.1.1**.\n"}
    assert [(lang["code"], lang["name"], lang["exists"], lang["current"]) for lang in form["languages"]] == [
        ("en", "anglais", True, False), ("fr", "français", False, True)]


def test_settings_in_an_indicator_configuration_file() -> None:
    starter = shared_fixture("open-sdg-data-starter")
    site = site_of(starter, schema_of(starter, "metadata_schema.yml"), ("en", "es"))
    content = (starter / "indicator-config" / "1-1-1.yml").read_bytes().decode("utf-8")
    assert content.startswith("\ufeff")
    form = build_form("indicator-config/1-1-1.yml", "config", content, "v", site, EN)
    assert form["mode"] == "form" and form["groups"][0]["name"] == "configuration" and form["body"] is None
    fields = fields_of(form)
    assert fields["reporting_status"]["required"] and fields["reporting_status"]["value"] == "notstarted"
    assert fields["graph_titles"]["element"] == "yaml" and fields["graph_titles"]["value"] == "[]"
    assert fields["standalone"]["element"] == "checkbox" and form["languages"] == []
    meta = fields_of(build_form("meta/1-1-1.yml", "metadata", "SDG_GOAL: x\n", "v", site, EN))
    assert "reporting_status" not in meta  # the indicator's settings are in its configuration file


def test_site_configuration_is_edited_as_text(tiny_site: FormSite) -> None:
    content = (TINY / "config_data.yml").read_text(encoding="utf-8")
    form = build_form("config_data.yml", "config", content, "v", tiny_site, EN)
    assert form["mode"] == "text" and form["content"] == content and "fields" not in form
    with pytest.raises(FormError, match="edited as text"):
        apply(content, "config", "config_data.yml", {"languages": "- en"}, None, tiny_site)


def test_a_file_the_form_cannot_read_is_shown_as_text(tiny_site: FormSite) -> None:
    form = build_form(META, "metadata", "---\nindicator_name: [unclosed\n---\n", "v", tiny_site, EN)
    assert form["mode"] == "text" and "cannot be shown as a form" in form["problem"]
    assert build_form(META, "metadata", "---\nx: 1\n", "v", tiny_site, EN)["mode"] == "text"  # never closed


def test_a_page_has_its_front_matter_and_body(tiny_site: FormSite) -> None:
    content = "---\ntitle: About\npermalink: /about/\n---\n# About\n\nWho we are.\n"
    form = build_form("pages/about.md", "page", content, "v", tiny_site, EN)
    assert [(f["name"], f["element"], f["group"]) for f in form["fields"]] == [
        ("title", "text", "page"), ("permalink", "text", "page")]
    assert form["body"]["value"] == "# About\n\nWho we are.\n" and form["languages"] == []
    plain = build_form("pages/plain.md", "page", "Just text.\n", "v", tiny_site, EN)
    assert fields_of(plain)["title"]["in_file"] is False and plain["body"]["value"] == "Just text.\n"


# --- applying a form -----------------------------------------------------------------------------


def test_apply_keeps_comments_and_untouched_lines_of_a_real_uk_file(uk_copy: Path, uk_root: Path) -> None:
    site = site_of(uk_root, schema_of(uk_root), ("en",))
    old = uk_copy.read_bytes().decode("utf-8")
    new = apply(old, "metadata", "meta/3-4-2.md", {"graph_type": "bar", "computation_units": "Rate per 100,000",
                                                   "data_show_map": True}, None, site)
    removed, added = changed_lines(old, new)
    assert sorted(removed) == sorted(["graph_type: line   # line or bar\n", "data_show_map: false\n",
                                      "computation_units: Rate per 100,000 population\n"])
    assert sorted(added) == sorted(["graph_type: bar   # line or bar\n", "data_show_map: true\n",
                                    "computation_units: Rate per 100,000\n"])
    assert "# Chart\n# -----\n" in new and new.endswith(old[old.index("\n---\n") + 5:])  # comments and body kept
    data = front(new)
    assert data["data_start_values"] == [{"field": "Country", "value": "England"}]
    uk_copy.write_bytes(new.encode("utf-8"))  # the file's own copy, never ../shared


def test_values_equal_to_the_files_leave_it_byte_for_byte(uk_copy: Path, uk_root: Path) -> None:
    site = site_of(uk_root, schema_of(uk_root), ("en",))
    old = uk_copy.read_text(encoding="utf-8")
    form = fields_of(build_form("meta/3-4-2.md", "metadata", old, "v", site, EN))
    everything = {name: field["value"] for name, field in form.items() if field["element"] != "hidden"}
    body = build_form("meta/3-4-2.md", "metadata", old, "v", site, EN)["body"]["value"]
    assert apply(old, "metadata", "meta/3-4-2.md", everything, body, site) == old


def test_values_are_typed_by_their_element(tiny_site: FormSite) -> None:
    content = (TINY / META).read_text(encoding="utf-8")
    new = apply(content, "metadata", META, {
        "data_show_map": True, "expected_disaggregations": "- Sex\n- Location",
        "graph_titles": "- unit: '%'\n  title: Rate", "national_data_updated_date": "2022-01-31",
        "graph_type": "bar", "graph_title": "yes"}, None, tiny_site)
    data = front(new)
    assert data["data_show_map"] is True and data["expected_disaggregations"] == ["Sex", "Location"]
    assert data["graph_titles"] == [{"unit": "%", "title": "Rate"}]
    assert str(data["national_data_updated_date"]) == "2022-01-31" and "national_data_updated_date: 2022-01-31\n" in new
    assert data["graph_type"] == "bar" and data["graph_title"] == "yes"  # text stays text (quoted)
    multi = apply("---\ntags: []\n---\n", "metadata", META, {"tags": "- a"}, None, FormSite(languages=("en",)))
    assert front(multi)["tags"] == ["a"]
    numbers = apply("count: 3\nname: x\n", "metadata", "meta/9-9-9.yml", {"count": "4", "name": "5"}, None)
    assert yaml.safe_load(numbers) == {"count": 4, "name": "5"}  # a number stays a number; text stays text


def test_multiselect_and_checkbox_values_must_have_their_type() -> None:
    schema = MetadataSchema(fields={})
    from sdgkit.formats.schema import SchemaField

    schema.fields["sdg"] = SchemaField("sdg", "multiselect", "Goals", options=("1", "2"))
    schema.fields["shown"] = SchemaField("shown", "checkbox", "Shown")
    site = FormSite(schema, ("en",))
    assert yaml.safe_load(apply("sdg: []\n", "metadata", "meta/1.yml", {"sdg": ["1", "2"]}, None, site)) == {
        "sdg": ["1", "2"]}
    with pytest.raises(FormError, match="list of choices"):
        apply("sdg: []\n", "metadata", "meta/1.yml", {"sdg": "1"}, None, site)
    with pytest.raises(FormError, match="ticked"):
        apply("shown: false\n", "metadata", "meta/1.yml", {"shown": "maybe"}, None, site)
    assert apply("shown: false\n", "metadata", "meta/1.yml", {"shown": "true"}, None, site) == "shown: true\n"


def test_invalid_yaml_is_refused_naming_the_field(tiny_site: FormSite) -> None:
    content = (TINY / META).read_text(encoding="utf-8")
    with pytest.raises(FormError) as refused:
        apply(content, "metadata", META, {"expected_disaggregations": "- Sex\n  - : [unclosed"}, None, tiny_site)
    assert refused.value.field_name == "expected_disaggregations"
    assert "expected_disaggregations is not valid YAML" in refused.value.message


def test_read_only_and_unknown_fields_are_refused(uk_root: Path) -> None:
    site = site_of(uk_root, schema_of(uk_root), ("en",))
    content = (uk_root / "meta" / "1-1-1.md").read_text(encoding="utf-8")
    with pytest.raises(FormError, match="read-only"):
        apply(content, "metadata", "meta/1-1-1.md", {"permalink": "/x/"}, None, site)
    with pytest.raises(FormError, match="no field"):
        apply(content, "metadata", "meta/1-1-1.md", {"no_such_field": "x"}, None, site)


def test_removing_a_field_and_emptying_a_translation(tiny_site: FormSite) -> None:
    content = (TINY / META).read_text(encoding="utf-8")
    removed = apply(content, "metadata", META, {"un_custodian_agency": None}, None, tiny_site)
    assert "un_custodian_agency" not in removed and changed_lines(content, removed)[1] == []
    emptied = apply(content, "metadata", META, {"un_custodian_agency": ""}, None, tiny_site)
    assert "un_custodian_agency: ''\n" in emptied  # in the default language, empty is a value
    french = "---\nindicator_name: Proportion\nun_custodian_agency: Banque mondiale\n---\n"
    assert apply(french, "metadata", FR_META, {"un_custodian_agency": ""}, None, tiny_site) == \
        "---\nindicator_name: Proportion\n---\n"  # in a translation, the default language's text shows again


def test_a_new_translation_starts_from_an_empty_front_matter(tiny_site: FormSite) -> None:
    made = apply("", "metadata", FR_META, {"indicator_name": "Proportion de la population pauvre",
                                           "un_custodian_agency": ""}, "Contenu de la page.", tiny_site)
    assert made == "---\nindicator_name: Proportion de la population pauvre\n---\nContenu de la page.\n"
    body_only = apply("", "metadata", FR_META, {}, "Texte", tiny_site)
    assert body_only == "---\n---\nTexte\n" and read_document(body_only, FR_META).body == "Texte\n"


def test_body_replacement_keeps_the_front_matter_bytes() -> None:
    text = "\ufeff\n---  \r\ntitle: About   # the page\r\n...\r\nOld body\r\n"
    new = replace_body(text, "New body\nsecond line")
    assert new == "\ufeff\n---  \r\ntitle: About   # the page\r\n...\r\nNew body\r\nsecond line\r\n"
    assert replace_body("No front matter\n", "Changed") == "Changed\n"
    assert replace_body("---\ntitle: x\n---", "Body") == "---\ntitle: x\n---\nBody\n"
    page = apply("---\ntitle: About\n---\nOld\n", "page", "pages/about.md", {"title": "Who we are"}, "New")
    assert page == "---\ntitle: Who we are\n---\nNew\n"


def test_lines_of_keys_and_body(tiny_site: FormSite) -> None:
    content = (TINY / META).read_text(encoding="utf-8")
    lines, body_line = lines_of(content, META)
    assert lines["indicator_name"] == 2 and lines["national_data_updated_date"] == 9 and body_line == 11
    assert lines_of("a: 1\nb:\n  - x\nc: 2\n", "meta/x.yml") == ({"a": 1, "b": 2, "c": 4}, None)
    assert lines_of("", FR_META) == ({}, 1)


# --- the routes ------------------------------------------------------------------------------------


def test_the_form_route_for_every_role(editor: Editor) -> None:
    for name in ("val", "eve", "pat"):
        client, _token = signed_in(editor, name)
        answer = client.get("/_editor/api/form", params={"path": META, "lang": "fr"})
        assert answer.status_code == 200, answer.text
        form = answer.json()
        assert form["path"] == META and form["kind"] == "metadata" and form["version"]
        assert fields_of(form)["reporting_status"]["label"] == "Reporting status"  # the schema's own label
        assert fields_of(form)["graph_type"]["label"] == "Type de graphique"
    assert client.get("/_editor/api/form", params={"path": "data/indicator_1-1-1.csv"}).status_code == 400
    assert client.get("/_editor/api/form", params={"path": "config_data.yml"}).json()["mode"] == "text"
    assert client_signed_out(editor).get("/_editor/api/form", params={"path": META}).status_code == 401


def client_signed_out(editor: Editor) -> Any:
    from tests.test_editor_app import client_of

    return client_of(editor)


def test_the_form_of_a_translation_not_made_yet(editor: Editor) -> None:
    client, _token = signed_in(editor, "eve")
    answer = client.get("/_editor/api/form", params={"path": FR_META})
    assert answer.status_code == 200, answer.text
    form = answer.json()
    assert not form["exists"] and form["version"] is None and form["translation"]
    assert fields_of(form)["indicator_name"]["base_value"] == "Proportion of people below the poverty line"
    for missing in ("meta/de/1-1-1.md", "meta/fr/9-9-9.md", "meta/9-9-9.md"):
        assert client.get("/_editor/api/form", params={"path": missing}).status_code == 404, missing
    assert not (editor.root / FR_META).exists()


@pytest.mark.parametrize("path", ["../secret.md", "meta/../../secret.md", "%2e%2e/secret.md", ".git/config",
                                  "/etc/passwd", "meta\\..\\x.md", "README.md"])
def test_traversal_is_refused(editor: Editor, path: str) -> None:
    (editor.root.parent / "secret.md").write_text("---\ntop: secret\n---\n", encoding="utf-8")
    client, token = signed_in(editor, "pat")
    read = client.get("/_editor/api/form", params={"path": path})
    assert 400 <= read.status_code < 500 and "secret" not in read.text.replace(path, "")
    applied = client.post("/_editor/api/form/apply", headers={"X-CSRF-Token": token},
                          json={"path": path, "content": "---\ntop: x\n---\n", "fields": {"top": "y"}})
    assert 400 <= applied.status_code < 500 and set(applied.json()) == {"error", "message"}


def test_apply_route_writes_nothing_and_gives_lines(editor: Editor) -> None:
    client, token = signed_in(editor, "val")  # a viewer may try changes
    before = (editor.root / META).read_text(encoding="utf-8")
    answer = client.post("/_editor/api/form/apply", headers={"X-CSRF-Token": token}, json={
        "path": META, "content": before, "fields": {"reporting_status": "inprogress", "data_show_map": True},
        "body": "New **body**"})
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert "reporting_status: inprogress\n" in result["content"] and "data_show_map: true\n" in result["content"]
    assert result["content"].endswith("---\nNew **body**\n")
    assert result["lines"]["reporting_status"] == 3 and result["lines"]["data_show_map"] == 10
    assert result["body_line"] == 12
    assert (editor.root / META).read_text(encoding="utf-8") == before
    bad = client.post("/_editor/api/form/apply", headers={"X-CSRF-Token": token}, json={
        "path": META, "content": before, "fields": {"expected_disaggregations": "[unclosed"}})
    assert bad.status_code == 400 and bad.json()["field"] == "expected_disaggregations"
    assert "not valid YAML" in bad.json()["message"]
    for wrong in ({"fields": []}, {"content": 3}, {"body": 5}):
        refused = client.post("/_editor/api/form/apply", headers={"X-CSRF-Token": token},
                              json={"path": META, "content": before, **wrong})
        assert refused.status_code == 400, wrong
    assert client.post("/_editor/api/form/apply", json={"path": META, "content": before}).status_code == 403  # CSRF


def test_apply_route_makes_a_new_translation(editor: Editor) -> None:
    client, token = signed_in(editor, "eve")
    answer = client.post("/_editor/api/form/apply", headers={"X-CSRF-Token": token}, json={
        "path": FR_META, "content": None, "fields": {"indicator_name": "Proportion"}, "body": None})
    assert answer.status_code == 200, answer.text
    assert answer.json()["content"] == "---\nindicator_name: Proportion\n---\n"
    assert not (editor.root / FR_META).exists()


def test_markdown_is_rendered_and_sanitised(editor: Editor) -> None:
    client, token = signed_in(editor, "val")
    hostile = ("**bold** <script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3)) "
               '<a href="javascript:alert(4)">a</a> <p onclick="alert(5)">p</p>')
    answer = client.post("/_editor/api/markdown", headers={"X-CSRF-Token": token}, json={"text": hostile})
    assert answer.status_code == 200, answer.text
    html = answer.json()["html"]
    assert "<strong>bold</strong>" in html and "<script" not in html and "alert(1)" not in html
    assert "onerror" not in html and "onclick" not in html and "alert(2)" not in html
    assert 'href="javascript' not in html and "alert(4)" not in html  # a refused link is text, never a link
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")
    assert client.post("/_editor/api/markdown", json={"text": "x"}).status_code == 403  # CSRF
    too_long = client.post("/_editor/api/markdown", headers={"X-CSRF-Token": token}, json={"text": "x" * 200_001})
    assert too_long.status_code == 413
    assert client.post("/_editor/api/markdown", headers={"X-CSRF-Token": token}, json={"text": 3}).status_code == 400


def test_a_viewer_can_use_the_form_but_not_save(editor: Editor) -> None:
    client, token = signed_in(editor, "val")
    before = (editor.root / META).read_text(encoding="utf-8")
    applied = client.post("/_editor/api/form/apply", headers={"X-CSRF-Token": token},
                          json={"path": META, "content": before, "fields": {"graph_type": "bar"}}).json()
    saved = client.post("/_editor/api/save", headers={"X-CSRF-Token": token},
                        json={"path": META, "content": applied["content"], "expected_version": None, "message": "x"})
    assert saved.status_code == 403 and (editor.root / META).read_text(encoding="utf-8") == before


def test_an_emptied_reporting_status_is_reported_as_missing_and_given_its_default(tmp_path: Path) -> None:
    """The form's required select emptied: the check says what sdgkit uses, and the outputs use it."""
    from sdgkit.check import check
    from sdgkit.dataservice.prepare import full_metadata

    repo = shutil.copytree(Path(__file__).parent / "fixtures" / "tiny", tmp_path / "tiny")
    meta = repo / "meta" / "1-1-1.md"
    meta.write_text(meta.read_text(encoding="utf-8").replace("reporting_status: complete", "reporting_status: ''"),
                    encoding="utf-8")
    result = check(repo)
    issues = [i for i in result.report if i.indicator == "1-1-1" and "reporting_status" in i.message]
    assert [i.code for i in issues] == ["metadata-missing-field"]
    assert "`complete`" in issues[0].message or "`complete`" in issues[0].hint
    project = result.project
    assert project is not None
    assert full_metadata(project.indicators["1-1-1"])["reporting_status"] == "complete"
