"""Publish schema ``bi`` to warehouse/published/crime_bi.duckdb and to Parquet.

BI readers never open the live warehouse (DuckDB allows one writing process per file and
a reader would block the nightly run). Each night the tables are written to a new file
which then replaces the published one with an atomic rename: a reader that connected
before keeps the previous night's file, one that connects after gets the new one, and no
reader ever sees a mix or waits. Parquet goes to a new folder per night and the
``parquet`` link is swapped the same way.

Only an allow-list of columns is published: no names, dates of birth, narratives (nor
the evidence phrases taken from them) and no officer identifiers.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.ingest.contract import PERSONAL_COLUMNS

DATABASE = "crime_bi.duckdb"
PARQUET_LINK = "parquet"
# Columns that must never be published, whatever a mart comes to hold.
WITHHELD = PERSONAL_COLUMNS | {"matched_phrase", "evidence_phrase", "officer_id", "reviewer_id"}

BI_TABLES = {
    "rolling_12m_metrics": "SELECT * FROM marts.rolling_12m_metrics",
    "rolling_12m_metrics_as_published": "SELECT * FROM marts.rolling_12m_metrics_as_published",
    "knife_compliance_monthly": "SELECT * FROM marts.knife_compliance_monthly",
    "knife_incident_recording_monthly": "SELECT * FROM marts.knife_incident_recording_monthly",
    "knife_discrepancies": """
        SELECT discrepancy_id, crime_ref, incident_ref, discrepancy_class, district, recorded_at,
               evidence_level, detected_on, status, resolved_on, resolution, days_open
        FROM marts.knife_discrepancies""",
    "crime_incident_links": "SELECT * FROM marts.crime_incident_links",
    "crimes": """
        SELECT crime_ref, recorded_at, recorded_month, district, ho_code, is_counted,
               is_knife_eligible, knife_flag, is_linked, incident_ref, link_method, evidence_level,
               has_storm_knife_evidence, knife_decision, is_verified_knife
        FROM intermediate.int_crime_knife_status""",
    "districts": "SELECT * FROM reference.districts",
    "offence_codes": "SELECT * FROM reference.offence_codes",
    "knife_eligible_codes": "SELECT * FROM reference.knife_eligible_codes",
    "outcome_codes": "SELECT * FROM reference.outcome_codes",
    "storm_categories": "SELECT * FROM reference.storm_categories",
}


@dataclass(frozen=True)
class Publication:
    database: Path
    parquet: Path
    rows: dict[str, int]


def _swap_link(link: Path, target: Path) -> None:
    tmp = link.with_name(f".{link.name}.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target.name)
    os.replace(tmp, link)


def publish(con: duckdb.DuckDBPyConnection, folder: Path, run_id: str) -> Publication:
    """Write the bi tables from the warehouse open on ``con`` and swap them in."""
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(f".{DATABASE}.*"):   # from a run killed mid-write
        leftover.unlink()
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
    staging = folder / f".{DATABASE}.{stamp}"
    parquet = folder / f"{PARQUET_LINK}-{stamp}"
    parquet.mkdir()
    con.execute(f"ATTACH '{staging}' AS bi_next")
    try:
        con.execute("CREATE SCHEMA bi_next.bi")
        for name, sql in BI_TABLES.items():
            con.execute(f"CREATE TABLE bi_next.bi.{name} AS {sql}")
        leaked = con.execute(
            "SELECT table_name || '.' || column_name FROM duckdb_columns() "
            f"WHERE database_name = 'bi_next' AND column_name IN ({', '.join('?' * len(WITHHELD))})",
            sorted(WITHHELD)).fetchall()
        if leaked:
            raise RuntimeError(f"refusing to publish withheld column(s): {', '.join(r[0] for r in leaked)}")
        rows = {name: con.execute(f"SELECT count(*) FROM bi_next.bi.{name}").fetchone()[0] for name in BI_TABLES}
        con.execute("""CREATE TABLE bi_next.bi.publication AS
            SELECT ?::VARCHAR AS run_id, ?::TIMESTAMPTZ AS published_at,
                   (SELECT max(partition_date) FROM raw.athena_crimes) AS data_through,
                   (SELECT sum(value_12m) FROM bi_next.bi.rolling_12m_metrics)::BIGINT AS rolling_total""",
                    [run_id, datetime.now(UTC)])
        for name in [*BI_TABLES, "publication"]:
            con.execute(f"COPY bi_next.bi.{name} TO '{parquet / name}.parquet' (FORMAT parquet)")
        con.execute("CHECKPOINT bi_next")
    except BaseException:
        con.execute("DETACH bi_next")
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
    return Publication(folder / DATABASE, folder / PARQUET_LINK, rows)
