"""One SDMX output of a project: a message per indicator, per goal and for everything, and the report.

The files are those of the incumbent's ``OutputSdmxMl`` (``{id}.xml``, ``{goal}.xml``,
``all.xml``, in ``sdmx/`` or ``sdmx-global/``; metadata reports likewise in ``meta/``), returned
as bytes with paths relative to the output folder: the build decides where they go, and
nothing here writes. Indicators without data or without a row that fits the DSD get no file,
but every one is in the report.

Combined files (a goal, ``all``) gather the indicators' series; when two indicators give the
same series key (a SERIES shared between indicators) their observations are merged, and a
collision there (two values for one period, or different series attributes) keeps the first
indicator's and is named in the report's problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sdgkit import __version__
from sdgkit.assemble import Project
from sdgkit.dataservice.translate import Translator
from sdgkit.formats.files import RepoFiles
from sdgkit.model.indicator import Indicator
from sdgkit.sdmx.mapping import MappedIndicator, MappingContext, Observation, Series, map_indicator
from sdgkit.sdmx.metadata import SDG_MSD_CONCEPTS, MetadataSet, metadata_sets, write_generic_metadata
from sdgkit.sdmx.options import SdmxOutputOptions
from sdgkit.sdmx.report import MappingReport, build_report
from sdgkit.sdmx.sources import SdmxInputs, load_inputs
from sdgkit.sdmx.writer import Header, write_structure_specific

ALL = "all"


@dataclass(slots=True)
class ExportResult:
    """The files of one SDMX output (paths relative to ``options.output_subfolder``) and its report."""

    options: SdmxOutputOptions
    files: dict[str, bytes]
    report: MappingReport
    mapped: dict[str, MappedIndicator] = field(default_factory=dict)

    def output_files(self) -> Iterable[tuple[str, bytes]]:
        """Paths relative to the site folder (``sdmx-global/1-1-1.xml``), in a stable order."""
        folder = self.options.output_subfolder.strip("/")
        for name in sorted(self.files):
            yield f"{folder}/{name}", self.files[name]


def export_sdmx(project: Project, options: SdmxOutputOptions, prepared: datetime, files: RepoFiles | None = None,
                inputs: SdmxInputs | None = None) -> ExportResult:
    """Map every indicator and write the messages; ``files`` reads a national DSD and map files.

    Raises :class:`~sdgkit.sdmx.sources.SdmxInputError` when the DSD cannot be read.
    """
    inputs = inputs or load_inputs(options, files)
    context = MappingContext.create(inputs, options)
    mapped = {indicator.id.slug: _mapped(indicator, context) for indicator in project.sorted_indicators()}
    header = _header(options, prepared)
    written: dict[str, bytes] = {}
    for slug, one in mapped.items():
        if one.series:
            written[f"{slug}.xml"] = _message(one.series, context, header, slug)
    problems = list(inputs.problems)
    for name, groups in _combined_files(project, mapped).items():
        series, collisions = combine(groups)
        problems += [f"{name}.xml: {collision}" for collision in collisions]
        written[f"{name}.xml"] = _message(series, context, header, name)
    if not options.structure_specific:
        problems.append("structure_specific: false asks for generic SDMX-ML, which sdgkit does not write; "
                        "the messages are structure-specific")
    if options.msd:
        problems.append(f"msd {options.msd}: metadata structures other than the SDG one are not read yet; "
                        "the SDG metadata concepts were used")
    meta_files, meta_problems = _metadata_files(project, mapped, context, header)
    written.update(meta_files)
    problems += meta_problems
    outputs = {slug: f"{slug}.xml" for slug, one in mapped.items() if one.series}
    dsd = inputs.dsd
    report = build_report(mapped.values(), options.output_subfolder, f"{dsd.agency}:{dsd.id}({dsd.version})",
                          outputs, problems)
    return ExportResult(options, written, report, mapped)


def _metadata_files(project: Project, mapped: dict[str, MappedIndicator], context: MappingContext,
                    header: Header) -> tuple[dict[str, bytes], list[str]]:
    """``meta/{id}.xml`` per indicator with reports, ``meta/{goal}.xml``, ``meta/all.xml`` (always)."""
    translators = [Translator.from_catalog(project.catalog, language) for language in project.config.languages]
    options = context.options
    written: dict[str, bytes] = {}
    by_goal: dict[str, list[MetadataSet]] = {}
    everything: list[MetadataSet] = []
    missing: Counter[str] = Counter()
    for indicator in project.sorted_indicators():
        slug = indicator.id.slug
        sets, reason = metadata_sets(slug, _languages(indicator, translators, options.constrain_meta),
                                     context.series_of_indicator.get(slug, ()), mapped[slug],
                                     constrain=options.constrain_meta, reporting_type=options.meta_reporting_type,
                                     ref_area=options.meta_ref_area)
        if not sets:
            missing[reason] += 1
            continue
        written[f"meta/{slug}.xml"] = write_generic_metadata(sets, header)
        everything += sets
        if indicator.id.is_sdg_shaped and not indicator.standalone:
            by_goal.setdefault(indicator.id.goal(), []).extend(sets)
    for goal, sets in by_goal.items():
        written[f"meta/{goal}.xml"] = write_generic_metadata(sets, header)
    written["meta/all.xml"] = write_generic_metadata(everything, header)
    problems = [f"metadata: {count} indicator{'s' if count != 1 else ''} without a report: {reason}"
                for reason, count in missing.most_common()]
    return written, problems


def _languages(indicator: Indicator, translators: list[Translator], constrain: bool) -> dict[str, dict[str, Any]]:
    """Language → the indicator's metadata in it (sub-folder fields first, translation keys resolved)."""
    found: dict[str, dict[str, Any]] = {}
    for translator in translators:
        fields = {**indicator.metadata, **indicator.translations.get(translator.language, {})}
        if constrain:
            fields = {key: value for key, value in fields.items() if key in SDG_MSD_CONCEPTS}
        found[translator.language] = translator.metadata(fields)
    return found


def _mapped(indicator: Indicator, context: MappingContext) -> MappedIndicator:
    table = indicator.data
    if table is None:
        return MappedIndicator(indicator.id.slug, None, 0, notes=["No data file."])
    return map_indicator(indicator.id.slug, table.frame, indicator.metadata, context, table.lines, table.file)


def _header(options: SdmxOutputOptions, prepared: datetime) -> Header:
    sender = options.sender_id or f"sdgkit@{__version__}"
    return Header(prepared, sender, options.header_id)


def _message(series: list[Series], context: MappingContext, header: Header, dataset: str) -> bytes:
    one = Header(header.prepared, header.sender, header.id, header.test, dataset)
    return write_structure_specific(series, context.dsd, one)


def _combined_files(project: Project, mapped: dict[str, MappedIndicator]) -> dict[str, list[tuple[str, list[Series]]]]:
    """Goal files (SDG-shaped indicators only: a national id could clash with an indicator file) and ``all``."""
    goals: dict[str, list[tuple[str, list[Series]]]] = {}
    everything: list[tuple[str, list[Series]]] = []
    for indicator in project.sorted_indicators():
        series = mapped[indicator.id.slug].series
        if not series:
            continue
        everything.append((indicator.id.slug, series))
        if indicator.id.is_sdg_shaped and not indicator.standalone:
            goals.setdefault(indicator.id.goal(), []).append((indicator.id.slug, series))
    return {**goals, ALL: everything}


def combine(groups: Iterable[tuple[str, list[Series]]]) -> tuple[list[Series], list[str]]:
    """The series of several indicators as one list; equal keys merged, collisions left out and named.

    An indicator that repeats another's observation exactly (a series shared by two indicators)
    adds nothing and is no collision.
    """
    merged: dict[tuple[tuple[str, str], ...], tuple[Series, str, dict[str, Observation]]] = {}
    collisions: Counter[tuple[str, str, str]] = Counter()
    for indicator, serieses in groups:
        for series in serieses:
            key = tuple(series.key.items())
            entry = merged.get(key)
            if entry is None:
                copy = Series(series.key, series.attributes, list(series.observations))
                merged[key] = (copy, indicator, {o.time: o for o in series.observations})
                continue
            problem = _merge(entry, series)
            if problem:
                collisions[(indicator, entry[1], problem)] += 1
    messages = [f"{count} series of {indicator} have the key of a series of {first} but {problem}; "
                f"the observations of {indicator} that differ are left out"
                for (indicator, first, problem), count in collisions.items()]
    return [series for series, _, _ in merged.values()], messages


def _merge(entry: tuple[Series, str, dict[str, Observation]], series: Series) -> str:
    """Adds the new periods of ``series`` to the merged one; what prevented the rest, or ``""``."""
    target, _, times = entry
    if target.attributes != series.attributes:
        return "other series attributes"
    differ = False
    for observation in series.observations:
        existing = times.get(observation.time)
        if existing is None:
            target.observations.append(observation)
            times[observation.time] = observation
        elif (existing.value, existing.attributes) != (observation.value, observation.attributes):
            differ = True
    return "other values for the same periods" if differ else ""
