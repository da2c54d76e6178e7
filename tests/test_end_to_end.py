"""The whole pipeline on a few simulated weeks: ingestion, checks and dbt in one run, twice;
then a night whose extract fails a blocking check."""

import csv
import shutil
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb

from bench.accuracy import measure
from pipelines.quality.suites import context
from tests.conftest import SMALL_END, SMALL_START, materialize


def _all_expectations() -> set[tuple[str, str]]:
    ctx = context()
    return {(s.name, str(e.id)) for s in ctx.suites.all() for e in s.expectations}


def test_pipeline_end_to_end(tmp_path, small_landing, monkeypatch):
    warehouse = tmp_path / "warehouse.duckdb"
    landing = shutil.copytree(small_landing, tmp_path / "landing")
    monkeypatch.setenv("LANDING_DIR", str(landing))
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))
    result = materialize(warehouse, SMALL_START, SMALL_END)
    assert result.success
    checks = result.get_asset_check_evaluations()
    suites = {s.name for s in context().suites.all()}
    assert {c.check_name for c in checks} & suites == suites
    assert [c.description for c in checks if not c.passed and c.severity == dg.AssetCheckSeverity.ERROR] == []
    # Three weeks of March: the report covers the month to date; no whole month for the tables yet.
    report = tmp_path / "reports" / "latest"
    assert "month to date" in (report / "compliance_report.html").read_text(encoding="utf-8")
    assert not list(report.glob("performance_*"))

    with (landing / "_truth" / "crimes_truth.csv").open(encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))
    con = duckdb.connect(str(warehouse), read_only=True)
    crimes = con.execute("SELECT count(*) FROM intermediate.int_athena_crimes_latest").fetchone()[0]
    counted = con.execute(
        "SELECT count(*) FROM intermediate.int_athena_crimes_latest WHERE status = 'RECORDED'").fetchone()[0]
    incidents = con.execute("SELECT count(*) FROM intermediate.int_storm_incidents_latest").fetchone()[0]
    first = con.execute("SELECT * FROM intermediate.int_athena_crimes_latest ORDER BY crime_ref").fetchall()
    monthly = dict(con.execute("""
        SELECT strftime(month_end, '%Y-%m'), monthly_value FROM marts.rolling_12m_metrics
        WHERE district = 'ALL' AND measure = 'all_crime_offences'""").fetchall())
    metrics = con.execute("SELECT * FROM marts.rolling_12m_metrics ORDER BY ALL").fetchall()
    worklist = con.execute("SELECT * FROM marts.knife_discrepancies ORDER BY discrepancy_id").fetchall()
    checked = set(con.execute("SELECT suite, expectation_id FROM audit.dq_results").fetchall())
    con.close()
    assert checked == _all_expectations()
    assert crimes == len(truth)
    assert counted == sum(1 for c in truth if c["counted"] == "Y")
    with (landing / "_truth" / "incidents_truth.csv").open(encoding="utf-8") as fh:
        assert incidents == sum(1 for _ in fh) - 1

    london = ZoneInfo("Europe/London")
    counted_by_month = Counter(datetime.fromisoformat(c["recorded_at"]).astimezone(london).strftime("%Y-%m")
                               for c in truth if c["counted"] == "Y")
    assert monthly == counted_by_month

    accuracy = measure(warehouse, landing)
    links = {r["method"]: r for r in accuracy["links"]}["ALL"]
    assert links["precision"] >= 0.99 and links["recall"] >= 0.95

    assert materialize(warehouse, SMALL_START, SMALL_END).success
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT * FROM intermediate.int_athena_crimes_latest ORDER BY crime_ref").fetchall() == first
    assert con.execute("SELECT * FROM marts.rolling_12m_metrics ORDER BY ALL").fetchall() == metrics
    assert con.execute("SELECT * FROM marts.knife_discrepancies ORDER BY discrepancy_id").fetchall() == worklist
    con.close()

    # A second ATHENA file for the last day holds a crime version with a malformed crime
    # reference: it loads (its key clashes with no other row), the blocking check fails, so
    # dbt does not run and the marts stay as they were.
    day_file = next((landing / "athena").rglob(f"athena_crimes_{SMALL_END:%Y%m%d}.csv"))
    header, first, *_ = day_file.read_text(encoding="utf-8").splitlines()
    day_file.with_name(f"athena_crimes_{SMALL_END:%Y%m%d}_resent.csv").write_text(
        f"{header}\n{first.replace('42/', '4Z/', 1)}\n", encoding="utf-8")
    blocked = materialize(warehouse, SMALL_END, SMALL_END, raise_on_error=False)
    assert not blocked.success
    failed = [c for c in blocked.get_asset_check_evaluations() if not c.passed]
    assert [(c.check_name, c.severity) for c in failed] == [("raw_athena_crimes", dg.AssetCheckSeverity.ERROR)]
    assert "expect_column_values_to_match_regex(crime_ref): 1 rows" in failed[0].description
    assert not [e for e in blocked.get_asset_materialization_events() if e.asset_key.path[0] == "marts"]
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT * FROM marts.rolling_12m_metrics ORDER BY ALL").fetchall() == metrics
    assert con.execute("SELECT * FROM marts.knife_discrepancies ORDER BY discrepancy_id").fetchall() == worklist
    con.close()
