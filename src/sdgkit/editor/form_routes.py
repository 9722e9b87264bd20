"""The routes of the metadata, configuration and page form: the form, a form applied, Markdown shown.

None of them writes a file, so a viewer may use them all (action ``read``): the form is
applied to the text the browser sends and the new text comes back, to be checked
(``api/check``), previewed and saved through the routes every file uses. Paths become
repository files only through :func:`sdgkit.editor.app.editable`, the base file of a
translation and the indicator's configuration file included.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from sdgkit.config.loading import load_config
from sdgkit.editor import store
from sdgkit.editor.app import JSON_LIMIT, ApiError, Call, Editor, editable, route, text_of
from sdgkit.editor.forms import FormError, FormSite, apply, build_form, lines_of
from sdgkit.editor.new_files import start_of_new_file
from sdgkit.editor.security import SecurityError, refusal
from sdgkit.formats.files import RepoFiles
from sdgkit.formats.schema import MetadataSchema, read_prose_schema
from sdgkit.site.markup import markdown

#: the longest Markdown text previewed (characters): a long metadata field or page is far shorter
MARKDOWN_LIMIT = 200_000
#: its request: the text as JSON, where escapes can make it up to six times longer
MARKDOWN_BODY_LIMIT = 6 * MARKDOWN_LIMIT + 1024
FIELD_COUNT_LIMIT = 5000


def form_routes(editor: Editor) -> list[BaseRoute]:
    """The form's routes, relative to ``/_editor``."""
    post = ("POST",)
    return [
        route(editor, "/api/form", form_of_file),
        route(editor, "/api/form/apply", apply_form, methods=post, limit=JSON_LIMIT),
        route(editor, "/api/markdown", markdown_html, methods=post, limit=MARKDOWN_BODY_LIMIT),
    ]


# --- the repository as the form sees it ---------------------------------------------------------


def form_site(editor: Editor) -> FormSite:
    """Schema, languages and translations of the preview's last build; read from the files before one."""
    built = editor.preview.last_build if editor.preview is not None else None
    if built is not None:
        project = built.project
        return FormSite(project.schema, tuple(project.config.languages), project.catalog,
                        lambda path: _exists(editor, path), lambda path: _read(editor, path))
    schema, languages = _schema_from_files(editor)
    return FormSite(schema, languages, None, lambda path: _exists(editor, path), lambda path: _read(editor, path))


def _schema_from_files(editor: Editor) -> tuple[MetadataSchema | None, tuple[str, ...]]:
    files = RepoFiles(editor.root)
    config = load_config(files, editor.config_file).config
    path = config.in_src(config.schema_file)
    schema = read_prose_schema(files, path)[0] if files.exists(path) else None
    return schema, tuple(config.languages)


def _read(editor: Editor, raw: str) -> str | None:
    """The text of another editable file (a translation's base), checked as any path from a request."""
    try:
        relative, _kind = editable(editor, raw)
        content, _version = store.read(editor.root, relative)
    except (ApiError, SecurityError, FileNotFoundError, store.UnsafePathError):
        return None
    return text_of(content)


def _exists(editor: Editor, raw: str) -> bool:
    try:
        relative, _kind = editable(editor, raw)
        return store.current_version(editor.root, relative) is not None
    except (ApiError, SecurityError, store.UnsafePathError):
        return False


def _current(editor: Editor, relative: str) -> tuple[str | None, str | None]:
    try:
        content, version = store.read(editor.root, relative)
    except FileNotFoundError:
        return None, None
    return text_of(content), version


# --- the routes --------------------------------------------------------------------------------


async def form_of_file(call: Call) -> Response:
    """``GET api/form?path=``: the file's form (fields, values, groups, languages), or its text for config files."""
    relative, kind = editable(call.editor, call.request.query_params.get("path"))
    if kind == "data":
        raise ApiError(400, "not-a-form", refusal("errors.not_a_form"))
    site = await run_in_threadpool(form_site, call.editor)
    content, version = await run_in_threadpool(_current, call.editor, relative)
    if content is None and await run_in_threadpool(start_of_new_file, call.editor, relative) is None:
        raise ApiError(404, "not-found", refusal("errors.no_such_file"))
    form = await run_in_threadpool(build_form, relative, kind, content, version, site, call.translator)
    return JSONResponse(form)


async def apply_form(call: Call) -> Response:
    """``POST api/form/apply``: the file's new text with the form's values; nothing is written."""
    body = call.json()
    relative, kind = editable(call.editor, body.get("path"))
    content, fields, markdown_body = _apply_request(body)
    site = await run_in_threadpool(form_site, call.editor)
    try:
        new = await run_in_threadpool(apply, content, kind, relative, fields, markdown_body, site)
    except FormError as error:
        raise ApiError(400, "bad-field", error.message, field=error.field_name) from None
    lines, body_line = lines_of(new, relative)
    return JSONResponse({"path": relative, "content": new, "lines": lines, "body_line": body_line})


def _apply_request(body: dict[str, Any]) -> tuple[str, dict[str, Any], str | None]:
    content = body.get("content")
    content = "" if content is None else content
    if not isinstance(content, str):
        raise ApiError(400, "bad-content", refusal("errors.bad_content"))
    fields = body.get("fields")
    fields = {} if fields is None else fields
    if not isinstance(fields, dict) or len(fields) > FIELD_COUNT_LIMIT:
        raise ApiError(400, "bad-fields", refusal("errors.bad_fields", limit=FIELD_COUNT_LIMIT))
    markdown_body = body.get("body")
    if markdown_body is not None and not isinstance(markdown_body, str):
        raise ApiError(400, "bad-body", refusal("errors.bad_body"))
    return content, fields, markdown_body


async def markdown_html(call: Call) -> Response:
    """``POST api/markdown``: Markdown as the site renders it, sanitised by nh3 (no script survives)."""
    text = call.json().get("text")
    if not isinstance(text, str):
        raise ApiError(400, "bad-text", refusal("errors.bad_text"))
    if len(text) > MARKDOWN_LIMIT:
        raise ApiError(413, "too-large", refusal("errors.text_too_long", limit=f"{MARKDOWN_LIMIT:,}"))
    html = await run_in_threadpool(markdown, text)
    return JSONResponse({"html": str(html)})
