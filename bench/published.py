"""The warehouse's rolling 12-month figures (district 'ALL') against the published ones
(PUBLISHED_FIGURES, by default ../shared/reference/published_figures.csv), as now and as the data stood on the day after
each window. Measures with no field in the extracts (fraud, cyber, business, rural) are
listed as not modelled (night-time economy too: the extracts do not say which offences
belong to it). Usage: ``python -m bench.published [--warehouse W] [--figures F]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from pipelines import settings
from pipelines.shared.sql import sql_string


def compare(warehouse: Path, figures: Path) -> list[dict]:
    con = duckdb.connect()
    con.execute(f"ATTACH {sql_string(str(warehouse))} AS wh (READ_ONLY)")
    rows = con.execute(f"""
        WITH published AS (
            SELECT measure, window_end_month, value::INTEGER AS published,
                   last_day(strptime(window_end_month || '-01', '%Y-%m-%d'))::DATE AS month_end
            FROM read_csv({sql_string(str(figures))}, all_varchar = true) WHERE window_months = '12'
        )
        SELECT p.measure, p.window_end_month, p.published, n.value_12m AS now, a.value_12m AS as_published,
               n.measure IS NOT NULL AS modelled
        FROM published p
        LEFT JOIN wh.marts.rolling_12m_metrics n
            ON n.measure = p.measure AND n.month_end = p.month_end AND n.district = 'ALL'
        LEFT JOIN wh.marts.rolling_12m_metrics_as_published a
            ON a.measure = p.measure AND a.month_end = p.month_end AND a.district = 'ALL'
        ORDER BY p.measure, p.window_end_month
    """).fetchall()
    con.close()
    keys = ("measure", "window_end_month", "published", "now", "as_published", "modelled")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def report(rows: list[dict]) -> str:
    lines = [f"{'measure':36} {'window':8} {'published':>9} {'now':>8} {'as at':>8}  match"]
    for r in rows:
        if not r["modelled"]:
            lines.append(f"{r['measure']:36} {r['window_end_month']:8} {r['published']:>9} {'':>17}  not modelled")
            continue
        match = ", ".join(k for k in ("now", "as_published") if r[k] == r["published"]) or "no"
        lines.append(f"{r['measure']:36} {r['window_end_month']:8} {r['published']:>9} {r['now'] or '':>8} "
                     f"{r['as_published'] or '':>8}  {match}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path, default=settings.warehouse_path())
    parser.add_argument("--figures", type=Path, default=settings.published_figures_path())
    args = parser.parse_args()
    print(report(compare(args.warehouse, args.figures)))


if __name__ == "__main__":
    main()
