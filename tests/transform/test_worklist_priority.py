"""The worklist's priorities, from the worklist_priorities seed as shipped, on hand-written
items: dbt builds marts.knife_worklist over tables made here, and the order must be exactly
the one the Crime Bureau was promised; each item says how its incident's log was read."""

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
    ("unlinked_bare", "UNLINKED_ELIGIBLE", "none", "2020-01-01", True, True, "OPEN", 45),
    ("unsupported_weak", "UNSUPPORTED_FLAG", "none", "2019-04-01", True, True, "OPEN", 300),
    ("machine_read", "MISSING_FLAG", "text_only", "2019-06-01", True, True, "OPEN", 250),
    ("missing_qualifier", "MISSING_FLAG", "qualifier_only", "2019-07-01", True, True, "OPEN", 240),
    ("unsupported_strong", "UNSUPPORTED_FLAG", "negated", "2019-12-01", True, True, "OPEN", 90),
    ("missing_strong_old_in_window", "MISSING_FLAG", "qualifier_and_text", "2019-03-01", True, True, "OPEN", 370),
    ("missing_strong", "MISSING_FLAG", "qualifier_and_text", "2020-01-01", True, True, "OPEN", 60),
    ("historic", "MISSING_FLAG", "qualifier_and_text", "2019-02-01", True, True, "OPEN", 400),
    ("resolved", "MISSING_FLAG", "qualifier_and_text", "2020-01-01", True, True, "RESOLVED", 5),
]
# (label, priority) in the worklist's order: priority, then an unlinked crime with candidate
# incidents before one without, then stronger evidence, then the oldest.
EXPECTED_IN_WINDOW = [
    ("machine_read", 1), ("missing_strong_old_in_window", 2), ("missing_strong", 2), ("unsupported_strong", 3),
    ("missing_qualifier", 4), ("unsupported_weak", 5), ("unlinked", 6), ("unlinked_bare", 6), ("unrecorded", 7),
    ("review", 8), ("not_counted", 9), ("ineligible", 9),
]
CAPACITY = 4


def _dbt(tmp_path, warehouse, *args):
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse), "DUCKDB_MEMORY_LIMIT": duckdb_memory_limit(),
           "WORKLIST_CAPACITY": str(CAPACITY)}
    done = subprocess.run([DBT_EXECUTABLE, *args, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir",
                           str(DBT_PROJECT_DIR), "--target-path", str(tmp_path / "target"), "--quiet"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_worklist_priorities_put_items_in_the_promised_order(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("CREATE SCHEMA marts; CREATE SCHEMA intermediate")
    con.execute("CREATE TABLE intermediate.int_extract_days (source VARCHAR, partition_date DATE, has_rows BOOLEAN)")
    con.execute("INSERT INTO intermediate.int_extract_days VALUES "
                "('storm_incidents', DATE '2020-06-30', true)")   # var('as_of') wins
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
    con.execute("""CREATE TABLE intermediate.int_link_candidates AS
        SELECT 'unlinked/1/20' AS crime_ref, 1 AS candidate_rank, '7 of 01/02/2020' AS incident_ref,
               0.61 AS score, 'same district; 20 min before the report' AS why""")
    # How each item's incident was read: (incident, outcome, rules' outcome, rule, second opinion, probability,
    # discounted mention).
    con.execute("""CREATE TABLE marts.incident_knife_evidence AS SELECT * FROM (VALUES
        ('1 of review', 'REVIEW', 'KNIFE', 'stabbing', 'NO_KNIFE', 0.031, NULL),
        ('1 of not_counted', 'REVIEW', 'REVIEW', 'unknown_instrument', NULL, 0.5, NULL),
        ('1 of machine_read', 'KNIFE', 'KNIFE', 'threat_cue', 'KNIFE', 0.99, NULL),
        ('1 of unsupported_strong', 'NO_KNIFE', 'NO_KNIFE', 'negation', NULL, 0.2, NULL),
        ('1 of unsupported_weak', 'NO_KNIFE', 'NO_KNIFE', 'found_recovered', NULL, 0.4, 'found_recovered'),
        ('1 of missing_qualifier', 'NO_KNIFE', 'NO_KNIFE', 'no_knife_words', NULL, NULL, NULL)
        ) AS t(incident_ref, knife_text_outcome, rules_outcome, knife_text_rule, second_opinion, knife_probability,
               discounted_mention)""")
    con.close()
    _dbt(tmp_path, warehouse, "seed", "--select", "discrepancy_classes", "worklist_priorities")
    _dbt(tmp_path, warehouse, "run", "--select", "knife_worklist", "--vars", f'{{"as_of": "{AS_OF}"}}')

    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("SELECT discrepancy_id, priority, is_historic, changes_figure, priority_reason, worklist_list, "
                       "candidate_1_incident_ref FROM marts.knife_worklist "
                       "ORDER BY list_position NULLS LAST, discrepancy_id").fetchall()
    con.close()
    in_window = [(label, priority) for label, priority, historic, *_ in rows if not historic]
    assert in_window == EXPECTED_IN_WINDOW
    lists = [listed for *_, listed, _ in rows]
    assert lists == ["daily"] * CAPACITY + ["backlog"] * (len(EXPECTED_IN_WINDOW) - CAPACITY) + ["historic"]
    assert [(label, historic) for label, _, historic, *_ in rows if historic] == [("historic", True)]
    changes = {label: changes for label, _, _, changes, *_ in rows}
    assert [label for label, _ in EXPECTED_IN_WINDOW if changes[label]] == [
        label for label, p in EXPECTED_IN_WINDOW if p < 9]
    reasons = {label: reason for label, _, _, _, reason, *_ in rows}
    assert all(reasons.values())
    assert reasons["historic"].startswith("Recorded before the 12-month windows")
    assert {label: c for label, *_, c in rows if c} == {"unlinked": "7 of 01/02/2020"}
    readings = dict(duckdb.connect(str(warehouse), read_only=True).execute(
        "SELECT discrepancy_id, storm_reading FROM marts.knife_worklist WHERE storm_reading IS NOT NULL").fetchall())
    assert readings == {
        "review": "disputed: rules KNIFE (stabbing), second opinion NO_KNIFE (knife probability 0.03)",
        "not_counted": "review: unknown_instrument",
        "machine_read": "knife: threat_cue",
        "unsupported_strong": "no knife: negation",
        "unsupported_weak": "no knife: found_recovered",
    }
