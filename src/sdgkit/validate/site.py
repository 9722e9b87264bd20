"""Checks of the website's own sources: pages, templates, colours and interface translations.

They run with every ``sdgkit check``, so a statistician learns about an untranslated button or
a page that would hide another before building.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from sdgkit.assemble import Project
from sdgkit.config.site_options import SiteOptions
from sdgkit.i18n.catalog import Catalog
from sdgkit.site.goals import DARK_TEXT, contrast
from sdgkit.site.progress_view import interface_keys as progress_keys
from sdgkit.site.sources import SiteSources
from sdgkit.site.templates import template_environment, template_problems
from sdgkit.site.ui_text import looks_like_key
from sdgkit.site.urls import RESERVED
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

#: ``t('group.key')`` or ``ta("group.key")`` in a template
_TEMPLATE_KEY = re.compile(r"""\bta?\(\s*['"]([A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+)['"]""")
#: addresses every language tree uses for its own pages
_SITE_PAGES = frozenset({"reporting-status", "search", "news", "404.html", "indicators.json"})
MIN_CONTRAST = 4.5
EXAMPLES = 5


def check_site(project: Project) -> list[Issue]:
    site, sources = project.config.site, project.site
    issues = _address_conflicts(project)
    issues += _template_issues(sources)
    issues += _colour_issues(site)
    issues += _missing_files(site, sources)
    keys = interface_keys(sources, site)
    if any(_shows_progress(indicator.metadata) for indicator in project.indicators.values()):
        keys |= progress_keys()
    for language in project.config.languages:
        issues += _untranslated(project.catalog, language, keys)
    return issues


def _shows_progress(metadata: dict[str, object]) -> bool:
    """The indicator's page has a progress part (whose texts are chosen in Python, not in templates)."""
    return metadata.get("auto_progress_calculation") is True or metadata.get("progress_status") not in (None, "")


def _address_conflicts(project: Project) -> list[Issue]:
    """Pages that would take the address of a data folder, an indicator, a goal or another page."""
    taken = set(RESERVED) | _SITE_PAGES | {str(n) for n in range(1, 18)}
    for indicator in project.indicators.values():
        permalink = indicator.metadata.get("permalink")
        taken.add(str(permalink).strip("/") if isinstance(permalink, str) and permalink.strip("/")
                  else indicator.id.slug)
    issues: list[Issue] = []
    seen: dict[tuple[str | None, str], str] = {}
    for document in [*project.site.pages, *project.site.posts]:
        key = (document.language, document.permalink)
        head = document.permalink.split("/")[0]
        clash = head in RESERVED or document.permalink in taken
        other = "an indicator, a goal, a built-in page or a data folder" if clash else seen.get(key)
        if other:
            issues.append(make_issue("page-address-conflict", file=document.file, line=1, value=document.file,
                                     path=document.permalink + "/", other=other))
        seen.setdefault(key, document.file)
    return issues


def _template_issues(sources: SiteSources) -> list[Issue]:
    environment = template_environment(sources.templates, sources.theme_templates)
    names = [*sources.templates, *(f"theme:{name}" for name in sources.theme_templates)]
    return [make_issue("site-template-error", value=name, problem=problem)
            for name, problem in template_problems(environment, names)]


def _colour_issues(site: SiteOptions) -> list[Issue]:
    pairs = [("site.colours.primary", site.colours.primary, "#ffffff", "white text"),
             ("site.colours.link", site.colours.link, "#ffffff", "a white background"),
             ("site.colours.header_background", site.colours.header_background, DARK_TEXT, "the dark header text")]
    return [make_issue("site-colour-contrast", value=colour, key=key, against=against,
                       ratio=f"{contrast(colour, other):.1f}")
            for key, colour, other, against in pairs if contrast(colour, other) < MIN_CONTRAST]


def _missing_files(site: SiteOptions, sources: SiteSources) -> list[Issue]:
    """Local files the settings point to (``assets/logo.png``) that the static folder lacks."""
    named = [(f"site.logos[{n}].src", logo.src) for n, logo in enumerate(site.logos)]
    named += [("site.favicon", site.favicon)] if site.favicon else []
    named += [(f"site.custom_css[{n}]", path) for n, path in enumerate(site.custom_css)]
    named += [(f"site.custom_js[{n}]", path) for n, path in enumerate(site.custom_js)]
    return [make_issue("site-file-missing", key=key, value=path) for key, path in named
            if _is_local(path) and _static_name(path, site.static_dir) not in sources.static]


def _is_local(path: str) -> bool:
    return "://" not in path and not path.startswith(("//", "data:"))


def _static_name(path: str, static_dir: str) -> str:
    """``assets/img/logo.png`` (as published) → ``img/logo.png`` (in the static folder)."""
    relative = path.lstrip("/")
    for prefix in ("assets/", f"{static_dir.strip('/')}/"):
        if relative.startswith(prefix):
            return relative[len(prefix):]
    return relative


def interface_keys(sources: SiteSources, site: SiteOptions) -> set[str]:
    """Translation keys the site's pages show: those in the templates and in the site settings."""
    keys = set(_default_template_keys())
    for text in [*sources.templates.values(), *sources.theme_templates.values()]:
        keys.update(_TEMPLATE_KEY.findall(text))
    keys.update(value for value in _setting_texts(site.model_dump()) if looks_like_key(value))
    return keys


@cache
def _default_template_keys() -> frozenset[str]:
    folder = resources.files("sdgkit") / "themes" / "default" / "templates"
    found: set[str] = set()
    for item in folder.iterdir():
        if item.name.endswith(".html"):
            found.update(_TEMPLATE_KEY.findall(item.read_text(encoding="utf-8")))
    return frozenset(found)


def _setting_texts(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _setting_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _setting_texts(item)


def _untranslated(catalog: Catalog, language: str, keys: set[str]) -> list[Issue]:
    missing = sorted(key for key in keys if catalog.get(language, key) is None
                     and any(catalog.get(other, key) is not None for other in catalog.texts))
    if not missing:
        return []
    return [make_issue("site-untranslated-text", lang=language, count=len(missing), value=language,
                       examples=", ".join(f"`{key}`" for key in missing[:EXAMPLES]) + (" …" if len(missing) > EXAMPLES
                                                                                        else ""))]
