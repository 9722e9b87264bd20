"""The numbers behind every progress status, for anyone to check (``indicator_calculation_components``).

Statistics Canada publishes ``indicator_calculation_components.yml``: per indicator its
status and score, and per assessed series every input and intermediate value. sdgkit writes
the same shape (plus the growth rates, the limit coefficient, the thresholds, the reason
when a series cannot be assessed and the assessments by breakdown) as YAML and JSON, and
``stats/progress.json``, the roll-up to targets, goals and the whole site. The files are
written only when some indicator has a progress status.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from sdgkit.config.models import SiteConfig
from sdgkit.dataservice.indicator_files import Files, IndicatorOutput
from sdgkit.dataservice.tabular import json_bytes
from sdgkit.derive.progress import Assessment
from sdgkit.derive.progress_rollup import rollup
from sdgkit.derive.progress_series import IndicatorProgress, SeriesProgress

COMPONENTS = "indicator_calculation_components"


def progress_files(outputs: Sequence[IndicatorOutput], config: SiteConfig) -> Files:
    """``indicator_calculation_components.{yml,json}`` and ``stats/progress.json``, or nothing."""
    pairs = [(output.view.meta, output.view.progress) for output in outputs]
    if not any(progress is not None for _, progress in pairs):
        return {}
    components = {output.view.slug: indicator_components(output.view.progress) for output in outputs
                  if output.view.progress is not None and output.view.progress.automatic}
    return {
        f"{COMPONENTS}.yml": yaml.safe_dump(components, sort_keys=False, allow_unicode=True).encode("utf-8"),
        f"{COMPONENTS}.json": json_bytes(components),
        "stats/progress.json": json_bytes(rollup(pairs).as_dict(config.progress.method)),
    }


def indicator_components(progress: IndicatorProgress) -> dict[str, Any]:
    """One indicator's entry: its status, score and method, then one entry per series tag."""
    entry: dict[str, Any] = {"progress_status": progress.status, "score": progress.score, "method": progress.method}
    for series in progress.series:
        entry[series.tag] = series_components(series)
    return entry


def series_components(series: SeriesProgress) -> dict[str, Any]:
    fields = assessment_components(series.assessment)
    if series.breakdowns:
        by_field: dict[str, dict[str, Any]] = {}
        for breakdown in series.breakdowns:
            by_field.setdefault(breakdown.field, {})[breakdown.value] = assessment_components(breakdown.assessment)
        fields["breakdowns"] = by_field
    return fields


def assessment_components(assessment: Assessment) -> dict[str, Any]:
    """Every number of one assessment, named as Canada's file names them where it has a name."""
    thresholds = assessment.thresholds
    return {
        "base_value": assessment.base_value,
        "base_year": assessment.base_year,
        "current_value": assessment.current_value,
        "current_year": assessment.current_year,
        "direction": assessment.direction,
        "sign": assessment.sign,
        "limit": assessment.limit,
        "limit_coefficient": assessment.limit_coefficient,
        "target": assessment.target,
        "target_year": assessment.target_year,
        "observed_growth": assessment.observed_growth,
        "required_growth": assessment.required_growth,
        "progress_value": assessment.progress_value,
        "thresholds": thresholds.as_dict() if thresholds is not None else None,
        "status": assessment.status,
        "score": assessment.score,
        "reason": assessment.reason,
    }
