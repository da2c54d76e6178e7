"""The committed Great Expectations file context in expectations/, and what a run feeds it.

Suites are the source of truth and are only read here. Value sets come from the dbt seeds
(the same lists the ingestion and dbt use) as suite parameters; so does the check time
against which "not in the future" is judged.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from pipelines import settings
from pipelines.seeds import seed_values

if TYPE_CHECKING:
    import great_expectations as gx

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
    "discrepancy_classes": ("discrepancy_classes.csv", "discrepancy_class"),
    "crime_statuses": ("crime_statuses.csv", "status"),
    "victim_age_bands": ("victim_age_bands.csv", "age_band"),
    "victim_sexes": ("victim_sexes.csv", "sex"),
}
# Seed columns the warehouse holds as integers: the frames carry them as numbers.
INTEGER_SEED_COLUMNS = {"grade", "outcome_code"}


def context() -> gx.data_context.FileDataContext:
    """The file context writing to the quality folder the settings name now."""
    return _context(str(settings.quality_dir()))


@cache
def _context(quality_dir: str) -> gx.data_context.FileDataContext:
    """One context per quality folder and process, shared by the steps of a run: building
    one parses great_expectations.yml and sets up its stores (0.03 to 0.06 s). Its stores
    read and write their files on every call, so each step sees what the others stored.
    Great Expectations is imported here, when a check first runs, not with the definitions:
    it is about half their import time (3.6 of 7.2 s), which `make dev` pays on every load."""
    import great_expectations as gx

    os.environ["QUALITY_DIR"] = quality_dir  # great_expectations.yml reads it
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    return gx.get_context(mode="file", context_root_dir=str(settings.EXPECTATIONS_DIR))


def parameters(checked_at: datetime) -> dict:
    params = {name: [int(v) if column in INTEGER_SEED_COLUMNS else v for v in seed_values(seed, column)]
              for name, (seed, column) in SEED_PARAMETERS.items()}
    params["districts_and_all"] = [*params["districts"], "ALL"]
    params["checked_at"] = checked_at
    return params


def frame_columns(ctx, suite: str) -> list[str]:
    """The columns a suite's frame needs: its checkpoint's key columns (named in failures),
    then every column its expectations read."""
    index = ctx.checkpoints.get(suite).result_format["unexpected_index_column_names"]
    return list(dict.fromkeys([*index, *suite_columns(ctx.suites.get(suite))]))


def expectation_columns(kwargs: dict) -> list[str]:
    """The columns one expectation reads, from its kwargs."""
    return list(kwargs.get("column_list") or
                [c for c in (kwargs.get("column"), kwargs.get("column_A"), kwargs.get("column_B")) if c])


def expectation_label(config) -> str:
    """type(columns), e.g. expect_column_values_to_be_in_set(ho_code): how results name it."""
    return f"{config.type}({', '.join(expectation_columns(config.kwargs))})"


def suite_columns(suite: gx.ExpectationSuite) -> list[str]:
    """Every column the suite's expectations read, in first-use order."""
    return list(dict.fromkeys(c for e in suite.expectations for c in expectation_columns(e.configuration.kwargs)))
