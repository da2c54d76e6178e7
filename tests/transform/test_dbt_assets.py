import dagster as dg
import duckdb

from pipelines.definitions import build_definitions
from tests.conftest import NIGHTLY_END, materialize


def _linked_at(warehouse) -> list:
    con = duckdb.connect(str(warehouse), read_only=True)
    stamps = [r[0] for r in con.execute(
        "SELECT DISTINCT linked_at FROM intermediate.int_crime_links ORDER BY 1").fetchall()]
    con.close()
    return stamps


def test_run_config_full_refresh_rebuilds_the_incremental_models(nightly):
    models = next(a for a in build_definitions().assets if a.node_def.name == "dbt_models")
    # The decisions load, the quickest raw asset, makes the run one of that day.
    steps = dg.AssetSelection.assets(*models.keys, dg.AssetKey(["raw", "crime_bureau_decisions"]))
    night = {"start": NIGHTLY_END, "instance": nightly.instance, "selection": steps}
    assert materialize(nightly.warehouse, **night).success
    incremental = _linked_at(nightly.warehouse)
    # A night relinks some crimes and keeps the rest.
    assert len(incremental) > 1

    config = {"ops": {"dbt_models": {"config": {"full_refresh": True}}}}
    assert materialize(nightly.warehouse, run_config=config, **night).success
    rebuilt = _linked_at(nightly.warehouse)
    assert len(rebuilt) == 1 and rebuilt[0] > incremental[-1]
