"""The README's first command as a user runs it: ``pipelines run`` in a subprocess, from an
empty landing folder and a warehouse path whose folder does not exist yet."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from pipelines.settings import REPO_ROOT

PIPELINES = str(Path(sys.executable).with_name("pipelines"))


def _environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    home = tmp_path / "dagster_home"
    home.mkdir(exist_ok=True)
    shutil.copy(REPO_ROOT / ".dagster_home" / "dagster.yaml", home)
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANDING_DIR", "WAREHOUSE_PATH", "DUCKDB_MEMORY_LIMIT", "QUALITY_DIR")}
    return {**env, "DAGSTER_HOME": str(home), **settings}


def _run(env: dict[str, str], *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([PIPELINES, "run", *args], env=env, cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def test_run_simulates_an_empty_landing_folder_and_builds_the_marts(tmp_path):
    landing = tmp_path / "landing"
    warehouse = tmp_path / "not" / "yet" / "warehouse.duckdb"
    env = _environment(tmp_path, LANDING_DIR=str(landing), WAREHOUSE_PATH=str(warehouse))
    done = _run(env, "--start", "2019-01-01", "--end", "2019-02-05", "--scale", "0.02")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "holds no extracts: simulating the essex profile" in done.stdout
    assert "materialised 2019-01-01..2019-02-05" in done.stdout
    delivered = {p.resolve() for p in (landing / "storm").rglob("*.csv")}
    con = duckdb.connect(str(warehouse), read_only=True)
    ledger = con.execute("SELECT file_path, partition_date FROM audit.ingest_ledger "
                         "WHERE source = 'storm_incidents'").fetchall()
    january = con.execute("""
        SELECT monthly_value FROM marts.rolling_12m_metrics
        WHERE district = 'ALL' AND measure = 'all_crime_offences' AND month_end = DATE '2019-01-31'""").fetchone()
    worklist = con.execute("SELECT count(*) FROM marts.knife_discrepancies").fetchone()[0]
    con.close()
    assert {Path(f).resolve() for f, _ in ledger} == delivered
    assert len({day for _, day in ledger}) == 36
    assert january is not None and january[0] > 0
    assert worklist > 0
    assert (warehouse.parent / "published" / "crime_bi.duckdb").is_file()


def test_a_setting_that_cannot_work_stops_at_once_naming_it(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    cases = {
        "WAREHOUSE_PATH": {"WAREHOUSE_PATH": str(blocker / "warehouse.duckdb")},
        "LANDING_DIR": {"LANDING_DIR": str(blocker)},
        "DUCKDB_MEMORY_LIMIT": {"DUCKDB_MEMORY_LIMIT": "lots"},
        "DAGSTER_HOME": {"DAGSTER_HOME": str(blocker)},
    }
    for name, setting in cases.items():
        env = _environment(tmp_path, **{"LANDING_DIR": str(tmp_path / "landing"),
                                        "WAREHOUSE_PATH": str(tmp_path / "w" / "warehouse.duckdb"), **setting})
        done = _run(env, timeout=120)
        assert done.returncode == 2, (name, done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"pipelines run: error: {name}="), (name, lines)
        assert not (tmp_path / "landing").exists()


def test_without_dagster_home_the_command_uses_the_repository_folder(tmp_path, monkeypatch):
    """`.venv/bin/pipelines run` outside make (which exports DAGSTER_HOME) finds the instance."""
    from pipelines import settings

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    settings.check()
    settings.export_environment()
    assert os.environ["DAGSTER_HOME"] == str(REPO_ROOT / ".dagster_home")
    assert (REPO_ROOT / ".dagster_home" / "dagster.yaml").is_file()


def test_a_failed_dbt_step_is_named_by_its_first_failing_node_and_dbt_s_words():
    from pipelines.run import dbt_error

    # As dagster-dbt words it: the process failed, then the errors it parsed from dbt's log.
    head = "The dbt CLI process with command\n\n`dbt build ...`\n\nfailed with exit code `1`.\n\n"
    model = (head + "Errors parsed from dbt logs:\n\n"
             "34 of 105 ERROR creating sql incremental model intermediate.int_crime_links "
             "... [\x1b[31mERROR\x1b[0m]\n\n"
             "\x1b[31mFailure in model int_crime_links (models/intermediate/int_crime_links.sql)\x1b[0m\n\n"
             "  Runtime Error in model int_crime_links (models/intermediate/int_crime_links.sql)\n"
             "  Binder Error: Referenced column \"district\" not found in FROM clause!\n")
    data_test = (head + "Errors parsed from dbt logs:\n\n"
                 "\x1b[31mFailure in test unique_knife_worklist_discrepancy_id "
                 "(models/marts/knife_worklist.yml)\x1b[0m\n"
                 "  Got 2 results, configured to fail if != 0\n")
    assert dbt_error(model) == ('dbt int_crime_links: Binder Error: Referenced column "district" '
                                'not found in FROM clause!')
    assert dbt_error(data_test) == "dbt unique_knife_worklist_discrepancy_id: Got 2 results, configured to fail if != 0"
    assert dbt_error(head) is None


def test_a_failed_dbt_test_check_says_how_many_rows_it_found_not_none():
    import dagster as dg

    from pipelines.run import DBT_FAILED_ROWS, _check_failure

    key = dg.AssetKey(["reference", "knife_text_rules"])
    dbt_test = dg.AssetCheckEvaluation(asset_key=key, check_name="accepted_values_role", passed=False,
                                       metadata={DBT_FAILED_ROWS: 1, "status": "fail"})
    expectations = dg.AssetCheckEvaluation(asset_key=key, check_name="raw", passed=False,
                                           description="2 of 9 expectations failed")
    assert _check_failure(dbt_test) == "1 failing row(s); the test's query is in the dbt log"
    assert _check_failure(expectations) == "2 of 9 expectations failed"


def test_a_run_leaves_out_the_seeds_the_warehouse_holds_as_their_files_stand(nightly, tmp_path, monkeypatch):
    """A seed is loaded again when its table is missing or its last load was of another
    version of its file; every other seed is left out of the run."""
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.run import CODE_VERSION_TAG, loaded_seeds
    from pipelines.shared.nightly import REFERENCE_GROUP

    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(nightly.warehouse, warehouse)
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))
    defs = build_definitions()
    seeds = {key: defs.resolve_assets_def(key).code_versions_by_key[key]
             for key in dg.AssetSelection.groups(REFERENCE_GROUP).resolve(defs.resolve_asset_graph())}
    instance = dg.DagsterInstance.ephemeral()
    assert loaded_seeds(defs, instance) == set()

    for key, version in seeds.items():
        instance.report_runless_asset_event(dg.AssetMaterialization(key, tags={CODE_VERSION_TAG: version}))
    assert loaded_seeds(defs, instance) == set(seeds) and len(seeds) >= 15

    edited, dropped = sorted(seeds, key=lambda k: k.path[-1])[:2]
    instance.report_runless_asset_event(dg.AssetMaterialization(edited, tags={CODE_VERSION_TAG: "an earlier file"}))
    con = duckdb.connect(str(warehouse))
    con.execute(f"DROP TABLE reference.{dropped.path[-1]}")
    con.close()
    assert loaded_seeds(defs, instance) == set(seeds) - {edited, dropped}
