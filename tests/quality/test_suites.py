"""Every expectation in every suite, fed a crafted bad partition, fails with its severity."""

import json
import os
from datetime import UTC, date, datetime, timedelta

import duckdb
import pandas as pd
import pytest

from pipelines import settings
from pipelines.ingest.loader import load_days
from pipelines.quality import frames
from pipelines.quality.checks import MART_SUITES, validate_mart
from pipelines.quality.raw import validate_days
from pipelines.quality.suites import SEVERITY, context, expectation_label, frame_columns, parameters
from pipelines.quality.validate import run_suite
from pipelines.shared.contract import SOURCES
from pipelines.shared.partitions import days_between
from tests.conftest import simulate

START, END = date(2019, 1, 1), date(2019, 2, 15)   # long enough for a 28-day volume history
DAY = END


def _rows(table: str, n: int = 2, where: str = "TRUE") -> str:
    return f"rowid IN (SELECT rowid FROM {table} WHERE partition_date = DATE '{DAY}' AND {where} LIMIT {n})"


STORM, ATHENA, DECISIONS = "raw.storm_incidents", "raw.athena_crimes", "raw.crime_bureau_decisions"
FUTURE = "now() + INTERVAL 3 DAY"
DECISION_ROW = f"rowid IN (SELECT rowid FROM {DECISIONS} LIMIT 1)"

# (suite, expectation, severity) -> SQL that breaks exactly that rule for the day checked.
CRAFTED = {
    ("raw_storm_incidents", "expect_column_values_to_not_be_null(log_date)", "ERROR"):
        f"UPDATE {STORM} SET log_date = NULL WHERE {_rows(STORM)}",
    ("raw_storm_incidents", "expect_column_values_to_be_between(log_number)", "ERROR"):
        f"UPDATE {STORM} SET log_number = 0 WHERE {_rows(STORM)}",
    ("raw_storm_incidents", "expect_compound_columns_to_be_unique(log_date, log_number, version_ts)", "ERROR"):
        f"INSERT INTO {STORM} SELECT * FROM {STORM} WHERE {_rows(STORM, 1)}",
    ("raw_storm_incidents", "expect_column_values_to_not_be_null(version_ts)", "ERROR"):
        f"UPDATE {STORM} SET version_ts = NULL WHERE {_rows(STORM)}",
    ("raw_storm_incidents", "expect_column_values_to_not_be_null(created_at)", "ERROR"):
        f"UPDATE {STORM} SET created_at = NULL WHERE {_rows(STORM)}",
    ("raw_storm_incidents", "expect_column_values_to_be_between(version_ts)", "ERROR"):
        f"UPDATE {STORM} SET version_ts = {FUTURE} WHERE {_rows(STORM)}",
    ("raw_storm_incidents", "expect_column_values_to_be_between(created_at)", "ERROR"):
        f"UPDATE {STORM} SET created_at = {FUTURE} WHERE {_rows(STORM)}",
    ("raw_storm_incidents", "expect_column_values_to_be_between(closed_at)", "ERROR"):
        f"UPDATE {STORM} SET closed_at = {FUTURE} WHERE {_rows(STORM)}",
    ("raw_storm_incidents", "expect_column_pair_values_a_to_be_greater_than_b(closed_at, created_at)", "WARN"):
        f"UPDATE {STORM} SET closed_at = created_at - INTERVAL 1 HOUR WHERE {_rows(STORM)}",
    ("raw_storm_incidents", "expect_column_values_to_be_in_set(opening_code)", "ERROR"):
        f"UPDATE {STORM} SET opening_code = 'NOT-A-CATEGORY' WHERE {_rows(STORM)}",
    ("raw_storm_incidents", "expect_column_values_to_be_in_set(closing_code)", "ERROR"):
        f"UPDATE {STORM} SET closing_code = 'NOT-A-CATEGORY' WHERE {_rows(STORM)}",
    ("raw_storm_incidents", "expect_column_values_to_be_in_set(grade)", "ERROR"):
        f"UPDATE {STORM} SET grade = 99 WHERE {_rows(STORM)}",
    ("raw_storm_incidents", "expect_column_values_to_be_in_set(district)", "ERROR"):
        f"UPDATE {STORM} SET district = 'Atlantis' WHERE {_rows(STORM)}",

    ("raw_athena_crimes", "expect_column_values_to_match_regex(crime_ref)", "ERROR"):
        f"UPDATE {ATHENA} SET crime_ref = 'CR-' || crime_ref WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_column_values_to_be_between(version_no)", "ERROR"):
        f"UPDATE {ATHENA} SET version_no = 0 WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_compound_columns_to_be_unique(crime_ref, version_no)", "ERROR"):
        f"INSERT INTO {ATHENA} SELECT * FROM {ATHENA} WHERE {_rows(ATHENA, 1)}",
    ("raw_athena_crimes", "expect_column_values_to_not_be_null(version_ts)", "ERROR"):
        f"UPDATE {ATHENA} SET version_ts = NULL WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_column_values_to_not_be_null(recorded_at)", "ERROR"):
        f"UPDATE {ATHENA} SET recorded_at = NULL WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_column_values_to_be_between(version_ts)", "ERROR"):
        f"UPDATE {ATHENA} SET version_ts = {FUTURE} WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_column_values_to_be_between(recorded_at)", "ERROR"):
        f"UPDATE {ATHENA} SET recorded_at = {FUTURE} WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_column_values_to_be_between(reported_at)", "ERROR"):
        f"UPDATE {ATHENA} SET reported_at = {FUTURE} WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_column_pair_values_a_to_be_greater_than_b(recorded_at, reported_at)", "ERROR"):
        f"UPDATE {ATHENA} SET recorded_at = reported_at - INTERVAL 1 DAY "
        f"WHERE {_rows(ATHENA, where='reported_at IS NOT NULL')}",
    ("raw_athena_crimes", "expect_column_values_to_be_in_set(ho_code)", "ERROR"):
        f"UPDATE {ATHENA} SET ho_code = '999/99' WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_column_values_to_be_in_set(outcome_code)", "ERROR"):
        f"UPDATE {ATHENA} SET outcome_code = 999 WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_column_values_to_be_in_set(cancel_reason)", "ERROR"):
        f"UPDATE {ATHENA} SET cancel_reason = 'C9' WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_column_values_to_be_in_set(district)", "ERROR"):
        f"UPDATE {ATHENA} SET district = 'Atlantis' WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_column_values_to_be_in_set(status)", "ERROR"):
        f"UPDATE {ATHENA} SET status = 'LOST' WHERE {_rows(ATHENA)}",
    ("raw_athena_crimes", "expect_column_values_to_be_in_set(knife_flag)", "ERROR"):
        f"UPDATE {ATHENA} SET knife_flag = 'maybe' WHERE {_rows(ATHENA)}",

    ("raw_crime_bureau_decisions", "expect_column_values_to_match_regex(crime_ref)", "ERROR"):
        f"UPDATE {DECISIONS} SET crime_ref = 'CR-1' WHERE {DECISION_ROW}",
    ("raw_crime_bureau_decisions", "expect_column_values_to_be_in_set(decision)", "ERROR"):
        f"UPDATE {DECISIONS} SET decision = 'SHRUG' WHERE {DECISION_ROW}",
    ("raw_crime_bureau_decisions", "expect_column_values_to_not_be_null(reviewer_id)", "ERROR"):
        f"UPDATE {DECISIONS} SET reviewer_id = NULL WHERE {DECISION_ROW}",
    ("raw_crime_bureau_decisions", "expect_column_values_to_be_between(decided_at)", "ERROR"):
        f"UPDATE {DECISIONS} SET decided_at = {FUTURE} WHERE {DECISION_ROW}",
    ("raw_crime_bureau_decisions",
     "expect_compound_columns_to_be_unique(crime_ref, linked_incident_ref, decision, decided_at)", "ERROR"):
        f"INSERT INTO {DECISIONS} SELECT * FROM {DECISIONS} WHERE {DECISION_ROW}",

    ("extract_volume", "expect_column_values_to_be_between(row_count)", "ERROR"):
        f"DELETE FROM {STORM} WHERE partition_date = DATE '{DAY}'",
    ("extract_volume", "expect_column_values_to_be_between(volume_ratio)", "ERROR"):
        f"INSERT INTO {STORM} SELECT s.* FROM {STORM} s, range(20) WHERE s.partition_date = DATE '{DAY}'",
    ("extract_volume", "expect_column_values_to_be_between(volume_ratio)", "WARN"):
        f"DELETE FROM {STORM} WHERE partition_date = DATE '{DAY}' AND hash(rowid) % 10 < 7",
    ("extract_volume", "expect_column_values_to_be_between(extract_age_days)", "WARN"):
        f"DELETE FROM audit.ingest_ledger WHERE source = 'storm_incidents' "
        f"AND partition_date > DATE '{DAY}' - INTERVAL 4 DAY",

    ("crime_incident_links", "expect_column_mean_to_be_between(linked_by_ref)", "WARN"):
        "UPDATE marts.crime_incident_links SET link_method = 'CANDIDATE_MATCH'",
    ("crime_incident_links", "expect_column_mean_to_be_between(linked)", "WARN"):
        "DELETE FROM marts.crime_incident_links",

    ("rolling_12m_metrics", "expect_compound_columns_to_be_unique(month_end, district, measure)", "ERROR"):
        "INSERT INTO marts.rolling_12m_metrics SELECT * FROM marts.rolling_12m_metrics LIMIT 1",
    ("rolling_12m_metrics", "expect_column_values_to_be_in_set(district)", "ERROR"):
        "UPDATE marts.rolling_12m_metrics SET district = 'Atlantis' WHERE district = 'Basildon'",
    ("rolling_12m_metrics", "expect_column_values_to_not_be_null(measure)", "ERROR"):
        "UPDATE marts.rolling_12m_metrics SET measure = NULL WHERE district = 'Basildon'",
    ("rolling_12m_metrics", "expect_column_values_to_be_between(monthly_value)", "ERROR"):
        "UPDATE marts.rolling_12m_metrics SET monthly_value = -1 WHERE district = 'Basildon'",
    ("rolling_12m_metrics", "expect_column_values_to_be_between(value_12m)", "ERROR"):
        "UPDATE marts.rolling_12m_metrics SET value_12m = -1 WHERE district = 'Colchester'",
    ("rolling_12m_metrics", "expect_column_values_to_be_between(districts_gap)", "ERROR"):
        "UPDATE marts.rolling_12m_metrics SET value_12m = value_12m + 1 WHERE district = 'ALL'",

    ("knife_discrepancies", "expect_column_values_to_be_unique(discrepancy_id)", "ERROR"):
        "INSERT INTO marts.knife_discrepancies SELECT * FROM marts.knife_discrepancies LIMIT 1",
    ("knife_discrepancies", "expect_column_values_to_be_in_set(discrepancy_class)", "ERROR"):
        "UPDATE marts.knife_discrepancies SET discrepancy_class = 'OTHER'",
    ("knife_discrepancies", "expect_column_values_to_be_in_set(status)", "ERROR"):
        "UPDATE marts.knife_discrepancies SET status = 'LOST'",
    ("knife_discrepancies", "expect_column_values_to_match_regex(crime_ref)", "ERROR"):
        "UPDATE marts.knife_discrepancies SET crime_ref = 'CR-1'",
    ("knife_discrepancies", "expect_column_values_to_be_in_set(district)", "ERROR"):
        "UPDATE marts.knife_discrepancies SET district = 'Atlantis'",
    ("knife_discrepancies", "expect_column_values_to_be_between(days_open)", "ERROR"):
        "UPDATE marts.knife_discrepancies SET days_open = -1",
}

# Clean marts small enough to write out: two districts and ALL; discrepancies; links.
MARTS = """
CREATE SCHEMA marts;
CREATE TABLE marts.rolling_12m_metrics AS
    SELECT DATE '2019-01-31' AS month_end, district, 'knife_crime_offences' AS measure,
           v::HUGEINT AS monthly_value, (v * 12)::INTEGER AS value_12m
    FROM (VALUES ('Basildon', 3), ('Colchester', 0), ('ALL', 3)) t(district, v);
CREATE TABLE marts.knife_discrepancies AS
    SELECT 'D' || i AS discrepancy_id, '42/' || i || '/19' AS crime_ref, 'MISSING_FLAG' AS discrepancy_class,
           'Basildon' AS district, 'OPEN' AS status, i::BIGINT AS days_open
    FROM range(1, 4) t(i);
CREATE TABLE marts.crime_knife_status AS
    SELECT '42/' || i || '/19' AS crime_ref, TIMESTAMPTZ '2019-02-01 10:00:00+00' AS recorded_at
    FROM range(1, 11) t(i);
CREATE TABLE marts.crime_incident_links AS
    SELECT crime_ref, 'INCIDENT_REF' AS link_method FROM marts.crime_knife_status;
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quality")
    landing = simulate(folder / "landing", start=START, end=END, scale=0.05)
    path = folder / "warehouse.duckdb"
    previous = os.environ.get("WAREHOUSE_PATH")
    os.environ["WAREHOUSE_PATH"] = str(path)
    con = duckdb.connect(str(path))
    for source in SOURCES:
        load_days(con, landing, source, days_between(START, END), "load")
    con.execute(MARTS)
    yield con
    con.close()
    if previous is None:
        os.environ.pop("WAREHOUSE_PATH")
    else:
        os.environ["WAREHOUSE_PATH"] = previous


def _suite_source(suite: str) -> str | None:
    if suite == "extract_volume":
        return "storm_incidents"
    return suite.removeprefix("raw_") if suite.startswith("raw_") else None


def _validate(con, suite: str) -> dict[tuple[str, str], object]:
    source = _suite_source(suite)
    if source is None:
        outcomes = validate_mart(con, suite, "test")
    else:
        days = [DAY] if SOURCES[source].daily else days_between(START, END)
        outcomes = validate_days(con, SOURCES[source], days, "test")[suite]
    return {(o.expectation, o.severity): o for o in outcomes}


def test_every_expectation_has_a_crafted_failure():
    ctx = context()
    declared = set()
    for suite in [*(f"raw_{s}" for s in SOURCES), "extract_volume", *MART_SUITES]:
        for e in ctx.suites.get(suite).expectations:
            declared.add((suite, expectation_label(e.configuration), SEVERITY[e.severity.value]))
    assert declared == set(CRAFTED)


@pytest.mark.parametrize("suite", ["raw_storm_incidents", "raw_athena_crimes", "raw_crime_bureau_decisions",
                                   "extract_volume", *MART_SUITES])
def test_clean_data_passes(warehouse, suite):
    failed = [o.describe() for o in _validate(warehouse, suite).values() if not o.success]
    assert failed == []


@pytest.mark.parametrize(("suite", "expectation", "severity"), sorted(CRAFTED),
                         ids=["/".join(key) for key in sorted(CRAFTED)])
def test_crafted_bad_partition_fails_with_its_severity(warehouse, suite, expectation, severity):
    warehouse.begin()
    try:
        assert warehouse.execute(CRAFTED[suite, expectation, severity]).fetchone()[0] > 0
        outcome = _validate(warehouse, suite)[expectation, severity]
    finally:
        warehouse.rollback()
    assert not outcome.success
    if outcome.unexpected_count:   # a row-level failure names the rows, by key only
        assert outcome.example_keys
        assert not {"narrative", "victim_name", "suspect_name", "victim_dob"} & set(outcome.example_keys[0])


RAW_CRAFTED = sorted(key for key in CRAFTED if key[0].startswith("raw_"))


@pytest.mark.parametrize(("suite", "expectation", "severity"), RAW_CRAFTED, ids=["/".join(k) for k in RAW_CRAFTED])
def test_a_raw_frame_is_judged_as_its_rows_read_plainly_would_be(warehouse, suite, expectation, severity):
    """The frame with code columns as categoricals and integers widened gives every
    expectation the same outcome, counts and example keys as the rows selected as stored."""
    source = SOURCES[_suite_source(suite)]
    days = [DAY] if source.daily else days_between(START, END)
    start, end = days[0], days[-1] + timedelta(days=1)
    ctx, params = context(), parameters(datetime.now(UTC))
    columns = frame_columns(ctx, suite)
    warehouse.begin()
    try:
        warehouse.execute(CRAFTED[suite, expectation, severity])
        frame = frames.raw_frame(warehouse, source, columns, start, end)
        plain = warehouse.execute(f"SELECT {', '.join(columns)} FROM raw.{source.name} "
                                  "WHERE partition_date >= ? AND partition_date < ?", [start, end]).df()
    finally:
        warehouse.rollback()
    assert any(isinstance(frame[c].dtype, pd.CategoricalDtype) for c in columns)
    judged = [run_suite(ctx, suite, f, params, "frames") for f in (frame, plain)]
    fields = [[(o.expectation, o.success, o.observed_value, o.element_count, o.unexpected_count, o.example_keys)
               for o in outcomes] for outcomes in judged]
    assert fields[0] == fields[1]
    assert any(not o.success for o in judged[0])


def test_results_are_kept_for_every_expectation(warehouse):
    by_suite = validate_days(warehouse, SOURCES["storm_incidents"], [DAY], "kept")
    rows = warehouse.execute(
        "SELECT suite, expectation, severity, success, partition_start, partition_end, example_keys "
        "FROM audit.dq_results WHERE run_id = 'kept'").fetchall()
    assert sorted((r[0], r[1], r[2]) for r in rows) == sorted(
        (suite, o.expectation, o.severity) for suite, outcomes in by_suite.items() for o in outcomes)
    window = (DAY, DAY + timedelta(days=1))
    assert [r for r in rows if not (r[3] and (r[4], r[5]) == window and json.loads(r[6]) == [])] == []


def _windows(con, run_id):
    return con.execute("SELECT DISTINCT partition_start, partition_end FROM audit.dq_results "
                       "WHERE run_id = ? ORDER BY 1", [run_id]).fetchall()


def test_a_backfill_validates_days_together_up_to_a_row_limit(warehouse, monkeypatch):
    days = days_between(START, END)
    first_20 = warehouse.execute("SELECT count(*) FROM raw.storm_incidents WHERE partition_date < ?",
                                 [START + timedelta(days=20)]).fetchone()[0]
    warehouse.begin()
    try:
        monkeypatch.setattr("pipelines.quality.raw.MAX_FRAME_DAYS", 31)
        validate_days(warehouse, SOURCES["storm_incidents"], days, "by-days")
        monkeypatch.setattr("pipelines.quality.raw.MAX_FRAME_DAYS", 92)
        monkeypatch.setattr("pipelines.quality.raw.MAX_FRAME_ROWS", first_20)
        validate_days(warehouse, SOURCES["storm_incidents"], days, "by-rows")
        by_days, by_rows = _windows(warehouse, "by-days"), _windows(warehouse, "by-rows")
    finally:
        warehouse.rollback()
    assert by_days == [(START, START + timedelta(days=31)), (START + timedelta(days=31), END + timedelta(days=1))]
    assert by_rows[0] == (START, START + timedelta(days=20))
    assert by_rows[-1][1] == END + timedelta(days=1)
    assert all(a[1] == b[0] for a, b in zip(by_rows, by_rows[1:], strict=False))


def _docs_runs() -> tuple[set[str], set[str]]:
    """Run names with a stored validation, and with a Data Docs page."""
    stored = {k.run_id.run_name for k in context().validation_results_store.list_keys()}
    pages = {p.parent.parent.name for p in (settings.quality_dir() / "data_docs" / "validations").rglob("*.html")}
    return stored, pages


def test_data_docs_keep_only_the_newest_validations(warehouse, monkeypatch):
    monkeypatch.setattr("pipelines.quality.validate.DOCS_KEEP", 2)
    for run in ("docs-old", "docs-recent", "docs-new"):
        validate_mart(warehouse, "rolling_12m_metrics", run)
    stored, pages = _docs_runs()
    assert stored == pages == {"docs-recent", "docs-new"}


def test_a_suite_page_is_rendered_again_only_when_it_is_older_than_its_suite(warehouse):
    page = settings.quality_dir() / "data_docs" / "expectations" / "rolling_12m_metrics.html"
    suite = settings.EXPECTATIONS_DIR / "expectations" / "rolling_12m_metrics.json"
    validate_mart(warehouse, "rolling_12m_metrics", "pages-first")
    rendered = page.stat().st_mtime_ns
    validate_mart(warehouse, "rolling_12m_metrics", "pages-again")
    assert page.stat().st_mtime_ns == rendered
    older = suite.stat().st_mtime_ns - 10**9
    os.utime(page, ns=(older, older))
    validate_mart(warehouse, "rolling_12m_metrics", "pages-after-an-edit")
    assert page.stat().st_mtime_ns > suite.stat().st_mtime_ns
    assert "rolling_12m_metrics" in page.read_text(encoding="utf-8")
