import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import build_definitions
from pipelines.settings import REPO_ROOT
from pipelines.shared.nightly import NIGHTLY_SELECTION
from pipelines.transform.args import dbt_build_args
from pipelines.transform.assets import MODELS
from pipelines.transform.project import dbt_cli, dbt_project


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    return build_definitions()


def test_definitions_validate(defs):
    dg.Definitions.validate_loadable(defs)


def test_the_workspace_make_dev_opens_loads_with_no_setting_exported(tmp_path):
    """`make dev` from a clean shell: `dagster dev` parses the dbt project while it loads the
    code location (DAGSTER_IS_DEV_CLI), so the settings' defaults must reach dbt by then."""
    dagster = str(Path(sys.executable).with_name("dagster"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DAGSTER_IS_DEV_CLI": "1"}
    done = subprocess.run([dagster, "definitions", "validate", "-w", "workspace.yaml"], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert "All code locations passed validation" in done.stdout + done.stderr


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


def test_nightly_schedule_runs_0230_london_for_the_previous_day(small_landing, monkeypatch):
    monkeypatch.setenv("LANDING_DIR", str(small_landing))   # partitions from March 2019
    defs = build_definitions()
    schedule = defs.resolve_schedule_def("nightly_0230_london")
    assert schedule.cron_schedule == "30 2 * * *"
    assert schedule.execution_timezone == "Europe/London"
    # The night British Summer Time starts, and the first of a month: the day before, in its month.
    for when, day, month in [("2019-03-15T02:30:00+00:00", "2019-03-14", "2019-03-01"),
                             ("2019-03-31T02:30:00+01:00", "2019-03-30", "2019-03-01"),
                             ("2019-04-01T02:30:00+01:00", "2019-03-31", "2019-03-01"),
                             ("2019-04-02T02:30:00+01:00", "2019-04-01", "2019-04-01")]:
        context = dg.build_schedule_context(scheduled_execution_time=datetime.fromisoformat(when),
                                            repository_def=defs.get_repository_def())
        request = schedule.evaluate_tick(context).run_requests[0]
        assert (request.partition_key, request.tags["pipelines/days"]) == (month, day)


def test_ingestion_backfills_in_one_run_and_shares_the_warehouse_pool(defs):
    for name in ("storm_incidents", "athena_crimes", "crime_bureau_decisions"):
        asset = defs.resolve_assets_def(dg.AssetKey(["raw", name]))
        assert asset.backfill_policy == dg.BackfillPolicy.single_run()
        assert asset.op.pool == "warehouse"


def test_only_the_raw_assets_are_partitioned_and_by_month(defs):
    graph = defs.resolve_asset_graph()
    partitioned = {k.path[0] for k in graph.get_all_asset_keys() if graph.get(k).partitions_def is not None}
    assert partitioned == {"raw"}
    months = defs.resolve_assets_def(dg.AssetKey(["raw", "storm_incidents"])).partitions_def
    assert isinstance(months, dg.MonthlyPartitionsDefinition)
    # Every model, incremental or not, is one dbt invocation: one materialisation per run.
    incremental = defs.resolve_assets_def(dg.AssetKey(["staging", "stg_athena_crimes"]))
    assert incremental.node_def.name == "dbt_models"
    assert defs.resolve_assets_def(dg.AssetKey(["marts", "rolling_12m_metrics"])).node_def.name == "dbt_models"


def test_every_asset_check_has_a_description(defs):
    """The dbt tests included: each names its kind, model and column in the UI."""
    specs = [spec for asset in defs.assets for spec in asset.check_specs] + [
        spec for checks in defs.asset_checks for spec in checks.check_specs]
    assert len(specs) > 80
    assert [s.name for s in specs if not s.description] == []
    described = {s.name: s.description for s in specs}
    assert described["not_null_stg_storm_incidents_log_date"] == "dbt test not_null on stg_storm_incidents.log_date"


def test_every_dbt_test_is_a_check_of_the_step_that_runs_it(defs):
    """A test of a model that also reads a code list (relationships to a seed) runs in the
    models step: were it not among that step's checks, Dagster would log it as an observation,
    with a warning in every night's log, and hide it from the model's checks in the UI."""
    manifest = json.loads(dbt_project().manifest_path.read_text())
    dbt_steps = {a.node_def.name: a for a in defs.assets if isinstance(a, dg.AssetsDefinition)
                 and a.node_def.name in ("dbt_seeds", "dbt_models")}
    checks = {name: {k.name for k in a.check_keys} for name, a in dbt_steps.items()}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or not node.get("attached_node"):
            continue
        attached = manifest["nodes"][node["attached_node"]]["resource_type"]
        step = "dbt_seeds" if attached == "seed" else "dbt_models"
        assert node["name"] in checks[step], f"{node['name']} is no check of {step}"
    assert "relationships_knife_worklist_priority__priority__ref_worklist_priorities_" in checks["dbt_models"]


def test_every_test_of_a_model_runs_in_the_models_step(tmp_path):
    """dbt's own selection for the models step, as the step runs it: every data test of a
    model, also one against a code list that no model reads (crime_statuses)."""
    args = dbt_build_args(models=True)
    indirect = args[args.index("--indirect-selection") + 1]
    listed = dbt_cli().cli(["ls", "--select", MODELS, "--indirect-selection", indirect, "--resource-type", "test",
                            "--output", "name"], target_path=tmp_path / "target", raise_on_error=True)
    names = {e.raw_event["info"]["msg"].strip() for e in listed.stream_raw_events()
             if e.raw_event["info"]["name"] == "PrintEvent"}
    manifest = json.loads(dbt_project().manifest_path.read_text())
    tests_of_models = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "test"
                       and manifest["nodes"][n["attached_node"]]["resource_type"] == "model"}
    assert "relationships_int_athena_crimes_latest_status__status__ref_crime_statuses_" in tests_of_models
    assert names == tests_of_models
