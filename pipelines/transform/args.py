"""dbt command lines and the environment that gives dbt a run's window, built in one place so
they can be tested without running dbt."""

from __future__ import annotations

from datetime import date, timedelta

WINDOW_START_ENV = "PIPELINES_WINDOW_START"
WINDOW_END_ENV = "PIPELINES_WINDOW_END"


def dbt_build_args(models: bool, full_refresh: bool = False) -> list[str]:
    """``dbt build`` arguments for the seeds step (``models`` false) or the models step, the
    same every night so that dbt's partial parsing holds.

    The steps differ in their indirect selection, so that every test runs once, in the step
    whose nodes it tests, after all its parents are built: the seeds step is ``buildable`` (a
    test of a seed alone, not one that also reads a model the next step builds); the models
    step ``eager`` (every test of a model, also one that reads a code list the seeds step
    loaded, which ``buildable`` drops unless a model reads that seed too). The unit tests are
    left out: they test the SQL, not the night's data, and run with the test suite
    (``tests/transform/test_dbt_project.py``). ``--no-write-json`` spares writing
    manifest.json and run_results.json (about 2 MB) at the end of every step: nothing reads
    them (Dagster takes dbt's results from its log stream, and dbt.log holds each node's
    status and time), and on a small night the dbt step took 9.5 s without them against
    10.2 s with them (means of four, alternately). dbt's partial parsing keeps its own file.
    """
    return ["build", "--indirect-selection", "eager" if models else "buildable",
            "--exclude-resource-type", "unit_test", "--no-write-json", *(["--full-refresh"] if full_refresh else [])]


def dbt_window_env(days: list[date] | None) -> dict[str, str]:
    """The window environment for the days a run loaded: the half-open [first, last + 1)
    that the incremental models read through ``partition_window()``; empty values (every
    day) for a run with no days, such as a full rebuild."""
    if days is None:
        return {WINDOW_START_ENV: "", WINDOW_END_ENV: ""}
    if not days:
        raise ValueError("a dbt window needs at least one day")
    return {WINDOW_START_ENV: min(days).isoformat(), WINDOW_END_ENV: (max(days) + timedelta(days=1)).isoformat()}
