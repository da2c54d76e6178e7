"""What the ledger says of each day and month of a source: which days have data, why the
others have none, and each month's counts, for the ingestion asset's checks and metadata.

A day has data when a file of it loaded rows (or was a byte copy of a file loaded under
another day). A day without data is a gap, with why: no file, only empty files (0 bytes or
a header only), every file rejected, or no row loaded (every record quarantined).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import duckdb

from pipelines.shared.contract import Source
from pipelines.shared.partitions import days_between, month_end, month_key, yesterday

LOADED = "loaded"
COUNTED = ("files", "rows_read", "rows_loaded", "rows_quarantined", "rows_duplicate", "rows_superseded",
           "rows_rejected")


@dataclass(frozen=True)
class DayState:
    day: date
    state: str                                               # "loaded", or why the day has no data
    rejected: dict[str, str] = field(default_factory=dict)   # file path -> reason

    @property
    def has_data(self) -> bool:
        return self.state == LOADED


def day_states(con: duckdb.DuckDBPyConnection, source: Source, days: list[date]) -> dict[date, DayState]:
    """The state of each of ``days`` for one source, from the ledger."""
    rows = con.execute("""
        WITH days AS (SELECT unnest(?::DATE[]) AS day),
        ledger AS (
            SELECT partition_date AS day,
                   bool_or((status = 'LOADED' AND rows_loaded > 0) OR status = 'DUPLICATE') AS has_data,
                   bool_and(status = 'EMPTY') AS only_empty,
                   bool_and(status = 'REJECTED') AS all_rejected,
                   map_from_entries(list((file_path, reason)) FILTER (WHERE status = 'REJECTED')) AS rejected
            FROM audit.ingest_ledger
            WHERE source = ? AND partition_date BETWEEN ? AND ?
            GROUP BY partition_date
        )
        SELECT day,
               CASE WHEN l.day IS NULL THEN 'no file' WHEN l.has_data THEN 'loaded'
                    WHEN l.only_empty THEN 'only empty files' WHEN l.all_rejected THEN 'every file rejected'
                    ELSE 'no row loaded (every record quarantined)' END,
               l.rejected
        FROM days LEFT JOIN ledger l USING (day)
        ORDER BY day
    """, [days, source.name, min(days), max(days)]).fetchall()
    return {day: DayState(day, state, dict(rejected or {})) for day, state, rejected in rows}


def month_summaries(con: duckdb.DuckDBPyConnection, source: Source, days: list[date]) -> dict[str, dict]:
    """For each month of ``days``: the month's files and rows from the ledger (all its days,
    not only the run's), its days with data and each day without, with why. A daily source's
    days are counted from its first delivered day up to yesterday; the decisions, which come
    only when there are some, count the days that brought a file."""
    months = sorted({month_key(d) for d in days})
    totals = {month: dict(zip(COUNTED, counts, strict=True)) for month, *counts in con.execute(f"""
        SELECT strftime(date_trunc('month', partition_date), '%Y-%m-%d') AS month, count(*),
               {", ".join(f"coalesce(sum({c}), 0)" for c in COUNTED[1:])}
        FROM audit.ingest_ledger
        WHERE source = ? AND list_contains(?::VARCHAR[], strftime(date_trunc('month', partition_date), '%Y-%m-%d'))
        GROUP BY ALL""", [source.name, months]).fetchall()}
    first = con.execute("SELECT min(partition_date) FROM audit.ingest_ledger WHERE source = ?",
                        [source.name]).fetchone()[0]
    summaries = {month: {**dict.fromkeys(COUNTED, 0), **totals.get(month, {}), "days_loaded": 0,
                         "days_without_data": {}} for month in months}
    if first is None:
        return summaries
    span = [d for month in months for d in days_between(date.fromisoformat(month), month_end(date.fromisoformat(month)))
            if first <= d and (d <= yesterday() or not source.daily)]
    states = day_states(con, source, span) if span else {}
    without: dict[str, dict[str, str]] = defaultdict(dict)
    for day, state in states.items():
        if state.has_data:
            summaries[month_key(day)]["days_loaded"] += 1
        elif source.daily:
            without[month_key(day)][day.isoformat()] = state.state
    for month, gaps in without.items():
        summaries[month]["days_without_data"] = gaps
    return summaries


def last_day_with_data(con: duckdb.DuckDBPyConnection, sources: list[Source], before: date) -> date | None:
    """The latest day before ``before`` on which every one of ``sources`` loaded data: the
    day the marts were last built through, when a night is held."""
    return con.execute("""
        SELECT max(partition_date) FROM (
            SELECT partition_date FROM audit.ingest_ledger
            WHERE list_contains(?::VARCHAR[], source) AND partition_date < ?
              AND ((status = 'LOADED' AND rows_loaded > 0) OR status = 'DUPLICATE')
            GROUP BY partition_date HAVING count(DISTINCT source) = ?)
    """, [[s.name for s in sources], before, len(sources)]).fetchone()[0]
