import json

from pipelines.transform.project import dbt_project, prepare_manifest


def test_dbt_project_parses_with_one_staging_model_per_raw_table():
    prepare_manifest()
    manifest = json.loads(dbt_project.manifest_path.read_text())
    models = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    sources = {s["name"] for s in manifest["sources"].values()}
    assert sources == {"storm_incidents", "athena_crimes", "crime_bureau_decisions"}
    assert {f"stg_{s}" for s in sources} <= models
