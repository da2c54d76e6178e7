"""The learned second opinion's training: what it reads (development halves, reviewers'
decisions), what it never keeps (a word of a name field, a feature of one narrative) and the
seed it writes, the one the repository holds."""

import csv

import duckdb
import pytest

from pipelines.learn import corpus
from pipelines.learn.second_opinion import (
    INTERCEPT,
    SEED,
    fit,
    retrain,
    reviewer_decisions,
)

KNIFE = [
    "21:14 caller says her brother has been stabbed in the stomach outside the pub",
    "02:10 male stabbed in the leg during a fight, knife thrown in the bushes",
    "18:40 victim slashed across the face with a kitchen knife by her partner",
    "23:05 youth stabbed in the back by two males who ran towards the park",
    "13:22 male held a knife to the shop assistant and demanded the till, then stabbed him",
    "20:47 partner came at her with a knife and stabbed her arm, ambulance called",
]
NOT_KNIFE = [
    "09:15 stab vests issued to the search team before the warrant, no persons present",
    "11:30 caller reports her car tyres slashed overnight, no suspects seen",
    "16:02 shop reports prices slashed in the sale, youths causing a nuisance outside",
    "14:45 male found a kitchen knife in the garden while digging, handed in at the front desk",
    "19:20 lost property, a penknife handed in by a member of the public, no offence",
    "10:05 stab proof gloves and vests checked in the store, knife bin emptied",
]


def _corpus(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "narrative", "label", "family", "note"])
        out.writerows(rows)
    return path


def test_training_reads_only_the_development_half(tmp_path):
    rows = ([[f"knife-{i:03d}", text, "Y", "knife", ""] for i, text in enumerate(KNIFE + KNIFE, start=1)]
            + [[f"not-{i:03d}", text, "N", "not", ""] for i, text in enumerate(NOT_KNIFE + NOT_KNIFE, start=1)])
    narratives = corpus.development_narratives([_corpus(tmp_path / "c.csv", rows)])
    assert {n.id for n in narratives} == {r[0] for r in rows if int(r[0][-3:]) % 2}
    assert {n.half for n in narratives} == {corpus.DEVELOPMENT}


def test_weights_read_the_training_narratives_and_keep_no_name_word_nor_a_one_off(tmp_path):
    narratives = [corpus.LabelledNarrative(f"k-{i}", text, "Y", "k", "development") for i, text in enumerate(KNIFE)]
    narratives += [corpus.LabelledNarrative(f"n-{i}", text, "N", "n", "development")
                   for i, text in enumerate(NOT_KNIFE)]
    weights, read, accuracy = fit(narratives, name_words=frozenset({"partner"}))
    assert read == 12 and 0 <= accuracy <= 1
    assert weights["w:stabbed"] > 0 and weights["w:vests"] < 0 and weights["w:slashed"] != 0
    # "partner" is in two narratives but is a name-field word; "pub" is in one narrative only.
    assert not [f for f in weights if "partner" in f.partition(":")[2].split()]
    assert "w:pub" not in weights and INTERCEPT in weights


def test_reviewer_decisions_are_labelled_by_the_decision_with_their_incidents_narrative(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("CREATE SCHEMA marts; CREATE SCHEMA intermediate")
    con.execute("CREATE TABLE marts.crime_knife_status AS SELECT * FROM (VALUES "
                "('42/1/20', '7 of 01/01/2020', 'KNIFE_CONFIRMED'), ('42/2/20', '8 of 01/01/2020', 'NOT_KNIFE'), "
                "('42/3/20', '9 of 01/01/2020', NULL), ('42/4/20', NULL, 'NOT_KNIFE')) "
                "AS t(crime_ref, incident_ref, knife_decision)")
    con.execute("CREATE TABLE intermediate.int_storm_incidents_latest AS SELECT * FROM (VALUES "
                "('7 of 01/01/2020', 'male stabbed'), ('8 of 01/01/2020', 'tyres slashed'), "
                "('9 of 01/01/2020', 'knife seen')) AS t(incident_ref, narrative)")
    con.execute("CREATE TABLE intermediate.int_person_name_words AS SELECT * FROM (VALUES "
                "(DATE '2020-01-01', 'bloggs'), (DATE '2020-01-02', 'bloggs'), (DATE '2020-01-01', 'smithson')) "
                "AS t(partition_date, word)")
    con.close()
    decisions = reviewer_decisions(warehouse)
    assert [(n.id, n.narrative, n.label) for n in decisions.narratives] == [
        ("decision-42/1/20", "male stabbed", "Y"), ("decision-42/2/20", "tyres slashed", "N")]
    assert decisions.name_words == {"bloggs", "smithson"}
    assert reviewer_decisions(tmp_path / "none.duckdb").narratives == []


def test_too_few_narratives_with_something_to_read_is_refused(tmp_path):
    rows = [["knife-001", KNIFE[0], "Y", "knife", ""], ["not-001", NOT_KNIFE[0], "N", "not", ""]]
    with pytest.raises(ValueError, match="too few"):
        retrain([_corpus(tmp_path / "c.csv", rows)], None, seed=tmp_path / "seed.csv")
    assert not (tmp_path / "seed.csv").exists()


def test_the_repository_seed_is_what_the_command_makes_from_the_corpora_alone(tmp_path):
    """The seed committed here is trained on the corpora's development halves and nothing
    else (a force's own retrain adds its reviewers' decisions)."""
    made = retrain(corpus.corpus_files(), None, seed=tmp_path / "seed.csv")
    assert made.decision_narratives == 0 and made.features > 100
    assert (tmp_path / "seed.csv").read_text() == SEED.read_text()


def test_the_command_names_a_corpus_too_small_to_train_on_and_writes_nothing(tmp_path):
    """`pipelines retrain-second-opinion` as a user runs it: one line naming the cause, exit 2,
    and the repository's seed untouched."""
    import subprocess
    import sys

    from pipelines.settings import REPO_ROOT

    rows = [["knife-001", KNIFE[0], "Y", "knife", ""], ["not-001", NOT_KNIFE[0], "N", "not", ""]]
    before = SEED.read_bytes()
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", "retrain-second-opinion", "--no-decisions",
                           "--corpus", str(_corpus(tmp_path / "c.csv", rows))],
                          cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "pipelines retrain-second-opinion: error: 2 training narrative(s) with something to read: too few, "
        "or of one label, to train on"]
    assert SEED.read_bytes() == before


def test_a_retrained_seed_reaches_the_warehouse_the_nightly_job_reads(nightly, tmp_path, monkeypatch):
    """The nightly job leaves the seeds out, so the retrain command loads the seed it wrote: a
    warehouse whose weights table lost its rows holds the seed file's rows again, with the
    load recorded as the seed's materialisation."""
    import shutil

    import dagster as dg

    from pipelines.run import BUILT, load_seed

    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(nightly.warehouse, warehouse)
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    table = f"reference.{SEED.stem}"
    con = duckdb.connect(str(warehouse))
    con.execute(f"DELETE FROM {table} WHERE feature <> ?", [INTERCEPT])
    con.close()

    outcome = load_seed(SEED.stem)

    assert outcome.exit_code == BUILT, outcome.causes
    with SEED.open(encoding="utf-8", newline="") as fh:
        rows = {(r["feature"], round(float(r["weight"]), 6)) for r in csv.DictReader(fh)}
    con = duckdb.connect(str(warehouse), read_only=True)
    loaded = {(f, round(w, 6)) for f, w in con.execute(f"SELECT feature, weight FROM {table}").fetchall()}
    con.close()
    assert loaded == rows and len(rows) > 100
    key = next(k for k in dg.DagsterInstance.get().get_asset_keys() if k.path[-1] == SEED.stem)
    assert dg.DagsterInstance.get().get_latest_materialization_event(key) is not None
