"""The SQL that types and checks the records the CSV reader parsed, on hand-made reader
output: each record keeps its own line in its file, counted round the lines the reader
rejected, and takes the first quarantine rule it breaks."""

import duckdb
import pytest

from pipelines.ingest import loader
from pipelines.shared.contract import SOURCES

DECISIONS = SOURCES["crime_bureau_decisions"]


def _reader_output(records: str, rejected: list[tuple[str, int, str, str]]) -> duckdb.DuckDBPyConnection:
    """A connection holding what the reader left for two decisions files, a.csv and b.csv
    of 5 January 2020: ``records`` (SQL VALUES rows, in insertion order) and the rows it
    rejected (file, line, reason, raw text)."""
    con = duckdb.connect()
    loader._load_seeds(con, DECISIONS)
    con.execute("CREATE TEMP TABLE ingest_records (crime_ref VARCHAR, decision VARCHAR, linked_incident_ref VARCHAR, "
                "reviewer_id VARCHAR, decided_at VARCHAR, note VARCHAR, source_file VARCHAR)")
    con.execute(f"INSERT INTO ingest_records VALUES {records}")
    con.execute("CREATE TEMP TABLE ingest_rejected (source_file VARCHAR, source_line BIGINT, reason VARCHAR, "
                "raw_text VARCHAR)")
    for row in rejected:
        con.execute("INSERT INTO ingest_rejected VALUES (?, ?, ?, ?)", list(row))
    con.execute("CREATE TEMP TABLE ingest_files AS SELECT * FROM (VALUES "
                "('a.csv', DATE '2020-01-05', 'sha-a', false, 0), ('b.csv', DATE '2020-01-05', 'sha-b', false, 1)) "
                "AS f(source_file, partition_date, sha256, dirty, delivery_rank)")
    return con


def test_records_keep_their_lines_round_rejected_ones_and_take_the_first_rule_they_break():
    con = _reader_output("""
        ('42/1/20', 'KNIFE_CONFIRMED', NULL, 'R1', '2020-01-05T09:00:00Z', NULL, 'a.csv'),
        ('42/2/20', 'MAYBE', NULL, 'R1', '2020-01-05T09:00:00Z', NULL, 'a.csv'),
        ('42/3/20', 'NOT_KNIFE', NULL, '', '2020-01-05 09:00:00', NULL, 'a.csv'),
        (NULL, 'KNIFE_CONFIRMED', NULL, 'R2', '2020-01-05T09:00:00Z', NULL, 'b.csv'),
        ('42/5/20', 'NOT_KNIFE', NULL, 'R2', 'yesterday+00', NULL, 'b.csv')""",
        [("a.csv", 3, "unreadable row: unquoted value", '42/9/20,"x')])

    con.execute(loader.checked_records_sql(DECISIONS))

    rows = con.execute("SELECT source_file, source_line, crime_ref, reason FROM ingest_checked "
                       "ORDER BY source_file, source_line").fetchall()
    assert rows == [
        ("a.csv", 2, "42/1/20", None),
        ("a.csv", 3, None, "unreadable row: unquoted value"),
        ("a.csv", 4, "42/2/20", "unknown code: decision"),
        ("a.csv", 5, "42/3/20", "missing value: reviewer_id"),
        ("b.csv", 2, None, "missing value: crime_ref (the decision needs it)"),
        ("b.csv", 3, "42/5/20", "unparseable timestamptz: decided_at"),
    ]
    raw = con.execute("SELECT raw_text FROM ingest_checked WHERE source_line = 4").fetchone()[0]
    assert raw == '"42/2/20","MAYBE","","R1","2020-01-05T09:00:00Z",""'


def test_records_of_a_file_not_read_in_one_run_stop_the_load_rather_than_take_wrong_lines():
    con = _reader_output("""
        ('42/1/20', 'KNIFE_CONFIRMED', NULL, 'R1', '2020-01-05T09:00:00Z', NULL, 'a.csv'),
        ('42/2/20', 'KNIFE_CONFIRMED', NULL, 'R1', '2020-01-05T09:00:00Z', NULL, 'b.csv'),
        ('42/3/20', 'NOT_KNIFE', NULL, 'R1', '2020-01-05T09:00:00Z', NULL, 'a.csv')""", [])

    with pytest.raises(duckdb.Error, match="records of a.csv were not read in one run"):
        con.execute(loader.checked_records_sql(DECISIONS))
