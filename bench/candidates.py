"""How well the worklist's candidate incidents find a crime's true incident (simulator truth).

Two figures on a built warehouse and the landing folder it was built from:

- on the worklist: of the crimes offered candidates (int_link_candidates), how many have a
  true incident at all, and how often it is the first candidate and among the three;
- on crimes whose true incident is known: a sample of counted, eligible crimes, each treated
  as if unlinked and ranked by the same macro the model uses (candidate_incidents, through
  ``dbt show``), top-1 and top-3 against the truth. This is the ranking a reviewer would get
  for an unlinked crime that does have an incident.

Usage: ``python -m bench.candidates --landing L [--warehouse W] [--sample N]``. dbt opens the
warehouse, so no run may be writing it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from pathlib import Path

import duckdb

from pipelines import settings
from pipelines.shared.sql import sql_string

# The model's search and list length, as int_link_candidates reads them from its vars.
SHOWN, HOURS_BEFORE, HOURS_AFTER = 3, 12, 2


def _truth(landing: Path) -> str:
    return (f"(SELECT crime_ref, true_log_date::DATE AS true_log_date, true_log_number::INTEGER AS true_log_number "
            f"FROM read_csv({sql_string(str(landing / '_truth' / 'crimes_truth.csv'))}, all_varchar = true))")


def on_worklist(warehouse: Path, landing: Path) -> dict:
    """The candidates the worklist offers, against the truth."""
    con = duckdb.connect(str(warehouse), read_only=True)
    row = con.execute(f"""
        WITH offered AS (
            SELECT k.crime_ref, bool_or(k.candidate_rank = 1 AND (k.log_date, k.log_number)
                                        = (t.true_log_date, t.true_log_number)) AS top1,
                   bool_or((k.log_date, k.log_number) = (t.true_log_date, t.true_log_number)) AS top3,
                   any_value(t.true_log_date IS NOT NULL) AS has_incident,
                   max(k.score) AS best_score
            FROM intermediate.int_link_candidates AS k
            JOIN {_truth(landing)} AS t USING (crime_ref)
            GROUP BY k.crime_ref
        ), unlinked AS (
            SELECT count(*) AS items, count(*) FILTER (WHERE candidates > 0) AS with_candidates
            FROM marts.knife_worklist WHERE discrepancy_class = 'UNLINKED_ELIGIBLE'
        )
        SELECT u.items, u.with_candidates, count(o.crime_ref), count(*) FILTER (WHERE o.has_incident),
               count(*) FILTER (WHERE o.top1), count(*) FILTER (WHERE o.top3), median(o.best_score)
        FROM unlinked AS u CROSS JOIN offered AS o GROUP BY ALL
    """).fetchone()
    con.close()
    keys = ("unlinked_items", "unlinked_with_candidates", "crimes_offered", "with_true_incident", "top1", "top3",
            "median_best_score")
    return dict(zip(keys, row or (0,) * len(keys), strict=True))


def held_out(warehouse: Path, landing: Path, sample: int) -> dict:
    """Counted, eligible crimes with a true incident, ranked as if unlinked."""
    query = f"""
        with eligible as (
            select c.crime_ref, c.reported_at, c.district, c.easting, c.northing, o.storm_category,
                   {{{{ london_date('c.reported_at') }}}} as reported_date,
                   null::date as linked_log_date, null::integer as linked_log_number
            from {{{{ ref('int_crime_knife_status') }}}} as s
            join {{{{ ref('int_athena_crimes_latest') }}}} as c using (crime_ref)
            left join {{{{ ref('offence_codes') }}}} as o on o.ho_code = c.ho_code
            semi join {_truth(landing)} as t on t.crime_ref = s.crime_ref and t.true_log_date is not null
            where s.is_counted and s.is_knife_eligible
        ),
        -- Drawn once: every reader of an inlined sample would draw its own.
        crimes as materialized (
            select * from eligible using sample {sample} rows (reservoir, 42)
        ),
        ranked as ({{{{ candidate_incidents('crimes', {SHOWN}, {HOURS_BEFORE}, {HOURS_AFTER}) }}}})
        select count(distinct c.crime_ref) as crimes,
               count(distinct r.crime_ref) as with_candidates,
               count(distinct r.crime_ref) filter (where r.candidate_rank = 1
                   and (r.log_date, r.log_number) = (t.true_log_date, t.true_log_number)) as top1,
               count(distinct r.crime_ref) filter (where (r.log_date, r.log_number)
                   = (t.true_log_date, t.true_log_number)) as top3
        from crimes as c
        join {_truth(landing)} as t using (crime_ref)
        left join ranked as r using (crime_ref)
    """
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse)}
    done = subprocess.run([settings.DBT_EXECUTABLE, "show", "--inline", query, "--output", "json", "--quiet",
                           "--limit", "1", "--project-dir", str(settings.DBT_PROJECT_DIR),
                           "--profiles-dir", str(settings.DBT_PROJECT_DIR)],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"dbt show failed: {(done.stdout + done.stderr)[-2000:]}")
    (row,) = json.loads(done.stdout)["show"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--landing", type=Path, default=settings.landing_dir())
    parser.add_argument("--warehouse", type=Path, default=settings.warehouse_path())
    parser.add_argument("--sample", type=int, default=5000)
    args = parser.parse_args()
    settings.export_environment()
    worklist = on_worklist(args.warehouse, args.landing)
    print("on the worklist:", json.dumps(worklist, default=str))
    ranked = held_out(args.warehouse, args.landing, args.sample)
    crimes = ranked["crimes"] or 1
    print("crimes with a true incident, ranked as if unlinked:", json.dumps(ranked),
          f"top-1 {ranked['top1'] / crimes:.1%}, top-3 {ranked['top3'] / crimes:.1%}")


if __name__ == "__main__":
    main()
