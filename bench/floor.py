"""The floor: the same transformations with no orchestration, in one DuckDB process.

Reads every extract CSV straight into raw tables (no quarantine or checks, and for a ledger
only each file's name and day), loads the seeds, then runs the project's own compiled
model SQL in dependency order as plain CREATE TABLE statements. What the pipeline spends beyond this is the price of its
robustness (typed quarantine, ledger, validation) and orchestration (Dagster, dbt).
Usage: ``python -m bench.floor --landing L --database D`` (prints JSON timings).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
from pathlib import Path

import duckdb

from pipelines.ingest.loader import LEDGER_SCHEMA
from pipelines.seeds import SEEDS_DIR
from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR, duckdb_memory_limit
from pipelines.shared.contract import SOURCES


def _load_raw(con: duckdb.DuckDBPyConnection, landing: Path) -> None:
    con.execute("CREATE SCHEMA raw; CREATE SCHEMA reference")
    for source in SOURCES.values():
        files = sorted(str(p) for p in (landing / source.folder).rglob(f"{source.name}_*.csv"))
        typed = ", ".join(f"TRY_CAST({c.name} AS {c.type}) AS {c.name}" if c.type != "VARCHAR" else c.name
                          for c in source.columns)
        if not files:
            con.execute(f"CREATE TABLE raw.{source.name} AS SELECT {typed}, NULL::VARCHAR AS source_file, "
                        "NULL::BIGINT AS source_line, NULL::DATE AS partition_date, "
                        "NULL::TIMESTAMPTZ AS loaded_at FROM (SELECT "
                        + ", ".join(f"NULL::VARCHAR AS {c.name}" for c in source.columns) + ") WHERE false")
            continue
        spec = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in source.column_names) + "}"
        con.execute(f"""
            CREATE TABLE raw.{source.name} AS
            SELECT {typed}, filename AS source_file,
                   row_number() OVER (PARTITION BY filename) + 1 AS source_line,
                   strptime(regexp_extract(filename, '_([0-9]{{8}})[^/]*\\.csv$', 1), '%Y%m%d')::DATE AS partition_date,
                   current_timestamp AS loaded_at
            FROM read_csv(?, columns = {spec}, header = true, auto_detect = false, filename = true,
                          ignore_errors = true, strict_mode = false)
        """, [files])
    # The ledger in the pipeline's own schema: every file as loaded, whole.
    known = {"source": "'{source}'", "file_path": "source_file", "partition_date": "partition_date",
             "status": "'LOADED'", "rows_read": "count(*)", "rows_loaded": "count(*)", "rows_quarantined": "0",
             "rows_duplicate": "0", "rows_superseded": "0", "rows_rejected": "0", "delivered_at": "min(loaded_at)"}
    columns = ", ".join(f"{known.get(name, 'NULL')}::{kind} AS {name}" for name, kind in LEDGER_SCHEMA.items())
    con.execute("CREATE SCHEMA audit; CREATE TABLE audit.ingest_ledger AS "
                + " UNION ALL ".join(f"SELECT {columns.format(source=s.name)} FROM raw.{s.name} "
                                     "GROUP BY source_file, partition_date" for s in SOURCES.values()))
    for seed in SEEDS_DIR.glob("*.csv"):
        con.execute(f"CREATE TABLE reference.{seed.stem} AS SELECT * FROM read_csv(?)", [str(seed)])


def _models_in_order(manifest: dict) -> list[dict]:
    models = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}
    done, order = set(), []

    def visit(key: str) -> None:
        if key in done:
            return
        done.add(key)
        for dep in models[key]["depends_on"]["nodes"]:
            if dep in models:
                visit(dep)
        order.append(models[key])

    for key in sorted(models):
        visit(key)
    return order


def run_floor(landing: Path, database: Path) -> dict:
    database.unlink(missing_ok=True)
    timings = {}
    start = time.perf_counter()
    con = duckdb.connect(str(database))
    _load_raw(con, landing)
    con.close()
    timings["load_csv"] = time.perf_counter() - start
    # Compile against the floor database (nothing incremental exists yet: full-build SQL).
    target = database.parent / "floor_target"
    subprocess.run([DBT_EXECUTABLE, "compile", "--quiet", "--target-path", str(target)], cwd=DBT_PROJECT_DIR,
                   env={**os.environ, "WAREHOUSE_PATH": str(database), "DUCKDB_MEMORY_LIMIT": duckdb_memory_limit()},
                   check=True)
    manifest = json.loads((target / "manifest.json").read_text())
    start = time.perf_counter()
    con = duckdb.connect(str(database))
    con.execute("SET TimeZone = 'Europe/London'")
    for model in _models_in_order(manifest):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {model['schema']}")
        con.execute(f"CREATE TABLE {model['schema']}.{model['alias']} AS {model['compiled_code']}")
    con.close()
    timings["models"] = time.perf_counter() - start
    timings["total"] = timings["load_csv"] + timings["models"]
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--landing", type=Path, required=True)
    parser.add_argument("--database", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps(run_floor(args.landing, args.database)))


if __name__ == "__main__":
    main()
