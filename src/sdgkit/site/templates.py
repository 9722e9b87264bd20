"""Jinja templates looked up in the site's own folder, then its theme, then sdgkit's defaults.

As in datasette, ``{% extends "default:base.html" %}`` reaches the built-in template, so a
country overrides one block without copying the rest. Autoescaping is always on; user text
reaches a page escaped, or as HTML only after :func:`sdgkit.site.markup.sanitise`.
"""

from __future__ import annotations

from collections.abc import Mapping

import jinja2

DEFAULT_PACKAGE = "sdgkit"
DEFAULT_FOLDER = "themes/default/templates"


def template_environment(own: Mapping[str, str], theme: Mapping[str, str], *,
                         strict: bool = False) -> jinja2.Environment:
    """The environment every page is rendered with."""
    defaults = jinja2.PackageLoader(DEFAULT_PACKAGE, DEFAULT_FOLDER)
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"default": defaults, "theme": jinja2.DictLoader(dict(theme))}, delimiter=":"),
        jinja2.DictLoader(dict(own)), jinja2.DictLoader(dict(theme)), defaults,
    ])
    return jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined if strict else jinja2.ChainableUndefined)


def template_problems(environment: jinja2.Environment, names: list[str]) -> list[tuple[str, str]]:
    """``(template, problem)`` for each of the site's own templates that does not compile."""
    problems = []
    for name in names:
        try:
            environment.get_template(name)
        except jinja2.TemplateError as error:
            problems.append((name, str(error.message or error)))
    return problems
