"""``make run``: simulate the default extracts if the landing folder is empty, then
materialise every asset over every day that has extracts, as one Dagster run."""

from __future__ import annotations

import dagster as dg

from pipelines import settings
from pipelines.definitions import build_definitions
from pipelines.publish import bi
from pipelines.shared.partitions import landing_days
from pipelines.simulate.command import SimulationOptions, simulate


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
        tags={
            "dagster/asset_partition_range_start": days[0].isoformat(),
            "dagster/asset_partition_range_end": days[-1].isoformat(),
        },
        raise_on_error=False,
    )
    if not result.success:
        raise RuntimeError(f"run {result.run_id} failed: see `make dev` for its logs")
    return (f"materialised {days[0]}..{days[-1]} in run {result.run_id}\n"
            f"warehouse: {settings.warehouse_path()} (raw, staging, intermediate, marts, reference, audit)\n"
            f"BI copy:   {settings.output_dir('published') / bi.DATABASE} (open this one from BI tools)\n"
            f"reports:   {settings.output_dir('reports')}\n"
            f"checks:    {settings.quality_dir() / 'data_docs' / 'index.html'}\n"
            f"run logs:  make dev, then Runs ({settings.dagster_home()})")
