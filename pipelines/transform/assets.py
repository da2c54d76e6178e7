"""Every dbt seed, model and test as Dagster assets; raw sources map onto the ingestion assets.

Two steps, each one dbt invocation per run:

- the seeds (code lists), which change only with the code: the nightly job leaves them out;
- every model, with the run's window: the models tagged ``partitioned`` are incremental on
  the days the run loaded and rebuild only the keys those days touched, the others are
  rebuilt whole.

The models are not Dagster-partitioned: Dagster records one materialisation per model per
run, however many days a backfill loads, and the raw assets' monthly partitions show which
days are loaded.
"""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines.shared.partitions import run_days
from pipelines.transform.args import dbt_build_args, dbt_window_env
from pipelines.transform.project import dbt_project, step_target

SEEDS = "resource_type:seed"


class DbtRunConfig(dg.Config):
    """Run config of the dbt models step. ``full_refresh`` rebuilds the incremental models
    from scratch: after editing a seed, or when an incremental model's columns change."""

    full_refresh: bool = False


class LayerGroups(DagsterDbtTranslator):
    """Groups the dbt assets by warehouse schema: reference, staging, intermediate, marts."""

    def get_group_name(self, dbt_resource_props) -> str:
        return dbt_resource_props["schema"]


TRANSLATOR = LayerGroups()


def step_target_path(context: dg.AssetExecutionContext) -> Path:
    """One artefact folder per step, kept from run to run: dbt's partial parsing state
    survives between nights, and the last run's compiled SQL and logs stay for debugging."""
    return step_target(context.op_execution_context.op.name)


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """``values`` in the environment while dbt starts (dagster-dbt hands its subprocess a
    copy of this process's environment), and the previous values back afterwards."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def build_dbt_assets() -> list[dg.AssetsDefinition]:
    """The two dbt steps from the project's manifest (parsed first if stale)."""
    manifest = dbt_project().manifest_path

    @dbt_assets(manifest=manifest, select=SEEDS, name="dbt_seeds", pool="warehouse",
                dagster_dbt_translator=TRANSLATOR)
    def dbt_seeds(context: dg.AssetExecutionContext, dbt: DbtCliResource):
        yield from dbt.cli(dbt_build_args(), context=context, target_path=step_target_path(context)).stream()

    @dbt_assets(manifest=manifest, exclude=SEEDS, name="dbt_models", pool="warehouse",
                dagster_dbt_translator=TRANSLATOR)
    def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtRunConfig):
        with environment(dbt_window_env(run_days(context.run.tags))):
            invocation = dbt.cli(dbt_build_args(full_refresh=config.full_refresh), context=context,
                                 target_path=step_target_path(context))
        yield from invocation.stream()

    return [dbt_seeds, dbt_models]
