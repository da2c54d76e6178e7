"""A scratch warehouse where the dbt project reads given narratives as the nightly job reads
STORM logs: they become ``staging.stg_storm_incidents`` (one log each, one version, no
qualifiers) and dbt builds the models on top. The retraining and the narrative benchmark
both use it, so the features and verdicts they see are those of the nightly models."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

import duckdb

from pipelines import settings

_STAND_IN = """
    CREATE OR REPLACE TABLE staging.stg_storm_incidents (
        log_date DATE, log_number BIGINT, incident_ref VARCHAR, version_ts TIMESTAMPTZ,
        created_at TIMESTAMPTZ, closed_at TIMESTAMPTZ, opening_code VARCHAR, closing_code VARCHAR,
        grade INTEGER, qualifiers VARCHAR, district VARCHAR, easting INTEGER, northing INTEGER,
        narrative VARCHAR, partition_date DATE, source_line BIGINT, corpus_id VARCHAR)"""
_ROW = """
    INSERT INTO staging.stg_storm_incidents VALUES (
        DATE '2020-01-01', ?, ? || ' of 01/01/2020', TIMESTAMPTZ '2020-01-01 12:00:00+00',
        TIMESTAMPTZ '2020-01-01 12:00:00+00', TIMESTAMPTZ '2020-01-01 13:00:00+00',
        'CRIME-VIOLENCE', 'CRIME-VIOLENCE', 2, '', 'CC', 570000, 207000, ?, DATE '2020-01-01', ?, ?)"""


def stand_in_storm(warehouse: Path, narratives: Sequence[tuple[str, str]]) -> None:
    """Writes ``(corpus_id, narrative)`` pairs as the stand-in STORM staging table: log
    number i for the i-th pair, its id kept in ``corpus_id``."""
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("CREATE SCHEMA IF NOT EXISTS staging")
        con.execute(_STAND_IN)
        con.executemany(_ROW, [(i, str(i), text, i + 1, corpus_id)
                               for i, (corpus_id, text) in enumerate(narratives, start=1)])
    finally:
        con.close()


def run_dbt(project: Path, warehouse: Path, *args: str) -> dict:
    """One dbt command of ``project`` on ``warehouse``, its artefacts beside the warehouse;
    returns dbt's run results. A failure raises with the end of dbt's output."""
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse), "DUCKDB_MEMORY_LIMIT": settings.duckdb_memory_limit(),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    target = warehouse.parent / "target"
    done = subprocess.run([settings.DBT_EXECUTABLE, *args, "--project-dir", str(project), "--profiles-dir",
                           str(project), "--target-path", str(target), "--log-path", str(target)],
                          env=env, capture_output=True, text=True, cwd=project)
    if done.returncode:
        raise RuntimeError(f"dbt {' '.join(args)} failed in {project}:\n{done.stdout[-4000:]}")
    return json.loads((target / "run_results.json").read_text())
