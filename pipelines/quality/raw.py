"""Validate the raw partitions just loaded, a chunk of days at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import dagster as dg
import duckdb

from pipelines.quality import frames
from pipelines.quality.checks import check_result
from pipelines.quality.suites import context, frame_columns, parameters
from pipelines.quality.validate import Outcome, build_docs, merge, record, run_suite
from pipelines.shared.contract import Source

# Days are validated together up to this many rows per frame (and at most a year): each
# Great Expectations run and its volume check cost about 0.3 s whatever their rows, so a
# multi-year backfill validates in few runs, while a frame (its code columns as
# categoricals) stays under about a hundred MB.
MAX_FRAME_ROWS = 1_000_000
MAX_FRAME_DAYS = 366
VOLUME_SUITE = "extract_volume"


def raw_suite(source: Source) -> str:
    return f"raw_{source.name}"


def suites_for(source: Source) -> list[str]:
    return [raw_suite(source), *([VOLUME_SUITE] if source.daily else [])]


def _chunks(con: duckdb.DuckDBPyConnection, source: Source, days: list[date]) -> list[tuple[date, date]]:
    """Half-open [start, end) windows over the sorted contiguous days, each holding at most
    MAX_FRAME_ROWS rows (a bigger single day stands alone) and MAX_FRAME_DAYS days."""
    rows = dict(con.execute(
        f"SELECT partition_date, count(*) FROM raw.{source.name} WHERE partition_date BETWEEN ? AND ? "
        "GROUP BY partition_date", [days[0], days[-1]]).fetchall())
    windows, start, filled = [], days[0], 0
    for day in days:
        n = rows.get(day, 0)
        if day > start and (filled + n > MAX_FRAME_ROWS or (day - start).days >= MAX_FRAME_DAYS):
            windows.append((start, day))
            start, filled = day, 0
        filled += n
    windows.append((start, days[-1] + timedelta(days=1)))
    return windows


def validate_days(con: duckdb.DuckDBPyConnection, source: Source, days: list[date], run_id: str,
                  checked_at: datetime | None = None, skip_gaps: bool = False) -> dict[str, list[Outcome]]:
    """Run the source's suites over the loaded days; every result goes to audit.dq_results.
    Returns one merged outcome per expectation, by suite. ``skip_gaps`` leaves the days with
    no row out of the volume check: in a run of several days the delivery check names them
    and they do not stop the others."""
    checked_at = checked_at or datetime.now(UTC)
    ctx, params = context(), parameters(checked_at)
    columns = frame_columns(ctx, raw_suite(source))
    by_suite: dict[str, list[Outcome]] = {name: [] for name in suites_for(source)}
    for start, end in _chunks(con, source, days):
        outcomes = run_suite(ctx, raw_suite(source), frames.raw_frame(con, source, columns, start, end),
                             params, run_id)
        if source.daily:
            outcomes += run_suite(ctx, VOLUME_SUITE, frames.volume_frame(con, source.name, start, end,
                                                                         skip_gaps=skip_gaps),
                                  params, run_id)
        record(con, run_id, start, end, outcomes, checked_at)
        for o in outcomes:
            by_suite[o.suite].append(o)
    build_docs(ctx, run_id)
    return {name: merge(outcomes) for name, outcomes in by_suite.items()}


class RawLoadChecks:
    """The raw suites as the ingestion asset's blocking checks."""

    def specs(self, source: Source, key: dg.AssetKey) -> list[dg.AssetCheckSpec]:
        return [dg.AssetCheckSpec(suite, asset=key, blocking=True,
                                  description=f"Great Expectations suite {suite} on the days loaded.")
                for suite in suites_for(source)]

    def results(self, con: duckdb.DuckDBPyConnection, source: Source, key: dg.AssetKey, days: list[date],
                run_id: str, skip_gaps: bool) -> list[dg.AssetCheckResult]:
        outcomes = validate_days(con, source, days, run_id, skip_gaps=skip_gaps)
        return [check_result(key, suite, outcomes[suite]) for suite in suites_for(source)]
