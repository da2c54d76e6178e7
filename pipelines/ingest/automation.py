"""When ingestion runs: nightly at 02:30 Europe/London for the day before, and as soon as a
new day's STORM and ATHENA files are both in the landing folder."""

from __future__ import annotations

import dagster as dg

from pipelines.ingest.partitions import daily_partitions, landing_days

nightly_job = dg.define_asset_job(
    "nightly",
    selection=dg.AssetSelection.all(),
    partitions_def=daily_partitions,
    description="Load one day's extracts, then rebuild the dbt models.",
)

nightly_schedule = dg.build_schedule_from_partitioned_job(
    nightly_job, hour_of_day=2, minute_of_hour=30, name="nightly_0230_london"
)


@dg.sensor(job=nightly_job, minimum_interval_seconds=300, default_status=dg.DefaultSensorStatus.STOPPED)
def new_extract_sensor(context: dg.SensorEvaluationContext):
    """A run for each day whose STORM and ATHENA files have both arrived since the last look."""
    ready = sorted(set(landing_days("storm")) & set(landing_days("athena")))
    last = context.cursor or ""
    new = [d.isoformat() for d in ready if d.isoformat() > last]
    valid = set(daily_partitions.get_partition_keys())
    for key in new:
        if key in valid:
            yield dg.RunRequest(run_key=key, partition_key=key)
    if new:
        context.update_cursor(new[-1])
