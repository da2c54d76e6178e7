"""Retraining the knife classifier's learned second opinion: a logistic regression over the
words of a narrative (``macros/narrative_features.sql``), trained on the development halves
of the hand-written corpora and on the narratives the Crime Bureau decided (KNIFE_CONFIRMED
or NOT_KNIFE) in the warehouse, written as the seed ``knife_second_opinion_weights``.

The features are computed by the dbt project itself, in a scratch warehouse, so training
sees exactly what the nightly scoring (``int_incident_second_opinion``) computes. The model
never decides alone: where it disagrees with the rules the narrative goes to REVIEW."""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score

from pipelines import settings
from pipelines.learn.corpus import LabelledNarrative, development_narratives
from pipelines.learn.scratch import run_dbt, stand_in_storm

SEED = settings.DBT_PROJECT_DIR / "seeds" / "knife_second_opinion_weights.csv"
INTERCEPT = "(intercept)"
# A feature must occur in this many training narratives: one narrative's own words (a street
# name, a person) never become weights.
MIN_NARRATIVES = 2
REGULARISATION = 1.0
FOLDS = 5
DECISION_LABELS = {"KNIFE_CONFIRMED": "Y", "NOT_KNIFE": "N"}
_DECISIONS = """
    SELECT s.crime_ref, i.narrative, s.knife_decision
    FROM marts.crime_knife_status AS s
    JOIN intermediate.int_storm_incidents_latest AS i ON i.incident_ref = s.incident_ref
    WHERE s.knife_decision IN (SELECT unnest(?::VARCHAR[])) AND i.narrative IS NOT NULL
    ORDER BY s.crime_ref"""
# The words of the victim and suspect name fields.
_NAME_WORDS = "SELECT DISTINCT word FROM intermediate.int_person_name_words"


@dataclass(frozen=True)
class Retrained:
    seed: Path
    corpus_narratives: int
    decision_narratives: int
    narratives_read: int        # those with something to read: the model scores only these
    features: int
    cross_validated_accuracy: float


@dataclass(frozen=True)
class Decisions:
    narratives: list[LabelledNarrative]
    name_words: frozenset[str]


def reviewer_decisions(warehouse: Path) -> Decisions:
    """The narratives of the crimes a reviewer decided, each labelled by the decision, and the
    name-field words no weight may carry; both empty while the warehouse does not exist."""
    if not warehouse.exists():
        return Decisions([], frozenset())
    try:
        con = duckdb.connect(str(warehouse), read_only=True, config=settings.duckdb_config())
    except duckdb.IOException as exc:
        raise RuntimeError(f"cannot read {warehouse} (is a run writing it? retrain after it ends): {exc}") from exc
    try:
        rows = con.execute(_DECISIONS, [list(DECISION_LABELS)]).fetchall()
        names = frozenset(word for (word,) in con.execute(_NAME_WORDS).fetchall())
    except duckdb.CatalogException as exc:
        raise RuntimeError(f"{warehouse} has no built marts yet (run `pipelines run` first): {exc}") from exc
    finally:
        con.close()
    return Decisions([LabelledNarrative(f"decision-{crime_ref}", text, DECISION_LABELS[decision], "decision",
                                        "decision") for crime_ref, text, decision in rows], names)


def narrative_features(narratives: list[LabelledNarrative], project: Path = settings.DBT_PROJECT_DIR
                       ) -> tuple[np.ndarray, np.ndarray]:
    """(narrative index, feature) pairs as the project's ``int_narrative_features`` reads them,
    built in a scratch warehouse."""
    with tempfile.TemporaryDirectory(prefix="second-opinion-") as tmp:
        scratch = Path(tmp) / "scratch.duckdb"
        stand_in_storm(scratch, [(n.id, n.narrative) for n in narratives])
        run_dbt(project, scratch, "seed", "--select", "knife_vocabulary", "knife_text_rules", "knife_instruments")
        run_dbt(project, scratch, "run", "--select", "+int_narrative_features", "--exclude", "stg_storm_incidents",
                "--full-refresh")
        con = duckdb.connect(str(scratch), read_only=True)
        try:
            found = con.execute("SELECT log_number - 1 AS narrative, feature FROM intermediate.int_narrative_features "
                                "ORDER BY narrative, feature").fetchnumpy()
        finally:
            con.close()
    return found["narrative"].astype(np.int64), np.asarray(found["feature"], dtype=object)


def _kept(feature: str, name_words: frozenset[str]) -> bool:
    kind, _, text = feature.partition(":")
    return kind == "p" or not name_words.intersection(text.split())


def fit(narratives: list[LabelledNarrative], name_words: frozenset[str] = frozenset(),
        project: Path = settings.DBT_PROJECT_DIR) -> tuple[dict[str, float], int, float]:
    """The weights by feature (with the intercept), the narratives read and the
    cross-validated accuracy on them."""
    index, features = narrative_features(narratives, project)
    vocabulary, columns, counts = np.unique(features, return_inverse=True, return_counts=True)
    keep = (counts >= MIN_NARRATIVES) & np.array([_kept(f, name_words) for f in vocabulary], dtype=bool)
    read = np.unique(index)
    if len(read) < FOLDS or len({narratives[i].label for i in read}) < 2:
        raise ValueError(f"{len(read)} training narrative(s) with something to read: too few, or of one label, "
                         "to train on")
    rows = np.searchsorted(read, index)
    selected = keep[columns]
    remap = np.cumsum(keep) - 1
    matrix = csr_matrix((np.ones(int(selected.sum())), (rows[selected], remap[columns[selected]])),
                        shape=(len(read), int(keep.sum())))
    labels = np.array([narratives[i].label == "Y" for i in read])
    model = LogisticRegression(C=REGULARISATION, class_weight="balanced", solver="liblinear", random_state=0)
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=0)
    accuracy = float(cross_val_score(model, matrix, labels, cv=folds).mean())
    model.fit(matrix, labels)
    weights = {INTERCEPT: float(model.intercept_[0])}
    weights.update((str(f), float(w)) for f, w in zip(vocabulary[keep], model.coef_[0], strict=True)
                   if round(w, 6))
    return weights, len(read), accuracy


def write_seed(weights: dict[str, float], seed: Path) -> None:
    """The seed, intercept first and then by feature, written whole or not at all."""
    handle, partial = tempfile.mkstemp(prefix=seed.name, dir=seed.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(["feature", "weight"])
            out.writerow([INTERCEPT, f"{weights[INTERCEPT]:.6f}"])
            out.writerows([f, f"{w:.6f}"] for f, w in sorted(weights.items()) if f != INTERCEPT)
        os.replace(partial, seed)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def retrain(corpora: list[Path], warehouse: Path | None, seed: Path = SEED) -> Retrained:
    """Trains on the corpora's development halves and, with a warehouse, its reviewers'
    decisions; writes the seed."""
    corpus = development_narratives(corpora)
    decisions = reviewer_decisions(warehouse) if warehouse else Decisions([], frozenset())
    weights, read, accuracy = fit(corpus + decisions.narratives, decisions.name_words)
    write_seed(weights, seed)
    return Retrained(seed, len(corpus), len(decisions.narratives), read, len(weights) - 1, accuracy)


def summary(outcome: Retrained) -> list[str]:
    return [
        f"trained on {outcome.corpus_narratives} development-half corpus narratives and "
        f"{outcome.decision_narratives} reviewer decisions; {outcome.narratives_read} had something to read",
        f"{outcome.features} weighted features; {FOLDS}-fold cross-validated accuracy on the training "
        f"narratives {100 * outcome.cross_validated_accuracy:.1f}%",
        f"written to {outcome.seed}",
        "the next run, the nightly included, scores the logs it loads with it; "
        "`pipelines run --days DAY --full-refresh` rescores every log",
    ]
