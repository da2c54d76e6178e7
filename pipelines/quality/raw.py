"""Validate the raw partitions just loaded, a chunk of days at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import duckdb

from pipelines.ingest.contract import Source
from pipelines.quality import frames
from pipelines.quality.suites import context, parameters, suite_columns
from pipelines.quality.validate import Outcome, build_docs, merge, record, run_suite

# A month of days per frame: one Great Expectations run costs about as much for a day as for
# a month, so a multi-year backfill validates in a fraction of its load time.
CHUNK_DAYS = 31
VOLUME_SUITE = "extract_volume"


def suites_for(source: Source) -> list[str]:
    return [f"raw_{source.name}", *([VOLUME_SUITE] if source.daily else [])]


def _chunks(days: list[date]) -> list[tuple[date, date]]:
    """Half-open [start, end) windows of at most CHUNK_DAYS over sorted contiguous days."""
    return [(days[i], days[min(i + CHUNK_DAYS, len(days)) - 1] + timedelta(days=1))
            for i in range(0, len(days), CHUNK_DAYS)]


def validate_days(con: duckdb.DuckDBPyConnection, source: Source, days: list[date], run_id: str,
                  checked_at: datetime | None = None) -> dict[str, list[Outcome]]:
    """Run the source's suites over the loaded days; every result goes to audit.dq_results.
    Returns one merged outcome per expectation, by suite."""
    checked_at = checked_at or datetime.now(UTC)
    ctx, params = context(), parameters(checked_at)
    raw_suite = f"raw_{source.name}"
    index = ctx.checkpoints.get(raw_suite).result_format["unexpected_index_column_names"]
    columns = list(dict.fromkeys([*index, *suite_columns(ctx.suites.get(raw_suite))]))
    by_suite: dict[str, list[Outcome]] = {name: [] for name in suites_for(source)}
    for start, end in _chunks(days):
        outcomes = run_suite(ctx, raw_suite, frames.raw_frame(con, source.name, columns, start, end),
                                  params, run_id)
        if source.daily:
            outcomes += run_suite(ctx, VOLUME_SUITE, frames.volume_frame(con, source.name, start, end),
                                       params, run_id)
        record(con, run_id, start, end, outcomes, checked_at)
        for o in outcomes:
            by_suite[o.suite].append(o)
    build_docs(ctx, run_id)
    return {name: merge(outcomes) for name, outcomes in by_suite.items()}
