"""The Dagster code location: ingestion, dbt, report and publishing assets, quality checks,
schedule, sensor and resources."""

from __future__ import annotations

import dagster as dg

from pipelines.ingest.assets import ingest_assets
from pipelines.ingest.automation import new_extract_sensor, nightly_job, nightly_schedule
from pipelines.publish.assets import crime_bi
from pipelines.quality.checks import mart_checks
from pipelines.reports.assets import report_assets
from pipelines.resources import build_resources
from pipelines.transform.assets import dbt_models, dbt_partitioned_models, dbt_seeds

defs = dg.Definitions(
    assets=[*ingest_assets, dbt_seeds, dbt_partitioned_models, dbt_models, *report_assets, crime_bi],
    asset_checks=mart_checks,
    jobs=[nightly_job],
    schedules=[nightly_schedule],
    sensors=[new_extract_sensor],
    resources=build_resources(),
    executor=dg.in_process_executor,
)
