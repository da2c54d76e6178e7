"""The committed Great Expectations file context in expectations/, and what a run feeds it.

Suites are the source of truth and are only read here. Value sets come from the dbt seeds
(the same lists the ingestion and dbt use) as suite parameters; so does the check time
against which "not in the future" is judged.
"""

from __future__ import annotations

import csv
import logging
from datetime import datetime
from functools import cache

import great_expectations as gx

from pipelines import settings
from pipelines.ingest.contract import SEEDS_DIR

# Great Expectations severity -> the pipeline's: ERROR blocks downstream assets, WARN reports.
SEVERITY = {"critical": "ERROR", "warning": "WARN", "info": "WARN"}

# Suite parameter -> (seed file, column) whose values it lists.
SEED_PARAMETERS = {
    "storm_categories": ("storm_categories.csv", "category"),
    "incident_grades": ("incident_grades.csv", "grade"),
    "districts": ("districts.csv", "district"),
    "offence_codes": ("offence_codes.csv", "ho_code"),
    "outcome_codes": ("outcome_codes.csv", "outcome_code"),
    "cancel_reasons": ("cancel_reasons.csv", "cancel_reason"),
    "decision_types": ("decision_types.csv", "decision"),
}
# Seed columns the warehouse holds as integers: the frames carry them as numbers.
INTEGER_SEED_COLUMNS = {"grade", "outcome_code"}


def context() -> gx.data_context.FileDataContext:
    settings.quality_dir()  # sets QUALITY_DIR, which great_expectations.yml reads
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    return gx.get_context(mode="file", context_root_dir=str(settings.EXPECTATIONS_DIR))


@cache
def _seed_values(seed: str, column: str) -> tuple:
    with (SEEDS_DIR / seed).open(encoding="utf-8") as fh:
        values = [row[column] for row in csv.DictReader(fh)]
    return tuple(int(v) for v in values) if column in INTEGER_SEED_COLUMNS else tuple(values)


def parameters(checked_at: datetime) -> dict:
    params = {name: list(_seed_values(*seed)) for name, seed in SEED_PARAMETERS.items()}
    params["districts_and_all"] = [*params["districts"], "ALL"]
    params["checked_at"] = checked_at
    return params


def frame_columns(ctx, suite: str) -> list[str]:
    """The columns a suite's frame needs: its checkpoint's key columns (named in failures),
    then every column its expectations read."""
    index = ctx.checkpoints.get(suite).result_format["unexpected_index_column_names"]
    return list(dict.fromkeys([*index, *suite_columns(ctx.suites.get(suite))]))


def suite_columns(suite: gx.ExpectationSuite) -> list[str]:
    """Every column the suite's expectations read, in first-use order."""
    columns: list[str] = []
    for expectation in suite.expectations:
        kwargs = expectation.configuration.kwargs
        for name in (kwargs.get("column"), kwargs.get("column_A"), kwargs.get("column_B"),
                     *kwargs.get("column_list", ())):
            if name and name not in columns:
                columns.append(name)
    return columns
