"""The routes of the metadata, configuration and page form (being written)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from sdgkit.editor.app import Editor


def form_routes(editor: Editor) -> list[BaseRoute]:
    """The form's routes, relative to ``/_editor``."""
    return []
