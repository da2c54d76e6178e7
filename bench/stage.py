"""A bench stage run in its own process so the bench can measure its time and peak memory:
``nightly``, the nightly job through Dagster. Usage: ``python -m bench.stage nightly`` with
LANDING_DIR and WAREHOUSE_PATH set; prints JSON."""

from __future__ import annotations

import json
import sys
import time

from pipelines import settings
from pipelines.shared.partitions import landing_days, run_arguments

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
    day = landing_days("storm")[-1]
    runs = []
    for _ in range(NIGHTLY_RUNS):
        instance = dg.DagsterInstance.ephemeral()
        start = time.perf_counter()
        result = defs.resolve_job_def("nightly").execute_in_process(
            instance=instance, raise_on_error=False, **run_arguments(day, day))
        if not result.success:
            return {"success": False, "day": day.isoformat()}
        runs.append({"job": time.perf_counter() - start, **_parts(instance, result.run_id)})
    median = {k: round(statistics.median(r[k] for r in runs[1:]), 2) for k in runs[0]}
    return {"success": True, "day": day.isoformat(), "runs": len(runs) - 1, "median_s": median,
            "first_run_s": round(runs[0]["job"], 2)}


STAGES = {f.__name__: f for f in (nightly,)}

if __name__ == "__main__":
    settings.export_environment()
    start = time.perf_counter()
    out = STAGES[sys.argv[1]]()
    out["seconds"] = time.perf_counter() - start
    print(json.dumps(out))
