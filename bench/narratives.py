"""The knife text classifier against narratives written independently of it and of the simulator.

Two corpora (``tests/data/narratives/``: id, narrative, label, family, note), each written by
hand, one narrative at a time, before the classifier changes it was written to measure:
``storm_narratives.csv`` (600 narratives, 20 families) and ``storm_narratives_second.csv``
(320 narratives in 18 families the first does not name). ``label`` is Y when a knife or sharp
instrument was used to injure or threaten in that incident. Each is split by a fixed rule
(:func:`half`): odd-numbered ids of each family are the development half, even-numbered the
held-out half. Patterns are tuned on development halves only; held-out halves are reported
first, each corpus on its own.

Each classifier runs as the project runs it: the corpus becomes ``staging.stg_storm_incidents``
in a scratch warehouse, the seeds are loaded and dbt builds ``incident_knife_evidence``. The
baseline is the project's dbt folder at ``BASELINE`` (git), run the same way in the same run.
With ``--warehouse`` both classifiers also run over that warehouse's STORM logs (a copy), to
give narratives classified per second.

Usage: ``python -m bench.narratives [--warehouse W] [--baseline REV] [--no-baseline]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import tarfile
import tempfile
import time
from collections import defaultdict
from io import BytesIO
from pathlib import Path

import duckdb

from pipelines import settings
from pipelines.shared.sql import sql_string

CORPUS = settings.REPO_ROOT / "tests" / "data" / "narratives" / "storm_narratives.csv"
SECOND_CORPUS = CORPUS.with_name("storm_narratives_second.csv")
CORPORA = {"first corpus": CORPUS, "second corpus": SECOND_CORPUS}
# The classifier before this corpus was used to change it: a commit of this repository.
BASELINE = "a734f92"
MODEL = "incident_knife_evidence"
HALVES = ("held_out", "development")


def half(narrative_id: str) -> str:
    """The fixed split: ``family-NNN`` with NNN odd is development, even is held out."""
    return "development" if int(narrative_id.rsplit("-", 1)[1]) % 2 else "held_out"


def load_corpus(path: Path = CORPUS) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["label"] not in ("Y", "N"):
            raise ValueError(f"{path}: {row['id']}: label must be Y or N, not {row['label']!r}")
        row["half"] = half(row["id"])
    return rows


def _stand_in_storm(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """``staging.stg_storm_incidents`` holding the corpus, one log a narrative (one version
    each), no qualifiers."""
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.execute("""
        CREATE OR REPLACE TABLE staging.stg_storm_incidents (
            log_date DATE, log_number BIGINT, incident_ref VARCHAR, version_ts TIMESTAMPTZ,
            created_at TIMESTAMPTZ, closed_at TIMESTAMPTZ, opening_code VARCHAR, closing_code VARCHAR,
            grade INTEGER, qualifiers VARCHAR, district VARCHAR, easting INTEGER, northing INTEGER,
            narrative VARCHAR, partition_date DATE, source_line BIGINT, corpus_id VARCHAR)""")
    con.executemany("""
        INSERT INTO staging.stg_storm_incidents VALUES (
            DATE '2020-01-01', ?, ? || ' of 01/01/2020', TIMESTAMPTZ '2020-01-01 12:00:00+00',
            TIMESTAMPTZ '2020-01-01 12:00:00+00', TIMESTAMPTZ '2020-01-01 13:00:00+00',
            'CRIME-VIOLENCE', 'CRIME-VIOLENCE', 2, '', 'CC', 570000, 207000, ?, DATE '2020-01-01', ?, ?)""",
                    [(i, str(i), r["narrative"], i + 1, r["id"]) for i, r in enumerate(rows, start=1)])


def _copy_storm(con: duckdb.DuckDBPyConnection, warehouse: Path) -> int:
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.execute(f"ATTACH {sql_string(str(warehouse))} AS source (READ_ONLY)")
    # The latest version of each log, as the classifier reads it.
    con.execute("CREATE OR REPLACE TABLE staging.stg_storm_incidents AS "
                "SELECT *, log_date AS partition_date, 1::BIGINT AS source_line, NULL::VARCHAR AS corpus_id "
                "FROM source.intermediate.int_storm_incidents_latest")
    con.execute("DETACH source")
    return con.execute("SELECT count(*) FROM staging.stg_storm_incidents").fetchone()[0]


def _dbt(project: Path, warehouse: Path, *args: str) -> dict:
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse), "DUCKDB_MEMORY_LIMIT": settings.duckdb_memory_limit(),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    target = warehouse.parent / "target"
    done = subprocess.run([settings.DBT_EXECUTABLE, *args, "--project-dir", str(project), "--profiles-dir",
                           str(project), "--target-path", str(target), "--log-path", str(target)],
                          env=env, capture_output=True, text=True, cwd=project)
    if done.returncode:
        raise RuntimeError(f"dbt {' '.join(args)} failed in {project}:\n{done.stdout[-4000:]}")
    return json.loads((target / "run_results.json").read_text())


def classify(project: Path, rows: list[dict] | None = None, warehouse: Path | None = None) -> dict:
    """Runs ``project``'s knife evidence model on the corpus (``rows``) or on a copy of
    ``warehouse``'s STORM logs. Returns the predictions by corpus id, the rows classified and
    the model's own execution time as dbt reports it."""
    with tempfile.TemporaryDirectory(prefix="narratives-") as tmp:
        scratch = Path(tmp) / "scratch.duckdb"
        con = duckdb.connect(str(scratch))
        if warehouse:
            n = _copy_storm(con, warehouse)
        else:
            _stand_in_storm(con, rows)
            n = len(rows)
        con.close()
        _dbt(project, scratch, "seed")
        started = time.perf_counter()
        # The evidence mart and the models it reads, on the stand-in staging table.
        results = _dbt(project, scratch, "run", "--select", f"+{MODEL}", "--exclude", "stg_storm_incidents",
                       "--full-refresh")
        wall = time.perf_counter() - started
        seconds = sum(r["execution_time"] for r in results["results"])
        predictions = {}
        if rows is not None:
            con = duckdb.connect(str(scratch), read_only=True)
            columns = {c[0] for c in con.execute(f"DESCRIBE marts.{MODEL}").fetchall()}
            if "knife_text_outcome" in columns:
                outcome = "e.knife_text_outcome, e.knife_text_rule, e.matched_phrase"
            else:   # the classifier before REVIEW existed: knife text or not
                outcome = ("CASE WHEN e.has_knife_text THEN 'KNIFE' ELSE 'NO_KNIFE' END, "
                           "coalesce(e.discounted_mention, e.evidence_level), e.matched_phrase")
            for corpus_id, decided, rule, matched in con.execute(f"""
                    SELECT s.corpus_id, {outcome} FROM marts.{MODEL} AS e
                    JOIN staging.stg_storm_incidents AS s USING (log_date, log_number)""").fetchall():
                predictions[corpus_id] = {"outcome": decided, "rule": rule, "matched": matched}
            con.close()
        return {"predictions": predictions, "rows": n, "model_seconds": seconds, "dbt_wall_seconds": wall}


def baseline_project(revision: str, into: Path) -> Path:
    """The dbt project folder as it stood at ``revision`` of this repository."""
    archive = subprocess.run(["git", "-C", str(settings.REPO_ROOT), "archive", "--format=tar", revision,
                              "dbt_project"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "dbt_project"


def _figures(rows: list[dict]) -> dict:
    """Accuracy (REVIEW counts as not right), precision and recall of KNIFE among the decided,
    and the REVIEW share of the narratives the classifier found something in to read (a knife
    or sharp-instrument word, an instrument in the slot or a wound): every rule but
    no_knife_words."""
    decided = [r for r in rows if r["outcome"] in ("KNIFE", "NO_KNIFE")]
    tp = sum(r["outcome"] == "KNIFE" and r["label"] == "Y" for r in decided)
    fp = sum(r["outcome"] == "KNIFE" and r["label"] == "N" for r in decided)
    fn = sum(r["outcome"] == "NO_KNIFE" and r["label"] == "Y" for r in decided)
    right = sum((r["outcome"] == "KNIFE") == (r["label"] == "Y") for r in decided)
    mentions = [r for r in rows if r["matched"] or r["rule"] not in (None, "no_knife_words")]
    review = sum(r["outcome"] == "REVIEW" for r in rows)
    return {
        "n": len(rows), "accuracy": right / len(rows) if rows else None,
        "precision": tp / (tp + fp) if tp + fp else None, "recall": tp / (tp + fn) if tp + fn else None,
        "review": review, "review_share_of_mentions": review / len(mentions) if mentions else 0.0,
    }


def score(corpus: list[dict], predictions: dict) -> dict:
    scored = [{**r, **predictions.get(r["id"], {"outcome": "NO_KNIFE", "rule": None, "matched": None})}
              for r in corpus]
    by_half = {h: _figures([r for r in scored if r["half"] == h]) for h in HALVES}
    families = defaultdict(lambda: defaultdict(list))
    for r in scored:
        families[r["family"]][r["half"]].append(r)
    by_family = {f: {h: _figures(v[h]) for h in HALVES} for f, v in sorted(families.items())}
    def listed(keep):
        return [{k: r[k] for k in ("id", "half", "label", "outcome", "rule", "matched")} for r in scored if keep(r)]

    wrong = listed(lambda r: r["outcome"] != "REVIEW" and (r["outcome"] == "KNIFE") != (r["label"] == "Y"))
    return {"halves": by_half, "families": by_family, "wrong": wrong,
            "review": listed(lambda r: r["outcome"] == "REVIEW")}


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def report(name: str, result: dict) -> None:
    print(f"\n{name}")
    print(f"  {'':28} {'n':>4} {'accuracy':>8} {'precision':>9} {'recall':>7} {'review':>6}")
    for h in HALVES:
        f = result["halves"][h]
        print(f"  {h:28} {f['n']:4d} {_pct(f['accuracy']):>8} {_pct(f['precision']):>9} {_pct(f['recall']):>7} "
              f"{_pct(f['review_share_of_mentions']):>6}")
    print(f"  {'family (held out | development accuracy)':44}")
    for family, halves in result["families"].items():
        held, dev = halves["held_out"], halves["development"]
        print(f"    {family:26} {held['n']:3d} {_pct(held['accuracy'])} | {dev['n']:3d} {_pct(dev['accuracy'])}")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, help="also time both classifiers over this warehouse's STORM logs")
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the baseline classifier")
    parser.add_argument("--no-baseline", action="store_true", help="measure the current classifier only")
    parser.add_argument("--out", type=Path, default=settings.REPO_ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    corpora = {name: load_corpus(path) for name, path in CORPORA.items()}
    every = [row for rows in corpora.values() for row in rows]
    projects = {"current": settings.DBT_PROJECT_DIR}
    with tempfile.TemporaryDirectory(prefix="baseline-") as tmp:
        if not args.no_baseline:
            projects["baseline"] = baseline_project(args.baseline, Path(tmp))
        results = {}
        for name, project in projects.items():
            run = classify(project, every)    # both corpora in one dbt run; ids are unique across them
            results[name] = {corpus: score(rows, run["predictions"]) for corpus, rows in corpora.items()}
            results[name]["corpus_seconds"] = run["model_seconds"]
            if args.warehouse:
                big = classify(project, warehouse=args.warehouse)
                results[name]["warehouse"] = {"rows": big["rows"], "model_seconds": big["model_seconds"],
                                              "rows_per_second": big["rows"] / big["model_seconds"]}
    for name, result in results.items():
        label = "current classifier" if name == "current" else f"baseline classifier ({args.baseline})"
        for corpus in corpora:
            report(f"{label}, {corpus}", result[corpus])
        if "warehouse" in result:
            w = result["warehouse"]
            print(f"  {w['rows']:,} STORM logs in {w['model_seconds']:.1f} s: {w['rows_per_second']:,.0f} per second")
    if "baseline" in results and "warehouse" in results["current"]:
        ratio = results["current"]["warehouse"]["model_seconds"] / results["baseline"]["warehouse"]["model_seconds"]
        print(f"\ncurrent / baseline model time on {args.warehouse}: {ratio:.2f}x")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"narratives-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=1))
    print(f"\nwritten to {path}")
    return results


if __name__ == "__main__":
    main()
