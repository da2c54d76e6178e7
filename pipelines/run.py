"""``make run``: simulate the default extracts if the landing folder is empty, then
materialise every asset over the days that have extracts (or the days asked for), as one run
of the ``build`` job over their months, and say on the command line how it ended.

A run ends in one of three ways, each with its exit code:

- built (0): every step ran; days without data, if any, are named as gaps;
- held (3): a one-day run whose day cannot be built (no file, an empty or rejected file);
  the marts keep their last good state and the line says which day they hold;
- failed (1): a step failed; the line names the step and the root cause in one line (a
  full disk with its path, memory with the setting to raise, a failed check with its
  expectation and example keys).

Every run's event log is written to ``logs/run-<id>.log`` beside the warehouse.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from pipelines import settings
from pipelines.definitions import BUILD_JOB, build_definitions
from pipelines.ingest.assets import DELIVERY_CHECK
from pipelines.ingest.assets import HELD as HELD_KEY
from pipelines.ingest.days import day_states
from pipelines.publish import bi
from pipelines.shared.contract import DECISIONS, SOURCES
from pipelines.shared.nightly import REFERENCE_GROUP
from pipelines.shared.partitions import days_between, landing_days, run_arguments
from pipelines.simulate.command import SimulationOptions, simulate

BUILT, FAILED, HELD = 0, 1, 3
# The tag in which Dagster records the code version an asset was materialised with.
CODE_VERSION_TAG = "dagster/code_version"
DAILY = [s for s in SOURCES.values() if s.daily]


@dataclass(frozen=True)
class RunOutcome:
    exit_code: int
    report: list[str]                # what was built and what the files were
    causes: list[str]                # why the run failed or was held; empty when built
    where: str                       # the run's id and its full log


def delivery_report(run_id: str, days: list[date], held: bool = False) -> list[str]:
    """What the run's ingestion made of the files, from the ledger: one line per file loaded
    with something put right or rows replaced by a later delivery, one line naming every day
    without data, one per file rejected whole (path in the landing folder and reason), then
    how many of the run's days have data from every daily source."""
    try:
        con = duckdb.connect(str(settings.warehouse_path()), read_only=True)
    except duckdb.Error:
        return []
    try:
        noted = con.execute(
            "SELECT status, file_path, reason, rows_superseded, superseded_by FROM audit.ingest_ledger "
            "WHERE load_run_id = ? AND (reason IS NOT NULL OR rows_superseded > 0) "
            "AND status IN ('LOADED', 'SUPERSEDED', 'REJECTED') ORDER BY status, file_path", [run_id]).fetchall()
        states = {source.name: day_states(con, source, days) for source in DAILY}
        decisions, decision_files = con.execute(
            "SELECT coalesce(sum(rows_loaded), 0), count(*) FROM audit.ingest_ledger WHERE load_run_id = ? "
            "AND source = ? AND rows_loaded > 0", [run_id, DECISIONS.name]).fetchone()
    except duckdb.CatalogException:   # the run stopped before any load
        return []
    finally:
        con.close()
    landing = settings.landing_dir()
    lines = []
    for status, path, reason, superseded, by in noted:
        if status == "REJECTED":
            continue
        if reason:
            lines.append(f"loaded {os.path.relpath(path, landing)}: {reason}")
        if superseded:
            lines.append(f"superseded {os.path.relpath(path, landing)}: {superseded} rows replaced by "
                         f"{os.path.relpath(by, landing)}, a later delivery of the day")
    gaps = [f"{name} {day}: {state.state}" for name, by_day in states.items()
            for day, state in by_day.items() if not state.has_data]
    if gaps:
        lines.append(f"gaps ({len(gaps)}, left out of the figures until a file loads): " + "; ".join(gaps))
    lines += [f"rejected {os.path.relpath(path, landing)}: {reason}"
              for status, path, reason, _, _ in noted if status == "REJECTED"]
    if decisions:
        lines.append(f"decisions: {decisions} loaded from {decision_files} file(s)"
                     + ("; they take effect in the next run that builds the marts" if held else ""))
    full = sum(all(states[s.name][d].has_data for s in DAILY) for d in days)
    return [*lines, f"days loaded in full ({' and '.join(s.name for s in DAILY)}): {full} of {len(days)}"]


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_DBT_NODE_ERROR = re.compile(r"(?:Runtime|Compilation|Database) Error in (?:model|test|seed|unit_test) (\S+)")
_DBT_FAILURE = re.compile(r"Failure in (?:test|unit_test) (\S+)")


def dbt_error(message: str) -> str | None:
    """The first failing dbt node and what dbt said of it, from the errors dagster-dbt parses
    out of dbt's log ("Errors parsed from dbt logs:"); None for any other error. The message's
    first line only says that the dbt process failed."""
    _, found, errors = message.partition("Errors parsed from dbt logs")
    if not found:
        return None
    lines = [line.strip() for line in _ANSI.sub("", errors).splitlines()]
    for pattern in (_DBT_NODE_ERROR, _DBT_FAILURE):
        for i, line in enumerate(lines):
            if match := pattern.search(line):
                detail = next((rest for rest in lines[i + 1:] if rest), "")
                return f"dbt {match.group(1)}: {detail}"
    return None


def root_cause(error: dg.SerializableErrorInfo | None) -> str:
    """The innermost error of a chain, in one line, in words an operator acts on."""
    chain = []
    while error is not None:
        chain.append(error)
        error = error.cause or error.context
    text = " | ".join(e.message.strip() for e in chain)
    innermost = chain[-1].message.strip().splitlines()[0] if chain else "unknown error"
    innermost = dbt_error(text) or innermost
    if "No space left on device" in text:
        where = next((part for part in text.split('"') if part.startswith("/")), str(settings.warehouse_path()))
        return f"disk full: no space left on device writing {where}; free space there, then run again"
    if "Out of Memory" in text or "could not allocate" in text:
        return (f"out of memory: DuckDB reached DUCKDB_MEMORY_LIMIT={settings.duckdb_memory_limit()}; "
                f"raise it (and leave room on disk beside the warehouse for spilling): {innermost}")
    return innermost


# The metadata key under which dagster-dbt reports the rows a failed dbt test returned.
DBT_FAILED_ROWS = "dagster_dbt/failed_row_count"


def failed_steps(result: dg.ExecuteInProcessResult) -> list[str]:
    """One line per failed step: its key and its root cause."""
    return [f"failed step {e.step_key}: {root_cause(e.step_failure_data.error)}"
            for e in result.get_step_failure_events()]


def _check_lines(result: dg.ExecuteInProcessResult) -> tuple[list[str], list[str]]:
    """(held reasons, failed ERROR checks) from the run's check evaluations."""
    held, failed = [], []
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed:
            continue
        if HELD_KEY in evaluation.metadata:
            if evaluation.check_name == DELIVERY_CHECK:
                held.append(evaluation.metadata[HELD_KEY].value)
        elif evaluation.severity == dg.AssetCheckSeverity.ERROR:
            failed.append(f"check {evaluation.asset_key.to_user_string()}:{evaluation.check_name} failed: "
                          f"{_check_failure(evaluation)}")
    return held, failed


def _check_failure(evaluation: dg.AssetCheckEvaluation) -> str:
    """What a failed check found: its description (the Great Expectations checks), or the rows
    a dbt test found (dagster-dbt gives those only as metadata)."""
    if evaluation.description:
        return evaluation.description
    rows = evaluation.metadata.get(DBT_FAILED_ROWS)
    if rows is not None:
        return f"{rows.value} failing row(s); the test's query is in the dbt log"
    return "no description; see the run log"


def write_log(instance: dg.DagsterInstance, run_id: str) -> str:
    """The run's event log as text, one event a line, with each failure's whole error; where
    it went, or why it could not be written (a full disk must not hide the run's own cause)."""
    path = settings.output_dir("logs") / f"run-{run_id}.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_events(instance, run_id, path)
    except OSError as exc:
        path.unlink(missing_ok=True)
        return f"no full log ({path}: {exc.strerror})"
    return f"full log {path}"


def _write_events(instance: dg.DagsterInstance, run_id: str, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for entry in instance.all_logs(run_id):
            event = entry.dagster_event
            kind = event.event_type_value if event else entry.level
            message = (entry.message or "").replace("\n", " ")
            out.write(f"{entry.timestamp:.3f} {kind} {entry.step_key or '-'} {message}\n")
            error = getattr(event.event_specific_data, "error", None) if event else None
            if error is not None:
                out.write(error.to_string())


def loaded_seeds(defs: dg.Definitions, instance: dg.DagsterInstance) -> set[dg.AssetKey]:
    """The code-list seeds the warehouse holds as their files stand now: the table is there and
    the seed's latest materialisation in ``instance`` carries its current code version (dbt's
    checksum of the file). A run leaves them out; an edited seed, a new warehouse or a new
    Dagster home loads them again."""
    warehouse = settings.warehouse_path()
    if not warehouse.exists():
        return set()
    try:
        con = duckdb.connect(str(warehouse), read_only=True, config=settings.duckdb_config())
    except duckdb.Error:
        return set()
    try:
        tables = {name for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'reference'").fetchall()}
    finally:
        con.close()
    loaded = set()
    for key in dg.AssetSelection.groups(REFERENCE_GROUP).resolve(defs.resolve_asset_graph()):
        event = instance.get_latest_materialization_event(key)
        version = defs.resolve_assets_def(key).code_versions_by_key.get(key)
        if (key.path[-1] in tables and event is not None and version is not None
                and event.asset_materialization.tags.get(CODE_VERSION_TAG) == version):
            loaded.add(key)
    return loaded


def load_seed(name: str) -> RunOutcome:
    """Materialise one dbt seed (``reference.<name>``) with its tests, as the build job's seeds
    step does. The nightly job leaves the seeds out, so a seed a command rewrites (a retrained
    second opinion) reaches the warehouse here, and the next night reads it."""
    defs = build_definitions()
    key = next(k for k in defs.resolve_all_asset_keys() if k.path[-1] == name)
    instance = dg.DagsterInstance.get()
    result = defs.resolve_job_def(BUILD_JOB).execute_in_process(
        instance=instance, asset_selection=[key], raise_on_error=False)
    where = f"run {result.run_id}: {write_log(instance, result.run_id)}"
    if not result.success:
        return RunOutcome(FAILED, [], failed_steps(result), where)
    return RunOutcome(BUILT, [f"loaded into the warehouse as reference.{name}"], [], where)


def run_all(simulation: SimulationOptions, days: tuple[date, date] | None = None,
            full_refresh: bool = False) -> RunOutcome:
    """``simulation`` says what to simulate when the landing folder holds no extracts; ``days``
    the first and last day to load (every day with extracts when None); ``full_refresh``
    rebuilds the incremental models from every loaded row (after a seed changed)."""
    landing = settings.landing_dir()
    if not landing_days("storm"):
        print(f"{landing} holds no extracts: simulating the {simulation.profile} profile", flush=True)
        print(simulate(simulation), flush=True)
    extract_days = landing_days("storm")
    first, last = days or (extract_days[0], extract_days[-1])
    if first < extract_days[0]:
        raise ValueError(f"--days {first}: before the first extract in {landing} ({extract_days[0]})")
    defs = build_definitions()  # after the simulation: the partitions start at the first extract day

    instance = dg.DagsterInstance.get()
    run_config = {"ops": {"dbt_models": {"config": {"full_refresh": True}}}} if full_refresh else None
    # The seeds step is a dbt process of its own (about 8 s): a run whose seeds are loaded as
    # their files stand leaves it out, as the nightly job always does.
    skipped = set() if full_refresh else loaded_seeds(defs, instance)
    kept = dg.AssetSelection.all() - dg.AssetSelection.assets(*skipped)
    selection = list(kept.resolve(defs.resolve_asset_graph())) if skipped else None
    result = defs.resolve_job_def(BUILD_JOB).execute_in_process(
        instance=instance, raise_on_error=False, run_config=run_config, asset_selection=selection,
        **run_arguments(first, last))
    log = write_log(instance, result.run_id)
    held, failed_checks = _check_lines(result)
    report = delivery_report(result.run_id, days_between(first, last), held=bool(held))
    where = f"run {result.run_id}: its logs in make dev, then Runs ({settings.dagster_home()}); {log}"
    if not result.success:
        return RunOutcome(FAILED, report, [*failed_checks, *failed_steps(result)], where)
    if held:
        return RunOutcome(HELD, report, [f"held: {reason}" for reason in held], where)
    return RunOutcome(BUILT, [
        f"materialised {first}..{last}",
        f"warehouse: {settings.warehouse_path()} (raw, staging, intermediate, marts, reference, audit)",
        f"BI copy:   {settings.output_dir('published') / bi.DATABASE} (open this one from BI tools)",
        f"reports:   {settings.output_dir('reports') / 'latest'}",
        f"checks:    {settings.data_docs_dir() / 'index.html'}",
        *report], [], where)
