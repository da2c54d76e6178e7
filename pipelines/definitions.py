"""The Dagster code location: ingestion, dbt, report and publishing assets, quality checks,
schedule, sensor and resources.

Built on first use, never at import: the partitions start at the first extract in the
landing folder and the dbt assets need a parsed manifest, so both are read when Dagster (or
``pipelines run``) loads the definitions, once per landing folder and warehouse.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import dagster as dg

from pipelines import settings
from pipelines.ingest.assets import build_ingest_assets
from pipelines.publish.assets import crime_bi
from pipelines.quality.checks import mart_checks
from pipelines.quality.raw import RawLoadChecks
from pipelines.reports.assets import report_assets
from pipelines.resources import build_resources
from pipelines.shared.nightly import build_nightly
from pipelines.shared.partitions import load_partitions
from pipelines.transform.assets import build_dbt_assets

BUILD_JOB = "build"


@cache
def _definitions(landing: Path, warehouse: Path) -> dg.Definitions:
    # dbt parses its project (profiles.yml reads WAREHOUSE_PATH and DUCKDB_MEMORY_LIMIT) while
    # the definitions are built, under `dagster dev` too: the settings' defaults reach it first.
    settings.export_environment()
    partitions = load_partitions()
    nightly = build_nightly(partitions)
    build = dg.define_asset_job(
        BUILD_JOB, selection=dg.AssetSelection.all(), partitions_def=partitions,
        description="Everything, the code-list seeds included, over the days of the pipelines/days tag: "
                    "what `pipelines run` (make run) launches for a first build or a backfill.")
    return dg.Definitions(
        assets=[*build_ingest_assets(partitions, RawLoadChecks()), *build_dbt_assets(),
                *report_assets, crime_bi],
        asset_checks=mart_checks,
        jobs=[nightly.job, build],
        schedules=[nightly.schedule],
        sensors=[nightly.sensor],
        resources=build_resources(),
        executor=dg.in_process_executor,
    )


def build_definitions() -> dg.Definitions:
    """The definitions for the landing folder and warehouse the settings name now."""
    return _definitions(settings.landing_dir(), settings.warehouse_path())


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
