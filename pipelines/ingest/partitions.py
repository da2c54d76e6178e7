"""Daily partitions on Europe/London days, from the first extract in the landing folder."""

from __future__ import annotations

from datetime import date

import dagster as dg

from pipelines import settings
from pipelines.ingest.contract import file_day
from pipelines.simulate.profile import load_profile


def landing_days(source_folder: str = "storm") -> list[date]:
    """Days with a file in the landing folder for one source, in order."""
    root = settings.landing_dir() / source_folder
    days = set()
    for path in root.glob("*/*/*.csv"):
        day = file_day(path.name)
        if day:
            days.add(day)
    return sorted(days)


def landing_stamps() -> dict[tuple[str, date], float]:
    """(source folder, day) -> when its newest file arrived in the landing folder.

    A file's arrival is the later of its modification and status-change times: a file moved
    in with its original modification time kept (``mv``, ``rsync -t``) still counts as new.
    """
    stamps: dict[tuple[str, date], float] = {}
    root = settings.landing_dir()
    for source in ("storm", "athena", "decisions"):
        for path in (root / source).rglob("*.csv"):
            day = file_day(path.name)
            if day:
                info = path.stat()
                key = (source, day)
                stamps[key] = max(stamps.get(key, 0.0), info.st_mtime, info.st_ctime)
    return stamps


def first_extract_date() -> date:
    days = landing_days()
    return days[0] if days else load_profile("essex")["start"]


daily_partitions = dg.DailyPartitionsDefinition(
    start_date=first_extract_date().isoformat(), timezone="Europe/London"
)
