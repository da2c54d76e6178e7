"""The Crime Bureau's compliance report and worklist, and the performance tables, written
after each successful nightly run to <warehouse folder>/reports/<run date>/."""

from datetime import datetime
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


def report_folder():
    return settings.output_dir("reports") / f"{datetime.now(ZoneInfo('Europe/London')):%Y-%m-%d}"


@dg.asset(key=["reports", "compliance_report"], group_name="reports", kinds={"html", "xlsx"}, pool="warehouse",
          deps=[dg.AssetKey(["marts", m]) for m in MARTS],
          description="compliance_report.html (self-contained, with charts) and knife_worklist.xlsx/.csv.")
def compliance_report(context: dg.AssetExecutionContext, config: ReportConfig,
                      warehouse: DuckDBResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        month = data.month_end(config.month) if config.month else None
        report = render.compliance_report(con, report_folder(), context.run_id, month)
    return dg.MaterializeResult(metadata={
        "month": report.month.isoformat(),
        "open_items": report.open_items,
        "report": dg.MetadataValue.path(str(report.html)),
        "worklist": dg.MetadataValue.path(str(report.worklist_xlsx)),
    })


@dg.asset(key=["reports", "performance_tables"], group_name="reports", kinds={"html", "csv"}, pool="warehouse",
          deps=[dg.AssetKey(["marts", "rolling_12m_metrics"])],
          description="Force-wide 12 months to a month's end against the year before, per measure.")
def performance_tables(config: ReportConfig, warehouse: DuckDBResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        month = data.month_end(config.month) if config.month else None
        written = render.performance_tables(con, report_folder(), month)
    if written is None:
        return dg.MaterializeResult(metadata={"skipped": "the extracts do not yet cover a whole month"})
    csv_path, html = written
    return dg.MaterializeResult(metadata={"csv": dg.MetadataValue.path(str(csv_path)),
                                          "html": dg.MetadataValue.path(str(html))})


report_assets = [compliance_report, performance_tables]
