"""The whole pipeline on a few simulated weeks: ingestion then dbt, in one run, twice."""

import csv
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from bench.accuracy import measure
from pipelines.definitions import defs
from pipelines.transform.project import dbt_cli
from tests.conftest import SMALL_END, SMALL_START


def _materialize(warehouse):
    return dg.materialize(
        list(defs.assets),
        resources={"warehouse": DuckDBResource(database=str(warehouse)), "dbt": dbt_cli()},
        tags={"dagster/asset_partition_range_start": SMALL_START.isoformat(),
              "dagster/asset_partition_range_end": SMALL_END.isoformat()},
    )


def test_pipeline_end_to_end(tmp_path, small_landing, monkeypatch):
    warehouse = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("LANDING_DIR", str(small_landing))
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))
    assert _materialize(warehouse).success

    with (small_landing / "_truth" / "crimes_truth.csv").open(encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))
    con = duckdb.connect(str(warehouse), read_only=True)
    crimes = con.execute("SELECT count(*) FROM staging.stg_athena_crimes").fetchone()[0]
    counted = con.execute("SELECT count(*) FROM staging.stg_athena_crimes WHERE status = 'RECORDED'").fetchone()[0]
    incidents = con.execute("SELECT count(*) FROM staging.stg_storm_incidents").fetchone()[0]
    first = con.execute("SELECT * FROM staging.stg_athena_crimes ORDER BY crime_ref").fetchall()
    monthly = dict(con.execute("""
        SELECT strftime(month_end, '%Y-%m'), monthly_value FROM marts.rolling_12m_metrics
        WHERE district = 'ALL' AND measure = 'all_crime_offences'""").fetchall())
    metrics = con.execute("SELECT * FROM marts.rolling_12m_metrics ORDER BY ALL").fetchall()
    worklist = con.execute("SELECT * FROM marts.knife_discrepancies ORDER BY discrepancy_id").fetchall()
    con.close()
    assert crimes == len(truth)
    assert counted == sum(1 for c in truth if c["counted"] == "Y")
    with (small_landing / "_truth" / "incidents_truth.csv").open(encoding="utf-8") as fh:
        assert incidents == sum(1 for _ in fh) - 1

    london = ZoneInfo("Europe/London")
    counted_by_month = Counter(datetime.fromisoformat(c["recorded_at"]).astimezone(london).strftime("%Y-%m")
                               for c in truth if c["counted"] == "Y")
    assert monthly == counted_by_month

    accuracy = measure(warehouse, small_landing)
    links = {r["method"]: r for r in accuracy["links"]}["ALL"]
    assert links["precision"] >= 0.99 and links["recall"] >= 0.95

    assert _materialize(warehouse).success
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT * FROM staging.stg_athena_crimes ORDER BY crime_ref").fetchall() == first
    assert con.execute("SELECT * FROM marts.rolling_12m_metrics ORDER BY ALL").fetchall() == metrics
    assert con.execute("SELECT * FROM marts.knife_discrepancies ORDER BY discrepancy_id").fetchall() == worklist
