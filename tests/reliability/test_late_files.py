"""An ATHENA file that arrives days late: its night fails the volume check and keeps the marts
as they were, later nights run on, and when the file comes the sensor runs its day, which
corrects the marts to what a full rebuild from the same raw data gives."""

import shutil
from datetime import date, timedelta

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines.definitions import defs
from pipelines.ingest.automation import new_extract_sensor, nightly_job
from pipelines.transform.project import dbt_cli
from tests.conftest import SMALL_END, SMALL_START
from tests.reliability.test_kill import _marts

LATE_DAY = date(2019, 3, 10)


def _materialize(warehouse, **kwargs):
    return dg.materialize([*defs.assets, *defs.asset_checks],
                          resources={"warehouse": DuckDBResource(database=str(warehouse)), "dbt": dbt_cli()},
                          **kwargs)


def _range(start, end):
    return {"dagster/asset_partition_range_start": start.isoformat(),
            "dagster/asset_partition_range_end": end.isoformat()}


def _sensor(cursor):
    context = dg.build_sensor_context(cursor=cursor)
    requests = [r for r in new_extract_sensor(context) if isinstance(r, dg.RunRequest)]
    return [r.partition_key for r in requests], context.cursor


def _march_crimes(warehouse) -> int:
    con = duckdb.connect(str(warehouse), read_only=True)
    value = con.execute("SELECT monthly_value FROM marts.rolling_12m_metrics WHERE month_end = DATE '2019-03-31' "
                        "AND district = 'ALL' AND measure = 'all_crime_offences'").fetchone()[0]
    con.close()
    return value


def test_a_late_athena_file_is_picked_up_and_corrects_the_metrics(tmp_path, small_landing, monkeypatch):
    landing = shutil.copytree(small_landing, tmp_path / "landing")
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    monkeypatch.setenv("LANDING_DIR", str(landing))
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))
    late = next((landing / "athena").rglob(f"*_{LATE_DAY:%Y%m%d}.csv"))
    held = shutil.move(late, tmp_path / late.name)

    assert _materialize(warehouse, tags=_range(SMALL_START, LATE_DAY - timedelta(days=1))).success
    night = _materialize(warehouse, partition_key=LATE_DAY.isoformat(), selection=nightly_job.selection,
                         raise_on_error=False)
    assert not night.success
    assert _materialize(warehouse, tags=_range(LATE_DAY + timedelta(days=1), SMALL_END)).success
    without = _march_crimes(warehouse)
    _, cursor = _sensor(None)

    shutil.move(held, late)
    keys, _ = _sensor(cursor)
    assert keys == [LATE_DAY.isoformat()]
    assert _materialize(warehouse, partition_key=keys[0], selection=nightly_job.selection).success
    assert _march_crimes(warehouse) > without

    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copy(warehouse, rebuilt)
    monkeypatch.setenv("WAREHOUSE_PATH", str(rebuilt))
    dbt_cli().cli(["build", "--full-refresh", "--quiet"], target_path=tmp_path / "dbt_target").wait()
    assert _marts(warehouse) == _marts(rebuilt)
