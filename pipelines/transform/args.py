"""dbt command lines, built in one place so they can be tested without running dbt."""

from __future__ import annotations

import json
from datetime import date


def dbt_build_args(window: tuple[date, date] | None = None, full_refresh: bool = False) -> list[str]:
    """``dbt build`` arguments; ``window`` is a half-open [start, end) range of days.

    Incremental models read ``var('window_start')`` and ``var('window_end')`` and select
    rows with ``>= window_start and < window_end``. Dagster runs the project in several
    steps (partitioned models between unpartitioned ones); ``buildable`` indirect selection
    runs a test in the step where all its parents are built, never before.
    """
    args = ["build", "--indirect-selection", "buildable"]
    if window is not None:
        start, end = window
        if end <= start:
            raise ValueError(f"empty dbt window: {start} to {end}")
        args += ["--vars", json.dumps({"window_start": start.isoformat(), "window_end": end.isoformat()})]
    if full_refresh:
        args.append("--full-refresh")
    return args
