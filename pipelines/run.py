"""``make run``: simulate the default extracts if the landing folder is empty, then
materialise every asset over every day that has extracts, as one Dagster run over their
months."""

from __future__ import annotations

import os

import dagster as dg
import duckdb

from pipelines import settings
from pipelines.definitions import build_definitions
from pipelines.publish import bi
from pipelines.shared.contract import SOURCES
from pipelines.shared.partitions import days_between, landing_days, run_arguments
from pipelines.simulate.command import SimulationOptions, simulate


def delivery_report(run_id: str, days: int) -> list[str]:
    """What the run's ingestion made of the files, from the ledger: one line per file loaded
    with something put right, one per file rejected whole (path in the landing folder and
    reason), then how many days loaded in full."""
    daily = [s.name for s in SOURCES.values() if s.daily]
    try:
        con = duckdb.connect(str(settings.warehouse_path()), read_only=True)
    except duckdb.Error:
        return []
    try:
        noted = con.execute(
            "SELECT status, file_path, reason FROM audit.ingest_ledger WHERE load_run_id = ? AND reason IS NOT NULL "
            "AND status IN ('LOADED', 'REJECTED') ORDER BY status, file_path", [run_id]).fetchall()
        full = con.execute(
            "SELECT count(*) FROM (SELECT partition_date FROM audit.ingest_ledger "
            "WHERE load_run_id = ? AND list_contains(?::VARCHAR[], source) AND status = 'LOADED' "
            "GROUP BY partition_date HAVING count(DISTINCT source) = ?)", [run_id, daily, len(daily)]).fetchone()[0]
    except duckdb.CatalogException:   # the run stopped before any load
        return []
    finally:
        con.close()
    landing = settings.landing_dir()
    lines = [f"{status.lower()} {os.path.relpath(path, landing)}: {reason}" for status, path, reason in noted]
    return [*lines, f"days loaded in full ({' and '.join(daily)}): {full} of {days}"]


def run_all(simulation: SimulationOptions) -> str:
    """``simulation`` says what to simulate when the landing folder holds no extracts."""
    landing = settings.landing_dir()
    if not landing_days("storm"):
        print(f"{landing} holds no extracts: simulating the {simulation.profile} profile", flush=True)
        print(simulate(simulation), flush=True)
    days = landing_days("storm")
    defs = build_definitions()  # after the simulation: the partitions start at the first extract day

    instance = dg.DagsterInstance.get()
    result = dg.materialize(
        [*defs.assets, *defs.asset_checks],
        instance=instance,
        resources=defs.resources,
        **run_arguments(days[0], days[-1]),
        raise_on_error=False,
    )
    report = delivery_report(result.run_id, len(days_between(days[0], days[-1])))
    if not result.success:
        print("\n".join(report), flush=True)
        raise RuntimeError(f"run {result.run_id} failed: see `make dev` for its logs")
    return "\n".join([
        f"materialised {days[0]}..{days[-1]}",
        f"warehouse: {settings.warehouse_path()} (raw, staging, intermediate, marts, reference, audit)",
        f"BI copy:   {settings.output_dir('published') / bi.DATABASE} (open this one from BI tools)",
        f"reports:   {settings.output_dir('reports')}",
        f"checks:    {settings.quality_dir() / 'data_docs' / 'index.html'}",
        *report,
        f"run {result.run_id}: its logs in make dev, then Runs ({settings.dagster_home()})"])
