"""bench.published: which published figures the marts reproduce, now and as at the time."""

import duckdb

from bench.published import compare, report


def test_figures_are_matched_now_or_as_published_or_reported_missing(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("CREATE SCHEMA marts")
    for table in ("rolling_12m_metrics", "rolling_12m_metrics_as_published"):
        con.execute(f"CREATE TABLE marts.{table} (month_end DATE, district VARCHAR, measure VARCHAR, value_12m INT)")
    con.execute("INSERT INTO marts.rolling_12m_metrics VALUES "
                "('2020-01-31', 'ALL', 'knife_crime_offences_flagged', 1591), "
                "('2020-01-31', 'Harlow', 'knife_crime_offences_flagged', 1405), "
                "('2023-12-31', 'ALL', 'asb_incidents', 14971)")
    con.execute("INSERT INTO marts.rolling_12m_metrics_as_published "
                "VALUES ('2020-01-31', 'ALL', 'knife_crime_offences_flagged', 1405)")
    con.close()
    figures = tmp_path / "figures.csv"
    figures.write_text("measure,window_end_month,window_months,value,source,note\n"
                       "knife_crime_offences_flagged,2020-01,12,1405,paper,x\n"
                       "asb_incidents,2023-12,12,14970,report,y\n"
                       "fraud_offences,2020-01,12,2087,paper,z\n")
    rows = {r["measure"]: r for r in compare(warehouse, figures)}
    assert rows["knife_crime_offences_flagged"]["now"] == 1591
    assert rows["knife_crime_offences_flagged"]["as_published"] == 1405
    assert rows["asb_incidents"]["now"] == 14971 and rows["asb_incidents"]["modelled"]
    assert not rows["fraud_offences"]["modelled"]
    verdict = {line.split()[0]: line.rsplit("  ", 1)[1] for line in report(list(rows.values())).splitlines()[1:]}
    assert verdict == {"knife_crime_offences_flagged": "as_published", "asb_incidents": "no",
                       "fraud_offences": "not modelled"}
