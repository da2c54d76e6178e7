"""An ATHENA file that arrives days late: its night is held and keeps the marts as they were,
later nights run on, and when the file comes the sensor runs its day, which
corrects the marts to what a full rebuild from the same raw data gives."""

import shutil
from datetime import date, timedelta

import duckdb

from pipelines.shared.nightly import NIGHTLY_SELECTION
from pipelines.transform.project import dbt_cli
from tests.conftest import SMALL_END, SMALL_START, marts_state, materialize, sensor_requests

LATE_DAY = date(2019, 3, 10)


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

    assert materialize(warehouse, SMALL_START, LATE_DAY - timedelta(days=1)).success
    night = materialize(warehouse, LATE_DAY, selection=NIGHTLY_SELECTION,
                        raise_on_error=False)
    # Held, not failed: the delivery check says why at WARN and nothing downstream runs.
    holding = [c for c in night.get_asset_check_evaluations() if "held" in c.metadata]
    assert night.success and holding
    assert f"no ATHENA file for {LATE_DAY}" in holding[0].metadata["held"].value
    assert not [e for e in night.get_asset_materialization_events() if e.asset_key.path[0] != "raw"]
    assert materialize(warehouse, LATE_DAY + timedelta(days=1), SMALL_END).success
    without = _march_crimes(warehouse)
    _, cursor = sensor_requests(None)

    shutil.move(held, late)
    keys, _ = sensor_requests(cursor)
    assert keys == [LATE_DAY.isoformat()]
    assert materialize(warehouse, date.fromisoformat(keys[0]), selection=NIGHTLY_SELECTION).success
    assert _march_crimes(warehouse) > without

    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copy(warehouse, rebuilt)
    monkeypatch.setenv("WAREHOUSE_PATH", str(rebuilt))
    dbt_cli().cli(["build", "--full-refresh", "--quiet"], target_path=tmp_path / "dbt_target").wait()
    assert marts_state(warehouse) == marts_state(rebuilt)
