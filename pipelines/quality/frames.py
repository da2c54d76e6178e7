"""The pandas frames each suite validates, read from DuckDB with set-based SQL.

Frames hold only the columns a suite reads (never narratives or other personal data), and a
raw frame covers one chunk of days, so memory stays flat over any backfill.
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from pipelines.shared.contract import Source

# How far back the same-weekday median for the volume check looks.
VOLUME_HISTORY_DAYS = 28
# DuckDB integer types a raw frame widens to int64.
INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER"}
# Link shares are judged on the crimes recorded in this many days up to the newest.
LINK_WINDOW_DAYS = 28


def raw_frame(con: duckdb.DuckDBPyConnection, source: Source, columns: list[str],
              start: date, end: date) -> pd.DataFrame:
    """The rows of raw.<source> loaded for partitions in [start, end).

    Code columns (text with a code list) come as pandas categoricals, with their codes
    worked out in DuckDB, and integer columns as int64. Great Expectations' pandas engine
    copies the frame's rows for each expectation (cheap for a categorical's small codes,
    dear for Python strings) and compares only int64 and float columns vectorised (an int32
    column is compared value by value in Python): validated this way, the 6-year STORM
    backfill's checks took about half their time with plain frames, with the same outcomes."""
    kinds = {c.name: c for c in source.columns}
    coded = [c for c in columns if kinds[c].type == "VARCHAR" and (kinds[c].values or kinds[c].literal_values)]
    window = f"FROM raw.{source.name} WHERE partition_date >= $start AND partition_date < $end"
    params = {"start": start, "end": end}
    categories = {}
    if coded:
        lists = ", ".join(f"list(DISTINCT {c} ORDER BY {c}) FILTER (WHERE {c} IS NOT NULL)" for c in coded)
        categories = {c: values or [] for c, values in zip(coded, con.execute(f"SELECT {lists} {window}", params)
                                                          .fetchone(), strict=True)}
    selected = ", ".join(
        f"list_position(${c}_categories, {c}) - 1 AS {c}" if c in categories
        else f"{c}::BIGINT AS {c}" if kinds[c].type in INTEGER_TYPES else c for c in columns)
    frame = con.execute(f"SELECT {selected} {window}",
                        params | {f"{c}_categories": v for c, v in categories.items()}).df()
    for c, values in categories.items():
        codes = frame[c].fillna(-1).to_numpy(dtype=np.int32)
        frame[c] = pd.Categorical.from_codes(codes, categories=values)
    return frame


def volume_frame(con: duckdb.DuckDBPyConnection, source: str, start: date, end: date,
                 skip_gaps: bool = False) -> pd.DataFrame:
    """One row per day in [start, end): its row count, the median count of the same weekday
    over the trailing 28 days (days before the source's first extract left out), their
    ratio, and how old the newest extract was on the night the day was loaded.
    ``skip_gaps`` leaves out the days with no row (no file, empty or rejected files, every
    record quarantined): in a run of several days the delivered_files check names them, and
    they do not stop the marts."""
    return con.execute(f"""
        WITH first_day AS (
            SELECT min(partition_date) AS day FROM audit.ingest_ledger WHERE source = $source
        ), days AS (
            SELECT unnest(range($start::DATE - INTERVAL {VOLUME_HISTORY_DAYS} DAY, $end::DATE,
                                INTERVAL 1 DAY))::DATE AS partition_date
        ), counts AS (
            SELECT partition_date, count(*) AS row_count FROM raw.{source}
            WHERE partition_date >= $start::DATE - INTERVAL {VOLUME_HISTORY_DAYS} DAY
              AND partition_date < $end
            GROUP BY partition_date
        ), delivered AS (
            SELECT DISTINCT partition_date FROM audit.ingest_ledger WHERE source = $source
        ), daily AS (
            SELECT d.partition_date, coalesce(c.row_count, 0) AS row_count,
                   median(coalesce(c.row_count, 0)) OVER (
                       PARTITION BY dayofweek(d.partition_date) ORDER BY d.partition_date
                       ROWS BETWEEN 4 PRECEDING AND 1 PRECEDING) AS median_same_weekday,
                   d.partition_date >= (SELECT day FROM first_day) + INTERVAL {VOLUME_HISTORY_DAYS} DAY
                       AS has_history
            FROM days d LEFT JOIN counts c USING (partition_date)
            WHERE d.partition_date >= (SELECT day FROM first_day)
        )
        SELECT $source AS source, daily.partition_date, row_count, median_same_weekday,
               CASE WHEN has_history THEN row_count / nullif(median_same_weekday, 0) END AS volume_ratio,
               datediff('day', x.partition_date, daily.partition_date + 1) AS extract_age_days
        FROM daily
        ASOF LEFT JOIN delivered x ON x.partition_date <= daily.partition_date
        WHERE daily.partition_date >= $start
          AND NOT ($skip AND row_count = 0)
        ORDER BY daily.partition_date
    """, {"source": source, "start": start, "end": end, "skip": skip_gaps}).df()


def links_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Crimes recorded in the newest 28 days: linked at all, and linked by their typed ref."""
    return con.execute(f"""
        WITH recent AS (
            SELECT crime_ref FROM marts.crime_knife_status
            WHERE recorded_at > (SELECT max(recorded_at) FROM marts.crime_knife_status)
                                - INTERVAL {LINK_WINDOW_DAYS} DAY
        )
        SELECT r.crime_ref,
               (l.crime_ref IS NOT NULL)::INTEGER AS linked,
               coalesce(l.link_method IN ('INCIDENT_REF', 'DECISION'), false)::INTEGER AS linked_by_ref
        FROM recent r LEFT JOIN marts.crime_incident_links l USING (crime_ref)
    """).df()


def rolling_metrics_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The rolling metrics, with each ALL row's gap to the sum of its districts."""
    return con.execute("""
        SELECT month_end, district, measure, monthly_value, value_12m,
               CASE WHEN district = 'ALL' THEN
                   coalesce(value_12m, 0) - sum(coalesce(value_12m, 0)) FILTER (WHERE district <> 'ALL')
                       OVER (PARTITION BY month_end, measure)
               END AS districts_gap
        FROM marts.rolling_12m_metrics
    """).df()


def mart_frame(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> pd.DataFrame:
    return con.execute(f"SELECT {', '.join(columns)} FROM marts.{table}").df()
