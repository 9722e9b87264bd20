"""The validate stage: every check of an assembled project, as issues."""

from __future__ import annotations

from sdgkit.assemble import Project
from sdgkit.validate.data import check_data
from sdgkit.validate.issues import Issue
from sdgkit.validate.metadata import check_metadata
from sdgkit.validate.progress import check_progress
from sdgkit.validate.site import check_site
from sdgkit.validate.structure import check_structure, check_translations


def validate(project: Project) -> list[Issue]:
    """All checks of an assembled project (reading and typing problems come earlier)."""
    language = project.config.default_language
    issues: list[Issue] = []
    for indicator in project.sorted_indicators():
        issues += check_data(indicator, project.layers)
        issues += check_metadata(indicator, project.schema, project.catalog, language)
        issues += check_structure(indicator)
        issues += check_progress(indicator, project.config)
    issues += check_translations(project.catalog, project.config.languages)
    issues += check_site(project)
    issues += _sdmx(project)
    return issues


def _sdmx(project: Project) -> list[Issue]:
    """What a configured SDMX output would leave out (imported here: most sites have none)."""
    if not project.config.sdmx_output and not project.config.sdmx_output_global:
        return []
    from sdgkit.sdmx.outputs import check_sdmx

    return check_sdmx(project)
