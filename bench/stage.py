"""One pipeline stage, run in its own process so the bench can measure its time and peak
memory. Each stage calls the same functions the Dagster assets call. Usage:
``python -m bench.stage NAME`` with LANDING_DIR and WAREHOUSE_PATH set; prints JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date

import duckdb

from pipelines import settings
from pipelines.ingest.loader import partition_days
from pipelines.shared.contract import SOURCES
from pipelines.shared.partitions import landing_days

LIMIT = settings.duckdb_config()


def _days() -> list[date]:
    days = landing_days("storm")
    return partition_days(days[0], days[-1])


def ingest() -> dict:
    from pipelines.ingest.loader import load_days

    con = duckdb.connect(str(settings.warehouse_path()), config=LIMIT)
    rows = sum(load_days(con, settings.landing_dir(), s, _days(), "bench").rows_read for s in SOURCES)
    con.close()
    return {"rows": rows}


def raw_checks() -> dict:
    from pipelines.quality.raw import validate_days

    con = duckdb.connect(str(settings.warehouse_path()), config=LIMIT)
    failed = [o.describe() for s in SOURCES.values() for outs in validate_days(con, s, _days(), "bench").values()
              for o in outs if not o.success]
    con.close()
    return {"failed": failed}


def dbt() -> dict:
    result = subprocess.run([settings.DBT_EXECUTABLE, "build", "--quiet", "--indirect-selection", "buildable"],
                            cwd=settings.DBT_PROJECT_DIR, env=os.environ.copy())
    return {"exit_code": result.returncode}


def mart_checks() -> dict:
    from pipelines.quality.checks import MART_SUITES, validate_mart

    con = duckdb.connect(str(settings.warehouse_path()), config=LIMIT)
    failed = [o.describe() for s in MART_SUITES for o in validate_mart(con, s, "bench") if not o.success]
    con.close()
    return {"failed": failed}


def reports() -> dict:
    from pipelines.reports.assets import report_folder
    from pipelines.reports.render import compliance_report, performance_tables

    con = duckdb.connect(str(settings.warehouse_path()), read_only=True, config=LIMIT)
    report = compliance_report(con, report_folder(), "bench")
    performance_tables(con, report_folder())
    con.close()
    return {"open_items": report.open_items}


def publish() -> dict:
    from pipelines.publish.bi import publish as publish_bi

    con = duckdb.connect(str(settings.warehouse_path()), config=LIMIT)
    result = publish_bi(con, settings.output_dir("published"), "bench")
    con.close()
    return {"rows": sum(result.rows.values())}


# The first run in a process pays one-off costs (imports, the dbt manifest, cold file
# pages) and is left out of the medians.
NIGHTLY_RUNS = 5
# Dagster step keys by the part of the night they belong to.
NIGHT_PARTS = {"ingest": "raw__", "dbt": "dbt_", "mart_checks": "marts__", "reports": "reports__",
               "publish": "published__"}


def _parts(instance, run_id: str) -> dict[str, float]:
    """Seconds each part of the night took, from the run's step start and end events."""
    starts, parts = {}, dict.fromkeys(NIGHT_PARTS, 0.0)
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = record.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            part = next(p for p, prefix in NIGHT_PARTS.items() if event.step_key.startswith(prefix))
            parts[part] += record.timestamp - starts[event.step_key]
    return parts


def nightly() -> dict:
    """The scheduled nightly job through Dagster for the last extract day, on the history built
    so far, run NIGHTLY_RUNS times (it is idempotent): the median job time and the median of
    each part (ingestion with its raw checks, the dbt steps, mart checks, reports, publish)
    over the runs after the first."""
    import statistics

    import dagster as dg

    from pipelines.definitions import build_definitions

    defs = build_definitions()
    day = landing_days("storm")[-1].isoformat()
    runs = []
    for _ in range(NIGHTLY_RUNS):
        instance = dg.DagsterInstance.ephemeral()
        start = time.perf_counter()
        result = defs.resolve_job_def("nightly").execute_in_process(
            instance=instance, partition_key=day, raise_on_error=False)
        if not result.success:
            return {"success": False, "day": day}
        runs.append({"job": time.perf_counter() - start, **_parts(instance, result.run_id)})
    median = {k: round(statistics.median(r[k] for r in runs[1:]), 2) for k in runs[0]}
    return {"success": True, "day": day, "runs": len(runs) - 1, "median_s": median,
            "first_run_s": round(runs[0]["job"], 2)}


STAGES = {f.__name__: f for f in (ingest, raw_checks, dbt, mart_checks, reports, publish, nightly)}

if __name__ == "__main__":
    settings.export_environment()
    start = time.perf_counter()
    out = STAGES[sys.argv[1]]()
    out["seconds"] = time.perf_counter() - start
    print(json.dumps(out))
