"""When the pipeline runs: nightly at 02:30 Europe/London for the day before, and for any day
whose files arrive in the landing folder, late or re-sent ones included. Each such run is
one day: its month's partition, with the day in the ``pipelines/days`` tag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines import settings
from pipelines.shared.partitions import TIMEZONE, landing_stamps, run_arguments, yesterday

JOB_NAME = "nightly"
SCHEDULE_NAME = "nightly_0230_london"
# The code-list seeds' asset group (the warehouse schema they load into).
REFERENCE_GROUP = "reference"
# Everything but the code-list seeds, which change only with the code.
NIGHTLY_SELECTION = dg.AssetSelection.all() - dg.AssetSelection.groups(REFERENCE_GROUP)


@dataclass(frozen=True)
class Nightly:
    job: dg.UnresolvedAssetJobDefinition
    schedule: dg.ScheduleDefinition
    sensor: dg.SensorDefinition


def day_request(day: date, run_key: str | None = None) -> dg.RunRequest:
    """A run of the nightly job for one day."""
    return dg.RunRequest(run_key=run_key, **run_arguments(day, day))


def build_nightly(partitions: dg.MonthlyPartitionsDefinition) -> Nightly:
    """The nightly job over ``partitions``, its 02:30 schedule and the landing sensor."""
    job = dg.define_asset_job(
        JOB_NAME,
        selection=NIGHTLY_SELECTION,
        partitions_def=partitions,
        description="Load the days of the pipelines/days tag (one day a night; every day of the months "
                    "when the tag is absent), rebuild the dbt models, checks, reports and BI copy. The "
                    "code-list seeds are left out: materialise the reference group after editing one.",
    )

    @dg.schedule(job=job, cron_schedule="30 2 * * *", execution_timezone=TIMEZONE, name=SCHEDULE_NAME)
    def nightly_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        """At 02:30 London time, the day before."""
        when = context.scheduled_execution_time
        day = (when.astimezone(ZoneInfo(TIMEZONE)).date() - timedelta(days=1)) if when else yesterday()
        return day_request(day)

    @dg.sensor(job=job, minimum_interval_seconds=300, default_status=dg.DefaultSensorStatus.STOPPED)
    def new_extract_sensor(context: dg.SensorEvaluationContext):
        """A run for each day with a file that arrived since the last look, once the day's STORM and
        ATHENA files are both there: new days, late files for past days and re-sent files alike, in
        whatever order they come. The cursor is the newest arrival time seen. Files for a day that
        has not ended yet are left to the nightly schedule. On its first look the sensor takes only
        the latest day: history is loaded by a backfill, not by one run per day.
        Deliveries should write under a temporary name and rename, so a run never sees half a file.
        """
        stamps = landing_stamps()
        if not stamps:
            yield dg.SkipReason(f"no extracts in {settings.landing_dir()}")
            return
        arrival: dict[date, float] = {}
        sources: dict[date, set[str]] = {}
        for (source, day), stamp in stamps.items():
            arrival[day] = max(arrival.get(day, 0.0), stamp)
            sources.setdefault(day, set()).add(source)
        first = date.fromisoformat(partitions.get_first_partition_key())
        ready = sorted(day for day in sources if first <= day <= yesterday() and {"storm", "athena"} <= sources[day])
        since = float(context.cursor) if context.cursor is not None else None
        arrived = ready[-1:] if since is None else [day for day in ready if arrival[day] > since]
        for day in arrived:
            yield day_request(day, run_key=f"{day.isoformat()}@{arrival[day]:.6f}")
        context.update_cursor(repr(max(stamps.values())))

    return Nightly(job=job, schedule=nightly_schedule, sensor=new_extract_sensor)
