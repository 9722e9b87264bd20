"""The mapping report: what reached SDMX, what did not and why, and what to map first.

Most national data does not fit the global SDG DSD without work (open-sdg/open-sdg#809): the
incumbent only logs "removed N rows". This report accounts for every row of every indicator
(exported + dropped = rows in the data), gives each reason with a count and example lines,
and ranks the configuration changes (a line of ``column_map``, a line of ``code_map``, a
``SERIES`` for an indicator) by the rows they concern, so a statistician knows which few
mappings unlock most of the data. Fixing one may reveal the next (a mapped column's values
then need codes), so the ranking is a guide, not a promise.

It renders as plain text for the command line and as a standalone accessible HTML page
(every value escaped; tables with captions and header scopes) for the build documentation.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sdgkit.sdmx.mapping import Blocker, DroppedRow, MappedIndicator

EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class ReasonCount:
    """One reason rows of an indicator were left out."""

    reason: str
    kind: str
    rows: int
    #: ``file:line`` of the first rows, with the row's own value when the reason groups several
    examples: tuple[str, ...]
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class IndicatorSummary:
    indicator: str
    file: str | None
    rows: int
    exported: int
    #: name of the indicator's SDMX file, when it has one
    output: str | None
    reasons: tuple[ReasonCount, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def dropped(self) -> int:
        return self.rows - self.exported


@dataclass(frozen=True, slots=True)
class FixCount:
    """A change to the configuration and the rows it concerns."""

    fix: str
    #: dropped rows with this among their reasons
    rows: int
    #: dropped rows for which this is the only reason (exported once it is made)
    alone: int
    indicators: int
    #: dropped rows exported once this change and every one ranked above it are made
    cumulative: int = 0


@dataclass(frozen=True, slots=True)
class MappingReport:
    output: str
    dsd: str
    indicators: tuple[IndicatorSummary, ...]
    fixes: tuple[FixCount, ...]
    #: problems with the output's configuration or its combined files
    problems: tuple[str, ...] = ()
    #: rows that no mapping can unlock (no value, periods, collisions), by reason kind
    unfixable: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(summary.rows for summary in self.indicators)

    @property
    def exported(self) -> int:
        return sum(summary.exported for summary in self.indicators)

    @property
    def dropped(self) -> int:
        return self.rows - self.exported

    @property
    def with_files(self) -> int:
        return sum(1 for summary in self.indicators if summary.output)


def build_report(mapped: Iterable[MappedIndicator], output: str, dsd: str, outputs: dict[str, str] | None = None,
                 problems: Iterable[str] = ()) -> MappingReport:
    """Summaries per indicator and the ranking of fixes; ``outputs`` maps indicator → its file name."""
    mapped = list(mapped)
    outputs = outputs or {}
    grouped = [_by_reasons(one.dropped) for one in mapped]  # once: both the summaries and the fixes need it
    summaries = tuple(_summary(one, groups, outputs.get(one.indicator))
                      for one, groups in zip(mapped, grouped, strict=True))
    fixes, unfixable = _fixes(mapped, grouped)
    return MappingReport(output, dsd, summaries, fixes, tuple(problems), unfixable)


def _summary(mapped: MappedIndicator, groups: dict[tuple[Blocker, ...], list[DroppedRow]],
             output: str | None) -> IndicatorSummary:
    counts: Counter[Blocker] = Counter()
    candidates: dict[Blocker, list[tuple[int, str]]] = defaultdict(list)
    for blockers, rows in groups.items():
        for group, blocker in {b.grouped(): b for b in blockers}.items():
            counts[group] += len(rows)
            candidates[group] += [(row.line, _example(mapped.file, row, blocker, group)) for row in rows[:EXAMPLES]]
    examples = {group: tuple(text for _, text in sorted(found)[:EXAMPLES]) for group, found in candidates.items()}
    reasons = tuple(ReasonCount(blocker.message(), blocker.kind.value, count, examples[blocker], blocker.fix())
                    for blocker, count in sorted(counts.items(), key=lambda item: (-item[1], item[0].message())))
    return IndicatorSummary(mapped.indicator, mapped.file, mapped.rows, mapped.exported, output, reasons,
                            tuple(mapped.notes))


def _by_reasons(dropped: Iterable[DroppedRow]) -> dict[tuple[Blocker, ...], list[DroppedRow]]:
    """Rows grouped by their exact reasons: real data repeats the same few, so each is weighed once."""
    grouped: dict[tuple[Blocker, ...], list[DroppedRow]] = defaultdict(list)
    for row in dropped:
        grouped[row.blockers].append(row)
    return grouped


def _example(file: str | None, row: DroppedRow, blocker: Blocker, group: Blocker) -> str:
    where = f"{file or '?'}:{row.line}"
    if blocker.value and not group.value:
        where += f" (`{blocker.value}`)"
    if row.related_line is not None:
        where += f" (collides with line {row.related_line})"
    return where


def _fixes(mapped: list[MappedIndicator], grouped: list[dict[tuple[Blocker, ...], list[DroppedRow]]]
           ) -> tuple[tuple[FixCount, ...], dict[str, int]]:
    rows: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    indicators: dict[str, set[str]] = defaultdict(set)
    unfixable: Counter[str] = Counter()
    distinct = [(one.indicator, blockers, len(group)) for one, groups in zip(mapped, grouped, strict=True)
                for blockers, group in groups.items()]
    for indicator, blockers, count in distinct:
        fixes = {blocker.fix() for blocker in blockers}
        for kind in {b.kind.value for b in blockers if b.fix() is None}:
            unfixable[kind] += count
        for fix in fixes - {None}:
            assert fix is not None
            rows[fix] += count
            indicators[fix].add(indicator)
            if len(fixes) == 1:
                alone[fix] += count
    ranked = sorted(rows, key=lambda fix: (-rows[fix], -alone[fix], fix))
    cumulative = _cumulative(distinct, {fix: rank for rank, fix in enumerate(ranked)})
    return tuple(FixCount(fix, rows[fix], alone[fix], len(indicators[fix]), cumulative[rank])
                 for rank, fix in enumerate(ranked)), dict(unfixable)


def _cumulative(distinct: list[tuple[str, tuple[Blocker, ...], int]], rank: dict[str, int]) -> list[int]:
    """For each rank, the rows whose every reason is fixed by the changes ranked up to there."""
    needed: Counter[int] = Counter()
    for _, blockers, count in distinct:
        fixes = [blocker.fix() for blocker in blockers]
        if fixes and None not in fixes:
            needed[max(rank[fix] for fix in fixes if fix is not None)] += count
    running, totals = 0, []
    for position in range(len(rank)):
        running += needed[position]
        totals.append(running)
    return totals


# --- plain text ------------------------------------------------------------------------------------


def render_text(report: MappingReport, top: int = 10, details: bool = True) -> str:
    """The report for a terminal: totals, the top fixes, then each indicator with rows left out."""
    lines = [_headline(report), ""]
    lines += [f"! {problem}" for problem in report.problems]
    if report.fixes:
        lines.append(f"Mappings that would unlock the most rows (top {min(top, len(report.fixes))}):")
        lines += [f"  {rank}. {fix.fix}: {fix.rows:,} rows in {fix.indicators} indicator"
                  f"{'s' if fix.indicators != 1 else ''} ({fix.alone:,} exported by this alone, "
                  f"{fix.cumulative:,} by this and those above)"
                  for rank, fix in enumerate(report.fixes[:top], start=1)]
        lines.append(f"  All {len(report.fixes):,} changes together: {report.fixes[-1].cumulative:,} more rows "
                     "(values of newly mapped columns may then need codes).")
        lines.append("")
    if report.unfixable:
        lines.append("Rows left out for reasons outside the maps: " + ", ".join(
            f"{kind} {count:,}" for kind, count in sorted(report.unfixable.items(), key=lambda i: -i[1])))
        if "time-period" in report.unfixable:
            lines.append("  (national periods can be rewritten in code_map, Dimension TIME_PERIOD: 2015/16 → 2015)")
        lines.append("")
    if details:
        lines += _text_indicators(report)
    return "\n".join(lines).rstrip() + "\n"


def _headline(report: MappingReport) -> str:
    share = f" ({report.exported / report.rows:.1%})" if report.rows else ""
    return (f"SDMX output {report.output} ({report.dsd}): {report.exported:,} of {report.rows:,} rows "
            f"exported{share}; {report.with_files} of {len(report.indicators)} indicators have a file.")


def _text_indicators(report: MappingReport) -> list[str]:
    lines: list[str] = []
    for summary in report.indicators:
        if not summary.dropped and not summary.notes and summary.rows:
            continue
        source = summary.file or "no data"
        lines.append(f"{summary.indicator} ({source}): {summary.exported:,} of {summary.rows:,} rows exported")
        for reason in summary.reasons:
            fix = f"\n      fix: {reason.fix}" if reason.fix else ""
            lines.append(f"  - {reason.reason}: {reason.rows:,} rows, e.g. {', '.join(reason.examples)}{fix}")
        lines += [f"  note: {note}" for note in summary.notes]
    return lines


# --- HTML ------------------------------------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1b1b1b;background:#fff}
main{max-width:72rem;margin:0 auto;padding:1rem}
table{border-collapse:collapse;margin:0 0 1.5rem;width:100%}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code{background:#f0f0f0;padding:0 .2em}
a{color:#0b5394}
a:focus{outline:3px solid #1b1b1b;outline-offset:2px}
"""


def render_html(report: MappingReport, top: int = 25, standalone: bool = True, title: str = "") -> str:
    """The report as an HTML page (or, with ``standalone=False``, a section to embed in another page)."""
    title = title or f"SDMX mapping report: {report.output}"
    body = "\n".join([
        f"<h1>{_e(title)}</h1>" if standalone else f"<h2>{_e(title)}</h2>",
        f"<p>{_e(_headline(report))}</p>",
        _html_problems(report),
        _html_fixes(report, top),
        _html_unfixable(report),
        _html_overview(report),
        *(_html_indicator(summary) for summary in report.indicators if summary.reasons or summary.notes),
    ])
    if not standalone:
        return f'<section class="sdmx-report">\n{body}\n</section>\n'
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_e(title)}</title>\n'
            f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_problems(report: MappingReport) -> str:
    if not report.problems:
        return ""
    items = "".join(f"<li>{_e(problem)}</li>" for problem in report.problems)
    return f"<h2>Problems</h2>\n<ul>{items}</ul>"


def _html_fixes(report: MappingReport, top: int) -> str:
    if not report.fixes:
        return ""
    rows = "\n".join(
        f'<tr><td class="n">{rank}</td><th scope="row">{_e(fix.fix)}</th><td class="n">{fix.rows:,}</td>'
        f'<td class="n">{fix.alone:,}</td><td class="n">{fix.cumulative:,}</td><td class="n">{fix.indicators}</td></tr>'
        for rank, fix in enumerate(report.fixes[:top], start=1))
    return ("<h2>What to map first</h2>\n<p>Rows concerned counts every row left out with this among its "
            "reasons; a row may need several changes, and mapping a column may then reveal values that "
            "need codes.</p>\n<table>\n<caption>Changes to the configuration that would unlock the most rows"
            "</caption>\n<thead><tr><th scope=\"col\" class=\"n\">Rank</th><th scope=\"col\">Change</th>"
            "<th scope=\"col\" class=\"n\">Rows concerned</th><th scope=\"col\" class=\"n\">Rows unlocked by this "
            "alone</th><th scope=\"col\" class=\"n\">Rows unlocked by this and the changes above</th>"
            "<th scope=\"col\" class=\"n\">Indicators</th></tr></thead>\n"
            f"<tbody>\n{rows}\n</tbody>\n</table>")


def _html_unfixable(report: MappingReport) -> str:
    if not report.unfixable:
        return ""
    items = "".join(f"<li>{_e(kind)}: {count:,} rows</li>"
                    for kind, count in sorted(report.unfixable.items(), key=lambda item: -item[1]))
    return ("<h2>Rows left out for reasons outside the maps</h2>\n<p>Missing values, collisions and periods "
            "SDMX cannot express (periods can be rewritten in code_map with the Dimension TIME_PERIOD).</p>\n"
            f"<ul>{items}</ul>")


def _html_overview(report: MappingReport) -> str:
    rows = "\n".join(
        f'<tr><th scope="row">{_link(summary)}</th><td>{_e(summary.file or "no data")}</td>'
        f'<td class="n">{summary.rows:,}</td><td class="n">{summary.exported:,}</td>'
        f'<td class="n">{summary.dropped:,}</td><td>{_e(summary.output or "none")}</td></tr>'
        for summary in report.indicators)
    return ("<h2>Indicators</h2>\n<table>\n<caption>Rows in the data and rows exported, per indicator</caption>\n"
            "<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\">Data file</th>"
            "<th scope=\"col\" class=\"n\">Rows</th><th scope=\"col\" class=\"n\">Exported</th>"
            "<th scope=\"col\" class=\"n\">Left out</th><th scope=\"col\">SDMX file</th></tr></thead>\n"
            f"<tbody>\n{rows}\n</tbody>\n</table>")


def _anchor(summary: IndicatorSummary) -> str:
    return "indicator-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in summary.indicator)


def _link(summary: IndicatorSummary) -> str:
    if not (summary.reasons or summary.notes):
        return _e(summary.indicator)
    return f'<a href="#{_anchor(summary)}">{_e(summary.indicator)}</a>'


def _html_indicator(summary: IndicatorSummary) -> str:
    heading = (f'<h3 id="{_anchor(summary)}">{_e(summary.indicator)}: {summary.exported:,} of '
               f"{summary.rows:,} rows exported</h3>")
    notes = "".join(f"<li>{_e(note)}</li>" for note in summary.notes)
    parts = [heading, f"<ul>{notes}</ul>" if notes else ""]
    if summary.reasons:
        rows = "\n".join(
            f'<tr><th scope="row">{_e(reason.reason)}</th><td class="n">{reason.rows:,}</td>'
            f"<td>{_e(', '.join(reason.examples))}</td><td>{_e(reason.fix or 'no mapping can fix this')}</td></tr>"
            for reason in summary.reasons)
        parts.append(f"<table>\n<caption>Why rows of {_e(summary.indicator)} were left out</caption>\n"
                     "<thead><tr><th scope=\"col\">Reason</th><th scope=\"col\" class=\"n\">Rows</th>"
                     "<th scope=\"col\">Examples (file:line)</th><th scope=\"col\">Fix</th></tr></thead>\n"
                     f"<tbody>\n{rows}\n</tbody>\n</table>")
    return "\n".join(part for part in parts if part)
