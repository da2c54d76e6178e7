"""Render the compliance report, worklist and performance tables into a report folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import jinja2
import pandas as pd

from pipelines.reports import charts, data
from pipelines.reports.worklist import write_worklist

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("pipelines.reports", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)
# A count with thousands separators; n/a before the first complete 12-month window.
TEMPLATES.globals["count"] = lambda n: "n/a" if n is None else f"{n:,}"


@dataclass(frozen=True)
class ComplianceReport:
    month: date
    html: Path
    worklist_xlsx: Path
    worklist_csv: Path
    daily_items: int
    backlog_items: int
    historic_items: int


def compliance_report(con: duckdb.DuckDBPyConnection, folder: Path, run_id: str, capacity: int,
                      month: date | None = None) -> ComplianceReport:
    month = month or data.latest_complete_month(con)
    complete = month is not None
    month = month or data.current_month(con)
    folder.mkdir(parents=True, exist_ok=True)
    compliance = data.compliance_by_district(con, month)
    rolling = {n: data.compliance_rolling(con, month, n) for n in (12, 3)}
    discrepancies = data.discrepancies_of_month(con, month)
    lists = {name: data.worklist(con, name) for name in data.WORKLIST_LISTS}
    html = TEMPLATES.get_template("compliance_report.html.j2").render(
        month=month, complete=complete, run_id=run_id, produced_at=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        headline=data.headline(con, month),
        charts={"knife_series": charts.knife_series(data.knife_series(con)),
                "compliance": charts.compliance_by_district(rolling[12]),
                "compliance_series": charts.compliance_over_time(data.compliance_series(con)),
                "backlog": charts.backlog_by_age(data.backlog_by_age(con))},
        rolling={n: frame.to_dict("records") for n, frame in rolling.items()},
        change=data.compliance_change(con, month),
        compliance=compliance.to_dict("records"),
        discrepancies=discrepancies.to_dict("records"),
        discrepancy_columns=list(discrepancies.columns),
        rule_feedback=data.rule_feedback(con).to_dict("records"),
        unmatched_words=data.unmatched_words(con).to_dict("records"),
        gaps=data.extract_gaps(con).to_dict("records"),
    )
    path = folder / "compliance_report.html"
    path.write_text(html, encoding="utf-8")
    xlsx, csv_path = write_worklist(lists["daily"], lists["backlog"], lists["historic"], folder,
                                    data.worklist_window(con), capacity)
    return ComplianceReport(month, path, xlsx, csv_path, *(len(lists[n]) for n in data.WORKLIST_LISTS))


def _count(v) -> str:
    return "" if pd.isna(v) else f"{int(v):,}"


def _signed(v) -> str:
    return "" if pd.isna(v) else f"{int(v):+,}"


def _percent(v) -> str:
    return "" if pd.isna(v) else f"{v:+.1f}%"


def panel_format(table: pd.DataFrame) -> pd.DataFrame:
    """The performance table as the panel papers print it: counts with thousands separators,
    the difference signed, the change as a signed percentage to one decimal."""
    formats = {c: _count for c in table.columns if c.startswith("12 Month ending")}
    formats |= {"Diff.": _signed, "% Diff.": _percent}
    return table.assign(**{c: table[c].map(f) for c, f in formats.items()})


def performance_tables(con: duckdb.DuckDBPyConnection, folder: Path,
                       month: date | None = None) -> tuple[Path, Path] | None:
    """performance_<YYYY-MM>.csv and .html in the shape of the published tables; by default
    for the latest whole month, and nothing until the extracts cover one."""
    month = month or data.latest_complete_month(con)
    if month is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    table = data.performance_table(con, month)
    stem = folder / f"performance_{month:%Y-%m}"
    table.to_csv(stem.with_suffix(".csv"), index=False)
    shown = panel_format(table.drop(columns=["measure"]))
    html = TEMPLATES.get_template("performance_tables.html.j2").render(
        month=month, columns=list(shown.columns), rows=shown.values.tolist())
    stem.with_suffix(".html").write_text(html, encoding="utf-8")
    return stem.with_suffix(".csv"), stem.with_suffix(".html")
