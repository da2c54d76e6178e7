"""Night after night, the incremental models (staging, links, knife status, discrepancy
states) end where a full rebuild of the same raw data ends. The extracts are dense enough
that crimes compete for candidate incidents and late recordings, reclassifications and
decisions land on days already linked."""

from datetime import date, timedelta

import duckdb

from pipelines.shared.nightly import NIGHTLY_SELECTION
from pipelines.transform.project import dbt_cli
from tests.conftest import marts_state, materialize, simulate

START, FIRST_NIGHT, LAST_NIGHT = date(2019, 1, 1), date(2019, 2, 25), date(2019, 2, 28)


def _relinked(warehouse) -> tuple[int, int]:
    """Crimes relinked after the first run, and all crimes."""
    con = duckdb.connect(str(warehouse), read_only=True)
    counts = con.execute("SELECT count(*) FILTER (WHERE linked_at > (SELECT min(linked_at) FROM "
                         "intermediate.int_crime_links)), count(*) FROM intermediate.int_crime_links").fetchone()
    con.close()
    return counts


def test_nightly_runs_end_where_a_full_rebuild_ends(tmp_path, monkeypatch):
    # The extracts run a day past the last night: the simulator's final day carries every event
    # still due, which touches every day of the history.
    landing = simulate(tmp_path / "landing", start=START, end=LAST_NIGHT + timedelta(days=1), scale=0.3, seed=11)
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    monkeypatch.setenv("LANDING_DIR", str(landing))
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))

    assert materialize(warehouse, START, FIRST_NIGHT - timedelta(days=1)).success
    night = FIRST_NIGHT
    while night <= LAST_NIGHT:
        assert materialize(warehouse, night, selection=NIGHTLY_SELECTION).success
        night += timedelta(days=1)
    # The nights changed some links, not all of them.
    relinked, crimes = _relinked(warehouse)
    assert 0 < relinked < crimes

    rebuilt = tmp_path / "rebuilt.duckdb"
    rebuilt.write_bytes(warehouse.read_bytes())
    monkeypatch.setenv("WAREHOUSE_PATH", str(rebuilt))
    dbt_cli().cli(["build", "--full-refresh", "--quiet"], target_path=tmp_path / "dbt_target").wait()
    assert marts_state(warehouse) == marts_state(rebuilt)
