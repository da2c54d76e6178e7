"""The worklist's priorities, from the worklist_priorities seed as shipped, on hand-written
items: dbt builds marts.knife_worklist over tables made here, and the order must be exactly
the one the Crime Bureau was promised."""

import os
import subprocess

import duckdb

from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR, duckdb_memory_limit

AS_OF = "2020-03-15"   # windows still to be published: crimes recorded from March 2019

# (label, class, evidence, recorded month or None for an incident, counted, eligible, status, days open)
ITEMS = [
    ("not_counted", "MISSING_FLAG", "qualifier_and_text", "2020-01-01", False, True, "OPEN", 50),
    ("ineligible", "INELIGIBLE_FLAG", "none", "2019-11-01", True, False, "OPEN", 120),
    ("review", "REVIEW_KNIFE_TEXT", "text_review", "2020-03-01", True, True, "OPEN", 10),
    ("unrecorded", "UNRECORDED_KNIFE_INCIDENT", "qualifier_only", None, None, None, "OPEN", 13),
    ("unlinked", "UNLINKED_ELIGIBLE", "none", "2020-02-01", True, True, "OPEN", 30),
    ("unsupported_weak", "UNSUPPORTED_FLAG", "none", "2019-04-01", True, True, "OPEN", 300),
    ("missing_weak", "MISSING_FLAG", "text_only", "2019-06-01", True, True, "OPEN", 250),
    ("unsupported_strong", "UNSUPPORTED_FLAG", "negated", "2019-12-01", True, True, "OPEN", 90),
    ("missing_strong_old_in_window", "MISSING_FLAG", "qualifier_and_text", "2019-03-01", True, True, "OPEN", 370),
    ("missing_strong", "MISSING_FLAG", "qualifier_and_text", "2020-01-01", True, True, "OPEN", 60),
    ("historic", "MISSING_FLAG", "qualifier_and_text", "2019-02-01", True, True, "OPEN", 400),
    ("resolved", "MISSING_FLAG", "qualifier_and_text", "2020-01-01", True, True, "RESOLVED", 5),
]
EXPECTED_DAILY = [   # (label, priority), in the worklist's order: priority, then oldest first
    ("missing_strong_old_in_window", 1), ("missing_strong", 1), ("unsupported_strong", 2), ("missing_weak", 3),
    ("unsupported_weak", 4), ("unlinked", 5), ("unrecorded", 6), ("review", 7), ("ineligible", 8),
    ("not_counted", 8),
]


def _dbt(tmp_path, warehouse, *args):
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse), "DUCKDB_MEMORY_LIMIT": duckdb_memory_limit()}
    done = subprocess.run([DBT_EXECUTABLE, *args, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir",
                           str(DBT_PROJECT_DIR), "--target-path", str(tmp_path / "target"), "--quiet"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_worklist_priorities_put_items_in_the_promised_order(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("CREATE SCHEMA marts; CREATE SCHEMA intermediate; CREATE SCHEMA raw")
    con.execute("CREATE TABLE raw.storm_incidents (partition_date DATE)")
    con.execute("INSERT INTO raw.storm_incidents VALUES (DATE '2020-06-30')")   # var('as_of') wins
    con.execute("""CREATE TABLE marts.knife_discrepancies (discrepancy_id VARCHAR, crime_ref VARCHAR,
        incident_ref VARCHAR, discrepancy_class VARCHAR, district VARCHAR, evidence_level VARCHAR,
        matched_phrase VARCHAR, officer_id VARCHAR, detected_on DATE, status VARCHAR, days_open INTEGER)""")
    con.execute("""CREATE TABLE intermediate.int_crime_knife_status (crime_ref VARCHAR, recorded_month DATE,
        is_counted BOOLEAN, is_knife_eligible BOOLEAN)""")
    for label, cls, evidence, month, counted, eligible, status, days in ITEMS:
        crime = None if month is None else f"{label}/1/20"
        con.execute("INSERT INTO marts.knife_discrepancies VALUES (?, ?, ?, ?, 'Harlow', ?, NULL, NULL, "
                    "DATE '2020-03-15' - CAST(? AS INTEGER), ?, ?)",
                    [label, crime, f"1 of {label}", cls, evidence, days, status, days])
        if crime:
            con.execute("INSERT INTO intermediate.int_crime_knife_status VALUES (?, ?, ?, ?)",
                        [crime, month, counted, eligible])
    con.close()
    _dbt(tmp_path, warehouse, "seed", "--select", "discrepancy_classes", "worklist_priorities")
    _dbt(tmp_path, warehouse, "run", "--select", "knife_worklist", "--vars", f'{{"as_of": "{AS_OF}"}}')

    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("SELECT discrepancy_id, priority, is_historic, changes_figure, priority_reason "
                       "FROM marts.knife_worklist ORDER BY priority, days_open DESC, discrepancy_id").fetchall()
    con.close()
    daily = [(label, priority) for label, priority, historic, _, _ in rows if not historic]
    assert daily == EXPECTED_DAILY
    assert [(label, historic) for label, _, historic, _, _ in rows if historic] == [("historic", True)]
    changes = {label: changes for label, _, _, changes, _ in rows}
    assert [label for label, _ in EXPECTED_DAILY if changes[label]] == [label for label, p in EXPECTED_DAILY if p < 8]
    assert all(reason for *_, reason in rows)
