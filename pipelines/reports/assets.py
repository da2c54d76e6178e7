"""The Crime Bureau's compliance report and worklist, and the performance tables, written
after each successful nightly run to <warehouse folder>/reports/<run day>/<run time and id>/,
one folder per run; reports/latest links the newest run whose compliance report was written."""

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.reports import data, render

MARTS = ["knife_discrepancies", "knife_compliance_monthly", "rolling_12m_metrics", "knife_rule_feedback",
         "knife_unmatched_words", "extract_gaps", "knife_worklist", "knife_compliance_rolling"]


class ReportConfig(dg.Config):
    month: str | None = None
    """Month to report (YYYY-MM); default the latest month the extracts cover in full."""


LATEST = "latest"


def report_folder(context: dg.AssetExecutionContext) -> Path:
    """The run's own folder, named by the run's start (London time) and id, so that both report
    assets of a run write to one folder and a second run of the day never overwrites the first."""
    record = context.instance.get_run_record_by_id(context.run_id)
    started = datetime.fromtimestamp(record.create_timestamp.timestamp() if record else datetime.now().timestamp(),
                                     ZoneInfo("Europe/London"))
    folder = settings.output_dir("reports") / f"{started:%Y-%m-%d}" / f"{started:%H%M%S}-{context.run_id[:8]}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def link_latest(folder: Path) -> None:
    """Point reports/latest at a folder once its compliance report and worklist are written, so
    that it never shows a run whose report failed."""
    root = settings.output_dir("reports")
    staged = root / f".{LATEST}-{folder.name}"
    staged.unlink(missing_ok=True)
    staged.symlink_to(folder.relative_to(root), target_is_directory=True)
    os.replace(staged, root / LATEST)        # atomic: a reader of reports/latest never finds it missing


@dg.asset(key=["reports", "compliance_report"], group_name="reports", kinds={"html", "xlsx"}, pool="warehouse",
          deps=[dg.AssetKey(["marts", m]) for m in MARTS],
          description="compliance_report.html (self-contained, with charts) and knife_worklist.xlsx/.csv.")
def compliance_report(context: dg.AssetExecutionContext, config: ReportConfig,
                      warehouse: DuckDBResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        month = data.month_end(config.month) if config.month else None
        folder = report_folder(context)
        report = render.compliance_report(con, folder, context.run_id, settings.worklist_capacity(), month)
    link_latest(folder)
    return dg.MaterializeResult(metadata={
        "month": report.month.isoformat(),
        "daily_items": report.daily_items,
        "backlog_items": report.backlog_items,
        "historic_items": report.historic_items,
        "report": dg.MetadataValue.path(str(report.html)),
        "worklist": dg.MetadataValue.path(str(report.worklist_xlsx)),
    })


@dg.asset(key=["reports", "performance_tables"], group_name="reports", kinds={"html", "csv"}, pool="warehouse",
          deps=[dg.AssetKey(["marts", "rolling_12m_metrics"])],
          description="Force-wide 12 months to a month's end against the year before, per measure.")
def performance_tables(context: dg.AssetExecutionContext, config: ReportConfig,
                       warehouse: DuckDBResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        month = data.month_end(config.month) if config.month else None
        written = render.performance_tables(con, report_folder(context), month)
    if written is None:
        return dg.MaterializeResult(metadata={"skipped": "the extracts do not yet cover a whole month"})
    csv_path, html = written
    return dg.MaterializeResult(metadata={"csv": dg.MetadataValue.path(str(csv_path)),
                                          "html": dg.MetadataValue.path(str(html))})


report_assets = [compliance_report, performance_tables]
