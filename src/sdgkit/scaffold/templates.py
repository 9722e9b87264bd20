"""The package's template files (``files/``), rendered with Jinja.

The templates produce YAML and Markdown, not HTML, so nothing is HTML-escaped; values that
go into YAML pass through the ``yaml`` filter, which quotes them, so a country called
``Côte d'Ivoire: demo`` still gives a valid file.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import jinja2

FOLDER = "files"


def resource(name: str) -> Traversable:
    """A file of the package data, by its path under ``files/``."""
    return resources.files(__package__).joinpath(FOLDER, *name.split("/"))


def exists(name: str) -> bool:
    return resource(name).is_file()


def text(name: str) -> str:
    """A package file as it is (for files that need no rendering)."""
    return resource(name).read_text(encoding="utf-8")


def render(name: str, **values: Any) -> str:
    """A rendered template; an unknown variable is an error, never an empty string."""
    return _environment().from_string(text(name)).render(**values)


def yaml_scalar(value: object) -> str:
    """A YAML scalar that reads back as the same text (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        autoescape=False)  # noqa: S701 - the output is YAML and Markdown, never HTML
    environment.filters["yaml"] = yaml_scalar
    return environment
