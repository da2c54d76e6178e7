"""The dbt project, with its manifest prepared so a fresh clone loads without a manual step."""

from __future__ import annotations

from dagster_dbt import DbtCliResource, DbtProject

from pipelines import settings

dbt_project = DbtProject(project_dir=settings.DBT_PROJECT_DIR)


def dbt_cli() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=settings.DBT_EXECUTABLE)


def prepare_manifest() -> None:
    """``dbt parse`` into the target folder; dagster-dbt reads the manifest it writes."""
    dbt_cli().cli(["parse", "--quiet"], target_path=dbt_project.target_path).wait()


if not dbt_project.manifest_path.exists() or dbt_project.preparer.using_dagster_dev():
    prepare_manifest()
