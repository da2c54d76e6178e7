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
# Selected as models rather than as everything but the seeds: dbt drops the tests that touch an
# excluded node, so a model's test against a code list (relationships to a seed) would run in
# the step without being one of its checks, logged as an observation with a warning.
MODELS = "resource_type:model"


class DbtRunConfig(dg.Config):
    """Run config of the dbt models step. ``full_refresh`` rebuilds the incremental models
    from scratch: after editing a seed, or when an incremental model's columns change."""

    full_refresh: bool = False


def test_description(test: Mapping) -> str:
    """What a dbt data test checks, for its Dagster check: its own description when the yml
    gives one, else its kind, model, column and arguments."""
    if test.get("description"):
        return test["description"]
    meta = test.get("test_metadata") or {}
    kwargs = {k: v for k, v in (meta.get("kwargs") or {}).items() if k not in ("model", "column_name")}
    column = meta.get("kwargs", {}).get("column_name") or test.get("column_name")
    model = (test.get("attached_node") or "").rsplit(".", 1)[-1] or "the model"
    arguments = kwargs.get("arguments", kwargs)
    shown = ", ".join(f"{k}={v}" for k, v in arguments.items()) if isinstance(arguments, Mapping) else ""
    return (f"dbt test {meta.get('name') or test.get('name')} on {model}" + (f".{column}" if column else "")
            + (f" ({shown})" if shown else ""))


class LayerGroups(DagsterDbtTranslator):
    """Groups the dbt assets by warehouse schema (reference, staging, intermediate, marts) and
    gives every dbt test's check a description."""

    def get_group_name(self, dbt_resource_props) -> str:
        return dbt_resource_props["schema"]

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None or spec.description:
            return spec
        return dg.AssetCheckSpec(name=spec.name, asset=spec.asset_key, additional_deps=spec.additional_deps,
                                 metadata=spec.metadata, blocking=spec.blocking,
                                 automation_condition=spec.automation_condition,
                                 description=test_description(manifest["nodes"][unique_id]))


TRANSLATOR = LayerGroups()


def step_target_path(context: dg.AssetExecutionContext) -> Path:
    """One artefact folder per step, kept from run to run: dbt's partial parsing state
    survives between nights, and the last run's compiled SQL and logs stay for debugging."""
    return step_target(context.op_execution_context.op.name)


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """``values`` in the environment while dbt starts, and the previous values back afterwards.

    ``DbtCliResource.cli`` takes no environment of its own: its dbt process starts with a copy
    of this one's. The window goes to dbt as environment variables rather than
    ``--vars`` because dbt re-parses the whole project when ``--vars`` change, which they
    would every night: measured on this project, ``dbt parse`` took 6.5 s with new vars
    against 2.9 s partially parsed (median of three each, same session)."""
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
        yield from dbt.cli(dbt_build_args(models=False), context=context,
                           target_path=step_target_path(context)).stream()

    @dbt_assets(manifest=manifest, select=MODELS, name="dbt_models", pool="warehouse",
                dagster_dbt_translator=TRANSLATOR)
    def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtRunConfig):
        with environment(dbt_window_env(run_days(context.run.tags))):
            invocation = dbt.cli(dbt_build_args(models=True, full_refresh=config.full_refresh), context=context,
                                 target_path=step_target_path(context))
        yield from invocation.stream()

    return [dbt_seeds, dbt_models]
