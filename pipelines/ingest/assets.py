"""Monthly-partitioned ingestion assets, one per source: raw.storm_incidents,
raw.athena_crimes and raw.crime_bureau_decisions.

A run loads the days its tags name (see ``shared/partitions``): one day a night, years in a
backfill, which runs as one run (single-run backfill policy). The asset loads the days in
chunks, one transaction per chunk, then validates them with the source's Great Expectations
suites as blocking checks (the checks are handed in by the definitions, so ingestion does
not import the quality stage). Each month's materialisation says which of its days are
loaded and which are not, from the ledger. Every writer of the warehouse is in the
"warehouse" pool, so no two steps write the DuckDB file at once.
"""

import os
from datetime import date
from pathlib import Path
from typing import Protocol

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.ingest.days import COUNTED, DayState, day_states, last_day_with_data, month_summaries
from pipelines.ingest.loader import load_days, unloaded_days
from pipelines.shared.contract import PERSONAL_COLUMNS, SOURCES, Source, file_day
from pipelines.shared.partitions import days_tag, is_range_run, run_days

PREVIEW_ROWS = 5
DELIVERY_CHECK = "delivered_files"
SHOWN_GAPS = 20
HELD = "held"


def _relative(path: str, landing: Path) -> str:
    return os.path.relpath(path, landing)


def gap_lines(states: dict[date, DayState], landing: Path) -> list[str]:
    """One line per day without data and per rejected file: what an operator acts on."""
    lines = []
    for state in states.values():
        if not state.has_data and state.state != "every file rejected":
            lines.append(f"{state.day}: {state.state}")
        lines += [f"{state.day}: {_relative(path, landing)} rejected: {reason}"
                  for path, reason in sorted(state.rejected.items())]
    return lines


def held_reason(source: Source, state: DayState, landing: Path) -> str | None:
    """Why a one-day run cannot build the marts from this source's day, or None when it can:
    the day has no data, or a file named as the contract names it was rejected (the day may
    be incomplete), or the day's folder could not be listed. A stray copy beside a file that
    loaded (``... (1).csv``) holds nothing."""
    system = source.folder.upper()
    if state.state == "no file":
        return f"no {system} file for {state.day}"
    if state.state == "only empty files":
        return f"only an empty {system} file for {state.day}"
    folder = source.day_folder(landing, state.day)
    contract_named = {p: r for p, r in state.rejected.items()
                      if file_day(Path(p).name) == state.day or Path(p) == folder}
    if contract_named:
        shown = "; ".join(f"{_relative(p, landing)}: {r}" for p, r in sorted(contract_named.items()))
        return f"{system} file for {state.day} rejected ({shown})"
    if not state.has_data:
        return f"{state.state} from the {system} file for {state.day}"
    return None


def delivery_check(key: dg.AssetKey, landing: Path, states: dict[date, DayState]) -> dg.AssetCheckResult:
    """Names every day without data and every rejected file of the run's days, with why. A
    warning: in a run of several days the marts are built from every day that loaded and the
    gaps are listed in marts.extract_gaps, the report and bi.publication; a one-day run whose
    day cannot be built is held instead (see ``held_check_results``)."""
    lines = gap_lines(states, landing)
    shown = lines[:SHOWN_GAPS] + ([f"and {len(lines) - SHOWN_GAPS} more"] if len(lines) > SHOWN_GAPS else [])
    loaded = sum(s.has_data for s in states.values())
    return dg.AssetCheckResult(
        asset_key=key, check_name=DELIVERY_CHECK, passed=not lines, severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(shown) if lines else f"every day of {len(states)} has data and every file was read",
        metadata={"days": len(states), "days_with_data": loaded,
                  "files_rejected": sum(len(s.rejected) for s in states.values()),
                  "gaps": dg.MetadataValue.json(lines)},
    )


def held_check_results(key: dg.AssetKey, check_names: list[str], reason: str) -> list[dg.AssetCheckResult]:
    """Every check of a held source, at WARN with the reason: nothing was validated, nothing
    failed, and nothing downstream runs (the asset is not materialised, so its dependants are
    skipped and the marts keep their last good state)."""
    return [dg.AssetCheckResult(asset_key=key, check_name=name, passed=False,
                                severity=dg.AssetCheckSeverity.WARN,
                                description=f"{HELD}: {reason}" if name == DELIVERY_CHECK
                                else f"not run: the night is {HELD} ({reason})",
                                metadata={HELD: reason})
            for name in check_names]


def _preview(con, source: Source, days: list[date]) -> dg.MetadataValue:
    shown = [c for c in source.column_names if c not in PERSONAL_COLUMNS][:8]
    df = con.execute(
        f"SELECT {', '.join(shown)} FROM raw.{source.name} WHERE partition_date BETWEEN ? AND ? "
        f"ORDER BY partition_date DESC, source_line LIMIT {PREVIEW_ROWS}",
        [days[0], days[-1]],
    ).df()
    return dg.MetadataValue.md(df.astype("string").fillna("").to_markdown(index=False) if len(df) else "_no rows_")


class LoadChecks(Protocol):
    """The blocking checks run on the days a load has just written."""

    def specs(self, source: Source, key: dg.AssetKey) -> list[dg.AssetCheckSpec]: ...

    def results(self, con: duckdb.DuckDBPyConnection, source: Source, key: dg.AssetKey, days: list[date],
                run_id: str, skip_gaps: bool) -> list[dg.AssetCheckResult]: ...


def build_ingest_asset(source: Source, partitions: dg.PartitionsDefinition, checks: LoadChecks) -> dg.AssetsDefinition:
    key = dg.AssetKey(["raw", source.name])
    check_specs = [dg.AssetCheckSpec(DELIVERY_CHECK, asset=key, blocking=True,
                                     description="Every day of the run has data and every delivered file "
                                                 "was read; each day without data and each file rejected "
                                                 "whole is named with why. In a one-day run a day that "
                                                 "cannot be built holds the night."),
                   *checks.specs(source, key)]

    @dg.asset(
        name=source.name,
        key_prefix=["raw"],
        group_name="raw",
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool="warehouse",
        kinds={"duckdb"},
        check_specs=check_specs,
        output_required=False,
        description=f"Every {source.folder} extract row of the day, typed, with lineage; bad rows "
        "go to audit.quarantine and each file to audit.ingest_ledger.",
    )
    def _asset(context: dg.AssetExecutionContext, warehouse: DuckDBResource):
        days = run_days(context.run.tags)
        landing = settings.landing_dir()
        with warehouse.get_connection() as con:
            pending = [] if source.daily else [d for d in unloaded_days(con, landing, source) if d not in days]
            if pending:
                context.log.info(f"{source.name}: also loading files of {len(pending)} other day(s) not yet "
                                 f"loaded: {', '.join(map(str, pending[:SHOWN_GAPS]))}")
            days = sorted([*days, *pending])
            result = load_days(con, landing, source.name, days, context.run_id)
            states = {day: state for day, state in day_states(con, source, days).items()
                      if source.daily or state.state != "no file"}   # decisions come only when there are some
            held = (held_reason(source, states[days[0]], landing) if source.daily and not is_range_run(days)
                    else None)
            if held:
                through = last_day_with_data(con, [s for s in SOURCES.values() if s.daily], days[0])
                held = f"{held} (marts keep {through or 'no day yet'})"
            else:
                preview = _preview(con, source, days)
                check_results = checks.results(con, source, key, days, context.run_id, skip_gaps=is_range_run(days))
                months = month_summaries(con, source, days)
        for line in gap_lines(states, landing):
            context.log.warning(f"{source.name} {line}")
        if result.extra_columns:
            context.log.warning(
                "unexpected extra columns (ignored): "
                + "; ".join(f"{_relative(p, landing)}: {', '.join(c)}" for p, c in result.extra_columns.items())
            )
        if held:
            context.log.warning(f"{HELD}: {held}")
            yield from held_check_results(key, [spec.name for spec in check_specs], held)
            return
        for month in context.partition_keys:
            summary = months.get(month, {})
            context.add_asset_metadata({**{name: summary.get(name, 0) for name in COUNTED},
                                        "days_loaded": summary.get("days_loaded", 0),
                                        "days_without_data": dg.MetadataValue.json(
                                            summary.get("days_without_data", {}))},
                                       partition_key=month)
        yield dg.MaterializeResult(metadata={
            "run_days": days_tag(days[0], days[-1]),
            "quarantine_reasons": dg.MetadataValue.json(result.quarantine_reasons),
            "extra_columns": dg.MetadataValue.json(result.extra_columns),
            "preview": preview,
        }, check_results=[delivery_check(key, landing, states), *check_results])

    return _asset


def build_ingest_assets(partitions: dg.PartitionsDefinition, checks: LoadChecks) -> list[dg.AssetsDefinition]:
    return [build_ingest_asset(s, partitions, checks) for s in SOURCES.values()]
