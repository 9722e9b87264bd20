"""From an assembled indicator to its views, one per language and one untranslated.

This is where the incumbent's build-time additions happen, once: minimum metadata
(``OutputOpenSdg.minimum_metadata``), numbers typed for output, then per language the
translation of metadata, cells and breakdown names, and the headline and edges computed
on the translated table (as the incumbent does after translating).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from sdgkit.config.models import IndicatorOptions, ProgressConfig
from sdgkit.dataservice.tabular import output_frame
from sdgkit.dataservice.translate import COMPOSITE_BREAKDOWN, Translator
from sdgkit.dataservice.views import IndicatorView, is_standalone
from sdgkit.derive.edges import edges
from sdgkit.derive.headline import headline
from sdgkit.derive.progress_series import IndicatorProgress, indicator_progress
from sdgkit.model.indicator import Indicator

EMPTY_COLUMNS = ("Year", "Value")


def minimum_metadata(indicator: Indicator) -> dict[str, Any]:
    """Fields every indicator's metadata gets when it lacks them (Open SDG ``minimum_metadata``)."""
    standalone = is_standalone(indicator.metadata)
    has_data = indicator.data is not None and not indicator.data.frame.empty
    statistical = _statistical(indicator.metadata.get("data_non_statistical"), has_data)
    minimum: dict[str, Any] = {
        "indicator_number": indicator.id.number(standalone),
        "target_number": indicator.id.target(standalone),
        "goal_number": indicator.id.goal(standalone),
        "reporting_status": "complete" if has_data or not statistical else "notstarted",
        "data_non_statistical": not has_data,
        "graph_type": "line",
        "indicator_sort_order": indicator.id.slug if standalone else indicator.id.build_sort_order(),
    }
    name = indicator.metadata.get("indicator_name")
    if name:
        minimum["indicator_name"] = name
        minimum["graph_title"] = name
    return minimum


def full_metadata(indicator: Indicator, progress: IndicatorProgress | None = None) -> dict[str, Any]:
    """The indicator's metadata with the minimum fields added at the end where missing, and a
    computed progress status in ``progress_status`` (as Open SDG 2.4 writes it)."""
    meta = dict(indicator.metadata)
    minimum = minimum_metadata(indicator)
    if meta.get("reporting_status") == "":  # left empty: the status the check said sdgkit would use
        meta["reporting_status"] = minimum["reporting_status"]
    for key, value in minimum.items():
        meta.setdefault(key, value)
    if progress is not None and progress.automatic:
        meta["progress_status"] = progress.status
    return meta


def untranslated_frame(indicator: Indicator) -> pd.DataFrame:
    """The data as written: numbers typed as the incumbent's reader would; ``Year, Value`` when none."""
    if indicator.data is None:
        return pd.DataFrame({name: pd.Series([], dtype=object) for name in EMPTY_COLUMNS})
    return output_frame(indicator.data.frame)


def indicator_views(indicator: Indicator, translators: Sequence[Translator],
                    options: IndicatorOptions, progress_config: ProgressConfig | None = None) -> list[IndicatorView]:
    """The untranslated view first, then one per translator (language)."""
    progress = indicator_progress(indicator, options, progress_config or ProgressConfig())
    meta = full_metadata(indicator, progress)
    frame = untranslated_frame(indicator)
    # the untranslated metadata keeps every language's sub-folder fields, as the incumbent's does
    raw_meta = {**meta, **{language: dict(fields) for language, fields in indicator.translations.items()}}
    views = [replace(_view(indicator.id.slug, None, raw_meta, frame, options), progress=progress)]
    special = set(options.non_disaggregation_columns) | {COMPOSITE_BREAKDOWN, options.progress_column}
    for translator in translators:
        language_meta = _language_metadata(meta, indicator.translations.get(translator.language, {}))
        translated = translator.frame(frame, special)
        language_meta = translator.metadata(language_meta)
        if translated is frame:  # nothing to translate in the data: reuse what was derived from it
            views.append(replace(views[0], language=translator.language, meta=language_meta))
            continue
        views.append(replace(_view(indicator.id.slug, translator.language, language_meta, translated, options,
                                   translator.column_names(options.observation_attributes, special)),
                             progress=progress))
    return views


def _language_metadata(meta: dict[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """Sub-folder metadata of the language (``meta/fr/1-1-1.md``) overrides field by field."""
    return {**meta, **own} if own else meta


def _view(slug: str, language: str | None, meta: dict[str, Any], frame: pd.DataFrame,
          options: IndicatorOptions, observation_attributes: Sequence[str] | None = None) -> IndicatorView:
    # the progress column holds values for the progress measure only: never a breakdown (docs/progress.md)
    non_disaggregation = [*options.non_disaggregation_columns, options.progress_column]
    attributes = options.observation_attributes if observation_attributes is None else observation_attributes
    # a footnote is not a breakdown: unlike the incumbent, a footnoted total stays in the headline
    # and footnote columns get no edges (docs/compatibility.md)
    not_breakdowns = [*non_disaggregation, *attributes]
    status = meta.get("reporting_status")
    has_data = not frame.empty
    return IndicatorView(
        slug=slug, language=language, meta=meta, data=frame,
        headline=_ordered_headline(frame, not_breakdowns),
        edges=edges(frame, not_breakdowns) if has_data else [],
        non_disaggregation=tuple(c for c in frame.columns if c in non_disaggregation),
        observation_attributes=tuple(c for c in frame.columns if c in attributes),
        complete=status == "complete" if status is not None else has_data,
        statistical=_statistical(meta.get("data_non_statistical"), has_data),
    )


def _statistical(non_statistical: Any, has_data: bool) -> bool:
    """Open SDG ``is_statistical``: unset or false → yes; true → no; anything else → has data."""
    if non_statistical in (None, False):
        return True
    return False if non_statistical is True else has_data


def _ordered_headline(frame: pd.DataFrame, non_disaggregation: Sequence[str]) -> pd.DataFrame:
    """Headline columns in the order of ``non_disaggregation_columns`` (``df.filter`` in the incumbent).

    A name listed twice (in both column lists, or a footnote translated into a listed name such as
    ``Observation status``) is taken once: a repeated column would break every writer downstream.
    """
    rows = headline(frame, non_disaggregation)
    return rows[[column for column in dict.fromkeys(non_disaggregation) if column in rows.columns]]
