"""Daily partitions on Europe/London days, from the first extract in the landing folder.

The landing folder is read when the partitions are first asked for (by the definitions,
the sensor or ``pipelines run``), never at import, and once per landing folder.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines import settings
from pipelines.shared.contract import file_day

TIMEZONE = "Europe/London"
SOURCE_FOLDERS = ("storm", "athena", "decisions")


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


@cache
def _partitions(landing: Path) -> dg.DailyPartitionsDefinition:
    days = landing_days(landing=landing)
    start = days[0] if days else yesterday()
    return dg.DailyPartitionsDefinition(start_date=start.isoformat(), timezone=TIMEZONE)


def daily_partitions() -> dg.DailyPartitionsDefinition:
    """One partition a day from the first STORM extract in the landing folder (yesterday when
    it holds none yet), the same object for every asset and job of one landing folder."""
    return _partitions(settings.landing_dir())
