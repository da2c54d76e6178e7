"""Every dbt seed, model and test as Dagster assets; raw sources map onto the ingestion assets.

Models tagged ``partitioned`` are incremental on the load partitions: they share the
ingestion's daily partitions, take the run's window as dbt vars and backfill in one run.
Everything else (seeds, tables, tests) is rebuilt whole and is not partitioned.
"""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from pipelines.ingest.partitions import daily_partitions
from pipelines.transform.args import dbt_build_args
from pipelines.transform.project import dbt_project

PARTITIONED = "tag:partitioned"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    select=PARTITIONED,
    name="dbt_partitioned_models",
    partitions_def=daily_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="warehouse",
)
def dbt_partitioned_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    window = context.partition_time_window
    args = dbt_build_args(window=(window.start.date(), window.end.date()))
    yield from dbt.cli(args, context=context).stream()


@dbt_assets(manifest=dbt_project.manifest_path, exclude=PARTITIONED, name="dbt_models", pool="warehouse")
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    yield from dbt.cli(dbt_build_args(), context=context).stream()
