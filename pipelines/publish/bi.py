"""Publish schema ``bi`` to warehouse/published/crime_bi.duckdb and to Parquet.

BI readers never open the live warehouse (DuckDB allows one writing process per file and
a reader would block the nightly run). Each night the tables are written to a new file
which then replaces the published one with an atomic rename: a reader that connected
before keeps the previous night's file, one that connects after gets the new one, and no
reader ever sees a mix or waits. Parquet goes to a new folder per night and the
``parquet`` link is swapped the same way.

Only an allow-list of columns is published: no names, dates of birth, narratives (nor
the evidence phrases taken from them) and no officer identifiers.

The two tables with a row per crime start from a copy of the last published file and take
only the crimes the pipeline worked on since (their run times, ``status_at`` and
``linked_at``, past the marks that file records), so a night costs the same however much
history there is. Every other table is written whole. The file is written whole instead
when the last one cannot be trusted (missing, from an older layout, ahead of the warehouse)
and once a week, so rows deleted night after night do not pile up in it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from pipelines.shared.contract import PERSONAL_COLUMNS
from pipelines.shared.sql import sql_identifier, sql_string

DATABASE = "crime_bi.duckdb"
PARQUET_LINK = "parquet"
# Columns that must never be published, whatever a mart comes to hold.
WITHHELD = PERSONAL_COLUMNS | {"matched_phrase", "evidence_phrase", "officer_id", "reviewer_id"}


@dataclass(frozen=True)
class BiTable:
    """A published table: the mart (or code-list seed) it copies, and the columns it takes
    (all of them when none are named). Its descriptions are the relation's comments, which
    dbt writes from the model's yml (persist_docs)."""
    relation: str
    columns: tuple[str, ...] = ()

    @property
    def sql(self) -> str:
        return f"SELECT {', '.join(self.columns) or '*'} FROM {self.relation}"


BI_TABLES = {
    "rolling_12m_metrics": BiTable("marts.rolling_12m_metrics"),
    "rolling_12m_metrics_as_published": BiTable("marts.rolling_12m_metrics_as_published"),
    "knife_compliance_monthly": BiTable("marts.knife_compliance_monthly"),
    "knife_incident_recording_monthly": BiTable("marts.knife_incident_recording_monthly"),
    "knife_discrepancies": BiTable("marts.knife_discrepancies", (
        "discrepancy_id", "crime_ref", "incident_ref", "discrepancy_class", "district", "recorded_at",
        "evidence_level", "detected_on", "status", "resolved_on", "resolution", "days_open")),
    "crime_incident_links": BiTable("marts.crime_incident_links"),
    "knife_rule_feedback": BiTable("marts.knife_rule_feedback"),
    "extract_gaps": BiTable("marts.extract_gaps"),
    "crimes": BiTable("marts.crime_knife_status", (
        "crime_ref", "recorded_at", "recorded_month", "district", "ho_code", "is_counted",
        "is_knife_eligible", "knife_flag", "is_linked", "incident_ref", "link_method", "evidence_level",
        "has_storm_knife_evidence", "knife_decision", "is_verified_knife", "verified_knife_basis")),
    "districts": BiTable("reference.districts"),
    "offence_codes": BiTable("reference.offence_codes"),
    "knife_eligible_codes": BiTable("reference.knife_eligible_codes"),
    "outcome_codes": BiTable("reference.outcome_codes"),
    "storm_categories": BiTable("reference.storm_categories"),
    "discrepancy_classes": BiTable("reference.discrepancy_classes"),
    "knife_text_rules": BiTable("reference.knife_text_rules"),
    "measures": BiTable("reference.measure_labels", ("measure", "label", "display_order")),
}

# The tables the publication writes itself, described here.
OWN_TABLES = {
    "publication": ("This file's publication: the run that wrote it and how far its data reach.", {
        "run_id": "The Dagster run that wrote this file.",
        "published_at": "When this file was written (UTC).",
        "data_through": "The last ATHENA extract day the figures include.",
        "rolling_total": "Sum of value_12m over bi.rolling_12m_metrics, to tell one night's file from another.",
        "gaps": "Each STORM or ATHENA day missing or rejected, with its source and file (as bi.extract_gaps).",
        "written_whole_at": "When the crime tables were last written whole rather than carried forward.",
        "crimes_through": "The newest run time the rows of bi.crimes are current to.",
        "crime_incident_links_through": "The newest run time the rows of bi.crime_incident_links are current to.",
    }),
    "dictionary": ("Every table and column of schema bi with its description.", {
        "table_name": "A table of schema bi.",
        "table_description": "What the table holds.",
        "column_name": "A column of the table.",
        "data_type": "The column's DuckDB type.",
        "description": "What the column holds.",
    }),
}

# Tables carried forward -> the mart and run-time column saying when the pipeline last
# worked on each crime. bi.publication records, as <table>_through, the newest run time the
# carried rows are current to. The links' changes are read from crime_knife_status too: it
# keeps a row for every crime and recomputes each crime whose link changed since it last ran, so a
# crime left with no link (which crime_incident_links drops) still reaches the copy. Only the
# keys are read there; what is published comes from each table's own mart.
CARRIED = {
    "crimes": ("marts.crime_knife_status", "status_at"),
    "crime_incident_links": ("marts.crime_knife_status", "status_at"),
}
MARKS = {table: f"SELECT max({column}) FROM {model}" for table, (model, column) in CARRIED.items()}
FULL_EVERY = timedelta(days=7)


@dataclass(frozen=True)
class Publication:
    database: Path
    parquet: Path
    rows: dict[str, int]
    written_whole: bool


def _swap_link(link: Path, target: Path) -> None:
    tmp = link.with_name(f".{link.name}.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target.name)
    os.replace(tmp, link)


def _columns(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE {sql}").fetchall()]


def _marks_to_reuse(con: duckdb.DuckDBPyConnection, previous: Path, now: datetime) -> dict | None:
    """The marks of the last published file when its crime tables can be carried forward: it
    has this layout, was written whole within FULL_EVERY, and the warehouse has not gone back
    before its marks (a restore or a rebuild from older data)."""
    if not previous.exists():
        return None
    con.execute(f"ATTACH {sql_string(str(previous))} AS bi_prev (READ_ONLY)")
    try:
        layout = {r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'bi_prev' "
            "AND table_name = 'publication'").fetchall()}
        if not {"written_whole_at", *(f"{t}_through" for t in MARKS)} <= layout:
            return None
        row = con.execute(f"SELECT written_whole_at, {', '.join(f'{t}_through' for t in MARKS)} "
                          "FROM bi_prev.bi.publication").fetchone()
        if row is None or row[0] is None or now - row[0] > FULL_EVERY:
            return None
        for name in CARRIED:
            if _columns(con, f"bi_prev.bi.{name}") != _columns(con, BI_TABLES[name].sql):
                return None
        marks = dict(zip(MARKS, row[1:], strict=True))
    finally:
        con.execute("DETACH bi_prev")
    current = {name: con.execute(sql).fetchone()[0] for name, sql in MARKS.items()}
    if any(marks[t] is None or current[t] is None or current[t] < marks[t] for t in MARKS):
        return None
    return {"written_whole_at": row[0], **marks}


def _write_tables(con: duckdb.DuckDBPyConnection, reuse: dict | None) -> None:
    for name, table in BI_TABLES.items():
        sql = table.sql
        if reuse is not None and name in CARRIED:
            model, column = CARRIED[name]
            changed = f"crime_ref IN (SELECT crime_ref FROM {model} WHERE {column} > ?)"
            con.execute(f"DELETE FROM bi_next.bi.{name} WHERE {changed}", [reuse[name]])
            con.execute(f"INSERT INTO bi_next.bi.{name} SELECT * FROM ({sql}) WHERE {changed}", [reuse[name]])
        else:
            con.execute(f"CREATE OR REPLACE TABLE bi_next.bi.{name} AS {sql}")


def _describe(con: duckdb.DuckDBPyConnection) -> None:
    """Give every table and column of bi_next its description, and list them all in
    bi.dictionary. A mart's or seed's come from the comments dbt wrote from its yml; the
    publication's own tables from OWN_TABLES."""
    warehouse = dict(con.execute("""
        SELECT schema_name || '.' || table_name, comment FROM duckdb_tables() WHERE database_name = current_database()
        UNION ALL
        SELECT schema_name || '.' || view_name, comment FROM duckdb_views() WHERE database_name = current_database()
        UNION ALL
        SELECT schema_name || '.' || table_name || '.' || column_name, comment FROM duckdb_columns()
        WHERE database_name = current_database()""").fetchall())

    def description(table: str, column: str | None = None) -> str:
        if table in OWN_TABLES:
            text, columns = OWN_TABLES[table]
            found = text if column is None else columns.get(column)
        else:
            relation = BI_TABLES[table].relation
            found = warehouse.get(relation if column is None else f"{relation}.{column}")
        return sql_string((found or "").strip())

    con.execute("""CREATE OR REPLACE TABLE bi_next.bi.dictionary (table_name VARCHAR, table_description VARCHAR,
                   column_name VARCHAR, data_type VARCHAR, description VARCHAR)""")
    columns = con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                          "WHERE database_name = 'bi_next' AND schema_name = 'bi'").fetchall()
    con.execute(";\n".join(
        [f"COMMENT ON TABLE bi_next.bi.{sql_identifier(t)} IS {description(t)}" for t in [*BI_TABLES, *OWN_TABLES]]
        + [f"COMMENT ON COLUMN bi_next.bi.{sql_identifier(t)}.{sql_identifier(c)} IS {description(t, c)}"
           for t, c in columns]))
    con.execute("""INSERT INTO bi_next.bi.dictionary
        SELECT c.table_name, t.comment, c.column_name, c.data_type, c.comment
        FROM duckdb_columns() AS c
        JOIN duckdb_tables() AS t USING (database_name, schema_name, table_name)
        WHERE c.database_name = 'bi_next' AND c.schema_name = 'bi'
        ORDER BY c.table_name, c.column_index""")


def publish(con: duckdb.DuckDBPyConnection, folder: Path, run_id: str) -> Publication:
    """Write the bi tables from the warehouse open on ``con`` and swap them in."""
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(f".{DATABASE}.*"):   # from a run killed mid-write
        leftover.unlink()
    now = datetime.now(UTC)
    stamp = f"{now:%Y%m%dT%H%M%S%f}"
    staging = folder / f".{DATABASE}.{stamp}"
    parquet = folder / f"{PARQUET_LINK}-{stamp}"
    reuse = _marks_to_reuse(con, folder / DATABASE, now)
    if reuse is not None:
        shutil.copyfile(folder / DATABASE, staging)
    parquet.mkdir()
    try:
        con.execute(f"ATTACH {sql_string(str(staging))} AS bi_next")
        con.execute("CREATE SCHEMA IF NOT EXISTS bi_next.bi")
        _write_tables(con, reuse)
        leaked = con.execute(
            "SELECT table_name || '.' || column_name FROM duckdb_columns() "
            f"WHERE database_name = 'bi_next' AND column_name IN ({', '.join('?' * len(WITHHELD))})",
            sorted(WITHHELD)).fetchall()
        if leaked:
            raise RuntimeError(f"refusing to publish withheld column(s): {', '.join(r[0] for r in leaked)}")
        rows = {name: con.execute(f"SELECT count(*) FROM bi_next.bi.{name}").fetchone()[0] for name in BI_TABLES}
        marks = ", ".join(f"({sql}) AS {name}_through" for name, sql in MARKS.items())
        con.execute(f"""CREATE OR REPLACE TABLE bi_next.bi.publication AS
            SELECT ?::VARCHAR AS run_id, ?::TIMESTAMPTZ AS published_at,
                   (SELECT max(partition_date) FROM raw.athena_crimes) AS data_through,
                   (SELECT sum(value_12m) FROM bi_next.bi.rolling_12m_metrics)::BIGINT AS rolling_total,
                   (SELECT list({{'source': source, 'day': partition_date, 'gap': gap, 'file_name': file_name}}
                                ORDER BY partition_date, source, file_name)
                    FROM bi_next.bi.extract_gaps) AS gaps,
                   ?::TIMESTAMPTZ AS written_whole_at, {marks}""",
                    [run_id, now, now if reuse is None else reuse["written_whole_at"]])
        _describe(con)
        for name in [*BI_TABLES, *OWN_TABLES]:
            con.execute(f"COPY bi_next.bi.{name} TO ? (FORMAT parquet)", [str(parquet / f"{name}.parquet")])
        con.execute("CHECKPOINT bi_next")
    except BaseException:
        con.execute("DETACH DATABASE IF EXISTS bi_next")
        staging.unlink(missing_ok=True)
        shutil.rmtree(parquet, ignore_errors=True)
        raise
    con.execute("DETACH bi_next")
    link = folder / PARQUET_LINK
    previous = link.resolve() if link.is_symlink() else None
    os.replace(staging, folder / DATABASE)
    _swap_link(link, parquet)
    # Keep tonight's folder and the one a slow reader may still be on; drop the rest,
    # including folders left half-written by a killed run.
    for old in folder.glob(f"{PARQUET_LINK}-*"):
        if old.resolve() not in (parquet.resolve(), previous):
            shutil.rmtree(old, ignore_errors=True)
    return Publication(folder / DATABASE, folder / PARQUET_LINK, rows, reuse is None)
