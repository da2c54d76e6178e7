"""Reconciliation accuracy against the simulator's ground truth (``_truth/``).

Prints, and returns as a dict: link precision and recall (overall and by method), precision
and recall of each discrepancy class (precision also counting disagreements the truth explains
by another error, see EXPLAINED) and of the open unrecorded knife incidents, and verified
knife crime against the true count in every 12-month window.
Usage: ``python -m bench.accuracy [--warehouse W] [--landing L]``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb

from pipelines import settings
from pipelines.seeds import seed_values

# Discrepancy classes the simulator records by the same name in crimes_truth.injected_errors:
# the knife-flag classes.
CLASSES = tuple(c for c in seed_values("discrepancy_classes.csv", "discrepancy_class") if c.endswith("_FLAG"))

# A class is defined by what the two systems show, the injected error by what went wrong. A
# found item without the class's own error is still a real disagreement when the truth shows
# the systems disagreeing that way for another reason:
EXPLAINED = {
    # the STORM log carries a WEAPON-KNIFE qualifier that was set in error
    "MISSING_FLAG": "list_contains(errors, 'SPURIOUS_QUALIFIER')",
    # a real knife crime, rightly flagged, whose STORM log never mentions a knife
    "UNSUPPORTED_FLAG": "true_knife = 'Y' and knife_evidence = 'neither'",
    # flagged while reclassified to an offence outside the knife-eligible set
    "INELIGIBLE_FLAG": "list_contains(errors, 'RECLASSIFIED')",
}


def _connect(warehouse: Path, truth: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"attach '{warehouse}' as wh (read_only)")
    con.execute(f"create view crimes_truth as select * from read_csv('{truth / 'crimes_truth.csv'}', all_varchar=true)")
    con.execute(f"create view incidents_truth as select * from read_csv('{truth / 'incidents_truth.csv'}', "
                "all_varchar=true)")
    return con


def link_accuracy(con) -> list[dict]:
    rows = con.execute("""
        with t as (
            select crime_ref, try_cast(true_log_date as date) as log_date,
                   try_cast(true_log_number as integer) as log_number
            from crimes_truth
        ),
        j as (
            select l.link_method, l.crime_ref,
                   l.log_date = t.log_date and l.log_number = t.log_number as correct
            from wh.marts.crime_incident_links as l join t using (crime_ref)
        )
        select coalesce(link_method, 'ALL') as method, count(*) as links,
               count(*) filter (where correct) as correct,
               count(*) filter (where correct) / count(*) as precision,
               count(*) filter (where correct) / (select count(*) from t where log_date is not null) as recall
        from j group by rollup (link_method) order by links desc
    """).fetchall()
    return [dict(zip(("method", "links", "correct", "precision", "recall"), r, strict=True)) for r in rows]


def link_recall_by_code(con) -> list[dict]:
    """Link recall for each Home Office code: the crimes with a true incident that are linked
    to it, and how many of them were found by candidate matching."""
    rows = con.execute("""
        with t as (
            select crime_ref, ho_code, try_cast(true_log_date as date) as log_date,
                   try_cast(true_log_number as integer) as log_number
            from crimes_truth where true_log_date <> ''
        )
        select t.ho_code, count(*) as crimes,
               count(*) filter (where l.log_date = t.log_date and l.log_number = t.log_number) as linked,
               count(*) filter (where l.log_date = t.log_date and l.log_number = t.log_number
                                and l.link_method = 'CANDIDATE_MATCH') as by_candidate
        from t left join wh.marts.crime_incident_links as l using (crime_ref)
        group by t.ho_code order by linked / count(*), crimes desc
    """).fetchall()
    return [{"ho_code": c, "crimes": n, "linked": k, "by_candidate": b, "recall": k / n} for c, n, k, b in rows]


def class_accuracy(con) -> list[dict]:
    out = []
    for cls in CLASSES:
        tp, found, truth, detectable, tp_detectable, explained = con.execute(f"""
            with found as (select distinct crime_ref from wh.marts.knife_discrepancies
                           where discrepancy_class = '{cls}'),
                 labelled as (select *, string_split(injected_errors, '|') as errors from crimes_truth),
                 truth as (select crime_ref, knife_evidence from labelled where list_contains(errors, '{cls}')),
                 detectable as (
                    select crime_ref from truth
                    where '{cls}' <> 'MISSING_FLAG' or knife_evidence not in ('neither', 'none')),
                 disagreeing as (
                    select crime_ref from labelled where list_contains(errors, '{cls}') or {EXPLAINED[cls]})
            select (select count(*) from found semi join truth using (crime_ref)),
                   (select count(*) from found), (select count(*) from truth),
                   (select count(*) from detectable),
                   (select count(*) from found semi join detectable using (crime_ref)),
                   (select count(*) from found semi join disagreeing using (crime_ref))
        """).fetchone()
        out.append({"class": cls, "found": found, "true": truth, "precision": tp / found if found else None,
                    "precision_explained": explained / found if found else None,
                    "recall": tp / truth if truth else None,
                    "recall_detectable": tp_detectable / detectable if detectable else None})
    return out


def unrecorded_accuracy(con) -> dict:
    """UNRECORDED_KNIFE_INCIDENT items still open against the incidents the truth says should
    have become a crime and never did; items a late crime resolved are counted beside."""
    found, resolved, truth, tp = con.execute("""
        with items as (
            select e.log_date, e.log_number, any_value(d.status) as status
            from wh.marts.knife_discrepancies as d
            join wh.marts.incident_knife_evidence as e using (incident_ref)
            where d.discrepancy_class = 'UNRECORDED_KNIFE_INCIDENT'
            group by all
        ),
        truth as (
            select try_cast(log_date as date) as log_date, try_cast(log_number as integer) as log_number
            from incidents_truth
            where true_knife = 'Y' and should_be_crime = 'Y' and coalesce(crime_ref, '') = ''
        )
        select count(*) filter (where status = 'OPEN'), count(*) filter (where status = 'RESOLVED'),
               (select count(*) from truth),
               (select count(*) from (select * from items where status = 'OPEN') semi join truth
                using (log_date, log_number))
        from items
    """).fetchone()
    return {"open": found, "resolved_by_late_crime": resolved, "true": truth,
            "precision": tp / found if found else None, "recall": tp / truth if truth else None}


def verified_windows(con) -> list[dict]:
    rows = con.execute("""
        with truth_monthly as (
            select date_trunc('month', cast(recorded_at as timestamptz) at time zone 'Europe/London')::date as month,
                   count(*) filter (where true_knife = 'Y' and counted = 'Y') as n
            from crimes_truth group by all
        ),
        truth_12m as (
            select last_day(month) as month_end,
                   sum(n) over (order by month rows between 11 preceding and current row) as true_12m,
                   count(*) over (order by month rows between 11 preceding and current row) as months
            from truth_monthly
        )
        select m.month_end, m.value_12m as verified_12m, t.true_12m,
               (m.value_12m - t.true_12m) / t.true_12m as error
        from wh.marts.rolling_12m_metrics as m
        join truth_12m as t using (month_end)
        where m.district = 'ALL' and m.measure = 'knife_crime_offences' and t.months = 12
            and m.month_end >= date '2019-01-31'
        order by m.month_end
    """).fetchall()
    return [dict(zip(("month_end", "verified_12m", "true_12m", "error"), r, strict=True)) for r in rows]


def narrative_families(con) -> list[dict]:
    """The text classifier on the simulated narratives, by the phrase-bank family of each
    incident's knife entry: right when it reads KNIFE exactly where the family's label is Y
    (REVIEW counts as not right)."""
    from pipelines.simulate.phrases import phrase_bank

    labels = [(f.name, f.label) for families in phrase_bank().pools.values() for f in families]
    con.execute("create or replace temp table family_labels (family varchar, label varchar)")
    con.executemany("insert into family_labels values (?, ?)", labels)
    rows = con.execute("""
        select t.narrative_family, f.label, count(*) as incidents,
               count(*) filter (where (e.knife_text_outcome = 'KNIFE') = (f.label = 'Y')) / count(*) as accuracy,
               count(*) filter (where e.knife_text_outcome = 'REVIEW') / count(*) as review
        from incidents_truth as t
        join family_labels as f on f.family = t.narrative_family
        join wh.marts.incident_knife_evidence as e
            on e.log_date = t.log_date::date and e.log_number = t.log_number::integer
        group by all order by accuracy, incidents desc
    """).fetchall()
    return [dict(zip(("family", "label", "incidents", "accuracy", "review"), r, strict=True)) for r in rows]


def measure(warehouse: Path, landing: Path) -> dict:
    con = _connect(warehouse, landing / "_truth")
    try:
        return {"links": link_accuracy(con), "link_recall_by_code": link_recall_by_code(con),
                "classes": class_accuracy(con),
                "unrecorded": unrecorded_accuracy(con), "verified": verified_windows(con),
                "narratives": narrative_families(con)}
    finally:
        con.close()


def _pct(x) -> str:
    return "   -  " if x is None else f"{100 * x:6.2f}%"


def report(result: dict) -> str:
    lines = ["link method          links    precision  recall"]
    lines += [f"{r['method']:<18} {r['links']:>8}    {_pct(r['precision'])}   {_pct(r['recall'])}"
              for r in result["links"]]
    lines += ["", "link recall by offence code, lowest first: code  crimes  recall  by candidate"]
    lines += [f"  {r['ho_code']:<6} {r['crimes']:>8}  {_pct(r['recall'])}  {r['by_candidate']:>8}"
              for r in result["link_recall_by_code"][:8]]
    lines += ["", "class               found     true   precision  precision(explained)  recall  recall(detectable)"]
    lines += [f"{r['class']:<18} {r['found']:>6} {r['true']:>8}    {_pct(r['precision'])}  "
              f"{_pct(r['precision_explained']):>20}  {_pct(r['recall'])}   {_pct(r['recall_detectable'])}"
              for r in result["classes"]]
    u = result["unrecorded"]
    lines += [f"UNRECORDED_KNIFE_INCIDENT open {u['open']:>6} {u['true']:>8}    {_pct(u['precision'])}  "
              f"{'':>20}  {_pct(u['recall'])}   ({u['resolved_by_late_crime']} more resolved by a late crime)"]
    lines += ["", "simulated narrative family  label  incidents  accuracy  review"]
    lines += [f"{r['family']:<27} {r['label']:>5} {r['incidents']:>10}  {_pct(r['accuracy'])} {_pct(r['review'])}"
              for r in result["narratives"]]
    worst = max(result["verified"], key=lambda r: abs(r["error"]), default=None)
    lines += ["", f"verified knife crime, {len(result['verified'])} 12-month windows from Jan 2019:"]
    if worst:
        within = sum(abs(r["error"]) <= 0.02 for r in result["verified"])
        lines += [f"  within 2% of truth: {within}/{len(result['verified'])}; worst {worst['month_end']}: "
                  f"{worst['verified_12m']} vs {worst['true_12m']} ({100 * worst['error']:+.2f}%)"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=settings.warehouse_path())
    parser.add_argument("--landing", type=Path, default=settings.landing_dir())
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    result = measure(args.warehouse, args.landing)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
