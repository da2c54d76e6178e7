import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.run import root_cause
from tests.conftest import NIGHTLY_END, materialize


def _linked_at(warehouse) -> list:
    con = duckdb.connect(str(warehouse), read_only=True)
    stamps = [r[0] for r in con.execute(
        "SELECT DISTINCT linked_at FROM intermediate.int_crime_links ORDER BY 1").fetchall()]
    con.close()
    return stamps


def _models_of_a_night() -> dg.AssetSelection:
    """The dbt models with the decisions load, the quickest raw asset, which makes the run one
    of the day it is given."""
    models = next(a for a in build_definitions().assets if a.node_def.name == "dbt_models")
    return dg.AssetSelection.assets(*models.keys, dg.AssetKey(["raw", "crime_bureau_decisions"]))


def test_run_config_full_refresh_rebuilds_the_incremental_models(nightly):
    steps = _models_of_a_night()
    night = {"start": NIGHTLY_END, "instance": nightly.instance, "selection": steps}
    built = _linked_at(nightly.warehouse)
    assert materialize(nightly.warehouse, **night).success
    incremental = _linked_at(nightly.warehouse)
    # A night changes some links at most: the links it found again keep their time.
    assert built[0] in incremental

    config = {"ops": {"dbt_models": {"config": {"full_refresh": True}}}}
    assert materialize(nightly.warehouse, run_config=config, **night).success
    rebuilt = _linked_at(nightly.warehouse)
    assert len(rebuilt) == 1 and rebuilt[0] > incremental[-1]


def test_a_night_moves_linked_at_only_for_the_links_it_changes(nightly):
    steps = _models_of_a_night()
    con = duckdb.connect(str(nightly.warehouse))
    # A crime linked to a call logged on the night's day: the night loads that call again, so
    # it scores again every crime tied to it. The crime's stored confidence is made wrong, and
    # every stored link's time is put a day back.
    crime, confidence = con.execute(
        "SELECT crime_ref, confidence FROM intermediate.int_crime_links WHERE log_date = ? "
        "ORDER BY 1 LIMIT 1", [NIGHTLY_END]).fetchone()
    con.execute("UPDATE intermediate.int_crime_links SET linked_at = linked_at - INTERVAL 1 DAY, "
                "confidence = CASE WHEN crime_ref = ? THEN confidence - 0.5 ELSE confidence END", [crime])
    before = con.execute("SELECT max(linked_at) FROM intermediate.int_crime_links").fetchone()[0]
    same_night = con.execute("SELECT count(*) FROM intermediate.int_crime_links WHERE log_date = ?",
                             [NIGHTLY_END]).fetchone()[0]
    con.close()

    assert materialize(nightly.warehouse, start=NIGHTLY_END, instance=nightly.instance, selection=steps).success

    con = duckdb.connect(str(nightly.warehouse), read_only=True)
    stamped = con.execute("SELECT crime_ref, confidence FROM intermediate.int_crime_links WHERE linked_at > ?",
                          [before]).fetchall()
    mart = con.execute("SELECT confidence FROM marts.crime_incident_links WHERE crime_ref = ?", [crime]).fetchone()
    con.close()
    # The night scored every crime linked to its calls again and found the same links but one.
    assert same_night > 1
    assert stamped == [(crime, confidence)]
    assert mart == (confidence,)


@pytest.mark.parametrize(("table", "column"), [("int_crime_links", "reported_at"),
                                               ("int_narrative_entry_terms", "sharp_description")])
def test_an_incremental_table_built_before_one_of_its_columns_stops_the_night_until_a_full_refresh(
        nightly, table, column):
    night = {"start": NIGHTLY_END, "instance": nightly.instance, "selection": _models_of_a_night()}
    con = duckdb.connect(str(nightly.warehouse))
    con.execute(f"ALTER TABLE intermediate.{table} DROP COLUMN {column}")
    con.close()

    failed = materialize(nightly.warehouse, raise_on_error=False, **night)
    causes = [root_cause(e.step_failure_data.error) for e in failed.get_step_failure_events()]
    assert causes == [f"dbt {table}: {table} was built before it kept {column}: "
                      "run once with --full-refresh (pipelines run --days DAY --full-refresh)"]

    config = {"ops": {"dbt_models": {"config": {"full_refresh": True}}}}
    assert materialize(nightly.warehouse, run_config=config, **night).success
    assert materialize(nightly.warehouse, **night).success


def test_code_lists_older_than_the_code_stop_the_night_with_the_cure(nightly):
    """The nightly job leaves the seeds out: a warehouse whose knife_vocabulary predates a role
    the code reads stops the night with one line naming the cure, not a bare compiler error."""
    night = {"start": NIGHTLY_END, "instance": nightly.instance, "selection": _models_of_a_night()}
    con = duckdb.connect(str(nightly.warehouse))
    kept = con.execute("SELECT * FROM reference.knife_vocabulary WHERE rule = 'others_in_fear'").fetchall()
    con.execute("DELETE FROM reference.knife_vocabulary WHERE rule = 'others_in_fear'")
    con.close()

    failed = materialize(nightly.warehouse, raise_on_error=False, **night)
    causes = [root_cause(e.step_failure_data.error) for e in failed.get_step_failure_events()]
    assert causes == ["dbt int_narrative_entry_verdicts: knife_vocabulary has no patterns for r.role = 'fear': "
                      "the warehouse's code lists are older than the code; load them once with --full-refresh "
                      "(pipelines run --days DAY --full-refresh)"]

    con = duckdb.connect(str(nightly.warehouse))
    con.executemany("INSERT INTO reference.knife_vocabulary VALUES (?, ?, ?)", kept)
    con.close()
    assert kept and materialize(nightly.warehouse, **night).success
