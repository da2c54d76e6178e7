import json
import re
import shutil
import subprocess

import yaml

from pipelines.publish.bi import BI_TABLES
from pipelines.resources import build_resources
from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR, REPO_ROOT
from pipelines.transform.project import dbt_cli, dbt_project, prepare_manifest, step_target


def test_dbt_project_parses_with_one_staging_model_per_raw_table():
    prepare_manifest()
    manifest = json.loads(dbt_project().manifest_path.read_text())
    models = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    sources = {s["name"] for s in manifest["sources"].values() if s["source_name"] == "raw"}
    assert sources == {"storm_incidents", "athena_crimes", "crime_bureau_decisions"}
    assert {f"stg_{s}" for s in sources} <= models


def _relations(text: str) -> set[str]:
    return set(re.findall(r"\b(?:marts|intermediate|reference|staging)\.([a-z_0-9]+)", text))


def test_exposures_list_exactly_the_tables_the_reports_and_bi_copy_read():
    prepare_manifest()
    manifest = json.loads(dbt_project().manifest_path.read_text())
    names = {n["unique_id"]: n["name"] for n in [*manifest["nodes"].values(), *manifest["sources"].values()]}
    exposed = {e["name"]: {names[d] for d in e["depends_on"]["nodes"]} for e in manifest["exposures"].values()}
    reports = "".join(p.read_text() for p in (REPO_ROOT / "pipelines" / "reports").glob("*.py"))
    published = " ".join(table.sql for table in BI_TABLES.values())
    assert exposed == {"compliance_report": _relations(reports), "crime_bi": _relations(published)}


def test_dbt_docs_generate_finds_every_mart_column_documented(nightly, tmp_path):
    target = tmp_path / "docs"
    dbt_cli().cli(["docs", "generate", "--quiet"], target_path=target).wait()
    catalog = json.loads((target / "catalog.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    marts = {uid: n for uid, n in manifest["nodes"].items() if n["resource_type"] == "model" and n["schema"] == "marts"}
    assert len(marts) >= 8 and set(marts) <= set(catalog["nodes"])
    assert sum(len(catalog["nodes"][uid]["columns"]) for uid in marts) > 50
    undocumented = [f"{node['name']}.{column}" for uid, node in marts.items()
                    for column in catalog["nodes"][uid]["columns"]
                    if not node["columns"].get(column, {}).get("description")]
    assert undocumented == []
    assert (target / "index.html").exists()


def test_the_dbt_unit_tests_pass(nightly, tmp_path):
    """Left out of the Dagster runs (they test the SQL, not a night's data), so run here."""
    target = tmp_path / "unit"
    dbt_cli().cli(["test", "--select", "test_type:unit", "--quiet"], target_path=target, raise_on_error=False).wait()
    results = json.loads((target / "run_results.json").read_text())["results"]
    unit_tests = sum(len(yaml.safe_load(p.read_text()).get("unit_tests") or [])
                     for p in (DBT_PROJECT_DIR / "models").rglob("*.yml"))
    assert len(results) == unit_tests >= 8
    assert [r["unique_id"] for r in results if r["status"] != "pass"] == []


def test_dbt_and_the_dagster_resource_open_one_file_with_one_memory_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("DUCKDB_MEMORY_LIMIT", "3GB")
    query = ("select current_setting('memory_limit') as memory_limit, "
             "(select path from duckdb_databases() where database_name = current_database()) as path")
    with build_resources()["warehouse"].get_connection() as con:
        dagster_side = dict(zip(("memory_limit", "path"), con.execute(query).fetchone(), strict=True))
    shown = subprocess.run([DBT_EXECUTABLE, "show", "--inline", query, "--output", "json", "--quiet",
                            "--target-path", str(tmp_path / "target")],
                           cwd=DBT_PROJECT_DIR, capture_output=True, text=True, check=True)
    dbt_side = json.loads(shown.stdout)["show"][0]
    assert dbt_side == dagster_side == {"memory_limit": "2.7 GiB", "path": str(tmp_path / "warehouse.duckdb")}


def test_a_new_dbt_step_starts_from_the_prepared_parse_state():
    """A step's first run parses only what changed since the manifest was prepared."""
    prepare_manifest()
    target = step_target("test_new_step")
    shutil.rmtree(target, ignore_errors=True)
    try:
        dbt_cli().cli(["parse", "--quiet"], target_path=target).wait()
        log = (target / "dbt.log").read_text()
        assert "Partial parsing enabled" in log and "Unable to do partial parsing" not in log
    finally:
        shutil.rmtree(target, ignore_errors=True)
