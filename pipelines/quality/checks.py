"""Great Expectations suites as blocking Dagster asset checks.

Raw suites run inside the ingestion assets on the days just loaded (see
pipelines/ingest/assets.py); the mart suites below run after dbt builds their mart. A
failed ERROR expectation fails its check with ERROR severity, so Dagster does not
materialise anything downstream in that run; WARN failures are reported and do not block.
"""

from datetime import UTC, datetime

import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.quality import frames
from pipelines.quality.suites import context, frame_columns, parameters
from pipelines.quality.validate import Outcome, build_docs, record, run_suite

DESCRIPTION_LIMIT = 2000


def check_result(asset_key: dg.AssetKey, suite: str, outcomes: list[Outcome]) -> dg.AssetCheckResult:
    failed = [o for o in outcomes if not o.success]
    errors = [o for o in failed if o.severity == "ERROR"]
    table = pd.DataFrame([{"severity": o.severity, "expectation": o.expectation,
                           "unexpected rows": o.unexpected_count, "observed": o.observed_value,
                           "example keys": o.keys_text()} for o in failed])
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=suite,
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR if errors else dg.AssetCheckSeverity.WARN,
        description=("; ".join(o.describe() for o in failed)[:DESCRIPTION_LIMIT] if failed
                     else f"all {len(outcomes)} expectations passed"),
        metadata={
            "expectations": len(outcomes),
            "failed_errors": len(errors),
            "failed_warnings": len(failed) - len(errors),
            "failures": dg.MetadataValue.md(table.to_markdown(index=False) if failed else "_none_"),
            "results": "audit.dq_results",
            "data_docs": dg.MetadataValue.path(str(settings.data_docs_dir() / "index.html")),
        },
    )


def _table_frame(table: str):
    def read(con, columns: list[str]) -> pd.DataFrame:
        return frames.mart_frame(con, table, columns)
    return read


# Mart suite -> (mart asset, frame reader taking the connection and the columns needed).
MART_SUITES = {
    "crime_incident_links": (dg.AssetKey(["marts", "crime_incident_links"]),
                             lambda con, _: frames.links_frame(con)),
    "rolling_12m_metrics": (dg.AssetKey(["marts", "rolling_12m_metrics"]),
                            lambda con, _: frames.rolling_metrics_frame(con)),
    "knife_discrepancies": (dg.AssetKey(["marts", "knife_discrepancies"]), _table_frame("knife_discrepancies")),
}


def validate_mart(con, suite: str, run_id: str, checked_at: datetime | None = None) -> list[Outcome]:
    """Run a mart suite on the mart as it stands; its results go to audit.dq_results."""
    checked_at = checked_at or datetime.now(UTC)
    ctx = context()
    _, read = MART_SUITES[suite]
    outcomes = run_suite(ctx, suite, read(con, frame_columns(ctx, suite)), parameters(checked_at), run_id)
    record(con, run_id, None, None, outcomes, checked_at)
    build_docs(ctx, run_id)
    return outcomes


def build_mart_check(suite: str) -> dg.AssetChecksDefinition:
    asset_key = MART_SUITES[suite][0]

    @dg.asset_check(asset=asset_key, name=suite, blocking=True, pool="warehouse",
                    description=f"Great Expectations suite {suite} (expectations/expectations/{suite}.json).")
    def _check(context: dg.AssetCheckExecutionContext, warehouse: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse.get_connection() as con:
            outcomes = validate_mart(con, suite, context.run.run_id)
        return check_result(asset_key, suite, outcomes)

    return _check


mart_checks = [build_mart_check(suite) for suite in MART_SUITES]
