"""Monthly-partitioned ingestion assets, one per source: raw.storm_incidents,
raw.athena_crimes and raw.crime_bureau_decisions.

A run loads the days its tags name (see ``shared/partitions``): one day a night, years in a
backfill, which runs as one run (single-run backfill policy). The asset loads the days in
chunks, one transaction per chunk, then validates them with the source's Great Expectations
suites as blocking checks (the checks are handed in by the definitions, so ingestion does
not import the quality stage). Each month's materialisation says which of its days are
loaded and which are not, from the ledger. Every writer of the warehouse is in the
"warehouse" pool, so no two steps write the DuckDB file at once.
"""

import os
from datetime import date
from pathlib import Path
from typing import Protocol

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.ingest.loader import LoadResult, load_days
from pipelines.shared.contract import PERSONAL_COLUMNS, SOURCES, Source
from pipelines.shared.partitions import days_tag, is_range_run, month_key, run_days, yesterday

PREVIEW_ROWS = 5
DELIVERY_CHECK = "delivered_files"
SHOWN_REJECTIONS = 20


def delivery_check(key: dg.AssetKey, landing: Path, result: LoadResult, days: list[date]) -> dg.AssetCheckResult:
    """Fails when a file of the range was rejected whole, naming each with its reason. In a
    run of one day (the nightly, the sensor, a re-run) the failure is an ERROR, so nothing
    downstream is rebuilt from a day missing its file: the marts keep the last good state
    until the corrected file arrives. In a run of several days (a backfill, ``pipelines run``)
    it is a warning: the marts are built from every file that loaded, and the days missing a
    file are listed in marts.extract_gaps, the compliance report and bi.publication."""
    rejected = {os.path.relpath(path, landing): reason for path, reason in sorted(result.rejected.items())}
    shown = [f"{path}: {reason}" for path, reason in list(rejected.items())[:SHOWN_REJECTIONS]]
    more = len(rejected) - len(shown)
    return dg.AssetCheckResult(
        asset_key=key, check_name=DELIVERY_CHECK, passed=not rejected,
        severity=dg.AssetCheckSeverity.WARN if is_range_run(days) else dg.AssetCheckSeverity.ERROR,
        description=("; ".join(shown) + (f"; and {more} more" if more else "")) if rejected
        else f"every file of {len(days)} day(s) could be read",
        metadata={"files_rejected": len(rejected), "rows_rejected": result.rows_rejected,
                  "rejected_files": dg.MetadataValue.json(rejected)},
    )


def month_days(con: duckdb.DuckDBPyConnection, source: Source, days: list[date]) -> dict[str, dict]:
    """For each month of ``days``, the state of its days up to yesterday, from the ledger: how
    many have data, and each that has none (after the source's first delivered day, for a
    daily source) with why: no file, only empty files, or every file rejected."""
    rows = con.execute("""
        WITH months AS (
            SELECT DISTINCT date_trunc('month', d)::DATE AS month FROM unnest(?::DATE[]) AS t(d)
        ), days AS (
            SELECT month, unnest(generate_series(month, least(month + INTERVAL 1 MONTH - INTERVAL 1 DAY, ?::DATE),
                                                 INTERVAL 1 DAY))::DATE AS day
            FROM months
        ), ledger AS (
            SELECT partition_date AS day,
                   bool_or(status IN ('LOADED', 'DUPLICATE')) AS has_data,
                   bool_and(status = 'EMPTY') AS only_empty,
                   bool_and(status = 'REJECTED') AS all_rejected
            FROM audit.ingest_ledger WHERE source = ? GROUP BY partition_date
        )
        SELECT month, day,
               CASE WHEN l.has_data THEN 'loaded' WHEN l.only_empty THEN 'only empty files'
                    WHEN l.all_rejected THEN 'every file rejected' WHEN l.day IS NULL THEN 'no file'
                    ELSE 'no rows' END AS state
        FROM days LEFT JOIN ledger l USING (day)
        WHERE ? OR l.day IS NOT NULL
           OR day >= (SELECT min(partition_date) FROM audit.ingest_ledger WHERE source = ?)
        ORDER BY day
    """, [days, yesterday(), source.name, not source.daily, source.name]).fetchall()
    months: dict[str, dict] = {}
    for month, day, state in rows:
        entry = months.setdefault(month_key(month), {"days_loaded": 0, "days_without_data": {}})
        if state == "loaded":
            entry["days_loaded"] += 1
        elif source.daily:
            entry["days_without_data"][day.isoformat()] = state
    return months


def _preview(con, source: Source, days: list[date]) -> dg.MetadataValue:
    shown = [c for c in source.column_names if c not in PERSONAL_COLUMNS][:8]
    df = con.execute(
        f"SELECT {', '.join(shown)} FROM raw.{source.name} WHERE partition_date BETWEEN ? AND ? "
        f"ORDER BY partition_date DESC, source_line LIMIT {PREVIEW_ROWS}",
        [days[0], days[-1]],
    ).df()
    return dg.MetadataValue.md(df.astype(str).to_markdown(index=False) if len(df) else "_no rows_")


class LoadChecks(Protocol):
    """The blocking checks run on the days a load has just written."""

    def specs(self, source: Source, key: dg.AssetKey) -> list[dg.AssetCheckSpec]: ...

    def results(self, con: duckdb.DuckDBPyConnection, source: Source, key: dg.AssetKey, days: list[date],
                run_id: str) -> list[dg.AssetCheckResult]: ...


def build_ingest_asset(source: Source, partitions: dg.PartitionsDefinition, checks: LoadChecks) -> dg.AssetsDefinition:
    key = dg.AssetKey(["raw", source.name])

    @dg.asset(
        name=source.name,
        key_prefix=["raw"],
        group_name="raw",
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool="warehouse",
        kinds={"duckdb"},
        check_specs=[dg.AssetCheckSpec(DELIVERY_CHECK, asset=key, blocking=True,
                                       description="Every delivered file of the days could be read; a file "
                                                   "rejected whole is named with its reason."),
                     *checks.specs(source, key)],
        description=f"Every {source.folder} extract row of the day, typed, with lineage; bad rows "
        "go to audit.quarantine and each file to audit.ingest_ledger.",
    )
    def _asset(context: dg.AssetExecutionContext, warehouse: DuckDBResource) -> dg.MaterializeResult:
        days = run_days(context.run.tags)
        landing = settings.landing_dir()
        with warehouse.get_connection() as con:
            result = load_days(con, landing, source.name, days, context.run_id)
            preview = _preview(con, source, days)
            check_results = checks.results(con, source, key, days, context.run_id)
            months = month_days(con, source, days)
        for month in context.partition_keys:
            state = months.get(month, {"days_loaded": 0, "days_without_data": {}})
            context.add_asset_metadata({"days_loaded": state["days_loaded"],
                                        "days_without_data": dg.MetadataValue.json(state["days_without_data"])},
                                       partition_key=month)
        for path, reason in sorted(result.rejected.items()):
            context.log.warning(f"rejected {os.path.relpath(path, landing)}: {reason}")
        if result.extra_columns:
            context.log.warning(
                "unexpected extra columns (ignored): "
                + "; ".join(f"{p}: {', '.join(c)}" for p, c in result.extra_columns.items())
            )
        return dg.MaterializeResult(metadata={
            "run_days": days_tag(days[0], days[-1]),
            "files": result.files,
            "duplicate_files_skipped": result.duplicates,
            "rows_read": result.rows_read,
            "rows_loaded": result.rows_loaded,
            "rows_quarantined": result.rows_quarantined,
            "files_rejected": len(result.rejected),
            "rows_rejected": result.rows_rejected,
            "quarantine_reasons": dg.MetadataValue.json(result.quarantine_reasons),
            "extra_columns": dg.MetadataValue.json(result.extra_columns),
            "preview": preview,
        }, check_results=[delivery_check(key, landing, result, days), *check_results])

    return _asset


def build_ingest_assets(partitions: dg.PartitionsDefinition, checks: LoadChecks) -> list[dg.AssetsDefinition]:
    return [build_ingest_asset(s, partitions, checks) for s in SOURCES.values()]
