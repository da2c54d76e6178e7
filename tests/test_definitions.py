import dagster as dg

from pipelines.definitions import defs


def test_definitions_validate():
    dg.Definitions.validate_loadable(defs)


def test_dbt_sources_are_the_ingestion_assets():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"raw/storm_incidents", "raw/athena_crimes", "raw/crime_bureau_decisions"} <= keys
    parents = {k.to_user_string() for k in graph.get(dg.AssetKey(["staging", "stg_athena_crimes"])).parent_keys}
    assert "raw/athena_crimes" in parents


def test_nightly_schedule_runs_0230_london_for_the_previous_day():
    schedule = defs.resolve_schedule_def("nightly_0230_london")
    assert schedule.cron_schedule == "30 2 * * *"
    assert schedule.execution_timezone == "Europe/London"


def test_ingestion_backfills_in_one_run_and_shares_the_warehouse_pool():
    for name in ("storm_incidents", "athena_crimes", "crime_bureau_decisions"):
        asset = defs.resolve_assets_def(dg.AssetKey(["raw", name]))
        assert asset.backfill_policy == dg.BackfillPolicy.single_run()
        assert asset.op.pool == "warehouse"


def test_only_incremental_dbt_models_are_partitioned():
    partitioned = defs.resolve_assets_def(dg.AssetKey(["staging", "stg_athena_crimes"]))
    assert partitioned.partitions_def is not None
    assert partitioned.backfill_policy == dg.BackfillPolicy.single_run()
    whole = defs.resolve_assets_def(dg.AssetKey(["marts", "rolling_12m_metrics"]))
    assert whole.partitions_def is None
