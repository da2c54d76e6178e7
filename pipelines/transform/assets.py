"""Every dbt seed, model and test as Dagster assets; raw sources map onto the ingestion assets."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from pipelines.transform.args import dbt_build_args
from pipelines.transform.project import dbt_project


@dbt_assets(manifest=dbt_project.manifest_path, pool="warehouse")
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    yield from dbt.cli(dbt_build_args(), context=context).stream()
