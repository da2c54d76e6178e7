"""The figures the reports show, each one query over the marts."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

# Age bands of the open worklist, in days: (label, lowest, highest).
BACKLOG_BANDS = [("0-7 days", 0, 7), ("8-30 days", 8, 30), ("31-90 days", 31, 90),
                 ("91-365 days", 91, 365), ("over a year", 366, None)]


def latest_complete_month(con: duckdb.DuckDBPyConnection) -> date | None:
    """The last month-end the extracts cover in full; None until they cover a whole month."""
    return con.execute("""
        SELECT CASE WHEN date_trunc('month', month_end) >= first_day THEN month_end END
        FROM (SELECT min(partition_date) AS first_day,
                     CASE WHEN last_day(max(partition_date)) = max(partition_date) THEN max(partition_date)
                          ELSE last_day(max(partition_date) - INTERVAL 1 MONTH) END AS month_end
              FROM raw.athena_crimes)
    """).fetchone()[0]


def current_month(con: duckdb.DuckDBPyConnection) -> date:
    """The month-end of the newest extract day, whole or not."""
    return con.execute("SELECT last_day(max(partition_date)) FROM raw.athena_crimes").fetchone()[0]


def month_end(text: str) -> date:
    """'2020-01' or any day of the month -> that month's last day."""
    try:
        first = date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        raise ValueError(f"not a month (YYYY-MM): {text!r}") from None
    return (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()


def performance_table(con: duckdb.DuckDBPyConnection, month: date) -> pd.DataFrame:
    """Force-wide 12 months to the month's end against the 12 months a year before, each
    measure under its label and in the order of the measure_labels seed (the panel's)."""
    frame = con.execute("""
        SELECT l.label, m.measure, m.previous_12m, m.value_12m, m.difference, m.pct_difference
        FROM marts.rolling_12m_metrics AS m
        JOIN reference.measure_labels AS l USING (measure)
        WHERE m.district = 'ALL' AND m.month_end = ? ORDER BY l.display_order
    """, [month]).df()
    if frame.empty:
        raise ValueError(f"no figures for the month ending {month}: the extracts do not cover it")
    before = pd.Timestamp(month) - pd.DateOffset(years=1)
    return frame.rename(columns={
        "label": "Measure",
        "previous_12m": f"12 Month ending {before:%b %y}",
        "value_12m": f"12 Month ending {month:%b %y}",
        "difference": "Diff.",
        "pct_difference": "% Diff.",
    })


def knife_series(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rolling 12-month verified and flagged knife crime, force-wide, by complete window."""
    return con.execute("""
        SELECT month_end,
               max(value_12m) FILTER (WHERE measure = 'knife_crime_offences') AS knife_crime_offences,
               max(value_12m) FILTER (WHERE measure = 'knife_crime_offences_flagged')
                   AS knife_crime_offences_flagged
        FROM marts.rolling_12m_metrics
        WHERE district = 'ALL' AND value_12m IS NOT NULL GROUP BY month_end ORDER BY month_end
    """).df()


def compliance_rolling(con: duckdb.DuckDBPyConnection, month: date, window_months: int) -> pd.DataFrame:
    """Knife-flag compliance at recording over the ``window_months`` to the month's end, by
    district and force-wide (last), with the counts and the 95% interval."""
    return con.execute("""
        SELECT district, eligible_with_storm_evidence, flagged_at_recording,
               compliance_rate_at_recording AS rate, ci95_lower_at_recording AS lower,
               ci95_upper_at_recording AS upper
        FROM marts.knife_compliance_rolling WHERE month_end = ? AND window_months = ?
        ORDER BY district = 'ALL', district
    """, [month, window_months]).df()


def compliance_series(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Force-wide compliance at recording by month over the whole history, with its interval,
    and over the rolling 12 months where a whole window exists."""
    return con.execute("""
        SELECT m.month_end, m.compliance_rate_at_recording AS rate, m.ci95_lower_at_recording AS lower,
               m.ci95_upper_at_recording AS upper, r.compliance_rate_at_recording AS rate_12m,
               r.ci95_lower_at_recording AS lower_12m, r.ci95_upper_at_recording AS upper_12m
        FROM marts.knife_compliance_monthly AS m
        LEFT JOIN marts.knife_compliance_rolling AS r
            ON r.month_end = m.month_end AND r.district = 'ALL' AND r.window_months = 12 AND r.is_complete
        WHERE m.district = 'ALL' ORDER BY m.month_end
    """).df()


def compliance_change(con: duckdb.DuckDBPyConnection, month: date) -> dict | None:
    """Force-wide compliance over the 12 months to the month against the 12 months before,
    and whether the two 95% intervals are apart; None without two whole windows."""
    rows = con.execute("""
        SELECT month_end, flagged_at_recording, eligible_with_storm_evidence, compliance_rate_at_recording,
               ci95_lower_at_recording, ci95_upper_at_recording
        FROM marts.knife_compliance_rolling
        WHERE district = 'ALL' AND window_months = 12 AND is_complete
          AND month_end IN (?, last_day(?::DATE - INTERVAL 12 MONTH))
        ORDER BY month_end
    """, [month, month]).fetchall()
    if len(rows) != 2:
        return None
    (before_end, *before), (_, *latest) = rows
    keys = ("flagged", "eligible", "rate", "lower", "upper")
    previous, current = dict(zip(keys, before, strict=True)), dict(zip(keys, latest, strict=True))
    apart = current["lower"] > previous["upper"] or current["upper"] < previous["lower"]
    direction = "rose" if current["rate"] > previous["rate"] else "fell"
    return {"previous": previous, "current": current, "previous_end": before_end,
            "verdict": f"{direction}, beyond the 95% intervals" if apart
            else "no change beyond the 95% intervals"}


def compliance_by_district(con: duckdb.DuckDBPyConnection, month: date) -> pd.DataFrame:
    """The month's knife-flag compliance at recording, with its 95% interval, by district."""
    return con.execute("""
        SELECT district, eligible_with_storm_evidence, flagged_at_recording,
               compliance_rate_at_recording AS rate, ci95_lower_at_recording AS lower,
               ci95_upper_at_recording AS upper
        FROM marts.knife_compliance_monthly WHERE month_end = ? ORDER BY district = 'ALL', district
    """, [month]).df()


def backlog_by_age(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    bands = " ".join(f"WHEN days_open >= {lo}" + (f" AND days_open <= {hi}" if hi is not None else "")
                     + f" THEN {i}" for i, (_, lo, hi) in enumerate(BACKLOG_BANDS))
    counts = dict(con.execute(f"""
        SELECT CASE {bands} END AS band, count(*) FROM marts.knife_discrepancies
        WHERE status = 'OPEN' GROUP BY band
    """).fetchall())
    return pd.DataFrame({"age": [b[0] for b in BACKLOG_BANDS],
                         "open_items": [counts.get(i, 0) for i in range(len(BACKLOG_BANDS))]})


def discrepancies_of_month(con: duckdb.DuckDBPyConnection, month: date) -> pd.DataFrame:
    """Items found in the month, one row per class under its label (discrepancy_classes seed):
    how many, how many are still open, settled by a decision or corrected in ATHENA, and the
    district with the most."""
    return con.execute("""
        WITH found AS (
            SELECT * FROM marts.knife_discrepancies WHERE last_day(detected_on) = ?
        ), by_district AS (
            SELECT discrepancy_class, district, count(*) AS n FROM found GROUP BY ALL
        )
        SELECT c.label AS "Discrepancy", count(f.discrepancy_id) AS "Found",
               count(*) FILTER (WHERE f.status = 'OPEN') AS "Open",
               count(*) FILTER (WHERE f.status = 'SETTLED') AS "Settled by a decision",
               count(*) FILTER (WHERE f.status = 'RESOLVED') AS "Corrected in the records",
               (SELECT arg_max(district || ' (' || n || ')', n) FROM by_district AS b
                WHERE b.discrepancy_class = c.discrepancy_class) AS "Most in"
        FROM reference.discrepancy_classes AS c
        LEFT JOIN found AS f USING (discrepancy_class)
        GROUP BY c.discrepancy_class, c.label
        HAVING count(f.discrepancy_id) > 0
        ORDER BY "Found" DESC, c.label
    """, [month]).df()


def headline(con: duckdb.DuckDBPyConnection, month: date) -> dict:
    row = con.execute("""
        SELECT max(value_12m) FILTER (WHERE measure = 'knife_crime_offences'),
               max(value_12m) FILTER (WHERE measure = 'knife_crime_offences_flagged'),
               max(previous_12m) FILTER (WHERE measure = 'knife_crime_offences'),
               max(pct_difference) FILTER (WHERE measure = 'knife_crime_offences'),
               max(value_12m) FILTER (WHERE measure = 'knife_crime_offences_confirmed'),
               max(value_12m) FILTER (WHERE measure = 'knife_crime_offences_machine_read')
        FROM marts.rolling_12m_metrics WHERE district = 'ALL' AND month_end = ?
    """, [month]).fetchone()
    open_items, oldest = con.execute(
        "SELECT count(*), max(days_open) FROM marts.knife_discrepancies WHERE status = 'OPEN'").fetchone()
    lists = worklist_counts(con)
    compliance = con.execute(
        "SELECT compliance_rate_at_recording FROM marts.knife_compliance_monthly "
        "WHERE district = 'ALL' AND month_end = ?", [month]).fetchone()
    return {"verified_12m": row[0], "flagged_12m": row[1], "verified_previous_12m": row[2],
            "verified_pct_difference": row[3], "verified_confirmed_12m": row[4],
            "verified_machine_read_12m": row[5], "open_items": open_items, "oldest_open_days": oldest,
            "daily_items": lists["daily"], "backlog_items": lists["backlog"], "historic_items": lists["historic"],
            "compliance_rate": compliance[0] if compliance else None}


def rule_feedback(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each knife text rule against the reviewers' verdicts on the items it raised, worst first."""
    return con.execute("""
        SELECT rule, rule_description, items, confirmed, rejected, precision
        FROM marts.knife_rule_feedback ORDER BY precision ASC NULLS LAST, items DESC
    """).df()


def unmatched_words(con: duckdb.DuckDBPyConnection, limit: int = 20) -> pd.DataFrame:
    """Words of confirmed knife crimes the text rules did not read as knife, those most
    particular to them (against logs at large) first."""
    return con.execute("""
        SELECT word, confirmed_incidents, confirmed_share, lift, rejected_incidents, rejected_share
        FROM marts.knife_unmatched_words ORDER BY lift DESC, word LIMIT ?
    """, [limit]).df()


def extract_gaps(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The days and sources the figures lack data for (missing, empty or rejected files), newest first."""
    return con.execute("""
        SELECT partition_date, source, gap, coalesce(file_name, '') AS file_name, reason, day_has_data
        FROM marts.extract_gaps ORDER BY partition_date DESC, source, file_name
    """).df()


def worklist_window(con: duckdb.DuckDBPyConnection) -> str:
    """The first month still in a 12-month window to be published, as the worklist has it."""
    row = con.execute("SELECT any_value(window_first_month) FROM marts.knife_worklist").fetchone()
    return f"{row[0]:%B %Y}" if row and row[0] else "the current windows"


WORKLIST_LISTS = ("daily", "backlog", "historic")


def worklist(con: duckdb.DuckDBPyConnection, worklist_list: str = "daily") -> pd.DataFrame:
    """The open items of one list (daily, backlog or historic), in the list's order: daily and
    backlog as knife_worklist ranks them, historic by priority then oldest."""
    if worklist_list not in WORKLIST_LISTS:
        raise ValueError(f"no worklist list {worklist_list!r}")
    candidates = ", ".join(f"candidate_{n}_incident_ref, candidate_{n}_score, candidate_{n}_why" for n in (1, 2, 3))
    return con.execute(f"""
        SELECT priority, priority_reason, crime_ref, incident_ref, district, discrepancy_class, evidence_level,
               matched_phrase AS evidence_phrase, storm_reading, strftime(item_month, '%Y-%m') AS recorded_month,
               days_open,
               officer_id, candidates, {candidates}, discrepancy_id AS item_id
        FROM marts.knife_worklist WHERE worklist_list = ?
        ORDER BY list_position, priority, days_open DESC, discrepancy_id
    """, [worklist_list]).df()


def worklist_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Open items on each list: the daily list, the rest of the windows still to be published
    (backlog) and the historic items."""
    counts = dict(con.execute("SELECT worklist_list, count(*) FROM marts.knife_worklist GROUP BY ALL").fetchall())
    return {name: counts.get(name, 0) for name in WORKLIST_LISTS}
