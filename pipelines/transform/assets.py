"""Every dbt seed, model and test as Dagster assets; raw sources map onto the ingestion assets.

Three groups, each one dbt invocation per run:

- seeds (code lists), which change only with the code: the nightly job leaves them out;
- models tagged ``partitioned``, incremental on the load partitions: they share the
  ingestion's daily partitions, take the run's window as dbt vars and backfill in one run;
- every other model, rebuilt whole and not partitioned.
"""

from pathlib import Path

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines.transform.args import dbt_build_args
from pipelines.transform.project import dbt_project

PARTITIONED = "tag:partitioned"
SEEDS = "resource_type:seed"


class DbtRunConfig(dg.Config):
    """Run config of the dbt steps. ``full_refresh`` rebuilds the incremental models from
    scratch: after editing a seed, or when an incremental model's columns change."""

    full_refresh: bool = False


class LayerGroups(DagsterDbtTranslator):
    """Groups the dbt assets by warehouse schema: reference, staging, intermediate, marts."""

    def get_group_name(self, dbt_resource_props) -> str:
        return dbt_resource_props["schema"]


TRANSLATOR = LayerGroups()


def step_target_path(context: dg.AssetExecutionContext) -> Path:
    """One artefact folder per step, overwritten by the next run: the last run's compiled SQL
    and logs stay for debugging, and nightly runs do not pile up a folder each."""
    return dbt_project().target_path / "steps" / context.op_execution_context.op.name


def build_dbt_assets(partitions: dg.DailyPartitionsDefinition) -> list[dg.AssetsDefinition]:
    """The three dbt steps from the project's manifest (parsed first if stale); the
    partitioned one shares ``partitions`` with the ingestion."""
    manifest = dbt_project().manifest_path

    @dbt_assets(manifest=manifest, select=SEEDS, name="dbt_seeds", pool="warehouse",
                dagster_dbt_translator=TRANSLATOR)
    def dbt_seeds(context: dg.AssetExecutionContext, dbt: DbtCliResource):
        yield from dbt.cli(dbt_build_args(), context=context, target_path=step_target_path(context)).stream()

    @dbt_assets(
        manifest=manifest,
        select=PARTITIONED,
        dagster_dbt_translator=TRANSLATOR,
        name="dbt_partitioned_models",
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool="warehouse",
    )
    def dbt_partitioned_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtRunConfig):
        window = context.partition_time_window
        args = dbt_build_args(window=(window.start.date(), window.end.date()), full_refresh=config.full_refresh)
        yield from dbt.cli(args, context=context, target_path=step_target_path(context)).stream()

    @dbt_assets(manifest=manifest, exclude=f"{PARTITIONED} {SEEDS}", name="dbt_models", pool="warehouse",
                dagster_dbt_translator=TRANSLATOR)
    def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtRunConfig):
        yield from dbt.cli(dbt_build_args(full_refresh=config.full_refresh), context=context,
                           target_path=step_target_path(context)).stream()

    return [dbt_seeds, dbt_partitioned_models, dbt_models]
