"""bench.floor keeps up with the project: on small extracts it loads the raw tables and the
ledger in the pipeline's own columns, and every model's compiled SQL builds on them."""

import duckdb

from bench.floor import run_floor


def test_every_model_builds_on_the_floor(small_landing, tmp_path):
    timings = run_floor(small_landing, tmp_path / "floor.duckdb")
    assert timings["total"] > 0
    con = duckdb.connect(str(tmp_path / "floor.duckdb"), read_only=True)
    marts = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts'").fetchall()}
    assert {"rolling_12m_metrics", "incident_knife_evidence", "knife_worklist", "crime_knife_status"} <= marts
    loaded, read = con.execute("SELECT (SELECT count(*) FROM raw.storm_incidents), sum(rows_read) "
                               "FILTER (WHERE source = 'storm_incidents') FROM audit.ingest_ledger").fetchone()
    assert loaded == read > 0
    assert con.execute("SELECT count(*) FROM marts.incident_knife_evidence").fetchone()[0] > 0
