"""A failed mart suite holds back only what reads its mart."""

import shutil

import dagster as dg
import duckdb

from pipelines.quality import frames
from pipelines.quality.checks import MART_SUITES
from tests.conftest import materialize

REPORT, TABLES, BI = (dg.AssetKey(["reports", "compliance_report"]), dg.AssetKey(["reports", "performance_tables"]),
                      dg.AssetKey(["published", "crime_bi"]))


def test_a_failed_mart_suite_holds_what_reads_that_mart_and_nothing_else(nightly, tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(nightly.warehouse, warehouse)
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))
    con = duckdb.connect(str(warehouse), read_only=True)
    items = con.execute("SELECT count(*) FROM marts.knife_discrepancies").fetchone()[0]
    con.close()
    assert items > 0
    read = frames.mart_frame

    def one_item_in_a_district_nobody_polices(con, table, columns):
        frame = read(con, table, columns)
        frame.loc[frame.index[0], "district"] = "Atlantis"
        return frame

    monkeypatch.setattr(frames, "mart_frame", one_item_in_a_district_nobody_polices)
    checks = [dg.AssetCheckKey(key, suite) for suite, (key, _) in MART_SUITES.items()]
    result = materialize(warehouse, selection=dg.AssetSelection.checks(*checks) | dg.AssetSelection.assets(
        REPORT, TABLES, BI), raise_on_error=False)

    outcomes = {c.check_name: (c.passed, c.severity) for c in result.get_asset_check_evaluations()}
    assert outcomes == {"crime_incident_links": (True, dg.AssetCheckSeverity.WARN),
                        "rolling_12m_metrics": (True, dg.AssetCheckSeverity.WARN),
                        "knife_discrepancies": (False, dg.AssetCheckSeverity.ERROR)}
    failed = next(c for c in result.get_asset_check_evaluations() if not c.passed)
    assert "expect_column_values_to_be_in_set(district): 1 rows" in failed.description
    # The report and the BI copy read the worklist's mart; the performance tables do not.
    assert {e.asset_key for e in result.get_asset_materialization_events()} == {TABLES}
