"""Monthly partitions on Europe/London months, and the days a run loads within them.

Dagster records a partitioned asset's result once per partition, and each record costs
tens of milliseconds in the instance's storage: daily partitions would make a six-year
backfill write tens of thousands of records before and after the work. So the partitions
are months (the UI shows each month's days in its metadata), while a run loads the days
its ``pipelines/days`` tag names: one day for the nightly run, the sensor and a re-run of a
day, every day of its months (up to yesterday) when the tag is absent, as in a backfill
launched from the UI.

The landing folder is read when the partitions are first asked for (by the definitions,
the sensor or ``pipelines run``), never at import, and once per landing folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines import settings
from pipelines.shared.contract import file_day

TIMEZONE = "Europe/London"
SOURCE_FOLDERS = ("storm", "athena", "decisions")
# The run tag naming the days a run loads: "2023-06-14" or "2023-06-01..2023-06-30".
DAYS_TAG = "pipelines/days"
PARTITION_TAG = "dagster/partition"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


def landing_days(source_folder: str = "storm", landing: Path | None = None) -> list[date]:
    """Days with a file in the landing folder for one source, in order."""
    root = (landing or settings.landing_dir()) / source_folder
    return sorted({day for path in root.glob("*/*/*.csv") if (day := file_day(path.name))})


def landing_stamps() -> dict[tuple[str, date], float]:
    """(source folder, day) -> when its newest file arrived in the landing folder.

    A file's arrival is the later of its modification and status-change times: a file moved
    in with its original modification time kept (``mv``, ``rsync -t``) still counts as new.
    """
    stamps: dict[tuple[str, date], float] = {}
    root = settings.landing_dir()
    for source in SOURCE_FOLDERS:
        for path in (root / source).rglob("*.csv"):
            day = file_day(path.name)
            if day:
                info = path.stat()
                key = (source, day)
                stamps[key] = max(stamps.get(key, 0.0), info.st_mtime, info.st_ctime)
    return stamps


def is_range_run(days: list[date]) -> bool:
    """A run of several days (a backfill, ``pipelines run``) rather than one night's: there a
    day whose files were rejected is reported and the marts still build from the rest; in a
    one-day run it blocks them, as a late file does."""
    return len(days) > 1


def yesterday() -> date:
    return datetime.now(ZoneInfo(TIMEZONE)).date() - timedelta(days=1)


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def month_key(day: date) -> str:
    """The partition key of the month holding ``day``."""
    return day.replace(day=1).isoformat()


def month_end(month_start: date) -> date:
    return (month_start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def days_tag(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"


def _parse_days(text: str) -> tuple[date, date]:
    try:
        first, _, last = text.partition("..")
        span = date.fromisoformat(first.strip()), date.fromisoformat((last or first).strip())
    except ValueError:
        raise ValueError(f"run tag {DAYS_TAG}={text!r}: expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD") from None
    if span[1] < span[0]:
        raise ValueError(f"run tag {DAYS_TAG}={text!r}: the last day is before the first")
    return span


def run_tags(first: date, last: date) -> dict[str, str]:
    """The tags of a run that loads the days first..last: their months as the partition (or
    partition range) and the days themselves."""
    tags = {DAYS_TAG: days_tag(first, last)}
    if month_key(first) == month_key(last):
        tags[PARTITION_TAG] = month_key(first)
    else:
        tags[RANGE_START_TAG], tags[RANGE_END_TAG] = month_key(first), month_key(last)
    return tags


def run_arguments(first: date, last: date) -> dict:
    """``materialize`` / ``execute_in_process`` arguments for a run that loads first..last."""
    tags = run_tags(first, last)
    partition = tags.pop(PARTITION_TAG, None)
    return {"tags": tags, **({"partition_key": partition} if partition else {})}


def run_days(tags: Mapping[str, str], until: date | None = None) -> list[date] | None:
    """The days a run loads, from its tags: those of ``pipelines/days`` (which must lie in the
    run's months), else every day of the run's months up to ``until`` (yesterday). None for
    a run with no partition, which works on every day there is."""
    if PARTITION_TAG in tags:
        first_month = last_month = tags[PARTITION_TAG]
    elif RANGE_START_TAG in tags:
        first_month, last_month = tags[RANGE_START_TAG], tags[RANGE_END_TAG]
    else:
        return None
    months = date.fromisoformat(first_month), month_end(date.fromisoformat(last_month))
    if DAYS_TAG not in tags:
        return days_between(months[0], min(months[1], until or yesterday()))
    first, last = _parse_days(tags[DAYS_TAG])
    if first < months[0] or last > months[1]:
        raise ValueError(f"run tag {DAYS_TAG}={tags[DAYS_TAG]!r} lies outside the run's months "
                         f"{months[0]:%Y-%m} to {months[1]:%Y-%m}")
    return days_between(first, last)


@cache
def _partitions(landing: Path) -> dg.MonthlyPartitionsDefinition:
    days = landing_days(landing=landing)
    start = days[0] if days else yesterday()
    return dg.MonthlyPartitionsDefinition(start_date=month_key(start), timezone=TIMEZONE, end_offset=1)


def load_partitions() -> dg.MonthlyPartitionsDefinition:
    """One partition a month from the month of the first STORM extract in the landing folder
    (yesterday's when it holds none yet) to the current month, the same object for every
    asset and job of one landing folder."""
    return _partitions(settings.landing_dir())
