"""The first build as a user runs it: ``pipelines run`` (what ``make run`` runs) on existing
extracts, with a new Dagster instance and warehouse, split by the run's own event log into

- ``start_s``: the command's start, imports and definitions, up to the run's first event;
- ``planning_s``: Dagster writing the run's planned events, up to RUN_START;
- ``steps_s``: RUN_START to the run's end, with each step's time in ``step_s``;
- ``bookkeeping_in_steps_s``: within the steps, the time after each step's work ended, while
  Dagster wrote its materialisation and check records (from the step's first such record
  to STEP_SUCCESS). The dbt steps write theirs while dbt runs, as each model and test ends,
  so none of their time is counted as bookkeeping;
- ``after_s``: the command's own end (the ledger summary);

and the run's events by type. ``dagster_s`` is planning plus bookkeeping in the steps.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

import dagster as dg

from pipelines.settings import REPO_ROOT

RECORD_EVENTS = {"ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION", "ASSET_OBSERVATION"}


def split(instance, run_id: str) -> dict:
    """Planning, steps and bookkeeping of one run, in seconds, from its event log."""
    started = dg.DagsterEventType.RUN_START.value
    ended = {dg.DagsterEventType.RUN_SUCCESS.value, dg.DagsterEventType.RUN_FAILURE.value}
    records = sorted(instance.all_logs(run_id), key=lambda r: r.timestamp)
    events = [(r.timestamp, r.dagster_event.event_type_value if r.dagster_event else "LOG",
               r.dagster_event.step_key if r.dagster_event else r.step_key) for r in records]
    run_start = next(t for t, kind, _ in events if kind == started)
    run_end = next(t for t, kind, _ in reversed(events) if kind in ended)
    steps, tails = {}, {}
    for step in {s for _, kind, s in events if kind == "STEP_START"}:
        mine = [(t, kind) for t, kind, s in events if s == step]
        start = next(t for t, kind in mine if kind == "STEP_START")
        end = next(t for t, kind in reversed(mine) if kind in ("STEP_SUCCESS", "STEP_FAILURE"))
        work_end = end if step.startswith("dbt_") else next((t for t, kind in mine if kind in RECORD_EVENTS), end)
        steps[step], tails[step] = round(end - start, 2), round(end - work_end, 2)
    planning = run_start - events[0][0]
    bookkeeping = sum(tails.values())
    return {"first_event": events[0][0], "planning_s": round(planning, 2), "steps_s": round(run_end - run_start, 2),
            "step_s": dict(sorted(steps.items())), "bookkeeping_by_step_s": dict(sorted(tails.items())),
            "bookkeeping_in_steps_s": round(bookkeeping, 2), "dagster_s": round(planning + bookkeeping, 2),
            "run_end": run_end, "events": dict(Counter(kind for _, kind, _ in events).most_common())}


def first_build(landing: Path, work: Path, measure) -> dict:
    """``measure(args, env)`` runs the command and returns its wall time; the rest comes from
    the Dagster instance it leaves in ``work``."""
    home, warehouse = work / "dagster_home", work / "warehouse" / "warehouse.duckdb"
    for folder in (home, warehouse.parent):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    shutil.copy(REPO_ROOT / ".dagster_home" / "dagster.yaml", home)
    env = {**os.environ, "LANDING_DIR": str(landing), "WAREHOUSE_PATH": str(warehouse), "DAGSTER_HOME": str(home)}
    began = time.time()
    result = measure([sys.executable, "-m", "pipelines.cli", "run"], env)
    run_id = result["stdout"].strip().splitlines()[-1].split()[1].rstrip(":")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        parts = split(instance, run_id)
    first_event, run_end = parts.pop("first_event"), parts.pop("run_end")
    return {"wall_s": result["wall_s"], "peak_rss_mb": result["peak_rss_mb"], "run_id": run_id,
            "start_s": round(first_event - began, 2), **parts, "after_s": round(began + result["wall_s"] - run_end, 2),
            "dagster_share": round(parts["dagster_s"] / result["wall_s"], 3), "warehouse": str(warehouse)}
