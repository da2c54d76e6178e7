"""Run a suite's committed validation definition on a frame and keep every result.

Each expectation's result becomes a row of audit.dq_results (the permanent record);
failures carry their count and a few example keys (the suite's index columns, never
personal data). Great Expectations also stores the newest validations, and Data Docs are
rebuilt once per step for that run's validations rather than after every chunk.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import duckdb
import pandas as pd

from pipelines import settings
from pipelines.quality.offline_docs import localise_site
from pipelines.quality.suites import SEVERITY, expectation_label

EXAMPLE_KEYS = 5
# How many validations the Great Expectations store and the Data Docs site keep: about ten
# nights of raw, volume and mart suites.
DOCS_KEEP = 100
FILE_TIME_MARGIN_S = 2

DQ_RESULTS_DDL = """
CREATE TABLE IF NOT EXISTS audit.dq_results (
    run_id VARCHAR, partition_start DATE, partition_end DATE, suite VARCHAR,
    expectation VARCHAR, expectation_id VARCHAR, severity VARCHAR, success BOOLEAN,
    observed_value VARCHAR, element_count BIGINT, unexpected_count BIGINT,
    example_keys VARCHAR, checked_at TIMESTAMPTZ
)"""


@dataclass(frozen=True)
class Outcome:
    suite: str
    expectation: str          # type(columns), e.g. expect_column_values_to_be_in_set(ho_code)
    expectation_id: str
    severity: str             # ERROR or WARN
    success: bool
    observed_value: str | None
    element_count: int | None
    unexpected_count: int | None
    example_keys: list[dict] = field(default_factory=list)

    def keys_text(self) -> str:
        return "; ".join(" ".join(f"{k}={v}" for k, v in key.items()) for key in self.example_keys)

    def describe(self) -> str:
        rows = f"{self.unexpected_count} rows" if self.unexpected_count else f"observed {self.observed_value}"
        keys = self.keys_text()
        return f"{self.severity} {self.expectation}: {rows}" + (f", e.g. {keys}" if keys else "")


def _text(value) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str) if not isinstance(value, str) else value


def _outcomes(suite: str, validation) -> list[Outcome]:
    outcomes = []
    for r in validation.results:
        config, result = r.expectation_config, r.result or {}
        error = (r.exception_info or {}).get("exception_message") if not r.success else None
        observed = result.get("observed_value", result.get("partial_unexpected_list"))
        keys = [{k: str(v) for k, v in key.items()}
                for key in (result.get("partial_unexpected_index_list") or [])[:EXAMPLE_KEYS]]
        outcomes.append(Outcome(
            suite=suite, expectation=expectation_label(config), expectation_id=str(config.id),
            severity=SEVERITY[str(getattr(config.severity, "value", config.severity))],
            success=bool(r.success), observed_value=_text(error or observed),
            element_count=result.get("element_count"), unexpected_count=result.get("unexpected_count"),
            example_keys=keys,
        ))
    return outcomes


def run_suite(context, suite: str, frame: pd.DataFrame, params: dict, run_name: str) -> list[Outcome]:
    """Validate the frame as the suite's checkpoint would, with its result format."""
    from great_expectations.core.run_identifier import RunIdentifier  # imported with the context

    checkpoint = context.checkpoints.get(suite)
    validation = checkpoint.validation_definitions[0].run(
        batch_parameters={"dataframe": frame}, expectation_parameters=params,
        result_format=checkpoint.result_format, run_id=RunIdentifier(run_name=run_name))
    return _outcomes(suite, validation)


def build_docs(context, run_name: str) -> None:
    """Render this run's validations, and the pages of the suites they ran that are out of
    date, into the Data Docs site and refresh its index.

    Building the site lists every stored validation, so only the newest DOCS_KEEP stay in the
    store (the build then drops the pages of the others): a night's checks cost the same
    however many validations a backfill stored. audit.dq_results keeps every result.
    """
    store = context.validation_results_store
    stored = sorted(store.list_keys(), key=lambda k: k.run_id.run_time, reverse=True)
    keys = [k for k in stored if k.run_id.run_name == run_name]
    for key in stored[DOCS_KEEP:]:
        if key.run_id.run_name != run_name:
            store.remove_key(key)
    if keys:
        # The suites' own pages too (the index links every suite it lists), where the suite
        # changed since its page was rendered: a suite changes only with the code.
        suites = [s for s in {key.expectation_suite_identifier for key in keys} if _suite_page_stale(s.name)]
        # File times can run behind the clock (coarse timestamps, some file systems round
        # down to two seconds): a margin, as rewriting a page twice changes nothing.
        started = time.time() - FILE_TIME_MARGIN_S
        context.build_data_docs(resource_identifiers=[*keys, *suites])
        localise_site(settings.data_docs_dir(), since=started)


def _suite_page_stale(suite: str) -> bool:
    """The suite's Data Docs page is missing or older than the suite's committed file."""
    page = settings.data_docs_dir() / "expectations" / f"{suite}.html"
    source = settings.EXPECTATIONS_DIR / "expectations" / f"{suite}.json"
    return not page.exists() or page.stat().st_mtime < source.stat().st_mtime


def record(con: duckdb.DuckDBPyConnection, run_id: str, start: date | None, end: date | None,
           outcomes: list[Outcome], checked_at: datetime) -> None:
    """Append the outcomes to audit.dq_results ([start, end) is the partition window, if any)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.execute(DQ_RESULTS_DDL)
    rows = pd.DataFrame([{
        "run_id": run_id, "partition_start": start, "partition_end": end, "suite": o.suite,
        "expectation": o.expectation, "expectation_id": o.expectation_id, "severity": o.severity,
        "success": o.success, "observed_value": o.observed_value, "element_count": o.element_count,
        "unexpected_count": o.unexpected_count, "example_keys": json.dumps(o.example_keys),
        "checked_at": checked_at,
    } for o in outcomes])
    con.register("dq_outcomes", rows)
    con.execute("INSERT INTO audit.dq_results BY NAME SELECT * FROM dq_outcomes")
    con.unregister("dq_outcomes")


def merge(outcomes: list[Outcome]) -> list[Outcome]:
    """One outcome per expectation across chunks: failed if any chunk failed, counts summed."""
    merged: dict[str, Outcome] = {}
    for o in outcomes:
        prev = merged.get(o.expectation_id)
        if prev is None:
            merged[o.expectation_id] = o
            continue
        merged[o.expectation_id] = replace(
            o, success=prev.success and o.success,
            observed_value=prev.observed_value if not prev.success else o.observed_value,
            element_count=(prev.element_count or 0) + (o.element_count or 0),
            unexpected_count=(prev.unexpected_count or 0) + (o.unexpected_count or 0),
            example_keys=(prev.example_keys + o.example_keys)[:EXAMPLE_KEYS],
        )
    return list(merged.values())
