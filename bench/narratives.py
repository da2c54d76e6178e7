"""The knife text classifier against narratives written independently of it and of the simulator.

Two corpora (``corpora/narratives/``: id, narrative, label, family, note), each written by
hand, one narrative at a time, before the classifier changes it was written to measure:
``storm_narratives.csv`` (600 narratives, 20 families) and ``storm_narratives_second.csv``
(320 narratives in 18 families the first does not name). ``label`` is Y when a knife or sharp
instrument was used to injure or threaten in that incident. Each is split by a fixed rule
(:func:`pipelines.learn.corpus.half`): odd-numbered ids of each family are the development
half, even-numbered the held-out half. Patterns are tuned and the learned second opinion is
trained on development halves only; held-out halves are reported first, each corpus on its own.

Each classifier runs as the project runs it: the corpus becomes ``staging.stg_storm_incidents``
in a scratch warehouse, the seeds are loaded and dbt builds ``incident_knife_evidence``. The
current project is read three ways: its rules alone, the learned second opinion alone (trained
here, in a copy of the project, on the development halves only, whatever the committed seed
holds) and both together as the pipeline reads them. The baseline is the project's dbt folder
at ``BASELINE`` (git), run the same way in the same run. With ``--warehouse`` both classifiers
also run over that warehouse's STORM logs (a copy), to give narratives classified per second.

Usage: ``python -m bench.narratives [--warehouse W] [--baseline REV] [--no-baseline]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections import defaultdict
from io import BytesIO
from pathlib import Path

import duckdb

from pipelines import settings
from pipelines.learn import corpus as corpora
from pipelines.learn.scratch import run_dbt, stand_in_storm
from pipelines.learn.second_opinion import SEED, fit, write_seed
from pipelines.shared.sql import sql_string

CORPUS = corpora.CORPORA_DIR / "storm_narratives.csv"
SECOND_CORPUS = corpora.CORPORA_DIR / "storm_narratives_second.csv"
CORPORA = {"first corpus": CORPUS, "second corpus": SECOND_CORPUS}
# The classifier before this corpus was used to change it: a commit of this repository.
BASELINE = "a734f92"
MODEL = "incident_knife_evidence"
HALVES = (corpora.HELD_OUT, corpora.DEVELOPMENT)
# How each reading of the current project is taken from the evidence mart's columns.
READINGS = {"rules": "rules_outcome", "learned": "knife_probability", "both": "outcome"}
half = corpora.half


def load_corpus(path: Path = CORPUS) -> list[dict]:
    return [dataclasses.asdict(n) for n in corpora.load_corpus(path)]


def _copy_storm(con: duckdb.DuckDBPyConnection, warehouse: Path) -> int:
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.execute(f"ATTACH {sql_string(str(warehouse))} AS source (READ_ONLY)")
    # The latest version of each log, as the classifier reads it.
    con.execute("CREATE OR REPLACE TABLE staging.stg_storm_incidents AS "
                "SELECT *, log_date AS partition_date, 1::BIGINT AS source_line, NULL::VARCHAR AS corpus_id "
                "FROM source.intermediate.int_storm_incidents_latest")
    con.execute("DETACH source")
    return con.execute("SELECT count(*) FROM staging.stg_storm_incidents").fetchone()[0]


def classify(project: Path, rows: list[dict] | None = None, warehouse: Path | None = None) -> dict:
    """Runs ``project``'s knife evidence model on the corpus (``rows``) or on a copy of
    ``warehouse``'s STORM logs. Returns the predictions by corpus id (each reading the
    project has: the outcome, and where it has them the rules' and the second opinion's), the
    rows classified and the models' own execution time as dbt reports it."""
    with tempfile.TemporaryDirectory(prefix="narratives-") as tmp:
        scratch = Path(tmp) / "scratch.duckdb"
        if warehouse:
            con = duckdb.connect(str(scratch))
            n = _copy_storm(con, warehouse)
            con.close()
        else:
            stand_in_storm(scratch, [(r["id"], r["narrative"]) for r in rows])
            n = len(rows)
        run_dbt(project, scratch, "seed")
        started = time.perf_counter()
        # The evidence mart and the models it reads, on the stand-in staging table.
        results = run_dbt(project, scratch, "run", "--select", f"+{MODEL}", "--exclude", "stg_storm_incidents",
                          "--full-refresh")
        wall = time.perf_counter() - started
        seconds = sum(r["execution_time"] for r in results["results"])
        by_model = {r["unique_id"].split(".")[-1]: round(r["execution_time"], 2) for r in results["results"]}
        predictions = {}
        if rows is not None:
            con = duckdb.connect(str(scratch), read_only=True)
            columns = {c[0] for c in con.execute(f"DESCRIBE marts.{MODEL}").fetchall()}
            if "knife_text_outcome" in columns:
                outcome = "e.knife_text_outcome, e.knife_text_rule, e.matched_phrase"
            else:   # the classifier before REVIEW existed: knife text or not
                outcome = ("CASE WHEN e.has_knife_text THEN 'KNIFE' ELSE 'NO_KNIFE' END, "
                           "coalesce(e.discounted_mention, e.evidence_level), e.matched_phrase")
            readings = [c for c in ("rules_outcome", "knife_probability") if c in columns]
            extra = "".join(f", e.{c}" for c in readings)
            for corpus_id, decided, rule, matched, *read in con.execute(f"""
                    SELECT s.corpus_id, {outcome}{extra} FROM marts.{MODEL} AS e
                    JOIN staging.stg_storm_incidents AS s USING (log_date, log_number)""").fetchall():
                predictions[corpus_id] = {"outcome": decided, "rule": rule, "matched": matched,
                                          **dict(zip(readings, read, strict=True))}
            con.close()
        return {"predictions": predictions, "rows": n, "model_seconds": seconds, "dbt_wall_seconds": wall,
                "by_model": by_model}


def development_trained_project(into: Path) -> Path:
    """A copy of the project whose second-opinion seed is trained on the development halves
    of the corpora only."""
    project = into / "dbt_project"
    shutil.copytree(settings.DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "dbt_packages", "logs"))
    weights, _, _ = fit(corpora.development_narratives(list(CORPORA.values())), project=project)
    write_seed(weights, project / SEED.relative_to(settings.DBT_PROJECT_DIR))
    return project


def reading(predictions: dict, column: str) -> dict:
    """The predictions as one reading sees them. The learned model alone says KNIFE at a
    probability of 0.5 or more, and NO_KNIFE below or where it has nothing to read."""
    if column == "knife_probability":
        return {key: {**p, "outcome": "KNIFE" if (p.get(column) or 0) >= 0.5 else "NO_KNIFE"}
                for key, p in predictions.items()}
    return {key: {**p, "outcome": p[column]} for key, p in predictions.items()}


def baseline_project(revision: str, into: Path) -> Path:
    """The dbt project folder as it stood at ``revision`` of this repository."""
    archive = subprocess.run(["git", "-C", str(settings.REPO_ROOT), "archive", "--format=tar", revision,
                              "dbt_project"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        # The archive is this repository's own. Python before 3.11.4 (Debian's 3.11.2) has no
        # extraction filters; where it has them, the data filter refuses links out of `into`.
        if hasattr(tarfile, "data_filter"):
            tar.extraction_filter = tarfile.data_filter
        tar.extractall(into)
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
    loaded = {name: load_corpus(path) for name, path in CORPORA.items()}
    every = [row for rows in loaded.values() for row in rows]
    results = {}
    with tempfile.TemporaryDirectory(prefix="baseline-") as tmp:
        projects = {"current": development_trained_project(Path(tmp) / "current")}
        if not args.no_baseline:
            projects["baseline"] = baseline_project(args.baseline, Path(tmp) / "baseline")
        for name, project in projects.items():
            run = classify(project, every)    # both corpora in one dbt run; ids are unique across them
            readings = READINGS if name == "current" else {"rules": "outcome"}
            for label, column in readings.items():
                results[f"{name} {label}"] = {corpus: score(rows, reading(run["predictions"], column))
                                              for corpus, rows in loaded.items()}
            results[f"{name} {next(iter(readings))}"]["corpus_seconds"] = run["model_seconds"]
            if args.warehouse:
                big = classify(project, warehouse=args.warehouse)
                results[name + " timing"] = {"rows": big["rows"], "model_seconds": big["model_seconds"],
                                             "rows_per_second": big["rows"] / big["model_seconds"],
                                             "by_model": big["by_model"]}
    for name, result in results.items():
        if name.endswith(" timing"):
            print(f"\n{name}: {result['rows']:,} STORM logs in {result['model_seconds']:.1f} s: "
                  f"{result['rows_per_second']:,.0f} per second")
            print("  " + ", ".join(f"{model} {s:.1f} s" for model, s in result["by_model"].items()))
            continue
        label = (f"baseline classifier ({args.baseline})" if name.startswith("baseline")
                 else {"current rules": "current classifier, rules alone",
                       "current learned": "current classifier, learned second opinion alone",
                       "current both": "current classifier, rules and second opinion (as the pipeline reads)"}[name])
        for corpus in loaded:
            report(f"{label}, {corpus}", result[corpus])
    if "baseline timing" in results and "current timing" in results:
        ratio = results["current timing"]["model_seconds"] / results["baseline timing"]["model_seconds"]
        print(f"\ncurrent / baseline model time on {args.warehouse}: {ratio:.2f}x")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"narratives-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=1))
    print(f"\nwritten to {path}")
    return results


if __name__ == "__main__":
    main()
