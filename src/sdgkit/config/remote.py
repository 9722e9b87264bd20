"""Sources a configuration names that sdgkit will not read, each reported with its line.

sdgkit never downloads during a build: the machine that builds may be offline, and a
build must not change because a server did. Each remote source becomes a
``config-remote-source`` warning that says what to configure instead; a local input
in a format this version cannot read yet becomes ``config-input-unsupported``.
"""

from __future__ import annotations

from collections.abc import Iterator

from sdgkit.config.models import SDMX_DATA_FORMATS, InputSpec, SiteConfig
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

Lines = dict[tuple[str | int, ...], int]

#: Readers that only fetch from web services.
API_FORMATS = frozenset({"ckan", "json-stat", "pxweb", "sdmx-ml-un-api"})
#: Where the incumbent fetches the UN global metadata when no source is given.
UN_METADATA_URL = "https://unstats.un.org/SDGMetadataAPI/api/Metadata/SDMXReport/G.ALL.1"


def is_remote(location: str | None) -> bool:
    return bool(location) and str(location).lower().startswith(("http://", "https://", "git@", "ftp://"))


#: Formats this version reads; the others are skipped with ``config-input-unsupported``. ``sdmx-meta``
#: is read from files in the repository only: without them it would fetch the UN global metadata.
READABLE_INPUTS = frozenset({"csv-data", "yaml-meta", "yaml-md-meta", "csv-meta", "sdmx-meta", *SDMX_DATA_FORMATS})
READABLE_TRANSLATIONS = frozenset({"sdg-translations", "yaml", "csv", "sdmx"})


def unread_source_issues(config: SiteConfig, file: str, lines: Lines) -> list[Issue]:
    return [*_translation_issues(config, file, lines), *_input_issues(config, file, lines),
            *_map_issues(config, file, lines), *_unsupported_issues(config, file, lines)]


def is_skipped_remote(spec: InputSpec) -> bool:
    """An input that only fetches from the web (reported as a remote source).

    ``sdmx-meta`` without ``source`` is the incumbent's download of the UN global metadata, unless
    ``path_pattern`` names files in the repository (which then win over ``source``).
    """
    if spec.format in API_FORMATS:
        return True
    if spec.format == "sdmx-meta":
        return not spec.path_pattern and (not spec.source or is_remote(spec.source))
    return is_remote(spec.source)


def _unsupported_issues(config: SiteConfig, file: str, lines: Lines) -> Iterator[Issue]:
    for index, spec in enumerate(config.inputs):
        if spec.format not in READABLE_INPUTS and not is_skipped_remote(spec):
            yield make_issue("config-input-unsupported", file=file, line=lines.get(("inputs", index)),
                             kind=spec.format, value=spec.format)
    for index, translation in enumerate(config.translations):
        if translation.format not in READABLE_TRANSLATIONS:
            yield make_issue("config-input-unsupported", file=file, line=lines.get(("translations", index)),
                             kind=f"translations: {translation.format}", value=translation.format)


#: what replaces a remote DSD (of an SDMX data input or of ``TranslationInputSdmx``)
_DSD_ALTERNATIVE = ("sdgkit uses the global SDG DSD it ships instead. If this is a national DSD, save it once in the "
                    "repository (for example `sdmx/dsd.xml`) and name that file here.")


def _translation_issues(config: SiteConfig, file: str, lines: Lines) -> Iterator[Issue]:
    for index, spec in enumerate(config.translations):
        if not is_remote(spec.source):
            continue
        line = lines.get(("translations", index))
        if spec.format == "sdmx":
            yield make_issue("config-remote-source", file=file, line=line, value=spec.source,
                             url=_short(spec.source or ""), what="The DSD of the `sdmx` translations",
                             alternative=_DSD_ALTERNATIVE)
            continue
        yield make_issue(
            "config-remote-source", file=file, line=line,
            value=spec.source, what="The `sdg-translations` source", url=spec.source,
            alternative=("sdgkit ships the SDG translations (26 languages) and uses them instead. "
                         "To use another version, copy it once into the repository and set `source:` "
                         "to that folder, for example `source: sdg-translations`."))


def _input_issues(config: SiteConfig, file: str, lines: Lines) -> Iterator[Issue]:
    for index, spec in enumerate(config.inputs):
        url = spec.source or (UN_METADATA_URL if spec.format == "sdmx-meta" else None)
        if is_skipped_remote(spec):
            yield make_issue(
                "config-remote-source", file=file, line=lines.get(("inputs", index)),
                value=url, what=f"The `{spec.format}` input", url=url or "a web service",
                alternative=_input_alternative(spec))
        elif spec.format in SDMX_DATA_FORMATS and is_remote(spec.dsd):
            yield make_issue("config-remote-source", file=file, line=lines.get(("inputs", index, "dsd")),
                             value=spec.dsd, url=_short(spec.dsd or ""), what=f"The DSD of the `{spec.format}` input",
                             alternative=_DSD_ALTERNATIVE)


def _input_alternative(spec: InputSpec) -> str:
    if spec.format == "sdmx-meta":
        return ("Download the SDMX metadata reports once into the repository (for example `sdmx-meta/global.xml`) "
                "and set `source:` to that file (or `path_pattern:` to the files); sdgkit reads local SDMX-ML 2.1 "
                "generic metadata messages.")
    if spec.format in SDMX_DATA_FORMATS:
        return ("Download the SDMX data once into the repository and set `source:` to that file (or `path_pattern:` "
                "to the files); sdgkit reads local SDMX-ML and SDMX-JSON data.")
    return ("Download the data once and keep it in the repository. This version of sdgkit reads CSV data, local "
            "SDMX data files and YAML, Markdown or CSV metadata, so the indicators keep only their other data and "
            "metadata for now.")


def _map_issues(config: SiteConfig, file: str, lines: Lines) -> Iterator[Issue]:
    for index, layer in enumerate(config.map_layers):
        if is_remote(layer.geojson_file):
            yield make_issue(
                "config-remote-source", file=file, line=lines.get(("map_layers", index, "geojson_file")),
                value=layer.geojson_file, what=f"The map layer `{layer.output_subfolder}`",
                url=_short(layer.geojson_file),
                alternative=("Download the boundaries once as GeoJSON into the repository (for "
                             "example `geojsons/regions.geojson`) and set `geojson_file:` to that path."))


def _short(url: str) -> str:
    return url if len(url) <= 90 else url[:87] + "…"
