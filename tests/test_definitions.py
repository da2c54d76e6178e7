import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import build_definitions
from pipelines.settings import REPO_ROOT
from pipelines.shared.nightly import NIGHTLY_SELECTION


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    return build_definitions()


def test_definitions_validate(defs):
    dg.Definitions.validate_loadable(defs)


def test_the_workspace_make_dev_opens_loads():
    dagster = Path(sys.executable).with_name("dagster")
    result = subprocess.run([dagster, "definitions", "validate", "-w", "workspace.yaml"], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Validation successful for code location pipelines.definitions" in result.stdout + result.stderr


def test_nightly_job_leaves_out_only_the_code_list_seeds(defs):
    graph = defs.resolve_asset_graph()
    selected = NIGHTLY_SELECTION.resolve(graph)
    left_out = {k for k in graph.get_all_asset_keys() - selected if graph.get(k).is_materializable}
    assert left_out and {graph.get(k).group_name for k in left_out} == {"reference"}
    assert all(k.path[0] == "reference" for k in left_out)


def test_dbt_sources_are_the_ingestion_assets(defs):
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"raw/storm_incidents", "raw/athena_crimes", "raw/crime_bureau_decisions"} <= keys
    parents = {k.to_user_string() for k in graph.get(dg.AssetKey(["staging", "stg_athena_crimes"])).parent_keys}
    assert "raw/athena_crimes" in parents


def test_nightly_schedule_runs_0230_london_for_the_previous_day(defs):
    schedule = defs.resolve_schedule_def("nightly_0230_london")
    assert schedule.cron_schedule == "30 2 * * *"
    assert schedule.execution_timezone == "Europe/London"


def test_ingestion_backfills_in_one_run_and_shares_the_warehouse_pool(defs):
    for name in ("storm_incidents", "athena_crimes", "crime_bureau_decisions"):
        asset = defs.resolve_assets_def(dg.AssetKey(["raw", name]))
        assert asset.backfill_policy == dg.BackfillPolicy.single_run()
        assert asset.op.pool == "warehouse"


def test_only_incremental_dbt_models_are_partitioned(defs):
    partitioned = defs.resolve_assets_def(dg.AssetKey(["staging", "stg_athena_crimes"]))
    assert partitioned.partitions_def is not None
    assert partitioned.backfill_policy == dg.BackfillPolicy.single_run()
    whole = defs.resolve_assets_def(dg.AssetKey(["marts", "rolling_12m_metrics"]))
    assert whole.partitions_def is None
