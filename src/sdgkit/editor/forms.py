"""The form of a metadata, indicator configuration or page file: its fields, and a form's edits applied.

Statisticians should not have to write YAML to fix a label or tick "show the map". So the
editor shows these files as a form, made here from three sources: the repository's
metadata schema (``_prose.yml``: element, label, tab), the indicator settings sdgkit knows
(:data:`SETTINGS`: ``reporting_status`` is a select of the allowed statuses, the list
settings are YAML checked on the server…), and the keys actually in the file, so that no
value is ever hidden because nobody described it.

Applying a form goes through :mod:`sdgkit.editor.yaml_edit`, which rewrites the lines of the
changed keys only: the diff a reviewer sees is the user's change, nothing else. A value is
typed by its field's element (a checkbox gives ``true``, a multiselect a list, a YAML field
its parsed value), and the element is worked out here, from the file, both when the form is
made and when it is applied, so the two always agree.

Everything here is pure: files are read through the callables of :class:`FormSite` (the
routes pass the editor's checked reader), nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from sdgkit.editor.i18n import DEFAULT, Translator
from sdgkit.editor.yaml_edit import YamlEditError, update_front_matter, update_yaml
from sdgkit.formats.schema import MetadataSchema, SchemaField
from sdgkit.formats.yaml_text import parse_yaml
from sdgkit.i18n.catalog import Catalog
from sdgkit.validate.metadata import BOOLEAN_SETTINGS, GRAPH_TYPES, LIST_SETTINGS, REPORTING_STATUSES

ELEMENTS = ("text", "textarea", "checkbox", "select", "multiselect", "yaml", "hidden")
CONFIGURATION, MORE_SETTINGS, OTHER, PAGE = "configuration", "more_settings", "other", "page"
#: how sdgkit reads metadata (YAML 1.1, as Jekyll and Open SDG)
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOM = "\ufeff"
_NAME_LIMIT = 200
_SCALARS = (str, int, float, bool, dt.date)
_TRANSLATION = re.compile(r"meta/(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]+)*)/(?P<name>[^/]+)")
_SOURCE_SCOPE = re.compile(r"source_(?P<number>\d+)")


class FormError(ValueError):
    """A form that cannot be applied: a wrong value, invalid YAML, an unknown or read-only field."""

    def __init__(self, message: str, field_name: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field_name = message, field_name


@dataclass(frozen=True, slots=True)
class Setting:
    """An indicator setting sdgkit knows, for the fields the schema does not describe."""

    name: str
    element: str = "text"
    options: tuple[str, ...] = ()
    required: bool = False
    #: in the main settings group even when absent; other absent settings wait under "more settings"
    core: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("reporting_status", "select", REPORTING_STATUSES, required=True, core=True),
    Setting("graph_type", "select", GRAPH_TYPES, core=True),
    Setting("graph_title", core=True),
    *(Setting(name, "checkbox", core=True) for name in BOOLEAN_SETTINGS),
    Setting("indicator_name"), Setting("indicator_number"), Setting("computation_units"),
    Setting("national_geographical_coverage"), Setting("data_footnote", "textarea"),
    Setting("page_content", "textarea"), Setting("copyright"), Setting("sort"), Setting("permalink"),
    Setting("graph_stacked_disaggregation"), Setting("composite_breakdown_label"),
    Setting("data_notice_heading"), Setting("data_notice_text", "textarea"), Setting("data_notice_class"),
    Setting("embedded_feature_title"), Setting("embedded_feature_tab_title"), Setting("embedded_feature_url"),
    Setting("embedded_feature_html", "textarea"), Setting("embedded_feature_footer", "textarea"),
    *(Setting(name, "yaml") for name in LIST_SETTINGS),
    Setting("expected_disaggregations", "yaml"), Setting("progress_breakdowns", "yaml"), Setting("tags", "yaml"),
)
_SETTINGS = {setting.name: setting for setting in SETTINGS}


@dataclass(frozen=True, slots=True)
class FormSite:
    """What a form needs from the repository; the defaults make a site without schema or other files."""

    schema: MetadataSchema | None = None
    #: the site's languages, the default first
    languages: tuple[str, ...] = ("en",)
    #: the site's translations, for schema labels given as translation keys
    catalog: Catalog | None = None
    exists: Callable[[str], bool] = field(default=lambda _path: False)
    #: the text of another file of the repository (a translation's base), ``None`` when missing
    read: Callable[[str], str | None] = field(default=lambda _path: None)


@dataclass(frozen=True, slots=True)
class Spec:
    """What a field is, whatever the user's language: how its value is shown and typed."""

    name: str
    element: str
    group: str
    options: tuple[tuple[str, str], ...] = ()  #: (value, label from the schema)
    option_keys: tuple[str | None, ...] = ()  #: the options' translation keys
    required: bool = False
    label: str = ""
    translation_key: str | None = None
    setting: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """A file split as sdgkit reads it: its top-level fields and, for Markdown, its body."""

    data: dict[str, Any]
    markdown: bool
    body: str | None = None


# --- reading a file ----------------------------------------------------------------------------


def mode_of(kind: str, path: str) -> str:
    """``form`` for metadata, indicator configuration and pages; ``text`` for the site's configuration.

    Site configuration (``config_data.yml``, ``sdgkit.yml``, ``site_config.yml``) is nested
    and varied: a form of its top-level keys would show most of it as YAML anyway, so it is
    edited as YAML text, checked as the user types.
    """
    if kind == "config" and not path.startswith("indicator-config/"):
        return "text"
    return "form" if kind in ("metadata", "config", "page") else "text"


def read_document(content: str, path: str) -> Document:
    """The fields (and body) of a file; :class:`FormError` when the form cannot show it."""
    text = content.removeprefix(_BOM)
    if path.endswith(".md"):
        split = _split_markdown(text)
        if split is None:
            return Document({}, True, text.replace("\r\n", "\n"))
        front, body, _offset, _body_line = split
        return Document(_mapping(front, path), True, body.replace("\r\n", "\n"))
    return Document(_mapping(text, path), False)


def _mapping(text: str, path: str) -> dict[str, Any]:
    parsed = parse_yaml(text, path)
    if parsed.issues and parsed.data is None:
        raise FormError(f"{path} cannot be shown as a form: {parsed.issues[0].message}")
    if parsed.data is None:
        return {}
    if not isinstance(parsed.data, dict):
        raise FormError(f"{path} cannot be shown as a form: it is not a list of fields (`name: value`)")
    return {str(key): value for key, value in parsed.data.items()}


def _split_markdown(text: str) -> tuple[str, str, int, int] | None:
    """``(front matter, body, lines before the front matter's first line, line of the body)``.

    Found as sdgkit's reader finds it: blank lines may come first, the ``---`` lines may
    carry spaces, ``...`` may close. ``None`` when there is no front matter; a front matter
    that is never closed is an error.
    """
    lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
    start = next((number for number, line in enumerate(lines) if line.strip()), len(lines))
    if start == len(lines) or lines[start].strip() != "---":
        return None
    close = next((number for number in range(start + 1, len(lines)) if lines[number].strip() in ("---", "...")),
                 None)
    if close is None:
        raise FormError("the front matter is never closed by a second `---` line")
    return "".join(lines[start + 1:close]), "".join(lines[close + 1:]), start + 1, close + 2


def translation_base(path: str, languages: Sequence[str]) -> tuple[str, str] | None:
    """``(language, default-language path)`` when ``path`` is a translation (``meta/fr/1-1-1.md``)."""
    found = _TRANSLATION.fullmatch(path)
    if found is None or found["lang"] == (languages[0] if languages else DEFAULT):
        return None
    return found["lang"], f"meta/{found['name']}"


# --- which fields ------------------------------------------------------------------------------


def specs(kind: str, path: str, data: Mapping[str, Any], site: FormSite) -> list[Spec]:
    """The fields of the form, in order: the schema's, then the settings, then the file's other keys.

    A translation shows the keys it has and the texts the default-language file has: what
    there is to translate. The indicator's settings are offered where they are written: in
    its ``indicator-config/`` file when it has one, else in its metadata file.
    """
    if kind == "page":
        names = dict.fromkeys(("title", *data))
        return [Spec(name, _element_of_value(data[name]) if name in data else "text", PAGE) for name in names]
    base = _base_document(path, site)
    shown = _shown_in(data, base)
    schema = site.schema.fields if site.schema is not None else {}
    chosen: dict[str, Spec] = {}
    if kind == "metadata":
        for schema_field in schema.values():
            if shown(schema_field.name, schema_field.element):
                chosen[schema_field.name] = _from_schema(schema_field, data)
    elsewhere = _configured_elsewhere(path, site)
    for setting in SETTINGS:
        wanted = kind == "config" or setting.name in data or not elsewhere
        if setting.name not in chosen and wanted and shown(setting.name, setting.element):
            chosen[setting.name] = _from_setting(setting, data)
    for name, value in data.items():
        if name not in chosen:
            chosen[name] = _from_schema(schema[name], data) if name in schema else \
                Spec(name, _element_of_value(value), OTHER)
    if base is not None:
        return list(chosen.values())
    return [replace(spec, required=_is_required(spec.name, kind, data, elsewhere)) for spec in chosen.values()]


def _shown_in(data: Mapping[str, Any], base: Document | None) -> Callable[[str, str], bool]:
    """Whether a field is in the form: always in a default-language file; in a translation, what it translates."""
    if base is None:
        return lambda _name, _element: True
    return lambda name, element: name in data or (element in ("text", "textarea") and
                                                   base.data.get(name) not in (None, ""))


def _configured_elsewhere(path: str, site: FormSite) -> bool:
    """A metadata file whose indicator has an ``indicator-config/`` file: the settings live there."""
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return path.startswith("meta/") and any(site.exists(f"indicator-config/{name}.{suffix}")
                                            for suffix in ("yml", "yaml"))


def _is_required(name: str, kind: str, data: Mapping[str, Any], elsewhere: bool) -> bool:
    """``reporting_status`` is required where the indicator's settings are written."""
    setting = _SETTINGS.get(name)
    return setting is not None and setting.required and (kind == "config" or name in data or not elsewhere)


def _from_schema(schema_field: SchemaField, data: Mapping[str, Any]) -> Spec:
    raw = schema_field.spec.get("options")
    entries = raw if isinstance(raw, list) else []
    options = tuple((value, _option_label(entry, value)) for entry, value in
                    zip(entries, schema_field.options or (), strict=False))
    keys = tuple(entry.get("translation_key") if isinstance(entry, dict) else None for entry in entries)
    element = schema_field.element if schema_field.element in ELEMENTS else "text"
    key = schema_field.translation_key
    return Spec(schema_field.name, _fitting(element, data.get(schema_field.name), schema_field.name in data),
                schema_field.scope or "metadata", options, keys, label=schema_field.label,
                translation_key=key if isinstance(key, str) else None, setting=schema_field.name in _SETTINGS)


def _option_label(entry: Any, value: str) -> str:
    return str(entry.get("name") or value) if isinstance(entry, dict) else value


def _from_setting(setting: Setting, data: Mapping[str, Any]) -> Spec:
    options = tuple((value, value) for value in setting.options)
    present = setting.name in data
    return Spec(setting.name, _fitting(setting.element, data.get(setting.name), present),
                CONFIGURATION if setting.core or present else MORE_SETTINGS, options, setting=True)


def _element_of_value(value: Any) -> str:
    """The element of a key nobody described, from its value."""
    if isinstance(value, bool):
        return "checkbox"
    if isinstance(value, str) and "\n" in value.rstrip("\n"):
        return "textarea"
    return "text" if value is None or isinstance(value, _SCALARS) else "yaml"


def _fitting(element: str, value: Any, present: bool) -> str:
    """The element, unless the value in the file does not fit it: then YAML, so that nothing is lost."""
    if not present or value is None or element in ("hidden", "yaml"):
        return element
    if element == "checkbox":
        return element if isinstance(_boolean(value), bool) else "yaml"
    if element == "multiselect":
        items = value if isinstance(value, list) else [value]
        return element if all(isinstance(item, _SCALARS) for item in items) else "yaml"
    if not isinstance(value, _SCALARS):
        return "yaml"
    if element in ("text", "select") and isinstance(value, str) and "\n" in value.rstrip("\n"):
        return "textarea"  # a one-line box would lose the line breaks
    return element


def _boolean(value: Any) -> Any:
    """As Open SDG reads it: the texts ``true`` and ``false`` are booleans."""
    return {"true": True, "false": False}.get(value.strip().lower(), value) if isinstance(value, str) else value


# --- the form as JSON --------------------------------------------------------------------------


def build_form(path: str, kind: str, content: str | None, version: str | None, site: FormSite,
               ui: Translator) -> dict[str, Any]:
    """The form of ``path`` as the browser builds it (``content=None``: a translation not made yet)."""
    mode = mode_of(kind, path)
    answer: dict[str, Any] = {"path": path, "kind": kind, "mode": mode, "version": version,
                              "exists": content is not None, "content": content or "",
                              "languages": languages_of(path, kind, site, ui, exists=content is not None)}
    if mode == "text":
        return answer
    try:
        document = read_document(content or "", path)
    except FormError as error:
        return {**answer, "mode": "text", "problem": error.message}
    base = _base_document(path, site)
    fields = specs(kind, path, document.data, site)
    lines, body_line = lines_of(content or "", path)
    groups = list(dict.fromkeys(spec.group for spec in fields))
    if kind == "config":
        groups.sort(key=lambda group: group not in (CONFIGURATION, MORE_SETTINGS))
    answer.update({
        "translation": base is not None,
        "groups": [{"name": group, "label": group_label(group, ui)} for group in groups],
        "fields": [_field_json(spec, document.data, base, site, ui) for spec in fields],
        "body": _body_json(document, base, ui),
        "lines": lines, "body_line": body_line,
    })
    return answer


def _base_document(path: str, site: FormSite) -> Document | None:
    """The default-language file of a translation, read for the values shown beside each field."""
    found = translation_base(path, site.languages)
    if found is None:
        return None
    text = site.read(found[1])
    try:
        return read_document(text, found[1]) if text is not None else Document({}, path.endswith(".md"))
    except FormError:
        return Document({}, path.endswith(".md"))


def _field_json(spec: Spec, data: Mapping[str, Any], base: Document | None, site: FormSite,
                ui: Translator) -> dict[str, Any]:
    value = data.get(spec.name)
    shown: dict[str, Any] = {
        "name": spec.name, "label": field_label(spec, site, ui), "element": spec.element, "group": spec.group,
        "required": spec.required, "in_file": spec.name in data, "value": display_value(spec.element, value),
        "options": _options_json(spec, value, site, ui),
    }
    if base is not None:
        shown["base_value"] = display_value(spec.element, base.data.get(spec.name))
    return shown


def _body_json(document: Document, base: Document | None, ui: Translator) -> dict[str, Any] | None:
    if not document.markdown:
        return None
    body: dict[str, Any] = {"label": ui("form.body_label"), "value": document.body or ""}
    if base is not None:
        body["base_value"] = base.body or ""
    return body


def field_label(spec: Spec, site: FormSite, ui: Translator) -> str:
    """The site's translation of the schema's key, else the schema's label, else sdgkit's, else the name.

    The name is what people see in the file, so a key nobody describes is labelled by it.
    """
    if spec.translation_key and site.catalog is not None:
        translated = site.catalog.get(ui.language, spec.translation_key)
        if translated:
            return translated
    if spec.label:
        return spec.label
    if spec.group == PAGE:
        known = ui(f"form.page_{spec.name}")
    else:
        known = ui(f"form.setting_{spec.name}") if spec.setting or spec.name in _SETTINGS else ""
    return known if known and not known.startswith("form.") else spec.name


def group_label(group: str, ui: Translator) -> str:
    """A tab's name: sdgkit's text for the usual scopes, ``Source 3`` for ``source_3``, else the scope itself."""
    source = _SOURCE_SCOPE.fullmatch(group)
    if source:
        return ui("form.group_source", number=source["number"])
    text = ui(f"form.group_{group}")
    return group.replace("_", " ").capitalize() if text.startswith("form.") else text


def _options_json(spec: Spec, value: Any, site: FormSite, ui: Translator) -> list[dict[str, Any]]:
    """The options with their labels; a value in the file that is not an option is kept as one."""
    if spec.element not in ("select", "multiselect"):
        return []
    shown: list[dict[str, Any]] = []
    for number, (option, label) in enumerate(spec.options):
        key = spec.option_keys[number] if number < len(spec.option_keys) else None
        translated = site.catalog.get(ui.language, key) if key and site.catalog is not None else None
        if not translated and spec.setting and label == option:
            known = ui(f"form.option_{option}")
            translated = None if known.startswith("form.") else known
        shown.append({"value": option, "label": translated or label})
    listed = {option for option, _label in spec.options}
    current = display_value(spec.element, value)
    for item in current if isinstance(current, list) else [current]:
        if item not in ("", None) and item not in listed:
            shown.append({"value": item, "label": ui("form.option_not_listed", value=item), "unlisted": True})
            listed.add(item)
    return shown


def display_value(element: str, value: Any) -> Any:
    """The value as the browser's control holds it: text, a boolean, or a list of texts."""
    if element == "checkbox":
        return _boolean(value) is True
    if element == "multiselect":
        items = value if isinstance(value, list) else [] if value in (None, "") else [value]
        return [_text(item) for item in items]
    if element == "yaml" and value is not None:
        return dump_yaml(value)
    if element == "hidden" and not isinstance(value, (*_SCALARS, type(None))):
        return dump_yaml(value)
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def dump_yaml(value: Any) -> str:
    """A structured value as block YAML, as a person would write it."""
    text = yaml.safe_dump(value, default_flow_style=False, allow_unicode=True, sort_keys=False, width=1 << 16)
    return text.removesuffix("\n...\n").rstrip("\n")


def languages_of(path: str, kind: str, site: FormSite, ui: Translator, *, exists: bool = True) -> list[dict[str, Any]]:
    """For a metadata file: each site language with its file (the default one, or ``meta/<lang>/<name>``).

    ``exists``: whether ``path`` itself exists (a translation being made does not yet).
    """
    if kind != "metadata" or not site.languages:
        return []
    found = _TRANSLATION.fullmatch(path)
    name = found["name"] if found is not None else path.rsplit("/", 1)[-1]
    shown = []
    for number, code in enumerate(site.languages):
        file = f"meta/{name}" if number == 0 else f"meta/{code}/{name}"
        shown.append({"code": code, "name": language_name(code, ui.language), "path": file,
                      "exists": exists if file == path else site.exists(file), "current": file == path})
    return shown


def language_name(code: str, in_language: str) -> str:
    """``Français`` for ``fr`` in French; the code itself when babel does not know it."""
    try:
        return Locale.parse(code, sep="-").get_display_name(in_language) or code
    except (UnknownLocaleError, ValueError):
        return code


def lines_of(content: str, path: str) -> tuple[dict[str, int], int | None]:
    """The line of each top-level key in ``content``, and of the body's first line, as the checks count them."""
    text = content.removeprefix(_BOM)
    if path.endswith(".md"):
        try:
            split = _split_markdown(text)
        except FormError:
            return {}, None
        if split is None:
            return {}, 1
        front, _body, offset, body_line = split
        return parse_yaml(front, path, line_offset=offset).key_lines, body_line
    return parse_yaml(text, path).key_lines, None


# --- applying a form ---------------------------------------------------------------------------


def apply(content: str, kind: str, path: str, fields: Mapping[str, Any], body: str | None,
          site: FormSite | None = None) -> str:
    """``content`` with the form's values set (``None``: the key removed) and the body replaced.

    Values equal to what the file holds are left alone, so an untouched field keeps its
    lines byte for byte even when the browser sends it; an empty value is not added as a
    new key. In a translation file an emptied field is removed, so that the default
    language's value shows again.
    """
    site = site or FormSite()
    if mode_of(kind, path) != "form":
        raise FormError(f"{path} is edited as text, not with the form")
    start = _new_file_start(content, kind, path)
    document = read_document(start, path)
    translation = translation_base(path, site.languages) is not None
    known = {spec.name: spec for spec in specs(kind, path, document.data, site)}
    changes: dict[str, Any] = {}
    removals: list[str] = []
    for name, value in fields.items():
        spec = _writable(known, name)
        if value is None or (translation and value in ("", [])):
            removals += [name] if name in document.data else []
            continue
        typed = typed_value(spec, value, document.data.get(name))
        if _changes(document.data, name, typed):
            changes[name] = typed
    edited = _edited(start, path, changes, removals)
    if body is not None:
        if not document.markdown:
            raise FormError(f"{path} has no Markdown body")
        if not isinstance(body, str):
            raise FormError("the page's content must be text")
        if body.replace("\r\n", "\n") != (document.body or ""):
            edited = replace_body(edited, body)
    return edited


def _new_file_start(content: str, kind: str, path: str) -> str:
    """A new (empty) metadata file in Markdown starts from an empty front matter."""
    if not content.strip() and kind == "metadata" and path.endswith(".md"):
        return "---\n---\n"
    return content


def _writable(known: Mapping[str, Spec], name: object) -> Spec:
    if not isinstance(name, str) or not name or len(name) > _NAME_LIMIT:
        raise FormError("a field name must be text of at most 200 characters")
    spec = known.get(name)
    if spec is None:
        raise FormError(f"this form has no field {name}", name)
    if spec.element == "hidden":
        raise FormError(f"the field {name} is read-only in the form", name)
    return spec


def _edited(text: str, path: str, changes: dict[str, Any], removals: list[str]) -> str:
    if not changes and not removals:
        return text
    try:
        if path.endswith(".md"):
            return update_front_matter(text, changes, removals)
        return update_yaml(text, changes, removals)
    except YamlEditError as error:
        raise FormError(f"the file cannot be changed: {error}") from None


def _changes(data: Mapping[str, Any], name: str, typed: Any) -> bool:
    """A value different from the file's; for a key the file lacks, one that is not empty (or an unticked box)."""
    if name in data:
        return not _same(data[name], typed)
    return not (typed is None or typed is False or typed == "" or typed == [])


def _same(old: Any, new: Any) -> bool:
    """Equal as data (a date and its text are not), with Open SDG's ``"true"`` as ``true``."""
    return bool(type(old) is type(new) and old == new) or (isinstance(new, bool) and _boolean(old) is new)


def typed_value(spec: Spec, value: Any, old: Any) -> Any:
    """The form's value as the data to write, typed by the field's element; :class:`FormError` if it cannot be."""
    name, element = spec.name, spec.element
    if element == "checkbox":
        typed = _boolean(value)
        if not isinstance(typed, bool):
            raise FormError(f"the field {name} must be ticked or not (true or false)", name)
        return typed
    if element == "multiselect":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise FormError(f"the field {name} must be a list of choices", name)
        return list(value)
    if not isinstance(value, str):
        raise FormError(f"the field {name} must be text", name)
    text = value.replace("\r\n", "\n")
    if element == "yaml":
        return parse_field_yaml(name, text)
    return _like(text, old)


def parse_field_yaml(name: str, text: str) -> Any:
    """A YAML field's value, read as sdgkit reads metadata; invalid YAML is refused, naming the field."""
    if not text.strip():
        return None
    parsed = parse_yaml(text, name)
    if parsed.issues:
        problem = parsed.issues[0]
        where = f" (line {problem.line})" if problem.line else ""
        raise FormError(f"the field {name} is not valid YAML{where}: {problem.message}", name)
    return parsed.data


def _like(text: str, old: Any) -> Any:
    """Text typed as the old value was: a number stays a number, a date a date, when the text reads as one."""
    if old is None or isinstance(old, str) or not isinstance(old, _SCALARS):
        return text
    try:
        parsed = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        return text
    return parsed if type(parsed) is type(old) else text


def replace_body(markdown_text: str, body: str) -> str:
    """The Markdown file with its body replaced; the front matter's bytes (and a byte order mark) kept.

    The body's line breaks follow the file's (CRLF stays CRLF); a body that is not empty
    ends with a line break, as files do.
    """
    bom = _BOM if markdown_text.startswith(_BOM) else ""
    text = markdown_text[len(bom):]
    split = _split_markdown(text)
    head = ""
    if split is not None:
        lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
        head = "".join(lines[:split[3] - 1])
        newline = "\r\n" if lines[split[3] - 2].endswith("\r\n") else "\n"
        if not head.endswith("\n"):
            head += newline
    else:
        newline = "\r\n" if "\r\n" in text else "\n"
    new = body.replace("\r\n", "\n")
    if new and not new.endswith("\n"):
        new += "\n"
    return bom + head + (new.replace("\n", newline) if newline != "\n" else new)
